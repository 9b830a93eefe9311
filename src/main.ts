import type { Logger } from '@slack/bolt';
import { botLogger, type RunningBot, startBot } from './bot.js';
import { type Config, ConfigError, loadEnv, logConfigOrDefault, parseConfig } from './config.js';
import { createLogger, logEvent } from './logging.js';
import { DatabaseOpenError } from './store/db.js';

const env = loadEnv();

/**
 * A setting the operator must fix (missing, malformed, refused by Slack, a database that cannot be opened):
 * one line each naming the variable, then exit code 1. Anything else is a bug and keeps its stack trace.
 */
function exitOnProblem(error: unknown, logger: Logger): never {
  if (error instanceof ConfigError) {
    for (const { variable, problem } of error.problems)
      logEvent(logger, 'error', 'config.problem', { variable }, `${variable} ${problem}`);
    logger.error(
      `maturity-bot cannot start: ${error.problems.length} configuration problem(s), listed above.`,
    );
    process.exit(1);
  }
  if (error instanceof DatabaseOpenError) {
    logEvent(
      logger,
      'error',
      'startup.failed',
      { variable: 'DATABASE_PATH' },
      `maturity-bot cannot start: DATABASE_PATH ${error.path} cannot be opened: ${error.reason}`,
    );
    process.exit(1);
  }
  throw error;
}

function readConfig(): Config {
  try {
    return parseConfig(env);
  } catch (error) {
    return exitOnProblem(error, createLogger(logConfigOrDefault(env), { to: process.stdout }));
  }
}

const config = readConfig();
const logger = botLogger(config);

let bot: RunningBot | undefined;
let stopping = false;
/** A signal stops cleanly with code 0; a refused token (`problem`) stops the same way, saying why, with code 1. */
async function shutdown(reason: string, problem?: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (problem) logEvent(logger, 'error', 'token.refused', {}, problem);
  else logger.info(`${reason} received, shutting down`);
  await bot?.stop();
  process.exit(problem ? 1 : 0);
}

process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

bot = await startBot(config, {
  logger,
  onFatal: (problem) => void shutdown('A refused token', problem),
}).catch((error: unknown) => exitOnProblem(error, logger));
