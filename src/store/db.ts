import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export type Db = Database.Database;

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * The statement for `sql` on this connection, compiled once: preparing costs ~12 us a call against ~0.2 us
 * for a cached statement, and the Home tab runs dozens of queries. Only for fixed SQL text (parameters bound
 * with ?), so the cache stays as small as the code's set of queries.
 */
/** The row a query finds, through its row mapper; undefined when it finds none. */
export function mappedRow<R, T>(
  db: Db,
  sql: string,
  map: (row: R) => T,
  ...params: unknown[]
): T | undefined {
  const row = cached(db, sql).get(...params) as R | undefined;
  return row === undefined ? undefined : map(row);
}

export function cached(db: Db, sql: string): Database.Statement {
  let forDb = statements.get(db);
  if (!forDb) {
    forDb = new Map();
    statements.set(db, forDb);
  }
  let statement = forDb.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    forDb.set(sql, statement);
  }
  return statement;
}

const MIGRATION_FILE = /^(\d{4})_[\w-]+\.sql$/;

/** db/migrations sits at the project root; this file runs from src/store (tsx) or dist/src/store (built). */
function findMigrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'db', 'migrations');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('db/migrations not found above the app files');
    dir = parent;
  }
}

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export function readMigrations(dir = findMigrationsDir()): Migration[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const match = MIGRATION_FILE.exec(name);
      return match ? [{ version: Number(match[1]), name, sql: readFileSync(join(dir, name), 'utf8') }] : [];
    })
    .sort((a, b) => a.version - b.version);
}

/**
 * Applies every migration newer than PRAGMA user_version, all in one transaction. The version is read inside
 * that IMMEDIATE transaction, so two processes starting together on a new file migrate it once: the second
 * waits for the write lock, then finds nothing pending. Returns the new version.
 */
export function migrate(db: Db, migrations = readMigrations()): number {
  return db
    .transaction((): number => {
      const current = db.pragma('user_version', { simple: true }) as number;
      const pending = migrations.filter((m) => m.version > current);
      pending.forEach((m, i) => {
        const expected = current + i + 1;
        if (m.version !== expected)
          throw new Error(
            `Migration ${m.name} should be number ${expected}: migrations are numbered without gaps`,
          );
      });
      for (const m of pending) {
        db.exec(m.sql);
        db.pragma(`user_version = ${m.version}`);
      }
      return pending.at(-1)?.version ?? current;
    })
    .immediate();
}

/** Why the database file could not be opened; `path` is absolute, `reason` a sentence the operator can act on. */
export class DatabaseOpenError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly kind: 'missing' | 'unopenable' = 'unopenable',
  ) {
    super(`${path}: ${reason}`);
    this.name = 'DatabaseOpenError';
  }
}

const errorCode = (error: unknown): string =>
  error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'error';

const FOLDER_REFUSALS: Readonly<Record<string, string>> = {
  EACCES: 'no permission to create it',
  EPERM: 'no permission to create it',
  ENOTDIR: 'part of that path is a file',
  EROFS: 'the file system is read-only',
};

/** Names what is in the way, checked in the order an operator would fix it: folder, then file. */
function explainOpenFailure(path: string, error: unknown): string {
  const folder = dirname(path);
  if (existsSync(path) && statSync(path).isDirectory())
    return `it is a folder, not a file. Point DATABASE_PATH at a file, like ${join(path, 'maturity.db')}.`;
  try {
    accessSync(folder, constants.W_OK);
    if (existsSync(path)) accessSync(path, constants.R_OK | constants.W_OK);
  } catch (denied) {
    return `no permission to read and write it (${errorCode(denied)}). Let the user running the bot write to ${folder}.`;
  }
  if (errorCode(error) === 'SQLITE_NOTADB') return 'the file is not a SQLite database.';
  return error instanceof Error ? error.message : String(error);
}

export interface OpenOptions {
  /** False for the operator commands that only read or copy: a typo in DATABASE_PATH must not start an empty database. */
  readonly create?: boolean;
  /** Told the schema version before and after the pending migrations ran. */
  readonly onMigrated?: (from: number, to: number) => void;
}

/** Creates the folder when missing and opens the file in WAL mode, the first write that proves it usable. */
function connect(path: string): Db {
  if (path === ':memory:') return new Database(path);
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw new DatabaseOpenError(
      path,
      `the folder ${dirname(path)} does not exist and cannot be created: ${FOLDER_REFUSALS[errorCode(error)] ?? errorCode(error)}.`,
    );
  }
  let db: Db | undefined;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    return db;
  } catch (error) {
    db?.close();
    throw new DatabaseOpenError(path, explainOpenFailure(path, error));
  }
}

export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const absolute = path === ':memory:' ? path : resolve(path);
  if (absolute !== ':memory:' && options.create === false && !existsSync(absolute))
    throw new DatabaseOpenError(absolute, 'there is no database file there.', 'missing');
  const db = connect(absolute);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  // Read outside the migration's lock, so only for the report: migrate() itself decides under the lock.
  const from = db.pragma('user_version', { simple: true }) as number;
  const to = migrate(db);
  options.onMigrated?.(from, to);
  return db;
}
