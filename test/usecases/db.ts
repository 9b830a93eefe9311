/** A real SQLite file with the app's migrations, for use-case tests without HTTP. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Db, openDatabase } from '../../src/store/db.js';

export function openTestDatabase(): { db: Db; close(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'maturity-usecase-'));
  const db = openDatabase(join(dir, 'maturity.sqlite'));
  return {
    db,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
