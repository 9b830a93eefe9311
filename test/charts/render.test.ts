import type { TopLevelSpec } from 'vega-lite';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CHART_WIDTH_PX,
  type RenderedChart,
  rasteriseSvg,
  renderChart,
  renderChartHere,
  renderSvg,
} from '../../src/charts/render.js';
import { monthlyValueSpec, stageHistorySpec } from '../../src/charts/specs.js';
import { pngSize } from './png.js';

const MONTHS = [
  '2025-12',
  '2026-01',
  '2026-02',
  '2026-03',
  '2026-04',
  '2026-05',
  '2026-06',
  '2026-07',
  '2026-08',
  '2026-09',
  '2026-10',
  '2026-11',
];
const VALUE = monthlyValueSpec({
  title: 'Monthly value',
  months: MONTHS,
  currency: 'USD',
  agents: [
    {
      name: 'Order entry',
      targets: new Map(MONTHS.map((m) => [m, 1_250_000])),
      reported: new Map(MONTHS.map((m, i) => [m, 1_000_000 + i * 50_000])),
    },
    // A month with no number must draw as a gap, not fail.
    {
      name: 'Invoice matching',
      targets: new Map(MONTHS.map((m) => [m, 800_000])),
      reported: new Map([['2026-10', 900_000]]),
    },
  ],
});

describe('chart rendering', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('renders the monthly value chart as a PNG of the fixed width, fetching nothing', async () => {
    // On this thread, where a stubbed fetch can see it; renderChart runs the same code on its worker.
    const fetchSpy = vi.fn(() => Promise.reject(new Error('no network in charts')));
    vi.stubGlobal('fetch', fetchSpy);
    const chart = await renderChartHere(VALUE);
    expect(pngSize(chart.png)).toEqual({ width: CHART_WIDTH_PX, height: chart.height });
    expect(chart.height).toBeGreaterThan(400);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  /** How many times the event loop came round (a setImmediate chain) while `render` was drawing. */
  async function turnsDuring(
    render: () => Promise<RenderedChart>,
  ): Promise<{ turns: number; chart: RenderedChart }> {
    let turns = 0;
    let drawing = true;
    const spin = () => {
      turns += 1;
      if (drawing) setImmediate(spin);
    };
    setImmediate(spin);
    const chart = await render();
    drawing = false;
    return { turns, chart };
  }

  it('draws on a worker thread: the event loop keeps turning while a chart renders, and the PNG is the same', async () => {
    await renderChart(VALUE);
    const here = await turnsDuring(() => renderChartHere(VALUE));
    const worker = await turnsDuring(() => renderChart(VALUE));
    expect(pngSize(worker.chart.png)).toEqual({ width: CHART_WIDTH_PX, height: here.chart.height });
    expect(worker.chart.png.equals(here.chart.png)).toBe(true);
    // On this thread vega and resvg hold the loop for the whole render; on the worker it turns freely.
    expect(worker.turns).toBeGreaterThan(Math.max(100, here.turns * 10));
  });

  it('reports a chart the worker could not draw as a failed render, and draws the next one', async () => {
    const remote: TopLevelSpec = { data: { url: 'https://example.com/data.csv' }, mark: 'bar' };
    await expect(renderChart(remote)).rejects.toThrow(/load nothing at run time/);
    expect(pngSize((await renderChart(VALUE)).png).width).toBe(CHART_WIDTH_PX);
  });

  it('refuses a spec that names a URL instead of going online', async () => {
    const remote: TopLevelSpec = { data: { url: 'https://example.com/data.csv' }, mark: 'bar' };
    await expect(renderSvg(remote)).rejects.toThrow(/load nothing at run time/);
  });

  it('draws text with the bundled font: the chart differs from the same chart with its text taken out', async () => {
    const svg = await renderSvg(
      stageHistorySpec({
        title: 'Placement stage over time',
        points: [{ day: '2026-11-03', final: 2, selfReported: 3 }],
      }),
    );
    expect(svg).toContain('font-family="Inter');
    const withText = await rasteriseSvg(svg);
    const withoutText = await rasteriseSvg(svg.replace(/<text[^>]*>[^<]*<\/text>/g, ''));
    expect(withText.png.equals(withoutText.png)).toBe(false);
  });
});
