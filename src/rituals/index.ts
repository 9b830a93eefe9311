import type { RitualJob } from './job.js';
import { killOrScaleJob } from './kill-or-scale.js';
import { valueReviewJob } from './value-review.js';

/** Every scheduled ritual the app runs, in the order a heartbeat advances them. */
export const RITUALS: readonly RitualJob[] = [valueReviewJob, killOrScaleJob];
