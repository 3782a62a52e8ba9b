/* Hashing of audit entries; see audit_chain.h. */
#include "core/audit_chain.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
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

static int by_seq_then_erasure(const void *a, const void *b) {
  const AuditRedaction *x = a, *y = b;
  if (x->seq != y->seq) return x->seq < y->seq ? -1 : 1;
  return (x->by_seq > y->by_seq) - (x->by_seq < y->by_seq);
}

size_t audit_redactions_settle(AuditRedaction *r, size_t n) {
  if (!n) return 0;
  qsort(r, n, sizeof *r, by_seq_then_erasure);
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    if (kept && r[kept - 1].seq == r[i].seq) kept--; /* a later erasure of the same entry wins */
    r[kept++] = r[i];
  }
  return kept;
}

const AuditRedaction *audit_redaction_find(const AuditRedaction *r, size_t n, int64_t seq) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (r[mid].seq == seq) return &r[mid];
    if (r[mid].seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}

AuditEntryCheck audit_chain_check(const AuditEntry *e, const char *stored, const AuditRedaction *r, size_t n) {
  char hash[AUDIT_HASH_HEX];
  audit_chain_hash(e, hash);
  if (strcmp(hash, stored) == 0) return AUDIT_ENTRY_INTACT;
  const AuditRedaction *x = audit_redaction_find(r, n, e->seq);
  if (x && x->by_seq > e->seq && strcmp(x->hash, stored) == 0 && strcmp(x->digest, hash) == 0)
    return AUDIT_ENTRY_REWRITTEN;
  return AUDIT_ENTRY_ALTERED;
}
