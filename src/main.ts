import { startBot } from './bot.js';
import { ConfigError, loadConfig } from './config.js';

function readConfigOrExit() {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

const config = readConfigOrExit();
const bot = await startBot(config);
bot.app.logger.info(
  config.mode.kind === 'socket'
    ? `maturity-bot is running in Socket Mode (health check on port ${bot.port})`
    : `maturity-bot is listening on port ${bot.port} (POST /slack/events, GET /healthz)`,
);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  bot.app.logger.info(`${signal} received, shutting down`);
  await bot.stop();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
