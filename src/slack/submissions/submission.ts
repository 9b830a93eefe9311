import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { type FormValues, noticeModal, readRecordMetadata } from '../../views/kit.js';
import { isSlackBusy } from '../deadline.js';
import type { AppDeps } from '../deps.js';

export type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** Every kind of answer this app's inputs give, as Slack puts it in view.state.values. */
const inputState = z.looseObject({
  value: z.string().nullish(),
  selected_user: z.string().nullish(),
  selected_users: z.array(z.string()).nullish(),
  selected_conversation: z.string().nullish(),
  selected_time: z.string().nullish(),
  selected_date: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
});

const submissionBody = z.object({
  team: z.object({ id: z.string().min(1) }).nullable(),
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  view: z.object({
    id: z.string().min(1),
    private_metadata: z.string(),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), inputState)) }),
  }),
});

/** A submitted modal as the handlers need it. */
export interface Submission {
  readonly teamId: string;
  readonly userId: string;
  readonly viewId: string;
  readonly values: FormValues;
  /** The record the modal is about (an agent, review or candidate id), from its private metadata. */
  readonly recordId: number | null;
  readonly privateMetadata: string;
}

export function readSubmission(body: unknown): Submission {
  const b = submissionBody.parse(body);
  // An org-wide install sends team null; the user's team is then the workspace.
  const teamId = b.team?.id ?? b.user.team_id;
  if (!teamId) throw new Error('A view submission without a team');
  return {
    teamId,
    userId: b.user.id,
    viewId: b.view.id,
    values: b.view.state.values,
    recordId: readRecordMetadata(b.view.private_metadata),
    privateMetadata: b.view.private_metadata,
  };
}

/** Swaps the modal for a short explanation: used when the submission can no longer go through. */
export const notice = (title: string, text: string) => ({
  response_action: 'update' as const,
  view: noticeModal(title, text),
});

const BUSY = 'Slack is having trouble right now, so nothing was saved yet. Submit again in a moment.';
const FAILED = 'Something went wrong on our side, so nothing was saved. Submit again in a moment.';

/** The first input of the submitted modal: an error shown there keeps everything the person typed. */
function firstInputBlockId(body: unknown): string | undefined {
  const blocks = (body as { view?: { blocks?: { type?: string; block_id?: string }[] } }).view?.blocks ?? [];
  return blocks.find((b) => b.type === 'input' && b.block_id)?.block_id;
}

/**
 * Every submission is acknowledged within Slack's 3 seconds, even when its handler fails (a slow or
 * rate-limited Slack lookup, say): the modal stays open with what was typed and a line saying why.
 */
export function guarded(deps: AppDeps, handler: (args: ViewArgs, deps: AppDeps) => Promise<void>) {
  return async (args: ViewArgs): Promise<void> => {
    let acked = false;
    const ack: ViewArgs['ack'] = async (response) => {
      acked = true;
      await args.ack(response);
    };
    try {
      await handler({ ...args, ack }, deps);
    } catch (error) {
      deps.logger.error(`Submission of ${args.view.callback_id} failed`, error);
      if (acked) return;
      const text = isSlackBusy(error) ? BUSY : FAILED;
      const blockId = firstInputBlockId(args.body);
      await args.ack(blockId ? { response_action: 'errors', errors: { [blockId]: text } } : undefined);
    }
  };
}
