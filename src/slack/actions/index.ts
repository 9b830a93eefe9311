import type { App } from '@slack/bolt';
import { placementModal } from '../../views/placement/form.js';
import { PLACE_AGAIN_ACTION_ID } from '../../views/placement/ids.js';
import type { AppDeps } from '../deps.js';
import { registerAgentActions } from './agents.js';
import { registerBacklogActions } from './backlog.js';
import { registerCalendarActions } from './calendar.js';
import { registerFeedActions } from './feeds.js';
import { registerGateActions } from './gate.js';
import { registerSummaryActions } from './summary.js';
import { registerValueReviewActions } from './value-review.js';
import { registerVoteActions } from './votes.js';

export function registerActions(app: App, deps: AppDeps): void {
  registerAgentActions(app, deps);
  registerGateActions(app, deps);
  registerValueReviewActions(app, deps);
  registerVoteActions(app, deps);
  registerBacklogActions(app, deps);
  registerSummaryActions(app, deps);
  registerFeedActions(app, deps);
  registerCalendarActions(app, deps);
  app.action(PLACE_AGAIN_ACTION_ID, async ({ ack, body, client }) => {
    await ack();
    if ('trigger_id' in body && body.trigger_id) {
      await client.views.open({ trigger_id: body.trigger_id, view: placementModal() });
    }
  });
}
