/* The audit trail's hash chain: each entry's hash covers its own content and
 * the previous entry's hash, so altering, inserting or removing an entry
 * breaks every hash after it. BLAKE2b-256 via libsodium, hex encoded. */
#ifndef FORGEDESK_AUDIT_CHAIN_H
#define FORGEDESK_AUDIT_CHAIN_H

#include <stddef.h>
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

/* Erasure (docs/PRIVACY.md) rewrites the personal data in entries already
 * written. The chain is not recomputed: each rewritten entry keeps its
 * stored hash, which the next entry's prev_hash links to, and a later
 * erasure entry — itself in the chain — records for it the stored hash it
 * checked before rewriting and the hash of the content as rewritten (its
 * digest). The entry then counts as intact when its present content hashes
 * to that digest: any other change still shows. */
typedef struct AuditRedaction {
  int64_t seq;     /* the rewritten entry */
  int64_t by_seq;  /* the erasure entry that vouches for it */
  char hash[AUDIT_HASH_HEX];   /* its stored hash, as checked before rewriting */
  char digest[AUDIT_HASH_HEX]; /* audit_chain_hash of its content as rewritten */
} AuditRedaction;

/* Sorts redactions by seq and keeps, for each entry, the latest erasure's
 * record (an entry may be rewritten more than once); returns the new count. */
size_t audit_redactions_settle(AuditRedaction *r, size_t n);
/* The redaction of entry seq in r (settled), or NULL. */
const AuditRedaction *audit_redaction_find(const AuditRedaction *r, size_t n, int64_t seq);

typedef enum {
  AUDIT_ENTRY_INTACT,   /* its content hashes to its stored hash */
  AUDIT_ENTRY_REWRITTEN, /* rewritten by an erasure that vouches for its present content */
  AUDIT_ENTRY_ALTERED,  /* changed otherwise */
} AuditEntryCheck;
/* Checks e against its stored hash and the settled redactions r; a
 * redaction counts only when recorded by a later entry for this stored hash. */
AuditEntryCheck audit_chain_check(const AuditEntry *e, const char *stored, const AuditRedaction *r, size_t n);

#endif
