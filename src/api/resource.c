/* The generic life of a record through the API: create, read, change at a
 * known version, delete at a known version — each change written to the audit
 * trail with the record's state before and after. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"

int resource_audit(Request *req, const char *entity, int64_t id, const char *action, const json_t *before,
                   const json_t *after, Error *err) {
  return store_audit_append(req->db, &req->actor, entity, id, action, before, after, req->now, err);
}

int resource_check_account_links(Request *req, const json_t *record, const AccountLink *links, size_t n,
                                 Error *err) {
  int64_t account = json_integer_value(json_object_get(record, "account_id"));
  for (size_t i = 0; i < n; i++) {
    const json_t *id = json_object_get(record, links[i].field);
    if (!json_is_integer(id)) continue;
    json_t *linked = NULL;
    if (store_record_get(req->db, links[i].table, json_integer_value(id), &linked, err)) return -1;
    int same = linked && json_integer_value(json_object_get(linked, "account_id")) == account;
    json_decref(linked);
    if (!same) error_field(err, links[i].field, "belongs to another account");
  }
  return error_has_fields(err) ? -1 : 0;
}

int resource_load_stored(const ResourceDef *def, Request *req, int64_t id, json_t **out, Error *err) {
  if (store_record_get(req->db, def->table, id, out, err)) return -1;
  if (!*out) return error_set(err, 404, "Not found", "%s %lld does not exist", def->table->entity, (long long)id);
  return 0;
}

int resource_decorate(const ResourceDef *def, Request *req, json_t **record, Error *err) {
  if (def->decorate && def->decorate(req, *record, err)) {
    json_decref(*record);
    *record = NULL;
    return -1;
  }
  return 0;
}

int resource_load(const ResourceDef *def, Request *req, int64_t id, json_t **out, Error *err) {
  return resource_load_stored(def, req, id, out, err) || resource_decorate(def, req, out, err) ? -1 : 0;
}

/* Whether the stored record id is still at the version of record, so that
 * reading it again would give what record holds (tables whose every change
 * bumps the version say so with sql_version). */
static int still_stored(const ResourceDef *def, Request *req, int64_t id, const json_t *record, int *same, Error *err) {
  int64_t version = 0;
  int found = 0;
  *same = 0;
  if (!def->table->sql_version) return 0;
  if (store_record_version(req->db, def->table, id, &version, &found, err)) return -1;
  *same = found && version == json_integer_value(json_object_get(record, "version"));
  return 0;
}

/* Runs the resource's after_change hook on the stored *record, which may
 * change the stored record further (a case's allocation): it is then read
 * again unless its version says it was not, keeping what the hook added
 * that is not stored, so the audit entry and the answer show what was
 * stored; then decorates it. */
static int after_change(const ResourceDef *def, Request *req, int64_t id, const json_t *before, json_t **record,
                        Error *err) {
  int same = 0;
  if (def->after_change) {
    if (def->after_change(req, before, *record, err) || still_stored(def, req, id, *record, &same, err)) return -1;
  }
  if (def->after_change && !same) {
    json_t *changed = *record;
    *record = NULL;
    int rc = resource_load_stored(def, req, id, record, err);
    if (!rc) json_object_update_missing(*record, changed);
    json_decref(changed);
    if (rc) return -1;
  }
  return resource_decorate(def, req, record, err);
}

static void send_record(Response *res, int status, json_t *record) {
  res->etag_version = json_integer_value(json_object_get(record, "version"));
  api_send_json(res, status, record);
}

int resource_create(const ResourceDef *def, Request *req, Response *res, Error *err) {
  json_t *input = NULL, *record = NULL;
  int64_t id = 0;
  int rc = api_read_body(req, &input, err);
  if (!rc && def->defaults) def->defaults(req, input);
  if (!rc) rc = api_validate(req->db, input, def->fields, def->read_only, 0, err);
  if (!rc && def->check) rc = def->check(req, input, err);
  if (!rc && def->derive) def->derive(req, NULL, input);
  if (!rc) rc = store_record_insert(req->db, def->table, input, req->now, &id, err);
  if (!rc) rc = resource_load_stored(def, req, id, &record, err);
  if (!rc) rc = after_change(def, req, id, NULL, &record, err);
  if (!rc) rc = resource_audit(req, def->table->entity, id, "create", NULL, record, err);
  json_decref(input);
  if (rc) {
    json_decref(record);
    return -1;
  }
  api_send_created(res, def->path, id, record);
  return 0;
}

int resource_get(const ResourceDef *def, Request *req, Response *res, Error *err) {
  json_t *record = NULL;
  if (resource_load(def, req, req->id, &record, err)) return -1;
  send_record(res, 200, record);
  return 0;
}

/* The stored record with the patch applied: a null clears, a value replaces. */
static json_t *merge_patch(const json_t *before, const json_t *patch) {
  json_t *merged = json_deep_copy(before);
  const char *name;
  json_t *v;
  json_object_foreach((json_t *)patch, name, v) json_object_set(merged, name, v);
  return merged;
}

int resource_patch(const ResourceDef *def, Request *req, Response *res, Error *err) {
  int64_t version = 0;
  json_t *input = NULL, *before = NULL, *merged = NULL, *after = NULL;
  int rc = api_if_match(req, &version, err);
  if (!rc) rc = api_read_body(req, &input, err);
  if (!rc) rc = api_validate(req->db, input, def->fields, def->read_only, 1, err);
  if (!rc) rc = resource_load(def, req, req->id, &before, err);
  if (!rc) {
    merged = merge_patch(before, input);
    if (def->check) rc = def->check(req, merged, err);
    if (!rc && def->derive) def->derive(req, before, merged);
  }
  if (!rc) rc = store_record_update(req->db, def->table, req->id, version, merged, req->now, err);
  if (!rc) rc = resource_load_stored(def, req, req->id, &after, err);
  if (!rc) rc = after_change(def, req, req->id, before, &after, err);
  if (!rc) rc = resource_audit(req, def->table->entity, req->id, "update", before, after, err);
  json_decref(input);
  json_decref(before);
  json_decref(merged);
  if (rc) {
    json_decref(after);
    return -1;
  }
  send_record(res, 200, after);
  return 0;
}

int resource_delete(const ResourceDef *def, Request *req, Response *res, Error *err) {
  int64_t version = 0;
  json_t *before = NULL;
  int rc = api_if_match(req, &version, err);
  if (!rc) rc = resource_load(def, req, req->id, &before, err);
  if (!rc) rc = store_record_delete(req->db, def->table, req->id, version, err);
  if (!rc) rc = resource_audit(req, def->table->entity, req->id, "delete", before, NULL, err);
  json_decref(before);
  if (rc) return -1;
  res->status = 204;
  return 0;
}
