/* Corrective and preventive actions (CAPA) raised from complaint cases: the
 * generic resource, with the check that an action was effective recorded
 * with who checked it and when. */
#include <string.h>

#include "api/complaints.h"
#include "core/case_workflow.h"

static const char *const capa_statuses[] = {"open", "in_progress", "done", NULL};
static const char *const capa_effectiveness[] = {"verified_effective", "not_effective", NULL};
static const char *const capa_read_only[] = {"id",          "owner_name",     "verified_at", "verified_by_id",
                                             "created_at",  "updated_at",     "version",     NULL};
static const FieldSpec capa_fields[] = {
    {"case_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_cases},
    {"title", FIELD_TEXT, FIELD_REQUIRED, 1, 200, NULL, NULL},
    {"description", FIELD_TEXT, 0, 0, 20000, NULL, NULL},
    {"owner_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_users},
    {"due_on", FIELD_DATE, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {"status", FIELD_ENUM, 0, 0, 0, capa_statuses, NULL},
    {"effectiveness", FIELD_ENUM, 0, 0, 0, capa_effectiveness, NULL},
    {"effectiveness_note", FIELD_TEXT, 0, 1, 2000, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

static void capa_defaults(Request *req, json_t *input) {
  (void)req;
  if (!json_object_get(input, "status")) json_object_set_new(input, "status", json_string("open"));
}

/* A CAPA belongs to a complaint case; its effectiveness is checked once it
 * is done, and the check says why. */
static int capa_check(Request *req, const json_t *record, Error *err) {
  json_t *kase = NULL;
  if (store_record_get(req->db, &store_cases, json_integer_value(json_object_get(record, "case_id")), &kase, err))
    return -1;
  const char *type = json_string_value(json_object_get(kase, "type"));
  if (!type || strcmp(type, case_type_name(CASE_COMPLAINT)) != 0)
    error_field(err, "case_id", "must be a complaint case");
  json_decref(kase);
  const json_t *effectiveness = json_object_get(record, "effectiveness");
  if (json_is_string(effectiveness)) {
    if (strcmp(json_string_value(json_object_get(record, "status")), "done") != 0)
      error_field(err, "effectiveness", "can be checked only once the CAPA is done");
    if (!json_is_string(json_object_get(record, "effectiveness_note")))
      error_field(err, "effectiveness_note", "is required with the effectiveness: what was checked");
  }
  return error_has_fields(err) ? -1 : 0;
}

/* A new or changed effectiveness check is stamped with who made it and when. */
static void capa_derive(Request *req, const json_t *before, json_t *record) {
  const json_t *now = json_object_get(record, "effectiveness");
  if (before && json_equal(json_object_get(before, "effectiveness"), now)) return;
  json_object_set_new(record, "verified_at", json_is_string(now) ? json_string(req->now) : json_null());
  json_object_set_new(record, "verified_by_id", json_is_string(now) ? json_integer(req->user.id) : json_null());
}

const ResourceDef capa_resource = {
    .table = &store_capas,
    .path = "/api/v1/capas",
    .fields = capa_fields,
    .read_only = capa_read_only,
    .defaults = capa_defaults,
    .check = capa_check,
    .derive = capa_derive,
};

int capas_create(Request *req, Response *res, Error *err) { return resource_create(&capa_resource, req, res, err); }
int capas_get(Request *req, Response *res, Error *err) { return resource_get(&capa_resource, req, res, err); }
int capas_patch(Request *req, Response *res, Error *err) { return resource_patch(&capa_resource, req, res, err); }

static int query_capas(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  CapaFilter f = {0};
  if (api_query_choice(q, "status", capa_statuses, &f.status, err) || api_query_id(q, "owner_id", &f.owner_id, err) ||
      api_query_id(q, "case_id", &f.case_id, err))
    return -1;
  return store_capas_list(req->db, &f, after, limit, page, err);
}

int capas_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"owner_id", "status", "case_id", NULL};
  return api_list(req, res, allowed, query_capas, err);
}
