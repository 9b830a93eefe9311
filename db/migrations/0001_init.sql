-- Foundation: workspaces and their settings, placements, the agent registry, gate reviews, audit log.
-- Times are ISO-8601 UTC text; money is integer cents; every row carries the Slack team_id.

CREATE TABLE workspaces (
  team_id                TEXT PRIMARY KEY,
  created_at             TEXT NOT NULL,
  time_zone              TEXT,
  currency               TEXT NOT NULL DEFAULT 'USD',
  portfolio_owner_id     TEXT,
  leadership_group_id    TEXT,
  leadership_user_ids    TEXT NOT NULL DEFAULT '[]',
  review_channel_id      TEXT,
  leadership_channel_id  TEXT,
  settings_updated_at    TEXT,
  settings_updated_by    TEXT
);

CREATE TABLE placements (
  id              INTEGER PRIMARY KEY,
  team_id         TEXT NOT NULL REFERENCES workspaces(team_id),
  user_id         TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  answers         TEXT NOT NULL,
  evidence        TEXT NOT NULL,
  self_stage      INTEGER NOT NULL CHECK (self_stage BETWEEN 0 AND 4),
  evidence_stage  INTEGER NOT NULL CHECK (evidence_stage BETWEEN 0 AND 4),
  final_stage     INTEGER NOT NULL CHECK (final_stage BETWEEN 0 AND 4),
  flags           TEXT NOT NULL,
  overrides       TEXT NOT NULL,
  -- The modal that produced it: a retried submission of the same view finds this row instead of adding one.
  source_view_id  TEXT NOT NULL,
  UNIQUE (team_id, source_view_id)
);
CREATE INDEX placements_by_team_time ON placements (team_id, created_at DESC);

CREATE TABLE agents (
  id                    INTEGER PRIMARY KEY,
  team_id               TEXT NOT NULL REFERENCES workspaces(team_id),
  name                  TEXT NOT NULL,
  name_key              TEXT NOT NULL,
  workflow              TEXT NOT NULL,
  category              TEXT NOT NULL CHECK (category IN ('office', 'line', 'product')),
  system_of_record      TEXT NOT NULL CHECK (system_of_record IN ('ERP', 'MES', 'CRM', 'WMS', 'other')),
  system_name           TEXT,
  owner_id              TEXT NOT NULL,
  metric                TEXT NOT NULL,
  monthly_target_cents  INTEGER NOT NULL,
  confidence_threshold  REAL NOT NULL CHECK (confidence_threshold BETWEEN 0 AND 100),
  build_cost_cents      INTEGER,
  status                TEXT NOT NULL CHECK (status IN ('proposed', 'pilot', 'production', 'scaling', 'retired')),
  scaling_quarter       TEXT,
  skipping_steps        INTEGER NOT NULL DEFAULT 0,
  registered_by         TEXT NOT NULL,
  registered_at         TEXT NOT NULL,
  gate_passed_at        TEXT,
  retired_at            TEXT,
  owner_left_at         TEXT,
  source_view_id        TEXT,
  UNIQUE (team_id, name_key),
  UNIQUE (team_id, source_view_id)
);
CREATE INDEX agents_by_owner ON agents (team_id, owner_id);

CREATE TABLE gate_reviews (
  id              INTEGER PRIMARY KEY,
  team_id         TEXT NOT NULL REFERENCES workspaces(team_id),
  agent_id        INTEGER NOT NULL REFERENCES agents(id),
  claimant_id     TEXT NOT NULL,
  claimed_at      TEXT NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('pending', 'passed', 'failed', 'sent_back')),
  reviewer_id     TEXT,
  reviewed_at     TEXT,
  review_reason   TEXT,
  source_view_id  TEXT,
  UNIQUE (team_id, source_view_id)
);
CREATE INDEX gate_reviews_by_agent ON gate_reviews (agent_id, claimed_at DESC);

CREATE TABLE gate_bar_claims (
  review_id  INTEGER NOT NULL REFERENCES gate_reviews(id),
  bar        TEXT NOT NULL,
  pass       INTEGER NOT NULL CHECK (pass IN (0, 1)),
  evidence   TEXT NOT NULL,
  PRIMARY KEY (review_id, bar)
);

-- Who changed what, when: before and after are JSON snapshots of the changed fields.
CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  team_id    TEXT NOT NULL,
  at         TEXT NOT NULL,
  actor_id   TEXT NOT NULL,
  entity     TEXT NOT NULL,
  entity_id  TEXT NOT NULL,
  action     TEXT NOT NULL,
  before     TEXT,
  after      TEXT
);
CREATE INDEX audit_by_entity ON audit_log (team_id, entity, entity_id, at);
