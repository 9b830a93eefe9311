import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMAND } from '../src/slack/commands/index.js';

/**
 * manifest.yml and the code must agree: every command, event and scope the code uses is declared, and
 * nothing more. (Slack's schema check, ../shared/slack/check-manifest, runs in development; users of the
 * project don't have that folder, so this test reads only the repository.)
 */
interface Manifest {
  features: {
    slash_commands: { command: string; usage_hint?: string }[];
    app_home: { home_tab_enabled: boolean };
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[] };
    interactivity: { is_enabled: boolean };
    socket_mode_enabled: boolean;
  };
}

/** The bot scopes each Web API method needs (https://api.slack.com/methods). */
const SCOPES_BY_METHOD: Readonly<Record<string, readonly string[]>> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write', 'chat:write.public'], // .public: review/leadership channels the bot has not joined
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.delete': ['chat:write'],
  'chat.getPermalink': [],
  'conversations.open': ['im:write'],
  filesUploadV2: ['files:write'],
  'usergroups.users.list': ['usergroups:read'],
  'users.info': ['users:read'],
  'views.open': [],
  'views.push': [],
  'views.update': [],
  'views.publish': [],
};

const SCOPES_BY_EVENT: Readonly<Record<string, readonly string[]>> = {
  app_home_opened: [],
  user_change: ['users:read'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const source = sourceFiles('src')
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n');
const manifest = parse(readFileSync('manifest.yml', 'utf8')) as Manifest;

const matches = (pattern: RegExp): Set<string> =>
  new Set([...source.matchAll(pattern)].map((m) => m[1] as string));
const methodsUsed = matches(/\bclient\.((?:[a-z]+\.)+[a-zA-Z]+|filesUploadV2)\(/g);
const eventsUsed = matches(/\.event\(\s*'([a-z_]+)'/g);

describe('manifest.yml agrees with the code', () => {
  it('declares the one slash command the app registers, with a usage hint', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([COMMAND]);
    expect(manifest.features.slash_commands[0]?.usage_hint).toBeTruthy();
  });

  it('knows the scopes of every Web API method the code calls', () => {
    expect(methodsUsed.size).toBeGreaterThan(0);
    const unknown = [...methodsUsed].filter((m) => !(m in SCOPES_BY_METHOD));
    expect(unknown, 'add these methods and their scopes to SCOPES_BY_METHOD').toEqual([]);
  });

  it('subscribes to exactly the events the code listens to', () => {
    expect([...eventsUsed].sort()).toEqual([...manifest.settings.event_subscriptions.bot_events].sort());
  });

  it('asks for exactly the bot scopes the code needs, and no more', () => {
    const needed = new Set<string>(['commands']);
    for (const method of methodsUsed) for (const scope of SCOPES_BY_METHOD[method] ?? []) needed.add(scope);
    for (const event of eventsUsed) for (const scope of SCOPES_BY_EVENT[event] ?? []) needed.add(scope);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });

  it('has the Home tab, interactivity and Socket Mode on', () => {
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });
});
