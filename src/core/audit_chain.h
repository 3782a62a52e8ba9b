/* The audit trail's hash chain: each entry's hash covers its own content and
 * the previous entry's hash, so altering, inserting or removing an entry
 * breaks every hash after it. BLAKE2b-256 via libsodium, hex encoded. */
#ifndef FORGEDESK_AUDIT_CHAIN_H
#define FORGEDESK_AUDIT_CHAIN_H

#include <stdint.h>

#define AUDIT_HASH_HEX 65 /* 64 hex digits and a NUL */

typedef struct AuditEntry {
  int64_t seq;
  const char *at;
  int64_t actor_id;
  const char *actor;
  const char *entity;
  int64_t entity_id;
  const char *action;
  const char *before; /* canonical JSON text or NULL */
  const char *after;
  const char *prev_hash; /* "" for the first entry */
} AuditEntry;

/* Computes the entry's hash into out. Every field is length-prefixed so no two
 * different entries can produce the same input. */
void audit_chain_hash(const AuditEntry *e, char out[AUDIT_HASH_HEX]);

#endif
