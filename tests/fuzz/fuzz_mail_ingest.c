/* libFuzzer target for the mail ingestion entry point: any bytes are read
 * as a mail (GMime, the loop rules, HTML to text) and stored in a SQLite
 * store, as `forgedesk mail ingest` does. Nothing may crash, leak or be
 * dropped: every input ends as a case, reply, triage, ignored or
 * quarantined mail. Built by `make fuzz` (clang, -fsanitize=fuzzer,address,undefined). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/mail.h"
#include "store/store.h"

static Db *db;

static void open_store(void) {
  char path[] = "/tmp/forgedesk-fuzz-XXXXXX";
  int fd = mkstemp(path);
  if (fd >= 0) close(fd);
  char url[64];
  snprintf(url, sizeof url, "sqlite:%s", path);
  Error err = ERROR_INIT;
  int from = 0, to = 0;
  if (store_open(url, &db, &err) || store_migrate(db, &from, &to, &err)) {
    fprintf(stderr, "fuzz: cannot prepare the store: %s\n", err.detail ? err.detail : "");
    abort();
  }
  unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!db) open_store();
  MailInbound in;
  MailIngestResult result;
  mail_inbound_parse(&in, (const char *)data, size, size % 2 ? "complaints@forgedesk.test" : NULL);
  Error err = ERROR_INIT;
  if (store_begin_write(db, &err) == 0) {
    if (mail_inbound_store(db, &in, &result, &err) == 0) {
      if (!result.outcome) abort(); /* every mail has an outcome */
      store_commit(db, &err);
    } else {
      store_rollback(db);
    }
  }
  error_clear(&err);
  mail_inbound_free(&in);
  return 0;
}
