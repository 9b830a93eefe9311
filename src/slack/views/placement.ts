import { type Answers, place } from '../../domain/placement.js';
import { placementEvidence } from '../../store/evidence.js';
import { savePlacement } from '../../store/placements.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { monitoredAgents } from '../../usecases/feeds.js';
import { placementResultModal, questionBlockId, readAnswers } from '../blocks/placement.js';
import type { AppDeps } from '../deps.js';
import { publishHome } from '../home.js';
import { readSubmission, type ViewArgs } from './submission.js';

export async function onPlacementSubmitted({ ack, body, client }: ViewArgs, deps: AppDeps): Promise<void> {
  const parsed = readSubmission(body);
  const { answers, missing } = readAnswers(parsed.values);
  if (missing.length > 0) {
    await ack({
      response_action: 'errors',
      errors: Object.fromEntries(missing.map((id) => [questionBlockId(id), 'Pick yes or no.'])),
    });
    return;
  }
  const complete = answers as Answers;
  const { teamId } = parsed;
  const now = deps.now();
  const stored = deps.db
    .transaction(() => {
      ensureWorkspace(deps.db, teamId, now);
      const evidence = {
        ...placementEvidence(deps.db, teamId),
        monitoredAgents: monitoredAgents(deps.db, now, teamId),
      };
      return savePlacement(deps.db, {
        teamId,
        userId: parsed.userId,
        at: now,
        answers: complete,
        evidence,
        placement: place(complete, evidence),
        sourceViewId: parsed.viewId,
      });
    })
    .immediate();
  await ack({ response_action: 'update', view: placementResultModal(stored.placement) });
  if (stored.created) await publishHome(client, deps, teamId, parsed.userId);
}
