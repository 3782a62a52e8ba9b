/* Unit tests for src/util/json_write.c: its text must be byte for byte
 * jansson's JSON_COMPACT (and, sorted, JSON_COMPACT | JSON_SORT_KEYS) text,
 * since audit entries hashed before and after it must read the same. Checked
 * on hand-picked edge values and on many pseudo-random documents. */
#include "helpers.h"

#include "core/rng.h"
#include "util/json_write.h"

/* Compares json_write with jansson for one document, both orders. */
static void expect_same_as_jansson(const char *label, const json_t *v) {
  static const struct {
    unsigned ours;
    size_t theirs;
  } modes[] = {{0, JSON_COMPACT | JSON_ENCODE_ANY}, {JSON_WRITE_SORTED, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY}};
  for (size_t m = 0; m < COUNT(modes); m++) {
    Buffer ours = BUFFER_INIT;
    json_write(&ours, v, modes[m].ours);
    char *theirs = json_dumps(v, modes[m].theirs);
    expect_text(label, theirs, buffer_cstr(&ours));
    free(theirs);
    buffer_free(&ours);
  }
}

static void test_edge_values_match_jansson(void **state) {
  (void)state;
  static const char *const documents[] = {
      "{}", "[]", "null", "true", "false", "0", "-1", "9223372036854775807", "-9223372036854775808",
      "1.5", "0.1", "-2.5e300", "1e-7", "\"\"", "\"plain\"",
      "\"quote \\\" backslash \\\\ slash / tab \\t newline \\n cr \\r bs \\b ff \\f\"",
      "\"control \\u0001 \\u001f \\u007f\"", "\"M\\u00fcller \\u00df \\u20ac \\ud83d\\ude00\"",
      "{\"b\":1,\"a\":2,\"c\":{\"z\":[1,{\"y\":null,\"x\":true}],\"a\":\"\"}}",
      "{\"\\u00e9\":1,\"e\":2,\"E\":3,\"ee\":4,\"\":5}", "[[[]],{},[{}]]"};
  for (size_t i = 0; i < COUNT(documents); i++) {
    json_error_t error;
    json_t *v = json_loads(documents[i], JSON_DECODE_ANY, &error);
    if (!v) {
      expect_fail("%s: does not parse: %s", documents[i], error.text);
      continue;
    }
    expect_same_as_jansson(documents[i], v);
    json_decref(v);
  }
  expect_all_rows_passed();
}

/* A random string of printable ASCII, control characters and multi-byte UTF-8. */
static json_t *random_string(Rng *r) {
  static const char *const pieces[] = {"a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\x01", "\x1f", "\x7f",
                                       "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "key", "0"};
  Buffer b = BUFFER_INIT;
  int n = (int)rng_below(r, 12);
  for (int i = 0; i < n; i++) buffer_puts(&b, pieces[rng_below(r, COUNT(pieces))]);
  json_t *s = json_string(buffer_cstr(&b));
  buffer_free(&b);
  return s;
}

static json_t *random_value(Rng *r, int depth) {
  switch (rng_below(r, depth > 3 ? 6 : 8)) {
  case 0: return json_null();
  case 1: return json_boolean(rng_below(r, 2));
  case 2: return json_integer((json_int_t)rng_below(r, 2000000) - 1000000);
  case 3: return json_real(((double)rng_below(r, 1000000) - 500000) / 64.0);
  case 4:
  case 5: return random_string(r);
  case 6: {
    json_t *a = json_array();
    for (int i = (int)rng_below(r, 5); i > 0; i--) json_array_append_new(a, random_value(r, depth + 1));
    return a;
  }
  default: {
    json_t *o = json_object();
    for (int i = (int)rng_below(r, 70); i > 0; i--) {
      json_t *key = random_string(r);
      json_object_set_new(o, json_string_value(key), random_value(r, depth + 1));
      json_decref(key);
    }
    return o;
  }
  }
}

static void test_random_documents_match_jansson(void **state) {
  (void)state;
  Rng r;
  rng_seed(&r, 20261201);
  for (int i = 0; i < 2000; i++) {
    json_t *v = random_value(&r, 0);
    char label[32];
    snprintf(label, sizeof label, "document %d", i);
    expect_same_as_jansson(label, v);
    json_decref(v);
  }
  expect_all_rows_passed();
}

static void test_appends_to_what_the_buffer_holds(void **state) {
  (void)state;
  Buffer b = BUFFER_INIT;
  buffer_puts(&b, "x=");
  json_t *v = json_pack("{s:i}", "n", 7);
  json_write(&b, v, 0);
  assert_string_equal(buffer_cstr(&b), "x={\"n\":7}");
  json_decref(v);
  buffer_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_edge_values_match_jansson),
      cmocka_unit_test(test_random_documents_match_jansson),
      cmocka_unit_test(test_appends_to_what_the_buffer_holds),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
