// The portfolio summary: what `/maturity summary` and a posted summary show, read from the records at `now`.

import { rankBacklog } from '../domain/backlog.js';
import { monthsOfQuarter, periodOf, previousPeriod } from '../domain/calendar.js';
import { firstProductionMonth } from '../domain/judged-months.js';
import { reuseReport, shippedAgents } from '../domain/reuse.js';
import { type Workspace, zoneOf } from '../domain/workspace.js';
import { listAgents } from '../store/agents.js';
import { listCandidates } from '../store/backlog.js';
import type { Db } from '../store/db.js';
import { placementEvidence } from '../store/evidence.js';
import { agentNumbers, lastVote } from '../store/governance.js';
import { latestPlacement } from '../store/placements.js';
import { monthComplete } from './judged-months.js';

/**
 * The quarter that last ended in the workspace's zone, the last vote, the ranked backlog and the reuse trend. The
 * quarter counts only its complete months (review posted, or its posting day passed) from the first month an agent
 * was in production.
 */
// The return type is the view's Summary, checked where it is rendered; views sit above use cases.
export function portfolioSummary(db: Db, now: Date, w: Workspace) {
  const zone = zoneOf(w);
  const quarter = previousPeriod(periodOf('quarterly', now, zone));
  const first = firstProductionMonth(listAgents(db, w.teamId), zone);
  const months = monthsOfQuarter(quarter).filter(
    (month) => first !== null && month >= first && monthComplete(db, w, month, now),
  );
  return {
    now,
    timeZone: zone,
    currency: w.currency,
    placement: latestPlacement(db, w.teamId),
    evidence: placementEvidence(db, w.teamId),
    quarter: { quarter, months, agents: agentNumbers(db, w.teamId, months) },
    lastVote: lastVote(db, w.teamId),
    backlog: rankBacklog(listCandidates(db, w.teamId)),
    reuse: reuseReport(shippedAgents(listAgents(db, w.teamId))),
  };
}
