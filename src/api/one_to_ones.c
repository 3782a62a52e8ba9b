/* Feedback given at any time, as situation, behaviour and impact, flagged
 * before it is saved when it is vague or about personality; and one-to-ones
 * between a person and their line manager: preparation from both, GROW
 * (goal, reality, options, way forward), agreed actions with owners and
 * dates, and the previous meeting's actions to follow up
 * (docs/PERFORMANCE-MANAGEMENT.md). */
#include <stdio.h>
#include <string.h>

#include "api/performance.h"
#include "core/performance.h"

#define MAX_ACTIONS 30

static int64_t ival(const json_t *o, const char *name) { return json_integer_value(json_object_get(o, name)); }
static const char *sval(const json_t *o, const char *name) { return json_string_value(json_object_get(o, name)); }

/* --- feedback ------------------------------------------------------------------------------------ */
static const char *const feedback_kinds[] = {"praise", "development", NULL};
static const char *const feedback_read_only[] = {"id",         "author_id",  "author_name", "created_at",
                                                 "updated_at", "version",    NULL};
static const FieldSpec feedback_fields[] = {
    {"person_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_users},
    {"given_on", FIELD_DATE, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {"kind", FIELD_ENUM, FIELD_REQUIRED, 0, 0, feedback_kinds, NULL},
    {"situation", FIELD_TEXT, FIELD_REQUIRED, 1, 2000, NULL, NULL},
    {"behaviour", FIELD_TEXT, FIELD_REQUIRED, 1, 2000, NULL, NULL},
    {"impact", FIELD_TEXT, FIELD_REQUIRED, 1, 2000, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

static int feedback_check(Request *req, const json_t *record, Error *err) {
  if (perf_may_manage(req, "person_id", ival(record, "person_id"), err)) return -1;
  const char *flag = feedback_flag(sval(record, "behaviour"));
  if (flag) return error_field(err, "behaviour", "%s", flag);
  return 0;
}

static void feedback_derive(Request *req, const json_t *before, json_t *record) {
  if (!before) json_object_set_new(record, "author_id", json_integer(req->user.id));
}

static const ResourceDef feedback_resource = {
    .table = &store_perf_feedback,
    .path = "/api/v1/performance-feedback",
    .fields = feedback_fields,
    .read_only = feedback_read_only,
    .check = feedback_check,
    .derive = feedback_derive,
};

int perf_feedback_create(Request *req, Response *res, Error *err) {
  return resource_create(&feedback_resource, req, res, err);
}

static int list_of_person(Request *req, Response *res, PerfPersonList list, Error *err) {
  json_t *rows = NULL;
  if (perf_person_rows(req, list, &rows, err)) return -1;
  api_send_json(res, 200, json_pack("{s:o}", "items", rows));
  return 0;
}

int perf_feedback_list(Request *req, Response *res, Error *err) {
  return list_of_person(req, res, store_perf_feedback_list, err);
}

/* --- one-to-ones ---------------------------------------------------------------------------------- */
static const char *const one_to_one_read_only[] = {"id",         "person_name", "manager_id", "manager_name",
                                                   "follow_up",  "created_at",  "updated_at", "version", NULL};
static const FieldSpec one_to_one_fields[] = {
    {"person_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_users},
    {"held_on", FIELD_DATE, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {"person_preparation", FIELD_TEXT, 0, 0, 4000, NULL, NULL},
    {"manager_preparation", FIELD_TEXT, 0, 0, 4000, NULL, NULL},
    {"goal", FIELD_TEXT, 0, 0, 4000, NULL, NULL},
    {"reality", FIELD_TEXT, 0, 0, 4000, NULL, NULL},
    {"options", FIELD_TEXT, 0, 0, 4000, NULL, NULL},
    {"way_forward", FIELD_TEXT, 0, 0, 4000, NULL, NULL},
    {"actions", FIELD_JSON, 0, 0, 0, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

static void one_to_one_defaults(Request *req, json_t *input) {
  (void)req;
  if (!json_object_get(input, "actions")) json_object_set_new(input, "actions", json_array());
}

/* Each agreed action has a title, an owner (the person or the manager) and
 * a due date, and says whether it is done. */
static void check_actions(const json_t *actions, int64_t person, int64_t manager, Error *err) {
  if (!json_is_array(actions) || json_array_size(actions) > MAX_ACTIONS) {
    error_field(err, "actions", "must be a list of at most %d actions", MAX_ACTIONS);
    return;
  }
  size_t i;
  json_t *a;
  json_array_foreach(actions, i, a) {
    char at[48];
    snprintf(at, sizeof at, "actions[%zu]", i);
    const char *title = sval(a, "title"), *due = sval(a, "due_on");
    json_t *owner = json_object_get(a, "owner_id"), *done = json_object_get(a, "done");
    if (!json_is_object(a) || !title || !*title || strlen(title) > 200)
      error_field(err, at, "needs a title of 1-200 characters");
    else if (!json_is_integer(owner) || (json_integer_value(owner) != person && json_integer_value(owner) != manager))
      error_field(err, at, "owner_id must be the person or their manager in this meeting");
    else if (!due || time_check_date(due))
      error_field(err, at, "due_on must be a date YYYY-MM-DD");
    else if (done && !json_is_boolean(done))
      error_field(err, at, "done must be true or false");
  }
}

/* A one-to-one is recorded by the person's line manager (or HR), who is
 * its manager; the person may afterwards change only their own
 * preparation. */
static int one_to_one_check(Request *req, const json_t *record, Error *err) {
  int64_t person = ival(record, "person_id"), manager = req->id ? ival(record, "manager_id") : req->user.id;
  if (req->id && person == req->user.id) {
    json_t *before = NULL;
    if (store_record_get(req->db, &store_one_to_ones, req->id, &before, err)) return -1;
    static const char *const theirs[] = {"person_id", "held_on", "manager_preparation", "goal", "reality",
                                         "options",   "way_forward", "actions", NULL};
    int same = perf_fields_unchanged(before, record, theirs);
    json_decref(before);
    if (!same) return error_set(err, 403, "Forbidden", "you may change your own preparation; your manager records the rest");
  } else if (perf_may_manage(req, "person_id", person, err)) {
    return -1;
  }
  check_actions(json_object_get(record, "actions"), person, manager, err);
  return error_has_fields(err) ? -1 : 0;
}

static void one_to_one_derive(Request *req, const json_t *before, json_t *record) {
  if (!before) json_object_set_new(record, "manager_id", json_integer(req->user.id));
}

/* follow_up: the previous one-to-one's actions, those not done counted. */
static int one_to_one_decorate(Request *req, json_t *record, Error *err) {
  json_t *prev = NULL;
  if (store_one_to_one_previous(req->db, ival(record, "person_id"), sval(record, "held_on"), ival(record, "id"), &prev,
                                err))
    return -1;
  if (!prev) {
    json_object_set_new(record, "follow_up", json_null());
    return 0;
  }
  size_t i, open = 0;
  json_t *a;
  json_array_foreach(json_object_get(prev, "actions"), i, a) open += !json_is_true(json_object_get(a, "done"));
  json_object_set_new(record, "follow_up",
                      json_pack("{s:I, s:s, s:O, s:I}", "one_to_one_id", (json_int_t)ival(prev, "id"), "held_on",
                                sval(prev, "held_on"), "actions", json_object_get(prev, "actions"), "open",
                                (json_int_t)open));
  json_decref(prev);
  return 0;
}

static const ResourceDef one_to_one_resource = {
    .table = &store_one_to_ones,
    .path = "/api/v1/one-to-ones",
    .fields = one_to_one_fields,
    .read_only = one_to_one_read_only,
    .defaults = one_to_one_defaults,
    .check = one_to_one_check,
    .derive = one_to_one_derive,
    .decorate = one_to_one_decorate,
};

int one_to_ones_create(Request *req, Response *res, Error *err) {
  return resource_create(&one_to_one_resource, req, res, err);
}

int one_to_ones_get(Request *req, Response *res, Error *err) {
  return perf_resource_visible(&one_to_one_resource, req, res, resource_get, err);
}

int one_to_ones_patch(Request *req, Response *res, Error *err) {
  return perf_resource_visible(&one_to_one_resource, req, res, resource_patch, err);
}

int one_to_ones_list(Request *req, Response *res, Error *err) {
  return list_of_person(req, res, store_one_to_ones_list, err);
}
