// The chart renderer's thread (see renderChart): compiles and rasterises one chart per message, in order.
import { parentPort } from 'node:worker_threads';
import { type RenderReply, type RenderRequest, renderChartHere } from './render.js';

const port = parentPort;
if (!port) throw new Error('render-worker runs as a worker thread, started by renderChart');

port.on('message', async (request: RenderRequest) => {
  let reply: RenderReply;
  try {
    const chart = await renderChartHere(request.spec, request.widthPx);
    reply = { id: request.id, png: chart.png, width: chart.width, height: chart.height };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
