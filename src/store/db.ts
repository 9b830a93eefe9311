import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
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

export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  migrate(db);
  return db;
}
