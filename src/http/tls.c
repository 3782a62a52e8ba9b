/* See tls.h. The files are opened first so that an unreadable one is named
 * with the system's reason; OpenSSL's own (last) reason follows for the rest.
 * Loading the key checks it against the certificate loaded before it. */
#include "http/tls.h"

#include <errno.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <string.h>

static int readable(const char *option, const char *path, Error *err) {
  FILE *f = fopen(path, "rb");
  if (!f) return error_set(err, 400, "Cannot read TLS file", "cannot read %s %s: %s", option, path, strerror(errno));
  fclose(f);
  return 0;
}

static int openssl_failed(const char *what, const char *path, Error *err) {
  char reason[256];
  ERR_error_string_n(ERR_peek_last_error(), reason, sizeof reason);
  ERR_clear_error();
  return error_set(err, 400, "Bad TLS file", "%s %s: %s", what, path, reason);
}

SSL_CTX *tls_context_create(const char *cert_file, const char *key_file, Error *err) {
  if (readable("--tls-cert", cert_file, err) || readable("--tls-key", key_file, err)) return NULL;
  SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
  if (!ctx) {
    openssl_failed("cannot make a TLS context for", cert_file, err);
    return NULL;
  }
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  int rc = 0;
  if (SSL_CTX_use_certificate_chain_file(ctx, cert_file) != 1)
    rc = openssl_failed("--tls-cert is not a PEM certificate chain:", cert_file, err);
  else if (SSL_CTX_use_PrivateKey_file(ctx, key_file, SSL_FILETYPE_PEM) != 1)
    rc = ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH
             ? openssl_failed("--tls-key does not belong to the certificate in --tls-cert", cert_file, err)
             : openssl_failed("--tls-key is not a PEM private key:", key_file, err);
  if (rc) {
    SSL_CTX_free(ctx);
    return NULL;
  }
  return ctx;
}
