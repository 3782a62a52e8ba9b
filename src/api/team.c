/* Skills and rosters through the API: the skill catalogue, each person's
 * levels, development goals and roster entries as records, the skills
 * matrix, who is available over the next hours, and each team's allocation
 * settings. Everyone who sees staff may read them; team leaders change them
 * for their own team, CS managers and admins for any (docs/TEAM.md). */
#include <string.h>

#include "api/allocation.h"

#define MAX_SHIFT_SECONDS (16 * 3600)
#define MAX_ABSENCE_SECONDS (366 * 86400)
#define SLOT_SECONDS 1800

static int64_t id_of(const json_t *row, const char *name) { return json_integer_value(json_object_get(row, name)); }

int team_check_lead(const Request *req, int64_t team_id, Error *err) {
  if (req->user.role != ROLE_TEAM_LEADER) return 0;
  if (team_id && id_of(req->user.user, "team_id") == team_id) return 0;
  return error_set(err, 403, "Forbidden", "a team leader changes the skills, rosters and settings of their own team only");
}

/* The same for the team of user_id (404 on field when there is no such user). */
static int check_lead_of_user(Request *req, int64_t user_id, const char *field, Error *err) {
  json_t *user = NULL;
  if (store_record_get(req->db, &store_users, user_id, &user, err)) return -1;
  int rc = user ? team_check_lead(req, id_of(user, "team_id"), err) : error_field(err, field, "does not exist");
  json_decref(user);
  return rc;
}

/* --- the skill catalogue -------------------------------------------------------------------------- */
static const char *const skill_read_only[] = {"id", "created_at", "updated_at", "version", NULL};
static const FieldSpec skill_fields[] = {
    {"name", FIELD_TEXT, FIELD_REQUIRED, 1, 50, NULL, NULL},
    {"label", FIELD_TEXT, FIELD_REQUIRED, 1, 200, NULL, NULL},
    {"case_level", FIELD_INT, 0, 1, ALLOCATION_LEVEL_MAX, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

static void skill_defaults(Request *req, json_t *input) {
  (void)req;
  if (!json_object_get(input, "case_level")) json_object_set_new(input, "case_level", json_integer(2));
}

static int skill_check(Request *req, const json_t *record, Error *err) {
  (void)req;
  if (!api_is_tag(json_object_get(record, "name")))
    return error_field(err, "name", "may hold only a-z, 0-9, '_' and '-' (it is what cases list in required_skills)");
  return 0;
}

static const ResourceDef skill_resource = {
    .table = &store_skills,
    .path = "/api/v1/skills",
    .fields = skill_fields,
    .read_only = skill_read_only,
    .defaults = skill_defaults,
    .check = skill_check,
};

static int query_skills(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  (void)q;
  return store_skills_list(req->db, after, limit, page, err);
}

int skills_list(Request *req, Response *res, Error *err) { return api_list(req, res, NULL, query_skills, err); }
int skills_create(Request *req, Response *res, Error *err) { return resource_create(&skill_resource, req, res, err); }
int skills_get(Request *req, Response *res, Error *err) { return resource_get(&skill_resource, req, res, err); }
int skills_patch(Request *req, Response *res, Error *err) { return resource_patch(&skill_resource, req, res, err); }

/* --- levels ------------------------------------------------------------------------------------------ */
/* A person's levels as {name: level}. */
static int levels_object(Db *db, int64_t user_id, json_t **out, Error *err) {
  json_t *rows = NULL;
  if (store_user_skills(db, user_id, &rows, err)) return -1;
  *out = json_object();
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row)
      json_object_set(*out, json_string_value(json_object_get(row, "skill")), json_object_get(row, "level"));
  json_decref(rows);
  return 0;
}

/* The skill of the catalogue called name, or NULL. */
static const json_t *skill_named(const json_t *skills, const char *name) {
  size_t i;
  json_t *s;
  json_array_foreach(skills, i, s) if (strcmp(json_string_value(json_object_get(s, "name")), name) == 0) return s;
  return NULL;
}

/* Checks {"levels": {skill: 0..4}} against the catalogue into rows {skill_id, level}. */
static int parse_levels(const json_t *input, const json_t *skills, json_t *rows, Error *err) {
  const char *key;
  json_t *v;
  json_object_foreach((json_t *)input, key, v) if (strcmp(key, "levels") != 0) error_field(err, key, "is not a field here");
  const json_t *levels = json_object_get(input, "levels");
  if (!json_is_object(levels)) return error_field(err, "levels", "is required: an object of skill names and levels");
  json_object_foreach((json_t *)levels, key, v) {
    Buffer field = BUFFER_INIT;
    buffer_printf(&field, "levels.%s", key);
    const json_t *skill = skill_named(skills, key);
    if (!skill)
      error_field(err, buffer_cstr(&field), "is not a skill in the catalogue");
    else if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > ALLOCATION_LEVEL_MAX)
      error_field(err, buffer_cstr(&field), "must be a level from 0 to %d", ALLOCATION_LEVEL_MAX);
    else
      json_array_append_new(rows, json_pack("{s:O, s:O}", "skill_id", json_object_get(skill, "id"), "level", v));
    buffer_free(&field);
  }
  return error_has_fields(err) ? -1 : 0;
}

int users_put_skills(Request *req, Response *res, Error *err) {
  json_t *input = NULL, *skills = NULL, *before = NULL, *after = NULL, *rows = json_array();
  int rc = check_lead_of_user(req, req->id, "id", err);
  if (rc && error_has_fields(err)) rc = error_set(err, 404, "Not found", "user %lld does not exist", (long long)req->id);
  if (!rc) rc = api_read_body(req, &input, err);
  if (!rc) rc = store_skills_all(req->db, &skills, err);
  if (!rc) rc = parse_levels(input, skills, rows, err);
  if (!rc) rc = levels_object(req->db, req->id, &before, err);
  if (!rc) rc = store_user_skills_replace(req->db, req->id, rows, req->now, err);
  if (!rc) rc = levels_object(req->db, req->id, &after, err);
  if (!rc) {
    json_t *b = json_pack("{s:O}", "levels", before), *a = json_pack("{s:O}", "levels", after);
    rc = resource_audit(req, "user_skills", req->id, "update", b, a, err);
    json_decref(b);
    json_decref(a);
  }
  if (!rc) api_send_json(res, 200, json_pack("{s:I, s:O}", "user_id", (json_int_t)req->id, "levels", after));
  json_decref(input);
  json_decref(skills);
  json_decref(before);
  json_decref(after);
  json_decref(rows);
  return rc;
}

int skills_matrix(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"team_id", NULL};
  Query q = {0};
  int64_t team_id = 0;
  time_t t = 0;
  time_parse(req->now, &t);
  int rc = api_query_parse(req, allowed, &q, err);
  if (!rc) rc = api_query_id(&q, "team_id", &team_id, err);
  api_query_free(&q);
  if (!rc && !team_id) {
    error_field(err, "team_id", "is required");
    err->status = 400;
    return -1;
  }
  TeamView v;
  json_t *catalogue = NULL;
  if (rc || store_skills_all(req->db, &catalogue, err)) return -1;
  if (allocation_team_load(req->db, team_id, t, 0, &v, err)) {
    json_decref(catalogue);
    return -1;
  }
  json_t *people = json_array();
  for (size_t i = 0; i < v.team.npeople; i++) {
    const StoreTeamPerson *person = &v.rows->people[i];
    json_t *levels = json_object(), *goals = json_array();
    for (size_t s = 0; s < v.team.nskills; s++)
      if (v.people[i].levels[s]) json_object_set_new(levels, v.rows->skills[s].name, json_integer(v.people[i].levels[s]));
    for (size_t g = 0; g < v.rows->ngoals; g++) {
      const StoreTeamGoal *goal = &v.rows->goals[g];
      if (goal->user_id == person->id)
        json_array_append_new(goals, json_pack("{s:I, s:I, s:I, s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)goal->id,
                                               "user_id", (json_int_t)goal->user_id, "skill_id",
                                               (json_int_t)goal->skill_id, "target_level",
                                               (json_int_t)goal->target_level, "due_on", goal->due_on, "skill",
                                               goal->skill, "mentor_id", (json_int_t)goal->mentor_id, "mentor_name",
                                               goal->mentor_name));
    }
    json_array_append_new(people, json_pack("{s:I, s:s, s:s, s:s, s:o, s:o}", "user_id", (json_int_t)person->id,
                                            "name", person->name, "role", person->role, "presence",
                                            presence_name(v.people[i].presence), "levels", levels, "goals", goals));
  }
  api_send_json(res, 200, json_pack("{s:I, s:o, s:o}", "team_id", (json_int_t)team_id, "skills", catalogue, "people",
                                    people));
  allocation_team_free(&v);
  return 0;
}

/* --- development goals ----------------------------------------------------------------------------------- */
static const char *const goal_statuses[] = {"open", "achieved", "dropped", NULL};
static const char *const goal_read_only[] = {"id",         "user_name",  "skill",   "mentor_name",
                                             "created_at", "updated_at", "version", NULL};
static const FieldSpec goal_fields[] = {
    {"user_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_users},
    {"skill_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_skills},
    {"target_level", FIELD_INT, FIELD_REQUIRED, 1, ALLOCATION_LEVEL_MAX, NULL, NULL},
    {"due_on", FIELD_DATE, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {"mentor_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_users},
    {"status", FIELD_ENUM, 0, 0, 0, goal_statuses, NULL},
    {"note", FIELD_TEXT, 0, 0, 2000, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

static void goal_defaults(Request *req, json_t *input) {
  (void)req;
  if (!json_object_get(input, "status")) json_object_set_new(input, "status", json_string("open"));
}

/* user_id's level in skill_id. */
static int level_in(Db *db, int64_t user_id, int64_t skill_id, int *level, Error *err) {
  json_t *levels = NULL, *skill = NULL;
  int rc = levels_object(db, user_id, &levels, err);
  if (!rc) rc = store_record_get(db, &store_skills, skill_id, &skill, err);
  *level = rc || !skill ? 0 : (int)json_integer_value(json_object_get(levels, json_string_value(json_object_get(skill, "name"))));
  json_decref(levels);
  json_decref(skill);
  return rc;
}

/* A goal is set by the person's team leader or a manager; the mentor is
 * someone else who already holds the target level; an open goal aims above
 * the person's level. */
static int goal_check(Request *req, const json_t *record, Error *err) {
  int64_t user = id_of(record, "user_id"), mentor = id_of(record, "mentor_id"), skill = id_of(record, "skill_id");
  int target = (int)id_of(record, "target_level"), mentor_level = 0, level = 0;
  if (check_lead_of_user(req, user, "user_id", err)) return -1;
  if (level_in(req->db, mentor, skill, &mentor_level, err) || level_in(req->db, user, skill, &level, err)) return -1;
  if (user == mentor) error_field(err, "mentor_id", "must be someone else than the person developing");
  else if (mentor_level < target)
    error_field(err, "mentor_id", "holds this skill at level %d, below the target level %d", mentor_level, target);
  if (strcmp(json_string_value(json_object_get(record, "status")), "open") == 0 && target <= level)
    error_field(err, "target_level", "must be above the person's level now (%d)", level);
  return error_has_fields(err) ? -1 : 0;
}

static const ResourceDef goal_resource = {
    .table = &store_development_goals,
    .path = "/api/v1/development-goals",
    .fields = goal_fields,
    .read_only = goal_read_only,
    .defaults = goal_defaults,
    .check = goal_check,
};

static int query_goals(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  int64_t user_id = 0, team_id = 0;
  const char *status = NULL;
  if (api_query_id(q, "user_id", &user_id, err) || api_query_id(q, "team_id", &team_id, err) ||
      api_query_choice(q, "status", goal_statuses, &status, err))
    return -1;
  return store_development_goals_list(req->db, user_id, team_id, status, after, limit, page, err);
}

int goals_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"user_id", "team_id", "status", NULL};
  return api_list(req, res, allowed, query_goals, err);
}
int goals_create(Request *req, Response *res, Error *err) { return resource_create(&goal_resource, req, res, err); }
int goals_get(Request *req, Response *res, Error *err) { return resource_get(&goal_resource, req, res, err); }
int goals_patch(Request *req, Response *res, Error *err) { return resource_patch(&goal_resource, req, res, err); }

/* --- roster ------------------------------------------------------------------------------------------------- */
static const char *const roster_kinds[] = {"shift", "absence", NULL};
static const char *const absence_reasons[] = {"holiday", "training", "leave", "other", NULL};
static const char *const roster_read_only[] = {"id",         "user_name",  "team_id", "created_at",
                                               "updated_at", "version",    NULL};
static const FieldSpec roster_fields[] = {
    {"user_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_users},
    {"kind", FIELD_ENUM, FIELD_REQUIRED, 0, 0, roster_kinds, NULL},
    {"starts_at", FIELD_INSTANT, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {"ends_at", FIELD_INSTANT, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {"reason", FIELD_ENUM, 0, 0, 0, absence_reasons, NULL},
    {"note", FIELD_TEXT, 0, 0, 500, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

static time_t instant_of(const json_t *row, const char *name) {
  time_t t = 0;
  const char *text = json_string_value(json_object_get(row, name));
  return text && time_parse(text, &t) == 0 ? t : 0;
}

/* A shift lasts at most 16 hours, an absence at most a year; only an
 * absence has a reason, and must. */
static int roster_check(Request *req, const json_t *record, Error *err) {
  if (check_lead_of_user(req, id_of(record, "user_id"), "user_id", err)) return -1;
  int absence = strcmp(json_string_value(json_object_get(record, "kind")), "absence") == 0;
  time_t from = instant_of(record, "starts_at"), to = instant_of(record, "ends_at");
  if (to <= from) error_field(err, "ends_at", "must be after starts_at");
  else if (!absence && to - from > MAX_SHIFT_SECONDS) error_field(err, "ends_at", "a shift lasts at most 16 hours");
  else if (absence && to - from > MAX_ABSENCE_SECONDS) error_field(err, "ends_at", "an absence lasts at most 366 days");
  const json_t *reason = json_object_get(record, "reason");
  if (absence && !json_is_string(reason)) error_field(err, "reason", "is required for an absence");
  if (!absence && json_is_string(reason)) error_field(err, "reason", "only an absence has a reason");
  return error_has_fields(err) ? -1 : 0;
}

static const ResourceDef roster_resource = {
    .table = &store_roster_entries,
    .path = "/api/v1/roster",
    .fields = roster_fields,
    .read_only = roster_read_only,
    .check = roster_check,
};

static int query_roster(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  char from[TIME_TEXT_SIZE], to[TIME_TEXT_SIZE], today[TIME_TEXT_SIZE], week[TIME_TEXT_SIZE];
  time_t t = 0;
  time_parse(req->now, &t);
  time_format(t, today);
  time_format(t + 7 * 86400, week);
  today[10] = week[10] = '\0';
  RosterFilter f = {0};
  if (api_query_id(q, "user_id", &f.user_id, err) || api_query_id(q, "team_id", &f.team_id, err) ||
      api_query_date_bound(q, "from", today, "T00:00:00Z", from, err) ||
      api_query_date_bound(q, "to", week, "T23:59:59Z", to, err))
    return -1;
  f.from = from, f.to = to;
  return store_roster_list(req->db, &f, after, limit, page, err);
}

int roster_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"user_id", "team_id", "from", "to", NULL};
  return api_list(req, res, allowed, query_roster, err);
}
int roster_create(Request *req, Response *res, Error *err) { return resource_create(&roster_resource, req, res, err); }
int roster_get(Request *req, Response *res, Error *err) { return resource_get(&roster_resource, req, res, err); }
int roster_patch(Request *req, Response *res, Error *err) { return resource_patch(&roster_resource, req, res, err); }

int roster_delete(Request *req, Response *res, Error *err) {
  json_t *entry = NULL;
  int rc = resource_load(&roster_resource, req, req->id, &entry, err);
  if (!rc) rc = team_check_lead(req, id_of(entry, "team_id"), err);
  json_decref(entry);
  return rc ? -1 : resource_delete(&roster_resource, req, res, err);
}

/* --- a team's availability and settings ------------------------------------------------------------------------ */
static int require_team(Request *req, Error *err) {
  int exists = 0;
  if (store_record_exists(req->db, &store_teams, req->id, &exists, err)) return -1;
  return exists ? 0 : error_set(err, 404, "Not found", "team %lld does not exist", (long long)req->id);
}

int teams_availability(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"hours", NULL};
  Query q = {0};
  int64_t hours = 8;
  time_t t = 0;
  time_parse(req->now, &t);
  int rc = api_query_parse(req, allowed, &q, err);
  if (!rc && api_query_text(&q, "hours")) rc = api_query_id(&q, "hours", &hours, err);
  api_query_free(&q);
  if (!rc && (hours < 1 || hours > 72)) {
    error_field(err, "hours", "must be from 1 to 72");
    err->status = 400;
    rc = -1;
  }
  if (!rc) rc = require_team(req, err);
  TeamView v;
  if (rc || allocation_team_load(req->db, req->id, t, 0, &v, err)) return -1;
  size_t nslots = (size_t)hours * 3600 / SLOT_SECONDS;
  unsigned char *slots = calloc(nslots, 1);
  if (!slots) abort();
  time_t from = t - t % SLOT_SECONDS;
  json_t *people = json_array();
  int available = 0;
  for (size_t i = 0; i < v.team.npeople; i++) {
    Presence now = v.people[i].presence;
    json_t *list = json_array();
    if (now == PRESENCE_INACTIVE) memset(slots, 0, nslots);
    else roster_slots(v.spans + v.span_start[i], v.span_start[i + 1] - v.span_start[i], v.calendar, from, SLOT_SECONDS, nslots, slots);
    for (size_t s = 0; s < nslots; s++) json_array_append_new(list, json_integer(slots[s]));
    available += now == PRESENCE_AVAILABLE;
    json_array_append_new(people, json_pack("{s:I, s:s, s:s, s:o}", "user_id", (json_int_t)v.rows->people[i].id,
                                            "name", v.rows->people[i].name, "presence", presence_name(now), "slots",
                                            list));
  }
  char start[TIME_TEXT_SIZE];
  time_format(from, start);
  api_send_json(res, 200, json_pack("{s:I, s:s, s:s, s:i, s:i, s:o}", "team_id", (json_int_t)req->id, "mode",
                                    allocation_mode_names[v.mode], "from", start, "slot_minutes", SLOT_SECONDS / 60,
                                    "available_now", available, "people", people));
  free(slots);
  allocation_team_free(&v);
  return 0;
}

/* The settings of the request's team, or the defaults when never set. */
static int settings_of(Request *req, json_t **out, Error *err) {
  if (require_team(req, err) || store_team_allocation_get(req->db, req->id, out, err)) return -1;
  if (!*out)
    *out = json_pack("{s:I, s:s, s:n, s:i, s:n, s:i}", "team_id", (json_int_t)req->id, "mode", "manual",
                     "calendar_id", "max_load", ALLOCATION_DEFAULT_MAX_LOAD, "updated_at", "version", 0);
  return 0;
}

int teams_allocation_get(Request *req, Response *res, Error *err) {
  json_t *settings = NULL;
  if (settings_of(req, &settings, err)) return -1;
  api_send_json(res, 200, settings);
  return 0;
}

int teams_allocation_put(Request *req, Response *res, Error *err) {
  static const FieldSpec fields[] = {
      {"mode", FIELD_ENUM, FIELD_REQUIRED, 0, 0, allocation_mode_names, NULL},
      {"calendar_id", FIELD_REF, 0, 0, 0, NULL, &store_calendars},
      {"max_load", FIELD_INT, 0, 1, 1000, NULL, NULL},
      {NULL, 0, 0, 0, 0, NULL, NULL},
  };
  json_t *input = NULL, *before = NULL, *after = NULL;
  int rc = settings_of(req, &before, err);
  if (!rc) rc = team_check_lead(req, req->id, err);
  if (!rc) rc = api_read_body(req, &input, err);
  if (!rc) rc = api_validate(req->db, input, fields, NULL, 0, err);
  const json_t *max_load = json_object_get(input, "max_load");
  if (!rc)
    rc = store_team_allocation_put(req->db, req->id, json_string_value(json_object_get(input, "mode")),
                                   id_of(input, "calendar_id"),
                                   json_is_integer(max_load) ? (int)json_integer_value(max_load)
                                                             : ALLOCATION_DEFAULT_MAX_LOAD,
                                   req->now, err);
  if (!rc) rc = store_team_allocation_get(req->db, req->id, &after, err);
  if (!rc) rc = resource_audit(req, "team_allocation", req->id, "update", before, after, err);
  if (!rc) api_send_json(res, 200, json_incref(after));
  json_decref(input);
  json_decref(before);
  json_decref(after);
  return rc;
}
