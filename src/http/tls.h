/* TLS for `serve --tls-cert --tls-key`: h2o terminates TLS itself through
 * OpenSSL (docs/DECISIONS.md). One context serves every event loop. */
#ifndef FORGEDESK_TLS_H
#define FORGEDESK_TLS_H

#include <openssl/ssl.h>

#include "util/error.h"

/* Makes a server context from a PEM certificate chain and its PEM private
 * key: TLS 1.2 and newer, HTTP/1.1. Returns NULL with err set, naming the
 * file, when a file cannot be read or parsed or the key does not belong to
 * the certificate. Free it with SSL_CTX_free. */
SSL_CTX *tls_context_create(const char *cert_file, const char *key_file, Error *err);

#endif
