-- 003: complaint handling after ISO 10002 and corrective actions (DOMAIN.md
-- §2, docs/CASES.md). One complaint record per complaint-type case, keyed by
-- the case; its escalations; CAPAs raised from complaint cases; and the
-- complaint step on the case timeline.
CREATE TABLE complaints (
  case_id BIGINT PRIMARY KEY REFERENCES cases(id),
  step TEXT NOT NULL,            -- received … followed_up
  severity TEXT,                 -- minor, major, critical, safety
  impact TEXT,
  investigation TEXT,            -- the investigation's findings
  five_whys TEXT,                -- a JSON array of 1-5 answers
  cause_category TEXT,           -- 6M: man, machine, method, material, measurement, environment
  systemic INTEGER NOT NULL DEFAULT 0,
  remedy TEXT,                   -- replace, repair, credit, explain, other
  resolution TEXT,
  satisfied INTEGER,             -- NULL until the follow-up asked; then 0 or 1
  follow_up_note TEXT,
  escalation_level TEXT NOT NULL DEFAULT 'front_line',
  acknowledged_at TEXT,
  communicated_at TEXT,
  closed_at TEXT,
  followed_up_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX complaints_category ON complaints(cause_category, closed_at);

-- Complaint cases opened before this migration get their record too.
INSERT INTO complaints (case_id, step, created_at, updated_at)
  SELECT id, 'received', created_at, created_at FROM cases WHERE type = 'complaint';

CREATE TABLE complaint_escalations (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES complaints(case_id),
  level TEXT NOT NULL,
  reason TEXT NOT NULL,
  by_id BIGINT REFERENCES users(id),
  at TEXT NOT NULL
);
CREATE INDEX complaint_escalations_case ON complaint_escalations(case_id, at, id);

CREATE TABLE capas (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES cases(id),
  title TEXT NOT NULL,
  description TEXT,
  owner_id BIGINT NOT NULL REFERENCES users(id),
  due_on TEXT NOT NULL,
  status TEXT NOT NULL,          -- open, in_progress, done
  effectiveness TEXT,            -- verified_effective, not_effective
  effectiveness_note TEXT,
  verified_at TEXT,
  verified_by_id BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX capas_case ON capas(case_id, id);
CREATE INDEX capas_due ON capas(status, due_on, id);
CREATE INDEX capas_owner ON capas(owner_id, due_on, id);

-- The complaint step a timeline event records (kind complaint_step).
ALTER TABLE case_events ADD COLUMN step TEXT;
