/* Installed assets at customer sites (serial, model, install date) and their
 * service history. */
#include <stdio.h>
#include <string.h>

#include "api/crm.h"

static const char *const asset_read_only[] = {"id", "service_events", "created_at", "updated_at", "version", NULL};
static const FieldSpec asset_fields[] = {
    {"account_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_accounts},
    {"part_id", FIELD_REF, 0, 0, 0, NULL, &store_parts},
    {"serial", FIELD_TEXT, FIELD_REQUIRED, 1, 100, NULL, NULL},
    {"model", FIELD_TEXT, 0, 0, 200, NULL, NULL},
    {"site", FIELD_TEXT, 0, 0, 200, NULL, NULL},
    {"installed_on", FIELD_DATE, 0, 0, 0, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};
static const char *const event_kinds[] = {"installation", "service", "repair", "inspection", "calibration", NULL};
static const char *const event_read_only[] = {"id", "asset_id", "created_at", NULL};
static const FieldSpec event_fields[] = {
    {"occurred_on", FIELD_DATE, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {"kind", FIELD_ENUM, FIELD_REQUIRED, 0, 0, event_kinds, NULL},
    {"summary", FIELD_TEXT, FIELD_REQUIRED, 1, 4000, NULL, NULL},
    {"user_id", FIELD_REF, 0, 0, 0, NULL, &store_users},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

static int asset_decorate(Request *req, json_t *record, Error *err) {
  json_t *events = NULL;
  if (store_asset_events(req->db, json_integer_value(json_object_get(record, "id")), &events, err)) return -1;
  json_object_set_new(record, "service_events", events);
  return 0;
}

const ResourceDef asset_resource = {
    .table = &store_assets,
    .path = "/api/v1/assets",
    .fields = asset_fields,
    .read_only = asset_read_only,
    .decorate = asset_decorate,
};

int assets_create(Request *req, Response *res, Error *err) { return resource_create(&asset_resource, req, res, err); }
int assets_get(Request *req, Response *res, Error *err) { return resource_get(&asset_resource, req, res, err); }
int assets_patch(Request *req, Response *res, Error *err) { return resource_patch(&asset_resource, req, res, err); }

int assets_add_service_event(Request *req, Response *res, Error *err) {
  json_t *input = NULL, *event = NULL;
  int64_t id = 0;
  int exists = 0;
  int rc = store_record_exists(req->db, &store_assets, req->id, &exists, err);
  if (!rc && !exists) rc = error_set(err, 404, "Not found", "asset %lld does not exist", (long long)req->id);
  if (!rc) rc = api_read_body(req, &input, err);
  if (!rc && !json_object_get(input, "user_id")) json_object_set_new(input, "user_id", json_integer(req->user.id));
  if (!rc) rc = api_validate(req->db, input, event_fields, event_read_only, 0, err);
  if (!rc) rc = store_asset_event_insert(req->db, req->id, input, req->now, &id, err);
  if (!rc) rc = store_asset_event_get(req->db, id, &event, err);
  if (!rc) rc = resource_audit(req, "asset_service_event", id, "create", NULL, event, err);
  json_decref(input);
  if (rc) {
    json_decref(event);
    return -1;
  }
  Buffer location = BUFFER_INIT;
  buffer_printf(&location, "%s/%lld", asset_resource.path, (long long)req->id);
  res->location = buffer_take(&location);
  api_send_json(res, 201, event);
  return 0;
}

static int query_assets(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  int64_t account_id = 0;
  if (api_query_id(q, "account_id", &account_id, err)) return -1;
  return store_assets_list(req->db, account_id, after, limit, page, err);
}

int assets_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"account_id", NULL};
  return api_list(req, res, allowed, query_assets, err);
}
