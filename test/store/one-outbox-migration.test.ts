/**
 * Migration 0010 moves what the due checks owe onto the outbox without losing or repeating a message: a reminder
 * already sent keeps a sent outbox row, one whose send was under way is due again, an escalation already sent is
 * remembered on its incident, and an open incident whose opening DM never went is dropped for the watch to reopen.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, migrate, readMigrations } from '../../src/store/db.js';

const AT = '2026-10-01T15:00:00.000Z';
let db: Db;
afterEach(() => db.close());

/** A database at migration 0009 with a commitment's reminders, an announcement and two incidents' alerts. */
function before0010(): Db {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(
    db,
    readMigrations().filter((m) => m.version <= 9),
  );
  db.prepare("INSERT INTO workspaces (team_id, created_at) VALUES ('T', ?)").run(AT);
  db.prepare(
    `INSERT INTO agents (team_id, name, name_key, workflow, category, system_of_record, owner_id, metric,
       monthly_target_cents, confidence_threshold, status, registered_by, registered_at)
     VALUES ('T', 'A', 'a', 'w', 'office', 'ERP', 'UOWNER', 'm', 1, 80, 'production', 'UOWNER', ?)`,
  ).run(AT);
  db.prepare(
    `INSERT INTO backlog_candidates (team_id, process, yearly_dollars_cents, feasibility, system_of_record, status,
       proposed_by, created_at, committed_by, committed_at, ship_owner_id, ship_by, source_view_id)
     VALUES ('T', 'p', 1, 3, 'ERP', 'committed', 'UPO', ?, 'UPO', ?, 'USHIP', ?, 'V1')`,
  ).run(AT, AT, AT);
  const reminder = db.prepare(
    `INSERT INTO backlog_reminders (team_id, candidate_id, kind, due_at, state, recipient_id, sent_at, claimed_until)
     VALUES ('T', 1, ?, ?, ?, ?, ?, ?)`,
  );
  reminder.run('day30', AT, 'sent', 'USHIP', AT, null);
  reminder.run('day60', AT, 'sending', null, null, AT);
  reminder.run('day90', AT, 'pending', null, null, null);
  db.prepare(
    `INSERT INTO outbox (team_id, method, args, created_at) VALUES ('T', 'chat.postMessage', '{"channel":"U","text":"hi"}', ?)`,
  ).run(AT);
  const incident = db.prepare(
    "INSERT INTO feed_incidents (team_id, agent_id, kind, opened_at, figures, escalate_at) VALUES ('T', 1, ?, ?, '{}', ?)",
  );
  incident.run('silence', AT, AT);
  incident.run('volume', AT, AT);
  const alert = db.prepare(
    "INSERT INTO feed_alerts (incident_id, team_id, kind, due_at, state, recipient_id, sent_at) VALUES (?, 'T', ?, ?, ?, ?, ?)",
  );
  alert.run(1, 'opened', AT, 'sent', 'UOWNER', AT);
  alert.run(1, 'escalated', AT, 'sent', 'UPO', AT);
  alert.run(2, 'opened', AT, 'pending', null, null);
  return db;
}

describe('migration 0010: one outbox', () => {
  it('carries reminders, announcements and escalations over, and drops only the incident never announced', () => {
    before0010();
    migrate(db, readMigrations());
    expect(
      db.prepare('SELECT kind, state, recipient_id, outbox_key FROM backlog_reminders ORDER BY kind').all(),
    ).toEqual([
      { kind: 'day30', state: 'queued', recipient_id: 'USHIP', outbox_key: 'ship-by 1:day30' },
      { kind: 'day60', state: 'pending', recipient_id: null, outbox_key: null },
      { kind: 'day90', state: 'pending', recipient_id: null, outbox_key: null },
    ]);
    expect(db.prepare('SELECT key, state FROM outbox ORDER BY id').all()).toEqual([
      { key: null, state: 'pending' },
      { key: 'ship-by 1:day30', state: 'sent' },
    ]);
    expect(db.prepare('SELECT id, escalated_to FROM feed_incidents').all()).toEqual([
      { id: 1, escalated_to: 'UPO' },
    ]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });
});
