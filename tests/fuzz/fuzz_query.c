/* libFuzzer target: request targets, "path?query" as a client sends them,
 * through the router and every list route's query parsing (filters, dates,
 * choices, limit and the after cursor), as the admin. Any answer of 500 or
 * more, a crash, a leak or undefined behaviour is a finding. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_store();
  char *target = fuzz_text(data, size);
  char *question = strchr(target, '?');
  if (question) *question = '\0';
  Request *req = fuzz_request(HTTP_GET, target, question ? question + 1 : "", NULL, 0);
  req->authorization = strdup("Bearer " FUZZ_BEARER_TOKEN);
  free(target);
  fuzz_run(req);
  return 0;
}
