import { shipsInWeeksEvidence } from '../domain/agents.js';
import { monthLabel } from '../domain/calendar.js';
import type { Evidence } from '../domain/placement.js';
import { cached, type Db } from './db.js';
import { latestValueReview } from './reports.js';

interface AgentFacts {
  category: string;
  status: string;
  registered_at: string;
  gate_passed_at: string | null;
  owner_left_at: string | null;
}

/** The last posted value review answers "does every running agent report?": all it asked did, or how many did not. */
function everyAgentReports(db: Db, teamId: string): Evidence['everyAgentReports'] {
  const review = latestValueReview(db, teamId);
  if (!review || review.expected === 0) return { value: 'unknown' };
  const missing = review.expected - review.reported;
  return {
    value: missing === 0 ? 'yes' : 'no',
    missing,
    expected: review.expected,
    period: monthLabel(review.month),
  };
}

/** What the app's own records say about the placement questions they can check. */
export function placementEvidence(db: Db, teamId: string): Evidence {
  const agents = cached(
    db,
    'SELECT category, status, registered_at, gate_passed_at, owner_left_at FROM agents WHERE team_id = ?',
  ).all(teamId) as AgentFacts[];
  const current = agents.filter((a) => a.status !== 'retired');
  const passedGate = current.filter(
    (a) => (a.status === 'production' || a.status === 'scaling') && a.gate_passed_at,
  );
  // An agent whose owner left the workspace has no named owner until it is handed over: it does not
  // count as an agent in production, though it still proves the office side can ship one.
  const inProduction = passedGate.filter((a) => a.owner_left_at === null);
  return {
    productionAgents: inProduction.length,
    ownerlessProductionAgents: passedGate.length - inProduction.length,
    officeSideInProduction: passedGate.some((a) => a.category === 'office'),
    lineOrProductAgents: current.filter((a) => a.category === 'line' || a.category === 'product').length,
    // Retired agents still show how fast the plumbing let them ship.
    shipsInWeeks: shipsInWeeksEvidence(
      agents.map((a) => ({
        registeredAt: new Date(a.registered_at),
        gatePassedAt: a.gate_passed_at ? new Date(a.gate_passed_at) : null,
      })),
    ),
    everyAgentReports: everyAgentReports(db, teamId),
  };
}
