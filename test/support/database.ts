import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Db, openDatabase } from '../../src/store/db.js';

/** A real, migrated SQLite file for use-case tests; `close` deletes it. */
export function testDatabase(): { db: Db; close: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'maturity-usecase-'));
  const db = openDatabase(join(dir, 'maturity.db'));
  return {
    db,
    close: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
