/* Matching a request path against the route table (api/routes.c). Paths are
 * compared segment by segment; "{id}" takes a positive decimal integer. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

static const char *const method_names[] = {"GET", "POST", "PATCH", "PUT", "DELETE", "OTHER"};

const char *http_method_name(HttpMethod m) { return method_names[m]; }

HttpMethod http_method_parse(const char *name, size_t len) {
  for (int m = HTTP_GET; m < HTTP_OTHER; m++)
    if (strlen(method_names[m]) == len && memcmp(method_names[m], name, len) == 0) return (HttpMethod)m;
  return HTTP_OTHER;
}

/* Compares one pattern with a path; 1 on a match (setting *id). */
static int path_matches(const char *pattern, const char *path, int64_t *id) {
  const char *p = pattern, *s = path;
  while (*p && *s) {
    if (strncmp(p, "{id}", 4) == 0) {
      const char *end = s;
      while (*end >= '0' && *end <= '9') end++;
      if (end == s || (*end && *end != '/') || end - s > 18 || *s == '0') return 0;
      errno = 0;
      *id = strtoll(s, NULL, 10);
      p += 4;
      s = end;
    } else if (*p == *s) {
      p++;
      s++;
    } else {
      return 0;
    }
  }
  return *p == '\0' && *s == '\0';
}

const Route *router_match(HttpMethod method, const char *path, int64_t *id, int *status) {
  int path_known = 0;
  for (int i = 0; i < api_route_count; i++) {
    int64_t found_id = 0;
    if (!path_matches(api_routes[i].path, path, &found_id)) continue;
    path_known = 1;
    if (api_routes[i].method == method) {
      *id = found_id;
      return &api_routes[i];
    }
  }
  *status = path_known ? 405 : 404;
  return NULL;
}

void router_allowed_methods(const char *path, Buffer *out) {
  for (int i = 0; i < api_route_count; i++) {
    int64_t unused_id;
    if (!path_matches(api_routes[i].path, path, &unused_id)) continue;
    if (out->len) buffer_puts(out, ", ");
    buffer_puts(out, http_method_name(api_routes[i].method));
  }
}
