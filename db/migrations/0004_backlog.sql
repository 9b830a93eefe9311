-- 0004_backlog: the value-ranked backlog of workflows that could become agents, the 90-day commitment to ship
-- one, and the reminders that commitment owes.

CREATE TABLE backlog_candidates (
  id                    INTEGER PRIMARY KEY,
  team_id               TEXT NOT NULL REFERENCES workspaces(team_id),
  process               TEXT NOT NULL,
  yearly_dollars_cents  INTEGER NOT NULL CHECK (yearly_dollars_cents >= 0),
  feasibility           INTEGER NOT NULL CHECK (feasibility BETWEEN 1 AND 5),
  system_of_record      TEXT NOT NULL CHECK (system_of_record IN ('ERP', 'MES', 'CRM', 'WMS', 'other')),
  system_name           TEXT,
  status                TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'committed', 'rejected', 'shipped')),
  proposed_by           TEXT NOT NULL,
  created_at            TEXT NOT NULL,
  rejected_by           TEXT,
  rejected_at           TEXT,
  reject_reason         TEXT,
  committed_by          TEXT,
  committed_at          TEXT,
  -- Who ships it; the 30- and 60-day reminders go to this person.
  ship_owner_id         TEXT,
  ship_by               TEXT,
  shipped_at            TEXT,
  -- The modal that added it: a retried submission finds this row instead of adding one.
  source_view_id        TEXT NOT NULL,
  UNIQUE (team_id, source_view_id),
  CHECK (status != 'committed' OR (committed_at IS NOT NULL AND ship_owner_id IS NOT NULL AND ship_by IS NOT NULL)),
  CHECK (status != 'rejected' OR reject_reason IS NOT NULL)
);
CREATE INDEX backlog_by_team_status ON backlog_candidates (team_id, status);

-- One row per reminder a commitment owes, written when it is made. The daily check claims a due row before
-- it sends (so two processes never send the same one) and marks it sent after Slack answered.
CREATE TABLE backlog_reminders (
  team_id        TEXT NOT NULL REFERENCES workspaces(team_id),
  candidate_id   INTEGER NOT NULL REFERENCES backlog_candidates(id),
  kind           TEXT NOT NULL CHECK (kind IN ('day30', 'day60', 'day90')),
  due_at         TEXT NOT NULL,
  state          TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'skipped')),
  claimed_until  TEXT,
  recipient_id   TEXT,
  sent_at        TEXT,
  -- Why a reminder was not sent: a later one was already due, or the candidate shipped or was dropped.
  skip_reason    TEXT,
  PRIMARY KEY (candidate_id, kind)
);
CREATE INDEX backlog_reminders_due ON backlog_reminders (state, due_at);

-- Registering the agent that a committed candidate became links the two, so its gate date closes the clock.
ALTER TABLE agents ADD COLUMN candidate_id INTEGER REFERENCES backlog_candidates(id);
CREATE UNIQUE INDEX agents_one_per_candidate ON agents (candidate_id) WHERE candidate_id IS NOT NULL;
