/* See security_headers.h. The page's policy names every fetch kind the UI
 * uses ('self' only; data: images for the icon) and shuts the rest: no
 * plugins, no <base>, forms only to us, no framing by anyone. */
#include "http/security_headers.h"

#include <string.h>

static const char page_policy[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
static const char api_policy[] = "default-src 'none'; frame-ancestors 'none'";
static const char download_policy[] = "default-src 'none'; sandbox; frame-ancestors 'none'";
static const char printable_policy[] = "default-src 'none'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'";

static const struct {
  const char *name, *value;
} common_headers[] = {
    {"x-content-type-options", "nosniff"},
    {"x-frame-options", "DENY"},
    {"referrer-policy", "no-referrer"},
    {"permissions-policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
                           "display-capture=(), fullscreen=(self)"},
    {"cross-origin-opener-policy", "same-origin"},
    {"cross-origin-resource-policy", "same-origin"},
};

static void add(h2o_req_t *r, const char *name, const char *value) {
  h2o_add_header_by_str(&r->pool, &r->res.headers, name, strlen(name), 1, NULL, value, strlen(value));
}

void security_headers_add(h2o_req_t *r, SecurityHeaderKind kind) {
  for (size_t i = 0; i < sizeof common_headers / sizeof common_headers[0]; i++)
    add(r, common_headers[i].name, common_headers[i].value);
  static const char *const policies[] = {
      [HEADERS_PAGE] = page_policy,
      [HEADERS_API] = api_policy,
      [HEADERS_DOWNLOAD] = download_policy,
      [HEADERS_PRINTABLE] = printable_policy,
  };
  add(r, "content-security-policy", policies[kind]);
  if (r->scheme == &H2O_URL_SCHEME_HTTPS) add(r, "strict-transport-security", "max-age=31536000");
}
