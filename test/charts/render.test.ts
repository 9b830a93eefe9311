import type { TopLevelSpec } from 'vega-lite';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHART_WIDTH_PX, rasteriseSvg, renderChart, renderSvg } from '../../src/charts/render.js';
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
      targetCents: 1_250_000,
      reported: new Map(MONTHS.map((m, i) => [m, 1_000_000 + i * 50_000])),
    },
    // A month with no number must draw as a gap, not fail.
    { name: 'Invoice matching', targetCents: 800_000, reported: new Map([['2026-10', 900_000]]) },
  ],
});

describe('chart rendering', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('renders the monthly value chart as a PNG of the fixed width, fetching nothing', async () => {
    const fetchSpy = vi.fn(() => Promise.reject(new Error('no network in charts')));
    vi.stubGlobal('fetch', fetchSpy);
    const chart = await renderChart(VALUE);
    expect(pngSize(chart.png)).toEqual({ width: CHART_WIDTH_PX, height: chart.height });
    expect(chart.height).toBeGreaterThan(400);
    expect(fetchSpy).not.toHaveBeenCalled();
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

  it('renders in well under Slack-scale time once warm', async () => {
    await renderChart(VALUE);
    const started = performance.now();
    await renderChart(VALUE);
    const warmMs = performance.now() - started;
    expect(warmMs).toBeLessThan(1500);
  });
});
