-- 014: data protection (docs/PRIVACY.md): the retention period of each kind
-- of record, what erasure and retention changed, and when a contact was
-- erased or a closed case anonymised. The audit trail needs no change: an
-- erasure's rewrites are recorded in its own audit entry.
CREATE TABLE privacy_retention (
  kind TEXT PRIMARY KEY,          -- closed_cases, mail_bodies, ... (src/core/privacy.c)
  days INTEGER,                   -- NULL: kept
  progress BIGINT NOT NULL DEFAULT 0, -- audit_personal: the last entry looked at
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
INSERT INTO privacy_retention (kind, days, updated_at) VALUES
  ('closed_cases', NULL, '1970-01-01T00:00:00Z'),
  ('mail_bodies', NULL, '1970-01-01T00:00:00Z'),
  ('survey_comments', NULL, '1970-01-01T00:00:00Z'),
  ('audit_personal', NULL, '1970-01-01T00:00:00Z'),
  ('sessions', 30, '1970-01-01T00:00:00Z'),
  ('quarantine', 90, '1970-01-01T00:00:00Z'),
  ('idempotency', 7, '1970-01-01T00:00:00Z');

-- Every erasure and retention run: what was changed, how many, by whom.
CREATE TABLE privacy_erasures (
  id {{ID}},
  subject TEXT NOT NULL,          -- contact, retention
  subject_id BIGINT,              -- the contact; NULL for retention
  kind TEXT,                      -- retention: the kind applied
  rows_changed BIGINT NOT NULL,
  audit_entries BIGINT NOT NULL,  -- audit entries rewritten
  by_id BIGINT REFERENCES users(id),
  at TEXT NOT NULL
);
CREATE INDEX privacy_erasures_subject ON privacy_erasures(subject, subject_id);

ALTER TABLE contacts ADD COLUMN erased_at TEXT;
ALTER TABLE cases ADD COLUMN anonymised_at TEXT;
ALTER TABLE mail_messages ADD COLUMN body_removed_at TEXT;
ALTER TABLE survey_responses ADD COLUMN comment_removed_at TEXT;
CREATE INDEX cases_closed_at ON cases(closed_at, id);
CREATE INDEX mail_messages_at ON mail_messages(at, id);
CREATE INDEX sessions_expires ON sessions(expires_at);
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
