-- 015: roll-ups of the report figures (docs/ROLLUPS.md). Each table holds one
-- row per bucket (a person's or an account's day) summed from the raw rows;
-- a change to a raw row only marks the buckets it touches in rollup_dirty
-- (triggers below, in the change's own transaction), and the scheduler
-- recomputes each marked bucket from the raw rows and removes its mark in
-- one transaction (src/store/rollups.c). Reports read the clean buckets from
-- here and compute the marked ones from the raw rows.
CREATE TABLE rollup_dirty (
  kind TEXT NOT NULL,  -- agent_cases, agent_csat, account_sla, account_survey, account_invite, all_sla, all_survey, all_invite
  key_id BIGINT NOT NULL, -- the person or account
  day TEXT NOT NULL,   -- YYYY-MM-DD (UTC)
  gen BIGINT NOT NULL DEFAULT 0, -- bumped by every change on PostgreSQL (locks the mark until it commits)
  PRIMARY KEY (kind, key_id, day)
);

-- Cases by assignee and the day they were resolved (the KPIs).
CREATE TABLE rollup_agent_cases (
  user_id BIGINT NOT NULL,
  day TEXT NOT NULL,
  handled BIGINT NOT NULL,
  first_response_seconds BIGINT NOT NULL,
  first_response_n BIGINT NOT NULL,
  resolution_seconds BIGINT NOT NULL,
  resolution_n BIGINT NOT NULL,
  fcr BIGINT NOT NULL,
  reopened BIGINT NOT NULL,
  sla_met BIGINT NOT NULL,
  sla_judged BIGINT NOT NULL,
  PRIMARY KEY (user_id, day)
);
CREATE INDEX rollup_agent_cases_day ON rollup_agent_cases(day, user_id);

-- CSAT answers by the agent they are about and the day they were given.
CREATE TABLE rollup_agent_csat (
  user_id BIGINT NOT NULL,
  day TEXT NOT NULL,
  csat_n BIGINT NOT NULL,
  csat_satisfied BIGINT NOT NULL,
  PRIMARY KEY (user_id, day)
);
CREATE INDEX rollup_agent_csat_day ON rollup_agent_csat(day, user_id);

-- Cases by account and the day they were opened: SLA clocks met and
-- breached (cases under a policy), complaints, breached cases.
CREATE TABLE rollup_account_sla (
  account_id BIGINT NOT NULL,
  day TEXT NOT NULL,
  opened BIGINT NOT NULL,
  complaints BIGINT NOT NULL,
  sla_cases BIGINT NOT NULL,
  sla_breached BIGINT NOT NULL,
  first_response_met BIGINT NOT NULL,
  first_response_breached BIGINT NOT NULL,
  next_update_met BIGINT NOT NULL,
  next_update_breached BIGINT NOT NULL,
  resolution_met BIGINT NOT NULL,
  resolution_breached BIGINT NOT NULL,
  acknowledgement_met BIGINT NOT NULL,
  acknowledgement_breached BIGINT NOT NULL,
  PRIMARY KEY (account_id, day)
);
CREATE INDEX rollup_account_sla_day ON rollup_account_sla(day, account_id);

-- Survey answers by account, day, the survey's type and each score.
CREATE TABLE rollup_account_survey (
  account_id BIGINT NOT NULL,
  day TEXT NOT NULL,
  filter_type TEXT NOT NULL, -- the survey's type (what the report filters on)
  survey_type TEXT NOT NULL, -- the type kept with the answer
  scale_min INTEGER NOT NULL,
  scale_max INTEGER NOT NULL,
  high_is_good INTEGER NOT NULL,
  score INTEGER NOT NULL,
  answers BIGINT NOT NULL,
  PRIMARY KEY (account_id, day, filter_type, survey_type, scale_min, scale_max, high_is_good, score)
);
CREATE INDEX rollup_account_survey_day ON rollup_account_survey(day, account_id);

-- Survey invitations sent (mailed or handed over) by account, day and type.
CREATE TABLE rollup_account_invite (
  account_id BIGINT NOT NULL,
  day TEXT NOT NULL,
  filter_type TEXT NOT NULL,
  invited BIGINT NOT NULL,
  answered BIGINT NOT NULL,
  PRIMARY KEY (account_id, day, filter_type)
);
CREATE INDEX rollup_account_invite_day ON rollup_account_invite(day, account_id);

-- The same per day for all accounts together (all_id is always 0), summed
-- from the account roll-ups above: the scheduler marks a day here when it
-- recomputes one of that day's account buckets, and a day is read from the
-- account roll-ups while any of its buckets is marked.
CREATE TABLE rollup_all_sla (
  all_id BIGINT NOT NULL,
  day TEXT NOT NULL,
  opened BIGINT NOT NULL,
  complaints BIGINT NOT NULL,
  sla_cases BIGINT NOT NULL,
  sla_breached BIGINT NOT NULL,
  first_response_met BIGINT NOT NULL,
  first_response_breached BIGINT NOT NULL,
  next_update_met BIGINT NOT NULL,
  next_update_breached BIGINT NOT NULL,
  resolution_met BIGINT NOT NULL,
  resolution_breached BIGINT NOT NULL,
  acknowledgement_met BIGINT NOT NULL,
  acknowledgement_breached BIGINT NOT NULL,
  PRIMARY KEY (day, all_id)
);
CREATE TABLE rollup_all_survey (
  all_id BIGINT NOT NULL,
  day TEXT NOT NULL,
  filter_type TEXT NOT NULL,
  survey_type TEXT NOT NULL,
  scale_min INTEGER NOT NULL,
  scale_max INTEGER NOT NULL,
  high_is_good INTEGER NOT NULL,
  score INTEGER NOT NULL,
  answers BIGINT NOT NULL,
  PRIMARY KEY (day, all_id, filter_type, survey_type, scale_min, scale_max, high_is_good, score)
);
CREATE TABLE rollup_all_invite (
  all_id BIGINT NOT NULL,
  day TEXT NOT NULL,
  filter_type TEXT NOT NULL,
  invited BIGINT NOT NULL,
  answered BIGINT NOT NULL,
  PRIMARY KEY (day, all_id, filter_type)
);
CREATE INDEX rollup_dirty_day ON rollup_dirty(kind, day);

-- What recomputing one bucket reads.
CREATE INDEX cases_assignee_resolved ON cases(assignee_id, resolved_at);
CREATE INDEX survey_responses_agent ON survey_responses(agent_id, answered_at);
CREATE INDEX survey_invitations_sent ON survey_invitations(account_id, sent_at);
-- The KPIs' QA scores of a team's period (read raw: a handful of reviews a day).
CREATE INDEX qa_reviews_submitted ON qa_reviews(submitted_at);

-- Every bucket that has data is dirty at first: the scheduler builds them.
INSERT INTO rollup_dirty (kind, key_id, day)
  SELECT DISTINCT 'agent_cases', assignee_id, SUBSTR(resolved_at, 1, 10) FROM cases
  WHERE assignee_id IS NOT NULL AND resolved_at IS NOT NULL;
INSERT INTO rollup_dirty (kind, key_id, day)
  SELECT DISTINCT 'account_sla', account_id, SUBSTR(opened_at, 1, 10) FROM cases;
INSERT INTO rollup_dirty (kind, key_id, day)
  SELECT DISTINCT 'agent_csat', agent_id, SUBSTR(answered_at, 1, 10) FROM survey_responses
  WHERE agent_id IS NOT NULL AND survey_type = 'csat';
INSERT INTO rollup_dirty (kind, key_id, day)
  SELECT DISTINCT 'account_survey', account_id, SUBSTR(answered_at, 1, 10) FROM survey_responses;
INSERT INTO rollup_dirty (kind, key_id, day)
  SELECT DISTINCT 'account_invite', account_id, SUBSTR(sent_at, 1, 10) FROM survey_invitations
  WHERE sent_at IS NOT NULL;
INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT 'all_sla', 0, SUBSTR(opened_at, 1, 10) FROM cases;
INSERT INTO rollup_dirty (kind, key_id, day)
  SELECT DISTINCT 'all_survey', 0, SUBSTR(answered_at, 1, 10) FROM survey_responses;
INSERT INTO rollup_dirty (kind, key_id, day)
  SELECT DISTINCT 'all_invite', 0, SUBSTR(sent_at, 1, 10) FROM survey_invitations WHERE sent_at IS NOT NULL;

-- The marks. A mark with a NULL key or day marks nothing. On SQLite a
-- trigger's INSERT OR IGNORE takes the conflict handling of the statement
-- that fired it (an upsert's is ABORT), so the marks test for themselves.
{{SQLITE:
CREATE TRIGGER rollup_cases_insert AFTER INSERT ON cases BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'agent_cases' AS k, NEW.assignee_id AS i, SUBSTR(NEW.resolved_at, 1, 10) AS d WHERE NEW.assignee_id IS NOT NULL AND NEW.resolved_at IS NOT NULL) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'account_sla' AS k, NEW.account_id AS i, SUBSTR(NEW.opened_at, 1, 10) AS d) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
END;
CREATE TRIGGER rollup_cases_update AFTER UPDATE ON cases WHEN OLD.assignee_id IS NOT NEW.assignee_id
  OR OLD.resolved_at IS NOT NEW.resolved_at OR OLD.opened_at IS NOT NEW.opened_at
  OR OLD.first_contact_resolution IS NOT NEW.first_contact_resolution OR OLD.reopen_count IS NOT NEW.reopen_count
  OR OLD.account_id IS NOT NEW.account_id OR OLD.type IS NOT NEW.type BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'agent_cases' AS k, OLD.assignee_id AS i, SUBSTR(OLD.resolved_at, 1, 10) AS d WHERE OLD.assignee_id IS NOT NULL AND OLD.resolved_at IS NOT NULL) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'agent_cases' AS k, NEW.assignee_id AS i, SUBSTR(NEW.resolved_at, 1, 10) AS d WHERE NEW.assignee_id IS NOT NULL AND NEW.resolved_at IS NOT NULL) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'account_sla' AS k, OLD.account_id AS i, SUBSTR(OLD.opened_at, 1, 10) AS d WHERE OLD.account_id IS NOT NEW.account_id OR OLD.opened_at IS NOT NEW.opened_at OR OLD.type IS NOT NEW.type) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'account_sla' AS k, NEW.account_id AS i, SUBSTR(NEW.opened_at, 1, 10) AS d WHERE OLD.account_id IS NOT NEW.account_id OR OLD.opened_at IS NOT NEW.opened_at OR OLD.type IS NOT NEW.type) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
END;
CREATE TRIGGER rollup_cases_delete AFTER DELETE ON cases BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'agent_cases' AS k, OLD.assignee_id AS i, SUBSTR(OLD.resolved_at, 1, 10) AS d WHERE OLD.assignee_id IS NOT NULL AND OLD.resolved_at IS NOT NULL) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'account_sla' AS k, OLD.account_id AS i, SUBSTR(OLD.opened_at, 1, 10) AS d) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
END;
CREATE TRIGGER rollup_case_sla_insert AFTER INSERT ON case_sla BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'agent_cases' AS k, c.assignee_id AS i, SUBSTR(c.resolved_at, 1, 10) AS d FROM cases c WHERE c.id = NEW.case_id AND c.assignee_id IS NOT NULL AND c.resolved_at IS NOT NULL) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'account_sla' AS k, c.account_id AS i, SUBSTR(c.opened_at, 1, 10) AS d FROM cases c WHERE c.id = NEW.case_id) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
END;
CREATE TRIGGER rollup_case_sla_update AFTER UPDATE ON case_sla WHEN OLD.case_id IS NOT NEW.case_id
  OR OLD.policy_id IS NOT NEW.policy_id OR OLD.state IS NOT NEW.state
  OR OLD.first_response IS NOT NEW.first_response OR OLD.next_update IS NOT NEW.next_update
  OR OLD.resolution IS NOT NEW.resolution OR OLD.acknowledgement IS NOT NEW.acknowledgement BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'agent_cases' AS k, c.assignee_id AS i, SUBSTR(c.resolved_at, 1, 10) AS d FROM cases c WHERE c.id IN (OLD.case_id, NEW.case_id) AND c.assignee_id IS NOT NULL AND c.resolved_at IS NOT NULL) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'account_sla' AS k, c.account_id AS i, SUBSTR(c.opened_at, 1, 10) AS d FROM cases c WHERE c.id IN (OLD.case_id, NEW.case_id)) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
END;
CREATE TRIGGER rollup_case_sla_delete AFTER DELETE ON case_sla BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'agent_cases' AS k, c.assignee_id AS i, SUBSTR(c.resolved_at, 1, 10) AS d FROM cases c WHERE c.id = OLD.case_id AND c.assignee_id IS NOT NULL AND c.resolved_at IS NOT NULL) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'account_sla' AS k, c.account_id AS i, SUBSTR(c.opened_at, 1, 10) AS d FROM cases c WHERE c.id = OLD.case_id) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
END;
CREATE TRIGGER rollup_case_events_insert AFTER INSERT ON case_events
  WHEN NEW.kind = 'reply' AND NEW.direction = 'outbound' BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'agent_cases' AS k, c.assignee_id AS i, SUBSTR(c.resolved_at, 1, 10) AS d FROM cases c WHERE c.id = NEW.case_id AND c.assignee_id IS NOT NULL AND c.resolved_at IS NOT NULL) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
END;
CREATE TRIGGER rollup_case_events_delete AFTER DELETE ON case_events
  WHEN OLD.kind = 'reply' AND OLD.direction = 'outbound' BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'agent_cases' AS k, c.assignee_id AS i, SUBSTR(c.resolved_at, 1, 10) AS d FROM cases c WHERE c.id = OLD.case_id AND c.assignee_id IS NOT NULL AND c.resolved_at IS NOT NULL) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
END;
CREATE TRIGGER rollup_responses_insert AFTER INSERT ON survey_responses BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'agent_csat' AS k, NEW.agent_id AS i, SUBSTR(NEW.answered_at, 1, 10) AS d WHERE NEW.agent_id IS NOT NULL AND NEW.survey_type = 'csat') m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'account_survey' AS k, NEW.account_id AS i, SUBSTR(NEW.answered_at, 1, 10) AS d) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
END;
CREATE TRIGGER rollup_responses_update AFTER UPDATE ON survey_responses BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'agent_csat' AS k, OLD.agent_id AS i, SUBSTR(OLD.answered_at, 1, 10) AS d WHERE OLD.agent_id IS NOT NULL AND OLD.survey_type = 'csat') m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'agent_csat' AS k, NEW.agent_id AS i, SUBSTR(NEW.answered_at, 1, 10) AS d WHERE NEW.agent_id IS NOT NULL AND NEW.survey_type = 'csat') m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'account_survey' AS k, OLD.account_id AS i, SUBSTR(OLD.answered_at, 1, 10) AS d) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'account_survey' AS k, NEW.account_id AS i, SUBSTR(NEW.answered_at, 1, 10) AS d) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
END;
CREATE TRIGGER rollup_responses_delete AFTER DELETE ON survey_responses BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'agent_csat' AS k, OLD.agent_id AS i, SUBSTR(OLD.answered_at, 1, 10) AS d WHERE OLD.agent_id IS NOT NULL AND OLD.survey_type = 'csat') m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'account_survey' AS k, OLD.account_id AS i, SUBSTR(OLD.answered_at, 1, 10) AS d) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
END;
CREATE TRIGGER rollup_invitations_insert AFTER INSERT ON survey_invitations WHEN NEW.sent_at IS NOT NULL BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'account_invite' AS k, NEW.account_id AS i, SUBSTR(NEW.sent_at, 1, 10) AS d) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
END;
CREATE TRIGGER rollup_invitations_update AFTER UPDATE ON survey_invitations WHEN OLD.sent_at IS NOT NEW.sent_at
  OR OLD.mail_status IS NOT NEW.mail_status OR OLD.answered_at IS NOT NEW.answered_at
  OR OLD.account_id IS NOT NEW.account_id OR OLD.survey_id IS NOT NEW.survey_id BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'account_invite' AS k, OLD.account_id AS i, SUBSTR(OLD.sent_at, 1, 10) AS d WHERE OLD.sent_at IS NOT NULL) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'account_invite' AS k, NEW.account_id AS i, SUBSTR(NEW.sent_at, 1, 10) AS d WHERE NEW.sent_at IS NOT NULL) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
END;
CREATE TRIGGER rollup_invitations_delete AFTER DELETE ON survey_invitations WHEN OLD.sent_at IS NOT NULL BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'account_invite' AS k, OLD.account_id AS i, SUBSTR(OLD.sent_at, 1, 10) AS d) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
END;
CREATE TRIGGER rollup_surveys_update AFTER UPDATE ON surveys WHEN OLD.type IS NOT NEW.type BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'account_survey' AS k, account_id AS i, SUBSTR(answered_at, 1, 10) AS d FROM survey_responses WHERE survey_id = NEW.id) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT k, i, d FROM (SELECT 'account_invite' AS k, account_id AS i, SUBSTR(sent_at, 1, 10) AS d FROM survey_invitations WHERE survey_id = NEW.id AND sent_at IS NOT NULL) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = m.k AND x.key_id = m.i AND x.day = m.d);
END;
}}
{{POSTGRES:
CREATE FUNCTION rollup_mark(k TEXT, id BIGINT, at TEXT) RETURNS void AS $$
BEGIN
  IF id IS NOT NULL AND at IS NOT NULL THEN
    INSERT INTO rollup_dirty (kind, key_id, day) VALUES (k, id, SUBSTR(at, 1, 10))
      ON CONFLICT (kind, key_id, day) DO UPDATE SET gen = rollup_dirty.gen + 1;
  END IF;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION rollup_cases_mark() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NOT (OLD.assignee_id IS DISTINCT FROM NEW.assignee_id
      OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at OR OLD.opened_at IS DISTINCT FROM NEW.opened_at
      OR OLD.first_contact_resolution IS DISTINCT FROM NEW.first_contact_resolution
      OR OLD.reopen_count IS DISTINCT FROM NEW.reopen_count OR OLD.account_id IS DISTINCT FROM NEW.account_id
      OR OLD.type IS DISTINCT FROM NEW.type) THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM rollup_mark('agent_cases', OLD.assignee_id, OLD.resolved_at);
    IF TG_OP = 'DELETE' OR OLD.account_id IS DISTINCT FROM NEW.account_id
        OR OLD.opened_at IS DISTINCT FROM NEW.opened_at OR OLD.type IS DISTINCT FROM NEW.type THEN
      PERFORM rollup_mark('account_sla', OLD.account_id, OLD.opened_at);
    END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM rollup_mark('agent_cases', NEW.assignee_id, NEW.resolved_at);
    IF TG_OP = 'INSERT' OR OLD.account_id IS DISTINCT FROM NEW.account_id
        OR OLD.opened_at IS DISTINCT FROM NEW.opened_at OR OLD.type IS DISTINCT FROM NEW.type THEN
      PERFORM rollup_mark('account_sla', NEW.account_id, NEW.opened_at);
    END IF;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER rollup_cases AFTER INSERT OR UPDATE OR DELETE ON cases
  FOR EACH ROW EXECUTE FUNCTION rollup_cases_mark();

-- A case's buckets as they are now.
CREATE FUNCTION rollup_mark_case(case_id BIGINT, agent BOOLEAN, account BOOLEAN) RETURNS void AS $$
DECLARE c RECORD;
BEGIN
  SELECT assignee_id, resolved_at, account_id, opened_at INTO c FROM cases WHERE id = case_id;
  IF FOUND THEN
    IF agent THEN PERFORM rollup_mark('agent_cases', c.assignee_id, c.resolved_at); END IF;
    IF account THEN PERFORM rollup_mark('account_sla', c.account_id, c.opened_at); END IF;
  END IF;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION rollup_case_sla_mark() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NOT (OLD.case_id IS DISTINCT FROM NEW.case_id
      OR OLD.policy_id IS DISTINCT FROM NEW.policy_id OR OLD.state IS DISTINCT FROM NEW.state
      OR OLD.first_response IS DISTINCT FROM NEW.first_response OR OLD.next_update IS DISTINCT FROM NEW.next_update
      OR OLD.resolution IS DISTINCT FROM NEW.resolution
      OR OLD.acknowledgement IS DISTINCT FROM NEW.acknowledgement) THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM rollup_mark_case(OLD.case_id, TRUE, TRUE); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM rollup_mark_case(NEW.case_id, TRUE, TRUE); END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER rollup_case_sla AFTER INSERT OR UPDATE OR DELETE ON case_sla
  FOR EACH ROW EXECUTE FUNCTION rollup_case_sla_mark();

CREATE FUNCTION rollup_case_events_mark() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NEW.kind = 'reply' AND NEW.direction = 'outbound' THEN
    PERFORM rollup_mark_case(NEW.case_id, TRUE, FALSE);
  ELSIF TG_OP = 'DELETE' AND OLD.kind = 'reply' AND OLD.direction = 'outbound' THEN
    PERFORM rollup_mark_case(OLD.case_id, TRUE, FALSE);
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER rollup_case_events AFTER INSERT OR DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION rollup_case_events_mark();

CREATE FUNCTION rollup_responses_mark() RETURNS trigger AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    IF OLD.survey_type = 'csat' THEN PERFORM rollup_mark('agent_csat', OLD.agent_id, OLD.answered_at); END IF;
    PERFORM rollup_mark('account_survey', OLD.account_id, OLD.answered_at);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    IF NEW.survey_type = 'csat' THEN PERFORM rollup_mark('agent_csat', NEW.agent_id, NEW.answered_at); END IF;
    PERFORM rollup_mark('account_survey', NEW.account_id, NEW.answered_at);
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER rollup_responses AFTER INSERT OR UPDATE OR DELETE ON survey_responses
  FOR EACH ROW EXECUTE FUNCTION rollup_responses_mark();

CREATE FUNCTION rollup_invitations_mark() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NOT (OLD.sent_at IS DISTINCT FROM NEW.sent_at
      OR OLD.mail_status IS DISTINCT FROM NEW.mail_status OR OLD.answered_at IS DISTINCT FROM NEW.answered_at
      OR OLD.account_id IS DISTINCT FROM NEW.account_id OR OLD.survey_id IS DISTINCT FROM NEW.survey_id) THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM rollup_mark('account_invite', OLD.account_id, OLD.sent_at); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM rollup_mark('account_invite', NEW.account_id, NEW.sent_at); END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER rollup_invitations AFTER INSERT OR UPDATE OR DELETE ON survey_invitations
  FOR EACH ROW EXECUTE FUNCTION rollup_invitations_mark();

CREATE FUNCTION rollup_surveys_mark() RETURNS trigger AS $$
BEGIN
  IF OLD.type IS DISTINCT FROM NEW.type THEN
    PERFORM rollup_mark('account_survey', account_id, answered_at) FROM survey_responses WHERE survey_id = NEW.id;
    PERFORM rollup_mark('account_invite', account_id, sent_at) FROM survey_invitations WHERE survey_id = NEW.id;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER rollup_surveys AFTER UPDATE ON surveys FOR EACH ROW EXECUTE FUNCTION rollup_surveys_mark();
}}
