/* Unit tests for src/api/input.c, the edge where client input is checked:
 * JSON bodies (api_read_body), field tables (api_validate), query strings,
 * limits and cursors (api_query_*), and If-Match. Requests are built on the
 * stack with only the fields these functions read; FIELD_REF is checked
 * against a real SQLite store holding one account. */
#include "helpers.h"

#include <ctype.h>
#include <sodium.h>

#include "api/api.h"
#include "util/text.h"

static TempStore store; /* the group's store: account 1 exists, account 2 does not */

static int open_store(void **state) {
  (void)state;
  Error err = ERROR_INIT;
  int from, to;
  int64_t id = 0;
  json_t *acme = json_pack("{s:s, s:s}", "name", "Acme", "status", "active");
  int rc = helper_temp_sqlite(&store, &err);
  if (!rc) rc = store_migrate(store.db, &from, &to, &err);
  if (!rc) rc = store_record_insert(store.db, &store_accounts, acme, "2026-01-01T00:00:00Z", &id, &err);
  if (rc || id != 1) fprintf(stderr, "cannot prepare %s: %s\n", store.url, err.detail ? err.detail : "unexpected id");
  json_decref(acme);
  error_clear(&err);
  return rc || id != 1 ? -1 : 0;
}

static int close_store(void **state) {
  (void)state;
  helper_temp_sqlite_remove(&store);
  return 0;
}

/* --- api_read_body ------------------------------------------------------------------ */

static Request body_request(const char *content_type, const char *body, size_t len) {
  Request req;
  memset(&req, 0, sizeof req);
  req.content_type = (char *)content_type;
  req.body = (char *)body;
  req.body_len = len;
  return req;
}

/* Reads body as application/json; returns the status (0 when accepted) and
 * leaves the error's detail in detail (may be NULL). */
static int read_status(const char *content_type, const char *body, size_t len, char *detail, size_t size) {
  Request req = body_request(content_type, body, len);
  Error err = ERROR_INIT;
  json_t *doc = (json_t *)1;
  int rc = api_read_body(&req, &doc, &err);
  int status = rc ? err.status : 0;
  if (rc && doc) {
    expect_fail("%s: *out must be NULL after an error", body);
    doc = NULL;
  }
  if (!rc && !json_is_object(doc)) expect_fail("%s: accepted but not an object", body);
  if (detail) snprintf(detail, size, "%s", err.detail ? err.detail : "");
  json_decref(doc);
  error_clear(&err);
  return status;
}

#define READ(body) read_status("application/json", (body), strlen(body), NULL, 0)

static void test_read_body_accepts_a_json_object(void **state) {
  (void)state;
  const char *body = "{\"name\":\"M\xc3\xbcller \xf0\x9f\x98\x80\",\"n\":1}";
  Request req = body_request("application/json", body, strlen(body));
  Error err = ERROR_INIT;
  json_t *doc = NULL;
  assert_int_equal(api_read_body(&req, &doc, &err), 0);
  assert_string_equal(json_string_value(json_object_get(doc, "name")), "Müller 😀");
  assert_int_equal(json_integer_value(json_object_get(doc, "n")), 1);
  json_decref(doc);
  assert_int_equal(READ("{}"), 0);
  assert_int_equal(READ(" \n{ } \n"), 0);
  assert_int_equal(READ("{\"s\":\"\\ud83d\\ude00\"}"), 0); /* an escaped surrogate pair is one code point */
  expect_all_rows_passed();
}

static void test_read_body_requires_json_content_type(void **state) {
  (void)state;
  static const struct {
    const char *content_type;
    int status;
  } cases[] = {
      {"application/json", 0},
      {"application/json; charset=utf-8", 0},
      {"application/json;charset=UTF-8", 0},
      {"Application/JSON", 0},
      {NULL, 415},
      {"", 415},
      {"text/plain", 415},
      {"application/jsonx", 415},
      {"application/json-patch+json", 415},
      {"application/x-www-form-urlencoded", 415},
      {"text/json", 415},
  };
  for (size_t i = 0; i < COUNT(cases); i++)
    expect_int(cases[i].content_type ? cases[i].content_type : "(none)", cases[i].status,
               read_status(cases[i].content_type, "{}", 2, NULL, 0));
  expect_all_rows_passed();
}

static void test_read_body_rejects_malformed_json(void **state) {
  (void)state;
  static const char *const bodies[] = {
      "",           "{",           "}",           "{\"a\":}",     "{'a':1}",  "{\"a\":1,}", "{} x",
      "{}{}",       "{a:1}",       "{\"a\":01}",  "{\"a\":NaN}", "{\"a\":\"\\x41\"}",
      "{\"a\":1,\"a\":2}",              /* duplicate names */
      "{\"a\":\"\\u0000\"}",            /* NUL inside a string */
      "{\"a\":\"\\ud800\"}",            /* lone escaped surrogate */
      "{\"a\":99999999999999999999}",   /* beyond int64 */
  };
  for (size_t i = 0; i < COUNT(bodies); i++) expect_int(bodies[i], 400, READ(bodies[i]));
  expect_all_rows_passed();
}

static void test_read_body_requires_an_object_at_the_top(void **state) {
  (void)state;
  static const char *const arrays[] = {"[]", "[{}]"};
  for (size_t i = 0; i < COUNT(arrays); i++) {
    char detail[200];
    expect_int(arrays[i], 400, read_status("application/json", arrays[i], strlen(arrays[i]), detail, sizeof detail));
    expect_text(arrays[i], "the body must be a JSON object", detail);
  }
  static const char *const scalars[] = {"1", "\"s\"", "null", "true"};
  for (size_t i = 0; i < COUNT(scalars); i++) expect_int(scalars[i], 400, READ(scalars[i]));
  expect_all_rows_passed();
}

/* {"a": [[…]]} with depth levels in all (the object is the first). */
static char *nested(int depth) {
  Buffer b = BUFFER_INIT;
  buffer_puts(&b, "{\"a\":");
  for (int i = 1; i < depth; i++) buffer_putc(&b, '[');
  for (int i = 1; i < depth; i++) buffer_putc(&b, ']');
  buffer_putc(&b, '}');
  return buffer_take(&b);
}

static void test_read_body_rejects_depth_over_16(void **state) {
  (void)state;
  static const struct {
    int depth, status;
  } cases[] = {{2, 0}, {15, 0}, {16, 0}, {17, 400}, {5000, 400}};
  for (size_t i = 0; i < COUNT(cases); i++) {
    char detail[200], row[40];
    char *body = nested(cases[i].depth);
    snprintf(row, sizeof row, "depth %d", cases[i].depth);
    expect_int(row, cases[i].status, read_status("application/json", body, strlen(body), detail, sizeof detail));
    if (cases[i].status) expect_text(row, "JSON nested deeper than 16 levels", detail);
    free(body);
  }
  /* siblings do not add up: seventeen arrays side by side are depth 3 */
  expect_int("siblings", 0, READ("{\"a\":[[],[],[],[],[],[],[],[],[],[],[],[],[],[],[],[],[]]}"));
  expect_all_rows_passed();
}

static void test_read_body_ignores_brackets_inside_strings(void **state) {
  (void)state;
  assert_int_equal(READ("{\"a\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}"), 0);
  assert_int_equal(READ("{\"a\":\"\\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}"), 0); /* after an escaped quote */
  /* an escaped backslash ends in a real closing quote; what follows counts */
  char *deep = nested(17);
  Buffer b = BUFFER_INIT;
  buffer_printf(&b, "{\"s\":\"\\\\\",\"t\":%s}", deep);
  assert_int_equal(READ(buffer_cstr(&b)), 400);
  buffer_free(&b);
  free(deep);
  expect_all_rows_passed();
}

static void test_read_body_rejects_invalid_utf8(void **state) {
  (void)state;
  static const struct {
    const char *label;
    const char *body;
  } cases[] = {
      {"byte FF", "{\"a\":\"\xff\"}"},
      {"overlong '/'", "{\"a\":\"\xc0\xaf\"}"},
      {"raw surrogate U+D800", "{\"a\":\"\xed\xa0\x80\"}"},
      {"above U+10FFFF", "{\"a\":\"\xf4\x90\x80\x80\"}"},
      {"truncated 4-byte", "{\"a\":\"\xf0\x9f\x98\"}"},
      {"in a name", "{\"\xe9t\xe9\":1}"}, /* Latin-1 "été" */
  };
  for (size_t i = 0; i < COUNT(cases); i++) {
    char detail[200];
    int status = read_status("application/json", cases[i].body, strlen(cases[i].body), detail, sizeof detail);
    expect_int(cases[i].label, 400, status);
    expect_text(cases[i].label, "the body is not valid UTF-8", detail);
  }
  expect_all_rows_passed();
}

/* --- api_validate --------------------------------------------------------------------- */

static const char *const colours[] = {"red", "green", NULL};
static const char *const read_only[] = {"id", "version", "created_at", NULL};
static const FieldSpec fields[] = {
    {"name", FIELD_TEXT, FIELD_REQUIRED, 1, 5, NULL, NULL},
    {"note", FIELD_TEXT, 0, 0, 10, NULL, NULL},
    {"count", FIELD_INT, 0, 1, 10, NULL, NULL},
    {"colour", FIELD_ENUM, 0, 0, 0, colours, NULL},
    {"due_on", FIELD_DATE, 0, 0, 0, NULL, NULL},
    {"at", FIELD_INSTANT, 0, 0, 0, NULL, NULL},
    {"urgent", FIELD_BOOL, 0, 0, 0, NULL, NULL},
    {"account_id", FIELD_REF, 0, 0, 0, NULL, &store_accounts},
    {"email", FIELD_EMAIL, 0, 0, 0, NULL, NULL},
    {"country", FIELD_CODE, 0, 0, 2, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

typedef struct ValidateCase {
  const char *json;
  int patch;
  const char *field;   /* the one field named in the answer, NULL when valid */
  const char *message; /* its message */
} ValidateCase;

static void check_validate(const ValidateCase *cases, size_t n) {
  for (size_t i = 0; i < n; i++) {
    json_error_t jerr;
    json_t *input = json_loads(cases[i].json, 0, &jerr);
    if (!input) fail_msg("test input %s is not JSON: %s", cases[i].json, jerr.text);
    Error err = ERROR_INIT;
    int rc = api_validate(store.db, input, fields, read_only, cases[i].patch, &err);
    if (!cases[i].field) {
      if (rc || err.status) {
        char *fields_text = json_dumps(err.fields, JSON_COMPACT);
        expect_fail("%s: expected valid, got %d %s", cases[i].json, err.status, fields_text ? fields_text : "");
        free(fields_text);
      }
    } else if (!rc) {
      expect_fail("%s: expected %s \"%s\", but it was accepted", cases[i].json, cases[i].field, cases[i].message);
    } else {
      expect_int(cases[i].json, 422, err.status);
      expect_text(cases[i].json, cases[i].message, helper_field_message(&err, cases[i].field));
      if (json_array_size(err.fields) != 1) {
        char *fields_text = json_dumps(err.fields, JSON_COMPACT);
        expect_fail("%s: expected only %s named, got %s", cases[i].json, cases[i].field,
                    fields_text ? fields_text : "");
        free(fields_text);
      }
    }
    error_clear(&err);
    json_decref(input);
  }
  expect_all_rows_passed();
}

static void test_validate_accepts_a_complete_valid_record(void **state) {
  (void)state;
  static const ValidateCase cases[] = {
      {"{\"name\":\"Acme\",\"note\":\"n\",\"count\":3,\"colour\":\"red\",\"due_on\":\"2024-02-29\","
       "\"at\":\"2026-11-23T18:20:00Z\",\"urgent\":true,\"account_id\":1,\"email\":\"a@example.com\",\"country\":\"GB\"}",
       0, NULL, NULL},
      {"{\"name\":\"Acme\"}", 0, NULL, NULL},
      {"{}", 1, NULL, NULL},
  };
  check_validate(cases, COUNT(cases));
}

static void test_validate_names_unknown_and_read_only_fields(void **state) {
  (void)state;
  static const ValidateCase cases[] = {
      {"{\"id\":3}", 1, "id", "is read-only"},
      {"{\"version\":2}", 1, "version", "is read-only"},
      {"{\"created_at\":\"2026-01-01T00:00:00Z\"}", 1, "created_at", "is read-only"},
      {"{\"nmae\":\"Acme\"}", 1, "nmae", "is not a known field"},
      {"{\"Name\":\"Acme\"}", 1, "Name", "is not a known field"},
      {"{\"\":1}", 1, "", "is not a known field"},
      {"{\"name\":\"Acme\",\"colour_id\":null}", 0, "colour_id", "is not a known field"},
  };
  check_validate(cases, COUNT(cases));
}

static void test_validate_reports_every_problem_at_once(void **state) {
  (void)state;
  json_t *input = json_loads("{\"id\":9,\"zzz\":1,\"count\":0,\"colour\":\"blue\",\"note\":5}", 0, NULL);
  Error err = ERROR_INIT;
  assert_int_equal(api_validate(store.db, input, fields, read_only, 0, &err), -1);
  assert_int_equal(err.status, 422);
  assert_string_equal(err.title, "Validation failed");
  assert_int_equal(json_array_size(err.fields), 6);
  assert_string_equal(helper_field_message(&err, "id"), "is read-only");
  assert_string_equal(helper_field_message(&err, "zzz"), "is not a known field");
  assert_string_equal(helper_field_message(&err, "count"), "must be between 1 and 10");
  assert_string_equal(helper_field_message(&err, "colour"), "must be one of: red, green");
  assert_string_equal(helper_field_message(&err, "note"), "must be a string");
  assert_string_equal(helper_field_message(&err, "name"), "is required");
  error_clear(&err);
  json_decref(input);
}

static void test_validate_requires_fields_on_create_not_on_patch(void **state) {
  (void)state;
  static const ValidateCase cases[] = {
      {"{}", 0, "name", "is required"},
      {"{\"note\":\"x\"}", 0, "name", "is required"},
      {"{\"name\":null}", 0, "name", "is required"}, /* named once, not twice */
      {"{\"name\":null}", 1, "name", "is required"}, /* a patch may not clear it either */
      {"{\"note\":\"x\"}", 1, NULL, NULL},
      {"{\"note\":null,\"count\":null,\"account_id\":null}", 1, NULL, NULL}, /* optional ones clear */
  };
  check_validate(cases, COUNT(cases));
}

static void test_validate_rejects_too_long_strings_counting_characters_not_bytes(void **state) {
  (void)state;
  static const ValidateCase cases[] = {
      {"{\"name\":\"abcde\"}", 1, NULL, NULL},
      {"{\"name\":\"abcdef\"}", 1, "name", "must be 1 to 5 characters long"},
      {"{\"name\":\"Müllr\"}", 1, NULL, NULL},       /* 5 characters, 6 bytes */
      {"{\"name\":\"Müller\"}", 1, "name", "must be 1 to 5 characters long"},
      {"{\"name\":\"東京東京東\"}", 1, NULL, NULL},   /* 5 characters, 15 bytes */
      {"{\"name\":\"😀😀😀😀😀\"}", 1, NULL, NULL},   /* 5 characters, 20 bytes */
      {"{\"name\":\"😀😀😀😀😀😀\"}", 1, "name", "must be 1 to 5 characters long"},
      {"{\"name\":\"\\ud83d\\ude00\"}", 1, NULL, NULL}, /* escaped: still one character */
      {"{\"name\":\"\"}", 1, "name", "must be 1 to 5 characters long"}, /* required means non-empty */
      {"{\"note\":\"\"}", 1, NULL, NULL},
      {"{\"note\":\"éééééééééé\"}", 1, NULL, NULL}, /* 10 characters, 20 bytes */
      {"{\"note\":\"ééééééééééé\"}", 1, "note", "must be 0 to 10 characters long"},
  };
  check_validate(cases, COUNT(cases));
}

static void test_validate_checks_json_types(void **state) {
  (void)state;
  static const ValidateCase cases[] = {
      {"{\"name\":5}", 1, "name", "must be a string"},
      {"{\"name\":[\"a\"]}", 1, "name", "must be a string"},
      {"{\"count\":\"3\"}", 1, "count", "must be an integer"},
      {"{\"count\":3.0}", 1, "count", "must be an integer"},
      {"{\"count\":true}", 1, "count", "must be an integer"},
      {"{\"urgent\":\"true\"}", 1, "urgent", "must be true or false"},
      {"{\"urgent\":1}", 1, "urgent", "must be true or false"},
      {"{\"account_id\":\"1\"}", 1, "account_id", "must be the id of a record"},
      {"{\"account_id\":1.0}", 1, "account_id", "must be the id of a record"},
      {"{\"due_on\":20240229}", 1, "due_on", "must be a string"},
      {"{\"colour\":{}}", 1, "colour", "must be a string"},
      {"{\"urgent\":false}", 1, NULL, NULL},
  };
  check_validate(cases, COUNT(cases));
}

static void test_validate_checks_integer_range_inclusive(void **state) {
  (void)state;
  static const ValidateCase cases[] = {
      {"{\"count\":1}", 1, NULL, NULL},
      {"{\"count\":10}", 1, NULL, NULL},
      {"{\"count\":0}", 1, "count", "must be between 1 and 10"},
      {"{\"count\":11}", 1, "count", "must be between 1 and 10"},
      {"{\"count\":-1}", 1, "count", "must be between 1 and 10"},
      {"{\"count\":9223372036854775807}", 1, "count", "must be between 1 and 10"},
      {"{\"count\":-9223372036854775808}", 1, "count", "must be between 1 and 10"},
  };
  check_validate(cases, COUNT(cases));
}

static void test_validate_checks_choices_dates_and_codes(void **state) {
  (void)state;
  static const ValidateCase cases[] = {
      {"{\"colour\":\"green\"}", 1, NULL, NULL},
      {"{\"colour\":\"Red\"}", 1, "colour", "must be one of: red, green"},
      {"{\"colour\":\"\"}", 1, "colour", "must be one of: red, green"},
      {"{\"due_on\":\"2024-02-29\"}", 1, NULL, NULL},
      {"{\"due_on\":\"2026-02-29\"}", 1, "due_on", "must be a date written YYYY-MM-DD"},
      {"{\"due_on\":\"2026-02-30\"}", 1, "due_on", "must be a date written YYYY-MM-DD"},
      {"{\"due_on\":\"2026-02-28T00:00:00Z\"}", 1, "due_on", "must be a date written YYYY-MM-DD"},
      {"{\"country\":\"GB\"}", 1, NULL, NULL},
      {"{\"country\":\"gb\"}", 1, "country", "must be 2 upper-case letters"},
      {"{\"country\":\"GBR\"}", 1, "country", "must be 2 upper-case letters"},
      {"{\"country\":\"G\"}", 1, "country", "must be 2 upper-case letters"},
      {"{\"country\":\"\"}", 1, "country", "must be 2 upper-case letters"},
      {"{\"country\":\"G1\"}", 1, "country", "must be 2 upper-case letters"},
      {"{\"country\":\"ÉB\"}", 1, "country", "must be 2 upper-case letters"},
  };
  check_validate(cases, COUNT(cases));
}

static void test_validate_checks_email_addresses(void **state) {
  (void)state;
  static const ValidateCase cases[] = {
      {"{\"email\":\"name@example.com\"}", 1, NULL, NULL},
      {"{\"email\":\"a@b\"}", 1, NULL, NULL},
      {"{\"email\":\"\"}", 1, "email", "must be an email address such as name@example.com"},
      {"{\"email\":\"nameexample.com\"}", 1, "email", "must be an email address such as name@example.com"},
      {"{\"email\":\"@example.com\"}", 1, "email", "must be an email address such as name@example.com"},
      {"{\"email\":\"name@\"}", 1, "email", "must be an email address such as name@example.com"},
      {"{\"email\":\"na me@example.com\"}", 1, "email", "must be an email address such as name@example.com"},
      /* control characters are never part of an address; CR LF would let a
       * stored address add header lines to any mail built from it */
      {"{\"email\":\"na\\tme@example.com\"}", 1, "email", "must be an email address such as name@example.com"},
      {"{\"email\":\"name@example.com\\r\\nBcc:all@example.com\"}", 1, "email",
       "must be an email address such as name@example.com"},
  };
  check_validate(cases, COUNT(cases));
  /* 254 characters is the longest address SMTP carries */
  for (int extra = 0; extra < 2; extra++) {
    Buffer b = BUFFER_INIT;
    buffer_puts(&b, "{\"email\":\"");
    for (int i = 0; i < 242 + extra; i++) buffer_putc(&b, 'a');
    buffer_puts(&b, "@example.com\"}");
    ValidateCase c = {buffer_cstr(&b), 1, extra ? "email" : NULL,
                      extra ? "must be an email address such as name@example.com" : NULL};
    check_validate(&c, 1);
    buffer_free(&b);
  }
}

static void test_validate_normalises_instants_to_utc(void **state) {
  (void)state;
  static const struct {
    const char *given;
    const char *stored; /* NULL: rejected */
  } cases[] = {
      {"2026-11-23T19:20:00+01:00", "2026-11-23T18:20:00Z"},
      {"2026-11-23T18:20:00.750Z", "2026-11-23T18:20:00Z"},
      {"2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00Z"},
      {"2026-11-23t18:20:00z", "2026-11-23T18:20:00Z"},
      {"2026-11-23T18:20:00", NULL},
      {"2026-11-23", NULL},
  };
  for (size_t i = 0; i < COUNT(cases); i++) {
    json_t *input = json_pack("{s:s}", "at", cases[i].given);
    Error err = ERROR_INIT;
    int rc = api_validate(store.db, input, fields, read_only, 1, &err);
    if (cases[i].stored) {
      expect_int(cases[i].given, 0, rc);
      expect_text(cases[i].given, cases[i].stored, json_string_value(json_object_get(input, "at")));
    } else {
      expect_int(cases[i].given, -1, rc);
      expect_text(cases[i].given, "must be a date and time such as 2026-11-23T14:30:00Z",
                  helper_field_message(&err, "at"));
    }
    error_clear(&err);
    json_decref(input);
  }
  expect_all_rows_passed();
}

static void test_validate_checks_references_exist(void **state) {
  (void)state;
  static const ValidateCase cases[] = {
      {"{\"account_id\":1}", 1, NULL, NULL},
      {"{\"account_id\":2}", 1, "account_id", "no account has id 2"},
      {"{\"account_id\":9223372036854775807}", 1, "account_id", "no account has id 9223372036854775807"},
      {"{\"account_id\":0}", 1, "account_id", "must be a positive id"},
      {"{\"account_id\":-5}", 1, "account_id", "must be a positive id"},
  };
  check_validate(cases, COUNT(cases));
}

/* A reference whose lookup fails, as when PostgreSQL goes away mid-request:
 * the store's error is the answer, not "no record has this id" (a 422 the
 * client would not retry), and no field error is made up. */
static void test_validate_reports_a_failed_lookup_as_the_store_error(void **state) {
  (void)state;
  static const StoreTable unreadable = {.entity = "ghost", .sql_exists = "SELECT 1 FROM no_such_table WHERE id = $1"};
  static const FieldSpec ref_fields[] = {
      {"name", FIELD_TEXT, 0, 1, 5, NULL, NULL},
      {"ghost_id", FIELD_REF, 0, 0, 0, NULL, &unreadable},
      {NULL, 0, 0, 0, 0, NULL, NULL},
  };
  json_t *input = json_pack("{s:s, s:i}", "name", "far too long", "ghost_id", 1);
  Error err = ERROR_INIT;
  assert_int_equal(-1, api_validate(store.db, input, ref_fields, NULL, 0, &err));
  assert_true(err.status >= 500);
  assert_false(error_has_fields(&err));
  assert_non_null(err.detail);
  error_clear(&err);
  json_decref(input);
}

/* --- query strings ------------------------------------------------------------------- */

static const char *const allowed[] = {"q", "status", "account_manager_id", NULL};

/* Parses query; returns the status (0 when accepted). q is freed unless kept. */
static int parse_query(const char *query, Query *q, Error *err) {
  Request req;
  memset(&req, 0, sizeof req);
  req.query = (char *)query;
  int rc = api_query_parse(&req, allowed, q, err);
  return rc ? err->status : 0;
}

static void test_query_parse_decodes_percent_and_plus(void **state) {
  (void)state;
  static const struct {
    const char *query;
    const char *name, *value; /* value NULL: api_query_text finds nothing */
  } cases[] = {
      {"q=M%C3%BCller+GmbH&status=active", "q", "Müller GmbH"},
      {"q=M%C3%BCller+GmbH&status=active", "status", "active"},
      {"q=m%c3%bcller", "q", "müller"},
      {"q=a%2Bb%26c%3Dd", "q", "a+b&c=d"},
      {"q=%E6%9D%B1%E4%BA%AC", "q", "東京"},
      {"q=%F0%9F%98%80", "q", "😀"},
      {"%71=x", "q", "x"},
      {"q=1&q=2", "q", "2"},
      {"q=", "q", NULL},
      {"q", "q", NULL},
      {"", "q", NULL},
      {"status=active&", "status", "active"},
  };
  for (size_t i = 0; i < COUNT(cases); i++) {
    Query q;
    Error err = ERROR_INIT;
    expect_int(cases[i].query, 0, parse_query(cases[i].query, &q, &err));
    expect_text(cases[i].query, cases[i].value, api_query_text(&q, cases[i].name));
    api_query_free(&q);
    error_clear(&err);
  }
  expect_all_rows_passed();
}

static void test_query_rejects_unknown_and_badly_encoded_parameters(void **state) {
  (void)state;
  static const struct {
    const char *query;
    const char *detail;
  } cases[] = {
      {"colour=red", "unknown query parameter 'colour'"},
      {"Q=x", "unknown query parameter 'Q'"},
      {"q=x&sort=name", "unknown query parameter 'sort'"},
      {"q=%", "the query string is not valid percent-encoded UTF-8"},
      {"q=%4", "the query string is not valid percent-encoded UTF-8"},
      {"q=%zz", "the query string is not valid percent-encoded UTF-8"},
      {"q=%G0", "the query string is not valid percent-encoded UTF-8"},
      {"q=%FF", "the query string is not valid percent-encoded UTF-8"},
      {"q=%C3", "the query string is not valid percent-encoded UTF-8"},
      {"q=%C0%AF", "the query string is not valid percent-encoded UTF-8"},
      {"q=%ED%A0%80", "the query string is not valid percent-encoded UTF-8"},
      {"q%=x", "the query string is not valid percent-encoded UTF-8"},
  };
  for (size_t i = 0; i < COUNT(cases); i++) {
    Query q;
    Error err = ERROR_INIT;
    expect_int(cases[i].query, 400, parse_query(cases[i].query, &q, &err));
    expect_text(cases[i].query, cases[i].detail, err.detail);
    api_query_free(&q);
    error_clear(&err);
  }
  /* limit and after are always allowed */
  Query q;
  Error err = ERROR_INIT;
  expect_int("limit=5&after=", 0, parse_query("limit=5&after=", &q, &err));
  api_query_free(&q);
  error_clear(&err);
  expect_all_rows_passed();
}

/* Builds "q=" followed by count copies of the percent-encoded character. */
static char *long_query(const char *encoded, int count) {
  Buffer b = BUFFER_INIT;
  buffer_puts(&b, "q=");
  for (int i = 0; i < count; i++) buffer_puts(&b, encoded);
  return buffer_take(&b);
}

/* The message says characters; "ü" is one character though two bytes, so 200
 * of them are within the limit just as 200 "u" are. */
static void test_query_value_length_counts_characters_not_bytes(void **state) {
  (void)state;
  static const struct {
    const char *label;
    const char *encoded;
    int count;
    int status;
  } cases[] = {
      {"200 x 'u'", "u", 200, 0},
      {"201 x 'u'", "u", 201, 400},
      {"200 x 'ü' (400 bytes)", "%C3%BC", 200, 0},
      {"201 x 'ü'", "%C3%BC", 201, 400},
      {"100 x '東' (300 bytes)", "%E6%9D%B1", 100, 0},
  };
  for (size_t i = 0; i < COUNT(cases); i++) {
    char *query = long_query(cases[i].encoded, cases[i].count);
    Query q;
    Error err = ERROR_INIT;
    expect_int(cases[i].label, cases[i].status, parse_query(query, &q, &err));
    if (cases[i].status) expect_text(cases[i].label, "must be at most 200 characters", helper_field_message(&err, "q"));
    api_query_free(&q);
    error_clear(&err);
    free(query);
  }
  expect_all_rows_passed();
}

/* Parses query and runs api_query_page; returns -1 when either refuses it.
 * q stays for the caller to free. */
static int page_of(const char *query, Query *q, int *limit, StoreCursor *after, Error *err) {
  if (parse_query(query, q, err)) return -1;
  return api_query_page(q, limit, after, err);
}

static void test_query_limit_defaults_to_50_and_accepts_1_to_200(void **state) {
  (void)state;
  static const struct {
    const char *query;
    int limit;
  } cases[] = {{"", 50}, {"q=x", 50}, {"limit=1", 1}, {"limit=200", 200}, {"limit=50", 50}, {"limit=007", 7}};
  for (size_t i = 0; i < COUNT(cases); i++) {
    Query q;
    Error err = ERROR_INIT;
    int limit = -1;
    StoreCursor after = {(const char *)1, 99};
    expect_int(cases[i].query, 0, page_of(cases[i].query, &q, &limit, &after, &err));
    expect_int(cases[i].query, cases[i].limit, limit);
    if (after.key || after.id) expect_fail("%s: a first page has no cursor", cases[i].query);
    api_query_free(&q);
    error_clear(&err);
  }
  expect_all_rows_passed();
}

static void test_query_limit_out_of_range_names_limit(void **state) {
  (void)state;
  static const char *const queries[] = {"limit=0",   "limit=201", "limit=-1",  "limit=abc", "limit=",
                                        "limit=1.5", "limit=1e2", "limit=+5",  "limit=%205", "limit=5%20",
                                        "limit=99999999999999999999", "limit=18446744073709551617"};
  for (size_t i = 0; i < COUNT(queries); i++) {
    Query q;
    Error err = ERROR_INIT;
    int limit;
    StoreCursor after;
    expect_int(queries[i], -1, page_of(queries[i], &q, &limit, &after, &err));
    expect_int(queries[i], 400, err.status);
    expect_text(queries[i], "must be a whole number from 1 to 200", helper_field_message(&err, "limit"));
    error_clear(&err);
    api_query_free(&q);
  }
  expect_all_rows_passed();
}

static void test_query_id_accepts_only_positive_ids(void **state) {
  (void)state;
  static const struct {
    const char *query;
    int64_t value;
    int status;
  } cases[] = {
      {"", 0, 0},
      {"account_manager_id=", 0, 0},
      {"account_manager_id=5", 5, 0},
      {"account_manager_id=123456789012345678", 123456789012345678LL, 0},
      {"account_manager_id=0", 0, 400},
      {"account_manager_id=-1", 0, 400},
      {"account_manager_id=x", 0, 400},
      {"account_manager_id=1.0", 0, 400},
      {"account_manager_id=1234567890123456789", 0, 400},
  };
  for (size_t i = 0; i < COUNT(cases); i++) {
    Query q;
    Error err = ERROR_INIT;
    int64_t value = -1;
    expect_int(cases[i].query, 0, parse_query(cases[i].query, &q, &err));
    int rc = api_query_id(&q, "account_manager_id", &value, &err);
    expect_int(cases[i].query, cases[i].status ? -1 : 0, rc);
    expect_int(cases[i].query, cases[i].status, err.status);
    if (!cases[i].status) expect_int(cases[i].query, cases[i].value, value);
    else expect_text(cases[i].query, "must be a positive id", helper_field_message(&err, "account_manager_id"));
    error_clear(&err);
    api_query_free(&q);
  }
  expect_all_rows_passed();
}

/* --- cursors ---------------------------------------------------------------------------- */

/* Sends a page whose last row has key and id; returns the "next" cursor the
 * client receives (malloc'd), or NULL when the answer's next is null. */
static char *cursor_for(const char *key, int64_t id, int more) {
  StorePage page = {
      .items = json_pack("[{s:i}]", "id", 1), .more = more, .next_key = key ? strdup(key) : NULL, .next_id = id};
  Response res;
  memset(&res, 0, sizeof res);
  api_send_page(&res, &page);
  assert_int_equal(res.status, 200);
  json_t *body = json_loads(buffer_cstr(response_body(&res)), 0, NULL);
  assert_non_null(body);
  assert_int_equal(json_array_size(json_object_get(body, "items")), 1);
  const char *next = json_string_value(json_object_get(body, "next"));
  if (!next && !json_is_null(json_object_get(body, "next"))) fail_msg("next is neither a string nor null");
  char *copy = next ? strdup(next) : NULL;
  json_decref(body);
  response_free(&res);
  store_page_free(&page);
  return copy;
}

/* Gives cursor back as ?after= and checks the key and id it stands for. */
static void expect_round_trip(const char *label, const char *key, int64_t id) {
  char *cursor = cursor_for(key, id, 1);
  assert_non_null(cursor);
  for (const char *p = cursor; *p; p++)
    if (!(isalnum((unsigned char)*p) || *p == '-' || *p == '_')) {
      expect_fail("%s: cursor %s needs escaping in a query string", label, cursor);
      break;
    }
  Buffer query = BUFFER_INIT;
  buffer_printf(&query, "after=%s", cursor);
  Query q;
  Error err = ERROR_INIT;
  int limit;
  StoreCursor after = {NULL, 0};
  if (page_of(buffer_cstr(&query), &q, &limit, &after, &err)) {
    char *fields_text = json_dumps(err.fields, JSON_COMPACT);
    expect_fail("%s: the server refused its own %zu-character cursor (%d %s: %s)", label, strlen(cursor), err.status,
                err.title, fields_text ? fields_text : err.detail);
    free(fields_text);
  } else {
    expect_int(label, id, after.id);
    expect_text(label, key, after.key);
  }
  api_query_free(&q);
  error_clear(&err);
  buffer_free(&query);
  free(cursor);
}

static void test_cursor_round_trips(void **state) {
  (void)state;
  expect_round_trip("folded name", "müller gmbh", 42);
  expect_round_trip("empty key", "", 1);
  expect_round_trip("key with colons", "a:b:c", 7);
  expect_round_trip("timeline key", "2026-01-01T00:00:00Z|interaction", 123456789012345678LL);
  expect_round_trip("non-Latin key", "東京 trading 😀", 3);
  expect_all_rows_passed();
}

/* Account and contact names may be 200 characters, and the sort key is their
 * folding: up to 200 bytes for "a", 400 for "ß" ("ss"), 600 for "東". A page
 * may end on any name, and the cursor the server gives for it must be one it
 * accepts back, or the list cannot go on past that page. */
static void test_cursor_round_trips_for_the_longest_names(void **state) {
  (void)state;
  static const struct {
    const char *label;
    const char *character;
    int count;
  } cases[] = {
      {"143 x 'a'", "a", 143}, {"144 x 'a'", "a", 144}, {"200 x 'a'", "a", 200},
      {"50 x '東'", "東", 50}, {"200 x 'ß'", "ß", 200}, {"200 x '東'", "東", 200},
  };
  for (size_t i = 0; i < COUNT(cases); i++) {
    Buffer name = BUFFER_INIT, key = BUFFER_INIT;
    for (int k = 0; k < cases[i].count; k++) buffer_puts(&name, cases[i].character);
    text_fold(buffer_cstr(&name), &key);
    expect_round_trip(cases[i].label, buffer_cstr(&key), 123456);
    buffer_free(&name);
    buffer_free(&key);
  }
  expect_all_rows_passed();
}

static void test_cursor_is_null_on_the_last_page(void **state) {
  (void)state;
  char *cursor = cursor_for("zeta", 9, 0);
  assert_null(cursor);
}

/* URL-safe base64 without padding of text. */
static char *encode(const char *text) {
  size_t size = sodium_base64_ENCODED_LEN(strlen(text), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  char *out = malloc(size);
  assert_non_null(out);
  sodium_bin2base64(out, size, (const unsigned char *)text, strlen(text), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

/* Runs ?after=<cursor> (escaping what a query string would change) and
 * checks it is refused naming "after". */
static void expect_cursor_refused(const char *label, const char *cursor) {
  Buffer query = BUFFER_INIT;
  buffer_puts(&query, "after=");
  for (const char *p = cursor; *p; p++)
    if (strchr(" +/=!&%", *p)) buffer_printf(&query, "%%%02X", (unsigned char)*p);
    else buffer_putc(&query, *p);
  Query q;
  Error err = ERROR_INIT;
  int limit;
  StoreCursor after;
  expect_int(label, -1, page_of(buffer_cstr(&query), &q, &limit, &after, &err));
  expect_int(label, 400, err.status);
  expect_text(label, "is not a cursor this server gave out", helper_field_message(&err, "after"));
  error_clear(&err);
  api_query_free(&q);
  buffer_free(&query);
}

static void test_cursor_rejects_values_it_did_not_give_out(void **state) {
  (void)state;
  /* well-encoded, but not "<id>:<key>" with a positive decimal id and UTF-8 key */
  static const char *const decoded[] = {"no colon", "12", ":key", "x:key", "-1:key", "1.5:key", " 1:key",
                                        "1234567890123456789:key", "1:\xff", "1:\xc0\xaf"};
  for (size_t i = 0; i < COUNT(decoded); i++) {
    char *cursor = encode(decoded[i]);
    expect_cursor_refused(decoded[i], cursor);
    free(cursor);
  }
  /* not URL-safe unpadded base64 at all ("MTI6YQ" alone is "12:a") */
  static const char *const raw[] = {"abc", "!!!!", "MTI6YQ==", "MT I6YQ", "MTI6YQ%", "+/+/"};
  for (size_t i = 0; i < COUNT(raw); i++) expect_cursor_refused(raw[i], raw[i]);
  expect_all_rows_passed();

  Query q;
  Error err = ERROR_INIT;
  int limit;
  StoreCursor after;
  assert_int_equal(page_of("after=MTI6YQ", &q, &limit, &after, &err), 0);
  assert_int_equal(after.id, 12);
  assert_string_equal(after.key, "a");
  api_query_free(&q);
}

/* --- If-Match ----------------------------------------------------------------------------- */

static void test_if_match_requires_quoted_version(void **state) {
  (void)state;
  static const struct {
    const char *header; /* NULL: absent */
    int status;
    int64_t version;
  } cases[] = {
      {"\"3\"", 0, 3},
      {"W/\"3\"", 0, 3},
      {"\"1\"", 0, 1},
      {"\"123456789012345678\"", 0, 123456789012345678LL},
      {NULL, 428, 0},
      {"3", 400, 0},
      {"\"\"", 400, 0},
      {"\"0\"", 400, 0},
      {"\"-1\"", 400, 0},
      {"\"+1\"", 400, 0},
      {"\"3", 400, 0},
      {"3\"", 400, 0},
      {"'3'", 400, 0},
      {"\"abc\"", 400, 0},
      {"\" 3\"", 400, 0},
      {"\"3 \"", 400, 0},
      {"*", 400, 0},
      {"", 400, 0},
      {"\"", 400, 0},
      {"w/\"3\"", 400, 0},
      {"\"3\", \"4\"", 400, 0},
      {"\"1234567890123456789\"", 400, 0},
      {"\"12345678901234567890123456789\"", 400, 0},
  };
  for (size_t i = 0; i < COUNT(cases); i++) {
    Request req;
    memset(&req, 0, sizeof req);
    req.if_match = (char *)cases[i].header;
    Error err = ERROR_INIT;
    int64_t version = -1;
    const char *label = cases[i].header ? cases[i].header : "(absent)";
    int rc = api_if_match(&req, &version, &err);
    expect_int(label, cases[i].status ? -1 : 0, rc);
    expect_int(label, cases[i].status, err.status);
    if (!cases[i].status) expect_int(label, cases[i].version, version);
    error_clear(&err);
  }
  expect_all_rows_passed();
}

int main(void) {
  if (sodium_init() < 0) return 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_read_body_accepts_a_json_object),
      cmocka_unit_test(test_read_body_requires_json_content_type),
      cmocka_unit_test(test_read_body_rejects_malformed_json),
      cmocka_unit_test(test_read_body_requires_an_object_at_the_top),
      cmocka_unit_test(test_read_body_rejects_depth_over_16),
      cmocka_unit_test(test_read_body_ignores_brackets_inside_strings),
      cmocka_unit_test(test_read_body_rejects_invalid_utf8),
      cmocka_unit_test(test_validate_accepts_a_complete_valid_record),
      cmocka_unit_test(test_validate_names_unknown_and_read_only_fields),
      cmocka_unit_test(test_validate_reports_every_problem_at_once),
      cmocka_unit_test(test_validate_requires_fields_on_create_not_on_patch),
      cmocka_unit_test(test_validate_rejects_too_long_strings_counting_characters_not_bytes),
      cmocka_unit_test(test_validate_checks_json_types),
      cmocka_unit_test(test_validate_checks_integer_range_inclusive),
      cmocka_unit_test(test_validate_checks_choices_dates_and_codes),
      cmocka_unit_test(test_validate_checks_email_addresses),
      cmocka_unit_test(test_validate_normalises_instants_to_utc),
      cmocka_unit_test(test_validate_checks_references_exist),
      cmocka_unit_test(test_validate_reports_a_failed_lookup_as_the_store_error),
      cmocka_unit_test(test_query_parse_decodes_percent_and_plus),
      cmocka_unit_test(test_query_rejects_unknown_and_badly_encoded_parameters),
      cmocka_unit_test(test_query_value_length_counts_characters_not_bytes),
      cmocka_unit_test(test_query_limit_defaults_to_50_and_accepts_1_to_200),
      cmocka_unit_test(test_query_limit_out_of_range_names_limit),
      cmocka_unit_test(test_query_id_accepts_only_positive_ids),
      cmocka_unit_test(test_cursor_round_trips),
      cmocka_unit_test(test_cursor_round_trips_for_the_longest_names),
      cmocka_unit_test(test_cursor_is_null_on_the_last_page),
      cmocka_unit_test(test_cursor_rejects_values_it_did_not_give_out),
      cmocka_unit_test(test_if_match_requires_quoted_version),
  };
  return cmocka_run_group_tests(tests, open_store, close_store);
}
