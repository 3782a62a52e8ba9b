/* Sign-in data: password hashes, browser sessions, API tokens and the
 * counters that throttle failed sign-ins. Tokens are stored only as hashes. */
#include "store/store_internal.h"

static const char sql_user_credentials[] =
    "SELECT id, username, display_name, role, active, password_hash FROM users WHERE username = $1";
static const char sql_user_set_password[] =
    "UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3";
static const char sql_team_by_name[] = "SELECT id FROM teams WHERE name = $1";
static const char sql_session_insert[] =
    "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) "
    "VALUES ($1, $2, $3, $4, $4, $5)";
#define PRINCIPAL_COLUMNS "u.id, u.username, u.display_name, u.role, u.team_id, u.manager_id"
static const char sql_session_principal[] =
    "SELECT " PRINCIPAL_COLUMNS ", s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id "
    "WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1";
static const char sql_token_principal[] =
    "SELECT " PRINCIPAL_COLUMNS " FROM api_tokens t JOIN users u ON u.id = t.user_id "
    "WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active = 1";
static const char sql_session_delete[] = "DELETE FROM sessions WHERE token_hash = $1";
static const char sql_sessions_delete_for_user[] = "DELETE FROM sessions WHERE user_id = $1";
static const char sql_token_insert[] =
    "INSERT INTO api_tokens (user_id, label, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id";
static const char sql_token_revoke[] =
    "UPDATE api_tokens SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL";
static const char sql_failures_get[] =
    "SELECT failures FROM signin_failures WHERE throttle_key = $1 AND window_start >= $2";
/* A failure either starts a new window (when the old one has lapsed) or counts in it. */
static const char sql_failure_add[] =
    "INSERT INTO signin_failures (throttle_key, failures, window_start) VALUES ($1, 1, $3) "
    "ON CONFLICT (throttle_key) DO UPDATE SET "
    "failures = CASE WHEN signin_failures.window_start >= $2 THEN signin_failures.failures + 1 ELSE 1 END, "
    "window_start = CASE WHEN signin_failures.window_start >= $2 THEN signin_failures.window_start ELSE $3 END";
static const char sql_failures_clear[] = "DELETE FROM signin_failures WHERE throttle_key = $1";

int store_user_credentials(Db *db, const char *username, json_t **out, Error *err) {
  DbParam p[] = {DB_TEXT(username)};
  return db_fetch_one(db, sql_user_credentials, p, 1, out, err);
}

int store_user_set_password(Db *db, int64_t id, const char *password_hash, const char *now, Error *err) {
  DbParam p[] = {DB_TEXT(password_hash), DB_TEXT(now), DB_INT(id)};
  return db_exec(db, sql_user_set_password, p, 3, NULL, err);
}

int store_team_by_name(Db *db, const char *name, int64_t *id, Error *err) {
  DbParam p[] = {DB_TEXT(name)};
  int found = 0;
  *id = 0;
  if (db_fetch_int(db, sql_team_by_name, p, 1, id, &found, err)) return -1;
  if (!found) *id = 0;
  return 0;
}

int store_session_insert(Db *db, const char *token_hash, int64_t user_id, const char *csrf_token, const char *now,
                         const char *expires_at, Error *err) {
  DbParam p[] = {DB_TEXT(token_hash), DB_INT(user_id), DB_TEXT(csrf_token), DB_TEXT(now), DB_TEXT(expires_at)};
  return db_exec(db, sql_session_insert, p, 5, NULL, err);
}

int store_session_principal(Db *db, const char *token_hash, const char *now, json_t **out, Error *err) {
  DbParam p[] = {DB_TEXT(token_hash), DB_TEXT(now)};
  return db_fetch_one(db, sql_session_principal, p, 2, out, err);
}

int store_token_principal(Db *db, const char *token_hash, json_t **out, Error *err) {
  DbParam p[] = {DB_TEXT(token_hash)};
  return db_fetch_one(db, sql_token_principal, p, 1, out, err);
}

int store_session_delete(Db *db, const char *token_hash, Error *err) {
  DbParam p[] = {DB_TEXT(token_hash)};
  return db_exec(db, sql_session_delete, p, 1, NULL, err);
}

int store_sessions_delete_for_user(Db *db, int64_t user_id, Error *err) {
  DbParam p[] = {DB_INT(user_id)};
  return db_exec(db, sql_sessions_delete_for_user, p, 1, NULL, err);
}

int store_token_insert(Db *db, int64_t user_id, const char *label, const char *token_hash, const char *now,
                       int64_t *id, Error *err) {
  DbParam p[] = {DB_INT(user_id), DB_TEXT(label), DB_TEXT(token_hash), DB_TEXT(now)};
  if (db_insert(db, sql_token_insert, p, 4, id, err)) return -1;
  return *id ? 0 : error_set(err, 500, "Store error", "token insert returned no id");
}

int store_token_revoke(Db *db, const char *token_hash, const char *now, int *found, Error *err) {
  DbParam p[] = {DB_TEXT(now), DB_TEXT(token_hash)};
  int64_t changed = 0;
  if (db_exec(db, sql_token_revoke, p, 2, &changed, err)) return -1;
  *found = changed > 0;
  return 0;
}

int store_signin_failures(Db *db, const char *key, const char *window_start, int64_t *failures, Error *err) {
  DbParam p[] = {DB_TEXT(key), DB_TEXT(window_start)};
  int found = 0;
  if (db_fetch_int(db, sql_failures_get, p, 2, failures, &found, err)) return -1;
  if (!found) *failures = 0;
  return 0;
}

int store_signin_failure_add(Db *db, const char *key, const char *window_start, const char *now, Error *err) {
  DbParam p[] = {DB_TEXT(key), DB_TEXT(window_start), DB_TEXT(now)};
  return db_exec(db, sql_failure_add, p, 3, NULL, err);
}

int store_signin_failures_clear(Db *db, const char *key, Error *err) {
  DbParam p[] = {DB_TEXT(key)};
  return db_exec(db, sql_failures_clear, p, 1, NULL, err);
}

static const char sql_idempotency_get[] =
    "SELECT request_hash, status, location, response FROM idempotency_keys WHERE user_id = $1 AND idem_key = $2";
static const char sql_idempotency_put[] =
    "INSERT INTO idempotency_keys (user_id, idem_key, request_hash, status, location, response, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)";

int store_idempotency_get(Db *db, int64_t user_id, const char *key, json_t **out, Error *err) {
  DbParam p[] = {DB_INT(user_id), DB_TEXT(key)};
  return db_fetch_one(db, sql_idempotency_get, p, 2, out, err);
}

int store_idempotency_put(Db *db, int64_t user_id, const char *key, const char *request_hash, int status,
                          const char *location, const char *response, const char *now, Error *err) {
  DbParam p[] = {DB_INT(user_id),  DB_TEXT(key),      DB_TEXT(request_hash), DB_INT(status),
                 DB_TEXT(location), DB_TEXT(response), DB_TEXT(now)};
  return db_exec(db, sql_idempotency_put, p, 7, NULL, err);
}
