-- A run's lease is judged on the wall clock, whatever instant the ritual runs for (`rituals run --at`), and
-- remembers since when its holder has had it, so `rituals run` and `rituals status` can say who is working on it.
ALTER TABLE ritual_runs ADD COLUMN locked_since TEXT;

-- Announcements that follow a person's action (a gate decision, an override, a retirement, a hand-over):
-- written in the same transaction as the action and sent afterwards by the rituals' paced sender, so a crash
-- between the two loses nothing and a restart sends each once.
CREATE TABLE outbox (
  id            INTEGER PRIMARY KEY,
  team_id       TEXT NOT NULL REFERENCES workspaces(team_id),
  method        TEXT NOT NULL CHECK (method IN ('chat.postMessage', 'chat.update')),
  -- JSON: the call's arguments (channel, text, blocks, thread_ts or ts).
  args          TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  state         TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
  attempts      INTEGER NOT NULL DEFAULT 0,
  -- One sender at a time, on the wall clock, as for ritual runs.
  locked_by     TEXT,
  locked_until  TEXT,
  done_at       TEXT,
  -- Slack's lasting refusal (a person who left, a channel the app is not in), when it failed.
  error         TEXT
);
CREATE INDEX outbox_pending ON outbox (team_id, state, id);
