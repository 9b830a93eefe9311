// Vega-Lite spec -> SVG (vega's headless View) -> PNG (resvg, a native renderer shipped through npm).
// Nothing is fetched at run time: specs carry their data inline, the view's loader refuses every URL,
// and resvg gets the Inter font files from node_modules instead of looking for system fonts, so a
// chart reads the same on a bare server as on a laptop.

import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TopLevelSpec } from 'vega-lite';

const require = createRequire(import.meta.url);

export const CHART_FONT = 'Inter';
const FONT_FILES = [
  require.resolve('@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf'),
  require.resolve('@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf'),
];

/** Every chart is rasterised to this width; the height follows the chart's own proportions. */
export const CHART_WIDTH_PX = 1600;

export interface RenderedChart {
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
}

type Engine = {
  readonly vega: typeof import('vega');
  readonly compile: typeof import('vega-lite').compile;
  readonly Resvg: typeof import('@resvg/resvg-js').Resvg;
};

// Loaded on the first chart, not at boot: the three libraries take a few hundred milliseconds to import.
let engine: Promise<Engine> | undefined;
function loadEngine(): Promise<Engine> {
  engine ??= Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]).then(
    ([vega, vegaLite, resvg]) => ({ vega, compile: vegaLite.compile, Resvg: resvg.Resvg }),
  );
  return engine;
}

function refuse(what: string): Promise<never> {
  return Promise.reject(new Error(`Charts load nothing at run time (asked for ${what})`));
}

/** A vega loader that fetches nothing: a spec that names a URL fails loudly instead of going online. */
const OFFLINE_LOADER = {
  load: (uri: string) => refuse(uri),
  sanitize: (uri: string) => refuse(uri),
  http: (uri: string) => refuse(uri),
  file: (filename: string) => refuse(filename),
};

/**
 * Vega reports a failed load as a warning and draws on without the data; a chart missing its data must not be
 * sent, so whatever the running view warns about is collected and thrown.
 */
function problemCollector(vega: Engine['vega']) {
  const problems: string[] = [];
  const logger = vega.logger(vega.Warn, undefined, (_method, _level, args) => {
    problems.push(args.map(String).join(' '));
  });
  return { logger, problems };
}

/** The SVG vega draws for a Vega-Lite spec; useful on its own for tests and debugging. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { vega, compile } = await loadEngine();
  const { logger, problems } = problemCollector(vega);
  // Compile-time notes (a format dropped, a scale adjusted) are about the spec, which the tests pin: not shown.
  const quiet = vega.logger(vega.None);
  const view = new vega.View(vega.parse(compile(spec, { logger: quiet }).spec), {
    renderer: 'none',
    loader: OFFLINE_LOADER,
    logger,
  });
  try {
    const svg = await view.toSVG();
    if (problems.length > 0) throw new Error(`The chart did not render: ${problems.join('; ')}`);
    return svg;
  } finally {
    view.finalize();
  }
}

/** Rasterises an SVG with the bundled fonts only; no system font is looked up. */
export async function rasteriseSvg(svg: string, widthPx: number = CHART_WIDTH_PX): Promise<RenderedChart> {
  const { Resvg } = await loadEngine();
  const image = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'width', value: widthPx },
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: CHART_FONT },
  }).render();
  return { png: image.asPng(), width: image.width, height: image.height };
}

/** Compiles and rasterises on the calling thread: what the render worker runs, one chart at a time. */
export async function renderChartHere(
  spec: TopLevelSpec,
  widthPx: number = CHART_WIDTH_PX,
): Promise<RenderedChart> {
  return rasteriseSvg(await renderSvg(spec), widthPx);
}

export interface RenderRequest {
  readonly id: number;
  readonly spec: TopLevelSpec;
  readonly widthPx: number;
}

export type RenderReply =
  | { readonly id: number; readonly png: Uint8Array; readonly width: number; readonly height: number }
  | { readonly id: number; readonly error: string };

/**
 * The worker file sits beside this one: render-worker.js once built, render-worker.ts under tsx and vitest.
 * Node 20 does not hand a TypeScript loader on to a worker, so a TypeScript worker starts from a one-line entry
 * that registers tsx's loader in the new thread, then imports the file.
 */
function startWorker(): Worker {
  const extension = extname(fileURLToPath(import.meta.url));
  const file = new URL(`./render-worker${extension}`, import.meta.url);
  if (extension !== '.ts') return new Worker(file);
  const tsxApi = pathToFileURL(join(dirname(require.resolve('tsx/package.json')), 'dist/esm/api/index.mjs'));
  const entry = `import(${JSON.stringify(tsxApi.href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}); });`;
  return new Worker(entry, { eval: true });
}

let renderer: { worker: Worker; pending: Map<number, (reply: RenderReply) => void> } | undefined;
let nextRequest = 0;

function rendererThread() {
  if (renderer) return renderer;
  const pending = new Map<number, (reply: RenderReply) => void>();
  const worker = startWorker();
  const current = { worker, pending };
  const failAll = (error: string) => {
    if (renderer === current) renderer = undefined;
    for (const [id, settle] of pending) settle({ id, error });
    pending.clear();
  };
  worker.on('message', (reply: RenderReply) => {
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
    // An idle renderer never keeps the process alive; one with work to do does, until the PNG is back.
    if (pending.size === 0) worker.unref();
  });
  worker.on('error', (error) => failAll(`The chart renderer failed: ${error.message}`));
  worker.on('exit', (code) => failAll(`The chart renderer stopped (exit code ${code})`));
  renderer = current;
  return current;
}

/**
 * Vega's compile and resvg's rasterising take 100-200 ms of CPU a chart; done here they would hold up every
 * request the app is answering, so they run on a worker thread and this only waits for the PNG.
 */
export function renderChart(spec: TopLevelSpec, widthPx: number = CHART_WIDTH_PX): Promise<RenderedChart> {
  const { worker, pending } = rendererThread();
  nextRequest += 1;
  const request: RenderRequest = { id: nextRequest, spec, widthPx };
  return new Promise<RenderedChart>((resolve, reject) => {
    pending.set(request.id, (reply) => {
      if ('error' in reply) reject(new Error(reply.error));
      else
        resolve({
          png: Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength),
          width: reply.width,
          height: reply.height,
        });
    });
    worker.ref();
    worker.postMessage(request);
  });
}
