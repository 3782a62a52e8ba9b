/* Secrets for sign-in; see session.h. */
#include "http/session.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

void session_new_token(char out[SESSION_TOKEN_TEXT]) {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  sodium_bin2base64(out, SESSION_TOKEN_TEXT, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void session_hash_token(const char *token, char out[SESSION_HASH_HEX]) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, (const unsigned char *)token, strlen(token), NULL, 0);
  sodium_bin2hex(out, SESSION_HASH_HEX, digest, sizeof digest);
}

char *session_cookie_value(const char *header) {
  const char *p = header;
  size_t name_len = strlen(SESSION_COOKIE);
  while (*p) {
    while (*p == ' ' || *p == ';') p++;
    const char *end = strchr(p, ';');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (len > name_len && strncmp(p, SESSION_COOKIE, name_len) == 0 && p[name_len] == '=')
      return strndup(p + name_len + 1, len - name_len - 1);
    p += len;
  }
  return NULL;
}

char *session_hash_password(const char *password) {
  char *out = malloc(crypto_pwhash_STRBYTES);
  if (!out) abort();
  if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    free(out);
    return NULL;
  }
  return out;
}

int session_check_password(const char *stored_hash, const char *password) {
  return stored_hash && crypto_pwhash_str_verify(stored_hash, password, strlen(password)) == 0;
}

void session_waste_password_check(const char *password) {
  unsigned char out[32], salt[crypto_pwhash_SALTBYTES] = {0};
  int spent = crypto_pwhash(out, sizeof out, password, strlen(password), salt, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13);
  (void)spent; /* only the time it takes matters */
}
