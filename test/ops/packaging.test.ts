/**
 * Installed for production, as on a server: a fresh copy of the repository with the dev dependencies gone
 * builds and starts with `npm start`; the `npm pack` tarball, unpacked elsewhere beside those dependencies,
 * runs its `maturity` bin; and the systemd unit runs what `npm start` runs.
 *
 * One heavy set-up for the file (copy, prune, build, pack), shared by its tests. The dependencies are
 * hard-linked from this checkout and pruned with `npm prune --omit=dev --offline`, the state `npm ci --omit=dev`
 * leaves, without downloading anything or rebuilding better-sqlite3.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TEAM_ID } from '../support/app.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { ROOT, type Spawned, spawnCommand, spawnNode } from '../support/process.js';

const SETUP_TIMEOUT_MS = 240_000;
const TEST_TIMEOUT_MS = 60_000;
const SECRET = '8f742231b10e8888abcd99bbbccc85a5';

const packageJson = z.object({
  scripts: z.object({ prepare: z.string(), start: z.string() }),
  bin: z.object({ maturity: z.string() }),
  files: z.array(z.string()),
  dependencies: z.record(z.string(), z.string()),
  devDependencies: z.record(z.string(), z.string()),
});
const packed = z.array(z.object({ filename: z.string(), files: z.array(z.object({ path: z.string() })) }));

let work: string;
let app: string;
let tarball: string;
let tarballFiles: string[];
let fake: FakeSlack;
/** The bots' own process ids (npm runs the one it starts under a shell), to stop them whatever happens. */
const botPids = new Set<number>();

function run(command: string, args: readonly string[], cwd: string): string {
  return execFileSync(command, [...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The repository as a clone has it (tracked files, plus new ones not ignored), without the build. */
function copyRepository(to: string): void {
  const files = run('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], ROOT)
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(ROOT, file)));
  for (const file of files) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    cpSync(join(ROOT, file), join(to, file));
  }
}

/** Hard links where the file system allows (fast, no space), a copy otherwise. */
function copyDependencies(to: string): void {
  try {
    run('cp', ['-al', join(ROOT, 'node_modules'), to], ROOT);
  } catch {
    cpSync(join(ROOT, 'node_modules'), join(to, 'node_modules'), { recursive: true });
  }
  // npm rewrites this file in place: unlinked, so this checkout's copy is never touched.
  rmSync(join(to, 'node_modules', '.package-lock.json'), { force: true });
}

beforeAll(async () => {
  fake = await startFakeSlack({ teamId: TEAM_ID });
  work = mkdtempSync(join(tmpdir(), 'maturity-install-'));
  app = join(work, 'app');
  copyRepository(app);
  copyDependencies(app);
  run('npm', ['prune', '--omit=dev', '--offline', '--no-audit', '--no-fund'], app);
  // What `npm ci` runs after installing: the build, now with the dev dependencies gone.
  run('npm', ['run', 'prepare'], app);
  const [pack] = packed.parse(
    JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], app)),
  );
  if (!pack) throw new Error('npm pack made no tarball');
  tarball = join(work, pack.filename);
  tarballFiles = pack.files.map((f) => f.path);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  for (const pid of botPids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone, as it should be.
    }
  }
  await fake.close();
  rmSync(work, { recursive: true, force: true });
}, TEST_TIMEOUT_MS);

const manifest = () => packageJson.parse(JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')));

function botEnv(databasePath: string): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: 'xoxb-1-test-token',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    DATABASE_PATH: databasePath,
    NODE_ENV: 'production',
  };
}

/** Started, it serves the health routes on the port its start-up line names; then SIGTERM stops it cleanly. */
async function expectServes(bot: Spawned): Promise<void> {
  const [, pid, port] = await bot.waitFor(/"pid":(\d+)[^\n]*"event":"startup"[^\n]*"port":(\d+)/);
  botPids.add(Number(pid));
  for (const route of ['/healthz', '/readyz']) {
    const response = await fetch(`http://127.0.0.1:${port}${route}`);
    expect({ route, status: response.status }).toEqual({ route, status: 200 });
  }
  process.kill(Number(pid), 'SIGTERM');
  expect((await bot.done).code).toBe(0);
  expect(bot.stdout).toContain('SIGTERM received, shutting down');
}

describe('a production install', () => {
  it(
    'builds without the dev dependencies and starts with npm start',
    async () => {
      // The build's compiler is a dependency; the test runner and the linter are gone.
      expect(Object.keys(manifest().dependencies)).toContain('typescript');
      expect(manifest().scripts.prepare).toMatch(/^tsc /);
      for (const dev of ['vitest', 'tsx', '@biomejs/biome'])
        expect(existsSync(join(app, 'node_modules', dev))).toBe(false);
      expect(existsSync(join(app, 'dist/src/main.js'))).toBe(true);

      await expectServes(
        spawnCommand('npm', ['start'], { cwd: app, env: botEnv(join(work, 'npm-start.db')) }),
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'packs the build and the migrations, not the sources, and its bin works unpacked elsewhere without Slack variables',
    async () => {
      expect(tarballFiles).toEqual(
        expect.arrayContaining([
          manifest().bin.maturity,
          'dist/src/main.js',
          'db/migrations/0001_init.sql',
          'deploy/maturity-bot.service',
        ]),
      );
      expect(tarballFiles.filter((f) => /^(src|test|bench)\//.test(f) || f.endsWith('.ts'))).toEqual([]);

      const installed = join(work, 'installed');
      mkdirSync(installed);
      run('tar', ['xzf', tarball, '-C', installed], work);
      const unpacked = join(installed, 'package');
      symlinkSync(join(app, 'node_modules'), join(unpacked, 'node_modules'));
      const bin = join(unpacked, manifest().bin.maturity);
      // Its shebang starts Node with a small young generation, which keeps the export's memory flat.
      expect(readFileSync(bin, 'utf8')).toMatch(/^#!\/usr\/bin\/env -S node --max-semi-space-size=4\n/);
      // npm marks a bin executable when it links it, and the operator runs it by its name.
      chmodSync(bin, 0o755);

      // From another folder, as cron runs it, with nothing but the database's path.
      const cronHome = join(work, 'cron-home');
      mkdirSync(cronHome);
      const env = { DATABASE_PATH: join(work, 'data', 'maturity.db') };
      const migrate = await spawnCommand(bin, ['migrate'], { cwd: cronHome, env }).done;
      expect(migrate).toMatchObject({ code: 0, stderr: '' });
      expect(migrate.stdout).toContain(`The database at ${env.DATABASE_PATH} is at schema version`);
      const backup = await spawnNode(bin, ['backup', join(work, 'backups', 'first.db')], {
        cwd: cronHome,
        env,
      }).done;
      expect(backup).toMatchObject({ code: 0, stderr: '' });
      expect(existsSync(join(work, 'backups', 'first.db'))).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('the systemd unit', () => {
  const unit = readFileSync(join(ROOT, 'deploy/maturity-bot.service'), 'utf8');
  const values = (key: string) =>
    unit
      .split('\n')
      .filter((line) => line.startsWith(`${key}=`))
      .map((line) => line.slice(key.length + 1));
  const environment = () =>
    Object.fromEntries(values('Environment').map((e) => e.split(/=(.*)/s).slice(0, 2)));

  it('runs what npm start runs, from the folder the README installs to, with the database in its state folder', () => {
    const [workingDirectory] = values('WorkingDirectory');
    const [execStart = ''] = values('ExecStart');
    const [node, script] = execStart.split(' ');
    expect(node).toBe('/usr/bin/node');
    expect(`node ${script}`).toBe(manifest().scripts.start);
    expect(tarballFiles).toContain(script);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(`${workingDirectory}`);
    for (const file of values('EnvironmentFile')) expect(readme).toContain(file);
    expect(readme).toContain('deploy/maturity-bot.service');
    const [state] = values('StateDirectory');
    expect(environment().DATABASE_PATH).toBe(`/var/lib/${state}/maturity.db`);
    expect(environment()).toMatchObject({ NODE_ENV: 'production', LOG_FORMAT: 'json' });
  });

  it(
    'starts the bot with its command and environment (the paths moved under a test folder)',
    async () => {
      const [execStart = ''] = values('ExecStart');
      const [, script = ''] = execStart.split(' ');
      const env = {
        ...environment(),
        ...botEnv(join(work, 'var-lib', 'maturity.db')),
        NODE_ENV: environment().NODE_ENV ?? '',
        LOG_FORMAT: environment().LOG_FORMAT ?? '',
      };
      await expectServes(spawnNode(script, [], { cwd: app, env }));
    },
    TEST_TIMEOUT_MS,
  );
});
