-- 013: appraisal cycles and appraisals, and the letters of underperformance
-- cases (docs/PERFORMANCE-MANAGEMENT.md). Scores and weights are whole
-- numbers (scores 0-100); the overall rating is computed on read by the
-- core (appraisal_overall), never stored.
CREATE TABLE perf_appraisal_cycles (
  id {{ID}},
  name TEXT NOT NULL,
  period_from TEXT NOT NULL,        -- the review period, YYYY-MM-DD
  period_to TEXT NOT NULL,
  weight_objectives INTEGER NOT NULL,
  weight_kpis INTEGER NOT NULL,
  weight_feedback INTEGER NOT NULL,
  weight_self INTEGER NOT NULL,
  status TEXT NOT NULL,             -- open, closed
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE perf_appraisals (
  id {{ID}},
  cycle_id BIGINT NOT NULL REFERENCES perf_appraisal_cycles(id),
  person_id BIGINT NOT NULL REFERENCES users(id),
  manager_id BIGINT NOT NULL REFERENCES users(id),
  objectives_score INTEGER,         -- NULL: the component is not used for this person
  kpis_score INTEGER,
  feedback_score INTEGER,
  self_score INTEGER,               -- the person's own
  self_assessment TEXT,             -- the person's own
  manager_comment TEXT,
  status TEXT NOT NULL,             -- open, completed
  completed_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (cycle_id, person_id)
);
CREATE INDEX perf_appraisals_person ON perf_appraisals(person_id, id);

-- The letters of an underperformance case: generated from the record when a
-- stage is recorded, editable while a draft, never changed once issued.
CREATE TABLE perf_case_letters (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES perf_cases(id),
  stage_index INTEGER NOT NULL,     -- the stage of perf_cases.stages it confirms, 0 first
  kind TEXT NOT NULL,               -- formal_meeting_notice, improvement_note, outcome, appeal_outcome
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,             -- draft, issued
  created_by_id BIGINT NOT NULL REFERENCES users(id),
  issued_by_id BIGINT REFERENCES users(id),
  issued_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX perf_case_letters_case ON perf_case_letters(case_id, id);
