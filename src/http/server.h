/* The HTTP server: one h2o event loop per thread on a shared port
 * (SO_REUSEPORT). Fast reads on SQLite run on the loop; writes on SQLite go to
 * one writer thread that commits them in groups; everything on PostgreSQL and
 * every slow request goes to a worker pool. */
#ifndef FORGEDESK_SERVER_H
#define FORGEDESK_SERVER_H

#include "http/scheduler.h"
#include "store/store.h"
#include "util/error.h"

typedef struct ServerOptions {
  const char *db_url;
  const char *host;
  int port;
  int threads; /* event loops; 0 = one per core */
  SchedulerOptions scheduler; /* its db_url is db_url */
  const char *lmtp_host;      /* serve LMTP here too (docs/MAIL.md), or NULL */
  int lmtp_port;
  const char *tls_cert, *tls_key; /* PEM files: serve HTTPS only (docs/SECURITY.md), or NULL */
} ServerOptions;

/* A piece of work for the store, run inside a write transaction (or a
 * savepoint of one): returns 0, or -1 with err set to roll it back. */
typedef int (*StoreWork)(Db *db, void *ctx, Error *err);
/* On SQLite, while serving: runs work in the writer thread's next group
 * commit and waits until that commit is durable (or failed). Returns work's
 * result, or -1 with err set when the group could not commit. */
int server_write(StoreWork work, void *ctx, Error *err);

/* Serves, with the SLA scheduler running beside the loops, until SIGINT or
 * SIGTERM. Returns 0 after a clean stop, -1 with err
 * set when the server could not start. */
int server_run(const ServerOptions *opts, Error *err);

#endif
