/**
 * The real app as `npm start` runs it (HTTP mode, configured from the environment), with its clock fixed at the
 * instant given as the first argument and no ritual heartbeat: the bench measures listeners, and a ritual
 * prompting 500 owners in the middle of a measurement would measure that instead.
 */
import { startBot } from '../src/bot.js';
import { loadEnv, parseConfig } from '../src/config.js';

const at = new Date(process.argv[2] ?? Number.NaN);
if (Number.isNaN(at.getTime())) throw new Error('Usage: app-at.ts <ISO instant>');
const bot = await startBot(parseConfig(loadEnv()), { now: () => new Date(at), heartbeat: false });
process.on('SIGTERM', () => {
  void bot.stop().then(() => process.exit(0));
});
