-- 013: managing individuals' performance (DOMAIN.md §4,
-- docs/PERFORMANCE-MANAGEMENT.md): objectives (organisational, team and
-- personal, nested), KPI standards linked to an objective, feedback and
-- one-to-ones. Targets and baselines are whole numbers in the metric's unit.
CREATE TABLE perf_objectives (
  id {{ID}},
  level TEXT NOT NULL,              -- organisation, team, personal
  title TEXT NOT NULL,
  description TEXT,
  owner_id BIGINT REFERENCES users(id),   -- personal objectives: the person; others: who answers for it
  team_id BIGINT REFERENCES teams(id),
  parent_id BIGINT REFERENCES perf_objectives(id), -- the team or organisational objective it serves
  metric TEXT,                      -- a KPI name, or a measure in words
  baseline INTEGER,
  target INTEGER,
  deadline TEXT,
  status TEXT NOT NULL,             -- draft, active, achieved, missed, dropped
  created_by_id BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX perf_objectives_owner ON perf_objectives(owner_id, deadline, id);
CREATE INDEX perf_objectives_parent ON perf_objectives(parent_id);

CREATE TABLE perf_standards (
  id {{ID}},
  kpi TEXT NOT NULL,
  role TEXT,                        -- the standard of everyone with this role ...
  team_id BIGINT REFERENCES teams(id), -- ... or of one team's people (wins over the role's)
  target INTEGER NOT NULL,
  objective_id BIGINT NOT NULL REFERENCES perf_objectives(id),
  signal_periods INTEGER NOT NULL,  -- periods below standard in a row that raise a signal
  signal_period TEXT NOT NULL,      -- week, month
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE perf_feedback (
  id {{ID}},
  person_id BIGINT NOT NULL REFERENCES users(id),
  author_id BIGINT NOT NULL REFERENCES users(id),
  given_on TEXT NOT NULL,
  kind TEXT NOT NULL,               -- praise, development
  situation TEXT NOT NULL,
  behaviour TEXT NOT NULL,
  impact TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX perf_feedback_person ON perf_feedback(person_id, given_on, id);

CREATE TABLE one_to_ones (
  id {{ID}},
  person_id BIGINT NOT NULL REFERENCES users(id),
  manager_id BIGINT NOT NULL REFERENCES users(id),
  held_on TEXT NOT NULL,
  person_preparation TEXT,
  manager_preparation TEXT,
  goal TEXT,
  reality TEXT,
  options TEXT,
  way_forward TEXT,
  actions TEXT NOT NULL,            -- JSON array of {title, owner_id, due_on, done}
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX one_to_ones_person ON one_to_ones(person_id, held_on, id);

-- Underperformance cases: capability or conduct, their evidence, the causes
-- considered, and each stage as it was recorded (JSON, oldest first).
CREATE TABLE perf_cases (
  id {{ID}},
  person_id BIGINT NOT NULL REFERENCES users(id),
  manager_id BIGINT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL,               -- capability, conduct
  concern TEXT NOT NULL,
  stage TEXT NOT NULL,              -- the latest stage (src/core/perf_case.c)
  evidence TEXT NOT NULL,           -- JSON array of {kind, note, ref_id?, period?}
  causes TEXT,                      -- JSON object: training, resources, workload, personal_circumstances, health
  stages TEXT NOT NULL,             -- JSON array of the stages recorded
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX perf_cases_person ON perf_cases(person_id, id);
