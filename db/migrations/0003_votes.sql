-- 0003_votes: the quarterly kill-or-scale vote. A round per (team, quarter), one ballot per agent with its
-- thread reply, one current vote per leader per ballot, the outcome at the close, and at most one override.

-- Vote settings. The quorum is "more than this fraction of the eligible leaders"; visibility 'tally' shows
-- counts and who voted until the close, 'full' also shows what each leader voted.
ALTER TABLE workspaces ADD COLUMN vote_time TEXT NOT NULL DEFAULT '10:00';
ALTER TABLE workspaces ADD COLUMN vote_deadline_business_days INTEGER NOT NULL DEFAULT 5
  CHECK (vote_deadline_business_days BETWEEN 1 AND 20);
ALTER TABLE workspaces ADD COLUMN vote_quorum_fraction REAL NOT NULL DEFAULT 0.5
  CHECK (vote_quorum_fraction >= 0 AND vote_quorum_fraction < 1);
ALTER TABLE workspaces ADD COLUMN vote_visibility TEXT NOT NULL DEFAULT 'tally'
  CHECK (vote_visibility IN ('tally', 'full'));

CREATE TABLE vote_rounds (
  id                INTEGER PRIMARY KEY,
  team_id           TEXT NOT NULL REFERENCES workspaces(team_id),
  -- The quarter the vote is held in (the ritual period, e.g. 2026-Q4); it decides on the quarter before.
  quarter           TEXT NOT NULL,
  reviewed_quarter  TEXT NOT NULL,
  channel_id        TEXT NOT NULL,
  parent_ts         TEXT NOT NULL,
  opened_at         TEXT NOT NULL,
  deadline_at       TEXT NOT NULL,
  -- Who may vote, fixed when the round opens so the quorum cannot move under a running vote (JSON array).
  leader_ids        TEXT NOT NULL,
  quorum_fraction   REAL NOT NULL,
  visibility        TEXT NOT NULL CHECK (visibility IN ('tally', 'full')),
  -- What the parent message shows, fixed at the open: stage and the quarter's total.
  stage             INTEGER CHECK (stage IS NULL OR stage BETWEEN 0 AND 4),
  total_cents       INTEGER NOT NULL,
  state             TEXT NOT NULL CHECK (state IN ('open', 'closed')),
  closed_at         TEXT,
  override_until    TEXT,
  UNIQUE (team_id, quarter)
);

CREATE TABLE vote_ballots (
  id               INTEGER PRIMARY KEY,
  team_id          TEXT NOT NULL REFERENCES workspaces(team_id),
  round_id         INTEGER NOT NULL REFERENCES vote_rounds(id),
  agent_id         INTEGER NOT NULL REFERENCES agents(id),
  -- Ballot order: flagged agents first, then by name.
  position         INTEGER NOT NULL,
  -- The owner at the open recuses; a hand-over during the vote does not change who counts.
  owner_id         TEXT NOT NULL,
  -- What the thread reply shows about the agent, as it stood at the open (JSON).
  card             TEXT NOT NULL,
  thread_ts        TEXT,
  UNIQUE (round_id, agent_id),
  UNIQUE (round_id, position)
);

CREATE TABLE votes (
  id          INTEGER PRIMARY KEY,
  team_id     TEXT NOT NULL REFERENCES workspaces(team_id),
  ballot_id   INTEGER NOT NULL REFERENCES vote_ballots(id),
  voter_id    TEXT NOT NULL,
  choice      TEXT NOT NULL CHECK (choice IN ('kill', 'keep', 'scale')),
  cast_at     TEXT NOT NULL,
  changed_at  TEXT,
  -- One current vote per leader per agent; a change rewrites it and the audit log keeps the earlier one.
  UNIQUE (ballot_id, voter_id)
);

CREATE TABLE vote_outcomes (
  ballot_id           INTEGER PRIMARY KEY REFERENCES vote_ballots(id),
  team_id             TEXT NOT NULL REFERENCES workspaces(team_id),
  outcome             TEXT NOT NULL CHECK (outcome IN ('kill', 'keep', 'scale', 'no_decision')),
  kill_votes          INTEGER NOT NULL,
  keep_votes          INTEGER NOT NULL,
  scale_votes         INTEGER NOT NULL,
  voters              INTEGER NOT NULL,
  eligible            INTEGER NOT NULL,
  quorum_needed       INTEGER NOT NULL,
  -- The agent's status either side of applying the outcome; equal when nothing changed.
  status_before       TEXT NOT NULL,
  status_after        TEXT NOT NULL,
  scaling_quarter_before TEXT,
  -- Why a winning outcome changed nothing (a pilot cannot scale before its gate), or null.
  note                TEXT,
  decided_at          TEXT NOT NULL
);

CREATE TABLE vote_overrides (
  id                 INTEGER PRIMARY KEY,
  team_id            TEXT NOT NULL REFERENCES workspaces(team_id),
  -- One override per ballot: the portfolio owner's word is the last one.
  ballot_id          INTEGER NOT NULL UNIQUE REFERENCES vote_ballots(id),
  previous_outcome   TEXT NOT NULL CHECK (previous_outcome IN ('kill', 'keep', 'scale', 'no_decision')),
  outcome            TEXT NOT NULL CHECK (outcome IN ('kill', 'keep', 'scale')),
  reason             TEXT NOT NULL,
  status_before      TEXT NOT NULL,
  status_after       TEXT NOT NULL,
  note               TEXT,
  overridden_by      TEXT NOT NULL,
  overridden_at      TEXT NOT NULL,
  source_view_id     TEXT NOT NULL,
  UNIQUE (team_id, source_view_id)
);
