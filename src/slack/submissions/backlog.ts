import type { App, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { BacklogCandidate } from '../../domain/backlog.js';
import { type Workspace, zoneOf } from '../../domain/workspace.js';
import { listCandidates } from '../../store/backlog.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import {
  addCandidate,
  commitCandidate,
  editCandidate,
  linkAgentToCandidate,
  type ManagerChange,
  rejectCandidate,
} from '../../usecases/backlog.js';
import {
  candidateSavedModal,
  readCandidateForm,
  readLinkedAgent,
  readRejectReason,
  readShipOwner,
} from '../../views/backlog/form.js';
import {
  BACKLOG_NOTICE_CALLBACK_ID,
  CANDIDATE_ADD_CALLBACK_ID,
  CANDIDATE_COMMIT_CALLBACK_ID,
  CANDIDATE_EDIT_CALLBACK_ID,
  CANDIDATE_LINK_CALLBACK_ID,
  CANDIDATE_REJECT_CALLBACK_ID,
  LINK_AGENT_BLOCK_ID,
} from '../../views/backlog/ids.js';
import { backlogRefusal } from '../../views/backlog/messages.js';
import { type FormValues, noticeModal } from '../../views/kit.js';
import { escapeMrkdwn, mention } from '../../views/mrkdwn.js';
import type { AppDeps } from '../deps.js';
import { personOf } from '../roles.js';
import { guarded, readSubmission, type Submission, type ViewArgs } from './submission.js';

const GONE = 'That candidate is no longer in the backlog.';
const update = (view: ModalView) => ({ response_action: 'update' as const, view });
const noticeOf = (text: string) => update(noticeModal('Backlog', text, BACKLOG_NOTICE_CALLBACK_ID));

function saved(deps: AppDeps, w: Workspace, title: string, said: string, candidate: BacklogCandidate) {
  return update(
    candidateSavedModal({
      title,
      said,
      candidate,
      all: listCandidates(deps.db, w.teamId),
      view: { currency: w.currency, timeZone: zoneOf(w), now: deps.now() },
    }),
  );
}

const closedText = (c: BacklogCandidate): string =>
  c.status === 'rejected'
    ? `*${escapeMrkdwn(c.process)}* was rejected in the meantime, so nothing was changed.`
    : `*${escapeMrkdwn(c.process)}* has shipped in the meantime, so nothing was changed.`;

async function onAdd({ ack, body }: ViewArgs, deps: AppDeps): Promise<void> {
  const s = readSubmission(body);
  const form = readCandidateForm(s.values);
  if (!form.ok) {
    await ack({ response_action: 'errors', errors: form.errors });
    return;
  }
  const w = ensureWorkspace(deps.db, s.teamId, deps.now());
  const { candidate } = addCandidate(deps.db, deps.now(), {
    ...form.fields,
    teamId: s.teamId,
    proposedBy: s.userId,
    sourceViewId: s.viewId,
  });
  await ack(saved(deps, w, 'Candidate added', 'Added to the backlog.', candidate));
}

type FormResult<T> =
  | ({ readonly ok: true } & T)
  | { readonly ok: false; readonly errors: Record<string, string> };

/**
 * What every portfolio-owner change shares: the form reads cleanly (errors beside the fields otherwise), the
 * person may still change the backlog (a role can change while a modal is open) and the modal names a
 * candidate. Answers the submission itself when any of that fails.
 */
async function managedSubmission<T>(
  args: ViewArgs,
  deps: AppDeps,
  read: (values: FormValues) => FormResult<T>,
): Promise<{ s: Submission; w: Workspace; change: ManagerChange; form: T } | null> {
  const s = readSubmission(args.body);
  const form = read(s.values);
  if (!form.ok) {
    await args.ack({ response_action: 'errors', errors: form.errors });
    return null;
  }
  const w = ensureWorkspace(deps.db, s.teamId, deps.now());
  if (s.recordId === null) {
    await args.ack(noticeOf(GONE));
    return null;
  }
  const actor = await personOf(args.client, deps, s.userId);
  return { s, w, change: { teamId: s.teamId, candidateId: s.recordId, actor }, form };
}

/** A change the use case refused: who may make it, or that the candidate is gone. */
const refusedText = (result: { kind: 'not_allowed' | 'not_found' }, w: Workspace): string =>
  result.kind === 'not_allowed' ? backlogRefusal(w) : GONE;

async function onEdit(args: ViewArgs, deps: AppDeps): Promise<void> {
  const found = await managedSubmission(args, deps, readCandidateForm);
  if (!found) return;
  const { w, change, form } = found;
  const result = editCandidate(deps.db, deps.now(), { ...change, fields: form.fields });
  if (result.kind === 'not_found' || result.kind === 'not_allowed')
    await args.ack(noticeOf(refusedText(result, w)));
  else if (result.kind === 'closed') await args.ack(noticeOf(closedText(result.candidate)));
  else {
    const said = result.changed.length === 0 ? 'Nothing changed.' : 'Saved.';
    await args.ack(saved(deps, w, 'Candidate saved', said, result.candidate));
  }
}

async function onReject(args: ViewArgs, deps: AppDeps): Promise<void> {
  const found = await managedSubmission(args, deps, readRejectReason);
  if (!found) return;
  const { s, w, change, form } = found;
  const result = rejectCandidate(deps.db, deps.now(), { ...change, reason: form.reason });
  if (result.kind === 'not_found' || result.kind === 'not_allowed')
    await args.ack(noticeOf(refusedText(result, w)));
  // A retried submission finds it rejected already: that is the answer it wanted.
  else if (result.candidate.status === 'rejected' && result.candidate.rejectedBy === s.userId)
    await args.ack(
      saved(deps, w, 'Candidate rejected', 'Rejected. The reason is kept with it.', result.candidate),
    );
  else await args.ack(noticeOf(closedText(result.candidate)));
}

async function onCommit(args: ViewArgs, deps: AppDeps): Promise<void> {
  const found = await managedSubmission(args, deps, readShipOwner);
  if (!found) return;
  const { s, w, change, form } = found;
  const result = commitCandidate(deps.db, deps.now(), { ...change, shipOwnerId: form.ownerId });
  if (result.kind === 'not_found' || result.kind === 'not_allowed') {
    await args.ack(noticeOf(refusedText(result, w)));
    return;
  }
  const c = result.candidate;
  if (result.kind === 'committed' || (c.status === 'committed' && c.committedBy === s.userId)) {
    const said = `Committed. ${mention(form.ownerId)} ships it; the clock has started.`;
    await args.ack(saved(deps, w, 'Committed', said, c));
  } else if (c.status === 'committed') {
    await args.ack(
      noticeOf(`*${escapeMrkdwn(c.process)}* was already committed by ${mention(c.committedBy ?? '')}.`),
    );
  } else await args.ack(noticeOf(closedText(c)));
}

async function onLink(args: ViewArgs, deps: AppDeps): Promise<void> {
  const found = await managedSubmission(args, deps, readLinkedAgent);
  if (!found) return;
  const { w, change, form } = found;
  const result = linkAgentToCandidate(deps.db, deps.now(), { ...change, agentId: form.agentId });
  switch (result.kind) {
    case 'not_allowed':
      await args.ack(noticeOf(backlogRefusal(w)));
      return;
    case 'not_found':
      await args.ack(noticeOf('That candidate or agent is no longer there.'));
      return;
    case 'agent_taken':
      await args.ack({
        response_action: 'errors',
        errors: { [LINK_AGENT_BLOCK_ID]: 'That agent is already linked to another candidate.' },
      });
      return;
    case 'not_committed':
      await args.ack(
        noticeOf(
          result.candidate.agent
            ? `*${escapeMrkdwn(result.candidate.process)}* is already linked to *${escapeMrkdwn(result.candidate.agent.name)}*.`
            : closedText(result.candidate),
        ),
      );
      return;
    case 'linked': {
      const c = result.candidate;
      const said =
        c.status === 'shipped'
          ? 'Linked. Its agent has already passed the production gate, so the commitment is met.'
          : 'Linked. When its agent passes the production gate, the commitment is met.';
      await args.ack(saved(deps, w, 'Agent linked', said, c));
      return;
    }
  }
}

export function registerBacklogViews(app: App, deps: AppDeps): void {
  app.view<ViewSubmitAction>(CANDIDATE_ADD_CALLBACK_ID, guarded(deps, onAdd));
  app.view<ViewSubmitAction>(CANDIDATE_EDIT_CALLBACK_ID, guarded(deps, onEdit));
  app.view<ViewSubmitAction>(CANDIDATE_REJECT_CALLBACK_ID, guarded(deps, onReject));
  app.view<ViewSubmitAction>(CANDIDATE_COMMIT_CALLBACK_ID, guarded(deps, onCommit));
  app.view<ViewSubmitAction>(CANDIDATE_LINK_CALLBACK_ID, guarded(deps, onLink));
}
