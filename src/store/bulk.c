/* Bulk loading for the large generated dataset (`forgedesk demo --scale
 * large`, docs/PERFORMANCE.md): one prepared statement a row, run by the
 * caller inside a large transaction. These rows are history written as an
 * import of an older system's records would be: no audit entries and no
 * search words, which the generator's documentation says. The roll-up
 * triggers still mark every bucket, and the same recomputation builds them. */
#include <stdio.h>

#include "store/store_internal.h"

/* SQLite: a page cache large enough for the tables' and indexes' pages that
 * bulk inserts keep touching (256 MiB), instead of the default 2 MiB. */
static const char sql_bulk_cache[] = "PRAGMA cache_size = -262144";

int store_bulk_prepare(Db *db, Error *err) {
  return db->kind == DB_SQLITE ? db_exec_script(db, sql_bulk_cache, err) : 0;
}

static const char sql_context[] =
    "SELECT (SELECT id FROM sla_policies WHERE is_default = 1) AS policy_id, (SELECT MIN(id) FROM qa_scorecards) "
    "AS scorecard_id, (SELECT MIN(id) FROM surveys WHERE type = 'csat') AS csat_id, (SELECT MIN(id) FROM surveys "
    "WHERE type = 'nps') AS nps_id";

int store_bulk_context(Db *db, StoreBulkContext *out, Error *err) {
  json_t *row = NULL;
  if (db_fetch_one(db, sql_context, NULL, 0, &row, err)) return -1;
  out->policy_id = json_integer_value(json_object_get(row, "policy_id"));
  out->scorecard_id = json_integer_value(json_object_get(row, "scorecard_id"));
  out->csat_survey_id = json_integer_value(json_object_get(row, "csat_id"));
  out->nps_survey_id = json_integer_value(json_object_get(row, "nps_id"));
  json_decref(row);
  return 0;
}

static DbParam id_or_null(int64_t id) { return id ? DB_INT(id) : DB_NULL; }

static const char sql_case[] =
    "INSERT INTO cases (account_id, contact_id, assignee_id, team_id, type, priority, status, subject, name_key, "
    "channel, first_contact_resolution, reopen_count, inbound_replies, outbound_replies, opened_at, resolved_at, "
    "closed_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
    "$16, $17, $15, $18) RETURNING id";
static const char sql_case_sla[] =
    "INSERT INTO case_sla (case_id, policy_id, priority, state, first_response, next_update, resolution, "
    "acknowledgement, computed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
static const char sql_reply[] =
    "INSERT INTO case_events (case_id, kind, visibility, direction, body, author_id, at) VALUES ($1, 'reply', "
    "'public', 'outbound', $2, $3, $4)";

int store_bulk_case(Db *db, const StoreBulkCase *c, int64_t *id, Error *err) {
  const char *updated = c->closed_at ? c->closed_at : c->resolved_at ? c->resolved_at : c->opened_at;
  DbParam p[] = {DB_INT(c->account_id),  id_or_null(c->contact_id), id_or_null(c->assignee_id),
                 id_or_null(c->team_id), DB_TEXT(c->type),          DB_INT(c->priority),
                 DB_TEXT(c->status),     DB_TEXT(c->subject),       DB_TEXT(c->name_key),
                 DB_TEXT(c->channel),    DB_INT(c->fcr),            DB_INT(c->reopen_count),
                 DB_INT(c->inbound),     DB_INT(c->outbound),       DB_TEXT(c->opened_at),
                 DB_TEXT(c->resolved_at), DB_TEXT(c->closed_at),    DB_TEXT(updated)};
  if (db_insert(db, sql_case, p, 18, id, err)) return -1;
  if (c->sla_state) {
    DbParam s[] = {DB_INT(*id),          id_or_null(c->policy_id), DB_INT(c->priority),
                   DB_TEXT(c->sla_state), DB_TEXT(c->first_response), DB_TEXT("met"),
                   DB_TEXT(c->resolution), DB_TEXT(c->acknowledgement), DB_TEXT(updated)};
    if (db_exec(db, sql_case_sla, s, 9, NULL, err)) return -1;
  }
  if (c->first_reply_at) {
    DbParam e[] = {DB_INT(*id), DB_TEXT(c->reply_body), id_or_null(c->assignee_id), DB_TEXT(c->first_reply_at)};
    if (db_exec(db, sql_reply, e, 4, NULL, err)) return -1;
  }
  return 0;
}

static const char sql_interaction[] =
    "INSERT INTO interactions (account_id, contact_id, user_id, channel, direction, occurred_at, summary, "
    "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $6)";

int store_bulk_interaction(Db *db, int64_t account_id, int64_t contact_id, int64_t user_id, const char *channel,
                           const char *direction, const char *at, const char *summary, Error *err) {
  DbParam p[] = {DB_INT(account_id), id_or_null(contact_id), id_or_null(user_id), DB_TEXT(channel),
                 DB_TEXT(direction), DB_TEXT(at),             DB_TEXT(summary)};
  return db_exec(db, sql_interaction, p, 7, NULL, err);
}

static const char sql_order[] =
    "INSERT INTO orders (account_id, number, ordered_on, promised_on, delivered_on, currency, value_minor, "
    "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'GBP', $6, $7, $7)";

int store_bulk_order(Db *db, int64_t account_id, const char *number, const char *ordered_on, const char *promised_on,
                     const char *delivered_on, int64_t value_minor, const char *at, Error *err) {
  DbParam p[] = {DB_INT(account_id),    DB_TEXT(number),      DB_TEXT(ordered_on), DB_TEXT(promised_on),
                 DB_TEXT(delivered_on), DB_INT(value_minor), DB_TEXT(at)};
  return db_exec(db, sql_order, p, 7, NULL, err);
}

static const char sql_invitation[] =
    "INSERT INTO survey_invitations (survey_id, account_id, contact_id, case_id, team_id, agent_id, case_type, "
    "delivery, send_after, mail_status, sent_at, expires_at, answered_at, created_at) VALUES ($1, $2, $3, $4, $5, "
    "$6, $7, 'email', $8, 'sent', $8, $9, $10, $8) RETURNING id";
static const char sql_response[] =
    "INSERT INTO survey_responses (invitation_id, survey_id, account_id, contact_id, case_id, team_id, agent_id, "
    "case_type, survey_type, question, score, scale_min, scale_max, high_is_good, low_score, answered_at) VALUES "
    "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1, $14, $15)";

int store_bulk_survey(Db *db, const StoreBulkSurvey *s, Error *err) {
  DbParam p[] = {DB_INT(s->survey_id), DB_INT(s->account_id), DB_INT(s->contact_id), id_or_null(s->case_id),
                 id_or_null(s->team_id), id_or_null(s->agent_id), DB_TEXT(s->case_type), DB_TEXT(s->sent_at),
                 DB_TEXT(s->expires_at), DB_TEXT(s->answered_at)};
  int64_t id = 0;
  if (db_insert(db, sql_invitation, p, 10, &id, err)) return -1;
  if (!s->answered_at) return 0;
  DbParam r[] = {DB_INT(id),           DB_INT(s->survey_id),    DB_INT(s->account_id), DB_INT(s->contact_id),
                 id_or_null(s->case_id), id_or_null(s->team_id), id_or_null(s->agent_id), DB_TEXT(s->case_type),
                 DB_TEXT(s->survey_type), DB_TEXT(s->question),  DB_INT(s->score),      DB_INT(s->scale_min),
                 DB_INT(s->scale_max),   DB_INT(s->low_score),   DB_TEXT(s->answered_at)};
  return db_exec(db, sql_response, r, 15, NULL, err);
}

static const char sql_review[] =
    "INSERT INTO qa_reviews (scorecard_id, kind, case_id, subject_key, agent_id, reviewer_id, status, ratings, "
    "score_centi, passed, critical_failed, submitted_at, created_at, updated_at) VALUES ($1, 'audit', $2, $8, $3, $4, "
    "'submitted', '[]', $5, $6, 0, $7, $7, $7)";

int store_bulk_qa_review(Db *db, int64_t scorecard_id, int64_t case_id, int64_t agent_id, int64_t reviewer_id,
                         int64_t score_centi, int passed, const char *at, Error *err) {
  char subject[32];
  snprintf(subject, sizeof subject, "case:%lld", (long long)case_id);
  DbParam p[] = {DB_INT(scorecard_id), DB_INT(case_id),     DB_INT(agent_id), DB_INT(reviewer_id),
                 DB_INT(score_centi),  DB_INT(passed != 0), DB_TEXT(at),      DB_TEXT(subject)};
  return db_exec(db, sql_review, p, 8, NULL, err);
}
