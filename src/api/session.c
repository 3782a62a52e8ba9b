/* Signing in and out. A sign-in checks the password with argon2id outside any
 * transaction, counts failures per account and per client address, and after
 * five within 15 minutes refuses further attempts (429; api/throttle.h). */
#include <stdio.h>
#include <string.h>

#include "api/staff.h"
#include "api/throttle.h"
#include "http/session.h"

/* Five failures in 15 minutes, per account and per client address. */
static const ThrottleRule signin_rule = {5, 15 * 60, "Too many failed sign-ins",
                                         "too many failed sign-ins for this account or address; try again in 15 minutes"};

static const FieldSpec sign_in_fields[] = {
    {"username", FIELD_TEXT, FIELD_REQUIRED, 1, 64, NULL, NULL},
    {"password", FIELD_TEXT, FIELD_REQUIRED, 1, 200, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

static int open_session(Request *req, const ThrottleAttempt *k, const json_t *user, Response *res, Error *err) {
  char token[SESSION_TOKEN_TEXT], csrf[SESSION_TOKEN_TEXT], hash[SESSION_HASH_HEX], expires[TIME_TEXT_SIZE];
  session_new_token(token);
  session_new_token(csrf);
  session_hash_token(token, hash);
  time_t now;
  time_parse(req->now, &now);
  time_format(now + SESSION_LIFETIME_SECONDS, expires);
  int64_t user_id = json_integer_value(json_object_get(user, "id"));
  int rc = store_begin_write(req->db, err);
  if (!rc) rc = store_signin_failures_clear(req->db, k->keys[0], err);
  if (!rc) rc = store_session_insert(req->db, hash, user_id, csrf, req->now, expires, err);
  if (rc) {
    store_rollback(req->db);
    return -1;
  }
  if (store_commit(req->db, err)) return -1;
  Buffer cookie = BUFFER_INIT;
  buffer_printf(&cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", SESSION_COOKIE, token,
                SESSION_LIFETIME_SECONDS, req->secure ? "; Secure" : "");
  res->set_cookie = buffer_take(&cookie);
  json_t *shown = json_pack("{s:O, s:O, s:O, s:O}", "id", json_object_get(user, "id"), "username",
                            json_object_get(user, "username"), "display_name", json_object_get(user, "display_name"),
                            "role", json_object_get(user, "role"));
  api_send_json(res, 200, json_pack("{s:o, s:s}", "user", shown, "csrf_token", csrf));
  return 0;
}

int session_sign_in(Request *req, Response *res, Error *err) {
  json_t *input = NULL, *user = NULL;
  int rc = api_read_body(req, &input, err);
  if (!rc) rc = api_validate(req->db, input, sign_in_fields, NULL, 0, err);
  if (rc) {
    json_decref(input);
    return -1;
  }
  const char *username = json_string_value(json_object_get(input, "username"));
  const char *password = json_string_value(json_object_get(input, "password"));
  ThrottleAttempt k; /* the account's key first: a success clears it */
  throttle_attempt_init(&k, &signin_rule, req->now);
  throttle_attempt_key(&k, "user", username);
  throttle_attempt_key(&k, "addr", req->peer);
  rc = throttle_check(req, &k, res, err);
  if (!rc) rc = store_user_credentials(req->db, username, &user, err);
  if (!rc) {
    const char *hash = user ? json_string_value(json_object_get(user, "password_hash")) : NULL;
    int active = user && json_integer_value(json_object_get(user, "active"));
    int ok = hash ? session_check_password(hash, password) : (session_waste_password_check(password), 0);
    if (ok && active) {
      rc = open_session(req, &k, user, res, err);
    } else {
      rc = throttle_record_failure(req, &k, err);
      if (!rc) rc = error_set(err, 401, "Unauthorized", "wrong username or password");
    }
  }
  json_decref(user);
  json_decref(input);
  return rc;
}

int session_current(Request *req, Response *res, Error *err) {
  (void)err;
  json_t *body = json_pack("{s:O}", "user", req->user.user);
  json_object_set_new(body, "csrf_token", req->user.csrf_token ? json_string(req->user.csrf_token) : json_null());
  api_send_json(res, 200, body);
  return 0;
}

int session_sign_out(Request *req, Response *res, Error *err) {
  if (req->user.session_key && store_session_delete(req->db, req->user.session_key, err)) return -1;
  Buffer cookie = BUFFER_INIT;
  buffer_printf(&cookie, "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s", SESSION_COOKIE,
                req->secure ? "; Secure" : "");
  res->set_cookie = buffer_take(&cookie);
  res->status = 204;
  return 0;
}
