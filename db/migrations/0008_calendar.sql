-- 0007_calendar: a plant's real calendar (its public holidays and its own closed days), people away with an
-- optional delegate, and the heartbeat's record of its own ticks, so "late" means the app was down.

-- Whose public holidays apply. NULL: follow the time zone while it names one country; 'none': no public
-- holidays; otherwise an ISO country code, with an optional state and region code of the date-holidays library.
ALTER TABLE workspaces ADD COLUMN holiday_country TEXT;
ALTER TABLE workspaces ADD COLUMN holiday_state TEXT;
ALTER TABLE workspaces ADD COLUMN holiday_region TEXT;

-- The plant's own days off (a shutdown week), local dates 'YYYY-MM-DD', both ends included.
CREATE TABLE closed_days (
  id              INTEGER PRIMARY KEY,
  team_id         TEXT NOT NULL REFERENCES workspaces(team_id),
  first_day       TEXT NOT NULL,
  last_day        TEXT NOT NULL CHECK (last_day >= first_day),
  label           TEXT NOT NULL,
  added_by        TEXT NOT NULL,
  added_at        TEXT NOT NULL,
  source_view_id  TEXT,
  UNIQUE (team_id, source_view_id)
);
CREATE INDEX closed_days_by_team ON closed_days (team_id, first_day);

-- Someone away from first_day to last_day (local dates, both included); their delegate, if any, reports for them.
CREATE TABLE away_ranges (
  id              INTEGER PRIMARY KEY,
  team_id         TEXT NOT NULL REFERENCES workspaces(team_id),
  person_id       TEXT NOT NULL,
  first_day       TEXT NOT NULL,
  last_day        TEXT NOT NULL CHECK (last_day >= first_day),
  delegate_id     TEXT CHECK (delegate_id IS NULL OR delegate_id <> person_id),
  set_by          TEXT NOT NULL,
  set_at          TEXT NOT NULL,
  source_view_id  TEXT,
  UNIQUE (team_id, source_view_id)
);
CREATE INDEX away_ranges_by_person ON away_ranges (team_id, person_id, last_day);

-- The last two heartbeat ticks per workspace: the gap between them is the heartbeat's own pace.
CREATE TABLE heartbeats (
  team_id      TEXT PRIMARY KEY REFERENCES workspaces(team_id),
  last_at      TEXT NOT NULL,
  previous_at  TEXT
);

-- The agents a posted review showed as away (JSON array of ids): their owner was away with nobody reporting,
-- so the month is not a miss on a kill-or-scale ballot.
ALTER TABLE value_reviews ADD COLUMN away_agent_ids TEXT NOT NULL DEFAULT '[]';
