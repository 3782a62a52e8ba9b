-- 021: account_sla summed per account and month of opening (docs/ROLLUPS.md),
-- so SLA compliance by account over whole months reads one row per account
-- and month (2,000 a month on the million-case dataset) instead of one per
-- account and day (some 22,000). day holds the month, "YYYY-MM". Only the
-- scheduler marks these buckets, when it recomputes one of the account's
-- account_sla days of the month (src/store/rollups.c); a report reads a month
-- of an account from here only while neither the month nor any of its days
-- is marked, and sums the account's fresh days otherwise.
CREATE TABLE rollup_account_month_sla (
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
  PRIMARY KEY (day, account_id)
){{SQLITE: WITHOUT ROWID}}; -- a month's rows side by side, in account order

-- Every month with an account day is dirty at first: the scheduler (or
-- `kpi refresh`) builds them. Days not built yet mark their month when they are.
INSERT INTO rollup_dirty (kind, key_id, day)
  SELECT DISTINCT 'account_month_sla', account_id, SUBSTR(day, 1, 7) FROM rollup_account_sla;
