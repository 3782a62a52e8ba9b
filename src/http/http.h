/* The request and response as handlers see them: plain C structs copied out
 * of h2o, so a handler runs the same on an event-loop thread or a worker.
 * Also the route table's shape, shared by the router, the OpenAPI check and
 * the permission docs. */
#ifndef FORGEDESK_HTTP_H
#define FORGEDESK_HTTP_H

#include <jansson.h>
#include <stdint.h>

#include "core/policy.h"
#include "store/store.h"
#include "util/buffer.h"
#include "util/error.h"
#include "util/timeutil.h"

typedef enum { HTTP_GET, HTTP_POST, HTTP_PATCH, HTTP_PUT, HTTP_DELETE, HTTP_OTHER } HttpMethod;

/* The signed-in user behind a request. */
typedef struct Principal {
  int64_t id; /* 0 when nobody is signed in */
  Role role;
  json_t *user;      /* owned: {id, username, display_name, role, team_id, manager_id} */
  char *csrf_token;  /* owned; set for cookie sessions, NULL for bearer tokens */
  char *session_key; /* owned hash of the session cookie, for sign-out */
} Principal;

typedef struct Route Route;

typedef struct Request {
  HttpMethod method;
  char *path;  /* owned, without the query */
  char *query; /* owned, raw query string without '?', "" when none */
  int64_t id;  /* the {id} of the path, 0 when the route has none */
  char *body;  /* owned, NUL-terminated */
  size_t body_len;
  char *content_type, *if_match, *idempotency_key, *cookie, *authorization, *csrf_header; /* owned or NULL */
  char peer[64]; /* client address, for throttling */
  int secure;    /* arrived over TLS */
  int no_cache;  /* Cache-Control: no-cache: a kept answer may not be used */
  int made_cases_due; /* set by a handler whose change makes cases' clocks due now: the scheduler passes at once,
                         once the change has committed */
  const Route *route;
  /* Set by the dispatcher before the handler runs: */
  Db *db;
  Principal user;
  AuditActor actor;
  char now[TIME_TEXT_SIZE];
} Request;

typedef struct Response {
  int status;
  Buffer body;              /* read it through response_body() */
  json_t *json;             /* owned or NULL: a JSON body not yet in body */
  const char *content_type; /* static */
  char *location;           /* owned or NULL */
  char *set_cookie;         /* owned or NULL */
  char *allow;              /* owned or NULL: the Allow header of a 405 */
  int64_t etag_version;     /* > 0 adds ETag: "<version>" */
  int retry_after;          /* > 0 adds Retry-After */
  char *disposition;        /* owned or NULL: a download (Content-Disposition), sandboxed by a CSP */
  const char *cache_status; /* static or NULL: the Cache-Status header (RFC 9211) of a ROUTE_CACHED answer */
} Response;

/* A handler reads req, fills res and returns 0; or returns -1 with err set,
 * and the dispatcher answers with problem+json and rolls back. */
typedef int (*Handler)(Request *req, Response *res, Error *err);

enum {
  ROUTE_OWN_TRANSACTION = 1, /* the handler opens its own transactions (sign-in) */
  ROUTE_NO_STORE = 2,        /* answers without touching the database */
  ROUTE_CACHED = 4,          /* a report whose answer depends only on the data, the asker and the day:
                                kept in the answer cache (answer_cache.h) */
};

struct Route {
  HttpMethod method;
  const char *path; /* pattern; "{id}" matches a positive integer */
  Handler handler;
  Permission permission;
  unsigned flags;
  const char *summary;
};

extern const Route api_routes[];
extern const int api_route_count;

const char *http_method_name(HttpMethod m);
HttpMethod http_method_parse(const char *name, size_t len);

/* Finds the route for method and path. Returns the route, or NULL with
 * *status 404 (no such path) or 405 (path exists, method does not); *id
 * receives the {id} segment. */
const Route *router_match(HttpMethod method, const char *path, int64_t *id, int *status);
/* Appends to out the methods the route table has for path, comma-separated in
 * table order ("GET, POST"): the Allow header of a 405. */
void router_allowed_methods(const char *path, Buffer *out);

/* Runs one request to completion on the connection db: authentication,
 * permission, CSRF, idempotency, the handler, the audit trail, all inside one
 * transaction (or savepoint when in_group is set: the caller commits). */
void dispatch_run(Request *req, Db *db, int in_group, Response *res);
/* Serialises body (reference taken) into res with status and content type. */
void http_send_json(Response *res, int status, json_t *body, const char *content_type);
/* Writes err as application/problem+json into res; a 503 or 507 (the store
 * busy, unreachable, read-only or full) also says Retry-After. */
void http_problem(Response *res, const Error *err);
/* Frees what a request and a response own. */
void request_free(Request *req);
void response_free(Response *res);
/* The body, serialising a JSON body first. http_send_json only keeps the
 * JSON, so the serialising happens on the thread that sends the answer (an
 * event loop), not on the one writer thread every SQLite write waits for. */
Buffer *response_body(Response *res);

#endif
