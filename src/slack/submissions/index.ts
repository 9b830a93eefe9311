import type { App, ViewSubmitAction } from '@slack/bolt';
import { PLACEMENT_CALLBACK_ID } from '../../views/placement/ids.js';
import type { AppDeps } from '../deps.js';
import { registerAgentViews } from './agents.js';
import { registerBacklogViews } from './backlog.js';
import { registerCalendarViews } from './calendar.js';
import { registerFeedViews } from './feeds.js';
import { registerGateViews } from './gate.js';
import { onPlacementSubmitted } from './placement.js';
import { registerSettingsViews } from './settings.js';
import { guarded } from './submission.js';
import { registerSummaryViews } from './summary.js';
import { registerValueReviewViews } from './value-review.js';
import { registerVoteViews } from './votes.js';

export function registerSubmissions(app: App, deps: AppDeps): void {
  app.view<ViewSubmitAction>(PLACEMENT_CALLBACK_ID, guarded(deps, onPlacementSubmitted));
  registerSettingsViews(app, deps);
  registerAgentViews(app, deps);
  registerGateViews(app, deps);
  registerValueReviewViews(app, deps);
  registerVoteViews(app, deps);
  registerBacklogViews(app, deps);
  registerSummaryViews(app, deps);
  registerFeedViews(app, deps);
  registerCalendarViews(app, deps);
}
