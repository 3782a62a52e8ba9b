/* Unit tests for src/http/answer_cache.c: a hit needs the same stamp and
 * key; a new stamp drops every answer; only plain 200 answers are kept; the
 * bounds empty the cache instead of letting it grow. */
#include "helpers.h"

#include "http/answer_cache.h"

static const unsigned char stamp_a[STORE_STAMP_BYTES] = {1, 2, 3};
static const unsigned char stamp_b[STORE_STAMP_BYTES] = {1, 2, 4};

/* A 200 JSON answer with body text. */
static Response answer(const char *text) {
  Response res = {.status = 200, .content_type = "application/json", .etag_version = 7};
  buffer_puts(&res.body, text);
  return res;
}

/* Puts text under key at stamp; returns what put said. */
static int put(const unsigned char *stamp, const char *key, const char *text) {
  Response res = answer(text);
  int kept = answer_cache_put(stamp, STORE_STAMP_BYTES, key, &res);
  response_free(&res);
  return kept;
}

/* 1 when key at stamp is a hit whose body is text. */
static int hit_with(const unsigned char *stamp, const char *key, const char *text) {
  Response res = {.status = 500};
  int hit = answer_cache_get(stamp, STORE_STAMP_BYTES, key, &res);
  int same = hit && res.status == 200 && strcmp(buffer_cstr(&res.body), text) == 0 && res.etag_version == 7 &&
             strcmp(res.content_type, "application/json") == 0;
  response_free(&res);
  return same;
}

static int teardown(void **state) {
  (void)state;
  answer_cache_clear();
  return 0;
}

static void test_a_hit_needs_the_same_stamp_and_key(void **state) {
  (void)state;
  assert_int_equal(put(stamp_a, "5 2026-12-01 /api/v1/kpis?team_id=1", "{\"a\":1}"), 1);
  assert_true(hit_with(stamp_a, "5 2026-12-01 /api/v1/kpis?team_id=1", "{\"a\":1}"));
  assert_false(hit_with(stamp_a, "6 2026-12-01 /api/v1/kpis?team_id=1", "{\"a\":1}"));
  assert_false(hit_with(stamp_a, "5 2026-12-02 /api/v1/kpis?team_id=1", "{\"a\":1}"));
  assert_false(hit_with(stamp_b, "5 2026-12-01 /api/v1/kpis?team_id=1", "{\"a\":1}"));
  Response res = {0};
  assert_int_equal(answer_cache_get(stamp_a, 0, "5 2026-12-01 /api/v1/kpis?team_id=1", &res), 0);
  response_free(&res);
}

static void test_a_new_stamp_drops_every_answer(void **state) {
  (void)state;
  put(stamp_a, "k1", "one");
  put(stamp_a, "k2", "two");
  assert_int_equal(answer_cache_entries(), 2);
  put(stamp_b, "k3", "three");
  assert_int_equal(answer_cache_entries(), 1);
  assert_false(hit_with(stamp_a, "k1", "one"));
  assert_false(hit_with(stamp_b, "k1", "one"));
  assert_true(hit_with(stamp_b, "k3", "three"));
}

static void test_the_later_answer_to_one_key_replaces_the_earlier(void **state) {
  (void)state;
  put(stamp_a, "k", "first");
  put(stamp_a, "k", "second");
  assert_int_equal(answer_cache_entries(), 1);
  assert_true(hit_with(stamp_a, "k", "second"));
}

static void test_only_plain_200_answers_are_kept(void **state) {
  (void)state;
  Response refused = answer("{\"status\":400}");
  refused.status = 400;
  assert_int_equal(answer_cache_put(stamp_a, STORE_STAMP_BYTES, "k", &refused), 0);
  response_free(&refused);
  Response created = answer("{}");
  created.location = strdup("/api/v1/cases/1");
  assert_int_equal(answer_cache_put(stamp_a, STORE_STAMP_BYTES, "k", &created), 0);
  response_free(&created);
  Response unstamped = answer("{}");
  assert_int_equal(answer_cache_put(stamp_a, 0, "k", &unstamped), 0);
  response_free(&unstamped);
  assert_int_equal(answer_cache_entries(), 0);
}

static void test_the_bounds_empty_the_cache(void **state) {
  (void)state;
  char key[32];
  for (int i = 0; i < ANSWER_CACHE_MAX_ENTRIES; i++) {
    snprintf(key, sizeof key, "k%d", i);
    put(stamp_a, key, "x");
  }
  assert_int_equal(answer_cache_entries(), ANSWER_CACHE_MAX_ENTRIES);
  put(stamp_a, "one more", "x");
  assert_int_equal(answer_cache_entries(), 1);
  assert_true(hit_with(stamp_a, "one more", "x"));
  /* an answer over the size bound is never kept, and drops nothing */
  char *big = malloc(ANSWER_CACHE_MAX_ANSWER_BYTES + 2);
  assert_non_null(big);
  memset(big, 'x', ANSWER_CACHE_MAX_ANSWER_BYTES + 1);
  big[ANSWER_CACHE_MAX_ANSWER_BYTES + 1] = '\0';
  assert_int_equal(put(stamp_a, "big", big), 0);
  free(big);
  assert_int_equal(answer_cache_entries(), 1);
  assert_true(answer_cache_bytes() < 1024);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_teardown(test_a_hit_needs_the_same_stamp_and_key, teardown),
      cmocka_unit_test_teardown(test_a_new_stamp_drops_every_answer, teardown),
      cmocka_unit_test_teardown(test_the_later_answer_to_one_key_replaces_the_earlier, teardown),
      cmocka_unit_test_teardown(test_only_plain_200_answers_are_kept, teardown),
      cmocka_unit_test_teardown(test_the_bounds_empty_the_cache, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
