import type { KnownBlock } from '@slack/types';
import { DateTime } from 'luxon';
import { type CrosswalkLine, crosswalk, type RitualEvidence } from '../domain/crosswalk.js';
import { describeTrend, type ReuseReport } from '../domain/reuse.js';
import { context, header, section } from './kit.js';
import { formatMoney } from './mrkdwn.js';

export const CROSSWALK_BLOCK_ID = 'home_crosswalk';
export const CROSSWALK_NOTE =
  "NIST AI RMF 1.0 functions and the ISO/IEC 42001 Plan-Do-Check-Act loop, read from this workspace's own records. Evidence, not a certification.";

/** Auditors read dates as 2026-11-03, whatever the locale. */
export function isoDay(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toISODate() ?? at.toISOString().slice(0, 10);
}

export function crosswalkLines(evidence: RitualEvidence, zone: string): CrosswalkLine[] {
  return crosswalk(evidence, (d) => isoDay(d, zone));
}

/** "*Monthly value review* · NIST Measure, Manage · Check: last value review 2026-11-03 for 2026-10, 7 of 8 agents reported". */
export function crosswalkLineText(line: CrosswalkLine): string {
  return `*${line.ritual}* · NIST ${line.nist.join(', ')} · ${line.fact}`;
}

/** The Home tab's framework line: one row per ritual, Plan to Act. */
export function crosswalkHomeSection(evidence: RitualEvidence, zone: string): KnownBlock[] {
  const lines = crosswalkLines(evidence, zone).map((line) => `• ${crosswalkLineText(line)}`);
  return [
    header('Framework crosswalk'),
    section(lines.join('\n'), CROSSWALK_BLOCK_ID),
    context([CROSSWALK_NOTE]),
  ];
}

/** Plain sentences on whether each new agent is getting cheaper, in days and in money. */
export function reuseSentences(report: ReuseReport, currency: string): string[] {
  return [
    describeTrend('Days from registration to a passed gate', report.daysTrend, 'days'),
    describeTrend('Build cost per new agent', report.costTrend, 'money', (cents) =>
      formatMoney(cents, currency),
    ),
  ];
}

/** The latest agents through the gate, with what each took: the numbers behind the trend. */
export function reuseAgentLines(report: ReuseReport, currency: string, limit: number): string[] {
  return report.agents.slice(-limit).map((a) => {
    const cost =
      a.buildCostCents === null
        ? 'no build cost given'
        : `built for ${formatMoney(a.buildCostCents, currency)}`;
    return `${a.name}: ${a.daysToGate} ${a.daysToGate === 1 ? 'day' : 'days'} to the gate, ${cost}`;
  });
}
