/* The satisfaction tables (docs/SATISFACTION.md): surveys, their invitations
 * (found by the hash of a link's token, never the token), the answers,
 * qualitative feedback records, and the counts the satisfaction report and
 * the theme counts are computed from. */
#include "store/store_internal.h"

/* A page of a list whose JSON-text columns (t's) are decoded. */
static int fetch_decoded_page(Db *db, const StoreTable *t, const char *sql, const DbParam *p, int n, int limit,
                              StorePage *page, Error *err) {
  if (store_fetch_page(db, sql, p, n, limit, page, err)) return -1;
  size_t i;
  json_t *row;
  json_array_foreach(page->items, i, row) store_decode_json_columns(t, row);
  return 0;
}

/* --- surveys ------------------------------------------------------------------------------ */
static const char *const survey_columns[] = {
    "name",       "type",          "question",  "scale_min",  "scale_max",    "high_is_good",       "low_label",
    "high_label", "comment_prompt", "custom_questions", "trigger_kind", "case_types", "delay_hours", "every_days",
    "cap_days",   "expires_days",  "follow_up_owner_id", "active", NULL};
static const char *const survey_json_columns[] = {"custom_questions", "case_types", NULL};
#define SURVEY_SELECT                                                                                              \
  "SELECT id, name, type, question, scale_min, scale_max, high_is_good, low_label, high_label, comment_prompt, "  \
  "custom_questions, trigger_kind, case_types, delay_hours, every_days, cap_days, expires_days, "                 \
  "follow_up_owner_id, active, created_at, updated_at, version FROM surveys"
const StoreTable store_surveys = {
    .entity = "survey",
    .columns = survey_columns,
    .sql_get = SURVEY_SELECT " WHERE id = $1",
    .sql_insert = "INSERT INTO surveys (name, type, question, scale_min, scale_max, high_is_good, low_label, "
                  "high_label, comment_prompt, custom_questions, trigger_kind, case_types, delay_hours, every_days, "
                  "cap_days, expires_days, follow_up_owner_id, active, created_at, updated_at, version) VALUES "
                  "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19, 1) "
                  "RETURNING id",
    .sql_update = "UPDATE surveys SET name = $1, type = $2, question = $3, scale_min = $4, scale_max = $5, "
                  "high_is_good = $6, low_label = $7, high_label = $8, comment_prompt = $9, custom_questions = $10, "
                  "trigger_kind = $11, case_types = $12, delay_hours = $13, every_days = $14, cap_days = $15, "
                  "expires_days = $16, follow_up_owner_id = $17, active = $18, updated_at = $19, "
                  "version = version + 1 WHERE id = $20 AND version = $21",
    .sql_delete = NULL,
    .sql_exists = "SELECT 1 FROM surveys WHERE id = $1",
    .searchable = 0,
    .json_columns = survey_json_columns,
};

static const char sql_surveys_list[] =
    "SELECT * FROM (SELECT x.*, x.name AS _k, x.id AS _i FROM (" SURVEY_SELECT
    " WHERE (CAST($1 AS TEXT) IS NULL OR trigger_kind = $1) AND (CAST($2 AS BIGINT) = 0 OR active = 1)) x) y"
    " WHERE y._k > $3 OR (y._k = $3 AND y._i > $4) ORDER BY y._k, y._i LIMIT $5";

int store_surveys_list(Db *db, const char *trigger_kind, int active_only, StoreCursor after, int limit,
                       StorePage *page, Error *err) {
  DbParam p[] = {DB_TEXT(trigger_kind), DB_INT(active_only), DB_TEXT(after.key ? after.key : ""),
                 DB_INT(after.key ? after.id : 0), DB_INT(limit + 1)};
  return fetch_decoded_page(db, &store_surveys, sql_surveys_list, p, 5, limit, page, err);
}

/* --- invitations ------------------------------------------------------------------------- */
static const char sql_invitation_insert[] =
    "INSERT INTO survey_invitations (survey_id, account_id, contact_id, case_id, team_id, agent_id, case_type, "
    "part_id, delivery, token_hash, send_after, mail_status, sent_at, expires_at, created_by_id, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id";

static DbParam id_or_null(int64_t id) { return id ? DB_INT(id) : DB_NULL; }

int store_survey_invitation_insert(Db *db, const StoreSurveyInvitation *v, const char *now, int64_t *id,
                                   Error *err) {
  DbParam p[] = {DB_INT(v->survey_id),      DB_INT(v->account_id),    DB_INT(v->contact_id),
                 id_or_null(v->case_id),    id_or_null(v->team_id),   id_or_null(v->agent_id),
                 DB_TEXT(v->case_type),     id_or_null(v->part_id),   DB_TEXT(v->delivery),
                 DB_TEXT(v->token_hash),    DB_TEXT(v->send_after),   DB_TEXT(v->mail_status),
                 DB_TEXT(v->sent_at),       DB_TEXT(v->expires_at),   id_or_null(v->created_by_id),
                 DB_TEXT(now)};
  if (db_insert(db, sql_invitation_insert, p, 16, id, err)) return -1;
  return *id ? 0 : error_set(err, 500, "Store error", "invitation insert returned no id");
}

#define INVITATION_SELECT                                                                                       \
  "SELECT i.id, i.survey_id, s.name AS survey_name, i.account_id, i.contact_id, c.name AS contact_name, "       \
  "i.case_id, i.delivery, i.mail_status, i.mail_detail, i.send_after, i.sent_at, i.expires_at, i.answered_at, " \
  "i.created_at FROM survey_invitations i JOIN surveys s ON s.id = i.survey_id "                               \
  "JOIN contacts c ON c.id = i.contact_id"
static const char sql_invitation_get[] = INVITATION_SELECT " WHERE i.id = $1";
static const char sql_invitations_list[] =
    "SELECT * FROM (SELECT x.*, x.created_at AS _k, x.id AS _i FROM (" INVITATION_SELECT
    " WHERE (CAST($1 AS BIGINT) = 0 OR i.survey_id = $1) AND (CAST($2 AS BIGINT) = 0 OR i.account_id = $2)"
    " AND (CAST($3 AS BIGINT) = 0 OR i.case_id = $3)) x) y"
    " WHERE y._k < $4 OR (y._k = $4 AND y._i < $5) ORDER BY y._k DESC, y._i DESC LIMIT $6";

int store_survey_invitation_get(Db *db, int64_t id, json_t **out, Error *err) {
  DbParam p[] = {DB_INT(id)};
  return db_fetch_one(db, sql_invitation_get, p, 1, out, err);
}

int store_survey_invitations_list(Db *db, const SurveyFilter *f, StoreCursor after, int limit, StorePage *page,
                                  Error *err) {
  DbParam p[] = {DB_INT(f->survey_id), DB_INT(f->account_id), DB_INT(f->case_id),
                 DB_TEXT(after.key ? after.key : STORE_KEY_MAX), DB_INT(after.key ? after.id : NO_ID_MAX),
                 DB_INT(limit + 1)};
  return store_fetch_page(db, sql_invitations_list, p, 6, limit, page, err);
}

/* Any invitation to the contact since `since` (of any survey), or one of this
 * survey for this case at any time. */
static const char sql_invited_recently[] =
    "SELECT COUNT(*) FROM survey_invitations WHERE (contact_id = $1 AND created_at >= $2)"
    " OR (CAST($3 AS BIGINT) <> 0 AND survey_id = $4 AND case_id = $3)";

int store_survey_recently_invited(Db *db, int64_t contact_id, const char *since, int64_t survey_id, int64_t case_id,
                                  int *invited, Error *err) {
  DbParam p[] = {DB_INT(contact_id), DB_TEXT(since), DB_INT(case_id), DB_INT(survey_id)};
  int64_t n = 0;
  int found = 0;
  if (db_fetch_int(db, sql_invited_recently, p, 4, &n, &found, err)) return -1;
  *invited = n > 0;
  return 0;
}

/* For each account that is a customer (active, at risk, won back) and was not
 * asked this survey since `since`: its first contact with an email address who
 * has not withdrawn consent. */
static const char sql_relationship_due[] =
    "SELECT a.id AS account_id, MIN(c.id) AS contact_id FROM accounts a JOIN contacts c ON c.account_id = a.id"
    " WHERE a.status IN ('active', 'at_risk', 'won_back') AND c.email IS NOT NULL AND c.consent <> 'withdrawn'"
    " AND NOT EXISTS (SELECT 1 FROM survey_invitations i WHERE i.survey_id = $1 AND i.account_id = a.id"
    "  AND i.created_at >= $2)"
    " GROUP BY a.id ORDER BY a.id LIMIT $3";

int store_survey_relationship_due(Db *db, int64_t survey_id, const char *since, int limit, json_t **rows,
                                  Error *err) {
  DbParam p[] = {DB_INT(survey_id), DB_TEXT(since), DB_INT(limit)};
  return db_fetch_all(db, sql_relationship_due, p, 3, rows, err);
}

/* Oldest due first; on PostgreSQL another server's claims are skipped. */
#define SQL_DUE                                                                                                      \
  "SELECT i.id, i.survey_id, s.name AS survey_name, s.question, s.expires_days, i.case_id, c.email, "              \
  "c.name AS contact_name, c.audience"                                                                              \
  " FROM survey_invitations i JOIN surveys s ON s.id = i.survey_id JOIN contacts c ON c.id = i.contact_id"         \
  " WHERE i.mail_status = 'pending' AND i.send_after <= $1 ORDER BY i.send_after, i.id LIMIT $2"
static const char sql_due_sqlite[] = SQL_DUE;
static const char sql_due_postgres[] = SQL_DUE " FOR UPDATE OF i SKIP LOCKED";
static const char sql_queued[] = "UPDATE survey_invitations SET mail_status = 'queued', expires_at = $2 WHERE id = $1";
static const char sql_set_token[] =
    "UPDATE survey_invitations SET token_hash = $2, mail_status = 'sending', sent_at = $3 WHERE id = $1";
static const char sql_mail_done[] = "UPDATE survey_invitations SET mail_status = $2, mail_detail = $3 WHERE id = $1";

int store_survey_invitations_due(Db *db, const char *now, int limit, json_t **rows, Error *err) {
  DbParam p[] = {DB_TEXT(now), DB_INT(limit)};
  return db_fetch_all(db, db->kind == DB_POSTGRES ? sql_due_postgres : sql_due_sqlite, p, 2, rows, err);
}

int store_survey_invitation_queued(Db *db, int64_t id, const char *expires_at, Error *err) {
  DbParam p[] = {DB_INT(id), DB_TEXT(expires_at)};
  return db_exec(db, sql_queued, p, 2, NULL, err);
}

int store_survey_invitation_link(Db *db, int64_t id, const char *token_hash, const char *sent_at, Error *err) {
  DbParam p[] = {DB_INT(id), DB_TEXT(token_hash), DB_TEXT(sent_at)};
  return db_exec(db, sql_set_token, p, 3, NULL, err);
}

int store_survey_invitation_mailed(Db *db, int64_t id, const char *status, const char *detail, Error *err) {
  DbParam p[] = {DB_INT(id), DB_TEXT(status), DB_TEXT(detail)};
  return db_exec(db, sql_mail_done, p, 3, NULL, err);
}

/* What an answer needs: the invitation with its survey's questions and scale. */
static const char sql_by_token[] =
    "SELECT i.id, i.survey_id, i.account_id, i.contact_id, i.case_id, i.team_id, i.agent_id, i.case_type, i.part_id,"
    " i.mail_status, i.expires_at, i.answered_at, s.name, s.type, s.question, s.scale_min, s.scale_max,"
    " s.high_is_good, s.low_label, s.high_label, s.comment_prompt, s.custom_questions, s.follow_up_owner_id"
    " FROM survey_invitations i JOIN surveys s ON s.id = i.survey_id WHERE i.token_hash = $1";
static const char sql_mark_answered[] =
    "UPDATE survey_invitations SET answered_at = $2 WHERE id = $1 AND answered_at IS NULL";

int store_survey_invitation_by_token(Db *db, const char *token_hash, json_t **out, Error *err) {
  DbParam p[] = {DB_TEXT(token_hash)};
  if (db_fetch_one(db, sql_by_token, p, 1, out, err)) return -1;
  if (*out) store_decode_json_columns(&store_surveys, *out);
  return 0;
}

int store_survey_invitation_answer(Db *db, int64_t id, const char *now, int *first, Error *err) {
  DbParam p[] = {DB_INT(id), DB_TEXT(now)};
  int64_t changed = 0;
  if (db_exec(db, sql_mark_answered, p, 2, &changed, err)) return -1;
  *first = changed == 1;
  return 0;
}

/* --- answers ------------------------------------------------------------------------------- */
static const char *const response_columns[] = {
    "invitation_id", "survey_id", "account_id", "contact_id", "case_id",      "team_id",   "agent_id",
    "case_type",     "part_id",   "survey_type", "question",  "score",        "scale_min", "scale_max",
    "high_is_good",  "low_score", "comment",    "answers",    NULL}; /* answered_at is the insert's now */
static const char *const response_json_columns[] = {"answers", NULL};
#define RESPONSE_SELECT                                                                                         \
  "SELECT r.id, r.invitation_id, r.survey_id, s.name AS survey_name, r.account_id, a.name AS account_name, "    \
  "r.contact_id, c.name AS contact_name, r.case_id, r.team_id, r.agent_id, r.case_type, r.part_id, "            \
  "r.survey_type, r.question, r.score, r.scale_min, r.scale_max, r.high_is_good, r.low_score, r.comment, "      \
  "r.answers, r.answered_at FROM survey_responses r JOIN surveys s ON s.id = r.survey_id "                      \
  "JOIN accounts a ON a.id = r.account_id JOIN contacts c ON c.id = r.contact_id"
const StoreTable store_survey_responses = {
    .entity = "survey_response",
    .columns = response_columns,
    .sql_get = RESPONSE_SELECT " WHERE r.id = $1",
    .sql_insert = "INSERT INTO survey_responses (invitation_id, survey_id, account_id, contact_id, case_id, team_id, "
                  "agent_id, case_type, part_id, survey_type, question, score, scale_min, scale_max, high_is_good, "
                  "low_score, comment, answers, answered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
                  "$12, $13, $14, $15, $16, $17, $18, $19) RETURNING id",
    .sql_update = NULL, /* an answer is never changed */
    .sql_delete = NULL,
    .sql_exists = "SELECT 1 FROM survey_responses WHERE id = $1",
    .searchable = 0,
    .json_columns = response_json_columns,
};

static const char sql_responses_list[] =
    "SELECT * FROM (SELECT x.*, x.answered_at AS _k, x.id AS _i FROM (" RESPONSE_SELECT
    " WHERE (CAST($1 AS BIGINT) = 0 OR r.survey_id = $1) AND (CAST($2 AS BIGINT) = 0 OR r.account_id = $2)"
    " AND (CAST($3 AS BIGINT) = 0 OR r.case_id = $3)) x) y"
    " WHERE y._k < $4 OR (y._k = $4 AND y._i < $5) ORDER BY y._k DESC, y._i DESC LIMIT $6";

int store_survey_responses_list(Db *db, const SurveyFilter *f, StoreCursor after, int limit, StorePage *page,
                                Error *err) {
  DbParam p[] = {DB_INT(f->survey_id), DB_INT(f->account_id), DB_INT(f->case_id),
                 DB_TEXT(after.key ? after.key : STORE_KEY_MAX), DB_INT(after.key ? after.id : NO_ID_MAX),
                 DB_INT(limit + 1)};
  return fetch_decoded_page(db, &store_survey_responses, sql_responses_list, p, 6, limit, page, err);
}

/* --- the report's counts ---------------------------------------------------------------------- */
/* Answers (r) or invitations sent (r = the invitation) in [from, to) by group
 * and filters $3..$8; the group's key and label come from one join. */
#define REPORT_FILTERS(t)                                                                                      \
  " AND (CAST($3 AS TEXT) IS NULL OR s.type = $3) AND (CAST($4 AS BIGINT) = 0 OR " t ".account_id = $4)"      \
  " AND (CAST($5 AS BIGINT) = 0 OR " t ".team_id = $5) AND (CAST($6 AS BIGINT) = 0 OR " t ".agent_id = $6)"   \
  " AND (CAST($7 AS TEXT) IS NULL OR " t ".case_type = $7) AND (CAST($8 AS BIGINT) = 0 OR " t ".part_id = $8)"
#define REPORT_JOINS(t)                                                                                        \
  " JOIN surveys s ON s.id = " t ".survey_id JOIN accounts a ON a.id = " t ".account_id"                       \
  " LEFT JOIN teams m ON m.id = " t ".team_id LEFT JOIN users u ON u.id = " t ".agent_id"                     \
  " LEFT JOIN parts p ON p.id = " t ".part_id"
#define SCORES(key, label)                                                                                     \
  "SELECT " key " AS group_key, " label " AS label, r.survey_type, r.scale_min, r.scale_max, r.high_is_good, " \
  "r.score, COUNT(*) AS count FROM survey_responses r" REPORT_JOINS("r")                                      \
  " WHERE r.answered_at >= $1 AND r.answered_at < $2" REPORT_FILTERS("r")                                     \
  " GROUP BY " key ", " label ", r.survey_type, r.scale_min, r.scale_max, r.high_is_good, r.score"
#define INVITED(key, label)                                                                                    \
  "SELECT " key " AS group_key, " label " AS label, COUNT(*) AS invited, COUNT(r.answered_at) AS answered "    \
  "FROM survey_invitations r" REPORT_JOINS("r")                                                               \
  " WHERE r.sent_at >= $1 AND r.sent_at < $2 AND r.mail_status IN ('sent', 'not_mailed')" REPORT_FILTERS("r") \
  " GROUP BY " key ", " label
#define GROUPS(q, when)                                                                                        \
  {                                                                                                            \
    [SATISFACTION_GROUP_MONTH] = q("SUBSTR(" when ", 1, 7)", "SUBSTR(" when ", 1, 7)"),                       \
    [SATISFACTION_GROUP_TEAM] = q("r.team_id", "m.name"), [SATISFACTION_GROUP_AGENT] = q("r.agent_id", "u.display_name"), \
    [SATISFACTION_GROUP_ACCOUNT] = q("r.account_id", "a.name"),                                                \
    [SATISFACTION_GROUP_CASE_TYPE] = q("r.case_type", "r.case_type"),                                          \
    [SATISFACTION_GROUP_PRODUCT] = q("r.part_id", "p.part_number || ' ' || p.name"),                           \
    [SATISFACTION_GROUP_SURVEY] = q("r.survey_id", "s.name"),                                                  \
  }
static const char *const sql_scores[SATISFACTION_GROUP_COUNT] = GROUPS(SCORES, "r.answered_at");
static const char *const sql_invited[SATISFACTION_GROUP_COUNT] = GROUPS(INVITED, "r.sent_at");

static int report_rows(Db *db, const char *sql, const SatisfactionQuery *q, json_t **rows, Error *err) {
  DbParam p[] = {DB_TEXT(q->from),       DB_TEXT(q->to),       DB_TEXT(q->survey_type), DB_INT(q->account_id),
                 DB_INT(q->team_id),     DB_INT(q->agent_id),  DB_TEXT(q->case_type),   DB_INT(q->part_id)};
  return db_fetch_all(db, sql, p, 8, rows, err);
}

/* From the roll-ups when they hold the figures asked for (src/store/rollups.c). */
static int report(Db *db, const char *const sql[], int invited, const SatisfactionQuery *q, json_t **rows,
                  Error *err) {
  int answered = 0;
  if (store_rollup_satisfaction(db, q, invited, rows, &answered, err)) return -1;
  return answered ? 0 : report_rows(db, sql[q->group], q, rows, err);
}

int store_satisfaction_scores(Db *db, const SatisfactionQuery *q, json_t **rows, Error *err) {
  return report(db, sql_scores, 0, q, rows, err);
}

int store_satisfaction_invited(Db *db, const SatisfactionQuery *q, json_t **rows, Error *err) {
  return report(db, sql_invited, 1, q, rows, err);
}

/* --- qualitative feedback ----------------------------------------------------------------------- */
static const char *const feedback_columns[] = {"kind",    "account_id", "survey_response_id", "occurred_on",
                                               "title",   "summary",    "themes",             "recorded_by_id", NULL};
static const char *const feedback_json_columns[] = {"themes", NULL};
#define FEEDBACK_SELECT                                                                                      \
  "SELECT f.id, f.kind, f.account_id, a.name AS account_name, f.survey_response_id, f.occurred_on, f.title, " \
  "f.summary, f.themes, f.recorded_by_id, u.display_name AS recorded_by_name, f.created_at, f.updated_at, "   \
  "f.version FROM feedback_records f LEFT JOIN accounts a ON a.id = f.account_id "                           \
  "LEFT JOIN users u ON u.id = f.recorded_by_id"
const StoreTable store_feedback_records = {
    .entity = "feedback_record",
    .columns = feedback_columns,
    .sql_get = FEEDBACK_SELECT " WHERE f.id = $1",
    .sql_insert = "INSERT INTO feedback_records (kind, account_id, survey_response_id, occurred_on, title, summary, "
                  "themes, recorded_by_id, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
                  "$9, $9, 1) RETURNING id",
    .sql_update = "UPDATE feedback_records SET kind = $1, account_id = $2, survey_response_id = $3, occurred_on = $4, "
                  "title = $5, summary = $6, themes = $7, recorded_by_id = $8, updated_at = $9, "
                  "version = version + 1 WHERE id = $10 AND version = $11",
    .sql_delete = NULL,
    .sql_exists = "SELECT 1 FROM feedback_records WHERE id = $1",
    .searchable = 0,
    .json_columns = feedback_json_columns,
};

static const char sql_feedback_list[] =
    "SELECT * FROM (SELECT x.*, x.occurred_on AS _k, x.id AS _i FROM (" FEEDBACK_SELECT
    " WHERE (CAST($1 AS BIGINT) = 0 OR f.account_id = $1) AND (CAST($2 AS TEXT) IS NULL OR f.kind = $2)) x) y"
    " WHERE y._k < $3 OR (y._k = $3 AND y._i < $4) ORDER BY y._k DESC, y._i DESC LIMIT $5";

int store_feedback_list(Db *db, int64_t account_id, const char *kind, StoreCursor after, int limit, StorePage *page,
                        Error *err) {
  DbParam p[] = {DB_INT(account_id), DB_TEXT(kind), DB_TEXT(after.key ? after.key : STORE_KEY_MAX),
                 DB_INT(after.key ? after.id : NO_ID_MAX), DB_INT(limit + 1)};
  return fetch_decoded_page(db, &store_feedback_records, sql_feedback_list, p, 5, limit, page, err);
}

static const char sql_feedback_themes[] =
    "SELECT SUBSTR(occurred_on, 1, 7) AS month, themes FROM feedback_records"
    " WHERE occurred_on >= $1 AND occurred_on < $2 AND (CAST($3 AS BIGINT) = 0 OR account_id = $3)";

int store_feedback_themes(Db *db, const char *from, const char *to, int64_t account_id, json_t **rows, Error *err) {
  DbParam p[] = {DB_TEXT(from), DB_TEXT(to), DB_INT(account_id)};
  if (db_fetch_all(db, sql_feedback_themes, p, 3, rows, err)) return -1;
  size_t i;
  json_t *row;
  json_array_foreach(*rows, i, row) store_decode_json_columns(&store_feedback_records, row);
  return 0;
}
