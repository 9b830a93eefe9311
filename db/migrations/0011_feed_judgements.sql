-- 0011_feed_judgements: what the watch last judged of each feed, so a heartbeat judges only the feeds that may
-- have changed: new daily totals since, a new calendar day (the windows are days), a silence deadline passed, or
-- another token. A quiet minute then costs almost nothing. Saving the alert thresholds forgets the workspace's.
CREATE TABLE feed_judgements (
  agent_id     INTEGER PRIMARY KEY REFERENCES agents(id),
  team_id      TEXT NOT NULL REFERENCES workspaces(team_id),
  -- The token the feed had: a rotated token starts its silence clock again.
  token_id     INTEGER NOT NULL REFERENCES feed_tokens(id),
  -- The workspace's calendar day of the judgement.
  judged_day   TEXT NOT NULL,
  -- When the feed falls silent if nothing more comes; NULL when it is silent already.
  silent_at    TEXT
);
CREATE INDEX feed_judgements_by_team ON feed_judgements (team_id);
