/* libFuzzer target: CSV import (the RFC 4180 reader, the header's columns,
 * names resolved to records, each row checked as the API checks a body,
 * orders grouped into lines) into the demo store, as `forgedesk import`
 * does. The first byte picks accounts, contacts, parts or orders and
 * whether --skip-bad is given; the rest is the file. Run with
 * -close_fd_mask=3: the import reports every bad row. A store failure
 * (exit 1) from a file is a finding, as is a crash, a leak or undefined
 * behaviour. */
#include <stdlib.h>

#include "cli/cli.h"
#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const kinds[] = {"accounts", "contacts", "parts", "orders"};
  Db *db = fuzz_store();
  if (size < 1) return 0;
  int code = cli_import_csv(db, kinds[data[0] % 4], "fuzz.csv", (const char *)data + 1, size - 1, data[0] & 4, NULL);
  if (code != EXIT_OK && code != EXIT_REJECTED) abort();
  return 0;
}
