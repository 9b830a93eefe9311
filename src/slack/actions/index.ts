import type { App } from '@slack/bolt';
import { PLACE_AGAIN_ACTION_ID, placementModal } from '../blocks/placement.js';
import type { AppDeps } from '../deps.js';

export function registerActions(app: App, _deps: AppDeps): void {
  app.action(PLACE_AGAIN_ACTION_ID, async ({ ack, body, client }) => {
    await ack();
    if ('trigger_id' in body && body.trigger_id) {
      await client.views.open({ trigger_id: body.trigger_id, view: placementModal() });
    }
  });
}
