/* `forgedesk kpi`: the report roll-ups (docs/ROLLUPS.md). `verify` compares
 * every roll-up bucket with the figures computed from the raw records;
 * `refresh` recomputes the buckets marked since (what serve's scheduler does
 * a batch at a time). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

#define VERIFY_SHOWN 20
#define VERIFY_THREADS 4
#define REFRESH_BATCH 1000000

/* The comparisons of a verify, shared by the threads that run them: each
 * takes the next part not yet taken, in a read transaction of its own (a
 * part is whole in itself), on a connection of its own. */
typedef struct Verify {
  const char *url;
  int parts, next, failed; /* next and failed: atomic */
  json_t **found;          /* each part's differing rows */
  int64_t *counts;
} Verify;

/* Runs parts until none is left or one failed; err set then. */
static int verify_parts(Verify *v, Db *db, Error *err) {
  for (;;) {
    if (__atomic_load_n(&v->failed, __ATOMIC_ACQUIRE)) return 0;
    int part = __atomic_fetch_add(&v->next, 1, __ATOMIC_ACQ_REL);
    if (part >= v->parts) return 0;
    int rc = store_begin_read(db, err) ||
             store_rollup_verify_part(db, part, VERIFY_SHOWN, v->found[part], &v->counts[part], err);
    store_rollback(db);
    if (rc) {
      __atomic_store_n(&v->failed, 1, __ATOMIC_RELEASE);
      return -1;
    }
  }
}

typedef struct VerifyHelper {
  Verify *v;
  pthread_t thread;
  int started, rc;
  Error err;
} VerifyHelper;

static void *verify_helper(void *arg) {
  VerifyHelper *h = arg;
  Db *db = NULL;
  /* A helper that cannot connect leaves its share to the others. */
  if (store_open(h->v->url, &db, &h->err)) {
    error_clear(&h->err);
    return NULL;
  }
  h->rc = verify_parts(h->v, db, &h->err);
  store_close(db);
  return NULL;
}

/* The comparisons run on as many connections as there are cores (at most
 * VERIFY_THREADS), the command's own and helpers': on a million cases each
 * of the larger roll-ups takes ten seconds or so of one core. */
static int verify(Db *db, const char *url) {
  Error err = ERROR_INIT;
  int64_t count = 0, pending = 0;
  int rc = EXIT_OK;
  if (store_begin_read(db, &err) || store_rollup_pending(db, &pending, &err)) {
    store_rollback(db);
    rc = cli_fail(&err);
    error_clear(&err);
    return rc;
  }
  store_rollback(db);
  Verify v = {.url = url, .parts = store_rollup_verify_parts()};
  v.found = calloc((size_t)v.parts, sizeof *v.found);
  v.counts = calloc((size_t)v.parts, sizeof *v.counts);
  if (!v.found || !v.counts) abort();
  for (int i = 0; i < v.parts; i++) v.found[i] = json_array();
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  int helpers = (int)(cores < 1 ? 0 : cores > VERIFY_THREADS ? VERIFY_THREADS - 1 : cores - 1);
  VerifyHelper h[VERIFY_THREADS] = {{0}};
  for (int i = 0; i < helpers; i++) {
    h[i].v = &v;
    h[i].started = pthread_create(&h[i].thread, NULL, verify_helper, &h[i]) == 0;
  }
  int failed = verify_parts(&v, db, &err);
  for (int i = 0; i < helpers; i++) {
    if (!h[i].started) continue;
    pthread_join(h[i].thread, NULL);
    if (h[i].rc && !failed) {
      failed = -1;
      error_clear(&err);
      err = h[i].err;
    } else {
      error_clear(&h[i].err);
    }
  }
  json_t *differences = json_array();
  for (int i = 0; i < v.parts; i++) {
    count += v.counts[i];
    size_t j;
    json_t *d;
    json_array_foreach(v.found[i], j, d) {
      if (json_array_size(differences) < VERIFY_SHOWN) json_array_append(differences, d);
    }
    json_decref(v.found[i]);
  }
  free(v.found);
  free(v.counts);
  if (failed) {
    rc = cli_fail(&err);
  } else if (count) {
    printf("roll-ups differ from the records: %lld rows (%lld buckets still marked, not compared)\n",
           (long long)count, (long long)pending);
    size_t i;
    json_t *d;
    json_array_foreach(differences, i, d) {
      char *row = json_dumps(json_object_get(d, "row"), JSON_COMPACT | JSON_SORT_KEYS);
      printf("  %s %s\n", json_string_value(json_object_get(d, "rollup")), row);
      free(row);
    }
    rc = EXIT_REJECTED;
  } else {
    printf("roll-ups match the records (%lld buckets still marked, not compared)\n", (long long)pending);
  }
  json_decref(differences);
  error_clear(&err);
  return rc;
}

static int refresh(Db *db) {
  Error err = ERROR_INIT;
  int64_t done = 0;
  int left = 0, rc = EXIT_OK;
  if (store_rollup_catch_up(db, REFRESH_BATCH, 0, &done, &left, &err)) rc = cli_fail(&err);
  else printf("roll-ups: %lld buckets recomputed\n", (long long)done);
  error_clear(&err);
  return rc;
}

int cmd_kpi(int argc, char **argv) {
  static const CliOptionSpec specs[] = {{"--db", 1}, {NULL, 0}};
  static const char usage[] =
      "usage: forgedesk kpi verify|refresh [--db URL]\n\n"
      "verify   recomputes every report roll-up (KPIs, SLA compliance, satisfaction,\n"
      "         each account's retention figures) from the raw records; exit 0 when\n"
      "         they match, exit 3 and the rows that differ when not. Buckets still\n"
      "         waiting to be recomputed are counted, not compared.\n"
      "refresh  recomputes the buckets waiting (serve's scheduler does this too).\n";
  CliOptions o;
  int p = cli_parse(argc, argv, specs, usage, &o);
  if (p || o.nargs != 1 || (strcmp(o.args[0], "verify") != 0 && strcmp(o.args[0], "refresh") != 0)) {
    if (!p) fprintf(stderr, "%s", usage);
    return p > 0 ? EXIT_OK : EXIT_USAGE;
  }
  Db *db = NULL;
  const char *url = cli_value(&o, specs, "--db", CLI_DEFAULT_DB);
  if (cli_open_store(url, &db)) return EXIT_FAILED;
  int rc = strcmp(o.args[0], "verify") == 0 ? verify(db, url) : refresh(db);
  store_close(db);
  return rc;
}
