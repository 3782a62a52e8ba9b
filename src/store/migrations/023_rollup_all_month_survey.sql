-- 023: every account's survey answers and invitations summed per month
-- (docs/ROLLUPS.md), so the satisfaction trend by month of the whole book
-- (the NPS trend) reads one row per month and score (some 15 for NPS) instead
-- of one per day and score (some 450 a month). day holds the month,
-- "YYYY-MM"; all_id is 0. They are summed from the account_survey and
-- account_invite days of the month. Only the scheduler marks these buckets,
-- when it recomputes one of those days (src/store/rollups.c); a report reads
-- a month from here only while neither the month nor any account's day of
-- it is marked, and sums the month's fresh days otherwise.
CREATE TABLE rollup_all_month_survey (
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
){{SQLITE: WITHOUT ROWID}};

CREATE TABLE rollup_all_month_invite (
  all_id BIGINT NOT NULL,
  day TEXT NOT NULL,
  filter_type TEXT NOT NULL,
  invited BIGINT NOT NULL,
  answered BIGINT NOT NULL,
  PRIMARY KEY (day, all_id, filter_type)
){{SQLITE: WITHOUT ROWID}};

-- Every month with an account day is dirty at first: the scheduler (or
-- `kpi refresh`) builds them. Days not built yet mark their month when they are.
INSERT INTO rollup_dirty (kind, key_id, day)
  SELECT DISTINCT 'all_month_survey', 0, SUBSTR(day, 1, 7) FROM rollup_account_survey;
INSERT INTO rollup_dirty (kind, key_id, day)
  SELECT DISTINCT 'all_month_invite', 0, SUBSTR(day, 1, 7) FROM rollup_account_invite;

-- The at-risk list (GET /retention/accounts, lowest health first) reads the
-- first accounts of an index by health instead of every account's row: each
-- retention row keeps its account's health score as of its day, computed
-- with the weights it names ("30,20,20,15,15": order trend, complaints, SLA,
-- surveys, contact), and is used for the list only while those are today's
-- weights (docs/RETENTION.md). health is the score (0–100), 1000 without
-- one, null for an account that has never ordered (it is not on the list).
-- The first index answers the list's first accounts and how many there are,
-- the second which accounts have no row of today's (those are computed from
-- the records). The rows made before are marked: the scheduler (or `kpi
-- refresh`) recomputes them with their health.
ALTER TABLE rollup_account_retention ADD COLUMN health BIGINT;
ALTER TABLE rollup_account_retention ADD COLUMN weights TEXT;
CREATE INDEX rollup_account_retention_health ON rollup_account_retention(day, window_days, weights, health, account_id);
CREATE INDEX rollup_account_retention_current ON rollup_account_retention(account_id, day, window_days, weights);
INSERT INTO rollup_dirty (kind, key_id, day)
  SELECT 'account_retention', r.account_id, '' FROM rollup_account_retention r
  WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty d WHERE d.kind = 'account_retention' AND d.key_id = r.account_id AND d.day = '');
