/* Unit tests of the RFC 4180 CSV reader and field quoting (src/core/csv.c):
 * what each record's fields, line number and raw text are, and how malformed
 * input is reported without losing the records after it. */
#include "helpers.h"

#include "core/csv.h"

/* What the reader made of a text: per record (up to 8), its fields joined
 * with '|', field count, line, raw text and error. */
typedef struct Parsed {
  int count;
  char fields[8][128];
  size_t nfields[8];
  size_t lines[8];
  const char *errors[8];
  size_t error_fields[8];
  char raw[8][128];
} Parsed;

/* Reads every record of text[0..len) into p. */
static void parse(const char *text, size_t len, Parsed *p) {
  memset(p, 0, sizeof *p);
  CsvReader r;
  CsvRecord rec;
  csv_reader_init(&r, text, len);
  while (csv_read(&r, &rec) == 1) {
    assert_true(p->count < 8);
    Buffer joined = BUFFER_INIT;
    for (size_t i = 0; i < rec.nfields; i++) buffer_printf(&joined, "%s%s", i ? "|" : "", rec.fields[i]);
    snprintf(p->fields[p->count], sizeof p->fields[0], "%s", buffer_cstr(&joined));
    buffer_free(&joined);
    snprintf(p->raw[p->count], sizeof p->raw[0], "%.*s", (int)rec.raw_len, rec.raw);
    p->nfields[p->count] = rec.nfields;
    p->lines[p->count] = rec.line;
    p->errors[p->count] = rec.error;
    p->error_fields[p->count] = rec.error_field;
    p->count++;
  }
  csv_reader_free(&r);
}

#define PARSE(literal, p) parse(literal, sizeof literal - 1, p)

static void test_csv_splits_plain_fields_at_commas(void **state) {
  (void)state;
  Parsed p;
  PARSE("name,tier\nAcme Ltd,A\n", &p);
  assert_int_equal(p.count, 2);
  assert_string_equal(p.fields[0], "name|tier");
  assert_string_equal(p.fields[1], "Acme Ltd|A");
  assert_null(p.errors[1]);
}

static void test_csv_quoted_field_keeps_commas_and_spaces(void **state) {
  (void)state;
  Parsed p;
  PARSE("\"Smith, Jones & Co\",\" padded \"\n", &p);
  assert_int_equal(p.count, 1);
  assert_int_equal(p.nfields[0], 2);
  assert_string_equal(p.fields[0], "Smith, Jones & Co| padded ");
}

static void test_csv_doubled_quote_is_one_quote(void **state) {
  (void)state;
  Parsed p;
  PARSE("\"the \"\"Gold 4h\"\" contract\",\"\"\"\"\n", &p);
  assert_string_equal(p.fields[0], "the \"Gold 4h\" contract|\"");
  assert_null(p.errors[0]);
}

static void test_csv_crlf_and_lf_both_end_records(void **state) {
  (void)state;
  Parsed p;
  PARSE("a,b\r\nc,d\ne,f\r\n", &p);
  assert_int_equal(p.count, 3);
  assert_string_equal(p.fields[0], "a|b");
  assert_string_equal(p.fields[1], "c|d");
  assert_string_equal(p.fields[2], "e|f");
  assert_int_equal(p.lines[2], 3);
  assert_string_equal(p.raw[0], "a,b");
}

static void test_csv_last_record_needs_no_line_end(void **state) {
  (void)state;
  Parsed p;
  PARSE("a,b\nc,d", &p);
  assert_int_equal(p.count, 2);
  assert_string_equal(p.fields[1], "c|d");
}

static void test_csv_embedded_newline_stays_in_field_and_counts_lines(void **state) {
  (void)state;
  Parsed p;
  PARSE("id,notes\n1,\"first line\nsecond line\r\nthird\"\n2,x\n", &p);
  assert_int_equal(p.count, 3);
  assert_string_equal(p.fields[1], "1|first line\nsecond line\r\nthird");
  assert_int_equal(p.lines[1], 2);
  assert_int_equal(p.lines[2], 5);
  assert_string_equal(p.raw[1], "1,\"first line\nsecond line\r\nthird\"");
}

static void test_csv_utf8_bom_at_start_is_skipped(void **state) {
  (void)state;
  Parsed p;
  PARSE("\xEF\xBB\xBFname\nM\xC3\xBCller Hydraulik GmbH\n", &p);
  assert_int_equal(p.count, 2);
  assert_string_equal(p.fields[0], "name");
  assert_string_equal(p.raw[0], "name");
  assert_string_equal(p.fields[1], "M\xC3\xBCller Hydraulik GmbH");
  assert_null(p.errors[1]);
}

static void test_csv_empty_fields_are_kept(void **state) {
  (void)state;
  Parsed p;
  PARSE("a,,\"\",d,\n\n", &p);
  assert_int_equal(p.count, 2);
  assert_int_equal(p.nfields[0], 5);
  assert_string_equal(p.fields[0], "a|||d|");
  /* A blank line is one empty field; the caller decides to skip it. */
  assert_int_equal(p.nfields[1], 1);
  assert_string_equal(p.fields[1], "");
}

static void test_csv_ragged_rows_keep_their_own_field_count(void **state) {
  (void)state;
  Parsed p;
  PARSE("a,b,c\n1,2\n1,2,3,4\n", &p);
  assert_int_equal(p.nfields[0], 3);
  assert_int_equal(p.nfields[1], 2);
  assert_int_equal(p.nfields[2], 4);
  assert_null(p.errors[1]);
  assert_null(p.errors[2]);
}

static void test_csv_unterminated_quote_is_reported_on_the_line_it_opens(void **state) {
  (void)state;
  Parsed p;
  PARSE("a,b\n1,\"never closed\n2,3\n", &p);
  assert_int_equal(p.count, 2);
  assert_int_equal(p.lines[1], 2);
  assert_non_null(p.errors[1]);
  assert_string_equal(p.errors[1], "a quoted field is never closed");
  assert_int_equal(p.error_fields[1], 1);
}

static void test_csv_invalid_utf8_is_reported_with_its_field(void **state) {
  (void)state;
  Parsed p;
  PARSE("name,city\nM\xFCller,Stuttgart\nok,fine\n", &p);
  assert_int_equal(p.count, 3);
  assert_non_null(p.errors[1]);
  assert_string_equal(p.errors[1], "text that is not valid UTF-8");
  assert_int_equal(p.error_fields[1], 0);
  assert_int_equal(p.lines[1], 2);
  /* The reader carries on with the next record. */
  assert_null(p.errors[2]);
  assert_string_equal(p.fields[2], "ok|fine");
}

static void test_csv_overlong_utf8_encoding_is_invalid(void **state) {
  (void)state;
  Parsed p;
  PARSE("x,\xC0\xAF\n", &p);
  assert_non_null(p.errors[0]);
  assert_int_equal(p.error_fields[0], 1);
}

static void test_csv_quote_inside_unquoted_field_is_reported(void **state) {
  (void)state;
  Parsed p;
  PARSE("a,5\" bore\nb,c\n", &p);
  assert_int_equal(p.count, 2);
  assert_non_null(p.errors[0]);
  assert_int_equal(p.error_fields[0], 1);
  assert_null(p.errors[1]);
}

static void test_csv_text_after_closing_quote_is_reported(void **state) {
  (void)state;
  Parsed p;
  PARSE("\"abc\"def,x\ny,z\n", &p);
  assert_int_equal(p.count, 2);
  assert_string_equal(p.errors[0], "text after the closing quote of a field");
  assert_int_equal(p.nfields[0], 2);
  assert_string_equal(p.fields[1], "y|z");
}

static void test_csv_nul_byte_is_reported(void **state) {
  (void)state;
  Parsed p;
  PARSE("a,b\0c\n", &p);
  assert_int_equal(p.count, 1);
  assert_string_equal(p.errors[0], "a NUL byte in a field");
  assert_int_equal(p.error_fields[0], 1);
}

static void test_csv_empty_input_has_no_records(void **state) {
  (void)state;
  Parsed p;
  PARSE("", &p);
  assert_int_equal(p.count, 0);
  PARSE("\xEF\xBB\xBF", &p);
  assert_int_equal(p.count, 0);
}

static void test_csv_append_field_quotes_only_when_needed(void **state) {
  (void)state;
  static const struct {
    const char *field, *written;
  } cases[] = {
      {"plain", "plain"},
      {"", ""},
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"two\nlines", "\"two\nlines\""},
      {"cr\r", "\"cr\r\""},
      {" lead", "\" lead\""},
      {"trail ", "\"trail \""},
      {"Łódź Maszyny", "Łódź Maszyny"},
  };
  for (size_t i = 0; i < COUNT(cases); i++) {
    Buffer out = BUFFER_INIT;
    csv_append_field(&out, cases[i].field);
    expect_text(cases[i].field, cases[i].written, buffer_cstr(&out));
    buffer_free(&out);
  }
  expect_all_rows_passed();
}

static void test_csv_written_field_reads_back_unchanged(void **state) {
  (void)state;
  const char *field = "line 1, \"quoted\"\r\nline 2 ";
  Buffer out = BUFFER_INIT;
  csv_append_field(&out, field);
  buffer_puts(&out, ",next\n");
  Parsed p;
  parse(buffer_cstr(&out), out.len, &p);
  buffer_free(&out);
  assert_int_equal(p.count, 1);
  assert_null(p.errors[0]);
  assert_int_equal(p.nfields[0], 2);
  assert_string_equal(p.fields[0], "line 1, \"quoted\"\r\nline 2 |next");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_csv_splits_plain_fields_at_commas),
      cmocka_unit_test(test_csv_quoted_field_keeps_commas_and_spaces),
      cmocka_unit_test(test_csv_doubled_quote_is_one_quote),
      cmocka_unit_test(test_csv_crlf_and_lf_both_end_records),
      cmocka_unit_test(test_csv_last_record_needs_no_line_end),
      cmocka_unit_test(test_csv_embedded_newline_stays_in_field_and_counts_lines),
      cmocka_unit_test(test_csv_utf8_bom_at_start_is_skipped),
      cmocka_unit_test(test_csv_empty_fields_are_kept),
      cmocka_unit_test(test_csv_ragged_rows_keep_their_own_field_count),
      cmocka_unit_test(test_csv_unterminated_quote_is_reported_on_the_line_it_opens),
      cmocka_unit_test(test_csv_invalid_utf8_is_reported_with_its_field),
      cmocka_unit_test(test_csv_overlong_utf8_encoding_is_invalid),
      cmocka_unit_test(test_csv_quote_inside_unquoted_field_is_reported),
      cmocka_unit_test(test_csv_text_after_closing_quote_is_reported),
      cmocka_unit_test(test_csv_nul_byte_is_reported),
      cmocka_unit_test(test_csv_empty_input_has_no_records),
      cmocka_unit_test(test_csv_append_field_quotes_only_when_needed),
      cmocka_unit_test(test_csv_written_field_reads_back_unchanged),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
