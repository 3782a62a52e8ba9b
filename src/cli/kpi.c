/* `forgedesk kpi`: the report roll-ups (docs/ROLLUPS.md). `verify` compares
 * every roll-up bucket with the figures computed from the raw records;
 * `refresh` recomputes the buckets marked since (what serve's scheduler does
 * a batch at a time). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

#define VERIFY_SHOWN 20
#define REFRESH_BATCH 1000000

static int verify(Db *db) {
  Error err = ERROR_INIT;
  json_t *differences = NULL;
  int64_t count = 0, pending = 0;
  int rc = EXIT_OK;
  if (store_begin_read(db, &err) || store_rollup_pending(db, &pending, &err) ||
      store_rollup_verify(db, VERIFY_SHOWN, &differences, &count, &err)) {
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
  store_rollback(db);
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
  if (cli_open_store(cli_value(&o, specs, "--db", CLI_DEFAULT_DB), &db)) return EXIT_FAILED;
  int rc = strcmp(o.args[0], "verify") == 0 ? verify(db) : refresh(db);
  store_close(db);
  return rc;
}
