-- 002: cases and their timeline (DOMAIN.md §2, docs/CASES.md). SLA clocks
-- will be added beside these tables, keyed by case id.
CREATE TABLE cases (
  id {{ID}},
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  contact_id BIGINT REFERENCES contacts(id),
  assignee_id BIGINT REFERENCES users(id),
  team_id BIGINT REFERENCES teams(id),
  type TEXT NOT NULL,
  priority INTEGER NOT NULL,
  status TEXT NOT NULL,
  subject TEXT NOT NULL,
  name_key TEXT {{BYTES}} NOT NULL, -- the subject folded for search (see text_fold)
  description TEXT,
  channel TEXT,
  order_id BIGINT REFERENCES orders(id),
  part_id BIGINT REFERENCES parts(id),
  asset_id BIGINT REFERENCES assets(id),
  required_skills TEXT, -- a JSON array of skill names
  first_contact_resolution INTEGER NOT NULL DEFAULT 0,
  reopen_count INTEGER NOT NULL DEFAULT 0,
  inbound_replies INTEGER NOT NULL DEFAULT 0,
  outbound_replies INTEGER NOT NULL DEFAULT 0,
  opened_at TEXT NOT NULL,
  resolved_at TEXT,
  closed_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cases_status ON cases(status, updated_at, id);
CREATE INDEX cases_assignee ON cases(assignee_id, status, updated_at);
CREATE INDEX cases_team ON cases(team_id, status, updated_at);
CREATE INDEX cases_account ON cases(account_id, opened_at, id);
CREATE INDEX cases_priority ON cases(priority, opened_at, id);
CREATE INDEX cases_updated ON cases(updated_at, id);
CREATE INDEX cases_opened ON cases(opened_at, id);

-- The case timeline: public replies (inbound from the customer or outbound
-- from us), internal notes, status changes and assignment changes.
CREATE TABLE case_events (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES cases(id),
  kind TEXT NOT NULL,       -- reply, note, status_change, assignment_change
  visibility TEXT NOT NULL, -- public or internal
  direction TEXT,           -- replies: inbound or outbound
  body TEXT,
  from_status TEXT,
  to_status TEXT,
  from_assignee_id BIGINT REFERENCES users(id),
  to_assignee_id BIGINT REFERENCES users(id),
  from_team_id BIGINT REFERENCES teams(id),
  to_team_id BIGINT REFERENCES teams(id),
  author_id BIGINT REFERENCES users(id),
  at TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events(case_id, at, id);
