/* The allocation tables (skills, user_skills, development_goals,
 * roster_entries, team_allocation, case_allocations, allocation_notices):
 * the records' SQL, what an allocation decision reads about a team and a
 * case, the guarded assignment that makes a case allocated once, and the
 * fairness report. See docs/TEAM.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "util/json_write.h"
#include "util/timeutil.h"

/* --- records ------------------------------------------------------------------------------- */
static const char *const skill_columns[] = {"name", "label", "case_level", NULL};
#define SKILL_SELECT "SELECT id, name, label, case_level, created_at, updated_at, version FROM skills"
const StoreTable store_skills = {
    .entity = "skill",
    .columns = skill_columns,
    .sql_get = SKILL_SELECT " WHERE id = $1",
    .sql_insert = "INSERT INTO skills (name, label, case_level, created_at, updated_at, version) "
                  "VALUES ($1, $2, $3, $4, $4, 1) RETURNING id",
    .sql_update = "UPDATE skills SET name = $1, label = $2, case_level = $3, updated_at = $4, version = version + 1 "
                  "WHERE id = $5 AND version = $6",
    .sql_exists = "SELECT 1 FROM skills WHERE id = $1",
};

static const char *const goal_columns[] = {"user_id", "skill_id", "target_level", "due_on", "mentor_id", "status",
                                           "note", NULL};
#define GOAL_SELECT                                                                                              \
  "SELECT g.id, g.user_id, u.display_name AS user_name, g.skill_id, s.name AS skill, g.target_level, g.due_on, " \
  "g.mentor_id, m.display_name AS mentor_name, g.status, g.note, g.created_at, g.updated_at, g.version "         \
  "FROM development_goals g JOIN users u ON u.id = g.user_id JOIN skills s ON s.id = g.skill_id "                \
  "JOIN users m ON m.id = g.mentor_id"
const StoreTable store_development_goals = {
    .entity = "development_goal",
    .columns = goal_columns,
    .sql_get = GOAL_SELECT " WHERE g.id = $1",
    .sql_insert = "INSERT INTO development_goals (user_id, skill_id, target_level, due_on, mentor_id, status, note, "
                  "created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, 1) RETURNING id",
    .sql_update = "UPDATE development_goals SET user_id = $1, skill_id = $2, target_level = $3, due_on = $4, "
                  "mentor_id = $5, status = $6, note = $7, updated_at = $8, version = version + 1 "
                  "WHERE id = $9 AND version = $10",
    .sql_exists = "SELECT 1 FROM development_goals WHERE id = $1",
};

static const char *const roster_columns[] = {"user_id", "kind", "starts_at", "ends_at", "reason", "note", NULL};
#define ROSTER_SELECT                                                                                              \
  "SELECT r.id, r.user_id, u.display_name AS user_name, u.team_id, r.kind, r.starts_at, r.ends_at, r.reason, "     \
  "r.note, r.created_at, r.updated_at, r.version FROM roster_entries r JOIN users u ON u.id = r.user_id"
const StoreTable store_roster_entries = {
    .entity = "roster_entry",
    .columns = roster_columns,
    .sql_get = ROSTER_SELECT " WHERE r.id = $1",
    .sql_insert = "INSERT INTO roster_entries (user_id, kind, starts_at, ends_at, reason, note, created_at, updated_at, "
                  "version) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 1) RETURNING id",
    .sql_update = "UPDATE roster_entries SET user_id = $1, kind = $2, starts_at = $3, ends_at = $4, reason = $5, "
                  "note = $6, updated_at = $7, version = version + 1 WHERE id = $8 AND version = $9",
    .sql_delete = "DELETE FROM roster_entries WHERE id = $1 AND version = $2",
    .sql_exists = "SELECT 1 FROM roster_entries WHERE id = $1",
};

/* --- lists ----------------------------------------------------------------------------------- */
static const char sql_skills_list[] = "SELECT x.*, x.name AS _k, x.id AS _i FROM (" SKILL_SELECT ") x "
                                      "WHERE x.name > $1 ORDER BY x.name LIMIT $2";

int store_skills_list(Db *db, StoreCursor after, int limit, StorePage *page, Error *err) {
  DbParam p[] = {DB_TEXT(after.key ? after.key : ""), DB_INT(limit + 1)};
  return store_fetch_page(db, sql_skills_list, p, 2, limit, page, err);
}

static const char sql_skills_all[] = SKILL_SELECT " ORDER BY name";

int store_skills_all(Db *db, json_t **out, Error *err) { return db_fetch_all(db, sql_skills_all, NULL, 0, out, err); }

static const char sql_goals_list[] =
    "SELECT x.*, '' AS _k, x.id AS _i FROM (" GOAL_SELECT " WHERE ($1 = 0 OR g.user_id = $1) AND "
    "($2 = 0 OR u.team_id = $2) AND ($3 = '' OR g.status = $3)) x WHERE x.id > $4 ORDER BY x.id LIMIT $5";

int store_development_goals_list(Db *db, int64_t user_id, int64_t team_id, const char *status, StoreCursor after,
                                 int limit, StorePage *page, Error *err) {
  DbParam p[] = {DB_INT(user_id), DB_INT(team_id), DB_TEXT(status ? status : ""), DB_INT(after.key ? after.id : 0),
                 DB_INT(limit + 1)};
  return store_fetch_page(db, sql_goals_list, p, 5, limit, page, err);
}

/* Entries overlapping [from, to), by start. */
static const char sql_roster_list[] =
    "SELECT x.*, x.starts_at AS _k, x.id AS _i FROM (" ROSTER_SELECT " WHERE ($1 = 0 OR r.user_id = $1) AND "
    "($2 = 0 OR u.team_id = $2) AND r.ends_at > $3 AND r.starts_at < $4) x "
    "WHERE x.starts_at > $5 OR (x.starts_at = $5 AND x.id > $6) ORDER BY x.starts_at, x.id LIMIT $7";

int store_roster_list(Db *db, const RosterFilter *f, StoreCursor after, int limit, StorePage *page, Error *err) {
  DbParam p[] = {DB_INT(f->user_id), DB_INT(f->team_id), DB_TEXT(f->from), DB_TEXT(f->to),
                 DB_TEXT(after.key ? after.key : ""), DB_INT(after.key ? after.id : 0), DB_INT(limit + 1)};
  return store_fetch_page(db, sql_roster_list, p, 7, limit, page, err);
}

/* --- skill levels ----------------------------------------------------------------------------- */
static const char sql_user_skills[] =
    "SELECT s.name AS skill, us.level FROM user_skills us JOIN skills s ON s.id = us.skill_id "
    "WHERE us.user_id = $1 ORDER BY s.name";
static const char sql_user_skills_clear[] = "DELETE FROM user_skills WHERE user_id = $1";
static const char sql_user_skill_put[] =
    "INSERT INTO user_skills (user_id, skill_id, level, updated_at) VALUES ($1, $2, $3, $4)";

int store_user_skills(Db *db, int64_t user_id, json_t **out, Error *err) {
  DbParam p[] = {DB_INT(user_id)};
  return db_fetch_all(db, sql_user_skills, p, 1, out, err);
}

int store_user_skills_replace(Db *db, int64_t user_id, const json_t *levels, const char *now, Error *err) {
  DbParam p[] = {DB_INT(user_id)};
  if (db_exec(db, sql_user_skills_clear, p, 1, NULL, err)) return -1;
  size_t i;
  json_t *row;
  json_array_foreach(levels, i, row) {
    int64_t level = json_integer_value(json_object_get(row, "level"));
    if (level == 0) continue;
    DbParam q[] = {DB_INT(user_id), DB_INT(json_integer_value(json_object_get(row, "skill_id"))), DB_INT(level),
                   DB_TEXT(now)};
    if (db_exec(db, sql_user_skill_put, q, 4, NULL, err)) return -1;
  }
  return 0;
}

/* --- what a decision reads ------------------------------------------------------------------- */
static const char sql_catalogue[] = "SELECT id, case_level, name FROM skills ORDER BY name";
static const char sql_team_settings[] = "SELECT mode, calendar_id, max_load FROM team_allocation WHERE team_id = $1";
/* The team's people who work cases: agents and team leaders. */
static const char sql_team_people[] =
    "SELECT id, active, display_name, role FROM users "
    "WHERE team_id = $1 AND role IN ('agent', 'team_leader') ORDER BY id";
static const char sql_team_levels[] =
    "SELECT us.user_id, us.skill_id, us.level FROM user_skills us JOIN users u ON u.id = us.user_id "
    "WHERE u.team_id = $1";
static const char sql_team_goals[] =
    "SELECT g.id, g.user_id, g.skill_id, g.mentor_id, g.target_level, s.name AS skill, g.due_on, "
    "m.display_name AS mentor_name FROM development_goals g JOIN users u ON u.id = g.user_id "
    "JOIN users m ON m.id = g.mentor_id JOIN skills s ON s.id = g.skill_id WHERE u.team_id = $1 AND g.status = 'open'";
/* The roster and the open cases are read person by person of the team
 * (CROSS JOIN keeps SQLite's loop in that order), each through the index
 * that starts with the person: not every entry or case that matches the
 * rest, nor a temporary table of the team's ids. */
static const char sql_team_roster[] =
    "SELECT r.user_id, r.starts_at, r.ends_at, r.kind FROM users u CROSS JOIN roster_entries r "
    "WHERE u.team_id = $1 AND r.user_id = u.id AND r.ends_at > $2 AND r.starts_at < $3";
/* The open cases the team's people hold, with their time to breach and
 * whether each came to its holder as a stretch case. */
static const char sql_team_open[] =
    "SELECT c.id, c.assignee_id, c.priority, s.due_at, "
    "(SELECT MAX(a.stretch) FROM case_allocations a WHERE a.case_id = c.id AND a.assignee_id = c.assignee_id) "
    "AS stretch FROM users u CROSS JOIN cases c LEFT JOIN case_sla s ON s.case_id = c.id "
    "WHERE u.team_id = $1 AND c.assignee_id = u.id AND c.status IN " SQL_OPEN_CASE_STATUSES " AND c.id <> $2";

static char *text_copy(DbRows *rows, int col) {
  const char *text = db_text(rows, col);
  char *copy = strdup(text ? text : "");
  if (!copy) abort();
  return copy;
}

static int64_t int_or_zero(DbRows *rows, int col) { return db_is_null(rows, col) ? 0 : db_int(rows, col); }

static time_t instant_at(DbRows *rows, int col) {
  time_t t = 0;
  const char *text = db_text(rows, col);
  return text && time_parse(text, &t) == 0 ? t : 0;
}

/* Fills one item of a typed array from the current row. */
typedef void (*ReadRow)(DbRows *rows, void *item);

static void read_skill(DbRows *rows, void *item) {
  *(StoreTeamSkill *)item = (StoreTeamSkill){db_int(rows, 0), (int)db_int(rows, 1), text_copy(rows, 2)};
}
static void read_person(DbRows *rows, void *item) {
  *(StoreTeamPerson *)item =
      (StoreTeamPerson){db_int(rows, 0), db_int(rows, 1) != 0, text_copy(rows, 2), text_copy(rows, 3)};
}
static void read_level(DbRows *rows, void *item) {
  *(StoreTeamLevel *)item = (StoreTeamLevel){db_int(rows, 0), db_int(rows, 1), (int)db_int(rows, 2)};
}
static void read_goal(DbRows *rows, void *item) {
  *(StoreTeamGoal *)item = (StoreTeamGoal){db_int(rows, 0),     db_int(rows, 1),     db_int(rows, 2),
                                           db_int(rows, 3),     (int)db_int(rows, 4), text_copy(rows, 5),
                                           text_copy(rows, 6), text_copy(rows, 7)};
}
static void read_span(DbRows *rows, void *item) {
  const char *kind = db_text(rows, 3);
  *(StoreTeamSpan *)item = (StoreTeamSpan){db_int(rows, 0), instant_at(rows, 1), instant_at(rows, 2),
                                           kind && strcmp(kind, "absence") == 0};
}
static void read_open(DbRows *rows, void *item) {
  *(StoreTeamOpen *)item = (StoreTeamOpen){db_int(rows, 0), db_int(rows, 1), (int)db_int(rows, 2), instant_at(rows, 3),
                                           int_or_zero(rows, 4) == 1};
}

/* Every row of sql read by read into a new array of items of size bytes:
 * *items (owned, NULL when none) and *n. */
static int fetch_typed(Db *db, const char *sql, const DbParam *p, int np, size_t size, ReadRow read, void *items,
                       size_t *n, Error *err) {
  DbRows *rows = NULL;
  char *all = NULL;
  size_t cap = 0;
  *n = 0;
  if (db_query(db, sql, p, np, &rows, err)) return -1;
  int rc;
  while ((rc = db_next(rows, err)) == 1) {
    if (*n == cap) {
      cap = cap ? 2 * cap : 8;
      all = realloc(all, cap * size);
      if (!all) abort();
    }
    read(rows, all + (*n)++ * size);
  }
  db_rows_free(rows);
  *(void **)items = all; /* kept on an error too, for store_allocation_team_free */
  return rc < 0 ? -1 : 0;
}

int store_allocation_team(Db *db, int64_t team_id, const char *from, const char *to, int64_t except_case,
                          StoreAllocationTeam *out, Error *err) {
  DbParam p[] = {DB_INT(team_id)}, r[] = {DB_INT(team_id), DB_TEXT(from), DB_TEXT(to)},
          o[] = {DB_INT(team_id), DB_INT(except_case)};
  memset(out, 0, sizeof *out);
  int rc = fetch_typed(db, sql_catalogue, NULL, 0, sizeof *out->skills, read_skill, &out->skills, &out->nskills, err);
  if (!rc && team_id) {
    DbRows *rows = NULL;
    rc = db_query(db, sql_team_settings, p, 1, &rows, err);
    int found = rc ? -1 : db_next(rows, err);
    if (found == 1) {
      out->has_settings = 1;
      snprintf(out->mode, sizeof out->mode, "%s", db_text(rows, 0) ? db_text(rows, 0) : "");
      out->calendar_id = int_or_zero(rows, 1);
      out->max_load = (int)db_int(rows, 2);
    }
    if (!rc) db_rows_free(rows);
    if (found < 0) rc = -1;
  }
  if (!rc && team_id)
    rc = fetch_typed(db, sql_team_people, p, 1, sizeof *out->people, read_person, &out->people, &out->npeople, err) ||
         fetch_typed(db, sql_team_levels, p, 1, sizeof *out->levels, read_level, &out->levels, &out->nlevels, err) ||
         fetch_typed(db, sql_team_goals, p, 1, sizeof *out->goals, read_goal, &out->goals, &out->ngoals, err) ||
         fetch_typed(db, sql_team_roster, r, 3, sizeof *out->roster, read_span, &out->roster, &out->nroster, err) ||
         fetch_typed(db, sql_team_open, o, 2, sizeof *out->open, read_open, &out->open, &out->nopen, err);
  if (rc) {
    store_allocation_team_free(out);
    return -1;
  }
  return 0;
}

void store_allocation_team_free(StoreAllocationTeam *t) {
  for (size_t i = 0; i < t->nskills; i++) free(t->skills[i].name);
  for (size_t i = 0; i < t->npeople; i++) {
    free(t->people[i].name);
    free(t->people[i].role);
  }
  for (size_t i = 0; i < t->ngoals; i++) {
    free(t->goals[i].skill);
    free(t->goals[i].due_on);
    free(t->goals[i].mentor_name);
  }
  free(t->skills);
  free(t->people);
  free(t->levels);
  free(t->goals);
  free(t->roster);
  free(t->open);
  memset(t, 0, sizeof *t);
}

/* --- a team's rows kept between decisions -------------------------------------------------------- */
/* Kept per SQLite connection (in practice the one writer's, where every
 * new case is decided), a few teams at a time. The connection's watcher
 * (db_watch) is told every row it changes: a write to a table the rows
 * come from wholesale makes everything stale; a case, its clocks or its
 * allocations are noted, and looked at before the next use — a kept team
 * is read again when the case is among the open cases it holds, or is now
 * an open case held by one of its people. Rows are reference-counted so
 * that one still in use by a decision outlives its being dropped. */
#define TEAM_KEPT_TEAMS 8
#define TEAM_KEPT_NOTED 64 /* more noted rows than this since the last use: everything is read again */

typedef struct KeptTeam {
  StoreAllocationTeam rows; /* first: what store_allocation_team_kept hands out */
  int64_t team_id;
  time_t read_at;
  int refs; /* the keeper's and each decision's */
} KeptTeam;

typedef enum { NOTED_CASE, NOTED_CASE_SLA, NOTED_ALLOCATION } NotedKind;
typedef struct NotedRow {
  NotedKind kind;
  int64_t rowid; /* of the row in its own table */
} NotedRow;

typedef struct TeamKeeper {
  KeptTeam *teams[TEAM_KEPT_TEAMS];
  size_t nteams;
  int64_t data_version;
  int stale; /* drop every team before the next use */
  NotedRow noted[TEAM_KEPT_NOTED];
  size_t nnoted;
} TeamKeeper;

/* Tables whose every change may change a team's rows, and those changed
 * for one case at a time. */
static const char *const kept_wholesale[] = {"skills", "users", "user_skills", "development_goals", "roster_entries",
                                             "team_allocation", NULL};
static const struct {
  const char *table;
  NotedKind kind;
} kept_noted[] = {{"cases", NOTED_CASE}, {"case_sla", NOTED_CASE_SLA}, {"case_allocations", NOTED_ALLOCATION}};

static void kept_unref(KeptTeam *t) {
  if (--t->refs > 0) return;
  store_allocation_team_free(&t->rows);
  free(t);
}

void store_allocation_team_release(const StoreAllocationTeam *rows) { kept_unref((KeptTeam *)rows); }

static void keeper_drop(TeamKeeper *k, size_t i) {
  kept_unref(k->teams[i]);
  k->teams[i] = k->teams[--k->nteams];
}

/* Drops every team and what was noted. */
static void keeper_clear(TeamKeeper *k) {
  while (k->nteams) keeper_drop(k, 0);
  k->nnoted = 0;
  k->stale = 0;
}

static void keeper_free(void *ctx) {
  keeper_clear(ctx);
  free(ctx);
}

static void keeper_watch(void *ctx, DbChange change, const char *table, int64_t rowid) {
  TeamKeeper *k = ctx;
  if (change == DB_ROWS_UNDONE) {
    k->stale = 1;
    return;
  }
  for (const char *const *t = kept_wholesale; *t; t++)
    if (strcmp(table, *t) == 0) {
      k->stale = 1;
      return;
    }
  for (size_t i = 0; i < sizeof kept_noted / sizeof kept_noted[0]; i++) {
    if (strcmp(table, kept_noted[i].table) != 0) continue;
    /* a deleted row of clocks or allocations no longer tells its case */
    if (change == DB_ROW_DELETED && kept_noted[i].kind != NOTED_CASE) k->stale = 1;
    else if (k->nnoted == TEAM_KEPT_NOTED) k->stale = 1;
    else if (!k->nnoted || k->noted[k->nnoted - 1].kind != kept_noted[i].kind || k->noted[k->nnoted - 1].rowid != rowid)
      k->noted[k->nnoted++] = (NotedRow){kept_noted[i].kind, rowid};
    return;
  }
}

static const char sql_noted_clocks[] = "SELECT case_id FROM case_sla WHERE rowid = $1";
static const char sql_noted_allocation[] = "SELECT case_id FROM case_allocations WHERE id = $1";
static const char sql_noted_case[] = "SELECT assignee_id, status FROM cases WHERE id = $1";

/* Whether the kept team t may read differently for a decision since case
 * case_id changed: it is among the open cases t holds, or it is open now
 * and held by one of t's people (whose open cases are all a decision
 * weighs). assignee 0 when none or the case is gone. */
static int team_touched_by(const KeptTeam *t, int64_t case_id, int64_t assignee, int open) {
  for (size_t i = 0; i < t->rows.nopen; i++)
    if (t->rows.open[i].case_id == case_id) return 1;
  for (size_t i = 0; open && assignee && i < t->rows.npeople; i++)
    if (t->rows.people[i].id == assignee) return 1;
  return 0;
}

/* Whether status is one of SQL_OPEN_CASE_STATUSES, the one list of them. */
static int status_open(const char *status) {
  char quoted[40];
  int n = snprintf(quoted, sizeof quoted, "'%s'", status ? status : "");
  return n > 2 && (size_t)n < sizeof quoted && strstr(SQL_OPEN_CASE_STATUSES, quoted) != NULL;
}

/* Drops the teams that the noted rows may have changed. */
static int keeper_look_at_noted(Db *db, TeamKeeper *k, Error *err) {
  int64_t cases[TEAM_KEPT_NOTED];
  size_t ncases = 0;
  for (size_t n = 0; n < k->nnoted && k->nteams; n++) {
    int64_t case_id = k->noted[n].rowid;
    int found = 1;
    DbParam p[] = {DB_INT(k->noted[n].rowid)};
    if (k->noted[n].kind != NOTED_CASE &&
        db_fetch_int(db, k->noted[n].kind == NOTED_CASE_SLA ? sql_noted_clocks : sql_noted_allocation, p, 1, &case_id,
                     &found, err))
      return -1;
    if (!found) { /* gone since: nothing tells whose it was */
      keeper_clear(k);
      return 0;
    }
    size_t c = 0;
    while (c < ncases && cases[c] != case_id) c++;
    if (c == ncases) cases[ncases++] = case_id;
  }
  for (size_t c = 0; c < ncases && k->nteams; c++) {
    DbParam p[] = {DB_INT(cases[c])};
    DbRows *rows = NULL;
    if (db_query(db, sql_noted_case, p, 1, &rows, err)) return -1;
    int found = db_next(rows, err);
    int64_t assignee = found == 1 && !db_is_null(rows, 0) ? db_int(rows, 0) : 0;
    int open = found == 1 && status_open(db_text(rows, 1));
    db_rows_free(rows);
    if (found < 0) return -1;
    for (size_t i = k->nteams; i-- > 0;)
      if (team_touched_by(k->teams[i], cases[c], assignee, open)) keeper_drop(k, i);
  }
  k->nnoted = 0;
  return 0;
}

/* The connection's keeper, brought up to date; NULL where nothing is kept. */
static int keeper_current(Db *db, TeamKeeper **out, Error *err) {
  *out = NULL;
  if (db->kind != DB_SQLITE || !db->in_transaction || db->read_only) return 0;
  TeamKeeper *k = db_watch_context(db, keeper_watch);
  if (!k) {
    k = calloc(1, sizeof *k);
    if (!k) abort();
    if (db_watch(db, keeper_watch, k, keeper_free)) {
      free(k);
      return 0; /* the connection watches for something else */
    }
    k->stale = 1;
  }
  int64_t version = 0;
  if (db_sqlite_data_version(db, &version, err)) return -1;
  if (version != k->data_version) k->stale = 1;
  k->data_version = version;
  if (k->stale) keeper_clear(k);
  if (keeper_look_at_noted(db, k, err)) {
    keeper_clear(k); /* what was noted was not all looked at */
    return -1;
  }
  *out = k;
  return 0;
}

int store_allocation_team_kept(Db *db, int64_t team_id, time_t now, time_t window, const StoreAllocationTeam **out,
                               Error *err) {
  TeamKeeper *k = NULL;
  *out = NULL;
  if (keeper_current(db, &k, err)) return -1;
  if (!k) return 0;
  for (size_t i = k->nteams; i-- > 0;) {
    KeptTeam *t = k->teams[i];
    if (t->team_id != team_id) continue;
    if (now >= t->read_at && now - t->read_at <= TEAM_KEPT_SECONDS) {
      t->refs++;
      *out = &t->rows;
      return 0;
    }
    keeper_drop(k, i);
  }
  char from[TIME_TEXT_SIZE], to[TIME_TEXT_SIZE];
  time_format(now - window, from);
  time_format(now + window + TEAM_KEPT_SECONDS, to);
  KeptTeam *t = calloc(1, sizeof *t);
  if (!t) abort();
  if (store_allocation_team(db, team_id, from, to, 0, &t->rows, err)) {
    free(t);
    return -1;
  }
  t->team_id = team_id;
  t->read_at = now;
  t->refs = 2;
  if (k->nteams == TEAM_KEPT_TEAMS) keeper_drop(k, 0);
  k->teams[k->nteams++] = t;
  *out = &t->rows;
  return 0;
}

static const char sql_case_source[] =
    "SELECT c.id, c.team_id, c.assignee_id, c.priority, c.status, c.required_skills, c.version, s.due_at "
    "FROM cases c LEFT JOIN case_sla s ON s.case_id = c.id WHERE c.id = $1";

int store_allocation_case(Db *db, int64_t case_id, json_t **out, Error *err) {
  static const char *const json_columns[] = {"required_skills", NULL};
  static const StoreTable decoder = {.json_columns = json_columns};
  DbParam p[] = {DB_INT(case_id)};
  if (db_fetch_one(db, sql_case_source, p, 1, out, err)) return -1;
  if (*out) store_decode_json_columns(&decoder, *out);
  return 0;
}

/* --- team settings ------------------------------------------------------------------------------ */
static const char sql_team_allocation_get[] =
    "SELECT team_id, mode, calendar_id, max_load, updated_at, version FROM team_allocation WHERE team_id = $1";
static const char sql_team_allocation_put[] =
    "INSERT INTO team_allocation (team_id, mode, calendar_id, max_load, updated_at, version) "
    "VALUES ($1, $2, $3, $4, $5, 1) ON CONFLICT (team_id) DO UPDATE SET mode = excluded.mode, "
    "calendar_id = excluded.calendar_id, max_load = excluded.max_load, updated_at = excluded.updated_at, "
    "version = team_allocation.version + 1";

int store_team_allocation_get(Db *db, int64_t team_id, json_t **out, Error *err) {
  DbParam p[] = {DB_INT(team_id)};
  return db_fetch_one(db, sql_team_allocation_get, p, 1, out, err);
}

int store_team_allocation_put(Db *db, int64_t team_id, const char *mode, int64_t calendar_id, int max_load,
                              const char *now, Error *err) {
  DbParam p[] = {DB_INT(team_id), DB_TEXT(mode), calendar_id ? DB_INT(calendar_id) : DB_NULL, DB_INT(max_load),
                 DB_TEXT(now)};
  return db_exec(db, sql_team_allocation_put, p, 5, NULL, err);
}

/* --- assignments and their rationale --------------------------------------------------------------- */
/* The guard that allocates a case once: only a transaction that finds it
 * still unassigned changes it. On PostgreSQL a second server's UPDATE waits
 * for the row lock and then re-reads the row, finds the assignee and changes
 * nothing. */
static const char sql_assign_unassigned[] =
    "UPDATE cases SET assignee_id = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND assignee_id IS NULL";
static const char sql_assign[] =
    "UPDATE cases SET assignee_id = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4";

int store_case_assign_unassigned(Db *db, int64_t case_id, int64_t user_id, const char *now, int *assigned,
                                 Error *err) {
  DbParam p[] = {DB_INT(user_id), DB_TEXT(now), DB_INT(case_id)};
  int64_t changed = 0;
  if (db_exec(db, sql_assign_unassigned, p, 3, &changed, err)) return -1;
  *assigned = changed == 1;
  return 0;
}

int store_case_assign(Db *db, int64_t case_id, int64_t version, int64_t user_id, const char *now, Error *err) {
  DbParam p[] = {user_id ? DB_INT(user_id) : DB_NULL, DB_TEXT(now), DB_INT(case_id), DB_INT(version)};
  int64_t changed = 0;
  if (db_exec(db, sql_assign, p, 4, &changed, err)) return -1;
  return changed == 1 ? 0 : store_explain_unchanged(db, &store_cases, case_id, version, err);
}

static const char sql_allocation_insert[] =
    "INSERT INTO case_allocations (case_id, team_id, kind, assignee_id, rule, risk, priority, complexity, stretch, "
    "mentor_id, reason, summary, rationale, decided_by, at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id";

int store_case_allocation_insert(Db *db, const StoreAllocation *a, const char *now, int64_t *id, Error *err) {
  Buffer rationale = BUFFER_INIT;
  json_write(&rationale, a->rationale, 0);
  DbParam p[] = {DB_INT(a->case_id),
                 a->team_id ? DB_INT(a->team_id) : DB_NULL,
                 DB_TEXT(a->kind),
                 a->assignee_id ? DB_INT(a->assignee_id) : DB_NULL,
                 DB_TEXT(a->rule),
                 DB_TEXT(a->risk),
                 DB_INT(a->priority),
                 DB_INT(a->complexity),
                 DB_INT(a->stretch),
                 a->mentor_id ? DB_INT(a->mentor_id) : DB_NULL,
                 DB_TEXT(a->reason),
                 DB_TEXT(a->summary),
                 DB_TEXT(buffer_cstr(&rationale)),
                 a->decided_by ? DB_INT(a->decided_by) : DB_NULL,
                 DB_TEXT(now)};
  int rc = db_insert(db, sql_allocation_insert, p, 15, id, err);
  buffer_free(&rationale);
  return rc;
}

#define ALLOCATION_SELECT                                                                                          \
  "SELECT a.id, a.case_id, a.team_id, a.kind, a.assignee_id, u.display_name AS assignee_name, a.rule, a.risk, "    \
  "a.priority, a.complexity, a.stretch, a.mentor_id, m.display_name AS mentor_name, a.reason, a.summary, "         \
  "a.rationale, a.decided_by, d.display_name AS decided_by_name, a.at FROM case_allocations a "                    \
  "LEFT JOIN users u ON u.id = a.assignee_id LEFT JOIN users m ON m.id = a.mentor_id "                             \
  "LEFT JOIN users d ON d.id = a.decided_by"
static const char *const allocation_json_columns[] = {"rationale", NULL};
static const StoreTable allocation_decoder = {.json_columns = allocation_json_columns};
static const char sql_allocation_get[] = ALLOCATION_SELECT " WHERE a.id = $1";
static const char sql_allocations_list[] =
    "SELECT x.*, '' AS _k, x.id AS _i FROM (" ALLOCATION_SELECT " WHERE a.case_id = $1) x "
    "WHERE x.id < $2 ORDER BY x.id DESC LIMIT $3";

int store_case_allocation_get(Db *db, int64_t id, json_t **out, Error *err) {
  DbParam p[] = {DB_INT(id)};
  if (db_fetch_one(db, sql_allocation_get, p, 1, out, err)) return -1;
  if (*out) store_decode_json_columns(&allocation_decoder, *out);
  return 0;
}

static json_t *id_or_json_null(int64_t id) { return id ? json_integer(id) : json_null(); }
static json_t *text_or_json_null(const char *text) { return text ? json_string(text) : json_null(); }

int store_case_allocation_written(Db *db, const StoreAllocation *a, int64_t id, const char *now,
                                  const char *const names[3], json_t **out, Error *err) {
  const int64_t people[3] = {a->assignee_id, a->mentor_id, a->decided_by};
  for (int i = 0; i < 3; i++)
    if (people[i] && !names[i]) { /* a name the caller does not have: the row as stored, joins and all */
      DbParam p[] = {DB_INT(id)};
      if (db_fetch_one(db, sql_allocation_get, p, 1, out, err)) return -1;
      if (*out) json_object_set(*out, "rationale", (json_t *)a->rationale);
      return 0;
    }
  /* the columns of ALLOCATION_SELECT, in its order */
  *out = json_pack("{s:I, s:I, s:o, s:s, s:o, s:o, s:s, s:s, s:i, s:i, s:i, s:o, s:o, s:o, s:s, s:O, s:o, s:o, s:s}",
                   "id", (json_int_t)id, "case_id", (json_int_t)a->case_id, "team_id", id_or_json_null(a->team_id),
                   "kind", a->kind, "assignee_id", id_or_json_null(a->assignee_id), "assignee_name",
                   text_or_json_null(a->assignee_id ? names[0] : NULL), "rule", a->rule, "risk", a->risk, "priority",
                   a->priority, "complexity", a->complexity, "stretch", a->stretch, "mentor_id",
                   id_or_json_null(a->mentor_id), "mentor_name", text_or_json_null(a->mentor_id ? names[1] : NULL),
                   "reason", text_or_json_null(a->reason), "summary", a->summary, "rationale",
                   (json_t *)a->rationale, "decided_by", id_or_json_null(a->decided_by), "decided_by_name",
                   text_or_json_null(a->decided_by ? names[2] : NULL), "at", now);
  if (!*out) abort();
  return 0;
}

int store_case_allocations_list(Db *db, int64_t case_id, StoreCursor after, int limit, StorePage *page,
                                Error *err) {
  DbParam p[] = {DB_INT(case_id), DB_INT(after.key ? after.id : NO_ID_MAX), DB_INT(limit + 1)};
  if (store_fetch_page(db, sql_allocations_list, p, 3, limit, page, err)) return -1;
  size_t i;
  json_t *row;
  json_array_foreach(page->items, i, row) store_decode_json_columns(&allocation_decoder, row);
  return 0;
}

static const char sql_notice_insert[] =
    "INSERT INTO allocation_notices (allocation_id, case_id, user_id, body, status, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";

int store_allocation_notice_insert(Db *db, int64_t allocation_id, int64_t case_id, int64_t user_id, const char *body,
                                   const char *status, const char *now, int64_t *id, Error *err) {
  DbParam p[] = {DB_INT(allocation_id), DB_INT(case_id), DB_INT(user_id), DB_TEXT(body), DB_TEXT(status),
                 DB_TEXT(now)};
  return db_insert(db, sql_notice_insert, p, 6, id, err);
}

static const char sql_unassigned[] =
    "SELECT c.id FROM cases c WHERE c.team_id IN (SELECT team_id FROM team_allocation WHERE mode = 'automatic') "
    "AND c.status IN " SQL_OPEN_CASE_STATUSES " AND c.assignee_id IS NULL ORDER BY c.id LIMIT $1";

int store_unassigned_cases(Db *db, int limit, json_t **rows, Error *err) {
  DbParam p[] = {DB_INT(limit)};
  return db_fetch_all(db, sql_unassigned, p, 1, rows, err);
}

/* SQLite has one writer at a time already; PostgreSQL queues on the row. */
static const char sql_team_lock_pg[] = "SELECT team_id FROM team_allocation WHERE team_id = $1 FOR UPDATE";

int store_team_allocation_lock(Db *db, int64_t team_id, Error *err) {
  if (db->kind != DB_POSTGRES) return 0;
  json_t *rows = NULL;
  DbParam p[] = {DB_INT(team_id)};
  int rc = db_fetch_all(db, sql_team_lock_pg, p, 1, &rows, err);
  json_decref(rows);
  return rc;
}


/* --- fairness ----------------------------------------------------------------------------------- */
/* Per person of the team, the assignments they received in [from, to]. */
static const char sql_fairness[] =
    "SELECT u.id AS user_id, u.display_name AS name, COUNT(a.id) AS cases, "
    "COALESCE(SUM(CASE WHEN a.priority = 1 THEN 1 ELSE 0 END), 0) AS p1, "
    "COALESCE(SUM(CASE WHEN a.priority = 2 THEN 1 ELSE 0 END), 0) AS p2, "
    "COALESCE(SUM(CASE WHEN a.priority = 3 THEN 1 ELSE 0 END), 0) AS p3, "
    "COALESCE(SUM(CASE WHEN a.priority = 4 THEN 1 ELSE 0 END), 0) AS p4, "
    "COALESCE(SUM(a.complexity), 0) AS complexity, COALESCE(SUM(a.stretch), 0) AS stretch, "
    "COALESCE(SUM(CASE WHEN a.kind = 'manual' THEN 1 ELSE 0 END), 0) AS manual "
    "FROM users u LEFT JOIN case_allocations a ON a.assignee_id = u.id AND a.kind IN ('automatic', 'manual') "
    "AND a.at >= $2 AND a.at <= $3 WHERE u.team_id = $1 AND u.role IN ('agent', 'team_leader') "
    "GROUP BY u.id, u.display_name ORDER BY u.display_name, u.id";

int store_allocation_fairness(Db *db, int64_t team_id, const char *from, const char *to, json_t **rows,
                              Error *err) {
  DbParam p[] = {DB_INT(team_id), DB_TEXT(from), DB_TEXT(to)};
  return db_fetch_all(db, sql_fairness, p, 3, rows, err);
}
