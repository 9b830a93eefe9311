/**
 * A process of ours run as an operator runs it: its own node, an environment of only what the test gives
 * (nothing of the developer's own Slack settings leaks in), output collected for the test to read.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export class Spawned {
  stdout = '';
  stderr = '';
  readonly done: Promise<Finished>;
  private readonly listeners = new Set<() => void>();

  constructor(readonly child: ChildProcess) {
    const collect = (into: 'stdout' | 'stderr') => (chunk: Buffer) => {
      this[into] += chunk.toString();
      for (const listener of this.listeners) listener();
    };
    child.stdout?.on('data', collect('stdout'));
    child.stderr?.on('data', collect('stderr'));
    this.done = new Promise((resolve) =>
      child.on('close', (code) => {
        for (const listener of this.listeners) listener();
        resolve({ code, stdout: this.stdout, stderr: this.stderr });
      }),
    );
  }

  /** Stdout's lines parsed as JSON (LOG_FORMAT=json); a line that is not JSON fails the test. */
  get jsonLines(): Record<string, unknown>[] {
    return this.stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** Resolves once the output so far matches, or rejects with the output when the process ends first. */
  waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = (this.stdout + this.stderr).match(pattern);
        if (match) {
          finish();
          resolve(match);
        } else if (this.child.exitCode !== null || this.child.signalCode !== null) {
          finish();
          reject(new Error(`Exited before ${pattern}:\n${this.stdout}\n${this.stderr}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`No ${pattern} within ${timeoutMs} ms:\n${this.stdout}\n${this.stderr}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  async stop(): Promise<Finished> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.done;
  }
}

export interface SpawnOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

function baseEnv(env: SpawnOptions['env'] = {}): NodeJS.ProcessEnv {
  const all: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) all[key] = value;
  return all;
}

/** `node <script> ...args`, the script a built .js file or one of our .ts sources (run through tsx). */
export function spawnNode(script: string, args: readonly string[] = [], options: SpawnOptions = {}): Spawned {
  const loader = script.endsWith('.ts') ? ['--import', TSX] : [];
  return new Spawned(
    spawn(process.execPath, [...loader, script, ...args], {
      cwd: options.cwd ?? ROOT,
      env: baseEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** A command such as `npm start`, in `cwd`. */
export function spawnCommand(command: string, args: readonly string[], options: SpawnOptions = {}): Spawned {
  return new Spawned(
    spawn(command, [...args], {
      cwd: options.cwd ?? ROOT,
      env: baseEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** A port nothing listens on: bound, then released. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
