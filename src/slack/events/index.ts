import type { App } from '@slack/bolt';
import type { AppDeps } from '../deps.js';
import { adoptAdminTimeZone, publishHome } from '../home.js';
import { registerUserEvents } from './users.js';

export function registerEvents(app: App, deps: AppDeps): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    await adoptAdminTimeZone(client, deps, body.team_id, event.user);
    await publishHome(client, deps, body.team_id, event.user);
  });
  registerUserEvents(app, deps);
}
