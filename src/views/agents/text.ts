// How an agent reads wherever it is shown: its system of record, its owner, its target's label.

import type { Agent, SystemOfRecord } from '../../domain/agents.js';
import { escapeMrkdwn, mention } from '../mrkdwn.js';

export const SYSTEM_LABELS: Record<SystemOfRecord, string> = {
  ERP: 'ERP',
  MES: 'MES',
  CRM: 'CRM',
  WMS: 'WMS',
  other: 'Other',
};

/** "Monthly dollar target" in dollars; other currencies say which. */
export function targetLabel(currency: string): string {
  return currency === 'USD' ? 'Monthly dollar target' : `Monthly target in ${currency}`;
}

export function systemText(a: Agent): string {
  const system = SYSTEM_LABELS[a.systemOfRecord];
  if (a.systemName === null) return system;
  return a.systemOfRecord === 'other'
    ? escapeMrkdwn(a.systemName)
    : `${system} (${escapeMrkdwn(a.systemName)})`;
}

export function ownerText(a: Agent): string {
  return a.ownerLeftAt ? `${mention(a.ownerId)} (left the workspace)` : mention(a.ownerId);
}
