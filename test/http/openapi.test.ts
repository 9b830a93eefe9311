import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OBSERVATIONS_PATH } from '../../src/domain/feeds.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { connectFeed, observation, postObservations, type Sent, seedFeedWorkspace } from './feed-fixture.js';

interface OpenApi {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody: { content: Record<string, { schema: object }> };
        responses: Record<
          string,
          { content: Record<string, { schema: object }>; headers?: Record<string, unknown> }
        >;
      }
    >
  >;
  components: { schemas: Record<string, object> };
}

/** The document served by the running app, checked against what the running app does. */
describe('the OpenAPI document at /api/v1/openapi.json', () => {
  let app: TestApp;
  let doc: OpenApi;
  let ajv: Ajv2020;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp({
      now: '2026-11-24T15:00:00Z',
      env: { FEED_RATE_LIMIT_PER_MINUTE: '8', FEED_MAX_BODY_KB: '16' },
    });
    const [agentId = 0] = seedFeedWorkspace(app, ['Order entry']);
    token = connectFeed(app, agentId);
    const res = await fetch(app.url('/api/v1/openapi.json'));
    expect(res.status).toBe(200);
    doc = (await res.json()) as OpenApi;
    // Components refer to each other as #/components/schemas/<name>: each is registered under that id.
    ajv = new Ajv2020({ strict: false, allErrors: true });
    for (const [name, schema] of Object.entries(doc.components.schemas))
      ajv.addSchema(schema, `#/components/schemas/${name}`);
  });
  afterAll(async () => {
    await app.close();
  });

  const operation = () => doc.paths[OBSERVATIONS_PATH]?.post;

  function validate(schema: object, value: unknown): string[] {
    const check = ajv.compile(schema);
    return check(value) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  }

  function checkResponse(sent: Sent): void {
    const declared = operation()?.responses[String(sent.status)];
    expect(declared, `status ${sent.status} is documented`).toBeDefined();
    const schema = declared?.content['application/json']?.schema ?? {};
    expect(validate(schema, sent.body)).toEqual([]);
    for (const header of Object.keys(declared?.headers ?? {}))
      expect(sent.headers.get(header)).not.toBeNull();
  }

  it('is OpenAPI 3.1 and documents the routes the app serves, and only those', async () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual([OBSERVATIONS_PATH]);
    expect(Object.keys(doc.paths[OBSERVATIONS_PATH] ?? {})).toEqual(['post']);
    // The methods it leaves out are not served.
    const get = await fetch(app.url(OBSERVATIONS_PATH));
    expect(get.status).toBe(404);
    await get.body?.cancel();
  });

  it('describes the requests the intake accepts, and refuses what it refuses', () => {
    const schema = operation()?.requestBody.content['application/json']?.schema ?? {};
    const good = [
      observation('a'),
      {
        observations: [
          observation('b', { at: '2026-11-24T08:00:00-06:00', dollar_value: 3, measures: { x: 1 } }),
        ],
      },
    ];
    for (const body of good) expect(validate(schema, body)).toEqual([]);
    const bad = [
      { id: 'a' },
      { observations: [] },
      observation('c', { extra: 1 }),
      observation('d', { measures: { Bad: 1 } }),
    ];
    for (const body of bad) expect(validate(schema, body).length).toBeGreaterThan(0);
  });

  it('matches every response the intake gives: 202, 400, 401, 413 and 429', async () => {
    const sends: Sent[] = [
      await postObservations(app, token, {
        observations: [observation('ok-1'), observation('ok-2', { cases_handled: -4 })],
      }),
      await postObservations(app, token, 'not json'),
      await postObservations(app, token, { observations: [{ nope: true }] }),
      await postObservations(app, 'mbf_wrong', observation('x')),
      await postObservations(app, token, {
        observations: Array.from({ length: 600 }, (_, i) => observation(`big-${i}`)),
      }),
    ];
    while (sends.at(-1)?.status !== 429) sends.push(await postObservations(app, token, observation('again')));
    expect(sends.map((s) => s.status)).toEqual(expect.arrayContaining([202, 400, 401, 413, 429]));
    for (const sent of sends) checkResponse(sent);
  });
});
