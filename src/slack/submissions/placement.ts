import type { Answers } from '../../domain/placement.js';
import { placeOperation } from '../../usecases/placement.js';
import { placementResultModal } from '../../views/placement/detail.js';
import { readAnswers } from '../../views/placement/form.js';
import { questionBlockId } from '../../views/placement/ids.js';
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
  const stored = placeOperation(deps.db, deps.now(), {
    teamId,
    userId: parsed.userId,
    answers: complete,
    sourceViewId: parsed.viewId,
  });
  await ack({ response_action: 'update', view: placementResultModal(stored.placement, stored.timeZone) });
  if (stored.created) await publishHome(client, deps, teamId, parsed.userId);
}
