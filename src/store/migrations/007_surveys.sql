-- 007: follow-up tasks (docs/SATISFACTION.md): work someone owns about an
-- account, with a due date and an outcome — a survey's follow-up of a low
-- score, a proactive contact, a win-back call, a loyalty review.
CREATE TABLE tasks (
  id {{ID}},
  kind TEXT NOT NULL,                 -- survey_follow_up, proactive_contact, win_back, loyalty_review, other
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  contact_id BIGINT REFERENCES contacts(id),
  case_id BIGINT REFERENCES cases(id),
  survey_response_id BIGINT,          -- the answer whose low score opened it (set by forgedesk only)
  owner_id BIGINT NOT NULL REFERENCES users(id),
  due_on TEXT NOT NULL,
  status TEXT NOT NULL,               -- open, done, cancelled
  outcome TEXT,
  title TEXT NOT NULL,
  notes TEXT,
  completed_at TEXT,                  -- when it was done or cancelled
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX tasks_owner ON tasks(owner_id, status, due_on, id);
CREATE INDEX tasks_account ON tasks(account_id, created_at, id);
CREATE INDEX tasks_due ON tasks(status, due_on, id);
