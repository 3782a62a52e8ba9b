/* libFuzzer target for the mail ingestion entry point: any bytes are read
 * as a mail (GMime, the loop rules, HTML to text) and stored in the demo
 * store (whose contacts make senders known), as `forgedesk mail ingest`
 * does. Nothing may crash, leak or be dropped: every input ends as a case,
 * reply, triage, ignored or quarantined mail. */
#include <stdlib.h>

#include "api/mail.h"
#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Db *db = fuzz_store();
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
