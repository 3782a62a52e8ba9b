/* Staff accounts and teams through the API. Creating and changing them is
 * for administrators; everyone signed in may see names and roles. Password
 * hashes never leave the store. */
#include <stdio.h>
#include <string.h>

#include "api/staff.h"
#include "http/session.h"

static const char *const roles[] = {"agent", "team_leader", "cs_manager", "quality_manager", "hr", "admin", "auditor",
                                    NULL};
static const char *const user_read_only[] = {"id", "created_at", "updated_at", "version", NULL};
static const FieldSpec user_fields[] = {
    {"username", FIELD_TEXT, FIELD_REQUIRED, 1, 64, NULL, NULL},
    {"display_name", FIELD_TEXT, FIELD_REQUIRED, 1, 200, NULL, NULL},
    {"email", FIELD_EMAIL, 0, 0, 0, NULL, NULL},
    {"role", FIELD_ENUM, FIELD_REQUIRED, 0, 0, roles, NULL},
    {"team_id", FIELD_REF, 0, 0, 0, NULL, &store_teams},
    {"manager_id", FIELD_REF, 0, 0, 0, NULL, &store_users},
    {"active", FIELD_BOOL, 0, 0, 0, NULL, NULL},
    {"password", FIELD_TEXT, FIELD_WRITE_ONLY, 8, 200, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

int staff_check_username(const char *username, Error *err) {
  for (const char *p = username; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-'))
      return error_field(err, "username", "may hold only a-z, 0-9, '.', '_' and '-'");
  return 0;
}

/* Users come out with "active" as a boolean, whatever the backend stores. */
static int user_decorate(Request *req, json_t *record, Error *err) {
  (void)req, (void)err;
  json_object_set_new(record, "active", json_boolean(json_integer_value(json_object_get(record, "active"))));
  return 0;
}

static int user_check(Request *req, const json_t *record, Error *err) {
  (void)req;
  staff_check_username(json_string_value(json_object_get(record, "username")), err);
  const json_t *manager = json_object_get(record, "manager_id"), *id = json_object_get(record, "id");
  if (json_is_integer(manager) && json_is_integer(id) && json_integer_value(manager) == json_integer_value(id))
    error_field(err, "manager_id", "a user cannot be their own line manager");
  return error_has_fields(err) ? -1 : 0;
}

static void user_defaults(Request *req, json_t *input) {
  (void)req;
  if (!json_object_get(input, "active")) json_object_set_new(input, "active", json_true());
}

static const ResourceDef user_resource = {
    .table = &store_users,
    .path = "/api/v1/users",
    .fields = user_fields,
    .read_only = user_read_only,
    .defaults = user_defaults,
    .check = user_check,
    .decorate = user_decorate,
};

/* Stores a new password for the user the request just created or changed;
 * a changed password signs the user out everywhere. */
static int apply_password(Request *req, int64_t user_id, const char *password, Error *err) {
  char *hash = session_hash_password(password);
  if (!hash) return error_set(err, 500, "Internal error", "cannot hash the password");
  int rc = store_user_set_password(req->db, user_id, hash, req->now, err);
  free(hash);
  if (!rc) rc = store_sessions_delete_for_user(req->db, user_id, err);
  return rc;
}

/* Takes the write-only password out of the body before the generic path sees it. */
static char *take_password(Request *req) {
  json_t *body = json_loadb(req->body, req->body_len, 0, NULL);
  const char *pw = json_string_value(json_object_get(body, "password"));
  char *password = pw ? strdup(pw) : NULL;
  json_decref(body);
  return password;
}

int users_create(Request *req, Response *res, Error *err) {
  char *password = take_password(req);
  int rc = resource_create(&user_resource, req, res, err);
  if (!rc && password) {
    rc = apply_password(req, json_integer_value(json_object_get(res->json, "id")), password, err);
  }
  free(password);
  return rc;
}

int users_patch(Request *req, Response *res, Error *err) {
  char *password = take_password(req);
  int rc = resource_patch(&user_resource, req, res, err);
  if (!rc && password) rc = apply_password(req, req->id, password, err);
  free(password);
  return rc;
}

int users_get(Request *req, Response *res, Error *err) { return resource_get(&user_resource, req, res, err); }

static int query_users(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  (void)q;
  if (store_users_list(req->db, after, limit, page, err)) return -1;
  size_t i;
  json_t *user;
  json_array_foreach(page->items, i, user) user_decorate(req, user, err);
  return 0;
}

int users_list(Request *req, Response *res, Error *err) { return api_list(req, res, NULL, query_users, err); }

static const char *const team_read_only[] = {"id", "created_at", "updated_at", "version", NULL};
static const FieldSpec team_fields[] = {
    {"name", FIELD_TEXT, FIELD_REQUIRED, 1, 200, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};
static const ResourceDef team_resource = {
    .table = &store_teams,
    .path = "/api/v1/teams",
    .fields = team_fields,
    .read_only = team_read_only,
};

int teams_create(Request *req, Response *res, Error *err) { return resource_create(&team_resource, req, res, err); }

static int query_teams(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  (void)q;
  return store_teams_list(req->db, after, limit, page, err);
}

int teams_list(Request *req, Response *res, Error *err) { return api_list(req, res, NULL, query_teams, err); }
