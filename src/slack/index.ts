import type { App } from '@slack/bolt';
import { registerActions } from './actions/index.js';
import { registerCommands } from './commands/index.js';
import type { AppDeps } from './deps.js';
import { registerEvents } from './events/index.js';
import { registerSubmissions } from './submissions/index.js';

export function registerListeners(app: App, deps: AppDeps): void {
  registerCommands(app, deps);
  registerActions(app, deps);
  registerSubmissions(app, deps);
  registerEvents(app, deps);
  app.error(async (error) => {
    deps.logger.error('Unhandled error in a listener', error);
  });
}
