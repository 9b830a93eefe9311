// One agent in detail: its fields, its gate reviews and its history, with what the viewer may do.

import type { KnownBlock, ModalView } from '@slack/types';
import {
  type Agent,
  type AgentFields,
  type AgentStatus,
  CATEGORY_LABELS,
  STATUS_LABELS,
} from '../../domain/agents.js';
import type { AuditRow } from '../../domain/audit.js';
import type { GateReview, GateReviewState } from '../../domain/gate.js';
import { FEED_OPEN_ACTION_ID } from '../feeds/token.js';
import { GATE_OPEN_ACTION_ID } from '../gate/ids.js';
import { actions, type ButtonSpec, context, header, md, modal, recordMetadata, section } from '../kit.js';
import { escapeMrkdwn, formatDate, formatMoney, formatPercent, mention } from '../mrkdwn.js';
import {
  AGENT_DETAILS_CALLBACK_ID,
  AGENT_EDIT_ACTION_ID,
  AGENT_HAND_OVER_ACTION_ID,
  AGENT_RETIRE_ACTION_ID,
  AGENT_START_PILOT_ACTION_ID,
  SKIPPING_STEPS_BLOCK_ID,
} from './ids.js';
import { ownerText, systemText, targetLabel } from './text.js';

const FIELD_LABELS: Record<keyof AgentFields, string> = {
  name: 'name',
  workflow: 'workflow',
  category: 'category',
  systemOfRecord: 'system of record',
  systemName: 'system name',
  metric: 'dollar metric',
  monthlyTargetCents: 'monthly target',
  confidenceThreshold: 'confidence threshold',
  buildCostCents: 'build cost',
};

function isRecordObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const textField = (value: unknown, key: string): string | undefined => {
  const field = isRecordObject(value) ? value[key] : undefined;
  return typeof field === 'string' ? field : undefined;
};

const statusLabel = (value: string | undefined): string =>
  value && value in STATUS_LABELS ? STATUS_LABELS[value as AgentStatus] : (value ?? 'unknown');

const actorText = (actorId: string): string => (/^[UW][A-Z0-9]+$/.test(actorId) ? mention(actorId) : 'Slack');

/** One line of an agent's history, read from its audit row. */
export function historyLine(row: AuditRow, timeZone: string): string {
  const who = actorText(row.actorId);
  const when = formatDate(new Date(row.at), timeZone);
  const reason = textField(row.after, 'reason');
  const because = reason ? `: "${escapeMrkdwn(reason)}"` : '';
  let what: string;
  switch (row.action) {
    case 'register':
      what = `${who} registered it as ${statusLabel(textField(row.after, 'status')).toLowerCase()}`;
      break;
    case 'edit': {
      const keys = isRecordObject(row.after) ? Object.keys(row.after) : [];
      const labels = keys.map((k) => FIELD_LABELS[k as keyof AgentFields] ?? k);
      what = `${who} changed the ${labels.join(', ')}`;
      break;
    }
    case 'hand_over': {
      const from = textField(row.before, 'ownerId');
      const to = textField(row.after, 'ownerId');
      what = `${who} handed it ${from ? `from ${mention(from)} ` : ''}to ${to ? mention(to) : 'a new owner'}`;
      break;
    }
    case 'status':
      what = `${who} moved it from ${statusLabel(textField(row.before, 'status'))} to ${statusLabel(textField(row.after, 'status'))}${because}`;
      break;
    case 'gate_claim':
      what =
        textField(row.after, 'state') === 'pending'
          ? `${who} claimed it clears all five gate bars`
          : `${who} filed a gate claim that failed`;
      break;
    case 'gate_decision':
      what =
        textField(row.after, 'state') === 'passed'
          ? `${who} confirmed the gate`
          : `${who} sent the gate back${because}`;
      break;
    case 'owner_left': {
      const owner = textField(row.after, 'ownerId');
      what = `Slack reported that ${owner ? mention(owner) : 'the owner'} left the workspace`;
      break;
    }
    default:
      what = `${who}: ${escapeMrkdwn(row.action)}`;
  }
  return `• ${when}: ${what}`;
}

const REVIEW_STATE_TEXT: Record<GateReviewState, string> = {
  pending: 'waiting for confirmation',
  passed: 'passed',
  failed: 'failed',
  sent_back: 'sent back',
};

function reviewLine(r: GateReview, timeZone: string): string {
  const decided =
    r.reviewerId && r.reviewedAt
      ? `, ${r.state === 'passed' ? 'confirmed' : 'decided'} by ${mention(r.reviewerId)} on ${formatDate(r.reviewedAt, timeZone)}`
      : '';
  const reason = r.reviewReason ? `: "${escapeMrkdwn(r.reviewReason)}"` : '';
  return `• ${formatDate(r.claimedAt, timeZone)}: claimed by ${mention(r.claimantId)}, ${REVIEW_STATE_TEXT[r.state]}${decided}${reason}`;
}

export interface AgentPermissions {
  /** Edit, hand over, retire, start the pilot, file the gate. */
  readonly canManage: boolean;
}

export const HISTORY_LINES = 15;
const REVIEW_LINES = 5;

export function agentDetailModal(p: {
  agent: Agent;
  reviews: readonly GateReview[];
  history: readonly AuditRow[];
  currency: string;
  timeZone: string;
  permissions: AgentPermissions;
}): ModalView {
  const { agent: a, currency, timeZone } = p;
  const blocks: KnownBlock[] = [
    header(a.name, 'agent_name'),
    {
      type: 'section',
      block_id: 'agent_facts',
      fields: [
        md(`*Status*\n${STATUS_LABELS[a.status]}`),
        md(`*Owner*\n${ownerText(a)}`),
        md(`*Where it works*\n${CATEGORY_LABELS[a.category]}`),
        md(`*Writes back to*\n${systemText(a)}`),
        md(`*${targetLabel(currency)}*\n${formatMoney(a.monthlyTargetCents, currency)}`),
        md(`*Hands to a person below*\n${formatPercent(a.confidenceThreshold)} confidence`),
        md(
          `*Build cost*\n${a.buildCostCents === null ? 'not given' : formatMoney(a.buildCostCents, currency)}`,
        ),
        md(`*Registered*\n${formatDate(a.registeredAt, timeZone)} by ${mention(a.registeredBy)}`),
      ],
    },
    section(
      `*Workflow it owns:* ${escapeMrkdwn(a.workflow)}\n*Its monthly dollar number measures:* ${escapeMrkdwn(a.metric)}`,
      'agent_workflow',
    ),
  ];
  if (a.skippingSteps && a.status !== 'retired') {
    blocks.push(
      section(
        ':warning: *Skipping steps:* registered as line-level or in-product work before any office-side agent was in production.',
        SKIPPING_STEPS_BLOCK_ID,
      ),
    );
  }
  if (a.ownerLeftAt) {
    blocks.push(
      section(
        `:warning: *No owner:* ${mention(a.ownerId)} left the workspace on ${formatDate(a.ownerLeftAt, timeZone)}. Hand it to someone who will report its number.`,
        'agent_owner_left',
      ),
    );
  }
  const buttons = p.permissions.canManage ? manageButtons(a, p.reviews) : [];
  if (buttons.length > 0) blocks.push(actions('agent_actions', buttons));
  if (p.reviews.length > 0) {
    const lines = p.reviews.slice(0, REVIEW_LINES).map((r) => reviewLine(r, timeZone));
    blocks.push(section(`*Gate reviews*\n${lines.join('\n')}`, 'agent_gate_reviews'));
  }
  const recent = p.history.slice(-HISTORY_LINES);
  blocks.push(
    section(`*History*\n${recent.map((row) => historyLine(row, timeZone)).join('\n')}`, 'agent_history'),
  );
  if (p.history.length > recent.length) {
    blocks.push(context([`Showing the last ${recent.length} of ${p.history.length} changes.`]));
  }
  return modal({
    callbackId: AGENT_DETAILS_CALLBACK_ID,
    title: 'Agent',
    privateMetadata: recordMetadata(a.id),
    blocks,
  });
}

function manageButtons(a: Agent, reviews: readonly GateReview[]): ButtonSpec[] {
  const value = String(a.id);
  const buttons: ButtonSpec[] = [];
  if (a.status === 'proposed')
    buttons.push({ text: 'Start the pilot', actionId: AGENT_START_PILOT_ACTION_ID, value });
  if (a.status === 'pilot' && !reviews.some((r) => r.state === 'pending')) {
    buttons.push({ text: 'Run the gate', actionId: GATE_OPEN_ACTION_ID, value, style: 'primary' });
  }
  if (a.status !== 'retired') {
    buttons.push(
      { text: 'Edit', actionId: AGENT_EDIT_ACTION_ID, value },
      { text: 'Live feed', actionId: FEED_OPEN_ACTION_ID, value },
      { text: 'Hand over', actionId: AGENT_HAND_OVER_ACTION_ID, value },
      { text: 'Retire', actionId: AGENT_RETIRE_ACTION_ID, value, style: 'danger' },
    );
  }
  return buttons;
}
