-- 008: retention (docs/RETENTION.md): the health-score weights and the
-- silent-attrition rule (one row, versioned and audited), campaigns that
-- target a list of accounts with a task each, and PDCA improvement
-- initiatives with their computed before-and-after check.
CREATE TABLE retention_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  weight_order_trend INTEGER NOT NULL,
  weight_complaints INTEGER NOT NULL,
  weight_sla INTEGER NOT NULL,
  weight_surveys INTEGER NOT NULL,
  weight_contact INTEGER NOT NULL,
  silent_min_orders INTEGER NOT NULL,       -- history an account needs before it can be silent
  silent_multiple_percent INTEGER NOT NULL, -- 200: twice its median interval
  customer_window_days INTEGER NOT NULL,    -- an account with an order this recent is a customer
  margin_percent INTEGER,                   -- gross margin for lifetime value; NULL when unknown
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
INSERT INTO retention_settings (id, weight_order_trend, weight_complaints, weight_sla, weight_surveys, weight_contact,
                                silent_min_orders, silent_multiple_percent, customer_window_days, margin_percent,
                                created_at, updated_at)
VALUES (1, 30, 20, 20, 15, 15, 4, 200, 365, NULL, '1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z');

CREATE TABLE retention_campaigns (
  id {{ID}},
  name TEXT NOT NULL,
  kind TEXT NOT NULL,          -- win_back, proactive_contact, loyalty_review (the tasks' kind)
  description TEXT,
  source TEXT NOT NULL,        -- silent_attrition, at_risk, manual: where the list came from
  owner_id BIGINT NOT NULL REFERENCES users(id),
  started_on TEXT NOT NULL,    -- orders before and after this day are compared
  due_on TEXT NOT NULL,        -- when the campaign's tasks are due
  window_days INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE retention_campaign_accounts (
  campaign_id BIGINT NOT NULL REFERENCES retention_campaigns(id),
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  task_id BIGINT NOT NULL REFERENCES tasks(id),
  PRIMARY KEY (campaign_id, account_id)
);
CREATE INDEX retention_campaign_accounts_account ON retention_campaign_accounts(account_id);

CREATE TABLE improvements (
  id {{ID}},
  title TEXT NOT NULL,
  problem TEXT NOT NULL,
  problem_kind TEXT NOT NULL,  -- root_cause, survey_theme, kpi
  problem_ref TEXT,            -- the 6M category, the theme or the KPI the problem names
  owner_id BIGINT NOT NULL REFERENCES users(id),
  stage TEXT NOT NULL,         -- plan, do, check, standardised, abandoned
  plan TEXT,
  done TEXT,                   -- what was done
  kpi TEXT,                    -- complaints, sla_compliance, order_value, csat
  kpi_category TEXT,           -- complaints of this 6M category only
  before_from TEXT, before_to TEXT, after_from TEXT, after_to TEXT,
  check_result TEXT,           -- JSON: the KPI as measured for both periods when the check was made
  checked_at TEXT,
  act_note TEXT,
  decided_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX improvements_stage ON improvements(stage, id);
