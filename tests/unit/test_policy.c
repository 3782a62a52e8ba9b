/* Unit tests for who may do what and who is asking: the role/permission table
 * of src/core/policy.c (checked cell by cell against a matrix written out by
 * hand, and against the route table that relies on it) and the sign-in
 * secrets of src/http/session.c (tokens, the session cookie, argon2id). */
#include "helpers.h"

#include <ctype.h>
#include <sodium.h>

#include "core/policy.h"
#include "http/http.h"
#include "http/session.h"

static const char *const role_names[ROLE_COUNT] = {
    [ROLE_AGENT] = "agent",   [ROLE_TEAM_LEADER] = "team_leader", [ROLE_CS_MANAGER] = "cs_manager",
    [ROLE_QUALITY_MANAGER] = "quality_manager", [ROLE_HR] = "hr", [ROLE_ADMIN] = "admin",
    [ROLE_AUDITOR] = "auditor",
};

static const char *const permission_names[PERM_COUNT] = {
    [PERM_PUBLIC] = "public",         [PERM_SIGNED_IN] = "signed_in",     [PERM_CRM_READ] = "crm.read",
    [PERM_CRM_WRITE] = "crm.write",   [PERM_USERS_READ] = "users.read",   [PERM_USERS_ADMIN] = "users.admin",
    [PERM_AUDIT_READ] = "audit.read", [PERM_CASES_READ] = "cases.read", [PERM_CASES_WORK] = "cases.work",
    [PERM_CAPA_READ] = "capa.read",   [PERM_CAPA_WRITE] = "capa.write",
    [PERM_SLA_ADMIN] = "sla.admin",   [PERM_QA_READ] = "qa.read",         [PERM_QA_MANAGE] = "qa.manage",
    [PERM_MEETINGS_READ] = "meetings.read", [PERM_MEETINGS_WRITE] = "meetings.write",
    [PERM_OWN_ANSWER] = "own.answer",
    [PERM_TASKS_READ] = "tasks.read", [PERM_TASKS_WRITE] = "tasks.write",
    [PERM_RETENTION_READ] = "retention.read", [PERM_RETENTION_WORK] = "retention.work",
    [PERM_RETENTION_ADMIN] = "retention.admin",
    [PERM_SURVEYS_READ] = "surveys.read", [PERM_SURVEYS_ADMIN] = "surveys.admin", [PERM_SURVEYS_SEND] = "surveys.send",
    [PERM_FEEDBACK_WRITE] = "feedback.write",
    [PERM_MAIL_ADMIN] = "mail.admin",
    [PERM_TEAM_LEAD] = "team.lead",   [PERM_TEAM_REPORTS] = "team.reports",
    [PERM_PERF_READ] = "perf.read",   [PERM_PERF_WRITE] = "perf.write", [PERM_PERF_STANDARDS] = "perf.standards",
    [PERM_PERF_CYCLES] = "perf.cycles",
    [PERM_PRIVACY_READ] = "privacy.read", [PERM_PRIVACY_ADMIN] = "privacy.admin", [PERM_PRIVACY_STAFF] = "privacy.staff",
};

/* The grants, one row per permission, one column per role:
 *                    agent  t_lead  cs_mgr  q_mgr  hr  admin  auditor */
static const int matrix[PERM_COUNT][ROLE_COUNT] = {
    [PERM_PUBLIC] = {1, 1, 1, 1, 1, 1, 1},
    [PERM_SIGNED_IN] = {1, 1, 1, 1, 1, 1, 1},
    [PERM_CRM_READ] = {1, 1, 1, 1, 1, 1, 1},
    [PERM_CRM_WRITE] = {1, 1, 1, 1, 0, 1, 0},
    [PERM_USERS_READ] = {1, 1, 1, 1, 1, 1, 1},
    [PERM_USERS_ADMIN] = {0, 0, 0, 0, 0, 1, 0},
    [PERM_AUDIT_READ] = {0, 0, 0, 0, 0, 1, 1},
    [PERM_CASES_READ] = {1, 1, 1, 1, 0, 1, 1},
    [PERM_CASES_WORK] = {1, 1, 1, 1, 0, 1, 0},
    [PERM_CAPA_READ] = {1, 1, 1, 1, 0, 1, 1},
    [PERM_CAPA_WRITE] = {0, 0, 1, 1, 0, 0, 0},
    [PERM_SLA_ADMIN] = {0, 0, 1, 0, 0, 1, 0},
    [PERM_QA_READ] = {1, 1, 1, 1, 1, 1, 1},
    [PERM_QA_MANAGE] = {0, 1, 1, 1, 0, 0, 0},
    [PERM_MEETINGS_READ] = {1, 1, 1, 1, 1, 1, 1},
    [PERM_MEETINGS_WRITE] = {0, 1, 1, 1, 0, 1, 0},
    [PERM_OWN_ANSWER] = {1, 1, 1, 1, 1, 1, 0},
    [PERM_TASKS_READ] = {1, 1, 1, 1, 0, 1, 1},
    [PERM_TASKS_WRITE] = {1, 1, 1, 1, 0, 1, 0},
    [PERM_RETENTION_READ] = {1, 1, 1, 1, 0, 1, 1},
    [PERM_RETENTION_WORK] = {0, 1, 1, 1, 0, 1, 0},
    [PERM_RETENTION_ADMIN] = {0, 0, 1, 0, 0, 1, 0},
    [PERM_SURVEYS_READ] = {1, 1, 1, 1, 0, 1, 1},
    [PERM_SURVEYS_ADMIN] = {0, 0, 1, 1, 0, 1, 0},
    [PERM_SURVEYS_SEND] = {0, 1, 1, 1, 0, 1, 0},
    [PERM_FEEDBACK_WRITE] = {1, 1, 1, 1, 0, 1, 0},
    [PERM_MAIL_ADMIN] = {0, 0, 1, 0, 0, 1, 0},
    [PERM_TEAM_LEAD] = {0, 1, 1, 0, 0, 1, 0},
    [PERM_TEAM_REPORTS] = {0, 1, 1, 1, 1, 1, 1},
    [PERM_PERF_READ] = {1, 1, 1, 1, 1, 1, 0},
    [PERM_PERF_WRITE] = {1, 1, 1, 1, 1, 1, 0},
    [PERM_PERF_STANDARDS] = {0, 0, 1, 1, 0, 1, 0},
    [PERM_PERF_CYCLES] = {0, 0, 1, 0, 1, 0, 0},
    [PERM_PRIVACY_READ] = {0, 0, 0, 0, 1, 1, 1},
    [PERM_PRIVACY_ADMIN] = {0, 0, 0, 0, 0, 1, 0},
    [PERM_PRIVACY_STAFF] = {0, 0, 0, 0, 1, 1, 0},
};

/* Agents see their own performance records, team leaders their team's. */
static void test_policy_record_scope_per_role(void **state) {
  (void)state;
  static const RecordScope expected[ROLE_COUNT] = {
      [ROLE_AGENT] = SCOPE_OWN, [ROLE_TEAM_LEADER] = SCOPE_TEAM, [ROLE_CS_MANAGER] = SCOPE_ALL,
      [ROLE_QUALITY_MANAGER] = SCOPE_ALL, [ROLE_HR] = SCOPE_ALL, [ROLE_ADMIN] = SCOPE_ALL, [ROLE_AUDITOR] = SCOPE_ALL};
  for (int r = 0; r < ROLE_COUNT; r++) expect_int(role_names[r], expected[r], policy_record_scope((Role)r));
  expect_all_rows_passed();
  assert_int_equal(policy_record_scope(ROLE_COUNT), SCOPE_OWN);
}

static void test_policy_matrix_matches_the_documented_grants(void **state) {
  (void)state;
  for (int p = 0; p < PERM_COUNT; p++)
    for (int r = 0; r < ROLE_COUNT; r++) {
      char row[80];
      snprintf(row, sizeof row, "%s may %s", role_names[r], permission_names[p]);
      expect_int(row, matrix[p][r], policy_allows((Role)r, (Permission)p) != 0);
    }
  expect_all_rows_passed();
}

static void test_policy_auditor_cannot_write_crm(void **state) {
  (void)state;
  assert_false(policy_allows(ROLE_AUDITOR, PERM_CRM_WRITE));
  assert_false(policy_allows(ROLE_AUDITOR, PERM_USERS_ADMIN));
}

static void test_policy_auditor_reads_everything(void **state) {
  (void)state;
  assert_true(policy_allows(ROLE_AUDITOR, PERM_CRM_READ));
  assert_true(policy_allows(ROLE_AUDITOR, PERM_USERS_READ));
  assert_true(policy_allows(ROLE_AUDITOR, PERM_AUDIT_READ));
}

static void test_policy_agent_cannot_admin_users(void **state) {
  (void)state;
  static const Role non_admins[] = {ROLE_AGENT, ROLE_TEAM_LEADER, ROLE_CS_MANAGER, ROLE_QUALITY_MANAGER, ROLE_HR,
                                    ROLE_AUDITOR};
  for (size_t i = 0; i < COUNT(non_admins); i++)
    expect_int(role_names[non_admins[i]], 0, policy_allows(non_admins[i], PERM_USERS_ADMIN));
  expect_all_rows_passed();
  assert_true(policy_allows(ROLE_ADMIN, PERM_USERS_ADMIN));
}

static void test_policy_hr_reads_but_cannot_change_customer_records(void **state) {
  (void)state;
  assert_true(policy_allows(ROLE_HR, PERM_CRM_READ));
  assert_false(policy_allows(ROLE_HR, PERM_CRM_WRITE));
  assert_false(policy_allows(ROLE_HR, PERM_AUDIT_READ));
}

static void test_policy_unknown_role_is_allowed_nothing(void **state) {
  (void)state;
  for (int p = 0; p < PERM_COUNT; p++) expect_int(permission_names[p], 0, policy_allows(ROLE_COUNT, (Permission)p));
  expect_all_rows_passed();
  assert_string_equal(policy_role_name(ROLE_COUNT), "unknown");
}

static void test_policy_role_names_round_trip(void **state) {
  (void)state;
  for (int r = 0; r < ROLE_COUNT; r++) {
    Role parsed = ROLE_COUNT;
    expect_text(role_names[r], role_names[r], policy_role_name((Role)r));
    expect_int(role_names[r], 0, policy_role_parse(role_names[r], &parsed));
    expect_int(role_names[r], r, parsed);
  }
  expect_all_rows_passed();
}

static void test_policy_role_parse_is_exact(void **state) {
  (void)state;
  static const char *const unknown[] = {"", "Admin", "ADMIN", "admin ", " admin", "administrator", "team-leader",
                                        "teamleader", "root", "auditors"};
  for (size_t i = 0; i < COUNT(unknown); i++) {
    Role parsed = ROLE_COUNT;
    expect_int(unknown[i], -1, policy_role_parse(unknown[i], &parsed));
    expect_int(unknown[i], ROLE_COUNT, parsed); /* left untouched */
  }
  expect_all_rows_passed();
}

static void test_policy_role_names_lists_every_role_in_order(void **state) {
  (void)state;
  Buffer expected = BUFFER_INIT;
  for (int r = 0; r < ROLE_COUNT; r++) buffer_printf(&expected, "%s%s", r ? ", " : "", role_names[r]);
  assert_string_equal(policy_role_names(), buffer_cstr(&expected));
  buffer_free(&expected);
}

static void test_policy_permissions_have_names_and_summaries(void **state) {
  (void)state;
  for (int p = 0; p < PERM_COUNT; p++) {
    expect_text(permission_names[p], permission_names[p], policy_permission_name((Permission)p));
    const char *summary = policy_permission_summary((Permission)p);
    if (!summary || !*summary) expect_fail("%s has no summary", permission_names[p]);
  }
  expect_all_rows_passed();
}

/* Auditors read everything and change nothing: apart from signing in and out
 * and the public survey page's endpoints (which a customer reaches with an
 * invitation's unguessable token, signed in or not), no route that changes
 * state may be open to them. */
static void test_policy_no_route_lets_an_auditor_change_anything(void **state) {
  (void)state;
  for (int i = 0; i < api_route_count; i++) {
    const Route *r = &api_routes[i];
    if (r->method == HTTP_GET) continue;
    if (strcmp(r->path, "/api/v1/session") == 0 || strncmp(r->path, "/api/v1/survey-links/", 21) == 0) continue;
    char row[160];
    snprintf(row, sizeof row, "%s %s (%s)", http_method_name(r->method), r->path,
             policy_permission_name(r->permission));
    expect_int(row, 0, policy_allows(ROLE_AUDITOR, r->permission));
    expect_int(row, 0, r->permission == PERM_PUBLIC || r->permission == PERM_SIGNED_IN);
  }
  expect_all_rows_passed();
}

static void test_policy_only_the_audit_route_needs_audit_read(void **state) {
  (void)state;
  for (int i = 0; i < api_route_count; i++) {
    const Route *r = &api_routes[i];
    expect_int(r->path, strcmp(r->path, "/api/v1/audit") == 0, r->permission == PERM_AUDIT_READ);
    if (r->permission >= PERM_COUNT)
      expect_fail("%s names permission %d, which does not exist", r->path, (int)r->permission);
  }
  expect_all_rows_passed();
}

/* --- session secrets ---------------------------------------------------------------- */

static void test_session_tokens_are_43_url_safe_characters_and_unique(void **state) {
  (void)state;
  char a[SESSION_TOKEN_TEXT], b[SESSION_TOKEN_TEXT];
  session_new_token(a);
  session_new_token(b);
  assert_int_equal(strlen(a), 43); /* ceil(32 * 8 / 6) without padding */
  assert_int_equal(strlen(b), 43);
  for (const char *p = a; *p; p++)
    if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_') fail_msg("token %s has '%c'", a, *p);
  assert_string_not_equal(a, b);
}

static void test_session_token_hash_is_blake2b_256_hex(void **state) {
  (void)state;
  char hash[SESSION_HASH_HEX];
  /* BLAKE2b-256("abc"), as Python's hashlib.blake2b(b"abc", digest_size=32) gives it */
  session_hash_token("abc", hash);
  assert_string_equal(hash, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  char other[SESSION_HASH_HEX];
  session_hash_token("abd", other);
  assert_string_not_equal(hash, other);
}

static void test_session_cookie_value_picks_fd_session_among_cookies(void **state) {
  (void)state;
  static const struct {
    const char *header;
    const char *value; /* NULL: no session cookie */
  } cases[] = {
      {"fd_session=abc", "abc"},
      {"a=1; fd_session=abc; b=2", "abc"},
      {"a=1;fd_session=abc", "abc"},
      {";; fd_session=v", "v"},
      {"fd_sessionx=1; fd_session=ok", "ok"},
      {"", NULL},
      {"fd_session", NULL},
      {"xfd_session=1", NULL},
      {"other=fd_session=1", NULL},
      {"fd_sess=1", NULL},
  };
  for (size_t i = 0; i < COUNT(cases); i++) {
    char *got = session_cookie_value(cases[i].header);
    expect_text(cases[i].header, cases[i].value, got);
    free(got);
  }
  expect_all_rows_passed();
}

static void test_session_password_hash_accepts_only_the_right_password(void **state) {
  (void)state;
  char *hash = session_hash_password("correct horse battery staple");
  assert_non_null(hash);
  assert_true(strncmp(hash, "$argon2id$", 10) == 0);
  assert_true(session_check_password(hash, "correct horse battery staple"));
  assert_false(session_check_password(hash, "correct horse battery stapl"));
  assert_false(session_check_password(hash, "Correct horse battery staple"));
  assert_false(session_check_password(hash, ""));
  assert_false(session_check_password(NULL, "correct horse battery staple"));
  assert_false(session_check_password("not a hash", "correct horse battery staple"));
  char *again = session_hash_password("correct horse battery staple");
  assert_non_null(again);
  assert_string_not_equal(hash, again); /* salted */
  free(hash);
  free(again);
}

static void test_session_password_hash_handles_utf8_passwords(void **state) {
  (void)state;
  char *hash = session_hash_password("pässwörd-東京-😀");
  assert_non_null(hash);
  assert_true(session_check_password(hash, "pässwörd-東京-😀"));
  assert_false(session_check_password(hash, "passwort-東京-😀"));
  free(hash);
}

int main(void) {
  if (sodium_init() < 0) return 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_policy_matrix_matches_the_documented_grants),
      cmocka_unit_test(test_policy_record_scope_per_role),
      cmocka_unit_test(test_policy_auditor_cannot_write_crm),
      cmocka_unit_test(test_policy_auditor_reads_everything),
      cmocka_unit_test(test_policy_agent_cannot_admin_users),
      cmocka_unit_test(test_policy_hr_reads_but_cannot_change_customer_records),
      cmocka_unit_test(test_policy_unknown_role_is_allowed_nothing),
      cmocka_unit_test(test_policy_role_names_round_trip),
      cmocka_unit_test(test_policy_role_parse_is_exact),
      cmocka_unit_test(test_policy_role_names_lists_every_role_in_order),
      cmocka_unit_test(test_policy_permissions_have_names_and_summaries),
      cmocka_unit_test(test_policy_no_route_lets_an_auditor_change_anything),
      cmocka_unit_test(test_policy_only_the_audit_route_needs_audit_read),
      cmocka_unit_test(test_session_tokens_are_43_url_safe_characters_and_unique),
      cmocka_unit_test(test_session_token_hash_is_blake2b_256_hex),
      cmocka_unit_test(test_session_cookie_value_picks_fd_session_among_cookies),
      cmocka_unit_test(test_session_password_hash_accepts_only_the_right_password),
      cmocka_unit_test(test_session_password_hash_handles_utf8_passwords),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
