/* The quality and team-communication tables (docs/QUALITY.md): QA
 * scorecards, sampling rules, calibration sessions, reviews and their
 * corrective actions; meetings and their action items. Lists take a
 * StoreScope so that what a person may not see never leaves the database. */
#include <stdio.h>

#include "store/store_internal.h"

/* --- scorecards ------------------------------------------------------------------------------ */
static const char *const scorecard_columns[] = {"name", "description", "pass_mark", "criteria", "active", NULL};
static const char *const scorecard_json_columns[] = {"criteria", NULL};
#define SCORECARD_SELECT \
  "SELECT id, name, description, pass_mark, criteria, active, created_at, updated_at, version FROM qa_scorecards"
const StoreTable store_qa_scorecards = {
    .entity = "qa_scorecard",
    .columns = scorecard_columns,
    .sql_get = SCORECARD_SELECT " WHERE id = $1",
    .sql_insert = "INSERT INTO qa_scorecards (name, description, pass_mark, criteria, active, created_at, updated_at) "
                  "VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    .sql_update = "UPDATE qa_scorecards SET name = $1, description = $2, pass_mark = $3, criteria = $4, active = $5, "
                  "updated_at = $6, version = version + 1 WHERE id = $7 AND version = $8",
    .sql_exists = "SELECT 1 FROM qa_scorecards WHERE id = $1",
    .json_columns = scorecard_json_columns,
};

static const char sql_scorecards_list[] =
    "SELECT * FROM (SELECT x.*, x.name AS _k, x.id AS _i FROM (" SCORECARD_SELECT ") x) y"
    " WHERE y._k > $1 OR (y._k = $1 AND y._i > $2) ORDER BY y._k, y._i LIMIT $3";

/* Decodes the JSON columns of every item of a page. */
static int decode_page(const StoreTable *t, StorePage *page) {
  size_t i;
  json_t *row;
  json_array_foreach(page->items, i, row) store_decode_json_columns(t, row);
  return 0;
}

int store_qa_scorecards_list(Db *db, StoreCursor after, int limit, StorePage *page, Error *err) {
  DbParam p[] = {DB_TEXT(after.key ? after.key : ""), DB_INT(after.key ? after.id : 0), DB_INT(limit + 1)};
  if (store_fetch_page(db, sql_scorecards_list, p, 3, limit, page, err)) return -1;
  return decode_page(&store_qa_scorecards, page);
}

/* --- sampling rules --------------------------------------------------------------------------- */
static const char *const rule_columns[] = {"name", "team_id", "scorecard_id", "reviewer_id", "per_week",
                                           "source", "seed", "active", NULL};
#define RULE_SELECT                                                                                             \
  "SELECT s.id, s.name, s.team_id, t.name AS team_name, s.scorecard_id, s.reviewer_id, u.display_name AS "      \
  "reviewer_name, s.per_week, s.source, s.seed, s.active, s.created_at, s.updated_at, s.version "               \
  "FROM qa_sampling_rules s JOIN teams t ON t.id = s.team_id JOIN users u ON u.id = s.reviewer_id"
const StoreTable store_qa_sampling_rules = {
    .entity = "qa_sampling_rule",
    .columns = rule_columns,
    .sql_get = RULE_SELECT " WHERE s.id = $1",
    .sql_insert = "INSERT INTO qa_sampling_rules (name, team_id, scorecard_id, reviewer_id, per_week, source, seed, "
                  "active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    .sql_update = "UPDATE qa_sampling_rules SET name = $1, team_id = $2, scorecard_id = $3, reviewer_id = $4, "
                  "per_week = $5, source = $6, seed = $7, active = $8, updated_at = $9, version = version + 1 "
                  "WHERE id = $10 AND version = $11",
    .sql_exists = "SELECT 1 FROM qa_sampling_rules WHERE id = $1",
};

static const char sql_rules_list[] =
    "SELECT * FROM (SELECT x.*, x.name AS _k, x.id AS _i FROM (" RULE_SELECT
    " WHERE CAST($1 AS BIGINT) = 0 OR s.team_id = $1) x) y"
    " WHERE y._k > $2 OR (y._k = $2 AND y._i > $3) ORDER BY y._k, y._i LIMIT $4";

int store_qa_sampling_rules_list(Db *db, int64_t team_id, StoreCursor after, int limit, StorePage *page,
                                 Error *err) {
  DbParam p[] = {DB_INT(team_id), DB_TEXT(after.key ? after.key : ""), DB_INT(after.key ? after.id : 0),
                 DB_INT(limit + 1)};
  return store_fetch_page(db, sql_rules_list, p, 4, limit, page, err);
}

static const char sql_team_agents[] =
    "SELECT id FROM users WHERE team_id = $1 AND role = 'agent' AND active = 1 ORDER BY id";

int store_qa_team_agents(Db *db, int64_t team_id, json_t **ids, Error *err) {
  DbParam p[] = {DB_INT(team_id)};
  return db_fetch_all(db, sql_team_agents, p, 1, ids, err);
}

/* Closed (or resolved) cases assigned to the person and interactions they
 * had, in [from, to), in a stable order: the draw depends on it. */
static const char sql_candidates[] =
    "SELECT kind, id FROM ("
    "SELECT 'case' AS kind, id FROM cases WHERE $4 <> 'interactions' AND assignee_id = $1 "
    "AND status IN ('resolved', 'closed') AND COALESCE(closed_at, resolved_at) >= $2 "
    "AND COALESCE(closed_at, resolved_at) < $3 "
    "UNION ALL SELECT 'interaction' AS kind, id FROM interactions WHERE $4 <> 'cases' AND user_id = $1 "
    "AND occurred_at >= $2 AND occurred_at < $3) c ORDER BY kind, id";

int store_qa_sample_candidates(Db *db, int64_t person_id, const char *from, const char *to, const char *source,
                               json_t **rows, Error *err) {
  DbParam p[] = {DB_INT(person_id), DB_TEXT(from), DB_TEXT(to), DB_TEXT(source)};
  return db_fetch_all(db, sql_candidates, p, 4, rows, err);
}

static const char sql_week_drawn[] =
    "SELECT COUNT(*) FROM qa_reviews WHERE sampling_rule_id = $1 AND agent_id = $2 AND sample_week = $3";

int store_qa_week_drawn(Db *db, int64_t rule_id, int64_t person_id, const char *monday, int64_t *count,
                        Error *err) {
  DbParam p[] = {DB_INT(rule_id), DB_INT(person_id), DB_TEXT(monday)};
  int found = 0;
  return db_fetch_int(db, sql_week_drawn, p, 3, count, &found, err);
}

/* --- calibration sessions --------------------------------------------------------------------- */
static const char *const calibration_columns[] = {"title",    "scorecard_id", "case_id",       "interaction_id",
                                                  "agent_id", "deadline_at",  "created_by_id", NULL};
#define CALIBRATION_SELECT                                                                                      \
  "SELECT k.id, k.title, k.scorecard_id, q.name AS scorecard_name, k.case_id, k.interaction_id, k.agent_id, "   \
  "u.display_name AS agent_name, k.deadline_at, k.created_by_id, k.created_at, k.updated_at, k.version "        \
  "FROM qa_calibrations k JOIN qa_scorecards q ON q.id = k.scorecard_id JOIN users u ON u.id = k.agent_id"
const StoreTable store_qa_calibrations = {
    .entity = "qa_calibration",
    .columns = calibration_columns,
    .sql_get = CALIBRATION_SELECT " WHERE k.id = $1",
    .sql_insert = "INSERT INTO qa_calibrations (title, scorecard_id, case_id, interaction_id, agent_id, deadline_at, "
                  "created_by_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    .sql_update = "UPDATE qa_calibrations SET title = $1, scorecard_id = $2, case_id = $3, interaction_id = $4, "
                  "agent_id = $5, deadline_at = $6, created_by_id = $7, updated_at = $8, version = version + 1 "
                  "WHERE id = $9 AND version = $10",
    .sql_exists = "SELECT 1 FROM qa_calibrations WHERE id = $1",
};

/* Sessions are for reviewers: never those where the caller is the one scored. */
static const char sql_calibrations_list[] =
    "SELECT * FROM (SELECT x.*, x.deadline_at AS _k, x.id AS _i FROM (" CALIBRATION_SELECT
    " WHERE k.agent_id <> $1) x) y WHERE y._k < $2 OR (y._k = $2 AND y._i < $3) ORDER BY y._k DESC, y._i DESC "
    "LIMIT $4";

int store_qa_calibrations_list(Db *db, int64_t self_id, StoreCursor after, int limit, StorePage *page, Error *err) {
  DbParam p[] = {DB_INT(self_id), DB_TEXT(after.key ? after.key : STORE_KEY_MAX),
                 DB_INT(after.key ? after.id : NO_ID_MAX), DB_INT(limit + 1)};
  return store_fetch_page(db, sql_calibrations_list, p, 4, limit, page, err);
}

/* --- reviews ---------------------------------------------------------------------------------- */
static const char *const review_columns[] = {
    "scorecard_id", "kind",   "case_id", "interaction_id", "subject_key", "agent_id",        "reviewer_id",
    "calibration_id", "sampling_rule_id", "sample_week", "status", "ratings", "score_centi", "passed",
    "critical_failed", "comment", "submitted_at", "response", "responded_at", NULL};
static const char *const review_json_columns[] = {"ratings", NULL};
#define REVIEW_SELECT                                                                                           \
  "SELECT r.id, r.scorecard_id, q.name AS scorecard_name, r.kind, r.case_id, r.interaction_id, r.subject_key, " \
  "r.agent_id, a.display_name AS agent_name, a.team_id AS agent_team_id, r.reviewer_id, "                       \
  "v.display_name AS reviewer_name, r.calibration_id, r.sampling_rule_id, r.sample_week, r.status, r.ratings, " \
  "r.score_centi, r.passed, r.critical_failed, r.comment, r.submitted_at, r.response, r.responded_at, "         \
  "r.created_at, r.updated_at, r.version FROM qa_reviews r JOIN qa_scorecards q ON q.id = r.scorecard_id "      \
  "JOIN users a ON a.id = r.agent_id JOIN users v ON v.id = r.reviewer_id"
const StoreTable store_qa_reviews = {
    .entity = "qa_review",
    .columns = review_columns,
    .sql_get = REVIEW_SELECT " WHERE r.id = $1",
    .sql_insert = "INSERT INTO qa_reviews (scorecard_id, kind, case_id, interaction_id, subject_key, agent_id, "
                  "reviewer_id, calibration_id, sampling_rule_id, sample_week, status, ratings, score_centi, passed, "
                  "critical_failed, comment, submitted_at, response, responded_at, created_at, updated_at) VALUES "
                  "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20) "
                  "RETURNING id",
    .sql_update = "UPDATE qa_reviews SET scorecard_id = $1, kind = $2, case_id = $3, interaction_id = $4, "
                  "subject_key = $5, agent_id = $6, reviewer_id = $7, calibration_id = $8, sampling_rule_id = $9, "
                  "sample_week = $10, status = $11, ratings = $12, score_centi = $13, passed = $14, "
                  "critical_failed = $15, comment = $16, submitted_at = $17, response = $18, responded_at = $19, "
                  "updated_at = $20, version = version + 1 WHERE id = $21 AND version = $22",
    .sql_exists = "SELECT 1 FROM qa_reviews WHERE id = $1",
    .json_columns = review_json_columns,
};

/* Whom a list is for: everything (all), their team's people (team_id), or
 * only what is theirs. A reviewer always sees what they review; the person
 * reviewed sees their own reviews once submitted, and never a calibration. */
#define REVIEW_SCOPE                                                                                            \
  " AND (CAST($1 AS BIGINT) = 1 OR r.reviewer_id = $2 OR (r.agent_id = $2 AND r.status = 'submitted') "        \
  "OR (CAST($3 AS BIGINT) <> 0 AND a.team_id = $3)) AND NOT (r.agent_id = $2 AND r.kind = 'calibration')"
static const char sql_reviews_list[] =
    "SELECT * FROM (SELECT x.*, COALESCE(x.submitted_at, x.created_at) AS _k, x.id AS _i FROM (" REVIEW_SELECT
    " WHERE 1 = 1" REVIEW_SCOPE
    " AND (CAST($4 AS BIGINT) = 0 OR r.agent_id = $4) AND (CAST($5 AS BIGINT) = 0 OR r.reviewer_id = $5)"
    " AND (CAST($6 AS TEXT) IS NULL OR r.status = $6) AND (CAST($7 AS TEXT) IS NULL OR r.kind = $7)"
    " AND (CAST($8 AS BIGINT) = 0 OR r.calibration_id = $8) AND (CAST($9 AS BIGINT) = 0 OR r.case_id = $9)) x) y"
    " WHERE y._k < $10 OR (y._k = $10 AND y._i < $11) ORDER BY y._k DESC, y._i DESC LIMIT $12";

int store_qa_reviews_list(Db *db, const StoreScope *scope, const QaReviewFilter *f, StoreCursor after, int limit,
                          StorePage *page, Error *err) {
  DbParam p[] = {DB_INT(scope->all),      DB_INT(scope->self_id),     DB_INT(scope->team_id),
                 DB_INT(f->agent_id),     DB_INT(f->reviewer_id),     DB_TEXT(f->status),
                 DB_TEXT(f->kind),        DB_INT(f->calibration_id),  DB_INT(f->case_id),
                 DB_TEXT(after.key ? after.key : STORE_KEY_MAX), DB_INT(after.key ? after.id : NO_ID_MAX),
                 DB_INT(limit + 1)};
  if (store_fetch_page(db, sql_reviews_list, p, 12, limit, page, err)) return -1;
  return decode_page(&store_qa_reviews, page);
}

static const char sql_calibration_reviews[] = REVIEW_SELECT " WHERE r.calibration_id = $1 ORDER BY r.id";

int store_qa_calibration_reviews(Db *db, int64_t calibration_id, json_t **rows, Error *err) {
  DbParam p[] = {DB_INT(calibration_id)};
  if (db_fetch_all(db, sql_calibration_reviews, p, 1, rows, err)) return -1;
  size_t i;
  json_t *row;
  json_array_foreach(*rows, i, row) store_decode_json_columns(&store_qa_reviews, row);
  return 0;
}

/* Submitted reviews that count towards QA scores: never calibration. One
 * person's and one team's have statements of their own: behind "$3 = 0 OR
 * agent_id = $3" SQLite cannot search them by agent and reads every review
 * of the period; a team's are found per person and day (migration 025). */
#define SCORED_FROM "SELECT r.agent_id, r.submitted_at, r.score_centi, r.passed FROM qa_reviews r"
#define SCORED_WHERE \
  " WHERE r.status = 'submitted' AND r.kind <> 'calibration' AND r.submitted_at >= $1 AND r.submitted_at < $2 AND "
#define SCORED_SELECT SCORED_FROM " JOIN users a ON a.id = r.agent_id" SCORED_WHERE
#define SCORED_ORDER " ORDER BY r.submitted_at, r.id"
#define SCORED_TEAM_AND_ORDER " AND (CAST($4 AS BIGINT) = 0 OR a.team_id = $4)" SCORED_ORDER
static const char sql_scored_of_person[] = SCORED_SELECT "r.agent_id = $3" SCORED_TEAM_AND_ORDER;
static const char sql_scored_of_team[] =
    SCORED_FROM SCORED_WHERE "r.agent_id IN (SELECT id FROM users WHERE team_id = $3)" SCORED_ORDER;
static const char sql_scored[] = SCORED_SELECT "(CAST($3 AS BIGINT) = 0 OR r.agent_id = $3)" SCORED_TEAM_AND_ORDER;

int store_qa_scored_reviews(Db *db, int64_t agent_id, int64_t team_id, const char *from, const char *to,
                            json_t **rows, Error *err) {
  if (!agent_id && team_id) {
    DbParam p[] = {DB_TEXT(from), DB_TEXT(to), DB_INT(team_id)};
    return db_fetch_all(db, sql_scored_of_team, p, 3, rows, err);
  }
  DbParam p[] = {DB_TEXT(from), DB_TEXT(to), DB_INT(agent_id), DB_INT(team_id)};
  return db_fetch_all(db, agent_id ? sql_scored_of_person : sql_scored, p, 4, rows, err);
}

/* --- corrective actions of failed reviews ------------------------------------------------------- */
static const char *const action_columns[] = {"review_id", "agent_id", "owner_id", "kind",    "title",
                                             "description", "due_on", "status",   "outcome", "done_at", NULL};
#define ACTION_SELECT                                                                                           \
  "SELECT c.id, c.review_id, c.agent_id, a.display_name AS agent_name, a.team_id AS agent_team_id, c.owner_id, " \
  "o.display_name AS owner_name, c.kind, c.title, c.description, c.due_on, c.status, c.outcome, c.done_at, "    \
  "c.created_at, c.updated_at, c.version FROM qa_actions c JOIN users a ON a.id = c.agent_id "                  \
  "JOIN users o ON o.id = c.owner_id"
const StoreTable store_qa_actions = {
    .entity = "qa_action",
    .columns = action_columns,
    .sql_get = ACTION_SELECT " WHERE c.id = $1",
    .sql_insert = "INSERT INTO qa_actions (review_id, agent_id, owner_id, kind, title, description, due_on, status, "
                  "outcome, done_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
                  "$11) RETURNING id",
    .sql_update = "UPDATE qa_actions SET review_id = $1, agent_id = $2, owner_id = $3, kind = $4, title = $5, "
                  "description = $6, due_on = $7, status = $8, outcome = $9, done_at = $10, updated_at = $11, "
                  "version = version + 1 WHERE id = $12 AND version = $13",
    .sql_exists = "SELECT 1 FROM qa_actions WHERE id = $1",
};

static const char sql_actions_list[] =
    "SELECT * FROM (SELECT x.*, x.due_on AS _k, x.id AS _i FROM (" ACTION_SELECT
    " WHERE (CAST($1 AS BIGINT) = 1 OR c.agent_id = $2 OR c.owner_id = $2 OR (CAST($3 AS BIGINT) <> 0 AND "
    "a.team_id = $3)) AND (CAST($4 AS BIGINT) = 0 OR c.agent_id = $4) AND (CAST($5 AS BIGINT) = 0 OR "
    "c.owner_id = $5) AND (CAST($6 AS TEXT) IS NULL OR c.status = $6) AND (CAST($7 AS BIGINT) = 0 OR "
    "c.review_id = $7) AND (CAST($8 AS BIGINT) = 0 OR c.status <> 'done')) x) y"
    " WHERE y._k > $9 OR (y._k = $9 AND y._i > $10) ORDER BY y._k, y._i LIMIT $11";

int store_qa_actions_list(Db *db, const StoreScope *scope, const QaActionFilter *f, StoreCursor after, int limit,
                          StorePage *page, Error *err) {
  DbParam p[] = {DB_INT(scope->all),   DB_INT(scope->self_id), DB_INT(scope->team_id), DB_INT(f->agent_id),
                 DB_INT(f->owner_id),  DB_TEXT(f->status),     DB_INT(f->review_id),   DB_INT(f->open_only),
                 DB_TEXT(after.key ? after.key : ""), DB_INT(after.key ? after.id : 0), DB_INT(limit + 1)};
  return store_fetch_page(db, sql_actions_list, p, 11, limit, page, err);
}

/* --- meetings and their actions --------------------------------------------------------------- */
static const char *const meeting_columns[] = {"kind",      "title",        "team_id", "held_at",  "organiser_id",
                                              "agenda",    "attendee_ids", "notes",   "decisions", "case_ids",
                                              "kpis",      NULL};
static const char *const meeting_json_columns[] = {"agenda", "attendee_ids", "decisions", "case_ids", "kpis", NULL};
#define MEETING_SELECT                                                                                          \
  "SELECT m.id, m.kind, m.title, m.team_id, m.held_at, m.organiser_id, u.display_name AS organiser_name, "      \
  "m.agenda, m.attendee_ids, m.notes, m.decisions, m.case_ids, m.kpis, m.created_at, m.updated_at, m.version "  \
  "FROM meetings m JOIN users u ON u.id = m.organiser_id"
const StoreTable store_meetings = {
    .entity = "meeting",
    .columns = meeting_columns,
    .sql_get = MEETING_SELECT " WHERE m.id = $1",
    .sql_insert = "INSERT INTO meetings (kind, title, team_id, held_at, organiser_id, agenda, attendee_ids, notes, "
                  "decisions, case_ids, kpis, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                  "$10, $11, $12, $12) RETURNING id",
    .sql_update = "UPDATE meetings SET kind = $1, title = $2, team_id = $3, held_at = $4, organiser_id = $5, "
                  "agenda = $6, attendee_ids = $7, notes = $8, decisions = $9, case_ids = $10, kpis = $11, "
                  "updated_at = $12, version = version + 1 WHERE id = $13 AND version = $14",
    .sql_exists = "SELECT 1 FROM meetings WHERE id = $1",
    .json_columns = meeting_json_columns,
};

/* attendee_ids is stored compact ("[3,7,12]"), so ",<id>," finds an attendee. */
#define MEETING_SCOPE                                                                                           \
  "(CAST($1 AS BIGINT) = 1 OR m.organiser_id = $2 OR (CAST($3 AS BIGINT) <> 0 AND m.team_id = $3) OR "          \
  "(',' || SUBSTR(m.attendee_ids, 2, LENGTH(m.attendee_ids) - 2) || ',') LIKE ('%,' || $8 || ',%'))"
static const char sql_meetings_list[] =
    "SELECT * FROM (SELECT x.*, x.held_at AS _k, x.id AS _i FROM (" MEETING_SELECT " WHERE " MEETING_SCOPE
    " AND (CAST($4 AS BIGINT) = 0 OR m.team_id = $4)) x) y WHERE y._k < $5 OR (y._k = $5 AND y._i < $6) "
    "ORDER BY y._k DESC, y._i DESC LIMIT $7";

int store_meetings_list(Db *db, const StoreScope *scope, int64_t team_id, StoreCursor after, int limit,
                        StorePage *page, Error *err) {
  char self[24];
  snprintf(self, sizeof self, "%lld", (long long)scope->self_id);
  DbParam p[] = {DB_INT(scope->all), DB_INT(scope->self_id), DB_INT(scope->team_id), DB_INT(team_id),
                 DB_TEXT(after.key ? after.key : STORE_KEY_MAX), DB_INT(after.key ? after.id : NO_ID_MAX),
                 DB_INT(limit + 1), DB_TEXT(self)};
  if (store_fetch_page(db, sql_meetings_list, p, 8, limit, page, err)) return -1;
  return decode_page(&store_meetings, page);
}

static const char *const meeting_action_columns[] = {"meeting_id", "title", "owner_id", "due_on", "done",
                                                     "done_at",    NULL};
#define MEETING_ACTION_SELECT                                                                                   \
  "SELECT t.id, t.meeting_id, m.title AS meeting_title, m.team_id, t.title, t.owner_id, "                       \
  "u.display_name AS owner_name, t.due_on, t.done, t.done_at, t.created_at, t.updated_at, t.version "           \
  "FROM meeting_actions t JOIN meetings m ON m.id = t.meeting_id JOIN users u ON u.id = t.owner_id"
const StoreTable store_meeting_actions = {
    .entity = "meeting_action",
    .columns = meeting_action_columns,
    .sql_get = MEETING_ACTION_SELECT " WHERE t.id = $1",
    .sql_insert = "INSERT INTO meeting_actions (meeting_id, title, owner_id, due_on, done, done_at, created_at, "
                  "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    .sql_update = "UPDATE meeting_actions SET meeting_id = $1, title = $2, owner_id = $3, due_on = $4, done = $5, "
                  "done_at = $6, updated_at = $7, version = version + 1 WHERE id = $8 AND version = $9",
    .sql_exists = "SELECT 1 FROM meeting_actions WHERE id = $1",
};

static const char sql_meeting_actions[] =
    MEETING_ACTION_SELECT " WHERE (CAST($1 AS BIGINT) = 0 OR t.meeting_id = $1) AND (CAST($2 AS BIGINT) = 0 OR "
    "t.owner_id = $2) AND (CAST($3 AS BIGINT) = 0 OR t.done = 0) ORDER BY t.due_on, t.id";

int store_meeting_actions_list(Db *db, int64_t meeting_id, int64_t owner_id, int open_only, json_t **rows,
                               Error *err) {
  DbParam p[] = {DB_INT(meeting_id), DB_INT(owner_id), DB_INT(open_only)};
  return db_fetch_all(db, sql_meeting_actions, p, 3, rows, err);
}
