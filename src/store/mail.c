/* The mail tables (mailbox_rules, mail_messages, mail_attachments,
 * mail_quarantine, mail_outbox): mailbox rules as records, inbound mail
 * with its threading and matching queries, the quarantine and the
 * outbound queue with its claims. docs/MAIL.md. */
#include <string.h>

#include "store/store_internal.h"

/* --- mailbox rules ------------------------------------------------------------------------------ */
static const char *const rule_columns[] = {"address", "case_type", "team_id", "priority", NULL};
#define RULE_SELECT \
  "SELECT r.id, r.address, r.case_type, r.team_id, t.name AS team_name, r.priority, r.created_at, r.updated_at, " \
  "r.version FROM mailbox_rules r LEFT JOIN teams t ON t.id = r.team_id"
const StoreTable store_mailbox_rules = {
    .entity = "mailbox_rule",
    .columns = rule_columns,
    .sql_get = RULE_SELECT " WHERE r.id = $1",
    .sql_insert = "INSERT INTO mailbox_rules (address, case_type, team_id, priority, created_at, updated_at, version) "
                  "VALUES ($1, $2, $3, $4, $5, $5, 1) RETURNING id",
    .sql_update = "UPDATE mailbox_rules SET address = $1, case_type = $2, team_id = $3, priority = $4, updated_at = $5, "
                  "version = version + 1 WHERE id = $6 AND version = $7",
    .sql_delete = "DELETE FROM mailbox_rules WHERE id = $1 AND version = $2",
    .sql_exists = "SELECT 1 FROM mailbox_rules WHERE id = $1",
};

static const char sql_rules_list[] =
    "SELECT x.*, x.address AS _k, x.id AS _i FROM (" RULE_SELECT ") x"
    " WHERE (x.address > $1 OR (x.address = $1 AND x.id > $2)) ORDER BY x.address, x.id LIMIT $3";

int store_mailbox_rules_list(Db *db, StoreCursor after, int limit, StorePage *page, Error *err) {
  DbParam p[] = {DB_TEXT(after.key ? after.key : ""), DB_INT(after.key ? after.id : 0), DB_INT(limit + 1)};
  return store_fetch_page(db, sql_rules_list, p, 3, limit, page, err);
}

static const char sql_rule_for[] = RULE_SELECT " WHERE r.address = $1";

int store_mailbox_rule_for(Db *db, const char *addresses, json_t **out, Error *err) {
  *out = NULL;
  const char *s = addresses ? addresses : "";
  while (*s && !*out) {
    size_t n = strcspn(s, ",");
    char *one = strndup(s, n);
    DbParam p[] = {DB_TEXT(one)};
    int rc = db_fetch_one(db, sql_rule_for, p, 1, out, err);
    free(one);
    if (rc) return -1;
    s += n + (s[n] == ',');
  }
  return 0;
}

/* --- inbound mail ------------------------------------------------------------------------------- */
static const char *const mail_columns[] = {"direction", "outcome",      "reason",  "message_id", "in_reply_to",
                                           "refs",      "from_address", "from_name", "to_address", "subject",
                                           "body",      "fingerprint",  "case_id", "event_id",   "account_id",
                                           "size",      "at",           NULL};
static const char sql_mail_insert[] =
    "INSERT INTO mail_messages (direction, outcome, reason, message_id, in_reply_to, refs, from_address, from_name, "
    "to_address, subject, body, fingerprint, case_id, event_id, account_id, size, at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id";
#define MAIL_SELECT                                                                                        \
  "SELECT m.id, m.direction, m.outcome, m.reason, m.message_id, m.in_reply_to, m.refs, m.from_address, "  \
  "m.from_name, m.to_address, m.subject, m.body, m.case_id, m.event_id, m.account_id, m.size, m.at FROM mail_messages m"
static const char sql_mail_get[] = MAIL_SELECT " WHERE m.id = $1";

int store_mail_insert(Db *db, const json_t *values, int64_t *id, Error *err) {
  DbParam p[17];
  int n = 0;
  for (const char *const *c = mail_columns; *c; c++) p[n++] = store_param_from_json(json_object_get(values, *c));
  if (db_insert(db, sql_mail_insert, p, n, id, err)) return -1;
  return *id ? 0 : error_set(err, 500, "Store error", "mail insert returned no id");
}

int store_mail_get(Db *db, int64_t id, json_t **out, Error *err) {
  DbParam p[] = {DB_INT(id)};
  return db_fetch_one(db, sql_mail_get, p, 1, out, err);
}

static const char sql_mail_set_case[] =
    "UPDATE mail_messages SET case_id = $1, event_id = $2, account_id = $3, outcome = $4 WHERE id = $5";

int store_mail_set_case(Db *db, int64_t id, int64_t case_id, int64_t event_id, int64_t account_id,
                        const char *outcome, Error *err) {
  DbParam p[] = {case_id ? DB_INT(case_id) : DB_NULL, event_id ? DB_INT(event_id) : DB_NULL,
                 account_id ? DB_INT(account_id) : DB_NULL, DB_TEXT(outcome), DB_INT(id)};
  return db_exec(db, sql_mail_set_case, p, 5, NULL, err);
}

static const char sql_case_by_inbound_id[] =
    "SELECT case_id FROM mail_messages WHERE message_id = $1 AND case_id IS NOT NULL ORDER BY id LIMIT 1";
static const char sql_case_by_outbound_id[] =
    "SELECT case_id FROM mail_outbox WHERE message_id = $1 AND case_id IS NOT NULL ORDER BY id LIMIT 1";

int store_mail_case_by_message_ids(Db *db, const char *ids, int64_t *case_id, Error *err) {
  *case_id = 0;
  const char *s = ids ? ids : "";
  for (int tries = 0; *s && !*case_id && tries < 50; tries++) {
    size_t n = strcspn(s, " ");
    char *one = strndup(s, n);
    DbParam p[] = {DB_TEXT(one)};
    int found = 0;
    int rc = db_fetch_int(db, sql_case_by_outbound_id, p, 1, case_id, &found, err);
    if (!rc && !found) rc = db_fetch_int(db, sql_case_by_inbound_id, p, 1, case_id, &found, err);
    free(one);
    if (rc) return -1;
    if (!found) *case_id = 0;
    s += n + (s[n] == ' ');
  }
  return 0;
}

static const char sql_mail_is_own[] = "SELECT COUNT(*) FROM mail_outbox WHERE message_id = $1";

int store_mail_is_own(Db *db, const char *message_id, int *own, Error *err) {
  DbParam p[] = {DB_TEXT(message_id)};
  int64_t n = 0;
  int found = 0;
  if (db_fetch_int(db, sql_mail_is_own, p, 1, &n, &found, err)) return -1;
  *own = n > 0;
  return 0;
}

static const char sql_mail_fingerprints[] =
    "SELECT COUNT(*) FROM mail_messages WHERE fingerprint = $1 AND at >= $2 AND direction = 'inbound'";

int store_mail_count_fingerprint(Db *db, const char *fingerprint, const char *since, int64_t *count, Error *err) {
  DbParam p[] = {DB_TEXT(fingerprint), DB_TEXT(since)};
  int found = 0;
  return db_fetch_int(db, sql_mail_fingerprints, p, 2, count, &found, err);
}

static const char sql_contact_by_email[] =
    "SELECT id, account_id, name, audience, email FROM contacts WHERE LOWER(email) = LOWER($1) ORDER BY id LIMIT 1";

int store_contact_by_email(Db *db, const char *email, json_t **out, Error *err) {
  DbParam p[] = {DB_TEXT(email)};
  return db_fetch_one(db, sql_contact_by_email, p, 1, out, err);
}

static const char sql_account_by_domain[] =
    "SELECT MIN(account_id) AS account_id, COUNT(DISTINCT account_id) AS matches FROM contacts "
    "WHERE LOWER(email) LIKE ('%@' || LOWER($1))";

int store_account_by_email_domain(Db *db, const char *domain, int64_t *account_id, int64_t *matches, Error *err) {
  DbParam p[] = {DB_TEXT(domain)};
  json_t *row = NULL;
  if (db_fetch_one(db, sql_account_by_domain, p, 1, &row, err)) return -1;
  *account_id = json_integer_value(json_object_get(row, "account_id"));
  *matches = json_integer_value(json_object_get(row, "matches"));
  json_decref(row);
  return 0;
}

/* --- attachments -------------------------------------------------------------------------------- */
static const char sql_attachment_insert[] =
    "INSERT INTO mail_attachments (mail_id, case_id, filename, content_type, size, stored, content, at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
#define ATTACHMENT_COLUMNS "id, mail_id, case_id, filename, content_type, size, stored, at"
static const char sql_attachment_get[] = "SELECT " ATTACHMENT_COLUMNS " FROM mail_attachments WHERE id = $1";
static const char sql_attachment_get_content[] =
    "SELECT " ATTACHMENT_COLUMNS ", content FROM mail_attachments WHERE id = $1";
static const char sql_attachments_set_case[] = "UPDATE mail_attachments SET case_id = $1 WHERE mail_id = $2";

int store_mail_attachment_insert(Db *db, int64_t mail_id, int64_t case_id, const char *filename,
                                 const char *content_type, int64_t size, const char *content_base64,
                                 const char *at, int64_t *id, Error *err) {
  DbParam p[] = {DB_INT(mail_id),        case_id ? DB_INT(case_id) : DB_NULL, DB_TEXT(filename),
                 DB_TEXT(content_type),  DB_INT(size),                        DB_INT(content_base64 != NULL),
                 DB_TEXT(content_base64), DB_TEXT(at)};
  if (db_insert(db, sql_attachment_insert, p, 8, id, err)) return -1;
  return *id ? 0 : error_set(err, 500, "Store error", "attachment insert returned no id");
}

int store_mail_attachment_get(Db *db, int64_t id, int with_content, json_t **out, Error *err) {
  DbParam p[] = {DB_INT(id)};
  return db_fetch_one(db, with_content ? sql_attachment_get_content : sql_attachment_get, p, 1, out, err);
}

int store_mail_attachments_set_case(Db *db, int64_t mail_id, int64_t case_id, Error *err) {
  DbParam p[] = {DB_INT(case_id), DB_INT(mail_id)};
  return db_exec(db, sql_attachments_set_case, p, 2, NULL, err);
}

/* --- a case's mails ------------------------------------------------------------------------------- */
static const char sql_case_inbound[] = MAIL_SELECT " WHERE m.case_id = $1 ORDER BY m.at, m.id";
static const char sql_case_attachments[] =
    "SELECT " ATTACHMENT_COLUMNS " FROM mail_attachments WHERE mail_id = $1 ORDER BY id";
#define OUTBOX_SELECT                                                                                            \
  "SELECT o.id, o.kind, o.case_id, o.event_id, o.escalation_id, o.to_address, o.subject, o.body, o.message_id, " \
  "o.in_reply_to, o.refs, o.auto, o.status, o.attempts, o.next_attempt_at, o.last_error, o.sent_at, "            \
  "o.invitation_id, o.created_at, o.updated_at FROM mail_outbox o"
static const char sql_case_outbound[] = OUTBOX_SELECT " WHERE o.case_id = $1 ORDER BY o.created_at, o.id";

int store_mail_of_case(Db *db, int64_t case_id, json_t **out, Error *err) {
  DbParam p[] = {DB_INT(case_id)};
  json_t *inbound = NULL, *outbound = NULL;
  *out = NULL;
  if (db_fetch_all(db, sql_case_inbound, p, 1, &inbound, err)) return -1;
  if (db_fetch_all(db, sql_case_outbound, p, 1, &outbound, err)) {
    json_decref(inbound);
    return -1;
  }
  size_t i;
  json_t *m;
  json_array_foreach(inbound, i, m) {
    DbParam q[] = {DB_INT(json_integer_value(json_object_get(m, "id")))};
    json_t *files = NULL;
    if (db_fetch_all(db, sql_case_attachments, q, 1, &files, err)) {
      json_decref(inbound);
      json_decref(outbound);
      return -1;
    }
    json_object_set_new(m, "attachments", files);
  }
  json_array_foreach(outbound, i, m) {
    json_object_set_new(m, "direction", json_string("outbound"));
    json_object_set_new(m, "at", json_incref(json_object_get(m, "created_at")));
  }
  *out = json_pack("{s:o, s:o}", "inbound", inbound, "outbound", outbound);
  return 0;
}

static const char sql_last_inbound[] = MAIL_SELECT " WHERE m.case_id = $1 ORDER BY m.at DESC, m.id DESC LIMIT 1";
static const char sql_case_message_ids[] =
    "SELECT message_id, at FROM (SELECT message_id, at, id FROM mail_messages WHERE case_id = $1 AND message_id IS NOT NULL "
    "UNION ALL SELECT message_id, created_at AS at, id FROM mail_outbox WHERE case_id = $1) x ORDER BY at, id";

int store_mail_last_inbound(Db *db, int64_t case_id, json_t **out, Error *err) {
  DbParam p[] = {DB_INT(case_id)};
  return db_fetch_one(db, sql_last_inbound, p, 1, out, err);
}

int store_mail_case_message_ids(Db *db, int64_t case_id, json_t **out, Error *err) {
  DbParam p[] = {DB_INT(case_id)};
  return db_fetch_all(db, sql_case_message_ids, p, 1, out, err);
}

/* --- triage and quarantine ------------------------------------------------------------------------- */
static const char sql_triage_list[] =
    "SELECT x.*, x.at AS _k, x.id AS _i FROM (" MAIL_SELECT " WHERE m.outcome = 'triage') x"
    " WHERE (x.at < $1 OR (x.at = $1 AND x.id < $2)) ORDER BY x.at DESC, x.id DESC LIMIT $3";

int store_mail_triage_list(Db *db, StoreCursor after, int limit, StorePage *page, Error *err) {
  DbParam p[] = {DB_TEXT(after.key ? after.key : STORE_KEY_MAX), DB_INT(after.key ? after.id : NO_ID_MAX),
                 DB_INT(limit + 1)};
  return store_fetch_page(db, sql_triage_list, p, 3, limit, page, err);
}

static const char sql_quarantine_insert[] =
    "INSERT INTO mail_quarantine (reason, size, raw, at) VALUES ($1, $2, $3, $4) RETURNING id";
static const char sql_quarantine_list[] =
    "SELECT x.*, x.at AS _k, x.id AS _i FROM (SELECT id, reason, size, at FROM mail_quarantine) x"
    " WHERE (x.at < $1 OR (x.at = $1 AND x.id < $2)) ORDER BY x.at DESC, x.id DESC LIMIT $3";

int store_mail_quarantine_insert(Db *db, const char *reason, int64_t size, const char *raw_base64, const char *at,
                                 int64_t *id, Error *err) {
  DbParam p[] = {DB_TEXT(reason), DB_INT(size), DB_TEXT(raw_base64), DB_TEXT(at)};
  if (db_insert(db, sql_quarantine_insert, p, 4, id, err)) return -1;
  return *id ? 0 : error_set(err, 500, "Store error", "quarantine insert returned no id");
}

int store_mail_quarantine_list(Db *db, StoreCursor after, int limit, StorePage *page, Error *err) {
  DbParam p[] = {DB_TEXT(after.key ? after.key : STORE_KEY_MAX), DB_INT(after.key ? after.id : NO_ID_MAX),
                 DB_INT(limit + 1)};
  return store_fetch_page(db, sql_quarantine_list, p, 3, limit, page, err);
}

/* --- the outbound queue ------------------------------------------------------------------------------ */
static const char *const outbox_columns[] = {"kind",       "case_id",     "event_id",   "escalation_id", "invitation_id",
                                             "to_address", "subject",     "body",       "message_id",    "in_reply_to",
                                             "refs",       "auto",        NULL};
static const char sql_outbox_insert[] =
    "INSERT INTO mail_outbox (kind, case_id, event_id, escalation_id, invitation_id, to_address, subject, body, "
    "message_id, in_reply_to, refs, auto, status, attempts, next_attempt_at, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'queued', 0, $13, $13, $13) RETURNING id";
static const char sql_outbox_get[] = OUTBOX_SELECT " WHERE o.id = $1";
static const char sql_outbox_list[] =
    "SELECT x.*, x.created_at AS _k, x.id AS _i FROM (" OUTBOX_SELECT
    " WHERE (CAST($1 AS TEXT) IS NULL OR o.status = $1) AND (CAST($2 AS BIGINT) = 0 OR o.case_id = $2)) x"
    " WHERE (x.created_at < $3 OR (x.created_at = $3 AND x.id < $4)) ORDER BY x.created_at DESC, x.id DESC LIMIT $5";

int store_outbox_insert(Db *db, const json_t *values, const char *now, int64_t *id, Error *err) {
  DbParam p[13];
  int n = 0;
  for (const char *const *c = outbox_columns; *c; c++) p[n++] = store_param_from_json(json_object_get(values, *c));
  p[n++] = DB_TEXT(now);
  if (db_insert(db, sql_outbox_insert, p, n, id, err)) return -1;
  return *id ? 0 : error_set(err, 500, "Store error", "outbox insert returned no id");
}

int store_outbox_get(Db *db, int64_t id, json_t **out, Error *err) {
  DbParam p[] = {DB_INT(id)};
  return db_fetch_one(db, sql_outbox_get, p, 1, out, err);
}

int store_outbox_list(Db *db, const OutboxFilter *f, StoreCursor after, int limit, StorePage *page, Error *err) {
  DbParam p[] = {DB_TEXT(f->status), DB_INT(f->case_id), DB_TEXT(after.key ? after.key : STORE_KEY_MAX),
                 DB_INT(after.key ? after.id : NO_ID_MAX), DB_INT(limit + 1)};
  return store_fetch_page(db, sql_outbox_list, p, 5, limit, page, err);
}

#define OUTBOX_DUE                                                                                  \
  "SELECT id FROM mail_outbox WHERE (status = 'queued' AND next_attempt_at <= $1) "                 \
  "OR (status = 'sending' AND updated_at < $3) ORDER BY next_attempt_at, id LIMIT $2"
static const char sql_outbox_due_sqlite[] = OUTBOX_DUE;
static const char sql_outbox_due_pg[] = OUTBOX_DUE " FOR UPDATE SKIP LOCKED";
static const char sql_outbox_claim[] = "UPDATE mail_outbox SET status = 'sending', updated_at = $1 WHERE id = $2";

int store_outbox_claim(Db *db, const char *now, const char *stale_before, int limit, json_t **claimed, Error *err) {
  DbParam p[] = {DB_TEXT(now), DB_INT(limit), DB_TEXT(stale_before)};
  json_t *ids = NULL;
  *claimed = NULL;
  if (db_fetch_all(db, db->kind == DB_POSTGRES ? sql_outbox_due_pg : sql_outbox_due_sqlite, p, 3, &ids, err))
    return -1;
  json_t *out = json_array();
  size_t i;
  json_t *row;
  int rc = 0;
  json_array_foreach(ids, i, row) {
    int64_t id = json_integer_value(json_object_get(row, "id"));
    DbParam q[] = {DB_TEXT(now), DB_INT(id)};
    json_t *mail = NULL;
    rc = db_exec(db, sql_outbox_claim, q, 2, NULL, err);
    if (!rc) rc = store_outbox_get(db, id, &mail, err);
    if (rc) break;
    if (mail) json_array_append_new(out, mail);
  }
  json_decref(ids);
  if (rc) {
    json_decref(out);
    return -1;
  }
  *claimed = out;
  return 0;
}

static const char sql_outbox_done[] =
    "UPDATE mail_outbox SET status = $1, last_error = $2, next_attempt_at = $3, attempts = attempts + 1, "
    "sent_at = CASE WHEN $1 = 'sent' THEN $4 ELSE sent_at END, updated_at = $4 WHERE id = $5";

int store_outbox_done(Db *db, int64_t id, const char *status, const char *error, const char *next_attempt_at,
                      const char *now, Error *err) {
  DbParam p[] = {DB_TEXT(status), DB_TEXT(error), DB_TEXT(next_attempt_at), DB_TEXT(now), DB_INT(id)};
  return db_exec(db, sql_outbox_done, p, 5, NULL, err);
}

static const char sql_outbox_retry[] =
    "UPDATE mail_outbox SET status = 'queued', next_attempt_at = $1, updated_at = $1 "
    "WHERE id = $2 AND status IN ('queued', 'failed')";

int store_outbox_retry(Db *db, int64_t id, const char *now, int64_t *changed, Error *err) {
  DbParam p[] = {DB_TEXT(now), DB_INT(id)};
  return db_exec(db, sql_outbox_retry, p, 2, changed, err);
}
