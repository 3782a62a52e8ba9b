-- 019: the retention figures of every account kept as of a day
-- (docs/RETENTION.md "At scale", docs/ROLLUPS.md). One row per account: what
-- its orders say over the default period (the 365 days up to day), the
-- service facts of that year and of all time and the last interaction,
-- computed by the scheduler
-- from the raw rows (src/store/retention_rollup.c). A row is used only for
-- its own day and customer window, and only while its account has no mark
-- of kind account_retention, account_sla or account_survey in rollup_dirty:
-- otherwise the account's figures are computed from the raw rows.
CREATE TABLE rollup_account_retention (
  account_id BIGINT NOT NULL PRIMARY KEY,
  day TEXT NOT NULL,            -- the period's last day (YYYY-MM-DD, UTC)
  window_days BIGINT NOT NULL,  -- the customer window it was computed with
  orders_total BIGINT NOT NULL, -- orders up to day, and their value
  value_total BIGINT NOT NULL,
  orders BIGINT NOT NULL,       -- orders in the 365 days up to day, and their value
  value_minor BIGINT NOT NULL,
  first_day BIGINT NOT NULL,    -- first and last order (days since 1970-01-01; -1 none)
  last_day BIGINT NOT NULL,
  median_x2 BIGINT,             -- twice the median days between orders (a whole number); NULL with fewer than two
  customer_at_start INTEGER NOT NULL,
  customer_at_end INTEGER NOT NULL,
  trend_recent BIGINT NOT NULL, -- order value in the 180 days up to day and the 180 before
  trend_previous BIGINT NOT NULL,
  complaints BIGINT NOT NULL,   -- the service facts of the year up to day
  sla_cases BIGINT NOT NULL,
  sla_breached BIGINT NOT NULL,
  survey_answers BIGINT NOT NULL,
  survey_tenths BIGINT,
  complaints_ever BIGINT NOT NULL, -- and of all time up to day
  sla_cases_ever BIGINT NOT NULL,
  sla_breached_ever BIGINT NOT NULL,
  survey_answers_ever BIGINT NOT NULL,
  survey_tenths_ever BIGINT,
  last_contact_at TEXT          -- the last interaction up to the day's end; NULL when none
);

-- Every account with orders is marked: the scheduler builds the rows (and
-- those of accounts without a row or with a row of another day).
INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT 'account_retention', account_id, '' FROM orders;

-- An order or an interaction written, changed or deleted marks its account
-- (and both accounts when it moves). Cases, clocks and answers mark the
-- account through their own roll-ups: recomputing an account_sla or
-- account_survey bucket marks the account here.
{{SQLITE:
CREATE TRIGGER rollup_orders_insert AFTER INSERT ON orders BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT 'account_retention', NEW.account_id, ''
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = 'account_retention' AND x.key_id = NEW.account_id AND x.day = '');
END;
CREATE TRIGGER rollup_orders_update AFTER UPDATE ON orders WHEN OLD.account_id IS NOT NEW.account_id
  OR OLD.ordered_on IS NOT NEW.ordered_on OR OLD.value_minor IS NOT NEW.value_minor BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT 'account_retention', i, '' FROM (SELECT OLD.account_id AS i UNION SELECT NEW.account_id) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = 'account_retention' AND x.key_id = m.i AND x.day = '');
END;
CREATE TRIGGER rollup_orders_delete AFTER DELETE ON orders BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT 'account_retention', OLD.account_id, ''
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = 'account_retention' AND x.key_id = OLD.account_id AND x.day = '');
END;
CREATE TRIGGER rollup_interactions_insert AFTER INSERT ON interactions BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT 'account_retention', NEW.account_id, ''
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = 'account_retention' AND x.key_id = NEW.account_id AND x.day = '');
END;
CREATE TRIGGER rollup_interactions_update AFTER UPDATE ON interactions WHEN OLD.account_id IS NOT NEW.account_id
  OR OLD.occurred_at IS NOT NEW.occurred_at BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT 'account_retention', i, '' FROM (SELECT OLD.account_id AS i UNION SELECT NEW.account_id) m
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = 'account_retention' AND x.key_id = m.i AND x.day = '');
END;
CREATE TRIGGER rollup_interactions_delete AFTER DELETE ON interactions BEGIN
  INSERT INTO rollup_dirty (kind, key_id, day) SELECT 'account_retention', OLD.account_id, ''
    WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty x WHERE x.kind = 'account_retention' AND x.key_id = OLD.account_id AND x.day = '');
END;
}}
{{POSTGRES:
-- The account(s) of an order or interaction written, changed or deleted;
-- an update that keeps the account and what the figures read (the columns
-- named in the trigger's arguments) marks nothing.
CREATE FUNCTION rollup_retention_mark() RETURNS trigger AS $$
DECLARE
  o JSONB := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END;
  n JSONB := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) END;
  a BIGINT := CAST(o ->> 'account_id' AS BIGINT);
  b BIGINT := CAST(n ->> 'account_id' AS BIGINT);
  c TEXT;
  changed BOOLEAN := TG_OP <> 'UPDATE' OR a IS DISTINCT FROM b;
BEGIN
  FOREACH c IN ARRAY TG_ARGV LOOP
    changed := changed OR (o -> c) IS DISTINCT FROM (n -> c);
  END LOOP;
  IF NOT changed THEN RETURN NULL; END IF;
  -- the lower account first, so two writers moving rows never wait on each other in a circle
  IF a > b THEN PERFORM rollup_mark('account_retention', b, ''); END IF;
  PERFORM rollup_mark('account_retention', a, '');
  PERFORM rollup_mark('account_retention', b, '');
  RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER rollup_orders AFTER INSERT OR UPDATE OR DELETE ON orders
  FOR EACH ROW EXECUTE FUNCTION rollup_retention_mark('ordered_on', 'value_minor');
CREATE TRIGGER rollup_interactions AFTER INSERT OR UPDATE OR DELETE ON interactions
  FOR EACH ROW EXECUTE FUNCTION rollup_retention_mark('occurred_at');
}}
