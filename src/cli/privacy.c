/* `forgedesk privacy`: subject access exports, erasure of a contact and the
 * retention periods from the command line (docs/PRIVACY.md), through the
 * same functions as the API routes, audited as the CLI. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/privacy.h"
#include "cli/cli.h"

static const char usage[] =
    "usage: forgedesk privacy export contact|user ID [--out DIR] [--db URL]\n"
    "       forgedesk privacy erase CONTACT_ID --reason TEXT [--db URL]\n"
    "       forgedesk privacy retention [--apply] [--db URL]\n\n"
    "export writes everything held about a contact or member of staff: the JSON\n"
    "bundle to standard output, or DIR/<subject>-<id>.json and .html with --out.\n"
    "erase anonymises a contact everywhere, keeping the figures (refused while a\n"
    "complaint of theirs is open). retention prints each kind's period, what is due\n"
    "now and when the next record falls due; --apply applies a batch of each.\n";

static const CliOptionSpec specs[] = {{"--db", 1}, {"--out", 1}, {"--reason", 1}, {"--apply", 0}, {NULL, 0}};

typedef struct PrivacyJob {
  const char *verb, *subject, *reason;
  int64_t id;
  int apply;
  json_t *result;
} PrivacyJob;

static int run_job(Db *db, void *ctx, Error *err) {
  PrivacyJob *job = ctx;
  char now[TIME_TEXT_SIZE];
  time_now_text(now);
  if (strcmp(job->verb, "export") == 0)
    return privacy_export(db, &cli_actor, strcmp(job->subject, "user") == 0 ? PRIVACY_USER : PRIVACY_CONTACT, job->id,
                          now, &job->result, err);
  if (strcmp(job->verb, "erase") == 0)
    return privacy_erase_contact(db, &cli_actor, job->id, job->reason, now, &job->result, err);
  json_t *applied = NULL;
  if (job->apply && privacy_retention_apply(db, &cli_actor, now, PRIVACY_RUN_LIMIT, &applied, err)) return -1;
  json_t *report = NULL;
  if (privacy_retention_report(db, now, &report, err)) {
    json_decref(applied);
    return -1;
  }
  job->result = json_pack("{s:o, s:o}", "applied", applied ? applied : json_array(), "kinds", report);
  return 0;
}

static int write_text(const char *dir, const char *subject, int64_t id, const char *ext, const char *text) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s-%lld.%s", dir, subject, (long long)id, ext);
  FILE *f = fopen(path, "wb");
  if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
    fprintf(stderr, "forgedesk: cannot write %s: %s\n", path, strerror(errno));
    if (f) fclose(f);
    return -1;
  }
  printf("wrote %s\n", path);
  return 0;
}

static int print_export(const PrivacyJob *job, const char *dir) {
  if (!dir) {
    char *text = json_dumps(job->result, JSON_INDENT(2));
    printf("%s\n", text);
    free(text);
    return EXIT_OK;
  }
  json_t *data = json_object_get(job->result, "data");
  char *text = json_dumps(data, JSON_INDENT(2));
  int rc = write_text(dir, job->subject, job->id, "json", text) ||
           write_text(dir, job->subject, job->id, "html", json_string_value(json_object_get(job->result, "html")));
  free(text);
  return rc ? EXIT_FAILED : EXIT_OK;
}

static void print_retention(const json_t *result) {
  size_t i;
  json_t *row;
  json_array_foreach(json_object_get(result, "applied"), i, row)
    printf("applied %s: %lld\n", json_string_value(json_object_get(row, "kind")),
           (long long)json_integer_value(json_object_get(row, "changed")));
  printf("%-16s %-9s %6s %8s  %s\n", "kind", "action", "days", "due now", "next due");
  json_array_foreach(json_object_get(result, "kinds"), i, row) {
    const json_t *days = json_object_get(row, "days");
    const char *next = json_string_value(json_object_get(row, "next_due_at"));
    char period[16] = "kept";
    if (json_is_integer(days)) snprintf(period, sizeof period, "%lld", (long long)json_integer_value(days));
    printf("%-16s %-9s %6s %8lld  %s\n", json_string_value(json_object_get(row, "kind")),
           json_string_value(json_object_get(row, "action")), period,
           (long long)json_integer_value(json_object_get(row, "due_now")), next ? next : "-");
  }
}

/* The job the arguments describe; -1 when they describe none. */
static int parse_job(const CliOptions *o, PrivacyJob *job) {
  memset(job, 0, sizeof *job);
  if (o->nargs < 1) return -1;
  job->verb = o->args[0];
  const char *id = NULL;
  if (strcmp(job->verb, "export") == 0 && o->nargs == 3 &&
      (strcmp(o->args[1], "contact") == 0 || strcmp(o->args[1], "user") == 0)) {
    job->subject = o->args[1];
    id = o->args[2];
  } else if (strcmp(job->verb, "erase") == 0 && o->nargs == 2 && cli_value(o, specs, "--reason", NULL)) {
    job->subject = "contact";
    job->reason = cli_value(o, specs, "--reason", NULL);
    id = o->args[1];
  } else if (strcmp(job->verb, "retention") == 0 && o->nargs == 1) {
    job->apply = cli_value(o, specs, "--apply", NULL) != NULL;
    return 0;
  } else {
    return -1;
  }
  char *end;
  long long v = strtoll(id, &end, 10);
  if (*end || v <= 0) return -1;
  job->id = v;
  return 0;
}

int cmd_privacy(int argc, char **argv) {
  CliOptions o;
  PrivacyJob job;
  int p = cli_parse(argc, argv, specs, usage, &o);
  if (p || parse_job(&o, &job)) {
    if (!p) fprintf(stderr, "%s", usage);
    return p > 0 ? EXIT_OK : EXIT_USAGE;
  }
  Db *db = NULL;
  if (cli_open_store(cli_value(&o, specs, "--db", CLI_DEFAULT_DB), &db)) return EXIT_FAILED;
  Error err = ERROR_INIT;
  int rc = EXIT_OK;
  if (cli_transaction(db, run_job, &job, &err)) {
    rc = cli_fail(&err);
  } else if (strcmp(job.verb, "export") == 0) {
    rc = print_export(&job, cli_value(&o, specs, "--out", NULL));
  } else if (strcmp(job.verb, "erase") == 0) {
    printf("contact %lld erased: %lld audit entries rewritten, erasure %lld\n", (long long)job.id,
           (long long)json_integer_value(json_object_get(job.result, "audit_entries")),
           (long long)json_integer_value(json_object_get(job.result, "erasure_id")));
  } else {
    print_retention(job.result);
  }
  json_decref(job.result);
  error_clear(&err);
  store_close(db);
  return rc;
}
