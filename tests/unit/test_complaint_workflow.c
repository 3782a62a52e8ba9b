/* Unit tests for the ISO 10002 complaint workflow
 * (src/core/complaint_workflow.c): which steps follow which, what each step
 * still lacks, the closing guards (root cause, resolution, CAPA for systemic
 * causes) and escalation. */
#include "helpers.h"

#include "core/complaint_workflow.h"

/* A complaint with everything recorded, at step `at`. */
static Complaint complete(ComplaintStep at) {
  return (Complaint){.step = at, .severity = SEVERITY_MAJOR, .impact = "Line 3 stopped for 4 hours",
                     .investigation = "Batch 2291 seals measured undersize", .whys = 5, .category = CAUSE_MATERIAL,
                     .systemic = 0, .has_capa = 0, .remedy = REMEDY_REPLACE,
                     .resolution = "Replacement seals shipped next day", .satisfied = 1,
                     .escalation = ESCALATION_FRONT_LINE};
}

/* 1 where the table has a step from the row's step to the column's:
 *             rec ack ass inv rc dec com clo fol */
static const int next_matrix[COMPLAINT_STEP_COUNT][COMPLAINT_STEP_COUNT] = {
    [COMPLAINT_RECEIVED] = {0, 1, 0, 0, 0, 0, 0, 0, 0},
    [COMPLAINT_ACKNOWLEDGED] = {0, 0, 1, 0, 0, 0, 0, 0, 0},
    [COMPLAINT_ASSESSED] = {0, 0, 0, 1, 0, 0, 0, 0, 0},
    [COMPLAINT_INVESTIGATED] = {0, 0, 0, 0, 1, 0, 0, 0, 0},
    [COMPLAINT_ROOT_CAUSE] = {0, 0, 0, 0, 0, 1, 0, 0, 0},
    [COMPLAINT_DECIDED] = {0, 0, 0, 0, 0, 0, 1, 0, 0},
    [COMPLAINT_COMMUNICATED] = {0, 0, 0, 0, 0, 1, 0, 1, 0},
    [COMPLAINT_CLOSED] = {0, 0, 0, 0, 0, 0, 0, 0, 1},
    [COMPLAINT_FOLLOWED_UP] = {0, 0, 0, 0, 0, 0, 0, 0, 0},
};

static void test_complaint_every_pair_of_steps(void **state) {
  (void)state;
  for (int from = 0; from < COMPLAINT_STEP_COUNT; from++)
    for (int to = 0; to < COMPLAINT_STEP_COUNT; to++) {
      Complaint c = complete((ComplaintStep)from);
      char row[80];
      snprintf(row, sizeof row, "%s -> %s", complaint_step_name((ComplaintStep)from),
               complaint_step_name((ComplaintStep)to));
      expect_int(row, next_matrix[from][to] ? COMPLAINT_STEP_ALLOWED : COMPLAINT_STEP_NOT_NEXT,
                 complaint_step_check(&c, (ComplaintStep)to, NULL));
    }
  expect_all_rows_passed();
}

static void test_complaint_each_step_names_what_is_missing(void **state) {
  (void)state;
  Complaint empty = {.step = COMPLAINT_RECEIVED, .satisfied = -1};
  static const struct {
    ComplaintStep to;
    unsigned missing;
  } rows[] = {
      {COMPLAINT_RECEIVED, 0},
      {COMPLAINT_ACKNOWLEDGED, 0},
      {COMPLAINT_ASSESSED, MISSING_SEVERITY | MISSING_IMPACT},
      {COMPLAINT_INVESTIGATED, MISSING_SEVERITY | MISSING_IMPACT | MISSING_INVESTIGATION},
      {COMPLAINT_ROOT_CAUSE, MISSING_SEVERITY | MISSING_IMPACT | MISSING_INVESTIGATION | MISSING_ROOT_CAUSE},
      {COMPLAINT_DECIDED, MISSING_SEVERITY | MISSING_IMPACT | MISSING_INVESTIGATION | MISSING_ROOT_CAUSE |
                              MISSING_REMEDY | MISSING_RESOLUTION},
      {COMPLAINT_CLOSED, MISSING_SEVERITY | MISSING_IMPACT | MISSING_INVESTIGATION | MISSING_ROOT_CAUSE |
                             MISSING_REMEDY | MISSING_RESOLUTION},
      {COMPLAINT_FOLLOWED_UP, MISSING_SEVERITY | MISSING_IMPACT | MISSING_INVESTIGATION | MISSING_ROOT_CAUSE |
                                  MISSING_REMEDY | MISSING_RESOLUTION | MISSING_SATISFACTION},
  };
  for (size_t i = 0; i < COUNT(rows); i++)
    expect_int(complaint_step_name(rows[i].to), rows[i].missing, complaint_missing_for(&empty, rows[i].to));
  expect_all_rows_passed();
}

static void test_complaint_cannot_close_without_root_cause(void **state) {
  (void)state;
  Complaint c = complete(COMPLAINT_COMMUNICATED);
  c.whys = 0;
  c.category = CAUSE_NONE;
  unsigned missing = 0;
  assert_int_equal(complaint_step_check(&c, COMPLAINT_CLOSED, &missing), COMPLAINT_STEP_INCOMPLETE);
  assert_int_equal(missing, MISSING_ROOT_CAUSE);
  assert_string_equal(complaint_missing_name(MISSING_ROOT_CAUSE), "root_cause");
  /* either a five-whys chain or a 6M category will do */
  c.whys = 3;
  assert_int_equal(complaint_step_check(&c, COMPLAINT_CLOSED, NULL), COMPLAINT_STEP_ALLOWED);
  c.whys = 0;
  c.category = CAUSE_MEASUREMENT;
  assert_int_equal(complaint_step_check(&c, COMPLAINT_CLOSED, NULL), COMPLAINT_STEP_ALLOWED);
}

static void test_complaint_cannot_close_without_resolution(void **state) {
  (void)state;
  Complaint c = complete(COMPLAINT_COMMUNICATED);
  c.remedy = REMEDY_NONE;
  c.resolution = "";
  unsigned missing = 0;
  assert_int_equal(complaint_step_check(&c, COMPLAINT_CLOSED, &missing), COMPLAINT_STEP_INCOMPLETE);
  assert_int_equal(missing, MISSING_REMEDY | MISSING_RESOLUTION);
  c.remedy = REMEDY_CREDIT;
  assert_int_equal(complaint_step_check(&c, COMPLAINT_CLOSED, &missing), COMPLAINT_STEP_INCOMPLETE);
  assert_int_equal(missing, MISSING_RESOLUTION);
  c.resolution = "Credit note CN-1182 for the faulty batch";
  assert_int_equal(complaint_step_check(&c, COMPLAINT_CLOSED, NULL), COMPLAINT_STEP_ALLOWED);
}

static void test_complaint_systemic_cause_needs_capa_before_closing(void **state) {
  (void)state;
  Complaint c = complete(COMPLAINT_COMMUNICATED);
  c.systemic = 1;
  c.escalation = ESCALATION_QUALITY_MANAGER;
  unsigned missing = 0;
  assert_int_equal(complaint_step_check(&c, COMPLAINT_CLOSED, &missing), COMPLAINT_STEP_INCOMPLETE);
  assert_int_equal(missing, MISSING_CAPA);
  /* a CAPA is only asked for at closing; the decision may come first */
  Complaint deciding = c;
  deciding.step = COMPLAINT_ROOT_CAUSE;
  assert_int_equal(complaint_step_check(&deciding, COMPLAINT_DECIDED, NULL), COMPLAINT_STEP_ALLOWED);
  c.has_capa = 1;
  assert_int_equal(complaint_step_check(&c, COMPLAINT_CLOSED, NULL), COMPLAINT_STEP_ALLOWED);
}

static void test_complaint_follow_up_needs_the_customers_answer(void **state) {
  (void)state;
  Complaint c = complete(COMPLAINT_CLOSED);
  c.satisfied = -1;
  unsigned missing = 0;
  assert_int_equal(complaint_step_check(&c, COMPLAINT_FOLLOWED_UP, &missing), COMPLAINT_STEP_INCOMPLETE);
  assert_int_equal(missing, MISSING_SATISFACTION);
  c.satisfied = 0; /* an unhappy customer is still an answer */
  assert_int_equal(complaint_step_check(&c, COMPLAINT_FOLLOWED_UP, NULL), COMPLAINT_STEP_ALLOWED);
}

static void test_complaint_escalation_levels(void **state) {
  (void)state;
  static const struct {
    ComplaintSeverity severity;
    int systemic;
    EscalationLevel required;
  } rows[] = {
      {SEVERITY_NONE, 0, ESCALATION_FRONT_LINE},      {SEVERITY_MINOR, 0, ESCALATION_FRONT_LINE},
      {SEVERITY_MAJOR, 0, ESCALATION_FRONT_LINE},     {SEVERITY_CRITICAL, 0, ESCALATION_TEAM_LEADER},
      {SEVERITY_SAFETY, 0, ESCALATION_QUALITY_MANAGER}, {SEVERITY_MINOR, 1, ESCALATION_QUALITY_MANAGER},
      {SEVERITY_CRITICAL, 1, ESCALATION_QUALITY_MANAGER},
  };
  for (size_t i = 0; i < COUNT(rows); i++) {
    Complaint c = complete(COMPLAINT_ACKNOWLEDGED);
    c.severity = rows[i].severity;
    c.systemic = rows[i].systemic;
    char row[80];
    snprintf(row, sizeof row, "%s%s", complaint_severity_name(rows[i].severity), rows[i].systemic ? ", systemic" : "");
    expect_int(row, rows[i].required, complaint_required_escalation(&c));
  }
  expect_all_rows_passed();
}

static void test_complaint_safety_escalates_to_quality_manager_at_once(void **state) {
  (void)state;
  Complaint c = complete(COMPLAINT_ACKNOWLEDGED);
  c.severity = SEVERITY_SAFETY;
  EscalationLevel to = ESCALATION_FRONT_LINE;
  assert_int_equal(complaint_needs_escalation(&c, &to), 1);
  assert_string_equal(escalation_level_name(to), "quality_manager");
  unsigned missing = 0;
  assert_int_equal(complaint_step_check(&c, COMPLAINT_ASSESSED, &missing), COMPLAINT_STEP_INCOMPLETE);
  assert_int_equal(missing, MISSING_ESCALATION);
  c.escalation = ESCALATION_DIRECTOR; /* higher than needed is fine */
  assert_int_equal(complaint_needs_escalation(&c, &to), 0);
  assert_int_equal(complaint_step_check(&c, COMPLAINT_ASSESSED, NULL), COMPLAINT_STEP_ALLOWED);
}

static void test_complaint_escalation_says_why(void **state) {
  (void)state;
  static const struct {
    ComplaintSeverity severity;
    int systemic;
    const char *reason;
  } rows[] = {
      {SEVERITY_MINOR, 0, NULL},
      {SEVERITY_MAJOR, 0, NULL},
      {SEVERITY_CRITICAL, 0, "critical complaint"},
      {SEVERITY_SAFETY, 0, "safety complaint"},
      {SEVERITY_MINOR, 1, "systemic root cause"},
      {SEVERITY_CRITICAL, 1, "systemic root cause"}, /* the higher need names itself */
      {SEVERITY_SAFETY, 1, "safety complaint"},
  };
  for (size_t i = 0; i < COUNT(rows); i++) {
    Complaint c = complete(COMPLAINT_ASSESSED);
    c.severity = rows[i].severity;
    c.systemic = rows[i].systemic;
    char row[80];
    snprintf(row, sizeof row, "%s, systemic %d", complaint_severity_name(rows[i].severity), rows[i].systemic);
    expect_text(row, rows[i].reason, complaint_escalation_reason(&c));
  }
  expect_all_rows_passed();
}

/* What the customer may see of a complaint on the case timeline (docs/CASES.md). */
static void test_complaint_only_steps_told_to_the_customer_are_public(void **state) {
  (void)state;
  /*                                             rec ack ass inv rc dec com clo fol */
  static const int expected[COMPLAINT_STEP_COUNT] = {1, 1, 0, 0, 0, 0, 1, 1, 1};
  for (int s = 0; s < COMPLAINT_STEP_COUNT; s++)
    expect_int(complaint_step_name((ComplaintStep)s), expected[s], complaint_step_is_public((ComplaintStep)s));
  expect_int("out of range", 0, complaint_step_is_public(COMPLAINT_STEP_COUNT));
  expect_all_rows_passed();
}

static void test_complaint_names(void **state) {
  (void)state;
  assert_string_equal(complaint_step_name(COMPLAINT_ROOT_CAUSE), "root_cause");
  assert_string_equal(complaint_step_name(COMPLAINT_FOLLOWED_UP), "followed_up");
  assert_string_equal(complaint_step_name(COMPLAINT_STEP_COUNT), "unknown");
  assert_string_equal(complaint_cause_name(CAUSE_ENVIRONMENT), "environment");
  assert_string_equal(complaint_remedy_name(REMEDY_EXPLAIN), "explain");
  assert_string_equal(escalation_level_name(ESCALATION_EXTERNAL), "external");
  for (unsigned i = 0; i < MISSING_COUNT; i++) assert_string_not_equal(complaint_missing_name(1u << i), "unknown");
  assert_string_equal(complaint_missing_name(MISSING_CAPA), "capa");
  assert_string_equal(complaint_missing_name(1u << MISSING_COUNT), "unknown");
}

static void test_complaint_next_steps_follow_the_table(void **state) {
  (void)state;
  ComplaintStep out[COMPLAINT_STEP_COUNT];
  for (int from = 0; from < COMPLAINT_STEP_COUNT; from++) {
    size_t n = complaint_next_steps((ComplaintStep)from, out);
    int expected = 0;
    for (int to = 0; to < COMPLAINT_STEP_COUNT; to++) expected += next_matrix[from][to];
    expect_int(complaint_step_name((ComplaintStep)from), expected, (int)n);
    for (size_t i = 0; i < n; i++) expect_int(complaint_step_name(out[i]), 1, next_matrix[from][out[i]]);
  }
  expect_all_rows_passed();
}

static void test_complaint_agents_cannot_judge_root_cause_decision_or_closure(void **state) {
  (void)state;
  assert_true(complaint_step_role_allowed(COMPLAINT_RECEIVED, COMPLAINT_ACKNOWLEDGED, ROLE_AGENT));
  assert_true(complaint_step_role_allowed(COMPLAINT_ACKNOWLEDGED, COMPLAINT_ASSESSED, ROLE_AGENT));
  assert_true(complaint_step_role_allowed(COMPLAINT_ASSESSED, COMPLAINT_INVESTIGATED, ROLE_AGENT));
  assert_true(complaint_step_role_allowed(COMPLAINT_DECIDED, COMPLAINT_COMMUNICATED, ROLE_AGENT));
  assert_true(complaint_step_role_allowed(COMPLAINT_CLOSED, COMPLAINT_FOLLOWED_UP, ROLE_AGENT));
  assert_false(complaint_step_role_allowed(COMPLAINT_INVESTIGATED, COMPLAINT_ROOT_CAUSE, ROLE_AGENT));
  assert_false(complaint_step_role_allowed(COMPLAINT_ROOT_CAUSE, COMPLAINT_DECIDED, ROLE_AGENT));
  assert_false(complaint_step_role_allowed(COMPLAINT_COMMUNICATED, COMPLAINT_CLOSED, ROLE_AGENT));
  assert_false(complaint_step_role_allowed(COMPLAINT_COMMUNICATED, COMPLAINT_DECIDED, ROLE_AGENT));
  static const Role judges[] = {ROLE_TEAM_LEADER, ROLE_CS_MANAGER, ROLE_QUALITY_MANAGER, ROLE_ADMIN};
  for (size_t i = 0; i < sizeof judges / sizeof judges[0]; i++)
    assert_true(complaint_step_role_allowed(COMPLAINT_COMMUNICATED, COMPLAINT_CLOSED, judges[i]));
  static const Role onlookers[] = {ROLE_AUDITOR, ROLE_HR, ROLE_COUNT};
  for (size_t i = 0; i < sizeof onlookers / sizeof onlookers[0]; i++)
    assert_false(complaint_step_role_allowed(COMPLAINT_RECEIVED, COMPLAINT_ACKNOWLEDGED, onlookers[i]));
  assert_false(complaint_step_role_allowed(COMPLAINT_RECEIVED, COMPLAINT_CLOSED, ROLE_ADMIN)); /* not a step */
}

static void test_complaint_names_parse_back(void **state) {
  (void)state;
  assert_int_equal(complaint_name_parse(complaint_step_names, "root_cause"), COMPLAINT_ROOT_CAUSE);
  assert_int_equal(complaint_name_parse(complaint_cause_names, "measurement"), CAUSE_MEASUREMENT);
  assert_int_equal(complaint_name_parse(escalation_level_names, "director"), ESCALATION_DIRECTOR);
  assert_int_equal(complaint_name_parse(complaint_cause_names, "money"), -1);
  assert_int_equal(complaint_name_parse(complaint_cause_names, NULL), -1);
  assert_null(complaint_step_names[COMPLAINT_STEP_COUNT]);
  assert_null(complaint_severity_names[SEVERITY_COUNT]);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_complaint_every_pair_of_steps),
      cmocka_unit_test(test_complaint_each_step_names_what_is_missing),
      cmocka_unit_test(test_complaint_cannot_close_without_root_cause),
      cmocka_unit_test(test_complaint_cannot_close_without_resolution),
      cmocka_unit_test(test_complaint_systemic_cause_needs_capa_before_closing),
      cmocka_unit_test(test_complaint_follow_up_needs_the_customers_answer),
      cmocka_unit_test(test_complaint_escalation_levels),
      cmocka_unit_test(test_complaint_safety_escalates_to_quality_manager_at_once),
      cmocka_unit_test(test_complaint_escalation_says_why),
      cmocka_unit_test(test_complaint_only_steps_told_to_the_customer_are_public),
      cmocka_unit_test(test_complaint_names),
      cmocka_unit_test(test_complaint_next_steps_follow_the_table),
      cmocka_unit_test(test_complaint_agents_cannot_judge_root_cause_decision_or_closure),
      cmocka_unit_test(test_complaint_names_parse_back),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
