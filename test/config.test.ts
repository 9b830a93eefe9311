import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseClientConfig, parseConfig, parseStoreConfig } from '../src/config.js';

const SECRET = '8f742231b10e8888abcd99bbbccc85a5';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.lines;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('runs in Socket Mode when an app-level token is set, with defaults for the rest', () => {
    const config = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2', SLACK_APP_TOKEN: 'xapp-1-A-2-x' });
    expect(config.mode).toEqual({ kind: 'socket', appToken: 'xapp-1-A-2-x' });
    expect(config.port).toBe(3000);
    expect(config.databasePath).toBe(resolve('db/maturity.db'));
    expect(config.log).toEqual({ level: 'info', format: 'pretty' });
    expect(config.slackApiUrl).toBeUndefined();
  });

  it('runs in HTTP mode with a signing secret, and keeps the API URL with a trailing slash', () => {
    const config = parseConfig({
      SLACK_BOT_TOKEN: 'xoxb-1-2',
      SLACK_SIGNING_SECRET: SECRET,
      PORT: '8080',
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
      DATABASE_PATH: '/tmp/x.db',
      LOG_LEVEL: 'debug',
    });
    expect(config.mode).toEqual({ kind: 'http' });
    expect(config).toMatchObject({
      port: 8080,
      slackApiUrl: 'http://127.0.0.1:9999/api/',
      databasePath: '/tmp/x.db',
    });
  });

  it.each([
    [{}, /SLACK_BOT_TOKEN is missing.*manifest\.yml/],
    [
      { SLACK_BOT_TOKEN: 'xapp-1-2', SLACK_SIGNING_SECRET: SECRET },
      /SLACK_BOT_TOKEN must be a bot token starting with xoxb-/,
    ],
    [
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' },
      /SLACK_APP_TOKEN must be an app-level token starting with xapp-/,
    ],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_SIGNING_SECRET is missing.*SLACK_APP_TOKEN/],
    [
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'short' },
      /SLACK_SIGNING_SECRET must be the 32-character/,
    ],
    [
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: SECRET, PORT: 'eighty' },
      /PORT must be a port number/,
    ],
    [
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: SECRET, PORT: '70000' },
      /PORT must be a port number/,
    ],
    [
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: 'not a url' },
      /SLACK_API_URL must be a URL/,
    ],
    [
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: SECRET, LOG_LEVEL: 'loud' },
      /LOG_LEVEL must be one of/,
    ],
  ])('refuses %j, naming the variable and how to fix it', (env, message) => {
    const problems = problemsOf(env as Record<string, string>);
    expect(problems.join('\n')).toMatch(message);
  });

  it('names every problem in one go, the mode included, each with its variable', () => {
    expect(problemsOf({})).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN is missing/),
      expect.stringMatching(/^SLACK_SIGNING_SECRET is missing/),
    ]);
    const problems = problemsOf({
      SLACK_BOT_TOKEN: 'xapp-1',
      SLACK_APP_TOKEN: 'xoxb-2',
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      LOG_FORMAT: 'xml',
      HTTPS_PROXY: 'not a url',
    });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual([
      'HTTPS_PROXY',
      'LOG_FORMAT',
      'LOG_LEVEL',
      'PORT',
      'SLACK_APP_TOKEN',
      'SLACK_BOT_TOKEN',
    ]);
  });

  it('logs JSON in production unless told otherwise, and reads the proxy in either case', () => {
    const env = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: SECRET };
    expect(parseConfig({ ...env, NODE_ENV: 'production' }).log.format).toBe('json');
    expect(parseConfig({ ...env, NODE_ENV: 'production', LOG_FORMAT: 'pretty' }).log.format).toBe('pretty');
    expect(parseConfig({ ...env, https_proxy: 'http://proxy:3128', no_proxy: '.internal' }).proxy).toEqual({
      httpsProxy: 'http://proxy:3128',
      httpProxy: undefined,
      noProxy: '.internal',
    });
  });

  it('asks the offline commands for the database only, and rituals run for the bot token too', () => {
    expect(parseStoreConfig({ DATABASE_PATH: 'x.db' }).databasePath).toBe(resolve('x.db'));
    expect(parseStoreConfig({}, { defaultLogLevel: 'warn' }).log.level).toBe('warn');
    expect(() => parseClientConfig({})).toThrow(/SLACK_BOT_TOKEN is missing/);
    expect(parseClientConfig({ SLACK_BOT_TOKEN: 'xoxb-1' }).botToken).toBe('xoxb-1');
  });

  function startIn(cwd: string, env: Record<string, string>) {
    const tsx = pathToFileURL(join(process.cwd(), 'node_modules/tsx/dist/loader.mjs')).href;
    return spawnSync(process.execPath, ['--import', tsx, join(process.cwd(), 'src/main.ts')], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });
  }

  it('stops start-up with exit code 1 and a message naming the variable', () => {
    // An empty folder, so that no .env of the developer's leaks in.
    const result = startIn(mkdtempSync(join(tmpdir(), 'maturity-config-')), {
      SLACK_BOT_TOKEN: 'xapp-wrong-kind',
      SLACK_SIGNING_SECRET: SECRET,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('SLACK_BOT_TOKEN must be a bot token starting with xoxb-');
    expect(result.stdout).not.toMatch(/^\s+at /m);
  });

  it('reads a .env file, without overriding what the environment already sets', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'maturity-config-'));
    writeFileSync(
      join(cwd, '.env'),
      `SLACK_BOT_TOKEN=xoxb-1-2\nSLACK_SIGNING_SECRET=${SECRET}\nLOG_LEVEL=loud\nPORT=1234\n`,
    );
    const result = startIn(cwd, { PORT: 'not-a-port' });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('LOG_LEVEL must be one of');
    expect(result.stdout).toContain('PORT must be a port number');
  });
});
