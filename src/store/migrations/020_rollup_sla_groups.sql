-- 020: roll-ups of SLA compliance by the case's own team and priority, and by
-- its assignee (docs/ROLLUPS.md). The bucket is an account's day of opening,
-- as for account_sla, so a writer marks no bucket other writers mark more
-- often than the account's own; a bucket holds one row per team and
-- priority (account_team_sla) or per assignee (account_agent_sla) of its
-- cases under a policy, 0 standing for no team or no assignee. The reports
-- read the all-accounts sums of the same rows per day (all_team_sla,
-- all_agent_sla), whose days the scheduler marks when it recomputes an
-- account's bucket (src/store/rollups.c).
CREATE TABLE rollup_account_team_sla (
  account_id BIGINT NOT NULL,
  day TEXT NOT NULL,
  team_id BIGINT NOT NULL,
  priority INTEGER NOT NULL,
  sla_cases BIGINT NOT NULL,
  first_response_met BIGINT NOT NULL,
  first_response_breached BIGINT NOT NULL,
  next_update_met BIGINT NOT NULL,
  next_update_breached BIGINT NOT NULL,
  resolution_met BIGINT NOT NULL,
  resolution_breached BIGINT NOT NULL,
  acknowledgement_met BIGINT NOT NULL,
  acknowledgement_breached BIGINT NOT NULL,
  PRIMARY KEY (account_id, day, team_id, priority)
);
CREATE INDEX rollup_account_team_sla_day ON rollup_account_team_sla(day, account_id);
CREATE TABLE rollup_account_agent_sla (
  account_id BIGINT NOT NULL,
  day TEXT NOT NULL,
  user_id BIGINT NOT NULL,
  sla_cases BIGINT NOT NULL,
  first_response_met BIGINT NOT NULL,
  first_response_breached BIGINT NOT NULL,
  next_update_met BIGINT NOT NULL,
  next_update_breached BIGINT NOT NULL,
  resolution_met BIGINT NOT NULL,
  resolution_breached BIGINT NOT NULL,
  acknowledgement_met BIGINT NOT NULL,
  acknowledgement_breached BIGINT NOT NULL,
  PRIMARY KEY (account_id, day, user_id)
);
CREATE INDEX rollup_account_agent_sla_day ON rollup_account_agent_sla(day, account_id);
CREATE TABLE rollup_all_team_sla (
  all_id BIGINT NOT NULL,
  day TEXT NOT NULL,
  team_id BIGINT NOT NULL,
  priority INTEGER NOT NULL,
  sla_cases BIGINT NOT NULL,
  first_response_met BIGINT NOT NULL,
  first_response_breached BIGINT NOT NULL,
  next_update_met BIGINT NOT NULL,
  next_update_breached BIGINT NOT NULL,
  resolution_met BIGINT NOT NULL,
  resolution_breached BIGINT NOT NULL,
  acknowledgement_met BIGINT NOT NULL,
  acknowledgement_breached BIGINT NOT NULL,
  PRIMARY KEY (day, all_id, team_id, priority)
);
CREATE TABLE rollup_all_agent_sla (
  all_id BIGINT NOT NULL,
  day TEXT NOT NULL,
  user_id BIGINT NOT NULL,
  sla_cases BIGINT NOT NULL,
  first_response_met BIGINT NOT NULL,
  first_response_breached BIGINT NOT NULL,
  next_update_met BIGINT NOT NULL,
  next_update_breached BIGINT NOT NULL,
  resolution_met BIGINT NOT NULL,
  resolution_breached BIGINT NOT NULL,
  acknowledgement_met BIGINT NOT NULL,
  acknowledgement_breached BIGINT NOT NULL,
  PRIMARY KEY (day, all_id, user_id)
);

-- Every bucket that has cases is dirty at first: the scheduler (or `kpi refresh`) builds them.
INSERT INTO rollup_dirty (kind, key_id, day)
  SELECT DISTINCT k.kind, c.account_id, SUBSTR(c.opened_at, 1, 10) FROM cases c
  CROSS JOIN (SELECT 'account_team_sla' AS kind UNION ALL SELECT 'account_agent_sla') k;
INSERT INTO rollup_dirty (kind, key_id, day)
  SELECT DISTINCT k.kind, 0, SUBSTR(c.opened_at, 1, 10) FROM cases c
  CROSS JOIN (SELECT 'all_team_sla' AS kind UNION ALL SELECT 'all_agent_sla') k;

-- The marks: a case's account and day of opening (both kinds), before and
-- after a change that moves it between groups or changes its clocks.
{{SQLITE:
CREATE TRIGGER rollup_sla_groups_cases_insert AFTER INSERT ON cases BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT m.k, m.i, m.d FROM (SELECT k.k, b.i, b.d FROM (SELECT 'account_team_sla' AS k UNION ALL SELECT 'account_agent_sla') k
    CROSS JOIN (SELECT NEW.account_id AS i, SUBSTR(NEW.opened_at, 1, 10) AS d) b) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
END;
CREATE TRIGGER rollup_sla_groups_cases_update AFTER UPDATE ON cases WHEN OLD.account_id IS NOT NEW.account_id
  OR OLD.opened_at IS NOT NEW.opened_at OR OLD.team_id IS NOT NEW.team_id OR OLD.assignee_id IS NOT NEW.assignee_id
  OR OLD.priority IS NOT NEW.priority BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT m.k, m.i, m.d FROM (SELECT k.k, b.i, b.d FROM (SELECT 'account_team_sla' AS k UNION ALL SELECT 'account_agent_sla') k
    CROSS JOIN (SELECT OLD.account_id AS i, SUBSTR(OLD.opened_at, 1, 10) AS d UNION SELECT NEW.account_id AS i, SUBSTR(NEW.opened_at, 1, 10) AS d) b) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
END;
CREATE TRIGGER rollup_sla_groups_cases_delete AFTER DELETE ON cases BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT m.k, m.i, m.d FROM (SELECT k.k, b.i, b.d FROM (SELECT 'account_team_sla' AS k UNION ALL SELECT 'account_agent_sla') k
    CROSS JOIN (SELECT OLD.account_id AS i, SUBSTR(OLD.opened_at, 1, 10) AS d) b) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
END;
CREATE TRIGGER rollup_sla_groups_case_sla_insert AFTER INSERT ON case_sla BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT m.k, m.i, m.d FROM (SELECT k.k, b.i, b.d FROM (SELECT 'account_team_sla' AS k UNION ALL SELECT 'account_agent_sla') k
    CROSS JOIN (SELECT c.account_id AS i, SUBSTR(c.opened_at, 1, 10) AS d FROM cases c WHERE c.id = NEW.case_id) b) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
END;
CREATE TRIGGER rollup_sla_groups_case_sla_update AFTER UPDATE ON case_sla WHEN OLD.case_id IS NOT NEW.case_id
  OR OLD.policy_id IS NOT NEW.policy_id OR OLD.first_response IS NOT NEW.first_response
  OR OLD.next_update IS NOT NEW.next_update OR OLD.resolution IS NOT NEW.resolution
  OR OLD.acknowledgement IS NOT NEW.acknowledgement BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT m.k, m.i, m.d FROM (SELECT k.k, b.i, b.d FROM (SELECT 'account_team_sla' AS k UNION ALL SELECT 'account_agent_sla') k
    CROSS JOIN (SELECT c.account_id AS i, SUBSTR(c.opened_at, 1, 10) AS d FROM cases c WHERE c.id IN (OLD.case_id, NEW.case_id)) b) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
END;
CREATE TRIGGER rollup_sla_groups_case_sla_delete AFTER DELETE ON case_sla BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT m.k, m.i, m.d FROM (SELECT k.k, b.i, b.d FROM (SELECT 'account_team_sla' AS k UNION ALL SELECT 'account_agent_sla') k
    CROSS JOIN (SELECT c.account_id AS i, SUBSTR(c.opened_at, 1, 10) AS d FROM cases c WHERE c.id = OLD.case_id) b) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
END;
}}
{{POSTGRES:
CREATE FUNCTION rollup_mark_sla_groups(account BIGINT, opened TEXT) RETURNS void AS $$
BEGIN
  PERFORM rollup_mark('account_team_sla', account, opened);
  PERFORM rollup_mark('account_agent_sla', account, opened);
END $$ LANGUAGE plpgsql;

CREATE FUNCTION rollup_sla_groups_cases_mark() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NOT (OLD.account_id IS DISTINCT FROM NEW.account_id
      OR OLD.opened_at IS DISTINCT FROM NEW.opened_at OR OLD.team_id IS DISTINCT FROM NEW.team_id
      OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id OR OLD.priority IS DISTINCT FROM NEW.priority) THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM rollup_mark_sla_groups(OLD.account_id, OLD.opened_at); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM rollup_mark_sla_groups(NEW.account_id, NEW.opened_at); END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER rollup_sla_groups_cases AFTER INSERT OR UPDATE OR DELETE ON cases
  FOR EACH ROW EXECUTE FUNCTION rollup_sla_groups_cases_mark();

CREATE FUNCTION rollup_sla_groups_case_sla_mark() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NOT (OLD.case_id IS DISTINCT FROM NEW.case_id
      OR OLD.policy_id IS DISTINCT FROM NEW.policy_id OR OLD.first_response IS DISTINCT FROM NEW.first_response
      OR OLD.next_update IS DISTINCT FROM NEW.next_update OR OLD.resolution IS DISTINCT FROM NEW.resolution
      OR OLD.acknowledgement IS DISTINCT FROM NEW.acknowledgement) THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM rollup_mark_sla_groups(c.account_id, c.opened_at) FROM cases c WHERE c.id = OLD.case_id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM rollup_mark_sla_groups(c.account_id, c.opened_at) FROM cases c WHERE c.id = NEW.case_id;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER rollup_sla_groups_case_sla AFTER INSERT OR UPDATE OR DELETE ON case_sla
  FOR EACH ROW EXECUTE FUNCTION rollup_sla_groups_case_sla_mark();
}}
