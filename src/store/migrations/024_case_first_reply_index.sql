-- 024: a case's first reply to the customer, found in one index probe.
-- Every case's figures for the agent KPI roll-up (first response time) take
-- the earliest outbound reply of its timeline; through case_events_case
-- that walked each of the case's events and read its row to test its kind.
-- This partial index holds the outbound replies alone, with the columns its
-- condition tests, so the probe reads no table row: `kpi verify`'s agent
-- roll-up on a million cases went from 50 to 11 s (docs/PERFORMANCE.md).
CREATE INDEX case_events_first_reply ON case_events(case_id, at, kind, direction)
  WHERE kind = 'reply' AND direction = 'outbound';
