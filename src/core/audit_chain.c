/* Hashing of audit entries; see audit_chain.h. */
#include "core/audit_chain.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void absorb_text(crypto_generichash_state *st, const char *s) {
  char prefix[32];
  size_t len = s ? strlen(s) : 0;
  /* NULL and "" differ: NULL is written as length -1. */
  int n = s ? snprintf(prefix, sizeof prefix, "%zu:", len) : snprintf(prefix, sizeof prefix, "-1:");
  crypto_generichash_update(st, (const unsigned char *)prefix, (unsigned long long)n);
  if (len) crypto_generichash_update(st, (const unsigned char *)s, len);
}

static void absorb_int(crypto_generichash_state *st, int64_t v) {
  char text[32];
  snprintf(text, sizeof text, "%" PRId64, v);
  absorb_text(st, text);
}

void audit_chain_hash(const AuditEntry *e, char out[AUDIT_HASH_HEX]) {
  unsigned char digest[32];
  crypto_generichash_state st;
  crypto_generichash_init(&st, NULL, 0, sizeof digest);
  absorb_int(&st, e->seq);
  absorb_text(&st, e->at);
  absorb_int(&st, e->actor_id);
  absorb_text(&st, e->actor);
  absorb_text(&st, e->entity);
  absorb_int(&st, e->entity_id);
  absorb_text(&st, e->action);
  absorb_text(&st, e->before);
  absorb_text(&st, e->after);
  absorb_text(&st, e->prev_hash);
  crypto_generichash_final(&st, digest, sizeof digest);
  sodium_bin2hex(out, AUDIT_HASH_HEX, digest, sizeof digest);
}
