/* Team communication (docs/QUALITY.md): briefings and team meetings with
 * agenda, attendees, notes, decisions and action items (owner, due date,
 * done), referring to cases (complaints among them) and KPIs; and each
 * person's open actions, from meetings and from failed QA reviews. Who sees
 * a meeting: its team's people and leader, its attendees, its organiser and
 * the managers. */
#include <stdio.h>
#include <string.h>

#include "api/quality.h"

#define MAX_ATTENDEES 100
#define MAX_CASES 50

static int64_t ival(const json_t *o, const char *name) { return json_integer_value(json_object_get(o, name)); }

static const char *const meeting_kinds[] = {"briefing", "team_meeting", NULL};
static const char *const meeting_read_only[] = {"id",      "organiser_id", "organiser_name", "actions",
                                                "created_at", "updated_at", "version",      NULL};
static const FieldSpec meeting_fields[] = {
    {"kind", FIELD_ENUM, FIELD_REQUIRED, 0, 0, meeting_kinds, NULL},
    {"title", FIELD_TEXT, FIELD_REQUIRED, 1, 200, NULL, NULL},
    {"team_id", FIELD_REF, 0, 0, 0, NULL, &store_teams},
    {"held_at", FIELD_INSTANT, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {"agenda", FIELD_TEXTS, 0, 0, 30, NULL, NULL},
    {"attendee_ids", FIELD_JSON, 0, 0, 0, NULL, NULL},
    {"notes", FIELD_TEXT, 0, 0, 20000, NULL, NULL},
    {"decisions", FIELD_TEXTS, 0, 0, 50, NULL, NULL},
    {"case_ids", FIELD_JSON, 0, 0, 0, NULL, NULL},
    {"kpis", FIELD_TAGS, 0, 0, 20, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

static void meeting_defaults(Request *req, json_t *input) {
  (void)req;
  if (!json_object_get(input, "attendee_ids")) json_object_set_new(input, "attendee_ids", json_array());
}

/* 1 when user id is among the meeting's attendees. */
static int attends(const json_t *meeting, int64_t id) {
  size_t i;
  json_t *a;
  json_array_foreach(json_object_get(meeting, "attendee_ids"), i, a) if (json_integer_value(a) == id) return 1;
  return 0;
}

static int meeting_visible(const Request *req, const json_t *m) {
  return ival(m, "organiser_id") == req->user.id || attends(m, req->user.id) ||
         qa_scope_covers(req, 0, ival(m, "team_id")) ||
         (ival(m, "team_id") && ival(req->user.user, "team_id") == ival(m, "team_id"));
}

/* Each of the n ids of list (field) names a record of table; distinct. */
static void check_ids(Request *req, const json_t *list, const char *field, const StoreTable *table, size_t max,
                      Error *err) {
  if (!list || json_is_null(list)) return;
  if (!json_is_array(list) || json_array_size(list) > max) {
    error_field(err, field, "must be a list of at most %zu ids", max);
    return;
  }
  size_t i;
  json_t *id;
  json_array_foreach(list, i, id) {
    char at[48];
    snprintf(at, sizeof at, "%s[%zu]", field, i);
    int exists = 0;
    if (json_is_integer(id) && json_integer_value(id) > 0) {
      Error lookup = ERROR_INIT;
      if (store_record_exists(req->db, table, json_integer_value(id), &exists, &lookup)) {
        error_clear(err); /* the store could not answer: a 503 to retry, not an absent record */
        *err = lookup;
        return;
      }
    }
    if (!exists) error_field(err, at, "no %s has this id", table->entity);
    for (size_t j = 0; j < i; j++)
      if (json_equal(id, json_array_get(list, j))) error_field(err, at, "is listed twice");
  }
}

/* Attendees and cases must exist; a meeting is changed by its organiser or
 * by a leader whose scope covers its team. */
static int meeting_check(Request *req, const json_t *record, Error *err) {
  int64_t organiser = ival(record, "organiser_id"), team = ival(record, "team_id");
  if (organiser && organiser != req->user.id && !qa_scope_covers(req, 0, team))
    return error_set(err, 403, "Forbidden", "only the organiser or the team's leader may change this meeting");
  if (team && !qa_scope_covers(req, 0, team))
    return error_set(err, 403, "Forbidden", "team %lld is not your team", (long long)team);
  check_ids(req, json_object_get(record, "attendee_ids"), "attendee_ids", &store_users, MAX_ATTENDEES, err);
  if (err->status && !error_has_fields(err)) return -1;
  check_ids(req, json_object_get(record, "case_ids"), "case_ids", &store_cases, MAX_CASES, err);
  return err->status ? -1 : 0;
}

static void meeting_derive(Request *req, const json_t *before, json_t *record) {
  if (!before) json_object_set_new(record, "organiser_id", json_integer(req->user.id));
}

static void present_action(json_t *a) { json_object_set_new(a, "done", json_boolean(ival(a, "done"))); }

static int meeting_decorate(Request *req, json_t *record, Error *err) {
  json_t *actions = NULL;
  if (store_meeting_actions_list(req->db, ival(record, "id"), 0, 0, &actions, err)) return -1;
  size_t i;
  json_t *a;
  json_array_foreach(actions, i, a) present_action(a);
  json_object_set_new(record, "actions", actions);
  return 0;
}

static const ResourceDef meeting_resource = {
    .table = &store_meetings,
    .path = "/api/v1/meetings",
    .fields = meeting_fields,
    .read_only = meeting_read_only,
    .defaults = meeting_defaults,
    .check = meeting_check,
    .derive = meeting_derive,
    .decorate = meeting_decorate,
};

int meetings_create(Request *req, Response *res, Error *err) { return resource_create(&meeting_resource, req, res, err); }
int meetings_patch(Request *req, Response *res, Error *err) { return resource_patch(&meeting_resource, req, res, err); }

/* The request's meeting; 404 also when the caller may not see it. */
static int load_meeting(Request *req, int64_t id, json_t **out, Error *err) {
  if (resource_load(&meeting_resource, req, id, out, err)) return -1;
  if (meeting_visible(req, *out)) return 0;
  json_decref(*out);
  *out = NULL;
  return error_set(err, 404, "Not found", "meeting %lld does not exist or is not yours to see", (long long)id);
}

int meetings_get(Request *req, Response *res, Error *err) {
  json_t *m = NULL;
  if (load_meeting(req, req->id, &m, err)) return -1;
  res->etag_version = ival(m, "version");
  api_send_json(res, 200, m);
  return 0;
}

static int query_meetings(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  int64_t team = 0;
  StoreScope scope;
  qa_scope(req, &scope);
  if (!scope.all && !scope.team_id) scope.team_id = ival(req->user.user, "team_id"); /* one's own team's meetings */
  if (api_query_id(q, "team_id", &team, err)) return -1;
  return store_meetings_list(req->db, &scope, team, after, limit, page, err);
}

int meetings_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"team_id", NULL};
  return api_list(req, res, allowed, query_meetings, err);
}

/* --- action items ------------------------------------------------------------------------------ */
static const char *const action_read_only[] = {"id",      "meeting_id", "meeting_title", "team_id", "owner_name",
                                               "done_at", "created_at", "updated_at",    "version", NULL};
static const FieldSpec action_fields[] = {
    {"title", FIELD_TEXT, FIELD_REQUIRED, 1, 200, NULL, NULL},
    {"owner_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_users},
    {"due_on", FIELD_DATE, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {"done", FIELD_BOOL, 0, 0, 0, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

/* Who records meetings may change any of its actions; the owner of an
 * action may only mark it done or not done. */
static int action_check(Request *req, const json_t *record, Error *err) {
  json_t *meeting = NULL;
  if (store_record_get(req->db, &store_meetings, ival(record, "meeting_id"), &meeting, err)) return -1;
  int leads = policy_allows(req->user.role, PERM_MEETINGS_WRITE) &&
              (ival(meeting, "organiser_id") == req->user.id || qa_scope_covers(req, 0, ival(meeting, "team_id")));
  json_decref(meeting);
  if (leads) return 0;
  json_t *before = NULL;
  if (req->id && store_record_get(req->db, &store_meeting_actions, req->id, &before, err)) return -1;
  int own = before && ival(before, "owner_id") == req->user.id;
  static const char *const fixed[] = {"title", "owner_id", "due_on", NULL};
  int only_done = 1;
  for (const char *const *f = fixed; *f; f++) only_done &= json_equal(json_object_get(before, *f), json_object_get(record, *f));
  json_decref(before);
  if (!own) return error_set(err, 403, "Forbidden", "this action is not yours: only its owner or the meeting's leader may change it");
  if (!only_done) return error_set(err, 403, "Forbidden", "as its owner you may mark the action done; the meeting's leader changes the rest");
  return 0;
}

static void action_derive(Request *req, const json_t *before, json_t *record) {
  int done = json_is_true(json_object_get(record, "done")) || json_integer_value(json_object_get(record, "done"));
  int was = before && ival(before, "done");
  json_object_set_new(record, "done", json_boolean(done));
  if (!before || done != was) json_object_set_new(record, "done_at", done ? json_string(req->now) : json_null());
}

static int action_decorate(Request *req, json_t *record, Error *err) {
  (void)req;
  (void)err;
  present_action(record);
  return 0;
}

static const ResourceDef meeting_action_resource = {
    .table = &store_meeting_actions,
    .path = "/api/v1/meeting-actions",
    .fields = action_fields,
    .read_only = action_read_only,
    .check = action_check,
    .derive = action_derive,
    .decorate = action_decorate,
};

int meeting_actions_patch(Request *req, Response *res, Error *err) {
  return resource_patch(&meeting_action_resource, req, res, err);
}

/* POST /api/v1/meetings/{id}/actions: the meeting's id goes into the body
 * so the generic create validates, stores and audits the action. */
int meetings_add_action(Request *req, Response *res, Error *err) {
  json_t *meeting = NULL, *input = NULL;
  int rc = load_meeting(req, req->id, &meeting, err);
  if (!rc) rc = api_read_body(req, &input, err);
  if (!rc) rc = api_validate(req->db, input, action_fields, action_read_only, 0, err);
  json_t *action = NULL;
  int64_t id = 0;
  if (!rc) {
    action = json_deep_copy(input);
    json_object_set_new(action, "meeting_id", json_integer(req->id));
    int64_t self = req->id;
    req->id = 0;
    rc = action_check(req, action, err);
    req->id = self;
  }
  if (!rc) {
    action_derive(req, NULL, action);
    rc = store_record_insert(req->db, &store_meeting_actions, action, req->now, &id, err);
  }
  json_t *stored = NULL;
  if (!rc) rc = resource_load(&meeting_action_resource, req, id, &stored, err);
  if (!rc) rc = resource_audit(req, store_meeting_actions.entity, id, "create", NULL, stored, err);
  json_decref(meeting);
  json_decref(input);
  json_decref(action);
  if (rc) {
    json_decref(stored);
    return -1;
  }
  api_send_created(res, "/api/v1/meeting-actions", id, stored);
  return 0;
}

/* --- a person's open actions --------------------------------------------------------------------- */
int actions_open(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"user_id", NULL};
  Query q = {0};
  int64_t user = 0, team = 0;
  json_t *meeting_actions = NULL;
  StorePage qa = {0};
  int rc = api_query_parse(req, allowed, &q, err);
  if (!rc) rc = api_query_id(&q, "user_id", &user, err);
  api_query_free(&q);
  if (!user) user = req->user.id;
  json_t *person = NULL;
  if (!rc) rc = store_record_get(req->db, &store_users, user, &person, err);
  if (!rc && !person) rc = error_set(err, 404, "Not found", "user %lld does not exist", (long long)user);
  team = ival(person, "team_id");
  json_decref(person);
  if (!rc && !qa_scope_covers(req, user, team))
    rc = error_set(err, 403, "Forbidden", "the actions of user %lld are not yours to see", (long long)user);
  StoreScope own = {.all = 0, .self_id = user, .team_id = 0};
  QaActionFilter f = {.open_only = 1};
  if (!rc) rc = store_meeting_actions_list(req->db, 0, user, 1, &meeting_actions, err);
  if (!rc) rc = store_qa_actions_list(req->db, &own, &f, (StoreCursor){0}, 200, &qa, err);
  if (rc) {
    json_decref(meeting_actions);
    store_page_free(&qa);
    return -1;
  }
  size_t i;
  json_t *a;
  json_array_foreach(meeting_actions, i, a) present_action(a);
  json_array_foreach(qa.items, i, a) json_object_del(a, "agent_team_id");
  api_send_json(res, 200,
                json_pack("{s:I, s:o, s:O}", "user_id", (json_int_t)user, "meeting_actions", meeting_actions,
                          "qa_actions", qa.items));
  store_page_free(&qa);
  return 0;
}
