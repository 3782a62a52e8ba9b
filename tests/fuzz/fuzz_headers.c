/* libFuzzer target: the headers a request is authenticated and checked by.
 * The input is lines: the first one's first byte picks a request (who am I,
 * create an account, change account 1, sign out); then Authorization,
 * Cookie, X-CSRF-Token, If-Match, Idempotency-Key and Content-Type (an empty
 * line leaves the header out); the rest is the body. The seeds carry the
 * admin's real bearer token, session cookie and CSRF token, so the fuzzer
 * works around live secrets. Any answer of 500 or more, a crash, a leak or
 * undefined behaviour is a finding. */
#include <string.h>

#include "fuzz_support.h"

enum { HEADERS = 6, PARTS = HEADERS + 2 };

static const struct {
  HttpMethod method;
  const char *path;
} requests[] = {
    {HTTP_GET, "/api/v1/session"},
    {HTTP_POST, "/api/v1/accounts"},
    {HTTP_PATCH, "/api/v1/accounts/1"},
    {HTTP_DELETE, "/api/v1/session"},
};

static char *header(const uint8_t *part, size_t len) { return part && len ? fuzz_text(part, len) : NULL; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_store();
  const uint8_t *parts[PARTS];
  size_t lens[PARTS];
  fuzz_split(data, size, parts, lens, PARTS);
  size_t pick = lens[0] ? parts[0][0] % (sizeof requests / sizeof requests[0]) : 0;
  Request *req = fuzz_request(requests[pick].method, requests[pick].path, "", parts[PARTS - 1], lens[PARTS - 1]);
  req->authorization = header(parts[1], lens[1]);
  req->cookie = header(parts[2], lens[2]);
  req->csrf_header = header(parts[3], lens[3]);
  req->if_match = header(parts[4], lens[4]);
  req->idempotency_key = header(parts[5], lens[5]);
  req->content_type = header(parts[6], lens[6]);
  fuzz_run(req);
  return 0;
}
