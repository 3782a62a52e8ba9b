/* Serving the embedded web UI; see static_files.h. Hashed assets under
 * /assets/ never change, so browsers may keep them for a year. Every file,
 * and the 404 and 405, carries the page's security headers. */
#include "http/static_files.h"

#include <string.h>

#include "http/security_headers.h"
#include "util/embedded.h"

static const struct {
  const char *suffix, *type;
} content_types[] = {
    {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},   {".svg", "image/svg+xml"},
    {".png", "image/png"},                 {".ico", "image/x-icon"},
    {".json", "application/json"},         {".woff2", "font/woff2"},
};

static const char *content_type_of(const char *name) {
  size_t n = strlen(name);
  for (size_t i = 0; i < sizeof content_types / sizeof content_types[0]; i++) {
    size_t s = strlen(content_types[i].suffix);
    if (n >= s && strcmp(name + n - s, content_types[i].suffix) == 0) return content_types[i].type;
  }
  return "application/octet-stream";
}

static void set_header(h2o_req_t *r, const char *name, const char *value) {
  h2o_add_header_by_str(&r->pool, &r->res.headers, name, strlen(name), 1, NULL, value, strlen(value));
}

int static_files_serve(h2o_req_t *r, HttpMethod method, const char *path, size_t len) {
  char name[256];
  if (len <= 1) {
    strcpy(name, "index.html");
  } else if (len - 1 < sizeof name) {
    memcpy(name, path + 1, len - 1);
    name[len - 1] = '\0';
  } else {
    name[0] = '\0';
  }
  const EmbeddedFile *file = name[0] ? embedded_find(embedded_web, name) : NULL;
  security_headers_add(r, HEADERS_PAGE);
  if (method != HTTP_GET) {
    h2o_send_error_generic(r, 405, "Method Not Allowed", "method not allowed", H2O_SEND_ERROR_KEEP_HEADERS);
    return 0;
  }
  if (!file) {
    h2o_send_error_generic(r, 404, "Not Found", "not found", H2O_SEND_ERROR_KEEP_HEADERS);
    return 0;
  }
  r->res.status = 200;
  r->res.reason = "OK";
  set_header(r, "content-type", content_type_of(name));
  set_header(r, "cache-control", strncmp(name, "assets/", 7) == 0 ? "public, max-age=31536000, immutable" : "no-cache");
  r->res.content_length = file->size; /* or h2o 2.2 answers chunked */
  h2o_send_inline(r, (const char *)file->data, file->size);
  return 0;
}
