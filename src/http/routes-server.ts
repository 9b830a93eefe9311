// The app's own routes (health, the feed intake) served on PORT before Bolt listens there: Bolt opens its server
// only once Slack has answered, and an operator's health check, or an agent's feed, should not go unanswered while
// start-up waits out a Slack outage.

import { createServer, type Server } from 'node:http';
import { buildReceiverRoutes, type CustomRoute } from '@slack/bolt';

/** Listens on `port` and answers `routes` by path and method as Bolt would; anything else is a JSON 404. */
export async function serveRoutes(routes: CustomRoute[], port: number): Promise<Server> {
  const table = buildReceiverRoutes(routes);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const handler = table[path]?.[req.method ?? 'GET'];
    if (handler) {
      handler(req, res);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: 'not_found', message: `Nothing is served at ${path}.` }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

/** Stops listening and drops open connections, so the port is free for the server that takes over. */
export async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}
