-- 003: business calendars, SLA policies, each case's clocks and the
-- escalations they caused (docs/SLA.md). {{ID}} and {{BYTES}} as in 001.
CREATE TABLE calendars (
  id {{ID}},
  name TEXT NOT NULL,
  calendar TEXT NOT NULL, -- the calendar's JSON form (docs/CALENDARS.md)
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE sla_policies (
  id {{ID}},
  name TEXT NOT NULL,
  calendar_id BIGINT NOT NULL REFERENCES calendars(id),
  targets TEXT NOT NULL,        -- JSON: {"1": {"first_response": 60, ...}, ...}
  pause_statuses TEXT NOT NULL, -- JSON array of statuses
  warn_at TEXT NOT NULL,        -- JSON array of percentages
  acknowledgement INTEGER,      -- business minutes, complaints only
  review_on TEXT NOT NULL,
  is_default INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
-- At most one default policy; the API keeps it exactly one once any exists.
CREATE UNIQUE INDEX sla_policies_default ON sla_policies(is_default) WHERE is_default = 1;
CREATE INDEX sla_policies_calendar ON sla_policies(calendar_id);

ALTER TABLE accounts ADD COLUMN sla_policy_id BIGINT REFERENCES sla_policies(id);

-- A case's clocks as last computed: recomputed in the transaction of every
-- change to the case, and by the scheduler when next_check_at has passed.
CREATE TABLE case_sla (
  case_id BIGINT PRIMARY KEY REFERENCES cases(id),
  policy_id BIGINT REFERENCES sla_policies(id),
  priority INTEGER NOT NULL,
  state TEXT NOT NULL,          -- the worst clock: breached, running, paused, met, not_applicable
  due_at TEXT,                  -- the earliest due of a running clock (time to breach)
  at_risk TEXT,                 -- that clock's name
  next_check_at TEXT,           -- when the scheduler must look again; NULL when nothing changes by itself
  first_response TEXT NOT NULL, -- each clock's state
  next_update TEXT NOT NULL,
  resolution TEXT NOT NULL,
  acknowledgement TEXT NOT NULL,
  next_update_breaches INTEGER NOT NULL DEFAULT 0,
  computed_at TEXT NOT NULL
);
CREATE INDEX case_sla_next_check ON case_sla(next_check_at);
CREATE INDEX case_sla_due ON case_sla(due_at, case_id);
-- Open cases from before this migration are due at once: the scheduler
-- computes them on its first pass.
INSERT INTO case_sla (case_id, priority, state, next_check_at, first_response, next_update, resolution,
                      acknowledgement, computed_at)
SELECT id, priority, 'not_applicable', '1970-01-01T00:00:00Z', 'not_applicable', 'not_applicable',
       'not_applicable', 'not_applicable', '1970-01-01T00:00:00Z'
FROM cases WHERE status NOT IN ('resolved', 'closed');

-- Each warning and breach of a case's clock, recorded exactly once.
CREATE TABLE sla_escalations (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES cases(id),
  target TEXT NOT NULL, -- first_response, next_update, resolution, acknowledgement
  level TEXT NOT NULL,  -- warning_1, warning_2, breach
  notify_user_id BIGINT REFERENCES users(id),
  notify_status TEXT NOT NULL, -- pending, sending, sent, failed, not_sent
  notify_detail TEXT,
  created_at TEXT NOT NULL,
  notified_at TEXT,
  UNIQUE (case_id, target, level)
);
CREATE INDEX sla_escalations_notify ON sla_escalations(notify_status, id);
