/* One request from start to finish, whatever thread runs it: who is asking
 * (session cookie or bearer token), may they (policy table), is a
 * state-changing browser request carrying its CSRF token, has this
 * Idempotency-Key been answered before, then the handler — all in one
 * transaction that is rolled back on any error. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "http/answer_cache.h"
#include "http/http.h"
#include "http/session.h"
#include "util/json_write.h"

/* Retry-After of an answer that the store could not serve for now. */
#define PROBLEM_RETRY_SECONDS 1

void http_send_json(Response *res, int status, json_t *body, const char *content_type) {
  buffer_reset(&res->body);
  json_decref(res->json);
  res->json = body;
  res->status = status;
  res->content_type = content_type;
}

void http_problem(Response *res, const Error *err) {
  int status = err->status ? err->status : 500;
  json_t *body = json_pack("{s:s, s:s, s:i, s:s}", "type", "about:blank", "title",
                           err->title ? err->title : "Internal error", "status", status, "detail",
                           err->detail ? err->detail : "");
  if (err->fields) json_object_set(body, "errors", err->fields);
  if (err->extra) json_object_update_missing(body, err->extra);
  http_send_json(res, status, body, "application/problem+json");
  /* the store is busy, unreachable or out of space: say when to try again */
  if ((status == 503 || status == 507) && res->retry_after <= 0) res->retry_after = PROBLEM_RETRY_SECONDS;
  free(res->location);
  res->location = NULL;
  free(res->disposition);
  res->disposition = NULL;
  res->etag_version = 0;
  res->cache_status = NULL;
}

static int is_state_changing(HttpMethod m) { return m != HTTP_GET; }

/* Finds who is asking; leaves req->user.id 0 when nobody is signed in. */
static int authenticate(Request *req, Error *err) {
  char *token = NULL;
  int via_cookie = 0;
  if (req->authorization && strncasecmp(req->authorization, "Bearer ", 7) == 0) {
    token = strdup(req->authorization + 7);
  } else if (req->cookie) {
    token = session_cookie_value(req->cookie);
    via_cookie = 1;
  }
  if (!token) return 0;
  char hash[SESSION_HASH_HEX];
  session_hash_token(token, hash);
  free(token);
  json_t *user = NULL;
  int rc = via_cookie ? store_session_principal(req->db, hash, req->now, &user, err)
                      : store_token_principal(req->db, hash, &user, err);
  if (rc || !user) return rc;
  const char *csrf = json_string_value(json_object_get(user, "csrf_token"));
  if (csrf) req->user.csrf_token = strdup(csrf);
  json_object_del(user, "csrf_token");
  if (via_cookie) req->user.session_key = strdup(hash);
  req->user.id = json_integer_value(json_object_get(user, "id"));
  if (policy_role_parse(json_string_value(json_object_get(user, "role")), &req->user.role)) {
    json_decref(user);
    req->user.id = 0;
    return error_set(err, 403, "Forbidden", "your account has an unknown role");
  }
  req->user.user = user;
  req->actor.id = req->user.id;
  req->actor.name = json_string_value(json_object_get(user, "username"));
  return 0;
}

static int authorise(Request *req, Error *err) {
  Permission perm = req->route->permission;
  if (perm == PERM_PUBLIC) return 0;
  if (!req->user.id) return error_set(err, 401, "Unauthorized", "sign in, or send an API token");
  if (!policy_allows(req->user.role, perm))
    return error_set(err, 403, "Forbidden", "the %s role may not %s", policy_role_name(req->user.role),
                     policy_permission_summary(perm));
  if (is_state_changing(req->method) && req->user.csrf_token) {
    const char *sent = req->csrf_header ? req->csrf_header : "";
    size_t n = strlen(req->user.csrf_token);
    if (strlen(sent) != n || sodium_memcmp(sent, req->user.csrf_token, n) != 0)
      return error_set(err, 403, "Forbidden", "missing or wrong X-CSRF-Token header for this session");
  }
  return 0;
}

/* Hash of what makes two POSTs "the same request" for an Idempotency-Key. */
static void request_fingerprint(const Request *req, char out[SESSION_HASH_HEX]) {
  unsigned char digest[32];
  crypto_generichash_state st;
  crypto_generichash_init(&st, NULL, 0, sizeof digest);
  crypto_generichash_update(&st, (const unsigned char *)req->path, strlen(req->path) + 1);
  crypto_generichash_update(&st, (const unsigned char *)req->body, req->body_len);
  crypto_generichash_final(&st, digest, sizeof digest);
  sodium_bin2hex(out, SESSION_HASH_HEX, digest, sizeof digest);
}

/* Answers from a stored response when this key was used before. Returns 1
 * when res was filled from the store, 0 to go on, -1 on error. */
static int replay_idempotent(Request *req, Response *res, const char *fingerprint, Error *err) {
  size_t len = strlen(req->idempotency_key);
  if (len == 0 || len > 200) return error_field(err, "Idempotency-Key", "must be 1 to 200 characters");
  json_t *seen = NULL;
  if (store_idempotency_get(req->db, req->user.id, req->idempotency_key, &seen, err)) return -1;
  if (!seen) return 0;
  int rc = 1;
  if (strcmp(json_string_value(json_object_get(seen, "request_hash")), fingerprint) != 0) {
    rc = error_set(err, 409, "Conflict", "this Idempotency-Key was already used for a different request");
  } else {
    res->status = (int)json_integer_value(json_object_get(seen, "status"));
    buffer_puts(&res->body, json_string_value(json_object_get(seen, "response")));
    const char *loc = json_string_value(json_object_get(seen, "location"));
    if (loc) res->location = strdup(loc);
    res->content_type = "application/json";
  }
  json_decref(seen);
  return rc;
}

/* What makes two requests to a ROUTE_CACHED route the same question: who
 * asks (what they may see), the day (reports count up to today), the path
 * and the query. */
static void answer_key(const Request *req, Buffer *key) {
  buffer_printf(key, "%lld %.10s %s?%s", (long long)req->user.id, req->now, req->path, req->query);
}

/* Runs a ROUTE_CACHED handler, or answers from the cache for the data the
 * transaction sees; asked not to, it computes afresh and keeps that. */
static int run_cached(Request *req, Response *res, Error *err) {
  unsigned char stamp[STORE_STAMP_BYTES];
  size_t stamp_len = 0;
  store_data_stamp(req->db, stamp, &stamp_len);
  Buffer key = BUFFER_INIT;
  answer_key(req, &key);
  int rc = 0;
  if (!req->no_cache && answer_cache_get(stamp, stamp_len, buffer_cstr(&key), res)) {
    res->cache_status = "forgedesk; hit";
  } else if ((rc = req->route->handler(req, res, err)) == 0) {
    /* [asked not to use the cache][kept] */
    static const char *const status[2][2] = {{"forgedesk; fwd=miss", "forgedesk; fwd=miss; stored"},
                                             {"forgedesk; fwd=request", "forgedesk; fwd=request; stored"}};
    int kept = answer_cache_put(stamp, stamp_len, buffer_cstr(&key), res);
    res->cache_status = stamp_len ? status[req->no_cache][kept] : "forgedesk; fwd=bypass";
  }
  buffer_free(&key);
  return rc;
}

static int run_handler(Request *req, Response *res, Error *err) {
  if (authenticate(req, err) || authorise(req, err)) return -1;
  if (req->route->flags & ROUTE_CACHED) return run_cached(req, res, err);
  int idempotent = req->method == HTTP_POST && req->idempotency_key && req->user.id;
  char fingerprint[SESSION_HASH_HEX];
  if (idempotent) {
    request_fingerprint(req, fingerprint);
    int seen = replay_idempotent(req, res, fingerprint, err);
    if (seen) return seen < 0 ? -1 : 0;
  }
  if (req->route->handler(req, res, err)) return -1;
  if (idempotent && res->status >= 200 && res->status < 300)
    return store_idempotency_put(req->db, req->user.id, req->idempotency_key, fingerprint, res->status,
                                 res->location, buffer_cstr(response_body(res)), req->now, err);
  return 0;
}

/* The store ends one of two transactions that deadlock (or cannot be
 * serialised) with "Store busy" (PostgreSQL's 40P01 and 40001). Rolled back
 * whole, a request's own transaction is run again this many times before
 * the client is told to retry: two writers meeting on the same rows is
 * ordinary traffic, not the client's problem. A request inside the SQLite
 * writer's group has no transaction of its own to run again. */
#define BUSY_RETRIES 3

static int busy_again(int in_group, const Error *err, int attempt) {
  return !in_group && err->status == 503 && err->title && strcmp(err->title, "Store busy") == 0 &&
         attempt < BUSY_RETRIES;
}

static void forget_principal(Request *req) {
  json_decref(req->user.user);
  free(req->user.csrf_token);
  free(req->user.session_key);
  req->user = (Principal){0};
  req->actor = (AuditActor){0, "anonymous"};
}

void dispatch_run(Request *req, Db *db, int in_group, Response *res) {
  Error err = ERROR_INIT;
  req->db = db;
  req->actor.name = "anonymous";
  time_now_text(req->now);
  res->status = 200;
  res->content_type = "application/json";
  if (req->route->flags & (ROUTE_NO_STORE | ROUTE_OWN_TRANSACTION)) {
    if (req->route->handler(req, res, &err)) http_problem(res, &err);
    error_clear(&err);
    return;
  }
  int rc = in_group ? store_savepoint(db, &err)
                    : (req->method == HTTP_GET ? store_begin_read(db, &err) : store_begin_write(db, &err));
  int failed = 0;
  for (int attempt = 0; rc == 0; attempt++) {
    failed = run_handler(req, res, &err);
    if (!failed || !busy_again(in_group, &err, attempt)) break;
    store_rollback(db);
    error_clear(&err);
    response_free(res);
    *res = (Response){.status = 200, .content_type = "application/json"};
    forget_principal(req); /* signed in again, in the new transaction */
    rc = req->method == HTTP_GET ? store_begin_read(db, &err) : store_begin_write(db, &err);
  }
  if (rc == 0) {
    if (failed) {
      if (in_group) store_rollback_to_savepoint(db);
      else store_rollback(db);
      http_problem(res, &err);
    } else if ((in_group ? store_release_savepoint(db, &err) : store_commit(db, &err)) != 0) {
      if (in_group) store_rollback_to_savepoint(db);
      http_problem(res, &err);
    }
  } else {
    http_problem(res, &err);
  }
  error_clear(&err);
}

void request_free(Request *req) {
  free(req->path);
  free(req->query);
  free(req->body);
  free(req->content_type);
  free(req->if_match);
  free(req->idempotency_key);
  free(req->cookie);
  free(req->authorization);
  free(req->csrf_header);
  forget_principal(req);
  free(req);
}

Buffer *response_body(Response *res) {
  if (res->json) {
    json_write(&res->body, res->json, 0);
    json_decref(res->json);
    res->json = NULL;
  }
  return &res->body;
}

void response_free(Response *res) {
  json_decref(res->json);
  buffer_free(&res->body);
  free(res->location);
  free(res->set_cookie);
  free(res->allow);
  free(res->disposition);
}
