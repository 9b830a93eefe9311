import type { App, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { isPeriodKey, parseTimeOfDay } from '../../domain/calendar.js';
import { type ParseResult, parseDollars, parsePercent } from '../../domain/money.js';
import { reportingRole } from '../../domain/roles.js';
import { REVIEW_SETTING_LIMITS } from '../../domain/value-review.js';
import { reviewAgent } from '../../store/reports.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { delegatedOwners } from '../../usecases/calendar.js';
import { saveReport, saveReviewSettings } from '../../usecases/value-review.js';
import { noticeModal, textAnswer, timeAnswer } from '../../views/kit.js';
import {
  REPORT_AGENT_ACTION_ID,
  REPORT_AGENT_BLOCK_ID,
  REPORT_AMOUNT_BLOCK_ID,
  REPORT_CALLBACK_ID,
  REPORT_EVIDENCE_BLOCK_ID,
  REPORT_HANDOFF_BLOCK_ID,
  REPORT_NOTE_BLOCK_ID,
  REVIEW_SETTINGS_CALLBACK_ID,
  reportInputBlockId,
  reportSavedModal,
  reviewSettingsSavedModal,
  SETTINGS_BELOW_BLOCK_ID,
  SETTINGS_DROP_BLOCK_ID,
  SETTINGS_TIME_BLOCK_ID,
} from '../../views/value-review/form.js';
import type { AppDeps } from '../deps.js';
import { publishHome } from '../home.js';
import { runsWorkspace } from '../roles.js';
import { guarded, readSubmission, type ViewArgs } from './submission.js';

const metadata = z.object({
  month: z.string().refine(isPeriodKey),
  agentId: z.number().int().nullable(),
  pickedId: z.number().int().nullable().default(null),
  feedCents: z.number().int().nullable().default(null),
});

const NOTE_MAX = 1000;

/** Blank is fine; anything typed must be a web link, since it is shown as one. */
function parseEvidenceLink(input: string): ParseResult<string | null> {
  if (input === '') return { ok: true, value: null };
  const url = URL.canParse(input) ? new URL(input) : null;
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    return { ok: false, message: 'Paste a web link starting with https://, or leave it empty.' };
  }
  return { ok: true, value: url.toString() };
}

function optional<T>(input: string, parse: (s: string) => ParseResult<T>): ParseResult<T | null> {
  return input === '' ? { ok: true, value: null } : parse(input);
}

async function onReportSubmitted({ ack, body, client }: ViewArgs, deps: AppDeps): Promise<void> {
  const parsed = readSubmission(body);
  const {
    month,
    agentId: fixedAgentId,
    pickedId,
    feedCents,
  } = metadata.parse(JSON.parse(parsed.privateMetadata));
  const values = parsed.values;
  const userId = parsed.userId;
  const w = ensureWorkspace(deps.db, parsed.teamId, deps.now());
  const blockId = (id: string) => reportInputBlockId(id, pickedId);

  const pickedAgent = Number(values[REPORT_AGENT_BLOCK_ID]?.[REPORT_AGENT_ACTION_ID]?.selected_option?.value);
  const agentId = fixedAgentId ?? (Number.isInteger(pickedAgent) ? pickedAgent : null);
  const agent = agentId === null ? undefined : reviewAgent(deps.db, w.teamId, agentId);
  const amount = parseDollars(textAnswer(values, blockId(REPORT_AMOUNT_BLOCK_ID)));
  const evidence = parseEvidenceLink(textAnswer(values, blockId(REPORT_EVIDENCE_BLOCK_ID)));
  const handoff = optional(textAnswer(values, blockId(REPORT_HANDOFF_BLOCK_ID)), parsePercent);
  const standingInFor = delegatedOwners(deps.db, w, userId, deps.now());
  const role = agent ? reportingRole(userId, agent, w.portfolioOwnerId, standingInFor) : null;

  const errors: Record<string, string> = {};
  if (!agent) errors[REPORT_AGENT_BLOCK_ID] = 'Pick the agent this number is for.';
  else if (role === null) {
    errors[fixedAgentId === null ? REPORT_AGENT_BLOCK_ID : blockId(REPORT_AMOUNT_BLOCK_ID)] =
      "Only the agent's owner, or the portfolio owner or their delegate on their behalf, can report its number.";
  }
  if (!amount.ok) errors[blockId(REPORT_AMOUNT_BLOCK_ID)] = `Dollar number: ${amount.message}`;
  if (!evidence.ok) errors[blockId(REPORT_EVIDENCE_BLOCK_ID)] = `Evidence link: ${evidence.message}`;
  if (!handoff.ok)
    errors[blockId(REPORT_HANDOFF_BLOCK_ID)] = `Share of cases handed to a person: ${handoff.message}`;
  if (!agent || role === null || !amount.ok || !evidence.ok || !handoff.ok) {
    await ack({ response_action: 'errors', errors });
    return;
  }

  const note = textAnswer(values, blockId(REPORT_NOTE_BLOCK_ID)).slice(0, NOTE_MAX);
  const onBehalfOf = role === 'owner' ? null : agent.ownerId;
  const saved = saveReport(deps.db, deps.now(), {
    teamId: w.teamId,
    agentId: agent.id,
    month,
    amountCents: amount.value,
    note: note === '' ? null : note,
    evidenceUrl: evidence.value,
    handoffPercent: handoff.value,
    // The feed's number is for the agent the form was filled in for; another one picked since has none here.
    feedCents: agent.id === (fixedAgentId ?? pickedId) ? feedCents : null,
    actorId: userId,
    onBehalfOf,
    sourceViewId: parsed.viewId,
  });
  await ack({
    response_action: 'update',
    view: reportSavedModal({
      agentName: agent.name,
      month,
      report: saved.report,
      outcome: saved.outcome,
      onBehalfOf: saved.report.onBehalfOf,
      currency: w.currency,
    }),
  });
  if (saved.outcome !== 'repeat') await publishHome(client, deps, w.teamId, userId);
}

function parseWhole(input: string, { min, max }: { min: number; max: number }): ParseResult<number> {
  const n = Number(input.replace(/%$/, '').trim());
  return Number.isInteger(n) && n >= min && n <= max && input.trim() !== ''
    ? { ok: true, value: n }
    : { ok: false, message: `Type a whole number from ${min} to ${max}.` };
}

async function onSettingsSubmitted({ ack, body, client }: ViewArgs, deps: AppDeps): Promise<void> {
  const parsed = readSubmission(body);
  const values = parsed.values;
  const w = ensureWorkspace(deps.db, parsed.teamId, deps.now());
  if (!(await runsWorkspace(client, deps, w.teamId, parsed.userId))) {
    await ack({
      response_action: 'update',
      view: noticeModal(
        'Review settings',
        'Only workspace admins and the portfolio owner can change these settings.',
      ),
    });
    return;
  }
  const time = timeAnswer(values, SETTINGS_TIME_BLOCK_ID) ?? '';
  const drop = parseWhole(textAnswer(values, SETTINGS_DROP_BLOCK_ID), REVIEW_SETTING_LIMITS.dropPercent);
  const below = parseWhole(
    textAnswer(values, SETTINGS_BELOW_BLOCK_ID),
    REVIEW_SETTING_LIMITS.belowTargetMonths,
  );
  const timeOfDay = parseTimeOfDay(time);
  const errors: Record<string, string> = {};
  if (!timeOfDay) errors[SETTINGS_TIME_BLOCK_ID] = 'Pick a time of day.';
  if (!drop.ok) errors[SETTINGS_DROP_BLOCK_ID] = drop.message;
  if (!below.ok) errors[SETTINGS_BELOW_BLOCK_ID] = below.message;
  if (!timeOfDay || !drop.ok || !below.ok) {
    await ack({ response_action: 'errors', errors });
    return;
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  const saved = saveReviewSettings(deps.db, deps.now(), {
    teamId: w.teamId,
    actorId: parsed.userId,
    settings: {
      time: `${pad(timeOfDay.hour)}:${pad(timeOfDay.minute)}`,
      dropPercent: drop.value,
      belowTargetMonths: below.value,
    },
  });
  await ack({ response_action: 'update', view: reviewSettingsSavedModal(saved) });
  await publishHome(client, deps, w.teamId, parsed.userId);
}

export function registerValueReviewViews(app: App, deps: AppDeps): void {
  app.view<ViewSubmitAction>(REPORT_CALLBACK_ID, guarded(deps, onReportSubmitted));
  app.view<ViewSubmitAction>(REVIEW_SETTINGS_CALLBACK_ID, guarded(deps, onSettingsSubmitted));
}
