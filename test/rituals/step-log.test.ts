import { Writable } from 'node:stream';
import type { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging.js';
import type { RitualDeps } from '../../src/rituals/job.js';
import { StoppedError } from '../../src/rituals/pacing.js';
import { type StepEvent, sendLogged } from '../../src/rituals/step-log.js';
import { openDatabase } from '../../src/store/db.js';

function deps() {
  const lines: Record<string, unknown>[] = [];
  const events: StepEvent[] = [];
  const to = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const ritualDeps: RitualDeps = {
    db: openDatabase(':memory:'),
    client: {} as WebClient,
    logger: createLogger({ level: 'info', format: 'json' }, { to }),
    onStep: (event) => events.push(event),
  };
  return { ritualDeps, lines, events };
}

const where = { teamId: 'T1', ritual: 'value-review', period: '2026-11' };

describe('a ritual step, logged', () => {
  it('says sent, refused (a lasting no from Slack) or failed, with the recipient the key names', async () => {
    const { ritualDeps, lines, events } = deps();
    await sendLogged(ritualDeps, where, 'prompt:UOWNER1', async () => ({ channel: 'D1', ts: '1.0' }));
    await sendLogged(ritualDeps, where, 'nudge:UGONE', async () => ({ failed: 'user_not_found' }));
    await expect(
      sendLogged(ritualDeps, where, 'reply:17', () => Promise.reject(new Error('internal_error'))),
    ).rejects.toThrow('internal_error');
    await expect(
      sendLogged(ritualDeps, where, 'summary', () => Promise.reject(new StoppedError())),
    ).rejects.toThrow();

    expect(events.map((e) => [e.step, e.recipient, e.subject, e.outcome, e.reason])).toEqual([
      ['prompt', 'UOWNER1', undefined, 'sent', undefined],
      ['nudge', 'UGONE', undefined, 'refused', 'user_not_found'],
      ['reply', undefined, '17', 'failed', 'internal_error'],
      ['summary', undefined, undefined, 'stopped', expect.stringContaining('stopping')],
    ]);
    expect(lines.map((l) => [l.event, l.level, l.teamId, l.ritual, l.period, l.outcome])).toEqual([
      ['ritual.step', 'info', 'T1', 'value-review', '2026-11', 'sent'],
      ['ritual.step', 'info', 'T1', 'value-review', '2026-11', 'refused'],
      ['ritual.step', 'warn', 'T1', 'value-review', '2026-11', 'failed'],
      ['ritual.step', 'info', 'T1', 'value-review', '2026-11', 'stopped'],
    ]);
    expect(lines[0]?.msg).toBe('value-review 2026-11: prompt UOWNER1 sent');
  });
});
