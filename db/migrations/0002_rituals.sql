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
  UNIQUE (team_id, agent_id, month)
);

CREATE TABLE report_corrections (
  id                   INTEGER PRIMARY KEY,
  team_id              TEXT NOT NULL REFERENCES workspaces(team_id),
  report_id            INTEGER NOT NULL REFERENCES monthly_reports(id),
  previous_cents       INTEGER NOT NULL,
  corrected_cents      INTEGER NOT NULL,
  note                 TEXT,
  corrected_by         TEXT NOT NULL,
  corrected_at         TEXT NOT NULL
);
