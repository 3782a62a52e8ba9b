-- 022: the SQLite triggers that mark roll-up buckets on a change to a case,
-- its SLA clocks or its timeline (015, 020) mark them with an upsert that does
-- nothing on a mark already there, instead of SELECT DISTINCT … WHERE NOT
-- EXISTS: the same marks (rollup_dirty's key is (kind, key_id, day), so a
-- repeated or existing mark is skipped either way), without the two
-- temporary tables SQLite builds for every such statement (the DISTINCT, and
-- the copy of rows read from the table being written). They ran on every
-- case created; see docs/PERFORMANCE.md, "Case writes". PostgreSQL's mark
-- functions are unchanged.
{{SQLITE:
DROP TRIGGER rollup_cases_insert;
CREATE TRIGGER rollup_cases_insert AFTER INSERT ON cases BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT k, i, d FROM (SELECT 'agent_cases' AS k, NEW.assignee_id AS i, SUBSTR(NEW.resolved_at, 1, 10) AS d WHERE NEW.assignee_id IS NOT NULL AND NEW.resolved_at IS NOT NULL) m
    WHERE true ON CONFLICT (kind, key_id, day) DO NOTHING;
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT k, i, d FROM (SELECT 'account_sla' AS k, NEW.account_id AS i, SUBSTR(NEW.opened_at, 1, 10) AS d) m
    WHERE true ON CONFLICT (kind, key_id, day) DO NOTHING;
END;
DROP TRIGGER rollup_cases_update;
CREATE TRIGGER rollup_cases_update AFTER UPDATE ON cases WHEN OLD.assignee_id IS NOT NEW.assignee_id
  OR OLD.resolved_at IS NOT NEW.resolved_at OR OLD.opened_at IS NOT NEW.opened_at
  OR OLD.first_contact_resolution IS NOT NEW.first_contact_resolution OR OLD.reopen_count IS NOT NEW.reopen_count
  OR OLD.account_id IS NOT NEW.account_id OR OLD.type IS NOT NEW.type BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT k, i, d FROM (SELECT 'agent_cases' AS k, OLD.assignee_id AS i, SUBSTR(OLD.resolved_at, 1, 10) AS d WHERE OLD.assignee_id IS NOT NULL AND OLD.resolved_at IS NOT NULL) m
    WHERE true ON CONFLICT (kind, key_id, day) DO NOTHING;
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT k, i, d FROM (SELECT 'agent_cases' AS k, NEW.assignee_id AS i, SUBSTR(NEW.resolved_at, 1, 10) AS d WHERE NEW.assignee_id IS NOT NULL AND NEW.resolved_at IS NOT NULL) m
    WHERE true ON CONFLICT (kind, key_id, day) DO NOTHING;
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT k, i, d FROM (SELECT 'account_sla' AS k, OLD.account_id AS i, SUBSTR(OLD.opened_at, 1, 10) AS d WHERE OLD.account_id IS NOT NEW.account_id OR OLD.opened_at IS NOT NEW.opened_at OR OLD.type IS NOT NEW.type) m
    WHERE true ON CONFLICT (kind, key_id, day) DO NOTHING;
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT k, i, d FROM (SELECT 'account_sla' AS k, NEW.account_id AS i, SUBSTR(NEW.opened_at, 1, 10) AS d WHERE OLD.account_id IS NOT NEW.account_id OR OLD.opened_at IS NOT NEW.opened_at OR OLD.type IS NOT NEW.type) m
    WHERE true ON CONFLICT (kind, key_id, day) DO NOTHING;
END;
DROP TRIGGER rollup_cases_delete;
CREATE TRIGGER rollup_cases_delete AFTER DELETE ON cases BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT k, i, d FROM (SELECT 'agent_cases' AS k, OLD.assignee_id AS i, SUBSTR(OLD.resolved_at, 1, 10) AS d WHERE OLD.assignee_id IS NOT NULL AND OLD.resolved_at IS NOT NULL) m
    WHERE true ON CONFLICT (kind, key_id, day) DO NOTHING;
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT k, i, d FROM (SELECT 'account_sla' AS k, OLD.account_id AS i, SUBSTR(OLD.opened_at, 1, 10) AS d) m
    WHERE true ON CONFLICT (kind, key_id, day) DO NOTHING;
END;
DROP TRIGGER rollup_case_sla_insert;
CREATE TRIGGER rollup_case_sla_insert AFTER INSERT ON case_sla BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT k, i, d FROM (SELECT 'agent_cases' AS k, c.assignee_id AS i, SUBSTR(c.resolved_at, 1, 10) AS d FROM cases c WHERE c.id = NEW.case_id AND c.assignee_id IS NOT NULL AND c.resolved_at IS NOT NULL) m
    WHERE true ON CONFLICT (kind, key_id, day) DO NOTHING;
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT k, i, d FROM (SELECT 'account_sla' AS k, c.account_id AS i, SUBSTR(c.opened_at, 1, 10) AS d FROM cases c WHERE c.id = NEW.case_id) m
    WHERE true ON CONFLICT (kind, key_id, day) DO NOTHING;
END;
DROP TRIGGER rollup_case_sla_update;
CREATE TRIGGER rollup_case_sla_update AFTER UPDATE ON case_sla WHEN OLD.case_id IS NOT NEW.case_id
  OR OLD.policy_id IS NOT NEW.policy_id OR OLD.state IS NOT NEW.state
  OR OLD.first_response IS NOT NEW.first_response OR OLD.next_update IS NOT NEW.next_update
  OR OLD.resolution IS NOT NEW.resolution OR OLD.acknowledgement IS NOT NEW.acknowledgement BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT k, i, d FROM (SELECT 'agent_cases' AS k, c.assignee_id AS i, SUBSTR(c.resolved_at, 1, 10) AS d FROM cases c WHERE c.id IN (OLD.case_id, NEW.case_id) AND c.assignee_id IS NOT NULL AND c.resolved_at IS NOT NULL) m
    WHERE true ON CONFLICT (kind, key_id, day) DO NOTHING;
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT k, i, d FROM (SELECT 'account_sla' AS k, c.account_id AS i, SUBSTR(c.opened_at, 1, 10) AS d FROM cases c WHERE c.id IN (OLD.case_id, NEW.case_id)) m
    WHERE true ON CONFLICT (kind, key_id, day) DO NOTHING;
END;
DROP TRIGGER rollup_case_sla_delete;
CREATE TRIGGER rollup_case_sla_delete AFTER DELETE ON case_sla BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT k, i, d FROM (SELECT 'agent_cases' AS k, c.assignee_id AS i, SUBSTR(c.resolved_at, 1, 10) AS d FROM cases c WHERE c.id = OLD.case_id AND c.assignee_id IS NOT NULL AND c.resolved_at IS NOT NULL) m
    WHERE true ON CONFLICT (kind, key_id, day) DO NOTHING;
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT k, i, d FROM (SELECT 'account_sla' AS k, c.account_id AS i, SUBSTR(c.opened_at, 1, 10) AS d FROM cases c WHERE c.id = OLD.case_id) m
    WHERE true ON CONFLICT (kind, key_id, day) DO NOTHING;
END;
DROP TRIGGER rollup_case_events_insert;
CREATE TRIGGER rollup_case_events_insert AFTER INSERT ON case_events
  WHEN NEW.kind = 'reply' AND NEW.direction = 'outbound' BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT k, i, d FROM (SELECT 'agent_cases' AS k, c.assignee_id AS i, SUBSTR(c.resolved_at, 1, 10) AS d FROM cases c WHERE c.id = NEW.case_id AND c.assignee_id IS NOT NULL AND c.resolved_at IS NOT NULL) m
    WHERE true ON CONFLICT (kind, key_id, day) DO NOTHING;
END;
DROP TRIGGER rollup_case_events_delete;
CREATE TRIGGER rollup_case_events_delete AFTER DELETE ON case_events
  WHEN OLD.kind = 'reply' AND OLD.direction = 'outbound' BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT k, i, d FROM (SELECT 'agent_cases' AS k, c.assignee_id AS i, SUBSTR(c.resolved_at, 1, 10) AS d FROM cases c WHERE c.id = OLD.case_id AND c.assignee_id IS NOT NULL AND c.resolved_at IS NOT NULL) m
    WHERE true ON CONFLICT (kind, key_id, day) DO NOTHING;
END;
DROP TRIGGER rollup_sla_groups_cases_insert;
CREATE TRIGGER rollup_sla_groups_cases_insert AFTER INSERT ON cases BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT m.k, m.i, m.d FROM (SELECT k.k, b.i, b.d FROM (SELECT 'account_team_sla' AS k UNION ALL SELECT 'account_agent_sla') k
    CROSS JOIN (SELECT NEW.account_id AS i, SUBSTR(NEW.opened_at, 1, 10) AS d) b) m
    WHERE true ON CONFLICT (kind, key_id, day) DO NOTHING;
END;
DROP TRIGGER rollup_sla_groups_cases_update;
CREATE TRIGGER rollup_sla_groups_cases_update AFTER UPDATE ON cases WHEN OLD.account_id IS NOT NEW.account_id
  OR OLD.opened_at IS NOT NEW.opened_at OR OLD.team_id IS NOT NEW.team_id OR OLD.assignee_id IS NOT NEW.assignee_id
  OR OLD.priority IS NOT NEW.priority BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT m.k, m.i, m.d FROM (SELECT k.k, b.i, b.d FROM (SELECT 'account_team_sla' AS k UNION ALL SELECT 'account_agent_sla') k
    CROSS JOIN (SELECT OLD.account_id AS i, SUBSTR(OLD.opened_at, 1, 10) AS d UNION SELECT NEW.account_id AS i, SUBSTR(NEW.opened_at, 1, 10) AS d) b) m
    WHERE true ON CONFLICT (kind, key_id, day) DO NOTHING;
END;
DROP TRIGGER rollup_sla_groups_cases_delete;
CREATE TRIGGER rollup_sla_groups_cases_delete AFTER DELETE ON cases BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT m.k, m.i, m.d FROM (SELECT k.k, b.i, b.d FROM (SELECT 'account_team_sla' AS k UNION ALL SELECT 'account_agent_sla') k
    CROSS JOIN (SELECT OLD.account_id AS i, SUBSTR(OLD.opened_at, 1, 10) AS d) b) m
    WHERE true ON CONFLICT (kind, key_id, day) DO NOTHING;
END;
DROP TRIGGER rollup_sla_groups_case_sla_insert;
CREATE TRIGGER rollup_sla_groups_case_sla_insert AFTER INSERT ON case_sla BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT m.k, m.i, m.d FROM (SELECT k.k, b.i, b.d FROM (SELECT 'account_team_sla' AS k UNION ALL SELECT 'account_agent_sla') k
    CROSS JOIN (SELECT c.account_id AS i, SUBSTR(c.opened_at, 1, 10) AS d FROM cases c WHERE c.id = NEW.case_id) b) m
    WHERE true ON CONFLICT (kind, key_id, day) DO NOTHING;
END;
DROP TRIGGER rollup_sla_groups_case_sla_update;
CREATE TRIGGER rollup_sla_groups_case_sla_update AFTER UPDATE ON case_sla WHEN OLD.case_id IS NOT NEW.case_id
  OR OLD.policy_id IS NOT NEW.policy_id OR OLD.first_response IS NOT NEW.first_response
  OR OLD.next_update IS NOT NEW.next_update OR OLD.resolution IS NOT NEW.resolution
  OR OLD.acknowledgement IS NOT NEW.acknowledgement BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT m.k, m.i, m.d FROM (SELECT k.k, b.i, b.d FROM (SELECT 'account_team_sla' AS k UNION ALL SELECT 'account_agent_sla') k
    CROSS JOIN (SELECT c.account_id AS i, SUBSTR(c.opened_at, 1, 10) AS d FROM cases c WHERE c.id IN (OLD.case_id, NEW.case_id)) b) m
    WHERE true ON CONFLICT (kind, key_id, day) DO NOTHING;
END;
DROP TRIGGER rollup_sla_groups_case_sla_delete;
CREATE TRIGGER rollup_sla_groups_case_sla_delete AFTER DELETE ON case_sla BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT m.k, m.i, m.d FROM (SELECT k.k, b.i, b.d FROM (SELECT 'account_team_sla' AS k UNION ALL SELECT 'account_agent_sla') k
    CROSS JOIN (SELECT c.account_id AS i, SUBSTR(c.opened_at, 1, 10) AS d FROM cases c WHERE c.id = OLD.case_id) b) m
    WHERE true ON CONFLICT (kind, key_id, day) DO NOTHING;
END;
}}
{{POSTGRES:SELECT 1;}}
