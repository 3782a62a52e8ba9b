/* Unit tests for src/http/router.c against the real route table
 * (src/api/routes.c): every route is reachable, ids are strict positive
 * decimals, and a known path with the wrong method is 405, not 404. */
#include "helpers.h"

#include "http/http.h"

/* Routes are looked up by method and pattern so the tests do not depend on
 * the table's order. */
static const Route *route_named(HttpMethod method, const char *pattern) {
  for (int i = 0; i < api_route_count; i++)
    if (api_routes[i].method == method && strcmp(api_routes[i].path, pattern) == 0) return &api_routes[i];
  fail_msg("no route %s %s in the table", http_method_name(method), pattern);
  return NULL;
}

/* Writes pattern with every "{id}" replaced by id. */
static void fill_pattern(const char *pattern, const char *id, char *out, size_t size) {
  Buffer b = BUFFER_INIT;
  for (const char *p = pattern; *p;) {
    if (strncmp(p, "{id}", 4) == 0) {
      buffer_puts(&b, id);
      p += 4;
    } else {
      buffer_putc(&b, *p++);
    }
  }
  snprintf(out, size, "%s", buffer_cstr(&b));
  buffer_free(&b);
}

static void test_router_finds_every_route_in_the_table(void **state) {
  (void)state;
  for (int i = 0; i < api_route_count; i++) {
    const Route *want = &api_routes[i];
    char path[256], row[300];
    fill_pattern(want->path, "17", path, sizeof path);
    snprintf(row, sizeof row, "%s %s", http_method_name(want->method), path);
    int64_t id = -1;
    int status = 0;
    const Route *got = router_match(want->method, path, &id, &status);
    if (got != want) expect_fail("%s: matched %s", row, got ? got->path : "nothing");
    expect_int(row, strstr(want->path, "{id}") ? 17 : 0, id);
  }
  expect_all_rows_passed();
}

static void test_router_takes_the_id_from_the_path(void **state) {
  (void)state;
  static const struct {
    HttpMethod method;
    const char *path;
    const char *pattern;
    int64_t id;
  } cases[] = {
      {HTTP_GET, "/api/v1/accounts/1", "/api/v1/accounts/{id}", 1},
      {HTTP_PATCH, "/api/v1/accounts/9", "/api/v1/accounts/{id}", 9},
      {HTTP_DELETE, "/api/v1/contacts/10", "/api/v1/contacts/{id}", 10},
      {HTTP_GET, "/api/v1/accounts/42/timeline", "/api/v1/accounts/{id}/timeline", 42},
      {HTTP_POST, "/api/v1/assets/9/service-events", "/api/v1/assets/{id}/service-events", 9},
      {HTTP_GET, "/api/v1/users/100", "/api/v1/users/{id}", 100},
      {HTTP_GET, "/api/v1/orders/123456789012345678", "/api/v1/orders/{id}", 123456789012345678LL}, /* 18 digits */
      {HTTP_GET, "/api/v1/accounts", "/api/v1/accounts", 0},
  };
  for (size_t i = 0; i < COUNT(cases); i++) {
    int64_t id = -1;
    int status = 0;
    const Route *got = router_match(cases[i].method, cases[i].path, &id, &status);
    const Route *want = route_named(cases[i].method, cases[i].pattern);
    if (got != want) expect_fail("%s: matched %s", cases[i].path, got ? got->path : "nothing");
    expect_int(cases[i].path, cases[i].id, id);
  }
  expect_all_rows_passed();
}

typedef struct MissCase {
  HttpMethod method;
  const char *path;
  int status;
} MissCase;

static void check_misses(const MissCase *cases, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char row[300];
    snprintf(row, sizeof row, "%s %s", http_method_name(cases[i].method), cases[i].path);
    int64_t id = 0;
    int status = 0;
    const Route *got = router_match(cases[i].method, cases[i].path, &id, &status);
    if (got) expect_fail("%s: matched %s", row, got->path);
    expect_int(row, cases[i].status, status);
  }
  expect_all_rows_passed();
}

static void test_router_404_for_unknown_paths(void **state) {
  (void)state;
  static const MissCase cases[] = {
      {HTTP_GET, "", 404},
      {HTTP_GET, "/", 404},
      {HTTP_GET, "/api/v1", 404},
      {HTTP_GET, "/api/v1/", 404},
      {HTTP_GET, "/api/v1/nope", 404},
      {HTTP_GET, "/api/v1/accounts/", 404},
      {HTTP_GET, "/api/v1/accounts/1/", 404},
      {HTTP_GET, "/api/v1/accountsx", 404},
      {HTTP_GET, "/api/v1/account", 404},
      {HTTP_GET, "/API/v1/accounts", 404},
      {HTTP_GET, "/api/v2/accounts", 404},
      {HTTP_GET, "//api/v1/accounts", 404},
      {HTTP_GET, "/api/v1/accounts//1", 404},
      {HTTP_GET, "/api/v1/accounts/1/timeline/extra", 404},
      {HTTP_GET, "/api/v1/accounts/1/timelines", 404},
      {HTTP_GET, "/api/v1/contacts/1/timeline", 404},
      {HTTP_POST, "/api/v1/nope", 404},
  };
  check_misses(cases, COUNT(cases));
}

static void test_router_405_for_known_path_wrong_method(void **state) {
  (void)state;
  static const MissCase cases[] = {
      {HTTP_PUT, "/api/v1/accounts/1", 405},
      {HTTP_POST, "/api/v1/accounts/1", 405},
      {HTTP_PATCH, "/api/v1/accounts", 405},
      {HTTP_DELETE, "/api/v1/accounts", 405},
      {HTTP_OTHER, "/api/v1/accounts", 405},
      {HTTP_DELETE, "/api/v1/users/1", 405},
      {HTTP_DELETE, "/api/v1/interactions/1", 405}, /* interactions are corrected, never deleted */
      {HTTP_DELETE, "/api/v1/orders/3", 405},
      {HTTP_PATCH, "/api/v1/orders/3", 405},
      {HTTP_POST, "/api/v1/health", 405},
      {HTTP_PUT, "/api/v1/session", 405},
      {HTTP_POST, "/api/v1/audit", 405},
      {HTTP_GET, "/api/v1/assets/2/service-events", 405},
      {HTTP_POST, "/api/v1/accounts/5/timeline", 405},
  };
  check_misses(cases, COUNT(cases));
}

/* {id} is a positive decimal without leading zeros, short enough that it
 * cannot overflow int64; anything else is not that route at all. */
static void test_router_rejects_leading_zero_and_non_numeric_ids(void **state) {
  (void)state;
  static const char *const ids[] = {
      "0", "00", "01", "007", "-1", "+1", "1a", "a1", "abc", "1.0", "1e3", "0x1f", " 1", "1 ", "1%20", "%31",
      "\xef\xbc\x91",        /* U+FF11 fullwidth digit one */
      "1234567890123456789", /* 19 digits */
      "9223372036854775807", /* INT64_MAX: 19 digits */
      "99999999999999999999",
  };
  for (size_t i = 0; i < COUNT(ids); i++) {
    char path[128];
    snprintf(path, sizeof path, "/api/v1/accounts/%s", ids[i]);
    int64_t id = 0;
    int status = 0;
    const Route *got = router_match(HTTP_GET, path, &id, &status);
    if (got) expect_fail("%s: matched %s with id %lld", path, got->path, (long long)id);
    expect_int(path, 404, status);
    snprintf(path, sizeof path, "/api/v1/accounts/%s/timeline", ids[i]);
    got = router_match(HTTP_GET, path, &id, &status);
    if (got) expect_fail("%s: matched %s with id %lld", path, got->path, (long long)id);
    expect_int(path, 404, status);
  }
  expect_all_rows_passed();
}

static void test_http_method_parse_is_exact_and_case_sensitive(void **state) {
  (void)state;
  static const struct {
    const char *name;
    size_t len;
    HttpMethod method;
  } cases[] = {
      {"GET", 3, HTTP_GET},       {"POST", 4, HTTP_POST},     {"PATCH", 5, HTTP_PATCH}, {"PUT", 3, HTTP_PUT},
      {"DELETE", 6, HTTP_DELETE}, {"GETTING", 3, HTTP_GET},   {"get", 3, HTTP_OTHER},   {"GE", 2, HTTP_OTHER},
      {"GETX", 4, HTTP_OTHER},    {"HEAD", 4, HTTP_OTHER},    {"OPTIONS", 7, HTTP_OTHER}, {"", 0, HTTP_OTHER},
      {"OTHER", 5, HTTP_OTHER},
  };
  for (size_t i = 0; i < COUNT(cases); i++)
    expect_int(cases[i].name, cases[i].method, http_method_parse(cases[i].name, cases[i].len));
  for (int m = HTTP_GET; m < HTTP_OTHER; m++) {
    const char *name = http_method_name((HttpMethod)m);
    expect_int(name, m, http_method_parse(name, strlen(name)));
  }
  expect_all_rows_passed();
}

/* The one route table is read by the router, the OpenAPI check and the
 * permission docs, so each entry must be complete and unique. */
static void test_route_table_entries_are_complete_and_unique(void **state) {
  (void)state;
  assert_true(api_route_count > 0);
  for (int i = 0; i < api_route_count; i++) {
    const Route *r = &api_routes[i];
    if (strncmp(r->path, "/api/v1/", 8) != 0) expect_fail("route %d: path %s is outside /api/v1/", i, r->path);
    if (!r->handler) expect_fail("%s has no handler", r->path);
    if (!r->summary || !*r->summary) expect_fail("%s has no summary", r->path);
    if (r->method == HTTP_OTHER) expect_fail("%s has no method", r->path);
    for (int j = 0; j < i; j++)
      if (api_routes[j].method == r->method && strcmp(api_routes[j].path, r->path) == 0)
        expect_fail("%s %s is listed twice", http_method_name(r->method), r->path);
  }
  expect_all_rows_passed();
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_router_finds_every_route_in_the_table),
      cmocka_unit_test(test_router_takes_the_id_from_the_path),
      cmocka_unit_test(test_router_404_for_unknown_paths),
      cmocka_unit_test(test_router_405_for_known_path_wrong_method),
      cmocka_unit_test(test_router_rejects_leading_zero_and_non_numeric_ids),
      cmocka_unit_test(test_http_method_parse_is_exact_and_case_sensitive),
      cmocka_unit_test(test_route_table_entries_are_complete_and_unique),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
