/* `forgedesk mail ingest`: one RFC 5322 message on standard input becomes a
 * case, a reply on its case, a mail for triage, an ignored automatic mail
 * or a quarantined one (docs/MAIL.md), so that a mail server can pipe to
 * it (Postfix: a pipe(8) transport or an alias). */
#include <stdio.h>
#include <string.h>

#include "api/mail.h"
#include "cli/cli.h"

typedef struct IngestJob {
  MailInbound *in;
  MailIngestResult *result;
} IngestJob;

static int ingest_in_transaction(Db *db, void *ctx, Error *err) {
  IngestJob *job = ctx;
  return mail_inbound_store(db, job->in, job->result, err);
}

static int mail_ingest_command(int argc, char **argv) {
  static const CliOptionSpec specs[] = {{"--db", 1}, {"--to", 1}, {"--mail-from", 1}, {NULL, 0}};
  static const char usage[] =
      "usage: forgedesk mail ingest [--db URL] [--to ADDRESS] [--mail-from ADDRESS] < message.eml\n\n"
      "Reads one mail on standard input and stores it: a new case (by the mailbox rule of\n"
      "the address it was sent to, --to or its headers), a reply on its case, a mail for\n"
      "triage, an ignored auto-reply or bounce, or quarantined when it cannot be read.\n"
      "--mail-from is forgedesk's own address (mail from it is a loop).\n"
      "Prints one line: the outcome, the mail or quarantine id, the case id and the reason.\n"
      "Exit codes: 0 stored (also ignored or quarantined); 1 the store failed (the mail\n"
      "server should try again later); 2 usage.\n";
  CliOptions o;
  int p = cli_parse(argc, argv, specs, usage, &o);
  if (p) return p > 0 ? EXIT_OK : EXIT_USAGE;
  Buffer raw = BUFFER_INIT;
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) buffer_append(&raw, chunk, n);
  mail_set_own_address(cli_value(&o, specs, "--mail-from", NULL));
  MailInbound in;
  MailIngestResult result;
  mail_inbound_parse(&in, raw.data ? raw.data : "", raw.len, cli_value(&o, specs, "--to", NULL));
  Db *db = NULL;
  int rc = EXIT_FAILED;
  if (cli_open_store(cli_value(&o, specs, "--db", CLI_DEFAULT_DB), &db) == 0) {
    IngestJob job = {&in, &result};
    Error err = ERROR_INIT;
    if (cli_transaction(db, ingest_in_transaction, &job, &err) == 0) {
      printf("%s mail=%lld case=%lld quarantine=%lld reason=%s\n", result.outcome, (long long)result.mail_id,
             (long long)result.case_id, (long long)result.quarantine_id, result.reason);
      rc = EXIT_OK;
    } else {
      cli_fail(&err);
      rc = EXIT_FAILED; /* a temporary failure for the mail server, whatever the cause */
    }
    error_clear(&err);
    store_close(db);
  }
  mail_inbound_free(&in);
  mail_set_own_address(NULL);
  buffer_free(&raw);
  return rc;
}

int cmd_mail(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "ingest") == 0) return mail_ingest_command(argc - 1, argv + 1);
  fprintf(stderr, "usage: forgedesk mail ingest [--db URL] [--to ADDRESS] < message.eml\n");
  return argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) ? EXIT_OK : EXIT_USAGE;
}
