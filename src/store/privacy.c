/* Data protection in the database (docs/PRIVACY.md): everything held about
 * a contact or a member of staff gathered for a subject access request, a
 * contact's identifying strings erased from every table that holds text,
 * and the retention periods with what each would change and changes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

/* --- subject access: one query per section, $1 the subject's id ----------- */
typedef struct ExportSection {
  const char *name;
  const char *sql;
} ExportSection;

#define CONTACT_CASES "(SELECT id FROM cases WHERE contact_id = $1)"
#define CONTACT_EMAIL "(SELECT lower(email) FROM contacts WHERE id = $1)"
static const ExportSection contact_sections[] = {
    {"cases",
     "SELECT id, type, priority, status, subject, description, channel, order_id, opened_at, resolved_at, closed_at "
     "FROM cases WHERE contact_id = $1 ORDER BY id"},
    {"timeline",
     "SELECT e.id, e.case_id, e.kind, e.visibility, e.direction, e.body, e.from_status, e.to_status, e.at "
     "FROM case_events e WHERE e.case_id IN " CONTACT_CASES " ORDER BY e.case_id, e.at, e.id"},
    {"complaints",
     "SELECT case_id, step, severity, impact, investigation, cause_category, remedy, resolution, satisfied, "
     "follow_up_note, escalation_level, acknowledged_at, closed_at FROM complaints WHERE case_id IN " CONTACT_CASES
     " ORDER BY case_id"},
    {"mails",
     "SELECT id, direction, from_address, from_name, to_address, subject, body, case_id, at FROM mail_messages "
     "WHERE case_id IN " CONTACT_CASES " OR lower(from_address) = " CONTACT_EMAIL " ORDER BY at, id"},
    {"mails_sent",
     "SELECT id, kind, to_address, subject, body, case_id, status, sent_at, created_at FROM mail_outbox "
     "WHERE case_id IN " CONTACT_CASES " OR lower(to_address) = " CONTACT_EMAIL " ORDER BY id"},
    {"survey_invitations",
     "SELECT id, survey_id, case_id, delivery, mail_status, sent_at, expires_at, answered_at, created_at "
     "FROM survey_invitations WHERE contact_id = $1 ORDER BY id"},
    {"survey_answers",
     "SELECT id, survey_id, case_id, survey_type, question, score, scale_min, scale_max, comment, answers, "
     "answered_at FROM survey_responses WHERE contact_id = $1 ORDER BY id"},
    {"interactions",
     "SELECT id, channel, direction, occurred_at, summary, order_id FROM interactions WHERE contact_id = $1 "
     "ORDER BY occurred_at, id"},
    {"tasks",
     "SELECT id, kind, title, notes, status, outcome, due_on, case_id FROM tasks WHERE contact_id = $1 ORDER BY id"},
    {"orders",
     "SELECT id, number, ordered_on, promised_on, delivered_on, currency, value_minor FROM orders WHERE id IN "
     "(SELECT order_id FROM cases WHERE contact_id = $1 UNION SELECT order_id FROM interactions WHERE contact_id = $1) "
     "ORDER BY id"},
    {"audit",
     "SELECT seq, at, actor, action, before_json, after_json FROM audit_log WHERE entity = 'contact' AND "
     "entity_id = $1 ORDER BY seq"},
};

/* HR reads no case conversations (core/policy.c): cases handled are listed
 * without their subject or text, and audit entries without their states. */
static const ExportSection user_sections[] = {
    {"cases_handled",
     "SELECT id, type, priority, status, opened_at, resolved_at, closed_at FROM cases WHERE assignee_id = $1 "
     "ORDER BY id"},
    {"qa_reviews",
     "SELECT id, kind, case_id, interaction_id, reviewer_id, status, score_centi, passed, critical_failed, comment, "
     "ratings, response, submitted_at FROM qa_reviews WHERE agent_id = $1 ORDER BY id"},
    {"qa_actions",
     "SELECT id, review_id, owner_id, kind, title, description, due_on, status, outcome FROM qa_actions "
     "WHERE agent_id = $1 ORDER BY id"},
    {"feedback",
     "SELECT id, author_id, given_on, kind, situation, behaviour, impact FROM perf_feedback WHERE person_id = $1 "
     "ORDER BY given_on, id"},
    {"objectives",
     "SELECT id, level, title, description, metric, baseline, target, deadline, status FROM perf_objectives "
     "WHERE owner_id = $1 AND level = 'personal' ORDER BY id"},
    {"one_to_ones",
     "SELECT id, manager_id, held_on, person_preparation, manager_preparation, goal, reality, options, way_forward, "
     "actions FROM one_to_ones WHERE person_id = $1 ORDER BY held_on, id"},
    {"performance_cases",
     "SELECT id, manager_id, kind, concern, stage, evidence, causes, stages, created_at FROM perf_cases "
     "WHERE person_id = $1 ORDER BY id"},
    {"appraisals",
     "SELECT a.id, a.cycle_id, c.name AS cycle, a.manager_id, a.objectives_score, a.kpis_score, a.feedback_score, "
     "a.self_score, a.self_assessment, a.manager_comment, a.status, a.completed_at FROM perf_appraisals a "
     "JOIN perf_appraisal_cycles c ON c.id = a.cycle_id WHERE a.person_id = $1 ORDER BY a.id"},
    {"performance_letters",
     "SELECT l.id, l.case_id, l.kind, l.subject, l.body, l.status, l.issued_at FROM perf_case_letters l "
     "JOIN perf_cases p ON p.id = l.case_id WHERE p.person_id = $1 ORDER BY l.id"},
    {"roster", "SELECT id, kind, starts_at, ends_at, reason, note FROM roster_entries WHERE user_id = $1 "
               "ORDER BY starts_at, id"},
    {"allocation_decisions",
     "SELECT id, case_id, kind, rule, risk, stretch, mentor_id, summary, at FROM case_allocations "
     "WHERE assignee_id = $1 OR mentor_id = $1 ORDER BY id"},
    {"skills", "SELECT s.name AS skill, u.level FROM user_skills u JOIN skills s ON s.id = u.skill_id "
               "WHERE u.user_id = $1 ORDER BY s.name"},
    {"development_goals",
     "SELECT id, skill_id, target_level, due_on, mentor_id, status, note FROM development_goals WHERE user_id = $1 "
     "ORDER BY id"},
    {"audit_entries_made",
     "SELECT seq, at, entity, entity_id, action FROM audit_log WHERE actor_id = $1 ORDER BY seq"},
};

static const char sql_contact_account[] =
    "SELECT a.id, a.name FROM accounts a JOIN contacts c ON c.account_id = a.id WHERE c.id = $1";
static const char sql_user_record[] =
    "SELECT id, username, display_name, email, role, team_id, manager_id, active, created_at, updated_at "
    "FROM users WHERE id = $1";

/* The audit states are JSON text; the export gives them as values. */
static void decode_states(json_t *rows) {
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    static const char *const names[][2] = {{"before_json", "before"}, {"after_json", "after"}};
    for (int k = 0; k < 2; k++) {
      json_t *text = json_object_get(row, names[k][0]);
      if (!text) continue;
      json_object_set_new(row, names[k][1],
                          json_is_string(text) ? json_loads(json_string_value(text), 0, NULL) : json_null());
      json_object_del(row, names[k][0]);
    }
  }
}

static int export_sections(Db *db, int64_t id, const ExportSection *s, size_t n, json_t *out, Error *err) {
  DbParam p[] = {DB_INT(id)};
  for (size_t i = 0; i < n; i++) {
    json_t *rows = NULL;
    if (db_fetch_all(db, s[i].sql, p, 1, &rows, err)) return -1;
    decode_states(rows);
    json_object_set_new(out, s[i].name, rows);
  }
  return 0;
}

int store_privacy_contact_export(Db *db, int64_t contact_id, json_t **out, Error *err) {
  json_t *contact = NULL;
  *out = NULL;
  if (store_record_get(db, &store_contacts, contact_id, &contact, err)) return -1;
  if (!contact) return 0;
  json_t *account = NULL;
  DbParam p[] = {DB_INT(contact_id)};
  if (db_fetch_one(db, sql_contact_account, p, 1, &account, err)) {
    json_decref(contact);
    return -1;
  }
  json_t *data = json_pack("{s:o, s:o}", "contact", contact, "account", account ? account : json_null());
  if (export_sections(db, contact_id, contact_sections, sizeof contact_sections / sizeof contact_sections[0], data,
                      err)) {
    json_decref(data);
    return -1;
  }
  *out = data;
  return 0;
}

int store_privacy_user_export(Db *db, int64_t user_id, json_t **out, Error *err) {
  json_t *user = NULL;
  DbParam p[] = {DB_INT(user_id)};
  *out = NULL;
  if (db_fetch_one(db, sql_user_record, p, 1, &user, err)) return -1;
  if (!user) return 0;
  json_t *data = json_pack("{s:o}", "user", user);
  if (export_sections(db, user_id, user_sections, sizeof user_sections / sizeof user_sections[0], data, err)) {
    json_decref(data);
    return -1;
  }
  *out = data;
  return 0;
}

/* --- erasure ----------------------------------------------------------------- */
static const char sql_legal_holds[] =
    "SELECT c.id, c.subject FROM cases c WHERE c.contact_id = $1 AND c.type = 'complaint' AND c.status <> 'closed' "
    "ORDER BY c.id";
static const char sql_contact_erased[] = "SELECT erased_at FROM contacts WHERE id = $1";
static const char sql_mark_erased[] = "UPDATE contacts SET erased_at = $1 WHERE id = $2";

int store_privacy_legal_holds(Db *db, int64_t contact_id, json_t **cases, Error *err) {
  DbParam p[] = {DB_INT(contact_id)};
  return db_fetch_all(db, sql_legal_holds, p, 1, cases, err);
}

int store_privacy_contact_erased(Db *db, int64_t contact_id, int *erased, Error *err) {
  json_t *row = NULL;
  DbParam p[] = {DB_INT(contact_id)};
  if (db_fetch_one(db, sql_contact_erased, p, 1, &row, err)) return -1;
  *erased = row && json_is_string(json_object_get(row, "erased_at"));
  json_decref(row);
  return 0;
}

/* A table whose text columns may name a person: the rows where any of them
 * mentions one of three LIKE patterns ($1..$3), and the update of them all
 * by key. */
typedef struct ScrubTable {
  const char *name;
  int columns;
  const char *sql_find; /* key first, then the columns */
  const char *sql_update; /* $1..$columns the texts, then the key */
} ScrubTable;

#define L(c) "lower(" c ") LIKE lower($1) ESCAPE '!' OR lower(" c ") LIKE lower($2) ESCAPE '!' OR lower(" c \
             ") LIKE lower($3) ESCAPE '!'"
static const ScrubTable scrub_tables[] = {
    {"case_events", 1, "SELECT id, body FROM case_events WHERE " L("body"),
     "UPDATE case_events SET body = $1 WHERE id = $2"},
    {"complaints", 4,
     "SELECT case_id, impact, investigation, resolution, follow_up_note FROM complaints WHERE " L("impact") " OR " L(
         "investigation") " OR " L("resolution") " OR " L("follow_up_note"),
     "UPDATE complaints SET impact = $1, investigation = $2, resolution = $3, follow_up_note = $4 WHERE case_id = $5"},
    {"complaint_escalations", 1, "SELECT id, reason FROM complaint_escalations WHERE " L("reason"),
     "UPDATE complaint_escalations SET reason = $1 WHERE id = $2"},
    {"capas", 2, "SELECT id, title, description FROM capas WHERE " L("title") " OR " L("description"),
     "UPDATE capas SET title = $1, description = $2 WHERE id = $3"},
    {"interactions", 1, "SELECT id, summary FROM interactions WHERE " L("summary"),
     "UPDATE interactions SET summary = $1 WHERE id = $2"},
    {"accounts", 1, "SELECT id, notes FROM accounts WHERE " L("notes"), "UPDATE accounts SET notes = $1 WHERE id = $2"},
    {"mail_messages", 5,
     "SELECT id, from_address, from_name, to_address, subject, body FROM mail_messages WHERE " L("from_address") " OR " L(
         "from_name") " OR " L("to_address") " OR " L("subject") " OR " L("body"),
     "UPDATE mail_messages SET from_address = $1, from_name = $2, to_address = $3, subject = $4, body = $5 "
     "WHERE id = $6"},
    {"mail_attachments", 1, "SELECT id, filename FROM mail_attachments WHERE " L("filename"),
     "UPDATE mail_attachments SET filename = $1 WHERE id = $2"},
    {"mail_outbox", 3,
     "SELECT id, to_address, subject, body FROM mail_outbox WHERE " L("to_address") " OR " L("subject") " OR " L("body"),
     "UPDATE mail_outbox SET to_address = $1, subject = $2, body = $3 WHERE id = $4"},
    {"survey_responses", 2,
     "SELECT id, comment, answers FROM survey_responses WHERE " L("comment") " OR " L("answers"),
     "UPDATE survey_responses SET comment = $1, answers = $2 WHERE id = $3"},
    {"feedback_records", 2, "SELECT id, title, summary FROM feedback_records WHERE " L("title") " OR " L("summary"),
     "UPDATE feedback_records SET title = $1, summary = $2 WHERE id = $3"},
    {"tasks", 3, "SELECT id, title, notes, outcome FROM tasks WHERE " L("title") " OR " L("notes") " OR " L("outcome"),
     "UPDATE tasks SET title = $1, notes = $2, outcome = $3 WHERE id = $4"},
    {"qa_reviews", 3,
     "SELECT id, comment, response, ratings FROM qa_reviews WHERE " L("comment") " OR " L("response") " OR " L("ratings"),
     "UPDATE qa_reviews SET comment = $1, response = $2, ratings = $3 WHERE id = $4"},
    {"case_allocations", 1, "SELECT id, summary FROM case_allocations WHERE " L("summary"),
     "UPDATE case_allocations SET summary = $1 WHERE id = $2"},
    {"qa_actions", 3,
     "SELECT id, title, description, outcome FROM qa_actions WHERE " L("title") " OR " L("description") " OR " L(
         "outcome"),
     "UPDATE qa_actions SET title = $1, description = $2, outcome = $3 WHERE id = $4"},
    {"meetings", 4,
     "SELECT id, title, agenda, notes, decisions FROM meetings WHERE " L("title") " OR " L("agenda") " OR " L(
         "notes") " OR " L("decisions"),
     "UPDATE meetings SET title = $1, agenda = $2, notes = $3, decisions = $4 WHERE id = $5"},
    {"meeting_actions", 1, "SELECT id, title FROM meeting_actions WHERE " L("title"),
     "UPDATE meeting_actions SET title = $1 WHERE id = $2"},
};
#undef L

/* The contact's own free texts: whatever they wrote in surveys is theirs
 * whether or not it names them; attachments of their mail cannot be
 * searched and go too. Scores, times and counts stay. */
static const char sql_erase_answers[] =
    "UPDATE survey_responses SET comment = NULL, answers = NULL WHERE contact_id = $1";
static const char sql_erase_attachments[] =
    "UPDATE mail_attachments SET content = NULL, stored = 0 WHERE mail_id IN (SELECT id FROM mail_messages "
    "WHERE case_id IN " CONTACT_CASES " OR lower(from_address) = " CONTACT_EMAIL ")";
static const char sql_forget_answers[] =
    "DELETE FROM idempotency_keys WHERE lower(response) LIKE lower($1) ESCAPE '!' OR "
    "lower(response) LIKE lower($2) ESCAPE '!' OR lower(response) LIKE lower($3) ESCAPE '!'";
static const char sql_cases_naming[] =
    "SELECT id FROM cases WHERE lower(subject) LIKE lower($1) ESCAPE '!' OR lower(subject) LIKE lower($2) ESCAPE '!' "
    "OR lower(subject) LIKE lower($3) ESCAPE '!' OR lower(description) LIKE lower($1) ESCAPE '!' OR "
    "lower(description) LIKE lower($2) ESCAPE '!' OR lower(description) LIKE lower($3) ESCAPE '!' ORDER BY id";

/* Up to three patterns, the last repeated for the unused places. */
static void pattern_params(char *const *patterns, int n, DbParam p[3]) {
  for (int i = 0; i < 3; i++) p[i] = DB_TEXT(patterns[i < n ? i : n - 1]);
}

static void count(json_t *changed, const char *table, int64_t n) {
  if (!n) return;
  json_object_set_new(changed, table, json_integer(json_integer_value(json_object_get(changed, table)) + n));
}

/* Replaces the terms in the text fields of a record; how many changed. */
static int scrub_fields(json_t *record, const char *const *fields, const PrivacyTerms *terms) {
  int changed = 0;
  for (; *fields; fields++) {
    char *clean = privacy_scrub_text(json_string_value(json_object_get(record, *fields)), terms);
    if (!clean) continue;
    json_object_set_new(record, *fields, json_string(clean));
    free(clean);
    changed++;
  }
  return changed;
}

static int scrub_table(Db *db, const ScrubTable *t, const DbParam *patterns, const PrivacyTerms *terms,
                       json_t *changed, Error *err) {
  json_t *rows = NULL;
  if (db_fetch_all(db, t->sql_find, patterns, 3, &rows, err)) return -1;
  int rc = 0;
  int64_t n = 0;
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    void *it = json_object_iter(row);
    int64_t key = json_integer_value(json_object_iter_value(it));
    DbParam p[6];
    char *clean[5] = {0};
    int any = 0;
    for (int c = 0; c < t->columns; c++) {
      it = json_object_iter_next(row, it);
      const char *text = json_string_value(json_object_iter_value(it));
      clean[c] = privacy_scrub_text(text, terms);
      any |= clean[c] != NULL;
      p[c] = DB_TEXT(clean[c] ? clean[c] : text);
    }
    p[t->columns] = DB_INT(key);
    if (any) {
      rc = db_exec(db, t->sql_update, p, t->columns + 1, NULL, err);
      n++;
    }
    for (int c = 0; c < t->columns; c++) free(clean[c]);
    if (rc) break;
  }
  json_decref(rows);
  count(changed, t->name, n);
  return rc;
}

/* A versioned record rewritten through the generic update, so its folded
 * name and search words follow (contacts, cases). */
static int record_rewrite(Db *db, const StoreTable *t, json_t *record, const char *now, Error *err) {
  int64_t id = json_integer_value(json_object_get(record, "id"));
  return store_record_update(db, t, id, json_integer_value(json_object_get(record, "version")), record, now, err);
}

static int scrub_cases(Db *db, const DbParam *patterns, const PrivacyTerms *terms, const char *now, json_t *changed,
                       Error *err) {
  static const char *const fields[] = {"subject", "description", NULL};
  json_t *ids = NULL;
  if (db_fetch_all(db, sql_cases_naming, patterns, 3, &ids, err)) return -1;
  int rc = 0;
  size_t i;
  json_t *row;
  json_array_foreach(ids, i, row) {
    json_t *c = NULL;
    rc = store_record_get(db, &store_cases, json_integer_value(json_object_get(row, "id")), &c, err);
    if (!rc && c && scrub_fields(c, fields, terms)) {
      rc = record_rewrite(db, &store_cases, c, now, err);
      count(changed, "cases", 1);
    }
    json_decref(c);
    if (rc) break;
  }
  json_decref(ids);
  return rc;
}

int store_privacy_erase_contact(Db *db, int64_t contact_id, const PrivacyTerms *terms, char *const *patterns,
                                const char *now, json_t *changed, Error *err) {
  json_t *contact = NULL;
  if (store_record_get(db, &store_contacts, contact_id, &contact, err)) return -1;
  if (!contact) return error_set(err, 404, "Not found", "no contact %lld", (long long)contact_id);
  DbParam id[] = {DB_INT(contact_id)}, pp[3];
  int64_t n = 0;
  int rc = db_exec(db, sql_erase_answers, id, 1, &n, err);
  count(changed, "survey_responses", n);
  if (!rc) rc = db_exec(db, sql_erase_attachments, id, 1, &n, err);
  if (!rc) count(changed, "mail_attachments", n);
  if (terms->n) {
    pattern_params(patterns, terms->n, pp);
    if (!rc) rc = db_exec(db, sql_forget_answers, pp, 3, &n, err);
    if (!rc) count(changed, "idempotency_keys", n);
    for (size_t t = 0; !rc && t < sizeof scrub_tables / sizeof scrub_tables[0]; t++)
      rc = scrub_table(db, &scrub_tables[t], pp, terms, changed, err);
    if (!rc) rc = scrub_cases(db, pp, terms, now, changed, err);
  }
  if (!rc) {
    char name[64];
    snprintf(name, sizeof name, "Erased contact %lld", (long long)contact_id);
    json_object_set_new(contact, "name", json_string(name));
    json_object_set_new(contact, "job_title", json_null());
    json_object_set_new(contact, "email", json_null());
    json_object_set_new(contact, "phone", json_null());
    json_object_set_new(contact, "consent", json_string("withdrawn"));
    rc = record_rewrite(db, &store_contacts, contact, now, err);
  }
  DbParam mark[] = {DB_TEXT(now), DB_INT(contact_id)};
  if (!rc) rc = db_exec(db, sql_mark_erased, mark, 2, NULL, err);
  if (!rc) count(changed, "contacts", 1);
  json_decref(contact);
  return rc;
}

static const char sql_erasure_insert[] =
    "INSERT INTO privacy_erasures (subject, subject_id, kind, rows_changed, audit_entries, by_id, at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";

int store_privacy_erasure_insert(Db *db, const char *subject, int64_t subject_id, const char *kind,
                                 int64_t rows_changed, int64_t audit_entries, int64_t by_id, const char *now,
                                 int64_t *id, Error *err) {
  DbParam p[] = {DB_TEXT(subject),       subject_id ? DB_INT(subject_id) : DB_NULL, DB_TEXT(kind),
                 DB_INT(rows_changed),   DB_INT(audit_entries),                     by_id ? DB_INT(by_id) : DB_NULL,
                 DB_TEXT(now)};
  return db_insert(db, sql_erasure_insert, p, 7, id, err);
}

/* --- retention ------------------------------------------------------------------ */
static const char sql_retention_list[] =
    "SELECT kind, days, progress, updated_at, version FROM privacy_retention ORDER BY kind";
static const char sql_retention_get[] =
    "SELECT kind, days, progress, updated_at, version FROM privacy_retention WHERE kind = $1";
static const char sql_retention_set[] =
    "UPDATE privacy_retention SET days = $1, updated_at = $2, version = version + 1 WHERE kind = $3 AND version = $4";
static const char sql_retention_progress[] = "UPDATE privacy_retention SET progress = $1 WHERE kind = $2";

int store_privacy_retention_list(Db *db, json_t **rows, Error *err) {
  return db_fetch_all(db, sql_retention_list, NULL, 0, rows, err);
}

int store_privacy_retention_get(Db *db, const char *kind, json_t **row, Error *err) {
  DbParam p[] = {DB_TEXT(kind)};
  return db_fetch_one(db, sql_retention_get, p, 1, row, err);
}

int store_privacy_retention_set(Db *db, const char *kind, int days, int64_t version, const char *now, Error *err) {
  DbParam p[] = {days ? DB_INT(days) : DB_NULL, DB_TEXT(now), DB_TEXT(kind), DB_INT(version)};
  int64_t changed = 0;
  if (db_exec(db, sql_retention_set, p, 4, &changed, err)) return -1;
  if (!changed) return error_set(err, 412, "Precondition failed", "the retention period of %s has changed since", kind);
  return 0;
}

int store_privacy_retention_progress(Db *db, const char *kind, int64_t seq, Error *err) {
  DbParam p[] = {DB_INT(seq), DB_TEXT(kind)};
  return db_exec(db, sql_retention_progress, p, 2, NULL, err);
}

/* Per kind: how many records are due ($1 the cutoff, $2 the progress), the
 * oldest time among those not yet due (when the next falls due, less the
 * period), and the ids of a batch ($3 its size). */
typedef struct RetentionSql {
  const char *due, *next, *batch;
} RetentionSql;

#define CASES_DUE "FROM cases WHERE status = 'closed' AND anonymised_at IS NULL AND closed_at < $1"
#define MAIL_DUE "FROM mail_messages WHERE body_removed_at IS NULL AND at < $1"
#define OUTBOX_DUE "FROM mail_outbox WHERE status = 'sent' AND body <> '' AND created_at < $1"
#define ANSWERS_DUE \
  "FROM survey_responses WHERE comment_removed_at IS NULL AND (comment IS NOT NULL OR answers IS NOT NULL) AND " \
  "answered_at < $1"
#define AUDIT_DUE "FROM audit_log WHERE entity = 'contact' AND at < $1 AND seq > $2"
static const RetentionSql retention_sql[RETAIN_KIND_COUNT] = {
    [RETAIN_CLOSED_CASES] = {"SELECT count(*) " CASES_DUE " AND CAST($2 AS BIGINT) >= 0",
                             "SELECT min(closed_at) FROM cases WHERE status = 'closed' AND anonymised_at IS NULL "
                             "AND closed_at >= $1",
                             "SELECT id " CASES_DUE " ORDER BY closed_at, id LIMIT $2"},
    [RETAIN_MAIL_BODIES] = {"SELECT (SELECT count(*) " MAIL_DUE ") + (SELECT count(*) " OUTBOX_DUE
                            ") WHERE CAST($2 AS BIGINT) >= 0",
                            "SELECT min(at) FROM mail_messages WHERE body_removed_at IS NULL AND at >= $1", NULL},
    [RETAIN_SURVEY_COMMENTS] = {"SELECT count(*) " ANSWERS_DUE " AND CAST($2 AS BIGINT) >= 0",
                                "SELECT min(answered_at) FROM survey_responses WHERE comment_removed_at IS NULL AND "
                                "(comment IS NOT NULL OR answers IS NOT NULL) AND answered_at >= $1",
                                NULL},
    [RETAIN_AUDIT_PERSONAL] = {"SELECT count(*) " AUDIT_DUE,
                               "SELECT min(at) FROM audit_log WHERE entity = 'contact' AND at >= $1", NULL},
    [RETAIN_SESSIONS] = {"SELECT count(*) FROM sessions WHERE expires_at < $1 AND CAST($2 AS BIGINT) >= 0",
                         "SELECT min(expires_at) FROM sessions WHERE expires_at >= $1", NULL},
    [RETAIN_QUARANTINE] = {"SELECT count(*) FROM mail_quarantine WHERE at < $1 AND CAST($2 AS BIGINT) >= 0",
                           "SELECT min(at) FROM mail_quarantine WHERE at >= $1", NULL},
    [RETAIN_IDEMPOTENCY] = {"SELECT count(*) FROM idempotency_keys WHERE created_at < $1 AND CAST($2 AS BIGINT) >= 0",
                            "SELECT min(created_at) FROM idempotency_keys WHERE created_at >= $1", NULL},
};

int store_privacy_retention_due(Db *db, PrivacyRetentionKind kind, const char *cutoff, int64_t progress,
                                int64_t *due, char *next_from, size_t next_size, Error *err) {
  const RetentionSql *q = &retention_sql[kind];
  DbParam p[] = {DB_TEXT(cutoff), DB_INT(progress)};
  int found = 0;
  *due = 0;
  if (db_fetch_int(db, q->due, p, 2, due, &found, err)) return -1;
  json_t *row = NULL;
  if (db_fetch_one(db, q->next, p, 1, &row, err)) return -1;
  const char *next = NULL;
  if (row) next = json_string_value(json_object_iter_value(json_object_iter(row)));
  snprintf(next_from, next_size, "%s", next ? next : "");
  json_decref(row);
  return 0;
}

/* The batches of the kinds that change rows in place or delete them. */
static const char sql_mail_bodies[] =
    "UPDATE mail_messages SET body = NULL, body_removed_at = $2 WHERE id IN (SELECT id " MAIL_DUE
    " ORDER BY at, id LIMIT $3)";
static const char sql_mail_attachments[] =
    "UPDATE mail_attachments SET content = NULL, stored = 0 WHERE content IS NOT NULL AND mail_id IN "
    "(SELECT id FROM mail_messages WHERE body_removed_at = $1)";
static const char sql_outbox_bodies[] =
    "UPDATE mail_outbox SET body = '' WHERE id IN (SELECT id " OUTBOX_DUE " ORDER BY id LIMIT $2)";
static const char sql_survey_comments[] =
    "UPDATE survey_responses SET comment = NULL, answers = NULL, comment_removed_at = $2 WHERE id IN "
    "(SELECT id " ANSWERS_DUE " ORDER BY answered_at, id LIMIT $3)";
static const char sql_sessions_delete[] =
    "DELETE FROM sessions WHERE token_hash IN (SELECT token_hash FROM sessions WHERE expires_at < $1 "
    "ORDER BY expires_at LIMIT $2)";
static const char sql_quarantine_delete[] =
    "DELETE FROM mail_quarantine WHERE id IN (SELECT id FROM mail_quarantine WHERE at < $1 ORDER BY id LIMIT $2)";
static const char sql_idempotency_delete[] =
    "DELETE FROM idempotency_keys WHERE (user_id, idem_key) IN (SELECT user_id, idem_key FROM idempotency_keys "
    "WHERE created_at < $1 ORDER BY created_at LIMIT $2)";

/* A closed case's texts, with its timeline, mail and complaint texts. */
static const char sql_case_events_removed[] =
    "UPDATE case_events SET body = '" PRIVACY_REMOVED "' WHERE case_id = $1 AND body IS NOT NULL";
static const char sql_case_mails_removed[] =
    "UPDATE mail_messages SET subject = '" PRIVACY_REMOVED "', body = NULL, from_name = NULL WHERE case_id = $1";
static const char sql_case_outbox_removed[] =
    "UPDATE mail_outbox SET subject = '" PRIVACY_REMOVED "', body = '' WHERE case_id = $1 AND status = 'sent'";
static const char sql_case_attachments_removed[] =
    "UPDATE mail_attachments SET content = NULL, stored = 0, filename = '" PRIVACY_REMOVED "' WHERE case_id = $1";
static const char sql_case_complaint_removed[] =
    "UPDATE complaints SET impact = NULL, investigation = NULL, resolution = '" PRIVACY_REMOVED
    "', follow_up_note = NULL WHERE case_id = $1";
static const char sql_case_anonymised[] = "UPDATE cases SET anonymised_at = $1 WHERE id = $2";

static int anonymise_case(Db *db, int64_t id, const char *now, Error *err) {
  static const char *const steps[] = {sql_case_events_removed, sql_case_mails_removed, sql_case_outbox_removed,
                                      sql_case_attachments_removed, sql_case_complaint_removed};
  DbParam p[] = {DB_INT(id)};
  for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
    if (db_exec(db, steps[i], p, 1, NULL, err)) return -1;
  json_t *c = NULL;
  int rc = store_record_get(db, &store_cases, id, &c, err);
  if (!rc && c) {
    json_object_set_new(c, "subject", json_string(PRIVACY_REMOVED));
    json_object_set_new(c, "description", json_null());
    rc = record_rewrite(db, &store_cases, c, now, err);
  }
  json_decref(c);
  DbParam mark[] = {DB_TEXT(now), DB_INT(id)};
  return rc ? rc : db_exec(db, sql_case_anonymised, mark, 2, NULL, err);
}

int store_privacy_retention_apply(Db *db, PrivacyRetentionKind kind, const char *cutoff, const char *now, int limit,
                                  int64_t *changed, Error *err) {
  DbParam cut_now_limit[] = {DB_TEXT(cutoff), DB_TEXT(now), DB_INT(limit)};
  DbParam cut_limit[] = {DB_TEXT(cutoff), DB_INT(limit)};
  int64_t n = 0, more = 0;
  *changed = 0;
  switch (kind) {
  case RETAIN_CLOSED_CASES: {
    json_t *ids = NULL;
    if (db_fetch_all(db, retention_sql[kind].batch, cut_limit, 2, &ids, err)) return -1;
    size_t i;
    json_t *row;
    int rc = 0;
    json_array_foreach(ids, i, row) {
      if ((rc = anonymise_case(db, json_integer_value(json_object_get(row, "id")), now, err))) break;
      n++;
    }
    json_decref(ids);
    *changed = n;
    return rc;
  }
  case RETAIN_MAIL_BODIES: {
    DbParam at[] = {DB_TEXT(now)};
    if (db_exec(db, sql_mail_bodies, cut_now_limit, 3, &n, err) || db_exec(db, sql_mail_attachments, at, 1, NULL, err) ||
        db_exec(db, sql_outbox_bodies, cut_limit, 2, &more, err))
      return -1;
    *changed = n + more;
    return 0;
  }
  case RETAIN_SURVEY_COMMENTS:
    return db_exec(db, sql_survey_comments, cut_now_limit, 3, changed, err);
  case RETAIN_SESSIONS:
    return db_exec(db, sql_sessions_delete, cut_limit, 2, changed, err);
  case RETAIN_QUARANTINE:
    return db_exec(db, sql_quarantine_delete, cut_limit, 2, changed, err);
  case RETAIN_IDEMPOTENCY:
    return db_exec(db, sql_idempotency_delete, cut_limit, 2, changed, err);
  case RETAIN_AUDIT_PERSONAL: /* through store_audit_rewrite, by the caller */
  case RETAIN_KIND_COUNT:
    break;
  }
  return error_set(err, 500, "Store error", "retention kind %d is not applied here", (int)kind);
}
