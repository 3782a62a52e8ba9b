/* Unit tests for data protection's pure parts: scrubbing a person's strings
 * out of text, the LIKE patterns that find them, the retention kinds and
 * their dates, the escaped export page, and the audit chain's acceptance of
 * rewrites an erasure vouches for (and of nothing else). */
#include "helpers.h"

#include <sodium.h>

#include "core/audit_chain.h"
#include "core/privacy.h"
#include "util/html.h"

static PrivacyTerms terms_of(const char *a, const char *b, const char *c) {
  PrivacyTerms t = {0};
  privacy_terms_add(&t, a);
  privacy_terms_add(&t, b);
  privacy_terms_add(&t, c);
  return t;
}

static void test_privacy_scrub_replaces_every_term_ignoring_case(void **state) {
  (void)state;
  PrivacyTerms t = terms_of("Anna Berg", "anna.berg@example.org", "+44 113 496 0000");
  static const struct {
    const char *text, *expected;
  } rows[] = {
      {"Dear Anna Berg,", "Dear [erased],"},
      {"ANNA BERG rang from +44 113 496 0000", "[erased] rang from [erased]"},
      {"mail Anna.Berg@Example.org or anna berg", "mail [erased] or [erased]"},
      {"Anna Berg Anna Berg", "[erased] [erased]"},
      {"Anna alone is not the whole name", NULL},
      {"", NULL},
      {"Müller and Anna Bergström", "Müller and [erased]ström"}, /* a substring is still her name */
  };
  for (size_t i = 0; i < COUNT(rows); i++) {
    char *got = privacy_scrub_text(rows[i].text, &t);
    expect_text(rows[i].text, rows[i].expected, got);
    free(got);
  }
  expect_all_rows_passed();
  assert_null(privacy_scrub_text(NULL, &t));
}

static void test_privacy_longest_term_wins(void **state) {
  (void)state;
  PrivacyTerms t = terms_of("Anna", "Anna Berg", NULL);
  char *got = privacy_scrub_text("Anna Berg and Anna", &t);
  assert_string_equal(got, "[erased] and [erased]");
  free(got);
}

static void test_privacy_terms_leave_out_short_blank_and_repeated_strings(void **state) {
  (void)state;
  PrivacyTerms t = terms_of("Al", "   ", NULL);
  assert_int_equal(t.n, 0);
  assert_null(privacy_scrub_text("Also also", &t));
  t = terms_of("Bob Smith", "bob smith", "bob@example.org");
  assert_int_equal(t.n, 2);
  for (int i = 0; i < 5; i++) privacy_terms_add(&t, "another long term");
  assert_int_equal(t.n, 3);
}

static void test_privacy_like_pattern_escapes_wildcards(void **state) {
  (void)state;
  static const struct {
    const char *term, *pattern;
  } rows[] = {
      {"Anna", "%anna%"},
      {"100% Sure_Ltd!", "%100!% sure!_ltd!!%"},
      {"a@b.org", "%a@b.org%"},
  };
  for (size_t i = 0; i < COUNT(rows); i++) {
    char *got = privacy_like_pattern(rows[i].term);
    expect_text(rows[i].term, rows[i].pattern, got);
    free(got);
  }
  expect_all_rows_passed();
}

static void test_privacy_retention_kinds_and_dates(void **state) {
  (void)state;
  PrivacyRetentionKind k;
  for (int i = 0; i < RETAIN_KIND_COUNT; i++) {
    const PrivacyRetentionInfo *info = privacy_retention_info((PrivacyRetentionKind)i);
    assert_non_null(info);
    assert_int_equal(privacy_retention_parse(info->name, &k), 0);
    assert_int_equal(k, i);
  }
  assert_int_equal(privacy_retention_parse("everything", &k), -1);
  assert_null(privacy_retention_info(RETAIN_KIND_COUNT));
  assert_int_equal(privacy_retention_info(RETAIN_SESSIONS)->default_days, 30);
  assert_int_equal(privacy_retention_info(RETAIN_CLOSED_CASES)->default_days, 0);
  char out[TIME_TEXT_SIZE];
  assert_int_equal(privacy_retention_cutoff("2026-03-01T12:00:00Z", 30, out), 0);
  assert_string_equal(out, "2026-01-30T12:00:00Z"); /* February has 28 days in 2026 */
  assert_int_equal(privacy_retention_due_at("2024-02-29T00:00:00Z", 365, out), 0);
  assert_string_equal(out, "2025-02-28T00:00:00Z");
  assert_int_equal(privacy_retention_cutoff("yesterday", 1, out), -1);
}

static void test_privacy_page_escapes_every_text(void **state) {
  (void)state;
  Buffer b = BUFFER_INIT;
  html_escape(&b, "<a href=\"x\">Tom & 'Jerry'</a>");
  assert_string_equal(buffer_cstr(&b), "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  buffer_reset(&b);
  json_t *sections = json_pack("{s:{s:s}, s:[{s:s, s:{s:s}}], s:[]}", "contact", "name", "<script>x</script>", "notes",
                               "body", "<img onerror=1>", "state", "k", "<b>", "orders");
  html_document(&b, "Title <i>", "Note & more", sections);
  const char *page = buffer_cstr(&b);
  assert_null(strstr(page, "<script>"));
  assert_null(strstr(page, "<img"));
  assert_null(strstr(page, "<b>"));
  assert_null(strstr(page, "<i>"));
  assert_non_null(strstr(page, "&lt;script&gt;x&lt;/script&gt;"));
  assert_non_null(strstr(page, "<h2>notes (1)</h2>"));
  assert_non_null(strstr(page, "<h2>orders (0)</h2>\n<p>None held.</p>"));
  assert_non_null(strstr(page, "{&quot;k&quot;:&quot;&lt;b&gt;&quot;}"));
  json_decref(sections);
  buffer_free(&b);
}

/* --- the chain's acceptance of rewrites ------------------------------------------------- */
static AuditEntry entry(int64_t seq, const char *after) {
  return (AuditEntry){.seq = seq, .at = "2026-01-01T00:00:00Z", .actor_id = 7, .actor = "alice",
                      .entity = "contact", .entity_id = 3, .action = "create", .before = NULL, .after = after,
                      .prev_hash = ""};
}

static void test_audit_chain_accepts_only_the_rewrite_a_later_erasure_recorded(void **state) {
  (void)state;
  AuditEntry original = entry(5, "{\"name\":\"Anna Berg\"}"), rewritten = entry(5, "{\"name\":\"[erased]\"}"),
             forged = entry(5, "{\"name\":\"Someone Else\"}");
  char stored[AUDIT_HASH_HEX], digest[AUDIT_HASH_HEX];
  audit_chain_hash(&original, stored);
  audit_chain_hash(&rewritten, digest);
  AuditRedaction r = {.seq = 5, .by_seq = 9};
  memcpy(r.hash, stored, AUDIT_HASH_HEX);
  memcpy(r.digest, digest, AUDIT_HASH_HEX);
  assert_int_equal(audit_chain_check(&original, stored, NULL, 0), AUDIT_ENTRY_INTACT);
  assert_int_equal(audit_chain_check(&rewritten, stored, NULL, 0), AUDIT_ENTRY_ALTERED);
  assert_int_equal(audit_chain_check(&rewritten, stored, &r, 1), AUDIT_ENTRY_REWRITTEN);
  assert_int_equal(audit_chain_check(&forged, stored, &r, 1), AUDIT_ENTRY_ALTERED);
  assert_int_equal(audit_chain_check(&original, stored, &r, 1), AUDIT_ENTRY_INTACT);
  /* Recorded by an entry before it, or for another stored hash: not accepted. */
  AuditRedaction early = r;
  early.by_seq = 4;
  assert_int_equal(audit_chain_check(&rewritten, stored, &early, 1), AUDIT_ENTRY_ALTERED);
  AuditRedaction other = r;
  other.hash[0] = other.hash[0] == 'a' ? 'b' : 'a';
  assert_int_equal(audit_chain_check(&rewritten, stored, &other, 1), AUDIT_ENTRY_ALTERED);
}

static void test_audit_redactions_settle_keeps_the_latest_erasure(void **state) {
  (void)state;
  AuditRedaction r[] = {{.seq = 8, .by_seq = 20}, {.seq = 3, .by_seq = 10}, {.seq = 8, .by_seq = 12},
                        {.seq = 5, .by_seq = 10}};
  size_t n = audit_redactions_settle(r, COUNT(r));
  assert_int_equal(n, 3);
  assert_int_equal(r[0].seq, 3);
  assert_int_equal(r[2].seq, 8);
  assert_int_equal(r[2].by_seq, 20);
  assert_ptr_equal(audit_redaction_find(r, n, 5), &r[1]);
  assert_null(audit_redaction_find(r, n, 4));
  assert_null(audit_redaction_find(r, 0, 3));
  assert_int_equal(audit_redactions_settle(r, 0), 0);
}

int main(void) {
  if (sodium_init() < 0) return 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_privacy_scrub_replaces_every_term_ignoring_case),
      cmocka_unit_test(test_privacy_longest_term_wins),
      cmocka_unit_test(test_privacy_terms_leave_out_short_blank_and_repeated_strings),
      cmocka_unit_test(test_privacy_like_pattern_escapes_wildcards),
      cmocka_unit_test(test_privacy_retention_kinds_and_dates),
      cmocka_unit_test(test_privacy_page_escapes_every_text),
      cmocka_unit_test(test_audit_chain_accepts_only_the_rewrite_a_later_erasure_recorded),
      cmocka_unit_test(test_audit_redactions_settle_keeps_the_latest_erasure),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
