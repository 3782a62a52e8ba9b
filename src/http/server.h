/* The HTTP server: one h2o event loop per thread on a shared port
 * (SO_REUSEPORT). Fast reads on SQLite run on the loop; writes on SQLite go to
 * one writer thread that commits them in groups; everything on PostgreSQL and
 * every slow request goes to a worker pool. */
#ifndef FORGEDESK_SERVER_H
#define FORGEDESK_SERVER_H

#include "http/scheduler.h"
#include "util/error.h"

typedef struct ServerOptions {
  const char *db_url;
  const char *host;
  int port;
  int threads; /* event loops; 0 = one per core */
  SchedulerOptions scheduler; /* its db_url is db_url */
} ServerOptions;

/* Serves, with the SLA scheduler running beside the loops, until SIGINT or
 * SIGTERM. Returns 0 after a clean stop, -1 with err
 * set when the server could not start. */
int server_run(const ServerOptions *opts, Error *err);

#endif
