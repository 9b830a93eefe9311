import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { type Answers, place } from '../../domain/placement.js';
import { placementEvidence } from '../../store/evidence.js';
import { savePlacement } from '../../store/placements.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { placementResultModal, questionBlockId, readAnswers } from '../blocks/placement.js';
import type { AppDeps } from '../deps.js';
import { publishHome } from '../home.js';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const radioState = z.looseObject({ selected_option: z.object({ value: z.string() }).nullish() });

const submission = z.object({
  team: z.object({ id: z.string().min(1) }),
  user: z.object({ id: z.string().min(1) }),
  view: z.object({
    id: z.string().min(1),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), radioState)) }),
  }),
});

export async function onPlacementSubmitted({ ack, body, client }: ViewArgs, deps: AppDeps): Promise<void> {
  const parsed = submission.parse(body);
  const { answers, missing } = readAnswers(parsed.view.state.values);
  if (missing.length > 0) {
    await ack({
      response_action: 'errors',
      errors: Object.fromEntries(missing.map((id) => [questionBlockId(id), 'Pick yes or no.'])),
    });
    return;
  }
  const complete = answers as Answers;
  const teamId = parsed.team.id;
  const now = deps.now();
  const stored = deps.db.transaction(() => {
    ensureWorkspace(deps.db, teamId, now);
    const evidence = placementEvidence(deps.db, teamId);
    return savePlacement(deps.db, {
      teamId,
      userId: parsed.user.id,
      at: now,
      answers: complete,
      evidence,
      placement: place(complete, evidence),
      sourceViewId: parsed.view.id,
    });
  })();
  await ack({ response_action: 'update', view: placementResultModal(stored.placement) });
  if (stored.created) await publishHome(client, deps, teamId, parsed.user.id);
}
