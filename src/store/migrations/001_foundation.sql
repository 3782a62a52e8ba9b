-- 001: staff, sign-in, idempotency, the audit trail and the customer record.
-- {{ID}} is the auto-numbered key of each backend; {{BYTES}} makes text compare
-- byte by byte, which prefix search relies on.
CREATE TABLE teams (
  id {{ID}},
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE users (
  id {{ID}},
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  email TEXT,
  role TEXT NOT NULL,
  team_id BIGINT REFERENCES teams(id),
  manager_id BIGINT REFERENCES users(id),
  active INTEGER NOT NULL DEFAULT 1,
  password_hash TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users(id),
  label TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

CREATE TABLE signin_failures (
  throttle_key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  window_start TEXT NOT NULL
);

CREATE TABLE idempotency_keys (
  user_id BIGINT NOT NULL,
  idem_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  location TEXT,
  response TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (user_id, idem_key)
);

CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at TEXT NOT NULL,
  actor_id BIGINT,
  actor TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT NOT NULL,
  action TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id, seq);

CREATE TABLE accounts (
  id {{ID}},
  name TEXT NOT NULL,
  name_key TEXT {{BYTES}} NOT NULL,
  sector TEXT,
  tier TEXT,
  status TEXT NOT NULL,
  account_manager_id BIGINT REFERENCES users(id),
  sla_contract TEXT,
  country TEXT,
  city TEXT,
  notes TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX accounts_name ON accounts(name_key, id);
CREATE INDEX accounts_updated ON accounts(updated_at, id);

CREATE TABLE contacts (
  id {{ID}},
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  name TEXT NOT NULL,
  name_key TEXT {{BYTES}} NOT NULL,
  job_title TEXT,
  audience TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  consent TEXT NOT NULL,
  lawful_basis TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX contacts_account ON contacts(account_id, name_key, id);
CREATE INDEX contacts_name ON contacts(name_key, id);

-- One row per word of an account or contact name, folded (see text_fold).
CREATE TABLE search_terms (
  entity TEXT NOT NULL,
  term TEXT {{BYTES}} NOT NULL,
  entity_id BIGINT NOT NULL,
  PRIMARY KEY (entity, term, entity_id)
);
CREATE INDEX search_terms_owner ON search_terms(entity, entity_id);

CREATE TABLE parts (
  id {{ID}},
  part_number TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  name_key TEXT {{BYTES}} NOT NULL,
  spec_ref TEXT,
  description TEXT,
  unit_price_minor BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE orders (
  id {{ID}},
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  number TEXT NOT NULL UNIQUE,
  ordered_on TEXT NOT NULL,
  promised_on TEXT,
  delivered_on TEXT,
  currency TEXT NOT NULL,
  value_minor BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX orders_account ON orders(account_id, ordered_on, id);

CREATE TABLE order_lines (
  order_id BIGINT NOT NULL REFERENCES orders(id),
  line_no INTEGER NOT NULL,
  part_id BIGINT REFERENCES parts(id),
  part_number TEXT NOT NULL,
  description TEXT,
  quantity BIGINT NOT NULL,
  unit_price_minor BIGINT NOT NULL,
  PRIMARY KEY (order_id, line_no)
);

CREATE TABLE interactions (
  id {{ID}},
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  contact_id BIGINT REFERENCES contacts(id),
  user_id BIGINT REFERENCES users(id),
  channel TEXT NOT NULL,
  direction TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  summary TEXT NOT NULL,
  order_id BIGINT REFERENCES orders(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX interactions_account ON interactions(account_id, occurred_at, id);
CREATE INDEX interactions_contact ON interactions(contact_id);

CREATE TABLE assets (
  id {{ID}},
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  part_id BIGINT REFERENCES parts(id),
  serial TEXT NOT NULL,
  model TEXT,
  site TEXT,
  installed_on TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX assets_account ON assets(account_id, id);

CREATE TABLE asset_service_events (
  id {{ID}},
  asset_id BIGINT NOT NULL REFERENCES assets(id),
  occurred_on TEXT NOT NULL,
  kind TEXT NOT NULL,
  summary TEXT NOT NULL,
  user_id BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX asset_service_events_asset ON asset_service_events(asset_id, occurred_on, id);
