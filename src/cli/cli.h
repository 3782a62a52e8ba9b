/* The command line: the table of subcommands (main.c), their shared option
 * parser and exit codes. Each command group lives in its own file. */
#ifndef FORGEDESK_CLI_H
#define FORGEDESK_CLI_H

#include <stdarg.h>

#include "store/store.h"
#include "util/buffer.h"
#include "util/error.h"

/* Exit codes, the same for every command (documented in `forgedesk --help`). */
enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,   /* the store was unreachable, a write failed, … */
  EXIT_USAGE = 2,    /* unknown command or option, missing argument */
  EXIT_REJECTED = 3, /* the input or the data was found wrong (bad CSV rows, altered audit trail) */
};

#define CLI_MAX_OPTIONS 12
#define CLI_MAX_ARGS 4

typedef struct CliOptionSpec {
  const char *name; /* "--db" */
  int takes_value;
} CliOptionSpec;

typedef struct CliOptions {
  const char *values[CLI_MAX_OPTIONS]; /* by spec index; "" for a flag that is set */
  const char *args[CLI_MAX_ARGS];      /* positional arguments */
  int nargs;
} CliOptions;

/* Parses argv against specs (ending with a NULL name); prints the problem and
 * usage and returns -1 on an unknown option or a missing value. */
int cli_parse(int argc, char **argv, const CliOptionSpec *specs, const char *usage, CliOptions *out);
/* The value of option name, or fallback. */
const char *cli_value(const CliOptions *o, const CliOptionSpec *specs, const char *name, const char *fallback);
/* Prints an error to stderr and returns the exit code to use for it: 2 for a
 * malformed request (400), 3 for a rejected value or a duplicate (422, 409),
 * 1 otherwise. */
int cli_fail(const Error *err);
/* Reads the whole file at path into out; prints the problem and returns -1
 * when it cannot be read. */
int cli_read_file(const char *path, Buffer *out);
/* Opens the store named by --db (default sqlite:forgedesk.db); prints errors. */
int cli_open_store(const char *url, Db **db);
/* Runs fn inside one write transaction, committed when fn returns 0 and
 * rolled back otherwise; returns 0, or -1 with err set by fn or the store. */
int cli_transaction(Db *db, int (*fn)(Db *db, void *ctx, Error *err), void *ctx, Error *err);
/* The actor recorded in the audit trail for command-line changes. */
extern const AuditActor cli_actor;

/* A staff account to create (demo data, `user add`). */
typedef struct CliNewUser {
  const char *username, *display_name, *role, *email, *password;
  int64_t team_id, manager_id; /* 0 = none */
  /* A hash of password made once for many users (the demo's), or NULL to
   * hash password here: hashing is slow on purpose. */
  const char *password_hash;
} CliNewUser;

/* Creates a user with a hashed password and audits it, inside the caller's
 * transaction; role and username are checked (422 field errors). */
int cli_user_create(Db *db, const CliNewUser *u, const char *now, int64_t *id, Error *err);
/* Inserts values into table t, reads the stored record back and writes its
 * creation to the audit trail as cli_actor, inside the caller's transaction;
 * *id receives the new record's id. */
int cli_record_create(Db *db, const StoreTable *t, const json_t *values, const char *now, int64_t *id, Error *err);
/* Creates an order (columns of store_orders but value_minor, which is the
 * sum of the lines) with its lines (objects with the order_lines columns) and
 * audits it with its lines, as cli_record_create does. For import and demo. */
int cli_order_create(Db *db, const json_t *order, const json_t *lines, const char *now, int64_t *id, Error *err);
/* Finds the team called name, creating (and auditing) it when missing. */
int cli_team_ensure(Db *db, const char *name, const char *now, int64_t *id, Error *err);

/* The retention part of the demo (demo_retention.c): a win-back campaign for
 * the accounts silent a month ago, owned by owner_id, and two improvement
 * initiatives (quality_id owns the checked one), in one transaction;
 * *campaign_accounts receives how many accounts the campaign targets. */
int demo_retention(Db *db, const char *now, int64_t owner_id, int64_t quality_id, size_t *campaign_accounts,
                   Error *err);

int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_demo(int argc, char **argv);
/* The team part of the demo (demo_team.c): skills, goals, rosters,
 * allocation settings and history, inside the caller's transaction, after
 * the staff and cases exist. */
int demo_team(Db *db, const char *now, Error *err);
/* The performance part of the demo (demo_performance.c): objectives, KPI
 * standards, one-to-ones and feedback, in its own transaction, after the
 * staff exist. */
int demo_performance(Db *db, const char *now, Error *err);
int cmd_import(int argc, char **argv);
/* What `forgedesk import` does once the file is read: the CSV text
 * data[0..len) of kind ("accounts", "contacts", "parts", "orders"), named
 * file in messages, checked row by row and created in one transaction on
 * db (see cmd_import for skip_bad and rejects, which may be NULL). Prints
 * the rows' problems and a summary; returns the command's exit code. */
int cli_import_csv(Db *db, const char *kind, const char *file, const char *data, size_t len, int skip_bad,
                   const char *rejects);
/* A bad row's problem as the imports print it: "column COLUMN: " (column
 * NULL: the row as a whole) and the message, appended to out. */
void cli_import_problem(Buffer *out, const char *column, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
/* `forgedesk import cases FILE` (import_cases.c): streams the file's rows
 * into one transaction on db, each checked as the API checks a case, with
 * its timeline and SLA clocks; then catches the roll-ups up. skip_bad and
 * rejects as for cli_import_csv. Returns the command's exit code. */
int cli_import_cases(Db *db, const char *file, int skip_bad, const char *rejects);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_kpi(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_calendar(int argc, char **argv);
int cmd_mail(int argc, char **argv);
int cmd_privacy(int argc, char **argv);

#define CLI_DEFAULT_DB "sqlite:forgedesk.db"

#endif
