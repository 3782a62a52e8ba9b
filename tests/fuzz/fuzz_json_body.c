/* libFuzzer target: JSON request bodies through parsing and validation.
 * The first byte picks one of the API's routes that take a body (create,
 * change, actions), the second the record id it is aimed at (its low three
 * bits) and who sends it: the admin, or with the top bit the quality
 * manager (QA reviews, scorecards, CAPAs are theirs); the rest is the body.
 * Holidays are sent as text/calendar, everything else as JSON. Any answer
 * of 500 or more, a crash, a leak or undefined behaviour is a finding. */
#include <stdio.h>
#include <string.h>

#include "fuzz_support.h"

static const Route *routes[256];
static size_t nroutes;

static void pick_routes(void) {
  for (int i = 0; i < api_route_count && nroutes < sizeof routes / sizeof routes[0]; i++) {
    const Route *r = &api_routes[i];
    if (r->method != HTTP_GET && r->method != HTTP_DELETE && r->permission != PERM_PUBLIC && !r->flags)
      routes[nroutes++] = r;
  }
}

/* The route's path with its {id} replaced by id. */
static void route_path(const Route *r, int id, char *out, size_t size) {
  const char *brace = strstr(r->path, "{id}");
  if (brace) snprintf(out, size, "%.*s%d%s", (int)(brace - r->path), r->path, id, brace + 4);
  else snprintf(out, size, "%s", r->path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_store();
  if (!nroutes) pick_routes();
  if (size < 2) return 0;
  const Route *r = routes[data[0] % nroutes];
  char path[256];
  route_path(r, 1 + data[1] % 8, path, sizeof path);
  Request *req = fuzz_request(r->method, path, "", data + 2, size - 2);
  size_t n = strlen(r->path);
  req->content_type = strdup(n > 9 && strcmp(r->path + n - 9, "/holidays") == 0 ? "text/calendar" : "application/json");
  req->authorization = strdup(data[1] & 0x80 ? "Bearer " FUZZ_QUALITY_TOKEN : "Bearer " FUZZ_BEARER_TOKEN);
  req->if_match = strdup("\"1\"");
  fuzz_run(req);
  return 0;
}
