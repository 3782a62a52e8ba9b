-- 007: satisfaction (docs/SATISFACTION.md): surveys and their triggers,
-- invitations (only a hash of each link's token is kept), the answers with
-- the scale and direction they were given on, qualitative feedback tagged by
-- theme, and follow-up tasks: work someone owns about an account, with a due
-- date and an outcome — a survey's follow-up of a low score, a proactive
-- contact, a win-back call, a loyalty review.
CREATE TABLE surveys (
  id {{ID}},
  name TEXT NOT NULL,
  type TEXT NOT NULL,                 -- csat, nps, ces
  question TEXT NOT NULL,
  scale_min INTEGER NOT NULL,
  scale_max INTEGER NOT NULL,
  high_is_good INTEGER NOT NULL,
  low_label TEXT,                     -- what the lowest score means ("Very dissatisfied")
  high_label TEXT,
  comment_prompt TEXT,                -- NULL: no comment asked
  custom_questions TEXT,              -- JSON array of free-text questions
  trigger_kind TEXT NOT NULL,         -- manual, case_resolved, relationship
  case_types TEXT,                    -- JSON array; case_resolved only; empty: every type
  delay_hours INTEGER NOT NULL DEFAULT 0,
  every_days INTEGER,                 -- relationship only: how often each account is asked
  cap_days INTEGER NOT NULL DEFAULT 30, -- a contact is invited at most once in this many days
  expires_days INTEGER NOT NULL DEFAULT 30,
  follow_up_owner_id BIGINT REFERENCES users(id), -- when an account has no manager
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE survey_invitations (
  id {{ID}},
  survey_id BIGINT NOT NULL REFERENCES surveys(id),
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  contact_id BIGINT NOT NULL REFERENCES contacts(id),
  case_id BIGINT REFERENCES cases(id),
  -- what the figures are grouped by, as they were when the invitation was made
  team_id BIGINT,
  agent_id BIGINT,
  case_type TEXT,
  part_id BIGINT,
  delivery TEXT NOT NULL,             -- email, link
  token_hash TEXT UNIQUE,             -- set when the link is made (at sending for email)
  send_after TEXT NOT NULL,
  mail_status TEXT NOT NULL,          -- pending, sending, sent, failed, not_mailed
  mail_detail TEXT,
  sent_at TEXT,                       -- when the link went out (mailed or handed over)
  expires_at TEXT,
  answered_at TEXT,
  created_by_id BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX survey_invitations_due ON survey_invitations(mail_status, send_after, id);
CREATE INDEX survey_invitations_contact ON survey_invitations(contact_id, created_at);
CREATE INDEX survey_invitations_account ON survey_invitations(survey_id, account_id, created_at);
CREATE INDEX survey_invitations_case ON survey_invitations(case_id);

CREATE TABLE survey_responses (
  id {{ID}},
  invitation_id BIGINT NOT NULL UNIQUE REFERENCES survey_invitations(id),
  survey_id BIGINT NOT NULL REFERENCES surveys(id),
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  contact_id BIGINT NOT NULL REFERENCES contacts(id),
  case_id BIGINT REFERENCES cases(id),
  team_id BIGINT,
  agent_id BIGINT,
  case_type TEXT,
  part_id BIGINT,
  survey_type TEXT NOT NULL,          -- the survey's, kept with each answer
  question TEXT NOT NULL,
  score INTEGER NOT NULL,
  scale_min INTEGER NOT NULL,
  scale_max INTEGER NOT NULL,
  high_is_good INTEGER NOT NULL,
  low_score INTEGER NOT NULL,         -- opened a follow-up
  comment TEXT,
  answers TEXT,                       -- JSON array of {question, answer}
  answered_at TEXT NOT NULL
);
CREATE INDEX survey_responses_answered ON survey_responses(answered_at, id);
CREATE INDEX survey_responses_account ON survey_responses(account_id, answered_at, id);

CREATE TABLE feedback_records (
  id {{ID}},
  kind TEXT NOT NULL,                 -- focus_group, site_visit, mystery_shopping, free_comment
  account_id BIGINT REFERENCES accounts(id),
  survey_response_id BIGINT REFERENCES survey_responses(id),
  occurred_on TEXT NOT NULL,
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  themes TEXT NOT NULL,               -- JSON array of theme tags
  recorded_by_id BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX feedback_records_when ON feedback_records(occurred_on, id);
CREATE INDEX feedback_records_account ON feedback_records(account_id, occurred_on, id);

CREATE TABLE tasks (
  id {{ID}},
  kind TEXT NOT NULL,                 -- survey_follow_up, proactive_contact, win_back, loyalty_review, other
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  contact_id BIGINT REFERENCES contacts(id),
  case_id BIGINT REFERENCES cases(id),
  survey_response_id BIGINT REFERENCES survey_responses(id), -- the low answer it follows up (set by forgedesk only)
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
