/* Follow-up tasks: work about an account that someone owns, with a due date
 * and an outcome — a survey's follow-up of a low score, a proactive contact,
 * a win-back call, a loyalty review. The generic resource, with the rules
 * that a finished task says how it ended and that its links stay inside its
 * account. */
#include <string.h>

#include "api/tasks.h"

static const char *const task_kinds[] = {"survey_follow_up", "proactive_contact", "win_back", "loyalty_review",
                                         "other", NULL};
static const char *const task_statuses[] = {"open", "done", "cancelled", NULL};
/* survey_response_id is set by forgedesk when a low score opens the task. */
static const char *const task_read_only[] = {"id",           "account_name", "owner_name", "survey_response_id",
                                             "completed_at", "created_at",   "updated_at", "version", NULL};
static const FieldSpec task_fields[] = {
    {"kind", FIELD_ENUM, FIELD_REQUIRED, 0, 0, task_kinds, NULL},
    {"account_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_accounts},
    {"contact_id", FIELD_REF, 0, 0, 0, NULL, &store_contacts},
    {"case_id", FIELD_REF, 0, 0, 0, NULL, &store_cases},
    {"owner_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_users},
    {"due_on", FIELD_DATE, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {"status", FIELD_ENUM, 0, 0, 0, task_statuses, NULL},
    {"outcome", FIELD_TEXT, 0, 1, 4000, NULL, NULL},
    {"title", FIELD_TEXT, FIELD_REQUIRED, 1, 200, NULL, NULL},
    {"notes", FIELD_TEXT, 0, 0, 4000, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

/* A new task is open and, unless someone else is named, the creator's. */
static void task_defaults(Request *req, json_t *input) {
  if (!json_object_get(input, "status")) json_object_set_new(input, "status", json_string("open"));
  if (!json_object_get(input, "owner_id")) json_object_set_new(input, "owner_id", json_integer(req->user.id));
}

static int task_check(Request *req, const json_t *record, Error *err) {
  static const AccountLink links[] = {{"contact_id", &store_contacts}, {"case_id", &store_cases}};
  if (strcmp(json_string_value(json_object_get(record, "status")), "done") == 0 &&
      !json_is_string(json_object_get(record, "outcome")))
    error_field(err, "outcome", "is required once the task is done: what came of it");
  resource_check_account_links(req, record, links, sizeof links / sizeof links[0], err);
  return error_has_fields(err) ? -1 : 0;
}

/* completed_at is when the task left open, cleared if it is reopened. */
static void task_derive(Request *req, const json_t *before, json_t *record) {
  int open_now = strcmp(json_string_value(json_object_get(record, "status")), "open") == 0;
  int open_before = !before || strcmp(json_string_value(json_object_get(before, "status")), "open") == 0;
  if (open_now) json_object_set_new(record, "completed_at", json_null());
  else if (open_before) json_object_set_new(record, "completed_at", json_string(req->now));
}

const ResourceDef task_resource = {
    .table = &store_tasks,
    .path = "/api/v1/tasks",
    .fields = task_fields,
    .read_only = task_read_only,
    .defaults = task_defaults,
    .check = task_check,
    .derive = task_derive,
};

int tasks_create(Request *req, Response *res, Error *err) { return resource_create(&task_resource, req, res, err); }
int tasks_get(Request *req, Response *res, Error *err) { return resource_get(&task_resource, req, res, err); }
int tasks_patch(Request *req, Response *res, Error *err) { return resource_patch(&task_resource, req, res, err); }

static int query_tasks(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  TaskFilter f = {0};
  if (api_query_id(q, "owner_id", &f.owner_id, err) || api_query_id(q, "account_id", &f.account_id, err) ||
      api_query_choice(q, "status", task_statuses, &f.status, err) ||
      api_query_choice(q, "kind", task_kinds, &f.kind, err))
    return -1;
  return store_tasks_list(req->db, &f, after, limit, page, err);
}

int tasks_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"owner_id", "account_id", "status", "kind", NULL};
  return api_list(req, res, allowed, query_tasks, err);
}
