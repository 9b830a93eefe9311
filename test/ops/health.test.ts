import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Health } from '../../src/health.js';
import type { SlackConnection } from '../../src/slack/app.js';
import { type Db, openDatabase } from '../../src/store/db.js';

let db: Db;
let clock: number;
let slackAnswers: boolean;
let probes: number;

beforeEach(() => {
  db = openDatabase(':memory:');
  clock = 1_000_000;
  slackAnswers = true;
  probes = 0;
  connection = 'http';
});

afterEach(() => {
  if (db.open) db.close();
});

let connection: SlackConnection;

function health(options: { heartbeat?: boolean } = {}): Health {
  const h = new Health({
    db,
    connection: () => connection,
    heartbeat: options.heartbeat ?? true,
    clock: () => clock,
    probeSlack: async () => {
      probes += 1;
      if (!slackAnswers) throw new Error('fetch failed');
    },
  });
  h.slackAnswered();
  return h;
}

describe('health', () => {
  it('is ready while the heartbeat fires, and not once it has been silent for over two minutes', async () => {
    const h = health();
    clock += 110_000;
    slackAnswers = true;
    expect(await h.readiness()).toMatchObject({ ok: true, checks: { heartbeat: '110 s ago' } });
    h.beat();
    clock += 121_000;
    expect(await h.readiness()).toMatchObject({
      ok: false,
      reason: 'the ritual heartbeat has not fired for over two minutes',
      checks: { heartbeat: 'stale: last fired 121 s ago' },
    });
    h.beat();
    expect((await h.readiness()).ok).toBe(true);
  });

  it('asks Slack again only after a minute, and is not ready while Slack does not answer', async () => {
    const h = health({ heartbeat: false });
    clock += 30_000;
    expect(await h.readiness()).toMatchObject({ ok: true, checks: { slack: 'reachable', heartbeat: 'off' } });
    expect(probes).toBe(0);
    clock += 31_000;
    slackAnswers = false;
    expect(await h.readiness()).toMatchObject({
      ok: false,
      reason: 'Slack did not answer',
      checks: { slack: 'unreachable' },
    });
    slackAnswers = true;
    expect((await h.readiness()).ok).toBe(true);
    expect(probes).toBe(2);
  });

  it('follows the Socket Mode connection, and has none to check in HTTP mode', async () => {
    const h = health({ heartbeat: false });
    expect((await h.readiness()).checks.socket).toBeUndefined();
    connection = 'connecting';
    expect(await h.readiness()).toMatchObject({ ok: false, checks: { socket: 'connecting' } });
    connection = 'connected';
    expect(await h.readiness()).toMatchObject({ ok: true, checks: { socket: 'connected' } });
    connection = 'reconnecting';
    expect((await h.readiness()).ok).toBe(false);
  });

  it('is not alive once its database stops answering', () => {
    const h = health();
    expect(h.liveness()).toEqual({ ok: true, checks: { database: 'open' } });
    db.close();
    expect(h.liveness()).toMatchObject({
      ok: false,
      reason: 'the database does not answer',
      checks: { database: 'closed' },
    });
  });
});
