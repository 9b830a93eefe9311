// What every change to one record shares: one IMMEDIATE transaction that loads the record, lets the use case
// check and write, and writes the change's audit row beside it.

import type { AuditEntry } from '../domain/audit.js';
import { recordAudit } from '../store/audit.js';
import type { Db } from '../store/db.js';

/** The record a change is about and who makes it: what its audit row names. */
export type ChangeTarget = Pick<AuditEntry, 'teamId' | 'actorId' | 'entity' | 'entityId'>;

/** Writes the audit row of one change to the target, in the caller's transaction. */
export type Audit = (action: string, change: Pick<AuditEntry, 'before' | 'after'>) => void;

export const NOT_FOUND = { kind: 'not_found' } as const;

/** Writes `target`'s audit row for a change made at `now`; call inside the change's transaction. */
export const auditOf =
  (db: Db, now: Date, target: ChangeTarget): Audit =>
  (action, change) =>
    recordAudit(db, { ...target, action, ...change, at: now });

/**
 * Loads the record inside one write transaction and hands it to `change` with its audit writer; a record that
 * is not there is `not_found`, and nothing is written.
 */
export function changeRecord<T, R>(
  db: Db,
  now: Date,
  target: ChangeTarget,
  load: () => T | undefined,
  change: (before: T, audit: Audit) => R,
): R | typeof NOT_FOUND {
  return db
    .transaction((): R | typeof NOT_FOUND => {
      const before = load();
      return before === undefined ? NOT_FOUND : change(before, auditOf(db, now, target));
    })
    .immediate();
}
