-- 006: quality checks and team communication (DOMAIN.md §4, docs/QUALITY.md).
-- QA scorecards with their criteria, the reviews of cases and interactions
-- (spot checks drawn by the sampling rules, audits on demand, calibration),
-- calibration sessions, the corrective actions of failed reviews, and team
-- meetings with their action items. {{ID}} as in 001.
CREATE TABLE qa_scorecards (
  id {{ID}},
  name TEXT NOT NULL,
  description TEXT,
  pass_mark INTEGER NOT NULL,   -- 0..100: a review at or above it passes
  criteria TEXT NOT NULL,       -- JSON array of {key, section, label, scale, weight, critical, root_cause}
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE qa_sampling_rules (
  id {{ID}},
  name TEXT NOT NULL,
  team_id BIGINT NOT NULL REFERENCES teams(id),
  scorecard_id BIGINT NOT NULL REFERENCES qa_scorecards(id),
  reviewer_id BIGINT NOT NULL REFERENCES users(id),
  per_week INTEGER NOT NULL,    -- spot checks per person per week
  source TEXT NOT NULL,         -- cases, interactions, both
  seed BIGINT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE qa_calibrations (
  id {{ID}},
  title TEXT NOT NULL,
  scorecard_id BIGINT NOT NULL REFERENCES qa_scorecards(id),
  case_id BIGINT REFERENCES cases(id),
  interaction_id BIGINT REFERENCES interactions(id),
  agent_id BIGINT NOT NULL REFERENCES users(id),
  deadline_at TEXT NOT NULL,
  created_by_id BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE qa_reviews (
  id {{ID}},
  scorecard_id BIGINT NOT NULL REFERENCES qa_scorecards(id),
  kind TEXT NOT NULL,           -- spot_check, audit, calibration
  case_id BIGINT REFERENCES cases(id),
  interaction_id BIGINT REFERENCES interactions(id),
  subject_key TEXT NOT NULL,    -- "case:<id>" or "interaction:<id>"
  agent_id BIGINT NOT NULL REFERENCES users(id),     -- the person reviewed
  reviewer_id BIGINT NOT NULL REFERENCES users(id),
  calibration_id BIGINT REFERENCES qa_calibrations(id),
  sampling_rule_id BIGINT REFERENCES qa_sampling_rules(id),
  sample_week TEXT,             -- the Monday of the week a spot check was drawn for
  status TEXT NOT NULL,         -- queued, submitted
  ratings TEXT,                 -- JSON array of {key, rating|null, comment, root_cause}
  score_centi INTEGER,          -- the score × 100, rounded
  passed INTEGER,
  critical_failed INTEGER,
  comment TEXT,
  submitted_at TEXT,
  response TEXT,                -- the reviewed person's answer
  responded_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
-- A person's week is drawn once per rule: a second run adds nothing.
CREATE UNIQUE INDEX qa_reviews_sample ON qa_reviews(sampling_rule_id, agent_id, sample_week, subject_key);
CREATE INDEX qa_reviews_agent ON qa_reviews(agent_id, kind, submitted_at);
CREATE INDEX qa_reviews_reviewer ON qa_reviews(reviewer_id, status, id);
CREATE INDEX qa_reviews_calibration ON qa_reviews(calibration_id);
-- One calibration score per reviewer and session.
CREATE UNIQUE INDEX qa_reviews_calibrator ON qa_reviews(calibration_id, reviewer_id);

CREATE TABLE qa_actions (
  id {{ID}},
  review_id BIGINT NOT NULL REFERENCES qa_reviews(id),
  agent_id BIGINT NOT NULL REFERENCES users(id),
  owner_id BIGINT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL,           -- coaching, refresher_training, side_by_side, other
  title TEXT NOT NULL,
  description TEXT,
  due_on TEXT NOT NULL,
  status TEXT NOT NULL,         -- open, in_progress, done
  outcome TEXT,
  done_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX qa_actions_agent ON qa_actions(agent_id, status, due_on);
CREATE INDEX qa_actions_owner ON qa_actions(owner_id, status, due_on);
CREATE INDEX qa_actions_review ON qa_actions(review_id);

CREATE TABLE meetings (
  id {{ID}},
  kind TEXT NOT NULL,           -- briefing, team_meeting
  title TEXT NOT NULL,
  team_id BIGINT REFERENCES teams(id),
  held_at TEXT NOT NULL,
  organiser_id BIGINT NOT NULL REFERENCES users(id),
  agenda TEXT,                  -- JSON array of texts
  attendee_ids TEXT NOT NULL,   -- JSON array of user ids
  notes TEXT,
  decisions TEXT,               -- JSON array of texts
  case_ids TEXT,                -- JSON array of case ids (complaints are cases)
  kpis TEXT,                    -- JSON array of KPI names
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX meetings_team ON meetings(team_id, held_at);

CREATE TABLE meeting_actions (
  id {{ID}},
  meeting_id BIGINT NOT NULL REFERENCES meetings(id),
  title TEXT NOT NULL,
  owner_id BIGINT NOT NULL REFERENCES users(id),
  due_on TEXT NOT NULL,
  done INTEGER NOT NULL DEFAULT 0,
  done_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX meeting_actions_meeting ON meeting_actions(meeting_id, id);
CREATE INDEX meeting_actions_owner ON meeting_actions(owner_id, done, due_on);
