/**
 * A migrated database in a temporary file of its own for each test of the suite that calls this, closed and
 * removed after: for store and use-case tests, which need SQLite but no Slack.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { type Db, openDatabase } from '../../src/store/db.js';

export function useTestDatabase(setUp: (db: Db) => void = () => undefined): { readonly db: Db } {
  let dir: string | undefined;
  let current: Db | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'maturity-store-'));
    current = openDatabase(join(dir, 'test.db'));
    setUp(current);
  });
  afterEach(() => {
    current?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get db(): Db {
      if (!current) throw new Error('The test database exists only inside a test');
      return current;
    },
  };
}
