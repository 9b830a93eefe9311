import type { TopLevelSpec } from 'vega-lite';
import { vi } from 'vitest';

type Render = typeof import('../../src/charts/render.js');

/** The smallest chart: drawing it once loads vega and resvg before any test waits on a chart. */
const WARM_UP: TopLevelSpec = {
  data: { values: [{ x: 1 }] },
  mark: 'point',
  encoding: { x: { field: 'x', type: 'quantitative' } },
};

/**
 * The chart renderer for end-to-end tests, as `vi.mock('../../src/charts/render.js', ...)`'s factory: charts are
 * drawn on the test's own thread, warm before the first test. The render worker (tested in test/charts) would
 * start cold in every test file, loading vega through the TypeScript loader; the PNG it draws is the same.
 */
export async function chartsOnThisThread(): Promise<Render> {
  const render = await vi.importActual<Render>('../../src/charts/render.js');
  await render.renderChartHere(WARM_UP);
  return { ...render, renderChart: render.renderChartHere };
}
