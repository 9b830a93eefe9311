#!/usr/bin/env node
// The operator CLI: `npx maturity <command>`. It reads the same configuration as the app (src/config.ts) and
// works on the same database, so a system cron or a test can drive the rituals with `rituals run --at`.

import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { Logger } from '@slack/bolt';
import { LogLevel, WebClient } from '@slack/web-api';
import Database from 'better-sqlite3';
import { DateTime } from 'luxon';
import { type Config, ConfigError, type LogLevelName, loadConfig } from './config.js';
import type { RitualStatus, RunSummary } from './domain/ritual-status.js';
import { zoneOf } from './domain/workspace.js';
import { runDueChecks } from './rituals/checks.js';
import { CHECKS, RITUALS } from './rituals/index.js';
import { runDueRituals } from './rituals/runner.js';
import { ritualStatuses } from './rituals/status.js';
import { type Db, openDatabase } from './store/db.js';
import { csvStringifier, openExport, workspaceIds } from './store/export.js';
import { getWorkspace, listWorkspaces } from './store/workspaces.js';

const USAGE = `Usage: maturity <command>

  rituals status [--team T]         what is due, running, done and missed, per workspace
  rituals run [--at ISO]            run what is due at that instant (default: now), then exit
  backup FILE                       copy the database to FILE while the app keeps running
  export --format csv|json [--team T] [--out DIR]
                                    every table of one workspace: csv writes one file per table to DIR,
                                    json writes DIR/<team>.json, or prints to stdout without --out
  migrate                           bring the database schema up to date

Configuration comes from the environment or .env, as for the app (DATABASE_PATH, SLACK_BOT_TOKEN, ...).`;

/** A failure the operator can fix: printed as a sentence, exit code 1 (or 2 for a usage mistake). */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

const print = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

const LOG_LEVELS: Readonly<Record<LogLevelName, LogLevel>> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

function stderrLogger(level: LogLevel): Logger {
  const order = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];
  let current = level;
  let name = 'maturity';
  const at =
    (l: LogLevel) =>
    (...msg: unknown[]) => {
      if (order.indexOf(l) >= order.indexOf(current)) console.error(`[${l.toUpperCase()}] ${name}`, ...msg);
    };
  return {
    debug: at(LogLevel.DEBUG),
    info: at(LogLevel.INFO),
    warn: at(LogLevel.WARN),
    error: at(LogLevel.ERROR),
    setLevel: (l) => {
      current = l;
    },
    getLevel: () => current,
    setName: (n) => {
      name = n;
    },
  };
}

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

function printStatus(s: RitualStatus, zone: string): void {
  print(`  ${s.ritual}: ${s.schedule}`);
  print(`    next due ${when(s.nextDueAt, zone)}`);
  for (const run of [...s.running, ...s.recent]) print(runLine(run, zone));
}

function teamsFor(db: Db, team: string | undefined): string[] {
  if (team === undefined) return workspaceIds(db);
  if (!getWorkspace(db, team)) throw new CliError(`No workspace ${team} in this database.`);
  return [team];
}

function ritualsStatus(db: Db, team: string | undefined): void {
  const now = new Date();
  const teams = teamsFor(db, team);
  if (teams.length === 0) print('No workspace yet: the app creates one on the first request from Slack.');
  for (const teamId of teams) {
    const workspace = getWorkspace(db, teamId);
    if (!workspace) continue;
    const zone = zoneOf(workspace);
    print(`${teamId} (${zone})`);
    for (const status of ritualStatuses(db, RITUALS, workspace, now)) printStatus(status, zone);
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

async function ritualsRun(db: Db, config: Config, at: string | undefined): Promise<void> {
  const now = parseInstant(at);
  const logLevel = LOG_LEVELS[config.logLevel];
  const logger = stderrLogger(logLevel);
  const client = new WebClient(config.botToken, {
    logLevel,
    ...(config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {}),
  });
  // A stop (SIGTERM from a supervisor or `timeout`, Ctrl-C) lets the send under way finish and be recorded.
  const stopping = new AbortController();
  const stop = () => stopping.abort();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const deps = { db, client, logger, signal: stopping.signal, feeds: config.feeds };
  const report = await runDueRituals(deps, RITUALS, now);
  print(`Rituals at ${now.toISOString()} for ${listWorkspaces(db).length} workspace(s):`);
  for (const r of report.missed) print(`  missed    ${r.teamId} ${r.ritual} ${r.period} (too old to send)`);
  for (const r of report.opened)
    print(`  opened    ${r.teamId} ${r.ritual} ${r.period}${r.late ? ' (late)' : ''}`);
  for (const r of report.finished) print(`  finished  ${r.teamId} ${r.ritual} ${r.period}`);
  for (const r of report.held)
    print(
      `  held      ${r.teamId} ${r.ritual} ${r.period} by ${r.holder} since ${r.since.toISOString()}: that process is sending it, so this run left it alone`,
    );
  const checks = await runDueChecks(deps, CHECKS, now);
  for (const c of checks.sent) print(`  sent      ${c.teamId} ${c.check} ${c.key}`);
  if (stopping.signal.aborted) {
    print('  stopped   on a signal: everything sent is recorded, and the next run picks up the rest');
    return;
  }
  for (const r of report.failed) print(`  failed    ${r.teamId} ${r.ritual}: ${r.error}`);
  for (const c of checks.failed) print(`  failed    ${c.teamId} ${c.check}: ${c.error}`);
  if (report.failed.length > 0 || checks.failed.length > 0)
    throw new CliError('Some rituals did not finish; run again to pick up where they stopped.');
}

async function backup(db: Db, file: string | undefined): Promise<void> {
  if (!file)
    throw new CliError(
      'backup needs a file to write, like: maturity backup backups/maturity-2026-11-02.db',
      2,
    );
  const target = resolve(file);
  if (existsSync(target))
    throw new CliError(`${target} already exists; pick a new name so no backup is overwritten.`);
  mkdirSync(resolve(target, '..'), { recursive: true });
  const { totalPages } = await db.backup(target);
  print(`Backed up the database to ${target} (${totalPages} pages).`);
}

async function exportCommand(
  db: Db,
  format: string | undefined,
  team: string | undefined,
  out: string | undefined,
): Promise<void> {
  if (format !== 'csv' && format !== 'json')
    throw new CliError('export needs --format csv or --format json.', 2);
  const teams = teamsFor(db, team);
  const [teamId, ...others] = teams;
  if (teamId === undefined) throw new CliError('There is no workspace in this database to export.');
  if (others.length > 0)
    throw new CliError(`Several workspaces here (${teams.join(', ')}): pick one with --team.`, 2);
  const data = openExport(db, teamId);
  try {
    for (const table of data.unscoped)
      console.error(`Left out ${table}: it has no team_id and no parent with one.`);
    if (format === 'json') {
      const json = JSON.stringify(
        {
          teamId,
          exportedAt: new Date().toISOString(),
          tables: Object.fromEntries(data.tables.map((t) => [t.table, [...t.rows()]])),
        },
        null,
        2,
      );
      if (out === undefined) {
        print(json);
        return;
      }
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, `${teamId}.json`), `${json}\n`);
      print(`Wrote ${data.tables.length} tables of ${teamId} to ${join(out, `${teamId}.json`)}.`);
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

/** The schema version before this run opened (and so migrated) the database: 0 for a new file. */
function versionOnDisk(path: string): number {
  if (path === ':memory:' || !existsSync(path)) return 0;
  const probe = new Database(path, { readonly: true });
  try {
    return probe.pragma('user_version', { simple: true }) as number;
  } finally {
    probe.close();
  }
}

function migrateCommand(db: Db, config: Config, before: number): void {
  const after = db.pragma('user_version', { simple: true }) as number;
  const applied = after - before;
  const what = applied === 0 ? 'already up to date' : `migrated from version ${before}, ${applied} applied`;
  print(`The database at ${resolve(config.databasePath)} is at schema version ${after} (${what}).`);
}

async function main(argv: readonly string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      at: { type: 'string' },
      team: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub] = positionals;
  if (values.help || command === undefined || command === 'help') {
    print(USAGE);
    return;
  }
  const known = ['rituals', 'backup', 'export', 'migrate'];
  if (!known.includes(command)) throw new CliError(`Unknown command "${command}".\n\n${USAGE}`, 2);
  if (command === 'rituals' && sub !== 'status' && sub !== 'run') {
    throw new CliError('rituals takes status or run, like: maturity rituals status', 2);
  }
  const config = loadConfig();
  const before = versionOnDisk(config.databasePath);
  // Opening applies pending migrations, exactly as the app does at start.
  const db = openDatabase(config.databasePath);
  try {
    if (command === 'rituals' && sub === 'status') ritualsStatus(db, values.team);
    else if (command === 'rituals') await ritualsRun(db, config, values.at);
    else if (command === 'backup') await backup(db, sub);
    else if (command === 'export') await exportCommand(db, values.format, values.team, values.out);
    else migrateCommand(db, config, before);
  } finally {
    db.close();
  }
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof ConfigError || error instanceof CliError) {
    console.error(error.message);
    process.exit(error instanceof CliError ? error.exitCode : 1);
  }
  if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  throw error;
}
