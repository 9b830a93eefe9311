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
