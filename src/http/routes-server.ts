// The app's own routes (health, the feed intake) served on PORT before Bolt listens there: Bolt opens its server
// only once Slack has answered, and an operator's health check, or an agent's feed, should not go unanswered while
// start-up waits out a Slack outage.

import { createServer, type Server } from 'node:http';
import type { CustomRoute } from '@slack/bolt';

const methodsOf = (route: CustomRoute): readonly string[] =>
  typeof route.method === 'string' ? [route.method] : route.method;

/** Listens on `port` and answers `routes` by exact path and method; anything else is a JSON 404. */
export async function serveRoutes(routes: readonly CustomRoute[], port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes.find((r) => r.path === path && methodsOf(r).includes(req.method ?? 'GET'));
    if (route) {
      route.handler(req, res);
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
