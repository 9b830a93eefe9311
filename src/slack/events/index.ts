import type { App } from '@slack/bolt';
import type { AppDeps } from '../deps.js';
import { publishHome } from '../home.js';
import { registerUserEvents } from './users.js';

export function registerEvents(app: App, deps: AppDeps): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    await publishHome(client, deps, body.team_id, event.user);
  });
  registerUserEvents(app, deps);
}
