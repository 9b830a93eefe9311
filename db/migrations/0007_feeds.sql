-- 0007_feeds: live feeds. Each agent may send its own operating numbers with a token of its own; the raw
-- observations are kept a settable number of days and rolled up into daily totals kept for good; the app
-- watches the totals and opens an incident when they drift, with the DMs each incident owes.

-- Drift thresholds, per workspace: hand-off share up by more than this many percentage points, volume down by
-- more than this percent, and no observation for this many business days.
ALTER TABLE workspaces ADD COLUMN feed_handoff_margin_points REAL NOT NULL DEFAULT 5
  CHECK (feed_handoff_margin_points > 0 AND feed_handoff_margin_points <= 100);
ALTER TABLE workspaces ADD COLUMN feed_volume_drop_percent INTEGER NOT NULL DEFAULT 30
  CHECK (feed_volume_drop_percent BETWEEN 1 AND 100);
ALTER TABLE workspaces ADD COLUMN feed_silent_business_days INTEGER NOT NULL DEFAULT 2
  CHECK (feed_silent_business_days BETWEEN 1 AND 20);

-- Only a hash of each token is kept: the token itself is shown once. A rotation revokes the old token and
-- creates a new one; at most one token per agent works at a time.
CREATE TABLE feed_tokens (
  id             INTEGER PRIMARY KEY,
  team_id        TEXT NOT NULL REFERENCES workspaces(team_id),
  agent_id       INTEGER NOT NULL REFERENCES agents(id),
  token_hash     TEXT NOT NULL UNIQUE,
  -- The first characters of the token, so a person can tell which one a client holds without the secret.
  token_prefix   TEXT NOT NULL,
  created_by     TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  revoked_by     TEXT,
  revoked_at     TEXT,
  revoked_why    TEXT CHECK (revoked_why IS NULL OR revoked_why IN ('rotated', 'revoked')),
  CHECK ((revoked_at IS NULL) = (revoked_why IS NULL))
);
CREATE UNIQUE INDEX feed_tokens_one_live ON feed_tokens (agent_id) WHERE revoked_at IS NULL;

-- Raw observations: `client_id` is the sender's own id, so a repeat is recognised and ignored; `day` is the
-- workspace's calendar day of `at`, fixed on arrival, which is what the roll-up groups by.
CREATE TABLE feed_observations (
  id                      INTEGER PRIMARY KEY,
  team_id                 TEXT NOT NULL REFERENCES workspaces(team_id),
  agent_id                INTEGER NOT NULL REFERENCES agents(id),
  client_id               TEXT NOT NULL,
  at                      TEXT NOT NULL,
  day                     TEXT NOT NULL,
  cases_handled           INTEGER NOT NULL CHECK (cases_handled >= 0),
  cases_handed_to_person  INTEGER NOT NULL CHECK (cases_handed_to_person BETWEEN 0 AND cases_handled),
  dollar_cents            INTEGER,
  measures                TEXT,
  received_at             TEXT NOT NULL,
  UNIQUE (agent_id, client_id)
);
CREATE INDEX feed_observations_by_time ON feed_observations (agent_id, at);
CREATE INDEX feed_observations_by_day ON feed_observations (agent_id, day);
-- The prune drops whole days of a workspace.
CREATE INDEX feed_observations_by_team_day ON feed_observations (team_id, day);

-- Daily totals per agent, kept for good. `measures` holds each named measure's sum and count (JSON), so a mean
-- can be read from any run of days.
CREATE TABLE feed_daily (
  team_id                 TEXT NOT NULL REFERENCES workspaces(team_id),
  agent_id                INTEGER NOT NULL REFERENCES agents(id),
  day                     TEXT NOT NULL,
  observations            INTEGER NOT NULL,
  cases_handled           INTEGER NOT NULL,
  cases_handed_to_person  INTEGER NOT NULL,
  dollar_cents            INTEGER,
  measures                TEXT NOT NULL DEFAULT '{}',
  last_at                 TEXT NOT NULL,
  PRIMARY KEY (agent_id, day)
);
CREATE INDEX feed_daily_by_team_day ON feed_daily (team_id, day);

-- How far the roll-up has read the raw observations of a workspace (their ids only grow).
CREATE TABLE feed_rollups (
  team_id       TEXT PRIMARY KEY REFERENCES workspaces(team_id),
  through_id    INTEGER NOT NULL,
  rolled_at     TEXT NOT NULL
);

-- One open incident per agent and kind; `figures` are the numbers that opened it, `close_figures` the ones
-- that closed it (JSON).
CREATE TABLE feed_incidents (
  id              INTEGER PRIMARY KEY,
  team_id         TEXT NOT NULL REFERENCES workspaces(team_id),
  agent_id        INTEGER NOT NULL REFERENCES agents(id),
  kind            TEXT NOT NULL CHECK (kind IN ('handoff', 'volume', 'silence')),
  opened_at       TEXT NOT NULL,
  figures         TEXT NOT NULL,
  escalate_at     TEXT NOT NULL,
  closed_at       TEXT,
  close_reason    TEXT CHECK (close_reason IS NULL OR close_reason IN ('recovered', 'disconnected')),
  close_figures   TEXT,
  CHECK ((closed_at IS NULL) = (close_reason IS NULL))
);
CREATE UNIQUE INDEX feed_incidents_one_open ON feed_incidents (agent_id, kind) WHERE closed_at IS NULL;

-- The messages an incident owes, written when it opens or closes: the owner's DM and its chart, the portfolio
-- owner's two business days later, and the closing note (to the portfolio owner too once they were told).
-- The watch claims a due row before it sends (so two processes never send one twice) and marks it sent after
-- Slack answered, so a restart repeats nothing.
CREATE TABLE feed_alerts (
  incident_id    INTEGER NOT NULL REFERENCES feed_incidents(id),
  team_id        TEXT NOT NULL REFERENCES workspaces(team_id),
  kind           TEXT NOT NULL CHECK (kind IN ('opened', 'chart', 'escalated', 'closed', 'closed_escalated')),
  due_at         TEXT NOT NULL,
  state          TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'skipped')),
  claimed_until  TEXT,
  recipient_id   TEXT,
  channel_id     TEXT,
  message_ts     TEXT,
  sent_at        TEXT,
  skip_reason    TEXT,
  PRIMARY KEY (incident_id, kind)
);
CREATE INDEX feed_alerts_due ON feed_alerts (team_id, state, due_at);

-- What the live feed proved when a gate claim was filed (JSON), kept with the review.
ALTER TABLE gate_reviews ADD COLUMN feed_evidence TEXT;

-- Where a monthly number came from: typed by a person, or accepted from the live feed's month.
ALTER TABLE monthly_reports ADD COLUMN source TEXT NOT NULL DEFAULT 'typed' CHECK (source IN ('typed', 'feed'));
ALTER TABLE report_corrections ADD COLUMN source TEXT NOT NULL DEFAULT 'typed' CHECK (source IN ('typed', 'feed'));
