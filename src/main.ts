import { type RunningBot, startBot } from './bot.js';
import { ConfigError, loadConfig } from './config.js';

/** A setting the operator must fix (missing, malformed, or refused by Slack): said in a sentence, exit code 1. */
async function orExit<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

let bot: RunningBot | undefined;
let stopping = false;
/** A signal stops cleanly with code 0; a refused token (`problem`) stops the same way, saying why, with code 1. */
async function shutdown(reason: string, problem?: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  const log = bot?.app.logger;
  if (problem) (log ?? console).error(problem);
  else log?.info(`${reason} received, shutting down`);
  await bot?.stop();
  process.exit(problem ? 1 : 0);
}

process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

const config = await orExit(loadConfig);
bot = await orExit(() =>
  startBot(config, { onFatal: (problem) => void shutdown('A refused token', problem) }),
);
bot.app.logger.info(
  config.mode.kind === 'socket'
    ? `maturity-bot is running in Socket Mode (health check on port ${bot.port})`
    : `maturity-bot is listening on port ${bot.port} (POST /slack/events, GET /healthz)`,
);
