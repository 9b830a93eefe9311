-- 0010_one_outbox: the messages the due checks owe (a feed incident's DMs and chart, a commitment's ship-by
-- reminders) go through the outbox, like the announcements that follow a person's action: written in the same
-- transaction as what makes them due, then sent one at a time per workspace, claimed before the send and marked
-- after. Their own claim columns and the feed_alerts table go.

-- The outbox learns three things. A key names what a send is ('feed-incident 4:opened', 'ship-by 12:day30'), so
-- it is queued once and other records can point at it. A send may go in the thread of an earlier one (the
-- incident's chart under its DM), so where Slack put each message is kept. And it may share a chart, drawn when
-- it is sent. SQLite cannot change a CHECK in place, so the table is rebuilt with its rows.
CREATE TABLE outbox_next (
  id            INTEGER PRIMARY KEY,
  team_id       TEXT NOT NULL REFERENCES workspaces(team_id),
  -- NULL for announcements nothing refers to; otherwise unique in the workspace (queueing it again is ignored).
  key           TEXT,
  method        TEXT NOT NULL CHECK (method IN ('chat.postMessage', 'chat.update', 'files.uploadV2')),
  -- JSON: the call's arguments (channel, text, blocks, thread_ts or ts; a chart's spec and file names).
  args          TEXT NOT NULL,
  -- The key of an earlier send this one goes under, in its thread: it waits until that one is sent, and fails
  -- with it when Slack refused that one for good.
  thread_of     TEXT,
  created_at    TEXT NOT NULL,
  state         TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
  attempts      INTEGER NOT NULL DEFAULT 0,
  -- One sender at a time, on the wall clock, as for ritual runs.
  locked_by     TEXT,
  locked_until  TEXT,
  done_at       TEXT,
  -- Slack's lasting refusal (a person who left, a channel the app is not in), when it failed.
  error         TEXT,
  -- JSON: where Slack put a message (channel and ts), for the sends in its thread.
  result        TEXT
);
INSERT INTO outbox_next (id, team_id, method, args, created_at, state, attempts, locked_by, locked_until, done_at,
                         error)
  SELECT id, team_id, method, args, created_at, state, attempts, locked_by, locked_until, done_at, error FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_next RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox (team_id, state, id);
CREATE UNIQUE INDEX outbox_key ON outbox (team_id, key) WHERE key IS NOT NULL;

-- A feed incident remembers whether (and whom) the portfolio owner was told: the closing note goes to them too.
ALTER TABLE feed_incidents ADD COLUMN escalated_at TEXT;
ALTER TABLE feed_incidents ADD COLUMN escalated_to TEXT;
UPDATE feed_incidents SET
  escalated_at = (SELECT COALESCE(a.sent_at, a.due_at) FROM feed_alerts a
                   WHERE a.incident_id = feed_incidents.id AND a.kind = 'escalated' AND a.state IN ('sent', 'skipped')),
  escalated_to = (SELECT a.recipient_id FROM feed_alerts a
                   WHERE a.incident_id = feed_incidents.id AND a.kind = 'escalated' AND a.state = 'sent');
-- An open incident whose opening DM was never sent is dropped: the next watch pass opens it again and sends it.
-- (Closing notes still unsent at the upgrade are not carried over: they would have been an hour's retry away.)
CREATE TEMP TABLE unsent_incidents AS
  SELECT a.incident_id AS id FROM feed_alerts a JOIN feed_incidents i ON i.id = a.incident_id
   WHERE i.closed_at IS NULL AND a.kind = 'opened' AND a.state IN ('pending', 'sending');
DROP TABLE feed_alerts;
DELETE FROM feed_incidents WHERE id IN (SELECT id FROM unsent_incidents);
DROP TABLE unsent_incidents;

-- Ship-by reminders: the row says when one falls due and, once due, which outbox row carries it.
CREATE TABLE backlog_reminders_next (
  team_id        TEXT NOT NULL REFERENCES workspaces(team_id),
  candidate_id   INTEGER NOT NULL REFERENCES backlog_candidates(id),
  kind           TEXT NOT NULL CHECK (kind IN ('day30', 'day60', 'day90')),
  due_at         TEXT NOT NULL,
  state          TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'queued', 'skipped')),
  recipient_id   TEXT,
  queued_at      TEXT,
  -- The key of the outbox row that sends it: whether it was sent is the outbox's to say.
  outbox_key     TEXT,
  -- Why a reminder was not sent: a later one was already due, or the candidate shipped or was dropped.
  skip_reason    TEXT,
  PRIMARY KEY (candidate_id, kind),
  CHECK ((state = 'queued') = (outbox_key IS NOT NULL))
);
-- A reminder whose send was under way at the upgrade is due again: its claim would have run out the same way.
INSERT INTO backlog_reminders_next (team_id, candidate_id, kind, due_at, state, recipient_id, queued_at, outbox_key,
                                    skip_reason)
  SELECT team_id, candidate_id, kind, due_at,
         CASE state WHEN 'sent' THEN 'queued' WHEN 'sending' THEN 'pending' ELSE state END,
         recipient_id, sent_at,
         CASE state WHEN 'sent' THEN 'ship-by ' || candidate_id || ':' || kind END,
         skip_reason
    FROM backlog_reminders;
-- Reminders sent before the outbox carried them get their row, as sent (their text was not kept).
INSERT INTO outbox (team_id, key, method, args, created_at, state, done_at)
  SELECT team_id, outbox_key, 'chat.postMessage', json_object('channel', recipient_id, 'text', ''), queued_at, 'sent',
         queued_at
    FROM backlog_reminders_next WHERE state = 'queued';
DROP TABLE backlog_reminders;
ALTER TABLE backlog_reminders_next RENAME TO backlog_reminders;
CREATE INDEX backlog_reminders_due ON backlog_reminders (team_id, state, due_at);
