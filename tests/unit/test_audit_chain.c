/* Unit tests for src/core/audit_chain.c: the hash that links each audit entry
 * to the one before it. The known-answer vector pins the exact hashed bytes,
 * because every stored chain must still verify after the code changes. */
#include "helpers.h"

#include <sodium.h>

#include "core/audit_chain.h"

/* The entry the tests vary one field at a time. */
static AuditEntry base_entry(void) {
  return (AuditEntry){
      .seq = 1,
      .at = "2026-01-01T00:00:00Z",
      .actor_id = 7,
      .actor = "alice",
      .entity = "account",
      .entity_id = 42,
      .action = "create",
      .before = NULL,
      .after = "{\"name\":\"Acme\"}",
      .prev_hash = "",
  };
}

static void hash_of(AuditEntry e, char out[AUDIT_HASH_HEX]) { audit_chain_hash(&e, out); }

/* Each field is written as "<byte length>:<bytes>" (integers in decimal, NULL
 * as "-1:") in the order seq, at, actor_id, actor, entity, entity_id, action,
 * before, after, prev_hash, so base_entry() hashes these 80 bytes:
 *   1:1 20:2026-01-01T00:00:00Z 1:7 5:alice 7:account 2:42 6:create -1: 15:{"name":"Acme"} 0:
 * (without the spaces). BLAKE2b-256 of them, from Python's
 * hashlib.blake2b(data, digest_size=32).hexdigest(): */
static void test_audit_hash_matches_known_vector(void **state) {
  (void)state;
  char hash[AUDIT_HASH_HEX];
  hash_of(base_entry(), hash);
  assert_string_equal(hash, "aaf641743bb6ffd06477d86efc0c290389eea214ca1868ae565e8e85abd2f4e7");
}

static void test_audit_hash_is_64_lower_case_hex_and_deterministic(void **state) {
  (void)state;
  char a[AUDIT_HASH_HEX], b[AUDIT_HASH_HEX];
  hash_of(base_entry(), a);
  hash_of(base_entry(), b);
  assert_int_equal(strlen(a), 64);
  for (const char *p = a; *p; p++)
    if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) expect_fail("'%c' in %s", *p, a);
  expect_all_rows_passed();
  assert_string_equal(a, b);
}

static void test_audit_hash_changes_when_any_field_changes(void **state) {
  (void)state;
  char base[AUDIT_HASH_HEX];
  hash_of(base_entry(), base);
  AuditEntry variants[12];
  const char *labels[12];
  size_t n = 0;
#define VARY(label, field, value)    \
  do {                               \
    variants[n] = base_entry();      \
    variants[n].field = (value);     \
    labels[n++] = (label);           \
  } while (0)
  VARY("seq", seq, 2);
  VARY("at", at, "2026-01-01T00:00:01Z");
  VARY("actor_id", actor_id, 8);
  VARY("actor", actor, "alicf");
  VARY("entity", entity, "contact");
  VARY("entity_id", entity_id, 43);
  VARY("action", action, "update");
  VARY("before", before, "{}");
  VARY("after", after, "{\"name\":\"Acmf\"}");
  VARY("prev_hash", prev_hash, "aaf641743bb6ffd06477d86efc0c290389eea214ca1868ae565e8e85abd2f4e7");
  VARY("entity_id sign", entity_id, -42);
  VARY("actor_id zero (the system)", actor_id, 0);
#undef VARY
  for (size_t i = 0; i < n; i++) {
    char h[AUDIT_HASH_HEX];
    hash_of(variants[i], h);
    if (strcmp(h, base) == 0) expect_fail("changing %s left the hash unchanged", labels[i]);
  }
  expect_all_rows_passed();
}

/* The optional text fields of an entry, by name. */
static const char **text_field(AuditEntry *e, const char *name) {
  return strcmp(name, "before") == 0 ? &e->before : strcmp(name, "after") == 0 ? &e->after : &e->actor;
}

static void test_audit_hash_distinguishes_null_from_empty(void **state) {
  (void)state;
  static const char *const fields[] = {"before", "after", "actor"};
  for (size_t i = 0; i < COUNT(fields); i++) {
    AuditEntry with_null = base_entry(), with_empty = base_entry();
    *text_field(&with_null, fields[i]) = NULL;
    *text_field(&with_empty, fields[i]) = "";
    char a[AUDIT_HASH_HEX], b[AUDIT_HASH_HEX];
    hash_of(with_null, a);
    hash_of(with_empty, b);
    if (strcmp(a, b) == 0) expect_fail("%s: NULL and \"\" hash alike", fields[i]);
  }
  expect_all_rows_passed();
}

/* Length prefixes keep field boundaries: moving text from one field into its
 * neighbour, or spelling the NULL marker inside a value, changes the hash. */
static void test_audit_hash_keeps_field_boundaries(void **state) {
  (void)state;
  AuditEntry a = base_entry(), b = base_entry();
  a.actor = "ab", a.entity = "c";
  b.actor = "a", b.entity = "bc";
  char ha[AUDIT_HASH_HEX], hb[AUDIT_HASH_HEX];
  hash_of(a, ha);
  hash_of(b, hb);
  assert_string_not_equal(ha, hb);

  /* a value spelled like the NULL marker is not NULL */
  AuditEntry e = base_entry(), f = base_entry();
  e.before = "-1:", e.after = "";
  f.before = NULL, f.after = "-1:";
  hash_of(e, ha);
  hash_of(f, hb);
  assert_string_not_equal(ha, hb);
}

/* A chain of three: altering the first entry changes its hash, which is the
 * second entry's prev_hash, so the second's hash changes too, and so on. */
static void test_audit_hash_links_each_entry_to_the_one_before(void **state) {
  (void)state;
  char chain[3][AUDIT_HASH_HEX], altered[3][AUDIT_HASH_HEX];
  for (int pass = 0; pass < 2; pass++) {
    char(*out)[AUDIT_HASH_HEX] = pass ? altered : chain;
    for (int i = 0; i < 3; i++) {
      AuditEntry e = base_entry();
      e.seq = i + 1;
      e.action = i == 0 ? "create" : "update";
      if (pass && i == 0) e.after = "{\"name\":\"Acme Evil\"}";
      e.prev_hash = i ? out[i - 1] : "";
      audit_chain_hash(&e, out[i]);
    }
  }
  for (int i = 0; i < 3; i++)
    if (strcmp(chain[i], altered[i]) == 0) expect_fail("entry %d kept its hash after entry 1 changed", i + 1);
  expect_all_rows_passed();
}

int main(void) {
  if (sodium_init() < 0) return 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_audit_hash_matches_known_vector),
      cmocka_unit_test(test_audit_hash_is_64_lower_case_hex_and_deterministic),
      cmocka_unit_test(test_audit_hash_changes_when_any_field_changes),
      cmocka_unit_test(test_audit_hash_distinguishes_null_from_empty),
      cmocka_unit_test(test_audit_hash_keeps_field_boundaries),
      cmocka_unit_test(test_audit_hash_links_each_entry_to_the_one_before),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
