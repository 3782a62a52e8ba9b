/* Unit tests for src/util/text.c (UTF-8 checking, search folding, word
 * splitting) and src/util/buffer.c, the growable buffer folding writes into.
 * Every expectation is worked out by hand from the Unicode code charts. */
#include "helpers.h"

#include "util/buffer.h"
#include "util/text.h"

/* --- text_utf8_length --------------------------------------------------------------- */

typedef struct Utf8Case {
  const char *label;
  const char *bytes;
  size_t len;
  long expected; /* code points, or -1 for malformed */
} Utf8Case;

static void check_utf8(const Utf8Case *cases, size_t n) {
  for (size_t i = 0; i < n; i++)
    expect_int(cases[i].label, cases[i].expected, text_utf8_length(cases[i].bytes, cases[i].len));
  expect_all_rows_passed();
}

static void test_utf8_length_counts_code_points_not_bytes(void **state) {
  (void)state;
  static const Utf8Case cases[] = {
      {"empty", "", 0, 0},
      {"ascii", "Acme", 4, 4},
      {"NUL is a code point", "a\0b", 3, 3},
      {"2-byte é", "\xc3\xa9", 2, 1},
      {"Müller", "M\xc3\xbcller", 7, 6},
      {"3-byte €", "\xe2\x82\xac", 3, 1},
      {"東京", "\xe6\x9d\xb1\xe4\xba\xac", 6, 2},
      {"4-byte emoji U+1F600", "\xf0\x9f\x98\x80", 4, 1},
      {"mixed a é € 😀", "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 10, 4},
      /* the first and last code point of every encoded length */
      {"U+007F", "\x7f", 1, 1},
      {"U+0080", "\xc2\x80", 2, 1},
      {"U+07FF", "\xdf\xbf", 2, 1},
      {"U+0800", "\xe0\xa0\x80", 3, 1},
      {"U+D7FF (last before surrogates)", "\xed\x9f\xbf", 3, 1},
      {"U+E000 (first after surrogates)", "\xee\x80\x80", 3, 1},
      {"U+FFFF", "\xef\xbf\xbf", 3, 1},
      {"U+10000", "\xf0\x90\x80\x80", 4, 1},
      {"U+10FFFF", "\xf4\x8f\xbf\xbf", 4, 1},
      {"only len bytes are read", "ab\xff", 2, 2},
  };
  check_utf8(cases, COUNT(cases));
}

static void test_utf8_rejects_overlong_and_surrogates(void **state) {
  (void)state;
  static const Utf8Case cases[] = {
      {"overlong NUL C0 80", "\xc0\x80", 2, -1},
      {"overlong '/' C0 AF", "\xc0\xaf", 2, -1},
      {"overlong C1 BF", "\xc1\xbf", 2, -1},
      {"overlong 3-byte NUL", "\xe0\x80\x80", 3, -1},
      {"overlong 3-byte U+07FF", "\xe0\x9f\xbf", 3, -1},
      {"overlong 4-byte NUL", "\xf0\x80\x80\x80", 4, -1},
      {"overlong 4-byte U+FFFF", "\xf0\x8f\xbf\xbf", 4, -1},
      {"surrogate U+D800", "\xed\xa0\x80", 3, -1},
      {"surrogate U+DBFF", "\xed\xaf\xbf", 3, -1},
      {"surrogate U+DC00", "\xed\xb0\x80", 3, -1},
      {"surrogate U+DFFF", "\xed\xbf\xbf", 3, -1},
      {"CESU-8 pair for U+1F600", "\xed\xa0\xbd\xed\xb8\x80", 6, -1},
      {"above U+10FFFF", "\xf4\x90\x80\x80", 4, -1},
      {"lead F5", "\xf5\x80\x80\x80", 4, -1},
      {"lead F8 (5-byte form)", "\xf8\x88\x80\x80\x80", 5, -1},
      {"byte FE", "\xfe", 1, -1},
      {"byte FF", "\xff", 1, -1},
  };
  check_utf8(cases, COUNT(cases));
}

static void test_utf8_rejects_truncated_and_stray_bytes(void **state) {
  (void)state;
  static const Utf8Case cases[] = {
      {"lone continuation 80", "\x80", 1, -1},
      {"lone continuation BF", "\xbf", 1, -1},
      {"continuation after ascii", "a\x80", 2, -1},
      {"2-byte cut short", "\xc3", 1, -1},
      {"3-byte cut short", "\xe2\x82", 2, -1},
      {"4-byte cut short", "\xf0\x9f\x98", 3, -1},
      {"é cut by len", "\xc3\xa9", 1, -1},
      {"lead then ascii", "\xc3" "A", 2, -1},
      {"3-byte with ascii inside", "\xe2(\xa1", 3, -1},
      {"valid text then a stray byte", "Acme \xff", 6, -1},
  };
  check_utf8(cases, COUNT(cases));
}

/* --- text_fold ---------------------------------------------------------------------- */

typedef struct FoldCase {
  const char *input;
  const char *expected;
} FoldCase;

static void check_fold(const FoldCase *cases, size_t n) {
  for (size_t i = 0; i < n; i++) {
    Buffer out = BUFFER_INIT;
    text_fold(cases[i].input, &out);
    expect_text(cases[i].input, cases[i].expected, buffer_cstr(&out));
    buffer_free(&out);
  }
  expect_all_rows_passed();
}

static void test_fold_lowercases_ascii_and_keeps_digits(void **state) {
  (void)state;
  static const FoldCase cases[] = {
      {"", ""},
      {"a", "a"},
      {"ACME", "acme"},
      {"Acme Ltd 42", "acme ltd 42"},
      {"R2D2", "r2d2"},
      {"AZaz09", "azaz09"},
  };
  check_fold(cases, COUNT(cases));
}

static void test_fold_removes_accents_and_case(void **state) {
  (void)state;
  static const FoldCase cases[] = {
      {"Müller", "muller"},
      {"MÜLLER", "muller"},
      {"müller", "muller"},
      {"Crème Brûlée", "creme brulee"},
      {"Ångström", "angstrom"},
      {"Çelik", "celik"},
      {"Ñandú", "nandu"},
      {"Øster", "oster"},
      {"Ýmir ÿ", "ymir y"},
      {"Łódź", "lodz"},
      {"Żółć", "zolc"},
      {"Đorđe", "dorde"},
      {"Škoda", "skoda"},
      {"Ğüneş", "gunes"},
      {"ÀÁÂÃÄÅ àáâãäå", "aaaaaa aaaaaa"},
      {"ÈÉÊË ÌÍÎÏ ÒÓÔÕÖ ÙÚÛÜ", "eeee iiii ooooo uuuu"},
      {"ſ (long s)", "s long s"},
  };
  check_fold(cases, COUNT(cases));
}

static void test_fold_expands_sharp_s_and_ligatures(void **state) {
  (void)state;
  static const FoldCase cases[] = {
      {"ß", "ss"},
      {"Straße", "strasse"},
      {"STRASSE", "strasse"},
      {"æ", "ae"},
      {"Æsir", "aesir"},
      {"Cæsar", "caesar"},
      {"Œuvre", "oeuvre"},
      {"Þór", "thor"},
      {"ĳssel", "ijssel"},
  };
  check_fold(cases, COUNT(cases));
}

static void test_fold_collapses_separators_to_one_space(void **state) {
  (void)state;
  static const FoldCase cases[] = {
      {"   ", ""},
      {"!!!", ""},
      {"  Smith,  John -- Jr.  ", "smith john jr"},
      {"a\tb\nc\r\nd", "a b c d"},
      {"O'Brien", "o brien"},
      {"acme.co.uk", "acme co uk"},
      {"¡Hola!", "hola"},
      {"«Test»", "test"},
      {"©2024 Acme®", "2024 acme"},
      {"2×3÷4", "2 3 4"},
      {"a\xc2\xa0" "b", "a b"}, /* U+00A0 no-break space */
  };
  check_fold(cases, COUNT(cases));
}

static void test_fold_keeps_non_latin_scripts(void **state) {
  (void)state;
  static const FoldCase cases[] = {
      {"東京", "東京"},
      {"東京 Trading", "東京 trading"},
      {"日本語-テキスト", "日本語 テキスト"},
      {"москва", "москва"},
      {"αθήνα", "αθήνα"},
      {"שלום עולם", "שלום עולם"},
      {"Café 北京", "cafe 北京"},
      {"𠀀 (U+20000)", "𠀀 u 20000"},
  };
  check_fold(cases, COUNT(cases));
}

/* text.h promises lower case without limiting it to Latin: an account written
 * "Москва Трейд" must be found by "москва", as "Müller" is by "mul". */
static void test_fold_lowercases_greek_and_cyrillic(void **state) {
  (void)state;
  static const FoldCase cases[] = {
      {"Москва", "москва"},
      {"ПРИВЕТ", "привет"},
      {"Αθήνα", "αθήνα"}, /* only Latin accents are removed */
      {"ΑΘΗΝΑ", "αθηνα"},
  };
  check_fold(cases, COUNT(cases));
}

/* text.h promises that every run of characters that are not letters or digits
 * becomes one space. Typographic punctuation is what word processors and
 * phones put into names ("O’Brien"), so it must split words like its ASCII
 * counterparts do, or "brien" and "o'brien" would not find "O’Brien". */
static void test_fold_treats_unicode_punctuation_as_separators(void **state) {
  (void)state;
  static const FoldCase cases[] = {
      {"O\xe2\x80\x99" "Brien", "o brien"},      /* U+2019 right single quotation mark */
      {"Smith\xe2\x80\x94" "Jones", "smith jones"}, /* U+2014 em dash */
      {"\xe2\x80\x9c" "Acme\xe2\x80\x9d", "acme"},   /* U+201C/U+201D curly double quotes */
      {"a\xe3\x80\x80" "b", "a b"},                  /* U+3000 ideographic space */
      {"Acme\xe2\x80\xa6", "acme"},                  /* U+2026 horizontal ellipsis */
  };
  check_fold(cases, COUNT(cases));
}

static void test_fold_skips_malformed_bytes_without_reading_past_the_end(void **state) {
  (void)state;
  static const FoldCase cases[] = {
      {"a\xff" "b", "ab"},
      {"abc\xc3", "abc"},
      {"abc\xf0\x9f\x98", "abc"},
      {"\xed\xa0\x80x", "x"},
  };
  check_fold(cases, COUNT(cases));
}

/* A name typed on a Mac or pasted from a PDF may arrive decomposed: the
 * letter, then a combining accent. It must fold as the precomposed form does. */
static void test_fold_drops_combining_marks(void **state) {
  (void)state;
  static const FoldCase cases[] = {
      {"Mu\xcc\x88" "ller", "muller"},      /* u + U+0308 combining diaeresis */
      {"Ce\xcc\x81" "line", "celine"},      /* e + U+0301 combining acute */
      {"a\xcc\x88\xcc\x81" "b", "ab"},      /* two marks in a row */
      {"\xcc\x88" "abc", "abc"},          /* a mark with nothing to sit on */
      {"x \xcc\x88 y", "x y"},            /* a mark between words does not join them */
  };
  check_fold(cases, COUNT(cases));
}

static void test_fold_appends_to_what_the_buffer_holds(void **state) {
  (void)state;
  Buffer out = BUFFER_INIT;
  buffer_puts(&out, "key:");
  text_fold("  Zoë  ", &out);
  assert_string_equal(buffer_cstr(&out), "key:zoe");
  buffer_free(&out);
}

/* --- text_each_word ------------------------------------------------------------------ */

typedef struct Words {
  char seen[8][32];
  int n;
  int stop_at; /* return 7 from this call (1-based), 0 = never */
} Words;

static int collect(const char *word, size_t len, void *ctx) {
  Words *w = ctx;
  assert_true(len > 0 && len < sizeof w->seen[0]);
  memcpy(w->seen[w->n], word, len);
  w->seen[w->n][len] = '\0';
  w->n++;
  return w->n == w->stop_at ? 7 : 0;
}

static void test_each_word_splits_on_spaces(void **state) {
  (void)state;
  static const struct {
    const char *folded;
    int n;
    const char *words[4];
  } cases[] = {
      {"", 0, {NULL}},
      {"acme", 1, {"acme"}},
      {"acme ltd 42", 3, {"acme", "ltd", "42"}},
      {"  a  b ", 2, {"a", "b"}},
      {"東京 trading", 2, {"東京", "trading"}},
  };
  for (size_t i = 0; i < COUNT(cases); i++) {
    Words w = {.n = 0};
    expect_int(cases[i].folded, 0, text_each_word(cases[i].folded, collect, &w));
    expect_int(cases[i].folded, cases[i].n, w.n);
    for (int k = 0; k < w.n && k < cases[i].n; k++) expect_text(cases[i].folded, cases[i].words[k], w.seen[k]);
  }
  expect_all_rows_passed();
}

static void test_each_word_stops_when_the_callback_says_so(void **state) {
  (void)state;
  Words w = {.n = 0, .stop_at = 2};
  assert_int_equal(text_each_word("one two three", collect, &w), 7);
  assert_int_equal(w.n, 2);
  assert_string_equal(w.seen[1], "two");
}

/* --- Buffer --------------------------------------------------------------------------- */

static void test_buffer_empty_reads_as_empty_string(void **state) {
  (void)state;
  Buffer b = BUFFER_INIT;
  assert_string_equal(buffer_cstr(&b), "");
  buffer_reset(&b); /* harmless before the first append */
  assert_int_equal(b.len, 0);
  char *taken = buffer_take(&b);
  assert_string_equal(taken, "");
  free(taken);
  buffer_free(&b);
}

static void test_buffer_grows_and_stays_nul_terminated(void **state) {
  (void)state;
  Buffer b = BUFFER_INIT;
  for (int i = 0; i < 1000; i++) buffer_putc(&b, (char)('a' + i % 26));
  assert_int_equal(b.len, 1000);
  assert_true(b.cap > 1000);
  assert_int_equal(strlen(buffer_cstr(&b)), 1000);
  assert_int_equal(b.data[999], 'a' + 999 % 26);
  buffer_append(&b, "xyz", 0); /* appending nothing keeps the text */
  assert_int_equal(b.len, 1000);
  buffer_append(&b, "a\0b", 3); /* bytes, not C strings */
  assert_int_equal(b.len, 1003);
  assert_memory_equal(b.data + 1000, "a\0b", 4);
  buffer_free(&b);
  assert_null(b.data);
}

static void test_buffer_printf_appends_formatted_text(void **state) {
  (void)state;
  Buffer b = BUFFER_INIT;
  buffer_printf(&b, "%s", "");
  assert_string_equal(buffer_cstr(&b), "");
  buffer_printf(&b, "%d:%s", 42, "acme");
  buffer_printf(&b, "|%05.1f", 3.14159);
  assert_string_equal(buffer_cstr(&b), "42:acme|003.1");
  char big[300];
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  buffer_printf(&b, "[%s]", big); /* past the first allocation */
  assert_int_equal(b.len, 13 + 2 + 299);
  assert_int_equal(buffer_cstr(&b)[b.len - 1], ']');
  buffer_free(&b);
}

static void test_buffer_take_hands_over_and_empties(void **state) {
  (void)state;
  Buffer b = BUFFER_INIT;
  buffer_puts(&b, "hello");
  char *s = buffer_take(&b);
  assert_string_equal(s, "hello");
  assert_null(b.data);
  assert_int_equal(b.len, 0);
  assert_string_equal(buffer_cstr(&b), "");
  buffer_puts(&b, "again");
  assert_string_equal(buffer_cstr(&b), "again");
  free(s);
  buffer_free(&b);
}

static void test_buffer_reset_empties_but_keeps_memory(void **state) {
  (void)state;
  Buffer b = BUFFER_INIT;
  buffer_puts(&b, "some text");
  size_t cap = b.cap;
  buffer_reset(&b);
  assert_int_equal(b.len, 0);
  assert_int_equal(b.cap, cap);
  assert_string_equal(buffer_cstr(&b), "");
  buffer_puts(&b, "new");
  assert_string_equal(buffer_cstr(&b), "new");
  buffer_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_utf8_length_counts_code_points_not_bytes),
      cmocka_unit_test(test_utf8_rejects_overlong_and_surrogates),
      cmocka_unit_test(test_utf8_rejects_truncated_and_stray_bytes),
      cmocka_unit_test(test_fold_lowercases_ascii_and_keeps_digits),
      cmocka_unit_test(test_fold_removes_accents_and_case),
      cmocka_unit_test(test_fold_expands_sharp_s_and_ligatures),
      cmocka_unit_test(test_fold_collapses_separators_to_one_space),
      cmocka_unit_test(test_fold_keeps_non_latin_scripts),
      cmocka_unit_test(test_fold_lowercases_greek_and_cyrillic),
      cmocka_unit_test(test_fold_treats_unicode_punctuation_as_separators),
      cmocka_unit_test(test_fold_skips_malformed_bytes_without_reading_past_the_end),
      cmocka_unit_test(test_fold_drops_combining_marks),
      cmocka_unit_test(test_fold_appends_to_what_the_buffer_holds),
      cmocka_unit_test(test_each_word_splits_on_spaces),
      cmocka_unit_test(test_each_word_stops_when_the_callback_says_so),
      cmocka_unit_test(test_buffer_empty_reads_as_empty_string),
      cmocka_unit_test(test_buffer_grows_and_stays_nul_terminated),
      cmocka_unit_test(test_buffer_printf_appends_formatted_text),
      cmocka_unit_test(test_buffer_take_hands_over_and_empties),
      cmocka_unit_test(test_buffer_reset_empties_but_keeps_memory),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
