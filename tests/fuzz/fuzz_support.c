/* The fuzz targets' shared store and request runner; see fuzz_support.h. */
#include "fuzz_support.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "http/session.h"

static Db *db;

static void die(const char *what, const Error *err) {
  fprintf(stderr, "fuzz: %s: %s\n", what, err && err->detail ? err->detail : "failed");
  abort();
}

/* The id of the demo user called username. */
static int64_t user_id(const char *username) {
  Error err = ERROR_INIT;
  json_t *user = NULL;
  if (store_user_credentials(db, username, &user, &err) || !user) die(username, &err);
  int64_t id = json_integer_value(json_object_get(user, "id"));
  json_decref(user);
  return id;
}

/* A bearer token for username under the fixed secret token. */
static void add_token(const char *username, const char *token, const char *now) {
  Error err = ERROR_INIT;
  char hash[SESSION_HASH_HEX];
  int64_t token_id = 0;
  session_hash_token(token, hash);
  if (store_token_insert(db, user_id(username), "fuzz", hash, now, &token_id, &err)) die("token", &err);
}

/* The admin's and the quality manager's bearer tokens and the admin's
 * cookie session, under the fixed secrets. */
static void add_principals(const char *now) {
  Error err = ERROR_INIT;
  char hash[SESSION_HASH_HEX], expires[TIME_TEXT_SIZE];
  time_t t;
  time_parse(now, &t);
  time_format(t + 100 * 24 * 3600, expires); /* outlives any fuzzing run */
  if (store_begin_write(db, &err)) die("begin", &err);
  add_token("admin", FUZZ_BEARER_TOKEN, now);
  add_token("grace.okafor", FUZZ_QUALITY_TOKEN, now);
  session_hash_token(FUZZ_SESSION_TOKEN, hash);
  if (store_session_insert(db, hash, user_id("admin"), FUZZ_CSRF_TOKEN, now, expires, &err) || store_commit(db, &err))
    die("session", &err);
}

static int64_t survey_invitation; /* the one FUZZ_SURVEY_TOKEN opens */

/* Gives invitation id the link whose token is token. */
static void link_invitation(int64_t id, const char *token, const char *now) {
  Error err = ERROR_INIT;
  char hash[SESSION_HASH_HEX];
  session_hash_token(token, hash);
  if (store_begin_write(db, &err) || store_survey_invitation_link(db, id, hash, now, &err) || store_commit(db, &err))
    die("survey link", &err);
}

void fuzz_survey_link_renew(void) {
  char now[TIME_TEXT_SIZE], retired[SESSION_TOKEN_TEXT];
  time_now_text(now);
  if (survey_invitation) { /* the answered one keeps a link nobody knows */
    session_new_token(retired);
    link_invitation(survey_invitation, retired, now);
  }
  static const char body[] = "{\"survey_id\": 1, \"contact_id\": 1, \"delivery\": \"link\"}";
  Request *req = fuzz_request(HTTP_POST, "/api/v1/survey-invitations", "", (const uint8_t *)body, strlen(body));
  req->content_type = strdup("application/json");
  req->authorization = strdup("Bearer " FUZZ_BEARER_TOKEN);
  int status = 0;
  req->route = router_match(req->method, req->path, &req->id, &status);
  Response res = {0};
  dispatch_run(req, db, 0, &res);
  if (res.status != 201) die("survey invitation", &(Error){.detail = (char *)buffer_cstr(response_body(&res))});
  survey_invitation = json_integer_value(json_object_get(res.json, "id"));
  response_free(&res);
  request_free(req);
  link_invitation(survey_invitation, FUZZ_SURVEY_TOKEN, now);
}

/* Copies the file from to the new file to. */
static void copy_file(const char *from, const char *to) {
  Buffer data = BUFFER_INIT;
  FILE *out = fopen(to, "wb");
  if (cli_read_file(from, &data) || !out || fwrite(data.data, 1, data.len, out) != data.len || fclose(out))
    die("copying the demo store", NULL);
  buffer_free(&data);
}

/* The demo company, made once into FUZZ_DEMO_CACHE-<schema version>.db
 * (it takes seconds) and copied from there into path: every process fuzzes
 * a copy of its own. */
static void demo_store(const char *path) {
  Buffer cache = BUFFER_INIT, fresh = BUFFER_INIT, url = BUFFER_INIT;
  buffer_printf(&cache, "%s-%d.db", FUZZ_DEMO_CACHE, store_latest_schema_version());
  if (access(buffer_cstr(&cache), R_OK) != 0) {
    buffer_printf(&fresh, "%s.%d", buffer_cstr(&cache), (int)getpid());
    buffer_printf(&url, "sqlite:%s", buffer_cstr(&fresh));
    char *argv[] = {"demo", "--db", (char *)buffer_cstr(&url), NULL};
    fflush(stdout);
    int saved = dup(STDOUT_FILENO), quiet = open("/dev/null", O_WRONLY); /* the demo's summary */
    dup2(quiet, STDOUT_FILENO);
    int code = cmd_demo(3, argv);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved), close(quiet);
    if (code != EXIT_OK || rename(buffer_cstr(&fresh), buffer_cstr(&cache)) != 0) /* whole, or not at all */
      die("demo", NULL);
  }
  copy_file(buffer_cstr(&cache), path);
  buffer_free(&cache), buffer_free(&fresh), buffer_free(&url);
}

static char path[] = "/tmp/forgedesk-fuzz-XXXXXX";

/* At exit: the store's copy and SQLite's files beside it. (While the store
 * is open its file must stay: SQLite refuses to write to a moved one.) */
static void remove_store(void) {
  store_close(db);
  char side[sizeof path + 8];
  unlink(path);
  snprintf(side, sizeof side, "%s-wal", path);
  unlink(side);
  snprintf(side, sizeof side, "%s-shm", path);
  unlink(side);
}

Db *fuzz_store(void) {
  if (db) return db;
  int fd = mkstemp(path);
  if (fd < 0) die("temporary store", NULL);
  close(fd);
  demo_store(path);
  char url[64];
  snprintf(url, sizeof url, "sqlite:%s", path);
  Error err = ERROR_INIT;
  int from = 0, to = 0;
  if (store_open(url, &db, &err) || store_migrate(db, &from, &to, &err)) die("store", &err);
  char now[TIME_TEXT_SIZE];
  time_now_text(now);
  add_principals(now);
  fuzz_survey_link_renew();
  atexit(remove_store);
  return db;
}

Request *fuzz_request(HttpMethod method, const char *path, const char *query, const uint8_t *body, size_t len) {
  Request *req = calloc(1, sizeof *req);
  if (!req) abort();
  req->method = method;
  req->path = strdup(path);
  req->query = strdup(query);
  req->body = malloc(len + 1);
  if (!req->path || !req->query || !req->body) abort();
  if (len) memcpy(req->body, body, len);
  req->body[len] = '\0';
  req->body_len = len;
  snprintf(req->peer, sizeof req->peer, "192.0.2.1");
  return req;
}

char *fuzz_text(const uint8_t *data, size_t len) {
  if (!data) return NULL;
  char *s = strndup((const char *)data, len);
  if (!s) abort();
  return s;
}

void fuzz_split(const uint8_t *data, size_t size, const uint8_t **parts, size_t *lens, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const uint8_t *nl = i + 1 < n && data ? memchr(data, '\n', size) : NULL;
    parts[i] = data;
    lens[i] = nl ? (size_t)(nl - data) : data ? size : 0;
    if (nl) {
      size -= (size_t)(nl - data) + 1;
      data = nl + 1;
    } else {
      data = NULL;
    }
  }
}

int fuzz_run(Request *req) {
  Db *store = fuzz_store();
  Response res = {0};
  int status = 0;
  req->route = router_match(req->method, req->path, &req->id, &status);
  if (!req->route)
    router_allowed_methods(req->path, &res.body);
  else if (req->route->flags & (ROUTE_NO_STORE | ROUTE_OWN_TRANSACTION)) {
    dispatch_run(req, store, 0, &res);
  } else {
    Error err = ERROR_INIT;
    if (store_begin_write(store, &err)) die("begin", &err);
    dispatch_run(req, store, 1, &res);
    store_rollback(store);
  }
  Buffer *body = response_body(&res);
  int problem = res.content_type && strcmp(res.content_type, "application/problem+json") == 0;
  if (res.status >= 500 || (res.status >= 400 && !problem)) {
    fprintf(stderr, "fuzz: %s %s?%s answered %d: %s\n", http_method_name(req->method), req->path, req->query,
            res.status, buffer_cstr(body));
    abort();
  }
  status = res.status;
  response_free(&res);
  request_free(req);
  return status;
}
