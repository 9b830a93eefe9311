import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { LogConfig } from '../src/config.js';
import { createLogger, logEvent } from '../src/logging.js';

const SECRET = '8f742231b10e8888abcd99bbbccc85a5';

function capture(config: LogConfig, secrets: string[] = []) {
  const lines: string[] = [];
  const to = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger(config, { to, secrets }), lines };
}

const json = (line: string) => JSON.parse(line) as Record<string, unknown>;

describe('logging', () => {
  it('writes JSON lines with an ISO time, a level name, the message and structured fields', () => {
    const { logger, lines } = capture({ level: 'info', format: 'json' });
    logEvent(
      logger,
      'info',
      'gate.decided',
      { teamId: 'T1', agentId: 7, decision: 'passed' },
      'Gate review 3',
    );
    logger.debug('not at info');
    expect(lines).toHaveLength(1);
    const line = json(lines[0] ?? '');
    expect(line).toMatchObject({
      level: 'info',
      event: 'gate.decided',
      teamId: 'T1',
      agentId: 7,
      msg: 'Gate review 3',
    });
    expect(String(line.time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("takes Bolt's calls (strings, objects, errors) as one message with the error in err", () => {
    const { logger, lines } = capture({ level: 'debug', format: 'json' });
    logger.warn('Could not DM', 'U1', new Error('channel_not_found'));
    logger.debug('payload', { type: 'block_actions' });
    const [warned, debugged] = lines.map(json);
    expect(warned).toMatchObject({
      level: 'warn',
      msg: 'Could not DM U1',
      err: { message: 'channel_not_found' },
    });
    expect(debugged?.msg).toBe("payload { type: 'block_actions' }");
  });

  it('never writes a token, the signing secret or a mention, whoever logs them', () => {
    const { logger, lines } = capture({ level: 'debug', format: 'json' }, [SECRET]);
    logger.debug('request', { headers: { authorization: 'Bearer xoxb-123-456-abc' }, secret: SECRET });
    logger.info('app token xapp-1-A0-1-zzz, config token xoxe.xoxp-1-abc');
    logger.error(new Error(`bad signature with ${SECRET}`));
    logger.info('text was <@U123> and <!here> in <#C9|general>');
    const all = lines.join('\n');
    expect(all).not.toMatch(/xox[a-z]-|xapp-/);
    expect(all).not.toContain(SECRET);
    expect(all).not.toMatch(/<[@!#]/);
    expect(all).toContain('@U123');
    expect(lines.map(json)).toHaveLength(4);
  });

  it('writes readable lines in development: time, level and message, fields on the same line', () => {
    const { logger, lines } = capture({ level: 'info', format: 'pretty' });
    logEvent(
      logger,
      'warn',
      'ritual.step',
      { teamId: 'T1', outcome: 'failed' },
      'value-review 2026-11: prompt UA failed',
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] WARN: value-review 2026-11: prompt UA failed/,
    );
    expect(lines[0]).toContain('"outcome":"failed"');
  });
});
