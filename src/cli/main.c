/* forgedesk's entry point: the table of subcommands and the help that goes
 * with each. `forgedesk COMMAND --help` prints a command's own usage. */
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const struct {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} commands[] = {
    {"init", cmd_init, "create or upgrade the database schema"},
    {"serve", cmd_serve, "serve the web UI and the API"},
    {"user", cmd_user, "add, list, disable staff accounts and set passwords"},
    {"token", cmd_token, "create and revoke API tokens for integrations"},
    {"demo", cmd_demo, "fill a database with a realistic demo company"},
    {"import", cmd_import, "load accounts, contacts, orders or parts from CSV"},
    {"backup", cmd_backup, "copy a SQLite database while it is in use"},
    {"restore", cmd_restore, "replace a SQLite database with a backup, checked first"},
    {"audit", cmd_audit, "verify the audit trail's hash chain"},
    {"kpi", cmd_kpi, "verify the report roll-ups against the records, or recompute them"},
    {"calendar", cmd_calendar, "business-time arithmetic on a calendar file; holiday dates from an .ics feed"},
    {"mail", cmd_mail, "take in one mail from standard input (for a mail server to pipe to)"},
    {"privacy", cmd_privacy, "subject access exports, erasure of a contact, retention periods"},
    {"routes", cmd_routes, "print the API route table (JSON) or the permission table (--permissions)"},
};

static void usage(FILE *out) {
  fprintf(out, "forgedesk %s - customer service management for manufacturers\n\nusage: forgedesk COMMAND [OPTIONS]\n\n",
          FORGEDESK_VERSION);
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
  fprintf(out, "\nStore URLs: sqlite:PATH (default %s) or postgresql://user@host:port/dbname\n"
               "Run `forgedesk COMMAND --help` for a command's options.\n\n"
               "Exit codes: 0 success; 1 failed (store unreachable, write refused);\n"
               "            2 usage error; 3 input or data rejected (bad CSV rows, altered audit trail).\n",
          CLI_DEFAULT_DB);
}

int main(int argc, char **argv) {
  /* A write past a file-size limit (ulimit -f) then fails with EFBIG, which
   * the store reports (503, exit 1), instead of killing serve or a command. */
  signal(SIGXFSZ, SIG_IGN);
  if (sodium_init() < 0) {
    fprintf(stderr, "forgedesk: cannot initialise libsodium\n");
    return EXIT_FAILED;
  }
  if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
    usage(stdout);
    return argc < 2 ? EXIT_USAGE : EXIT_OK;
  }
  if (strcmp(argv[1], "--version") == 0) {
    printf("forgedesk %s\n", FORGEDESK_VERSION);
    return EXIT_OK;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp(argv[1], commands[i].name) == 0) return commands[i].run(argc - 1, argv + 1);
  fprintf(stderr, "forgedesk: unknown command '%s'\n\n", argv[1]);
  usage(stderr);
  return EXIT_USAGE;
}
