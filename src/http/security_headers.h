/* The security headers every answer carries (docs/SECURITY.md): the UI page's
 * Content-Security-Policy (its own scripts and styles only, no inline script
 * or style, no framing), a locked-down policy for API answers and downloads
 * (and for printable pages, which may style themselves but never script),
 * and the rest (nosniff, no referrer, no powerful features, own browsing
 * context group, HSTS over TLS). */
#ifndef FORGEDESK_SECURITY_HEADERS_H
#define FORGEDESK_SECURITY_HEADERS_H

#include <h2o.h>

typedef enum SecurityHeaderKind {
  HEADERS_PAGE,     /* the web UI's files */
  HEADERS_API,      /* JSON and problem+json answers */
  HEADERS_DOWNLOAD, /* an attachment, shown nowhere: sandboxed */
  HEADERS_PRINTABLE, /* a page the API builds to print (an evidence pack): its own inline styles, no script */
} SecurityHeaderKind;

/* Adds the headers for this kind of answer to r's response headers, with
 * Strict-Transport-Security when r came over TLS. */
void security_headers_add(h2o_req_t *r, SecurityHeaderKind kind);

#endif
