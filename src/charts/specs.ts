// Pure builders: the records a chart shows -> a Vega-Lite spec with its data inline.

import type { TopLevelSpec } from 'vega-lite';
import type { PeriodKey } from '../domain/calendar.js';
import { STAGES, type StageNumber } from '../domain/stages.js';
import { CHART_FONT } from './render.js';

const REPORTED_COLOUR = '#4c78a8';
const TARGET_COLOUR = '#e45756';
const ANSWERS_COLOUR = '#9d9d9d';
/** Small multiples beyond this stop being readable; the portfolio total still counts every agent. */
export const MAX_AGENT_PANELS = 12;
const PANEL_COLUMNS = 3;
const PANEL_WIDTH = 300;
const PANEL_SPACING = 20;

const BASE = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  background: 'white',
  padding: 16,
  config: {
    font: CHART_FONT,
    title: { fontSize: 18, subtitleFontSize: 13, anchor: 'start' as const, subtitleColor: '#555555' },
    axis: { labelFontSize: 11, titleFontSize: 12 },
    legend: { labelFontSize: 12, titleFontSize: 12, orient: 'top' as const },
    header: { labelFontSize: 13, labelFontWeight: 'bold' as const },
  },
};

export interface AgentMonthlySeries {
  readonly name: string;
  /** The target owed by month: none before production, pro-rated in its first month (see targetOwed). */
  readonly targets: ReadonlyMap<PeriodKey, number>;
  /** Reported cents by month; a month with no report is absent, and shows as a gap. */
  readonly reported: ReadonlyMap<PeriodKey, number>;
}

export interface MonthlyValueChart {
  readonly title: string;
  /** Oldest first, e.g. the last 12 months. */
  readonly months: readonly PeriodKey[];
  readonly agents: readonly AgentMonthlySeries[];
  readonly currency: string;
}

/** "Nov 26": short enough for twelve labels side by side. */
export function axisMonthLabel(month: PeriodKey): string {
  const [year, monthNumber] = month.split('-').map(Number);
  const firstDay = new Date(Date.UTC(year ?? 1970, (monthNumber ?? 1) - 1, 1));
  return new Intl.DateTimeFormat('en-US', { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(
    firstDay,
  );
}

/** Axis labels in the workspace's currency: "$120k" for dollars, "120k" with the code in the title otherwise. */
function moneyAxis(currency: string, title: string) {
  return currency === 'USD'
    ? { title, format: '$.3~s' }
    : { title: `${title} (${currency})`, format: '.3~s' };
}

const toUnits = (cents: number): number => cents / 100;

/**
 * Each agent's reported monthly value against its target, one small panel per agent, under the
 * portfolio's total against the sum of the targets.
 */
export function monthlyValueSpec(input: MonthlyValueChart): TopLevelSpec {
  const labels = input.months.map(axisMonthLabel);
  const month = {
    field: 'month',
    type: 'ordinal' as const,
    sort: labels,
    scale: { domain: labels },
    title: null,
  };
  const colour = {
    scale: { domain: ['Reported', 'Target'], range: [REPORTED_COLOUR, TARGET_COLOUR] },
    legend: { title: null },
  };
  const totals = input.months.map((m, i) => ({
    month: labels[i],
    value: toUnits(input.agents.reduce((sum, a) => sum + (a.reported.get(m) ?? 0), 0)),
    target: toUnits(input.agents.reduce((sum, a) => sum + (a.targets.get(m) ?? 0), 0)),
  }));
  // A panel with no number at all has no scale to draw (vega warns of an infinite extent): leave it out.
  const withNumbers = input.agents.filter((a) => a.reported.size > 0);
  const silent = input.agents.length - withNumbers.length;
  const shown = withNumbers.slice(0, MAX_AGENT_PANELS);
  const agentRows = shown.flatMap((a) =>
    input.months.map((m, i) => {
      const cents = a.reported.get(m);
      return {
        agent: a.name,
        month: labels[i],
        value: cents === undefined ? null : toUnits(cents),
        target: toUnits(a.targets.get(m) ?? 0),
      };
    }),
  );
  const left = withNumbers.length - shown.length;
  const subtitle = [
    `${input.agents.length} agent${input.agents.length === 1 ? '' : 's'}. Dashed lines are the targets owed each month: none before an agent's production gate, part of a month in its first. A gap means no number was reported that month.`,
    ...(left > 0 ? [`The panels show ${shown.length}; the total counts all ${input.agents.length}.`] : []),
    ...(silent > 0
      ? [
          `${silent} agent${silent === 1 ? '' : 's'} reported no number in these months and ${silent === 1 ? 'has' : 'have'} no panel.`,
        ]
      : []),
  ];

  return {
    ...BASE,
    title: { text: input.title, subtitle },
    vconcat: [
      {
        title: 'Portfolio total',
        // Always three panels wide, so every chart is drawn at the same scale whatever the agent count.
        width: PANEL_COLUMNS * PANEL_WIDTH + (PANEL_COLUMNS - 1) * PANEL_SPACING,
        height: 200,
        data: { values: totals },
        layer: [
          {
            mark: { type: 'bar' },
            encoding: {
              x: month,
              y: { field: 'value', type: 'quantitative', axis: moneyAxis(input.currency, 'Reported') },
              color: { datum: 'Reported', ...colour },
            },
          },
          {
            mark: { type: 'line', strokeDash: [6, 4], strokeWidth: 2 },
            encoding: {
              x: month,
              y: { field: 'target', type: 'quantitative' },
              color: { datum: 'Target', ...colour },
            },
          },
        ],
      },
      ...(shown.length === 0
        ? []
        : [
            {
              data: { values: agentRows },
              columns: PANEL_COLUMNS,
              spacing: PANEL_SPACING,
              facet: {
                field: 'agent',
                type: 'nominal' as const,
                title: null,
                sort: shown.map((a) => a.name),
              },
              resolve: { scale: { y: 'independent' as const } },
              spec: {
                width: PANEL_WIDTH,
                height: 130,
                layer: [
                  {
                    mark: {
                      type: 'line' as const,
                      point: true,
                      invalid: 'break-paths-show-domains' as const,
                    },
                    encoding: {
                      x: month,
                      y: {
                        field: 'value',
                        type: 'quantitative' as const,
                        axis: moneyAxis(input.currency, ''),
                      },
                      color: { datum: 'Reported', ...colour },
                    },
                  },
                  {
                    mark: { type: 'line' as const, strokeDash: [6, 4], strokeWidth: 2 },
                    encoding: {
                      x: month,
                      y: { field: 'target', type: 'quantitative' as const },
                      color: { datum: 'Target', ...colour },
                    },
                  },
                ],
              },
            },
          ]),
    ],
  };
}

export interface StagePoint {
  /** The placement's calendar day in the workspace's zone, YYYY-MM-DD. */
  readonly day: string;
  readonly final: StageNumber;
  readonly selfReported: StageNumber;
}

/** Stage over time: where the records placed the operation, and where its own answers would have. */
export function stageHistorySpec(input: { title: string; points: readonly StagePoint[] }): TopLevelSpec {
  const names = STAGES.map((s) => `${s.number} · ${s.name}`);
  const rows = input.points.flatMap((p) => [
    { day: p.day, stage: p.final, series: 'Placed at' },
    { day: p.day, stage: p.selfReported, series: 'Answers said' },
  ]);
  const x = {
    field: 'day',
    type: 'temporal' as const,
    scale: { type: 'utc' as const },
    axis: { title: null, format: '%b %Y', tickCount: { interval: 'month' as const, step: 1 }, labelAngle: 0 },
  };
  const y = {
    field: 'stage',
    type: 'quantitative' as const,
    // Padding keeps the stage 0 and stage 4 marks off the frame.
    scale: { domain: [0, 4], padding: 14 },
    axis: { title: null, values: [0, 1, 2, 3, 4], labelExpr: `${JSON.stringify(names)}[datum.value]` },
  };
  const colour = {
    field: 'series',
    type: 'nominal' as const,
    scale: { domain: ['Placed at', 'Answers said'], range: [REPORTED_COLOUR, ANSWERS_COLOUR] },
    legend: { title: null },
  };
  return {
    ...BASE,
    title: {
      text: input.title,
      subtitle: `${input.points.length} placement${input.points.length === 1 ? '' : 's'}`,
    },
    width: 900,
    height: 260,
    data: { values: rows },
    layer: [
      {
        transform: [{ filter: "datum.series === 'Placed at'" }],
        mark: { type: 'line', interpolate: 'step-after', point: { size: 70 } },
        encoding: { x, y, color: colour },
      },
      {
        transform: [{ filter: "datum.series === 'Answers said'" }],
        mark: { type: 'point', size: 70, filled: false, strokeWidth: 2 },
        encoding: { x, y, color: colour },
      },
    ],
  };
}
