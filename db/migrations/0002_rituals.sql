-- Scheduled rituals: a run per (team, ritual, period) and the steps it has done, so a restart resumes
-- without repeating or skipping anything.

CREATE TABLE ritual_runs (
  id            INTEGER PRIMARY KEY,
  team_id       TEXT NOT NULL REFERENCES workspaces(team_id),
  ritual        TEXT NOT NULL,
  period        TEXT NOT NULL,
  state         TEXT NOT NULL CHECK (state IN ('running', 'done', 'missed')),
  due_at        TEXT NOT NULL,
  late          INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
  started_at    TEXT NOT NULL,
  finished_at   TEXT,
  -- Two processes (the server's heartbeat and `maturity rituals run`) never advance one run at once.
  locked_by     TEXT,
  locked_until  TEXT,
  UNIQUE (team_id, ritual, period)
);

CREATE TABLE ritual_steps (
  run_id   INTEGER NOT NULL REFERENCES ritual_runs(id),
  step     TEXT NOT NULL,
  done_at  TEXT NOT NULL,
  result   TEXT,
  PRIMARY KEY (run_id, step)
);

-- Monthly value review: one current number per agent and month; corrections after the review was posted
-- are kept beside the original.
CREATE TABLE monthly_reports (
  id               INTEGER PRIMARY KEY,
  team_id          TEXT NOT NULL REFERENCES workspaces(team_id),
  agent_id         INTEGER NOT NULL REFERENCES agents(id),
  month            TEXT NOT NULL,
  amount_cents     INTEGER NOT NULL,
  note             TEXT,
  evidence_url     TEXT,
  handoff_percent  REAL CHECK (handoff_percent IS NULL OR handoff_percent BETWEEN 0 AND 100),
  reported_by      TEXT NOT NULL,
  on_behalf_of     TEXT,
  reported_at      TEXT NOT NULL,
  -- The modal that last wrote it: a retried submission of the same view writes nothing.
  source_view_id   TEXT,
  UNIQUE (team_id, agent_id, month)
);
CREATE INDEX monthly_reports_by_month ON monthly_reports (team_id, month);

CREATE TABLE report_corrections (
  id                   INTEGER PRIMARY KEY,
  team_id              TEXT NOT NULL REFERENCES workspaces(team_id),
  report_id            INTEGER NOT NULL REFERENCES monthly_reports(id),
  previous_cents       INTEGER NOT NULL,
  corrected_cents      INTEGER NOT NULL,
  note                 TEXT,
  -- A correction carries the whole corrected report, so the original row stays exactly as it was posted.
  evidence_url         TEXT,
  handoff_percent      REAL CHECK (handoff_percent IS NULL OR handoff_percent BETWEEN 0 AND 100),
  on_behalf_of         TEXT,
  corrected_by         TEXT NOT NULL,
  corrected_at         TEXT NOT NULL,
  source_view_id       TEXT
);
CREATE UNIQUE INDEX report_corrections_by_view ON report_corrections (team_id, source_view_id);
CREATE INDEX report_corrections_by_report ON report_corrections (report_id, id);

-- The value review's settings: the local time owners are asked, and the two drift thresholds.
ALTER TABLE workspaces ADD COLUMN review_time TEXT NOT NULL DEFAULT '09:00';
ALTER TABLE workspaces ADD COLUMN review_drop_percent INTEGER NOT NULL DEFAULT 25
  CHECK (review_drop_percent BETWEEN 1 AND 100);
ALTER TABLE workspaces ADD COLUMN review_below_target_months INTEGER NOT NULL DEFAULT 2
  CHECK (review_below_target_months BETWEEN 1 AND 12);

-- One posted review per month reported. Its existence closes the month: later changes become corrections.
-- channel_id and message_ts are null when there was nowhere to post (no review channel, no portfolio owner).
CREATE TABLE value_reviews (
  id                 INTEGER PRIMARY KEY,
  team_id            TEXT NOT NULL REFERENCES workspaces(team_id),
  month              TEXT NOT NULL,
  run_id             INTEGER NOT NULL REFERENCES ritual_runs(id),
  posted_at          TEXT NOT NULL,
  channel_id         TEXT,
  message_ts         TEXT,
  expected           INTEGER NOT NULL,
  reported           INTEGER NOT NULL,
  total_cents        INTEGER NOT NULL,
  -- As posted (JSON): the agent ids with no number, and each flagged agent's flag ids.
  missing_agent_ids  TEXT NOT NULL,
  flags              TEXT NOT NULL,
  UNIQUE (team_id, month)
);
