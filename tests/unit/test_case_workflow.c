/* Unit tests for the case workflow (src/core/case_workflow.c): every pair of
 * statuses against matrices written out by hand, the guards (role, reason,
 * reopen window and its edge), the targets offered after a refusal, what
 * moves do to a case, and first-contact resolution. */
#include "helpers.h"

#include "core/case_workflow.h"

#define DAY (24 * 3600)
#define NOW ((time_t)1780000000)

/* 1 where a team leader with a reason may move a case recently closed from
 * the row's status to the column's:
 *                       new open w_cus w_int resolved closed reopened */
static const int leader_matrix[CASE_STATUS_COUNT][CASE_STATUS_COUNT] = {
    [CASE_NEW] = {0, 1, 1, 1, 1, 1, 0},
    [CASE_OPEN] = {0, 0, 1, 1, 1, 0, 0},
    [CASE_WAITING_ON_CUSTOMER] = {0, 1, 0, 1, 1, 0, 0},
    [CASE_WAITING_ON_INTERNAL] = {0, 1, 1, 0, 1, 0, 0},
    [CASE_RESOLVED] = {0, 0, 0, 0, 0, 1, 1},
    [CASE_CLOSED] = {0, 0, 0, 0, 0, 0, 1},
    [CASE_REOPENED] = {0, 1, 1, 1, 1, 0, 0},
};

/* The same for an agent: everything but reopening a closed case. */
static const int agent_matrix[CASE_STATUS_COUNT][CASE_STATUS_COUNT] = {
    [CASE_NEW] = {0, 1, 1, 1, 1, 1, 0},
    [CASE_OPEN] = {0, 0, 1, 1, 1, 0, 0},
    [CASE_WAITING_ON_CUSTOMER] = {0, 1, 0, 1, 1, 0, 0},
    [CASE_WAITING_ON_INTERNAL] = {0, 1, 1, 0, 1, 0, 0},
    [CASE_RESOLVED] = {0, 0, 0, 0, 0, 1, 1},
    [CASE_CLOSED] = {0, 0, 0, 0, 0, 0, 0},
    [CASE_REOPENED] = {0, 1, 1, 1, 1, 0, 0},
};

static CaseMoveContext context(Role role, int has_reason, time_t closed_at) {
  return (CaseMoveContext){.role = role, .has_reason = has_reason, .now = NOW, .closed_at = closed_at};
}

static void check_matrix(const int matrix[CASE_STATUS_COUNT][CASE_STATUS_COUNT], Role role) {
  CaseMoveContext ctx = context(role, 1, NOW - DAY);
  for (int from = 0; from < CASE_STATUS_COUNT; from++)
    for (int to = 0; to < CASE_STATUS_COUNT; to++) {
      char row[120];
      snprintf(row, sizeof row, "%s: %s -> %s", policy_role_name(role), case_status_name((CaseStatus)from),
               case_status_name((CaseStatus)to));
      expect_int(row, matrix[from][to], case_move_check((CaseStatus)from, (CaseStatus)to, &ctx) == CASE_MOVE_ALLOWED);
    }
  expect_all_rows_passed();
}

static void test_case_every_pair_of_statuses_for_a_team_leader(void **state) {
  (void)state;
  check_matrix(leader_matrix, ROLE_TEAM_LEADER);
}

static void test_case_every_pair_of_statuses_for_an_agent(void **state) {
  (void)state;
  check_matrix(agent_matrix, ROLE_AGENT);
}

static void test_case_leaders_move_as_team_leaders_do(void **state) {
  (void)state;
  check_matrix(leader_matrix, ROLE_CS_MANAGER);
  check_matrix(leader_matrix, ROLE_QUALITY_MANAGER);
  check_matrix(leader_matrix, ROLE_ADMIN);
}

static void test_case_auditors_and_hr_move_nothing(void **state) {
  (void)state;
  const Role readers[] = {ROLE_AUDITOR, ROLE_HR, ROLE_COUNT};
  for (size_t r = 0; r < COUNT(readers); r++) {
    CaseMoveContext ctx = context(readers[r], 1, NOW - DAY);
    for (int from = 0; from < CASE_STATUS_COUNT; from++)
      for (int to = 0; to < CASE_STATUS_COUNT; to++) {
        char row[120];
        snprintf(row, sizeof row, "%s: %s -> %s", policy_role_name(readers[r]), case_status_name((CaseStatus)from),
                 case_status_name((CaseStatus)to));
        CaseMoveVerdict v = case_move_check((CaseStatus)from, (CaseStatus)to, &ctx);
        expect_int(row, leader_matrix[from][to] ? CASE_MOVE_ROLE_REFUSED : CASE_MOVE_NOT_IN_TABLE, v);
      }
  }
  expect_all_rows_passed();
}

static void test_case_an_agent_is_refused_reopening_a_closed_case_for_their_role(void **state) {
  (void)state;
  CaseMoveContext ctx = context(ROLE_AGENT, 1, NOW - DAY);
  assert_int_equal(case_move_check(CASE_CLOSED, CASE_REOPENED, &ctx), CASE_MOVE_ROLE_REFUSED);
  assert_int_equal(case_move_check(CASE_CLOSED, CASE_OPEN, &ctx), CASE_MOVE_NOT_IN_TABLE);
}

static void test_case_moves_that_need_a_reason(void **state) {
  (void)state;
  static const struct {
    CaseStatus from, to;
    int needs_reason;
  } rows[] = {
      {CASE_NEW, CASE_CLOSED, 1},        {CASE_RESOLVED, CASE_REOPENED, 1}, {CASE_CLOSED, CASE_REOPENED, 1},
      {CASE_NEW, CASE_OPEN, 0},          {CASE_OPEN, CASE_RESOLVED, 0},     {CASE_RESOLVED, CASE_CLOSED, 0},
      {CASE_REOPENED, CASE_RESOLVED, 0}, {CASE_WAITING_ON_CUSTOMER, CASE_OPEN, 0},
  };
  CaseMoveContext without = context(ROLE_TEAM_LEADER, 0, NOW - DAY), with = context(ROLE_TEAM_LEADER, 1, NOW - DAY);
  for (size_t i = 0; i < COUNT(rows); i++) {
    char row[120];
    snprintf(row, sizeof row, "%s -> %s", case_status_name(rows[i].from), case_status_name(rows[i].to));
    expect_int(row, rows[i].needs_reason ? CASE_MOVE_REASON_REQUIRED : CASE_MOVE_ALLOWED,
               case_move_check(rows[i].from, rows[i].to, &without));
    expect_int(row, CASE_MOVE_ALLOWED, case_move_check(rows[i].from, rows[i].to, &with));
  }
  expect_all_rows_passed();
}

static void test_case_reopening_a_closed_case_ends_30_days_after_closing(void **state) {
  (void)state;
  static const struct {
    time_t closed_ago;
    CaseMoveVerdict expected;
  } rows[] = {
      {0, CASE_MOVE_ALLOWED},
      {DAY, CASE_MOVE_ALLOWED},
      {30 * DAY, CASE_MOVE_ALLOWED},
      {30 * DAY + 1, CASE_MOVE_WINDOW_PASSED},
      {400 * DAY, CASE_MOVE_WINDOW_PASSED},
  };
  for (size_t i = 0; i < COUNT(rows); i++) {
    CaseMoveContext ctx = context(ROLE_TEAM_LEADER, 1, NOW - rows[i].closed_ago);
    char row[80];
    snprintf(row, sizeof row, "closed %lld s ago", (long long)rows[i].closed_ago);
    expect_int(row, rows[i].expected, case_move_check(CASE_CLOSED, CASE_REOPENED, &ctx));
  }
  expect_all_rows_passed();
  /* the window guards only the reopening of closed cases */
  CaseMoveContext long_ago = context(ROLE_AGENT, 1, NOW - 400 * DAY);
  assert_int_equal(case_move_check(CASE_RESOLVED, CASE_REOPENED, &long_ago), CASE_MOVE_ALLOWED);
}

static void test_case_targets_list_the_allowed_next_statuses(void **state) {
  (void)state;
  CaseStatus out[CASE_STATUS_COUNT];
  for (int from = 0; from < CASE_STATUS_COUNT; from++) {
    CaseMoveContext ctx = context(ROLE_AGENT, 0, NOW - DAY);
    size_t n = case_move_targets((CaseStatus)from, &ctx, out), k = 0;
    for (int to = 0; to < CASE_STATUS_COUNT; to++) {
      if (!agent_matrix[from][to]) continue;
      char row[120];
      snprintf(row, sizeof row, "targets of %s include %s", case_status_name((CaseStatus)from),
               case_status_name((CaseStatus)to));
      expect_int(row, to, k < n ? (int)out[k] : -1);
      k++;
    }
    expect_int(case_status_name((CaseStatus)from), k, n);
  }
  expect_all_rows_passed();
  CaseMoveContext stale = context(ROLE_ADMIN, 1, NOW - 31 * DAY);
  assert_int_equal(case_move_targets(CASE_CLOSED, &stale, out), 0);
}

static void test_case_names_round_trip(void **state) {
  (void)state;
  for (int s = 0; s < CASE_STATUS_COUNT; s++) {
    CaseStatus back;
    assert_int_equal(case_status_parse(case_status_name((CaseStatus)s), &back), 0);
    assert_int_equal(back, s);
  }
  for (int t = 0; t < CASE_TYPE_COUNT; t++) {
    CaseType back;
    assert_int_equal(case_type_parse(case_type_name((CaseType)t), &back), 0);
    assert_int_equal(back, t);
  }
  CaseStatus s;
  CaseType t;
  assert_int_equal(case_status_parse("pending", &s), -1);
  assert_int_equal(case_status_parse("", &s), -1);
  assert_int_equal(case_type_parse("Complaint", &t), -1);
  assert_string_equal(case_type_name(CASE_RETURN), "return");
  assert_string_equal(case_status_name(CASE_WAITING_ON_CUSTOMER), "waiting_on_customer");
}

static void test_case_first_contact_resolution(void **state) {
  (void)state;
  static const struct {
    int reopens, inbound, outbound, expected;
    const char *why;
  } rows[] = {
      {0, 0, 0, 1, "resolved on the phone without a written reply"},
      {0, 0, 1, 1, "one answer and nothing more from the customer"},
      {0, 0, 2, 0, "a second reply means the first did not settle it"},
      {0, 1, 1, 0, "the customer had to write again"},
      {0, 1, 0, 0, "the customer wrote again even without our reply"},
      {1, 0, 1, 0, "a reopened case was not resolved at first contact"},
  };
  for (size_t i = 0; i < COUNT(rows); i++) {
    CaseFacts f = {.status = CASE_OPEN, .reopen_count = rows[i].reopens, .inbound_replies = rows[i].inbound,
                   .outbound_replies = rows[i].outbound};
    expect_int(rows[i].why, rows[i].expected, case_first_contact_resolution(&f));
  }
  expect_all_rows_passed();
}

static void test_case_moves_stamp_times_and_count_reopens(void **state) {
  (void)state;
  CaseFacts f = {.status = CASE_OPEN, .outbound_replies = 1};
  case_apply_move(&f, CASE_RESOLVED, NOW);
  assert_int_equal(f.status, CASE_RESOLVED);
  assert_int_equal(f.resolved_at, NOW);
  assert_true(f.first_contact_resolution);
  case_apply_move(&f, CASE_CLOSED, NOW + DAY);
  assert_int_equal(f.closed_at, NOW + DAY);
  assert_int_equal(f.resolved_at, NOW);
  case_apply_move(&f, CASE_REOPENED, NOW + 2 * DAY);
  assert_int_equal(f.status, CASE_REOPENED);
  assert_int_equal(f.reopen_count, 1);
  assert_int_equal(f.resolved_at, 0);
  assert_int_equal(f.closed_at, 0);
  assert_false(f.first_contact_resolution);
  case_apply_move(&f, CASE_OPEN, NOW + 3 * DAY);
  case_apply_move(&f, CASE_RESOLVED, NOW + 4 * DAY);
  assert_int_equal(f.resolved_at, NOW + 4 * DAY);
  assert_false(f.first_contact_resolution); /* a reopened case stays not-first-contact */
  case_apply_move(&f, CASE_REOPENED, NOW + 5 * DAY);
  assert_int_equal(f.reopen_count, 2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_case_every_pair_of_statuses_for_a_team_leader),
      cmocka_unit_test(test_case_every_pair_of_statuses_for_an_agent),
      cmocka_unit_test(test_case_leaders_move_as_team_leaders_do),
      cmocka_unit_test(test_case_auditors_and_hr_move_nothing),
      cmocka_unit_test(test_case_an_agent_is_refused_reopening_a_closed_case_for_their_role),
      cmocka_unit_test(test_case_moves_that_need_a_reason),
      cmocka_unit_test(test_case_reopening_a_closed_case_ends_30_days_after_closing),
      cmocka_unit_test(test_case_targets_list_the_allowed_next_statuses),
      cmocka_unit_test(test_case_names_round_trip),
      cmocka_unit_test(test_case_first_contact_resolution),
      cmocka_unit_test(test_case_moves_stamp_times_and_count_reopens),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
