-- A case's next-update clock can be warned about and breached once per wait
-- for an update (each unanswered customer message starts one), not once in
-- the case's life: escalations are now unique per wait. The other clocks
-- have one wait, 1. The table is rebuilt (SQLite cannot drop a constraint),
-- keeping every id, which the audit trail refers to.
CREATE TABLE sla_escalations_by_wait (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES cases(id),
  target TEXT NOT NULL, -- first_response, next_update, resolution, acknowledgement
  level TEXT NOT NULL,  -- warning_1, warning_2, breach
  wait INTEGER NOT NULL DEFAULT 1, -- next_update: which wait for an update (1 = the first)
  notify_user_id BIGINT REFERENCES users(id),
  notify_status TEXT NOT NULL, -- pending, sending, sent, failed, not_sent
  notify_detail TEXT,
  created_at TEXT NOT NULL,
  notified_at TEXT,
  UNIQUE (case_id, target, level, wait)
);
INSERT INTO sla_escalations_by_wait (id, case_id, target, level, wait, notify_user_id, notify_status, notify_detail,
                                     created_at, notified_at)
SELECT id, case_id, target, level, 1, notify_user_id, notify_status, notify_detail, created_at, notified_at
FROM sla_escalations;
DROP TABLE sla_escalations;
ALTER TABLE sla_escalations_by_wait RENAME TO sla_escalations;
CREATE INDEX sla_escalations_notify ON sla_escalations(notify_status, id);
{{POSTGRES: SELECT setval(pg_get_serial_sequence('sla_escalations', 'id'), COALESCE((SELECT MAX(id) FROM sla_escalations), 0) + 1, false);}}
