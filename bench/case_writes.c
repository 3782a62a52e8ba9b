/* The writer's cost of creating a case, without HTTP: POST /api/v1/cases
 * requests run through dispatch_run exactly as the SQLite writer thread runs
 * them (GROUP requests in savepoints of one transaction, one commit each),
 * on one thread. What it prints bounds the rate the server can acknowledge
 * durable case creations at, since every SQLite write passes through that
 * one thread. Usage: bench_case_writes DB_URL TOKEN [CASES] [GROUP]
 * (defaults 20 000 and 64). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/http.h"
#include "store/store.h"
#include "util/timeutil.h"

static Request *case_request(const Route *route, const char *authorization, int n) {
  Request *req = calloc(1, sizeof *req);
  if (!req) abort();
  char body[256];
  int len = snprintf(body, sizeof body,
                     "{\"account_id\":42,\"type\":\"technical_support\",\"priority\":2,"
                     "\"subject\":\"Cylinder seal weeping after %d hours\",\"channel\":\"email\"}",
                     200 + n % 800);
  req->method = HTTP_POST;
  req->path = strdup("/api/v1/cases");
  req->query = strdup("");
  req->body = strdup(body);
  req->body_len = (size_t)len;
  req->content_type = strdup("application/json");
  req->authorization = strdup(authorization);
  if (!req->path || !req->query || !req->body || !req->content_type || !req->authorization) abort();
  strcpy(req->peer, "127.0.0.1");
  req->route = route;
  return req;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: bench_case_writes DB_URL TOKEN [CASES] [GROUP]\n");
    return 2;
  }
  int cases = argc > 3 ? atoi(argv[3]) : 20000, group = argc > 4 ? atoi(argv[4]) : 64;
  if (cases <= 0 || group <= 0) {
    fprintf(stderr, "bench_case_writes: CASES and GROUP must be positive\n");
    return 2;
  }
  int64_t id = 0;
  int status = 0;
  const Route *route = router_match(HTTP_POST, "/api/v1/cases", &id, &status);
  Db *db = NULL;
  Error err = ERROR_INIT;
  store_defer_checkpoints(); /* as serve does: checkpoints are another thread's work */
  if (!route || store_open(argv[1], &db, &err)) {
    fprintf(stderr, "bench_case_writes: %s\n", err.detail ? err.detail : "no route for POST /api/v1/cases");
    return 1;
  }
  char authorization[256];
  snprintf(authorization, sizeof authorization, "Bearer %s", argv[2]);
  int created = 0, failed = 0;
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (int done = 0; done < cases;) {
    if (store_begin_write(db, &err)) break;
    int in_group = cases - done < group ? cases - done : group;
    Response res[in_group];
    memset(res, 0, sizeof res);
    for (int i = 0; i < in_group; i++) {
      Request *req = case_request(route, authorization, done + i);
      dispatch_run(req, db, 1, &res[i]);
      request_free(req);
    }
    if (store_commit(db, &err)) break;
    for (int i = 0; i < in_group; i++) {
      if (res[i].status == 201) created++;
      else failed++;
      response_free(&res[i]);
    }
    done += in_group;
  }
  double elapsed = time_ms_since(&start) / 1e3;
  store_close(db);
  if (err.detail) {
    fprintf(stderr, "bench_case_writes: %s\n", err.detail);
    error_clear(&err);
    return 1;
  }
  printf("%d cases created (%d refused) in groups of %d: %.1f us a case, %.0f cases/s on one thread\n", created,
         failed, group, elapsed * 1e6 / cases, cases / elapsed);
  return failed ? 1 : 0;
}
