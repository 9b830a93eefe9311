import { announcementsCheck } from './announcements.js';
import { backlogReminders } from './backlog-reminders.js';
import type { DueCheck } from './checks.js';
import { feedWatch } from './feed-watch.js';
import type { RitualJob } from './job.js';
import { killOrScaleJob } from './kill-or-scale.js';
import { valueReviewJob } from './value-review.js';

/** Every scheduled ritual the app runs, in the order a heartbeat advances them. */
export const RITUALS: readonly RitualJob[] = [valueReviewJob, killOrScaleJob];

/**
 * Due checks: work that falls due on any day rather than once a period (see checks.ts). Run after the rituals;
 * announcements a kick could not send go first.
 */
export const CHECKS: readonly DueCheck[] = [announcementsCheck, backlogReminders, feedWatch];
