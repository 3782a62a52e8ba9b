/* Commands that look after a forgedesk installation: init (schema), serve,
 * backup, restore, audit verify, and routes (the route and permission tables). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/mail.h"
#include "api/surveys.h"
#include "cli/cli.h"
#include "http/http.h"
#include "http/server.h"

static const CliOptionSpec db_only[] = {{"--db", 1}, {NULL, 0}};

int cmd_init(int argc, char **argv) {
  static const char usage[] =
      "usage: forgedesk init [--db URL]\n\nCreates the schema, or applies the migrations this version adds.\n"
      "A database made by a newer forgedesk is refused (exit 1).\n";
  CliOptions o;
  int p = cli_parse(argc, argv, db_only, usage, &o);
  if (p) return p > 0 ? EXIT_OK : EXIT_USAGE;
  Db *db = NULL;
  if (cli_open_store(cli_value(&o, db_only, "--db", CLI_DEFAULT_DB), &db)) return EXIT_FAILED;
  Error err = ERROR_INIT;
  int from = 0, to = 0, rc = EXIT_OK;
  if (store_migrate(db, &from, &to, &err)) rc = cli_fail(&err);
  else if (from == to) printf("schema is up to date (version %d)\n", to);
  else printf("schema upgraded from version %d to %d\n", from, to);
  error_clear(&err);
  store_close(db);
  return rc;
}

int cmd_serve(int argc, char **argv) {
  static const CliOptionSpec specs[] = {{"--db", 1},          {"--listen", 1}, {"--threads", 1},
                                        {"--scheduler-interval", 1}, {"--smtp", 1},   {"--mail-from", 1},
                                        {"--public-url", 1},         {"--lmtp", 1},   {"--tls-cert", 1},
                                        {"--tls-key", 1},            {NULL, 0}};
  static const char usage[] =
      "usage: forgedesk serve [--db URL] [--listen HOST:PORT] [--threads N]\n"
      "                       [--scheduler-interval SECONDS] [--smtp smtp://HOST:PORT --mail-from ADDRESS]\n"
      "                       [--public-url URL] [--lmtp HOST:PORT] [--tls-cert FILE --tls-key FILE]\n\n"
      "Serves the web UI at / and the API at /api/v1 (default 127.0.0.1:8080).\n"
      "--threads sets the number of event loops (default: one per core).\n"
      "--scheduler-interval sets how often SLA warnings and breaches are looked for\n"
      "(default 15 seconds, 0 turns the SLA scheduler off).\n"
      "--smtp mails each escalation through that server, from --mail-from; without it\n"
      "escalations are recorded as not sent; survey invitations are mailed the same way,\n"
      "and the outbound mail queue (replies, acknowledgements) waits until a server\n"
      "with --smtp sends it.\n"
      "--public-url is the address customers reach forgedesk at, for the links in\n"
      "survey invitations (default http://HOST:PORT of --listen).\n"
      "--lmtp takes in mail over LMTP on that address (docs/MAIL.md).\n"
      "--tls-cert and --tls-key (PEM: the certificate chain and its private key) serve\n"
      "HTTPS instead of HTTP on --listen, with HSTS and Secure cookies (docs/SECURITY.md).\n"
      "Stops cleanly on SIGTERM or SIGINT.\n";
  CliOptions o;
  int p = cli_parse(argc, argv, specs, usage, &o);
  if (p) return p > 0 ? EXIT_OK : EXIT_USAGE;
  const char *listen = cli_value(&o, specs, "--listen", "127.0.0.1:8080");
  const char *colon = strrchr(listen, ':');
  char host[64];
  int port = colon ? atoi(colon + 1) : 0;
  int threads = atoi(cli_value(&o, specs, "--threads", "0"));
  if (!colon || (size_t)(colon - listen) >= sizeof host || port <= 0 || port > 65535 || threads < 0 || threads > 64) {
    fprintf(stderr, "forgedesk: --listen must be HOST:PORT and --threads 1 to 64\n\n%s", usage);
    return EXIT_USAGE;
  }
  const char *interval_text = cli_value(&o, specs, "--scheduler-interval", "15");
  char *end = NULL;
  long interval = strtol(interval_text, &end, 10);
  const char *smtp = cli_value(&o, specs, "--smtp", NULL), *from = cli_value(&o, specs, "--mail-from", NULL);
  if (*interval_text == '\0' || *end || interval < 0 || interval > 3600 || !smtp != !from ||
      (smtp && strncmp(smtp, "smtp://", 7) != 0 && strncmp(smtp, "smtps://", 8) != 0)) {
    fprintf(stderr, "forgedesk: --scheduler-interval must be 0 to 3600 seconds, and --smtp smtp://HOST:PORT "
                    "goes with --mail-from\n\n%s", usage);
    return EXIT_USAGE;
  }
  memcpy(host, listen, (size_t)(colon - listen));
  host[colon - listen] = '\0';
  const char *db = cli_value(&o, specs, "--db", CLI_DEFAULT_DB);
  const char *public_url = cli_value(&o, specs, "--public-url", NULL);
  if (public_url && strncmp(public_url, "http://", 7) != 0 && strncmp(public_url, "https://", 8) != 0) {
    fprintf(stderr, "forgedesk: --public-url must start with http:// or https://\n\n%s", usage);
    return EXIT_USAGE;
  }
  const char *lmtp = cli_value(&o, specs, "--lmtp", NULL);
  const char *lmtp_colon = lmtp ? strrchr(lmtp, ':') : NULL;
  char lmtp_host[64] = "";
  int lmtp_port = lmtp_colon ? atoi(lmtp_colon + 1) : 0;
  if (lmtp && (!lmtp_colon || (size_t)(lmtp_colon - lmtp) >= sizeof lmtp_host || lmtp_port <= 0 || lmtp_port > 65535)) {
    fprintf(stderr, "forgedesk: --lmtp must be HOST:PORT\n\n%s", usage);
    return EXIT_USAGE;
  }
  if (lmtp) memcpy(lmtp_host, lmtp, (size_t)(lmtp_colon - lmtp));
  const char *tls_cert = cli_value(&o, specs, "--tls-cert", NULL), *tls_key = cli_value(&o, specs, "--tls-key", NULL);
  if (!tls_cert != !tls_key) {
    fprintf(stderr, "forgedesk: --tls-cert and --tls-key go together\n\n%s", usage);
    return EXIT_USAGE;
  }
  char listen_url[96];
  snprintf(listen_url, sizeof listen_url, "%s://%s", tls_cert ? "https" : "http", listen);
  surveys_set_public_url(public_url ? public_url : listen_url);
  mail_set_own_address(from);
  ServerOptions opts = {db, host, port, threads, {db, (int)interval, smtp, from}, lmtp ? lmtp_host : NULL, lmtp_port,
                       tls_cert, tls_key};
  Error err = ERROR_INIT;
  int rc = server_run(&opts, &err) ? cli_fail(&err) : EXIT_OK;
  error_clear(&err);
  mail_set_own_address(NULL);
  return rc;
}

/* Parses a command taking one FILE; returns 1 with *exit_code set when the
 * command is done (--help, or a usage error already printed), else 0. */
static int parse_file_command(int argc, char **argv, const CliOptionSpec *specs, const char *usage, CliOptions *o,
                              int *exit_code) {
  int p = cli_parse(argc, argv, specs, usage, o);
  if (!p && o->nargs == 1) return 0;
  if (!p) fprintf(stderr, "%s", usage);
  *exit_code = p > 0 ? EXIT_OK : EXIT_USAGE;
  return 1;
}

int cmd_backup(int argc, char **argv) {
  static const char usage[] =
      "usage: forgedesk backup [--db sqlite:PATH] FILE\n\n"
      "Copies a SQLite database to FILE while forgedesk keeps serving.\n"
      "For PostgreSQL use pg_dump (see README).\n";
  CliOptions o;
  int done;
  if (parse_file_command(argc, argv, db_only, usage, &o, &done)) return done;
  Db *db = NULL;
  if (cli_open_store(cli_value(&o, db_only, "--db", CLI_DEFAULT_DB), &db)) return EXIT_FAILED;
  Error err = ERROR_INIT;
  int rc = store_backup(db, o.args[0], &err) ? cli_fail(&err) : EXIT_OK;
  if (rc == EXIT_OK) printf("backed up to %s\n", o.args[0]);
  error_clear(&err);
  store_close(db);
  return rc;
}

int cmd_restore(int argc, char **argv) {
  static const CliOptionSpec specs[] = {{"--db", 1}, {"--force", 0}, {NULL, 0}};
  static const char usage[] =
      "usage: forgedesk restore [--db sqlite:PATH] [--force] FILE\n\n"
      "Replaces the SQLite database with the backup FILE (made by `forgedesk backup`),\n"
      "after checking that FILE is intact and of a schema this version knows, then\n"
      "verifies the restored audit trail. A database that already holds data is\n"
      "replaced only with --force; one a running forgedesk has open never is (stop\n"
      "serve first). Exit 3 when refused or the backup is damaged. For PostgreSQL\n"
      "use pg_restore (see README).\n";
  CliOptions o;
  int done;
  if (parse_file_command(argc, argv, specs, usage, &o, &done)) return done;
  const char *url = cli_value(&o, specs, "--db", CLI_DEFAULT_DB);
  Error err = ERROR_INIT;
  if (store_in_use_elsewhere(url)) {
    error_set(&err, 409, "Database in use", "%s is open in another process (a running serve?); stop it first", url);
    int rc = cli_fail(&err);
    error_clear(&err);
    return rc;
  }
  Db *db = NULL;
  if (cli_open_store(url, &db)) return EXIT_FAILED;
  AuditVerification v;
  int rc = EXIT_OK;
  if (store_restore(db, o.args[0], cli_value(&o, specs, "--force", NULL) != NULL, &err) ||
      store_audit_verify(db, &v, &err)) {
    rc = cli_fail(&err);
  } else if (v.bad_seq) {
    printf("restored %s, but its audit trail is broken at entry %lld: %s\n", o.args[0], (long long)v.bad_seq, v.problem);
    rc = EXIT_REJECTED;
  } else {
    printf("restored %s: audit trail intact, %lld entries\n", o.args[0], (long long)v.entries);
  }
  error_clear(&err);
  store_close(db);
  return rc;
}

int cmd_audit(int argc, char **argv) {
  static const char usage[] =
      "usage: forgedesk audit verify [--db URL]\n\n"
      "Recomputes the audit trail's hash chain. Exit 0 when intact; exit 3 and the\n"
      "first altered, inserted or removed entry when not.\n";
  CliOptions o;
  int p = cli_parse(argc, argv, db_only, usage, &o);
  if (p || o.nargs != 1 || strcmp(o.args[0], "verify") != 0) {
    if (!p) fprintf(stderr, "%s", usage);
    return p > 0 ? EXIT_OK : EXIT_USAGE;
  }
  Db *db = NULL;
  if (cli_open_store(cli_value(&o, db_only, "--db", CLI_DEFAULT_DB), &db)) return EXIT_FAILED;
  Error err = ERROR_INIT;
  AuditVerification v;
  int rc;
  if (store_audit_verify(db, &v, &err)) {
    rc = cli_fail(&err);
  } else if (v.bad_seq) {
    printf("audit trail broken at entry %lld: %s (%lld entries before it are intact)\n", (long long)v.bad_seq,
           v.problem, (long long)v.entries);
    rc = EXIT_REJECTED;
  } else {
    if (v.rewritten)
      printf("audit trail intact: %lld entries (%lld rewritten by erasure, as recorded)\n", (long long)v.entries,
             (long long)v.rewritten);
    else
      printf("audit trail intact: %lld entries\n", (long long)v.entries);
    rc = EXIT_OK;
  }
  error_clear(&err);
  store_close(db);
  return rc;
}

static void print_permissions(void) {
  printf("# Permissions\n\nGenerated by `forgedesk routes --permissions` from the policy table "
         "(src/core/policy.c); a test checks that this file matches it.\n\n| permission | meaning |");
  for (int r = 0; r < ROLE_COUNT; r++) printf(" %s |", policy_role_name((Role)r));
  printf("\n|---|---|");
  for (int r = 0; r < ROLE_COUNT; r++) printf("---|");
  printf("\n");
  for (int p = 0; p < PERM_COUNT; p++) {
    printf("| %s | %s |", policy_permission_name((Permission)p), policy_permission_summary((Permission)p));
    for (int r = 0; r < ROLE_COUNT; r++) printf(" %s |", policy_allows((Role)r, (Permission)p) ? "yes" : "-");
    printf("\n");
  }
  printf("\n## Routes\n\n| method | path | permission | what |\n|---|---|---|---|\n");
  for (int i = 0; i < api_route_count; i++)
    printf("| %s | `%s` | %s | %s |\n", http_method_name(api_routes[i].method), api_routes[i].path,
           policy_permission_name(api_routes[i].permission), api_routes[i].summary);
}

int cmd_routes(int argc, char **argv) {
  static const CliOptionSpec specs[] = {{"--permissions", 0}, {NULL, 0}};
  static const char usage[] =
      "usage: forgedesk routes [--permissions]\n\n"
      "Prints the API route table as JSON, or with --permissions the permission\n"
      "table and routes as Markdown (docs/PERMISSIONS.md).\n";
  CliOptions o;
  int p = cli_parse(argc, argv, specs, usage, &o);
  if (p) return p > 0 ? EXIT_OK : EXIT_USAGE;
  if (cli_value(&o, specs, "--permissions", NULL)) {
    print_permissions();
    return EXIT_OK;
  }
  json_t *routes = json_array();
  for (int i = 0; i < api_route_count; i++)
    json_array_append_new(routes, json_pack("{s:s, s:s, s:s, s:s}", "method", http_method_name(api_routes[i].method),
                                            "path", api_routes[i].path, "permission",
                                            policy_permission_name(api_routes[i].permission), "summary",
                                            api_routes[i].summary));
  char *text = json_dumps(routes, JSON_INDENT(2));
  printf("%s\n", text);
  free(text);
  json_decref(routes);
  return EXIT_OK;
}
