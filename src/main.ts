import { botLogger, startBot } from './bot.js';
import { ConfigError, loadEnv, logConfigOrDefault, parseConfig } from './config.js';
import { createLogger, logEvent } from './logging.js';
import { StartupError } from './slack/connection.js';
import { DatabaseOpenError } from './store/db.js';

const env = loadEnv();

/** Every configuration problem at once, one line each naming its variable, then exit 1. */
function readConfigOrExit() {
  try {
    return parseConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const logger = createLogger(logConfigOrDefault(env), { to: process.stdout });
    for (const { variable, problem } of error.problems) {
      logEvent(logger, 'error', 'config.problem', { variable }, `${variable} ${problem}`);
    }
    logger.error(
      `maturity-bot cannot start: ${error.problems.length} configuration problem(s), listed above.`,
    );
    process.exit(1);
  }
}

const config = readConfigOrExit();
const logger = botLogger(config);

/** A failure the operator can fix, said as a sentence naming what to change; anything else is a bug. */
function startupProblem(error: unknown): string | undefined {
  if (error instanceof DatabaseOpenError)
    return `DATABASE_PATH ${error.path} cannot be opened: ${error.reason}`;
  if (error instanceof StartupError) return error.message;
  return undefined;
}

const bot = await startBot(config, { logger }).catch((error: unknown) => {
  const problem = startupProblem(error);
  if (problem === undefined) throw error;
  logEvent(logger, 'error', 'startup.failed', {}, `maturity-bot cannot start: ${problem}`);
  process.exit(1);
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info(`${signal} received, shutting down`);
  await bot.stop();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
