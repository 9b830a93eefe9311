// The small chart an incident's DM carries: the agent's days around the drift, against its four-week level.

import type { TopLevelSpec } from 'vega-lite';
import { type DayTotal, type DriftFigures, handoffPercent } from '../domain/feeds.js';
import { CHART_FONT } from './render.js';

const LINE_COLOUR = '#4c78a8';
const BASELINE_COLOUR = '#e45756';

export interface IncidentChartInput {
  readonly agentName: string;
  readonly figures: Extract<DriftFigures, { kind: 'handoff' | 'volume' }>;
  /** Oldest first; days without observations are absent and show as gaps. */
  readonly days: readonly DayTotal[];
}

/** Daily hand-off share, or daily cases, with the four-week level the drift is measured against. */
export function incidentChartSpec(input: IncidentChartInput): TopLevelSpec {
  const share = input.figures.kind === 'handoff';
  const values = input.days.map((d) => ({
    day: d.day,
    value: share ? (handoffPercent(d) ?? 0) : d.casesHandled,
  }));
  const baseline =
    input.figures.kind === 'handoff' ? input.figures.baselinePercent : input.figures.baselinePerDay;
  const title = share ? 'Share of cases handed to a person, by day (%)' : 'Cases handled, by day';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    padding: 12,
    config: { font: CHART_FONT, title: { fontSize: 15, anchor: 'start' }, axis: { labelFontSize: 11 } },
    title: {
      text: `${input.agentName}: ${title}`,
      subtitle: 'Red line: the four weeks before the last week',
    },
    width: 560,
    height: 180,
    layer: [
      {
        data: { values },
        mark: share ? { type: 'line', point: true, color: LINE_COLOUR } : { type: 'bar', color: LINE_COLOUR },
        encoding: {
          x: {
            field: 'day',
            type: 'temporal',
            scale: { type: 'utc' },
            axis: { title: null, format: '%b %d' },
          },
          y: { field: 'value', type: 'quantitative', axis: { title: null } },
        },
      },
      {
        data: { values: [{ baseline }] },
        mark: { type: 'rule', color: BASELINE_COLOUR, strokeDash: [6, 4], strokeWidth: 2 },
        encoding: { y: { field: 'baseline', type: 'quantitative' } },
      },
    ],
  };
}

/** The chart of an incident as the outbox keeps it: drawn when it is sent, at 1,200 pixels wide. */
export interface IncidentChartFile {
  readonly spec: TopLevelSpec;
  readonly widthPx: number;
  readonly filename: string;
  readonly title: string;
  readonly altText: string;
}

export function incidentChartFile(input: IncidentChartInput): IncidentChartFile {
  const what = input.figures.kind === 'handoff' ? 'hand-off share' : 'cases handled';
  return {
    spec: incidentChartSpec(input),
    widthPx: 1200,
    filename: `feed-${input.figures.kind}.png`,
    title: `${input.agentName}: ${what} by day`,
    altText: `Chart: ${input.agentName}'s ${what} for each of ${input.days.length} days, against its level over the four weeks before the last week.`,
  };
}
