-- 009: the email channel (docs/MAIL.md): mailbox rules, every mail in and
-- out with its attachments, the quarantine of mail that could not be read
-- and the outbound queue. {{ID}} and {{BYTES}} as in 001.

-- What a mail to one of our addresses opens (complaints@ opens complaints).
CREATE TABLE mailbox_rules (
  id {{ID}},
  address TEXT {{BYTES}} NOT NULL UNIQUE, -- lower case
  case_type TEXT NOT NULL,
  team_id BIGINT REFERENCES teams(id),
  priority INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

-- Every mail read or written: inbound ones with what became of them
-- (a new case, a reply on a case, waiting for triage, ignored as an
-- auto-reply, bounce or loop), outbound ones as the queue sent them.
CREATE TABLE mail_messages (
  id {{ID}},
  direction TEXT NOT NULL,        -- inbound, outbound
  outcome TEXT NOT NULL,          -- inbound: case, reply, triage, ignored; outbound: queued
  reason TEXT,                    -- why it was ignored, or how it was matched
  message_id TEXT {{BYTES}},      -- without the angle brackets
  in_reply_to TEXT,
  refs TEXT,                      -- the References ids, space-separated
  from_address TEXT {{BYTES}},
  from_name TEXT,
  to_address TEXT,
  subject TEXT,
  body TEXT,                      -- the text (HTML turned into text)
  fingerprint TEXT {{BYTES}},     -- sender, subject and text hashed: repeats
  case_id BIGINT REFERENCES cases(id),
  event_id BIGINT REFERENCES case_events(id),
  account_id BIGINT REFERENCES accounts(id), -- triage: where it was assigned
  size INTEGER NOT NULL DEFAULT 0,
  at TEXT NOT NULL
);
CREATE INDEX mail_messages_message_id ON mail_messages(message_id);
CREATE INDEX mail_messages_case ON mail_messages(case_id, at, id);
CREATE INDEX mail_messages_outcome ON mail_messages(outcome, at, id);
CREATE INDEX mail_messages_fingerprint ON mail_messages(fingerprint, at);

-- Attachments of inbound mail, kept with the case; content base64 text so
-- both stores keep it alike. A part over the size limit is recorded
-- without its content (stored = 0).
CREATE TABLE mail_attachments (
  id {{ID}},
  mail_id BIGINT NOT NULL REFERENCES mail_messages(id),
  case_id BIGINT REFERENCES cases(id),
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  stored INTEGER NOT NULL,
  content TEXT,
  at TEXT NOT NULL
);
CREATE INDEX mail_attachments_mail ON mail_attachments(mail_id, id);
CREATE INDEX mail_attachments_case ON mail_attachments(case_id, id);

-- Mail that could not be read as mail, kept whole (base64) with the reason.
CREATE TABLE mail_quarantine (
  id {{ID}},
  reason TEXT NOT NULL,
  size BIGINT NOT NULL,
  raw TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX mail_quarantine_at ON mail_quarantine(at, id);

-- The outbound queue: every mail forgedesk sends, until it is sent.
CREATE TABLE mail_outbox (
  id {{ID}},
  kind TEXT NOT NULL,             -- reply, case_opened, complaint_acknowledgement, sla_escalation
  case_id BIGINT REFERENCES cases(id),
  event_id BIGINT REFERENCES case_events(id),
  escalation_id BIGINT REFERENCES sla_escalations(id),
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  message_id TEXT {{BYTES}} NOT NULL,
  in_reply_to TEXT,
  refs TEXT,
  auto INTEGER NOT NULL,          -- sent by forgedesk itself: Auto-Submitted: auto-replied
  status TEXT NOT NULL,           -- queued, sending, sent, failed
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_error TEXT,
  sent_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX mail_outbox_due ON mail_outbox(status, next_attempt_at, id);
CREATE INDEX mail_outbox_case ON mail_outbox(case_id, id);
CREATE INDEX mail_outbox_message_id ON mail_outbox(message_id);
