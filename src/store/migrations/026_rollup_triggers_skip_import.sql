-- 026: on PostgreSQL, the roll-up triggers of cases, case_sla and
-- case_events stand aside for the transaction of a case import alone.
-- A large import used to disable them (ALTER TABLE … DISABLE TRIGGER),
-- which locks the three tables against every other writer until the import
-- commits: minutes of refused case writes on a live system. Each trigger
-- now fires unless the transaction has set forgedesk.importing to 'on'
-- (SET LOCAL, which the commit or rollback undoes); the import marks the
-- buckets of its own rows with one statement before it commits
-- (docs/IMPORT.md, "The roll-ups"). SQLite, one writer at a time, drops and
-- creates its triggers in the import's transaction as before.
{{SQLITE:SELECT 1;}}
{{POSTGRES:
DROP TRIGGER rollup_cases ON cases;
CREATE TRIGGER rollup_cases AFTER INSERT OR UPDATE OR DELETE ON cases FOR EACH ROW
  WHEN (current_setting('forgedesk.importing', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION rollup_cases_mark();
DROP TRIGGER rollup_sla_groups_cases ON cases;
CREATE TRIGGER rollup_sla_groups_cases AFTER INSERT OR UPDATE OR DELETE ON cases FOR EACH ROW
  WHEN (current_setting('forgedesk.importing', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION rollup_sla_groups_cases_mark();
DROP TRIGGER rollup_case_sla ON case_sla;
CREATE TRIGGER rollup_case_sla AFTER INSERT OR UPDATE OR DELETE ON case_sla FOR EACH ROW
  WHEN (current_setting('forgedesk.importing', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION rollup_case_sla_mark();
DROP TRIGGER rollup_sla_groups_case_sla ON case_sla;
CREATE TRIGGER rollup_sla_groups_case_sla AFTER INSERT OR UPDATE OR DELETE ON case_sla FOR EACH ROW
  WHEN (current_setting('forgedesk.importing', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION rollup_sla_groups_case_sla_mark();
DROP TRIGGER rollup_case_events ON case_events;
CREATE TRIGGER rollup_case_events AFTER INSERT OR DELETE ON case_events FOR EACH ROW
  WHEN (current_setting('forgedesk.importing', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION rollup_case_events_mark();
}}
