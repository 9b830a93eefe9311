-- 0005_registry: what the agent registry and the production gate need beyond the foundation tables.

-- One open claim per agent: a second claim waits until the first is confirmed or sent back.
CREATE UNIQUE INDEX gate_reviews_one_pending ON gate_reviews (agent_id) WHERE state = 'pending';

-- The DMs that asked someone to confirm a gate claim, so every copy can show the decision once it is made.
CREATE TABLE gate_review_messages (
  review_id   INTEGER NOT NULL REFERENCES gate_reviews(id),
  team_id     TEXT NOT NULL REFERENCES workspaces(team_id),
  user_id     TEXT NOT NULL,
  channel_id  TEXT NOT NULL,
  ts          TEXT NOT NULL,
  PRIMARY KEY (review_id, user_id)
);
