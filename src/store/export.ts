// Every table of one workspace, as rows. Read from the schema itself, so a table added by a later migration is
// exported without touching this file: a table with a team_id column is filtered on it, and a child table
// without one (ritual_steps, gate_bar_claims) is joined through its foreign keys up to a parent that has one.

import Database from 'better-sqlite3';
import { type Stringifier, stringify as stringifyStream } from 'csv-stringify';
import { stringify } from 'csv-stringify/sync';
import { cached, type Db } from './db.js';

export type Row = Record<string, unknown>;

/** One table of the workspace, read when asked: its rows come one at a time, never all at once. */
export interface ExportTable {
  readonly table: string;
  readonly columns: readonly string[];
  readonly rowCount: number;
  /** Each row's values in column order. Every call runs its own statement, so two reads never share a cursor. */
  values(): IterableIterator<unknown[]>;
  /** Each row as an object keyed by column. */
  rows(): IterableIterator<Row>;
}

export interface WorkspaceExport {
  readonly teamId: string;
  readonly tables: readonly ExportTable[];
  /** Tables with no path to a team_id: left out, and named so nobody mistakes the export for complete. */
  readonly unscoped: readonly string[];
  /** Ends the read snapshot and closes its connection. */
  close(): void;
}

interface ColumnInfo {
  name: string;
  pk: number;
}

interface ForeignKey {
  table: string;
  from: string;
  to: string | null;
}

const TEAM_COLUMN = 'team_id';
/** The export's own connection's page cache, in KiB. */
const EXPORT_CACHE_KIB = 1024;
/** Enough for child -> parent -> grandparent; deeper chains would be a schema worth rethinking. */
const MAX_JOIN_DEPTH = 3;

const quote = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

function tableNames(db: Db): string[] {
  return (
    cached(
      db,
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    ).all() as { name: string }[]
  ).map((r) => r.name);
}

function columnsOf(db: Db, table: string): ColumnInfo[] {
  return cached(db, `PRAGMA table_info(${quote(table)})`).all() as ColumnInfo[];
}

function foreignKeysOf(db: Db, table: string): ForeignKey[] {
  return cached(db, `PRAGMA foreign_key_list(${quote(table)})`).all() as ForeignKey[];
}

/** The column a foreign key points at: named, or the parent's primary key when the key leaves it out. */
function referencedColumn(db: Db, fk: ForeignKey): string {
  return fk.to ?? columnsOf(db, fk.table).find((c) => c.pk === 1)?.name ?? 'rowid';
}

/** The joins from `table` up to the nearest table with a team_id, shortest first; null when there is none. */
function pathToTeam(db: Db, table: string): ForeignKey[] | null {
  let frontier: { table: string; path: ForeignKey[] }[] = [{ table, path: [] }];
  for (let depth = 0; depth <= MAX_JOIN_DEPTH; depth += 1) {
    const next: typeof frontier = [];
    for (const { table: current, path } of frontier) {
      if (columnsOf(db, current).some((c) => c.name === TEAM_COLUMN)) return path;
      for (const fk of foreignKeysOf(db, current)) next.push({ table: fk.table, path: [...path, fk] });
    }
    frontier = next;
  }
  return null;
}

/** The table joined up to its team_id, and that column, for the queries below. */
function scopedFrom(db: Db, table: string, path: readonly ForeignKey[]): { from: string; team: string } {
  const joins = path.map((fk, i) => {
    return `JOIN ${quote(fk.table)} t${i + 1} ON t${i}.${quote(fk.from)} = t${i + 1}.${quote(referencedColumn(db, fk))}`;
  });
  return { from: `${quote(table)} t0 ${joins.join(' ')}`, team: `t${path.length}.${TEAM_COLUMN}` };
}

/**
 * Every row that belongs to the workspace, table by table in name order, as one consistent snapshot. The rows
 * are read through a connection of the export's own, inside one read transaction: the export can be written
 * out a row at a time, across awaits, while the app goes on reading and writing through `db` (a connection
 * in the middle of iterating a statement can run nothing else, and WAL keeps the snapshot still).
 * Call close() when done.
 */
export function openExport(db: Db, teamId: string): WorkspaceExport {
  // An in-memory database has no file to open twice; it only ever serves one caller at a time anyway.
  const reader = db.memory ? db : new Database(db.name, { readonly: true, fileMustExist: true });
  // Each row is read once, in order: a small page cache does as well as better-sqlite3's 16 MB default, which a
  // long history would otherwise fill, growing the process with the size of the file.
  if (reader !== db) reader.pragma(`cache_size = -${EXPORT_CACHE_KIB}`);
  reader.exec('BEGIN');
  try {
    const tables: ExportTable[] = [];
    const unscoped: string[] = [];
    for (const table of tableNames(reader)) {
      const path = pathToTeam(reader, table);
      if (path === null) {
        unscoped.push(table);
        continue;
      }
      const { from, team } = scopedFrom(reader, table, path);
      // `+` keeps the planner off the team_id indexes for the rows: walking the table in rowid order hands over
      // the first row at once, where an index lookup would sort a long history before giving any. Counting
      // uses the index.
      const sql = `SELECT t0.* FROM ${from} WHERE +${team} = ? ORDER BY t0.rowid`;
      const { n } = cached(reader, `SELECT COUNT(*) AS n FROM ${from} WHERE ${team} = ?`).get(teamId) as {
        n: number;
      };
      tables.push({
        table,
        columns: columnsOf(reader, table).map((c) => c.name),
        rowCount: n,
        values: () => reader.prepare(sql).raw(true).iterate(teamId) as IterableIterator<unknown[]>,
        rows: () => reader.prepare(sql).iterate(teamId) as IterableIterator<Row>,
      });
    }
    return {
      teamId,
      tables,
      unscoped,
      close() {
        if (reader.inTransaction) reader.exec('COMMIT');
        if (reader !== db) reader.close();
      },
    };
  } catch (error) {
    reader.exec('ROLLBACK');
    if (reader !== db) reader.close();
    throw error;
  }
}

export function workspaceIds(db: Db): string[] {
  return (cached(db, 'SELECT team_id FROM workspaces ORDER BY team_id').all() as { team_id: string }[]).map(
    (r) => r.team_id,
  );
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return) as a formula, so an
 * agent named "=HYPERLINK(...)" could act on whoever opens the export. A leading apostrophe makes it text.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const csvOptions = (columns: readonly string[]) => ({
  header: true,
  columns: [...columns],
  cast: { string: neutraliseFormula },
});

/** Rows as CSV with a header row; NULL is an empty field and text cannot run as a formula. */
export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  return stringify(
    rows.map((row) => columns.map((column) => row[column] ?? null)),
    csvOptions(columns),
  );
}

/** `value` as JSON.stringify(value, null, 2) writes it, for a place `depth` levels into the document. */
const indented = (value: unknown, depth: number): string =>
  JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);

const members = (fields: Readonly<Record<string, unknown>>): string[] =>
  Object.entries(fields).map(([key, value]) => `  ${JSON.stringify(key)}: ${indented(value, 1)}`);

/** Text pieces joined into chunks of about `size` characters, so whoever writes them out makes few writes. */
function* chunked(pieces: Iterable<string>, size: number): Generator<string> {
  let chunk = '';
  for (const piece of pieces) {
    chunk += piece;
    if (chunk.length >= size) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/** Characters per piece of a streamed JSON document. */
const JSON_CHUNK = 64 * 1024;

/**
 * One JSON document, `{ ...before, tables: { name: [rows] }, ...after }`, as chunks of its text: the same text
 * JSON.stringify(document, null, 2) writes, read a row at a time, so however long the history only a chunk is in
 * memory (or in the hands of whoever writes the chunks out).
 */
export function jsonDocument(
  before: Readonly<Record<string, unknown>>,
  tables: readonly ExportTable[],
  after: Readonly<Record<string, unknown>> = {},
): Generator<string> {
  return chunked(jsonPieces(before, tables, after), JSON_CHUNK);
}

function* jsonPieces(
  before: Readonly<Record<string, unknown>>,
  tables: readonly ExportTable[],
  after: Readonly<Record<string, unknown>> = {},
): Generator<string> {
  yield `{\n${members(before)
    .map((member) => `${member},\n`)
    .join('')}  "tables": {`;
  for (const [t, table] of tables.entries()) {
    yield `${t === 0 ? '' : ','}\n    ${JSON.stringify(table.table)}: [`;
    let rows = 0;
    for (const row of table.rows()) {
      yield `${rows === 0 ? '' : ','}\n      ${indented(row, 3)}`;
      rows += 1;
    }
    yield rows === 0 ? ']' : '\n    ]';
  }
  yield `${tables.length === 0 ? '}' : '\n  }'}${members(after)
    .map((member) => `,\n${member}`)
    .join('')}\n}`;
}

/**
 * The same CSV as toCsv as a transform stream: write each row's values in column order (ExportTable.values)
 * and it is turned into text as whoever reads it is ready for more.
 */
export function csvStringifier(columns: readonly string[]): Stringifier {
  return stringifyStream(csvOptions(columns));
}
