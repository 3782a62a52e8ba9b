-- 005: skills, development goals, rosters, each team's allocation settings
-- and the rationale of every assignment (DOMAIN.md §4, docs/TEAM.md).
-- {{ID}} and {{BYTES}} as in 001.
CREATE TABLE skills (
  id {{ID}},
  name TEXT {{BYTES}} NOT NULL UNIQUE, -- a-z, 0-9, '_', '-': what cases name in required_skills
  label TEXT NOT NULL,
  case_level INTEGER NOT NULL,         -- the level a case needing it asks for (one more at priority 1)
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

-- A person's level in a skill, 0 (none) to 4 (expert); no row is level 0.
CREATE TABLE user_skills (
  user_id BIGINT NOT NULL REFERENCES users(id),
  skill_id BIGINT NOT NULL REFERENCES skills(id),
  level INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (user_id, skill_id)
);
CREATE INDEX user_skills_skill ON user_skills(skill_id);

CREATE TABLE development_goals (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users(id),
  skill_id BIGINT NOT NULL REFERENCES skills(id),
  target_level INTEGER NOT NULL,
  due_on TEXT NOT NULL,
  mentor_id BIGINT NOT NULL REFERENCES users(id),
  status TEXT NOT NULL, -- open, achieved, dropped
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX development_goals_user ON development_goals(user_id, status);

-- Shifts and absences. An absence says only that someone is away, never why
-- in health terms (data minimisation): its reason is holiday, training,
-- leave or other.
CREATE TABLE roster_entries (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL, -- shift, absence
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  reason TEXT,
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX roster_entries_user ON roster_entries(user_id, ends_at);
CREATE INDEX roster_entries_ends ON roster_entries(ends_at, starts_at);

-- How a team allocates; a team without a row allocates by hand.
CREATE TABLE team_allocation (
  team_id BIGINT PRIMARY KEY REFERENCES teams(id),
  mode TEXT NOT NULL,                            -- manual, suggest, automatic
  calendar_id BIGINT REFERENCES calendars(id),   -- the hours of people without shifts
  max_load INTEGER NOT NULL,                     -- workload points at which a person takes no more
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

-- Every assignment decided, automatic or by hand, and every suggestion,
-- with the candidates considered and the rule that decided.
CREATE TABLE case_allocations (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES cases(id),
  team_id BIGINT REFERENCES teams(id),
  kind TEXT NOT NULL,       -- automatic, suggestion, manual
  assignee_id BIGINT REFERENCES users(id),
  rule TEXT NOT NULL,       -- least_workload, high_risk, stretch, nobody, manual, accepted
  risk TEXT NOT NULL,       -- low, medium, high
  priority INTEGER NOT NULL,
  complexity INTEGER NOT NULL,
  stretch INTEGER NOT NULL DEFAULT 0,
  mentor_id BIGINT REFERENCES users(id),
  reason TEXT,              -- why a person chose by hand
  summary TEXT NOT NULL,    -- the decision in plain words
  rationale TEXT NOT NULL,  -- JSON: {"rule_text", "candidates": [...]}
  decided_by BIGINT REFERENCES users(id),
  at TEXT NOT NULL
);
CREATE INDEX case_allocations_case ON case_allocations(case_id, id);
CREATE INDEX case_allocations_at ON case_allocations(at, team_id);

-- A mentor told of a stretch case; mailed by the scheduler when serve has --smtp.
CREATE TABLE allocation_notices (
  id {{ID}},
  allocation_id BIGINT NOT NULL REFERENCES case_allocations(id),
  case_id BIGINT NOT NULL REFERENCES cases(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  body TEXT NOT NULL,
  status TEXT NOT NULL, -- pending, sending, sent, failed, not_sent
  detail TEXT,
  created_at TEXT NOT NULL,
  notified_at TEXT
);
CREATE INDEX allocation_notices_status ON allocation_notices(status, id);
CREATE INDEX allocation_notices_user ON allocation_notices(user_id, id);
