// The operator CLI's work: `npx maturity <command>` runs it through src/cli.ts, a test calls it in-process. It reads
// the same configuration as the app (src/config.ts) and works on the same database, so a system cron or a test can
// drive the rituals with `rituals run --at`. Only `rituals run` talks to Slack, so only it asks for a token.

import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { DateTime } from 'luxon';
import { ConfigError, type Env, parseClientConfig, parseStoreConfig, type StoreConfig } from '../config.js';
import type { RitualStatus, RunSummary } from '../domain/ritual-status.js';
import { zoneOf } from '../domain/workspace.js';
import type { StepEvent } from '../rituals/step-log.js';
import { DatabaseOpenError, type Db, openDatabase } from '../store/db.js';
import { csvStringifier, jsonDocument, openExport, workspaceIds } from '../store/export.js';
import { getWorkspace, listWorkspaces } from '../store/workspaces.js';

const USAGE = `Usage: maturity <command>

  rituals status [--team T]         what is due, running, done and missed, per workspace
  rituals run [--at ISO] [--quiet]  run what is due at that instant (default: now), print each step sent,
                                    then exit; --quiet prints nothing unless something failed (for cron)
  backup FILE                       copy the database to FILE while the app keeps running
  restore FILE                      replace the database with the backup FILE (stop the bot first); the
                                    file it replaces is kept beside it, renamed
  export --format csv|json [--team T] [--out DIR]
                                    every table of one workspace: csv writes one file per table to DIR,
                                    json writes DIR/<team>.json, or prints to stdout without --out
  migrate                           create the database or bring its schema up to date

Configuration comes from the environment or .env, as for the app: DATABASE_PATH for every command,
and SLACK_BOT_TOKEN (with SLACK_API_URL, HTTPS_PROXY, NO_PROXY if needed) for rituals run only.
Every command but migrate and restore needs the database file to exist already.`;

/** A failure the operator can fix: printed as a sentence, exit code 1 (or 2 for a usage mistake). */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** What a run of the CLI reads and writes beside its arguments and the database. */
export interface CliIo {
  /** The configuration to read (src/config.ts): the bin gives the process's environment, `.env` loaded. */
  readonly env: Env;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Called by `rituals run` only: aborted when the run should stop after the send under way. */
  readonly stopSignal: () => AbortSignal;
}

type Print = (line?: string) => void;

const linesTo =
  (stream: NodeJS.WritableStream): Print =>
  (line = '') => {
    stream.write(`${line}\n`);
  };

function when(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat('yyyy-MM-dd HH:mm ZZZZ');
}

function runLine(run: RunSummary, zone: string): string {
  const state = run.state.padEnd(8);
  const detail =
    run.state === 'missed'
      ? `was due ${when(run.dueAt, zone)}, not sent`
      : run.state === 'done'
        ? `finished ${run.finishedAt ? when(run.finishedAt, zone) : '?'}`
        : `since ${when(run.startedAt, zone)}`;
  const held = run.heldBy
    ? `, being advanced by ${run.heldBy.holder} since ${when(run.heldBy.since, zone)}`
    : '';
  return `    ${state}${run.period}  ${detail}${run.late ? ' (late)' : ''}${held}`;
}

function printStatus(print: Print, s: RitualStatus, zone: string): void {
  print(`  ${s.ritual}: ${s.schedule}`);
  print(`    next due ${when(s.nextDueAt, zone)}`);
  for (const run of [...s.running, ...s.recent]) print(runLine(run, zone));
}

/**
 * The rituals, their Slack client and logger, loaded only by the `rituals` commands: they pull in the jobs, their
 * views, pino and the Slack SDK, which export, backup and restore do without (an export's peak memory is
 * mostly what the process loaded before it read a row).
 */
async function ritualModules() {
  const [rituals, runner, checks, status, logging, connection, webApi] = await Promise.all([
    import('../rituals/index.js'),
    import('../rituals/runner.js'),
    import('../rituals/checks.js'),
    import('../rituals/status.js'),
    import('../logging.js'),
    import('../slack/connection.js'),
    import('@slack/web-api'),
  ]);
  return {
    ...rituals,
    ...runner,
    ...checks,
    ...status,
    ...logging,
    ...connection,
    WebClient: webApi.WebClient,
  };
}

function teamsFor(db: Db, team: string | undefined): string[] {
  if (team === undefined) return workspaceIds(db);
  if (!getWorkspace(db, team)) throw new CliError(`no workspace ${team} in this database.`);
  return [team];
}

async function ritualsStatus(io: CliIo, db: Db, team: string | undefined): Promise<void> {
  const { RITUALS, ritualStatuses } = await ritualModules();
  const print = linesTo(io.stdout);
  const now = new Date();
  const teams = teamsFor(db, team);
  if (teams.length === 0) print('No workspace yet: the app creates one on the first request from Slack.');
  for (const teamId of teams) {
    const workspace = getWorkspace(db, teamId);
    if (!workspace) continue;
    const zone = zoneOf(workspace);
    print(`${teamId} (${zone})`);
    for (const status of ritualStatuses(db, RITUALS, workspace, now)) printStatus(print, status, zone);
  }
}

function parseInstant(at: string | undefined): Date {
  if (at === undefined) return new Date();
  const parsed = DateTime.fromISO(at, { setZone: true });
  if (!parsed.isValid || !/[zZ]|[+-]\d{2}:?\d{2}$/.test(at)) {
    throw new CliError(
      `--at needs an ISO instant with its offset, like 2026-11-02T15:00:00Z (got "${at}").`,
      2,
    );
  }
  return parsed.toJSDate();
}

function stepLine(event: StepEvent): string {
  const to = event.recipient ?? event.subject;
  const what = `${event.step}${to ? ` ${to}` : ''}`;
  return `  ${event.outcome.padEnd(9)} ${event.teamId} ${event.ritual} ${event.period} ${what}${event.reason ? ` (${event.reason})` : ''}`;
}

async function ritualsRun(io: CliIo, db: Db, at: string | undefined, quiet: boolean): Promise<void> {
  const now = parseInstant(at);
  // Read here, not before the database check: a missing database is the first thing to say.
  const config = parseClientConfig(io.env, CLI_PARSE);
  const {
    CHECKS,
    RITUALS,
    WebClient,
    boltLevel,
    clientOptions,
    createLogger,
    runDueChecks,
    runDueRituals,
    slackTransport,
  } = await ritualModules();
  const logger = createLogger(config.log, { to: io.stderr, secrets: [config.botToken] });
  const client = new WebClient(config.botToken, {
    ...clientOptions(config, slackTransport(config.proxy)),
    logger,
    logLevel: boltLevel(config.log.level),
  });
  const stopped = io.stopSignal();
  const say = quiet ? () => undefined : linesTo(io.stdout);
  const complain = linesTo(io.stderr);
  say(`Rituals at ${now.toISOString()} for ${listWorkspaces(db).length} workspace(s):`);
  const deps = {
    db,
    client,
    logger,
    signal: stopped,
    feeds: config.feeds,
    onStep: (event: StepEvent) => say(stepLine(event)),
  };
  const report = await runDueRituals(deps, RITUALS, now);
  for (const r of report.missed) say(`  missed    ${r.teamId} ${r.ritual} ${r.period} (too old to send)`);
  for (const r of report.opened)
    say(`  opened    ${r.teamId} ${r.ritual} ${r.period}${r.late ? ' (late)' : ''}`);
  for (const r of report.finished) say(`  finished  ${r.teamId} ${r.ritual} ${r.period}`);
  for (const r of report.held)
    say(
      `  held      ${r.teamId} ${r.ritual} ${r.period} by ${r.holder} since ${r.since.toISOString()}: that process is sending it, so this run left it alone`,
    );
  const checks = await runDueChecks(deps, CHECKS, now);
  for (const c of checks.sent) say(`  sent      ${c.teamId} ${c.check} ${c.key}`);
  if (stopped.aborted) {
    say('  stopped   on a signal: everything sent is recorded, and the next run picks up the rest');
    return;
  }
  for (const r of report.failed) complain(`maturity: ${r.teamId} ${r.ritual} did not finish: ${r.error}`);
  for (const c of checks.failed) complain(`maturity: ${c.teamId} ${c.check} failed: ${c.error}`);
  if (report.failed.length > 0 || checks.failed.length > 0)
    throw new CliError('some rituals did not finish; run again to pick up where they stopped.');
}

async function backup(print: Print, db: Db, file: string | undefined): Promise<void> {
  if (!file)
    throw new CliError(
      'backup needs a file to write, like: maturity backup backups/maturity-2026-11-02.db',
      2,
    );
  const target = resolve(file);
  ensureNew(target);
  mkdirSync(resolve(target, '..'), { recursive: true });
  const { totalPages } = await db.backup(target);
  print(`Backed up the database to ${target} (${totalPages} pages).`);
}

async function exportCommand(
  io: CliIo,
  db: Db,
  format: string | undefined,
  team: string | undefined,
  out: string | undefined,
): Promise<void> {
  if (format !== 'csv' && format !== 'json')
    throw new CliError('export needs --format csv or --format json.', 2);
  const teams = teamsFor(db, team);
  const [teamId, ...others] = teams;
  if (teamId === undefined) throw new CliError('there is no workspace in this database to export.');
  if (others.length > 0)
    throw new CliError(`several workspaces here (${teams.join(', ')}): pick one with --team.`, 2);
  const data = openExport(db, teamId);
  const print = linesTo(io.stdout);
  try {
    for (const table of data.unscoped)
      linesTo(io.stderr)(`Left out ${table}: it has no team_id and no parent with one.`);
    if (format === 'json') {
      // Written as it is read, row by row, like the CSV files: memory stays flat however long the history.
      const document = Readable.from(
        (function* () {
          yield* jsonDocument({ teamId, exportedAt: new Date().toISOString() }, data.tables);
          yield '\n';
        })(),
      );
      if (out === undefined) {
        await pipeline(document, io.stdout, { end: false });
        return;
      }
      mkdirSync(out, { recursive: true });
      const file = join(out, `${teamId}.json`);
      await pipeline(document, createWriteStream(file));
      print(`Wrote ${data.tables.length} tables of ${teamId} to ${file}.`);
      return;
    }
    const dir = out ?? `export-${teamId}`;
    mkdirSync(dir, { recursive: true });
    // Table by table, row by row: memory stays flat however long the history.
    for (const table of data.tables) {
      await pipeline(
        Readable.from(table.values()),
        csvStringifier(table.columns),
        createWriteStream(join(dir, `${table.table}.csv`)),
      );
    }
    const rows = data.tables.reduce((n, t) => n + t.rowCount, 0);
    print(`Wrote ${data.tables.length} tables (${rows} rows) of ${teamId} to ${resolve(dir)}.`);
  } finally {
    data.close();
  }
}

function ensureNew(target: string): void {
  if (existsSync(target))
    throw new CliError(`${target} already exists; pick a new name so no backup is overwritten.`);
}

/**
 * Replaces the database with a backup. The file replaced is renamed, not deleted, so a wrong restore can be
 * undone; its -wal and -shm companions go with it, or SQLite would replay them onto the restored file.
 */
async function restore(print: Print, config: StoreConfig, file: string | undefined): Promise<void> {
  if (!file)
    throw new CliError(
      'restore needs the backup to restore, like: maturity restore backups/maturity-2026-11-02.db',
      2,
    );
  const source = resolve(file);
  if (!existsSync(source)) throw new CliError(`there is no backup at ${source}.`);
  const backupDb = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const version = backupDb.pragma('user_version', { simple: true }) as number;
    const check = backupDb.pragma('quick_check', { simple: true });
    if (version === 0 || check !== 'ok')
      throw new CliError(
        `${source} is not a maturity-bot database (schema version ${version}, check: ${String(check)}).`,
      );
    const target = config.databasePath;
    let keptAs: string | undefined;
    if (existsSync(target)) {
      keptAs = `${target}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      // Folds the write-ahead log into the file first, so the kept copy is whole on its own.
      const current = new Database(target, { fileMustExist: true });
      current.pragma('wal_checkpoint(TRUNCATE)');
      current.close();
      renameSync(target, keptAs);
      for (const companion of ['-wal', '-shm']) rmSync(`${target}${companion}`, { force: true });
    }
    mkdirSync(resolve(target, '..'), { recursive: true });
    await backupDb.backup(target);
    let migrated = '';
    openDatabase(target, {
      onMigrated: (from, to) => {
        migrated = from === to ? `schema version ${to}` : `schema version ${from}, migrated to ${to}`;
      },
    }).close();
    print(`Restored ${source} to ${target} (${migrated}).`);
    if (keptAs) print(`The database it replaced is kept as ${keptAs}.`);
  } finally {
    backupDb.close();
  }
}

/** The options every command's configuration is read with. */
const CLI_PARSE = { defaultLogLevel: 'warn' } as const;

function openForCommand(config: StoreConfig, create: boolean): { db: Db; migrated: string } {
  let migrated = '';
  const db = openDatabase(config.databasePath, {
    create,
    // Opening applies pending migrations, exactly as the app does at start.
    onMigrated: (from, to) => {
      migrated = from === to ? 'already up to date' : `migrated from version ${from}, ${to - from} applied`;
    },
  });
  return { db, migrated };
}

async function main(argv: readonly string[], io: CliIo): Promise<void> {
  const print = linesTo(io.stdout);
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      at: { type: 'string' },
      team: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub] = positionals;
  if (values.help || command === undefined || command === 'help') {
    print(USAGE);
    return;
  }
  const known = ['rituals', 'backup', 'restore', 'export', 'migrate'];
  if (!known.includes(command)) throw new CliError(`unknown command "${command}".\n\n${USAGE}`, 2);
  if (command === 'rituals' && sub !== 'status' && sub !== 'run') {
    throw new CliError('rituals takes status or run, like: maturity rituals status', 2);
  }
  const config = parseStoreConfig(io.env, CLI_PARSE);
  if (command === 'restore') return restore(print, config, sub);
  const { db, migrated } = openForCommand(config, command === 'migrate');
  try {
    if (command === 'rituals' && sub === 'status') await ritualsStatus(io, db, values.team);
    else if (command === 'rituals') await ritualsRun(io, db, values.at, values.quiet === true);
    else if (command === 'backup') await backup(print, db, sub);
    else if (command === 'export') await exportCommand(io, db, values.format, values.team, values.out);
    else {
      const version = db.pragma('user_version', { simple: true }) as number;
      print(`The database at ${config.databasePath} is at schema version ${version} (${migrated}).`);
    }
  } finally {
    db.close();
  }
}

/** Every failure the operator can fix reads as the CLI's own sentence, prefixed "maturity:". */
function problemOf(error: unknown): { message: string; exitCode: number } | undefined {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof ConfigError)
    return {
      message: `the configuration needs fixing:\n${error.lines.map((l) => `  - ${l}`).join('\n')}`,
      exitCode: 1,
    };
  if (error instanceof DatabaseOpenError)
    return {
      message:
        error.kind === 'missing'
          ? `there is no database at ${error.path} (DATABASE_PATH). Set DATABASE_PATH to the bot's database, or run "maturity migrate" to create a new one there.`
          : `the database at ${error.path} (DATABASE_PATH) cannot be opened: ${error.reason}`,
      exitCode: 1,
    };
  if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
    return { message: `${error.message}\n\n${USAGE}`, exitCode: 2 };
  return undefined;
}

/**
 * Runs one command and gives its exit code: 0, or the code of a failure the operator can fix, said on stderr.
 * Anything else (a bug) is thrown, to crash with its stack.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    await main(argv, io);
    return 0;
  } catch (error) {
    const problem = problemOf(error);
    if (problem === undefined) throw error;
    linesTo(io.stderr)(`maturity: ${problem.message}`);
    return problem.exitCode;
  }
}
