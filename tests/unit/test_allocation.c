/* Unit tests for work allocation and rosters (src/core/allocation.c,
 * src/core/roster.c): workload points, SLA risk and required levels worked
 * by hand; who is chosen under each rule and why each other person was not;
 * ties; stretch cases and their limits; presence from shifts, absences and
 * the calendar; the fairness outliers. */
#include "helpers.h"

#include "core/allocation.h"
#include "core/roster.h"

#define NOW ((time_t)1780000000) /* a Thursday, 2026-05-28T20:26:40Z */
#define HOURS(h) ((time_t)(h) * 3600)

enum { HYD, GER, SKILLS };

static void test_allocation_points_risk_and_levels_by_hand(void **state) {
  (void)state;
  const struct {
    int priority;
    time_t due;
    int points;
    AllocationRisk risk;
  } rows[] = {
      {1, 0, 4, ALLOCATION_RISK_HIGH},
      {2, 0, 3, ALLOCATION_RISK_MEDIUM},
      {3, 0, 2, ALLOCATION_RISK_LOW},
      {4, 0, 1, ALLOCATION_RISK_LOW},
      {3, NOW + HOURS(9), 2, ALLOCATION_RISK_LOW},
      {3, NOW + HOURS(8), 4, ALLOCATION_RISK_MEDIUM}, /* exactly eight hours: soon */
      {3, NOW + HOURS(3), 4, ALLOCATION_RISK_MEDIUM},
      {3, NOW + HOURS(2), 6, ALLOCATION_RISK_MEDIUM}, /* two hours is urgent for workload, not yet high risk */
      {3, NOW + HOURS(1), 6, ALLOCATION_RISK_HIGH},
      {4, NOW - HOURS(5), 3, ALLOCATION_RISK_HIGH}, /* past due */
      {2, NOW + HOURS(24), 3, ALLOCATION_RISK_MEDIUM},
  };
  for (size_t i = 0; i < COUNT(rows); i++) {
    char row[80];
    snprintf(row, sizeof row, "row %zu (P%d)", i, rows[i].priority);
    expect_int(row, rows[i].points, allocation_case_points(rows[i].priority, rows[i].due, NOW));
    expect_int(row, rows[i].risk, allocation_case_risk(rows[i].priority, rows[i].due, NOW));
  }
  expect_int("P3 level 2", 2, allocation_required_level(2, 3));
  expect_int("P1 raises a level", 3, allocation_required_level(2, 1));
  expect_int("never above 4", 4, allocation_required_level(4, 1));
  expect_all_rows_passed();
}

/* A team of five: levels [hydraulics, german] and goals. */
static const unsigned char levels[][SKILLS] = {{3, 0}, {2, 2}, {1, 0}, {4, 4}, {3, 1}};
static const unsigned char goals[][SKILLS] = {{0, 0}, {0, 0}, {2, 0}, {0, 0}, {0, 2}};

static void team_of(AllocationPerson *people, const Presence *presence) {
  for (int i = 0; i < 5; i++)
    people[i] = (AllocationPerson){.id = 100 + i, .presence = presence[i], .levels = levels[i], .goals = goals[i]};
}

static void test_allocation_least_workload_wins_and_every_other_verdict_is_given(void **state) {
  (void)state;
  static const Presence presence[] = {PRESENCE_AVAILABLE, PRESENCE_AVAILABLE, PRESENCE_AVAILABLE, PRESENCE_ABSENT,
                                      PRESENCE_AVAILABLE};
  AllocationPerson people[5];
  team_of(people, presence);
  /* Person 0 holds a P2 (3 points), person 1 two P4s (2 points), person 4 a P3 due in an hour (6 points). */
  const AllocationOpenCase open[] = {{0, 2, 0, 0}, {1, 4, 0, 0}, {1, 4, 0, 0}, {4, 3, NOW + HOURS(1), 0}};
  AllocationTeam t = {people, 5, SKILLS, open, COUNT(open), ALLOCATION_DEFAULT_MAX_LOAD};
  const AllocationNeed needs[] = {{HYD, 2}};
  AllocationCase c = {.priority = 2, .needs = needs, .nneeds = 1}; /* medium risk: no stretch */
  AllocationCandidate cand[5];
  AllocationDecision d;
  allocation_decide(&t, &c, NOW, cand, &d);
  assert_int_equal(d.rule, ALLOCATION_RULE_LEAST_WORKLOAD);
  assert_int_equal(d.risk, ALLOCATION_RISK_MEDIUM);
  assert_int_equal(d.chosen, 1);
  assert_int_equal(d.complexity, 2);
  const Verdict want[] = {VERDICT_QUALIFIED, VERDICT_CHOSEN, VERDICT_STRETCH_RISK, VERDICT_ABSENT, VERDICT_QUALIFIED};
  const int loads[] = {3, 2, 0, 0, 6};
  for (int i = 0; i < 5; i++) {
    char row[40];
    snprintf(row, sizeof row, "person %d", i);
    expect_int(row, want[i], cand[i].verdict);
    expect_int(row, loads[i], cand[i].load);
  }
  expect_int("urgent of person 4", 1, cand[4].urgent);
  expect_all_rows_passed();
  Buffer b = BUFFER_INIT;
  const char *const names[] = {"hydraulics"};
  allocation_explain_candidate(&cand[1], &d, &c, names, &b);
  assert_string_equal(buffer_cstr(&b), "chosen: qualified, with the least workload (2 points)");
  buffer_reset(&b);
  allocation_explain_candidate(&cand[2], &d, &c, names, &b);
  assert_string_equal(buffer_cstr(&b), "developing hydraulics, but the case's SLA risk is too high for a stretch case");
  buffer_reset(&b);
  allocation_explain_rule(&d, &b);
  assert_string_equal(buffer_cstr(&b), "The SLA risk is medium, so the qualified person with the least workload got it.");
  buffer_free(&b);
}

static void test_allocation_high_risk_prefers_fewest_cases_near_breach(void **state) {
  (void)state;
  static const Presence presence[] = {PRESENCE_AVAILABLE, PRESENCE_AVAILABLE, PRESENCE_AVAILABLE,
                                      PRESENCE_AVAILABLE, PRESENCE_OFF_SHIFT};
  AllocationPerson people[5];
  team_of(people, presence);
  /* 0: one P4 due in an hour (3 points, urgent); 3: two P3s due in a day (4 points, none urgent). */
  const AllocationOpenCase open[] = {{0, 4, NOW + HOURS(1), 0}, {3, 3, NOW + HOURS(24), 0}, {3, 3, NOW + HOURS(24), 0}};
  AllocationTeam t = {people, 5, SKILLS, open, COUNT(open), ALLOCATION_DEFAULT_MAX_LOAD};
  const AllocationNeed needs[] = {{HYD, 3}}; /* P1 on a level-2 skill */
  AllocationCase c = {.priority = 1, .needs = needs, .nneeds = 1};
  AllocationCandidate cand[5];
  AllocationDecision d;
  allocation_decide(&t, &c, NOW, cand, &d);
  assert_int_equal(d.rule, ALLOCATION_RULE_HIGH_RISK);
  assert_int_equal(d.chosen, 3); /* more load, but nothing near breach */
  assert_int_equal(cand[0].verdict, VERDICT_QUALIFIED);
  assert_int_equal(cand[1].verdict, VERDICT_LACKS_SKILL);
  assert_int_equal(cand[1].missing, 0);
  assert_int_equal(cand[4].verdict, VERDICT_OFF_SHIFT);
}

static void test_allocation_low_risk_gives_a_stretch_case_within_its_limit(void **state) {
  (void)state;
  static const Presence presence[] = {PRESENCE_AVAILABLE, PRESENCE_AVAILABLE, PRESENCE_AVAILABLE,
                                      PRESENCE_AVAILABLE, PRESENCE_AVAILABLE};
  AllocationPerson people[5];
  team_of(people, presence);
  const AllocationNeed needs[] = {{HYD, 2}, {GER, 2}};
  AllocationCase c = {.priority = 3, .needs = needs, .nneeds = 2};
  AllocationCandidate cand[5];
  AllocationDecision d;
  /* Person 4 (hydraulics 3, german 1 with a goal of 2) stretches on german; person 2 lacks both. */
  AllocationTeam t = {people, 5, SKILLS, NULL, 0, ALLOCATION_DEFAULT_MAX_LOAD};
  allocation_decide(&t, &c, NOW, cand, &d);
  assert_int_equal(d.rule, ALLOCATION_RULE_STRETCH);
  assert_int_equal(d.chosen, 4);
  assert_int_equal(d.stretch_need, 1);
  assert_int_equal(cand[2].verdict, VERDICT_LACKS_SKILL);
  assert_int_equal(cand[1].verdict, VERDICT_QUALIFIED);
  assert_int_equal(cand[3].verdict, VERDICT_QUALIFIED);
  /* With two open stretch cases already, the qualified least loaded wins; ties go to the wider margin. */
  const AllocationOpenCase open[] = {{4, 4, 0, 1}, {4, 4, 0, 1}};
  t.open = open, t.nopen = 2;
  allocation_decide(&t, &c, NOW, cand, &d);
  assert_int_equal(d.rule, ALLOCATION_RULE_LEAST_WORKLOAD);
  assert_int_equal(cand[4].verdict, VERDICT_STRETCH_FULL);
  assert_int_equal(d.chosen, 3); /* 1 and 3 both carry nothing; 3 has margin 4, 1 has 0 */
  assert_int_equal(cand[3].margin, 4);
}

static void test_allocation_nobody_and_the_workload_limit(void **state) {
  (void)state;
  static const Presence presence[] = {PRESENCE_AVAILABLE, PRESENCE_INACTIVE, PRESENCE_AVAILABLE,
                                      PRESENCE_ABSENT, PRESENCE_AVAILABLE};
  AllocationPerson people[5];
  team_of(people, presence);
  const AllocationOpenCase open[] = {{0, 1, 0, 0}, {0, 1, 0, 0}, {4, 1, 0, 0}, {4, 1, 0, 0}, {4, 1, 0, 0}};
  AllocationTeam t = {people, 5, SKILLS, open, COUNT(open), 8}; /* person 0 has 8 points, 4 has 12 */
  const AllocationNeed needs[] = {{HYD, 3}};
  AllocationCase c = {.priority = 3, .needs = needs, .nneeds = 1};
  AllocationCandidate cand[5];
  AllocationDecision d;
  allocation_decide(&t, &c, NOW, cand, &d);
  assert_int_equal(d.rule, ALLOCATION_RULE_NOBODY);
  assert_int_equal(d.chosen, -1);
  const Verdict want[] = {VERDICT_FULL, VERDICT_INACTIVE, VERDICT_LACKS_SKILL, VERDICT_ABSENT, VERDICT_FULL};
  for (int i = 0; i < 5; i++) assert_int_equal(cand[i].verdict, want[i]);
  /* An unknown skill (column -1) is lacked by everyone. */
  const AllocationNeed unknown[] = {{-1, 2}};
  c.needs = unknown;
  t.max_load = ALLOCATION_DEFAULT_MAX_LOAD;
  allocation_decide(&t, &c, NOW, cand, &d);
  assert_int_equal(d.chosen, -1);
  assert_int_equal(cand[0].verdict, VERDICT_LACKS_SKILL);
  /* No required skills: anyone present qualifies; ties on load and margin go to fewer open cases, then the lower id. */
  c.nneeds = 0;
  t.open = NULL, t.nopen = 0;
  allocation_decide(&t, &c, NOW, cand, &d);
  assert_int_equal(d.chosen, 0);
}

static void test_roster_presence_from_shifts_absences_and_calendar(void **state) {
  (void)state;
  const RosterSpan shift_and_leave[] = {{NOW - HOURS(2), NOW + HOURS(6), 0}, {NOW + HOURS(3), NOW + HOURS(30), 1}};
  assert_int_equal(roster_presence(shift_and_leave, 2, NULL, NOW), PRESENCE_AVAILABLE);
  assert_int_equal(roster_presence(shift_and_leave, 2, NULL, NOW + HOURS(4)), PRESENCE_ABSENT);
  assert_int_equal(roster_presence(shift_and_leave, 1, NULL, NOW + HOURS(6)), PRESENCE_OFF_SHIFT); /* end excluded */
  assert_int_equal(roster_presence(shift_and_leave, 1, NULL, NOW - HOURS(2)), PRESENCE_AVAILABLE); /* start included */
  assert_int_equal(roster_presence(NULL, 0, NULL, NOW), PRESENCE_AVAILABLE);
  /* Without shifts the calendar's hours: Mon-Fri 09:00-17:00 UTC; NOW is Thursday 20:26. */
  json_t *def = json_loads("{\"tz\":\"UTC\",\"hours\":{\"mon\":[[\"09:00\",\"17:00\"]],\"tue\":[[\"09:00\",\"17:00\"]],"
                           "\"wed\":[[\"09:00\",\"17:00\"]],\"thu\":[[\"09:00\",\"17:00\"]],\"fri\":[[\"09:00\",\"17:00\"]]}}",
                           0, NULL);
  Calendar *cal = NULL;
  Error err = ERROR_INIT;
  assert_int_equal(calendar_parse(def, NOW, &cal, &err), 0);
  assert_int_equal(roster_presence(NULL, 0, cal, NOW), PRESENCE_OFF_SHIFT);
  assert_int_equal(roster_presence(NULL, 0, cal, NOW + HOURS(13)), PRESENCE_AVAILABLE); /* Friday 09:26 */
  const RosterSpan leave[] = {{NOW, NOW + HOURS(48), 1}};
  assert_int_equal(roster_presence(leave, 1, cal, NOW + HOURS(13)), PRESENCE_ABSENT);
  unsigned char slots[16];
  roster_slots(NULL, 0, cal, NOW + HOURS(12), 1800, 16, slots); /* from Friday 08:26, half-hourly */
  const unsigned char want[16] = {0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  assert_memory_equal(slots, want, 16);
  calendar_free(cal);
  json_decref(def);
  error_clear(&err);
}

static void test_allocation_fairness_outliers(void **state) {
  (void)state;
  assert_string_equal(allocation_outlier(16, 10, 4), "high");
  assert_null(allocation_outlier(15, 10, 4)); /* exactly 1.5 times is not above it */
  assert_string_equal(allocation_outlier(4, 10, 4), "low");
  assert_null(allocation_outlier(5, 10, 4));
  assert_null(allocation_outlier(16, 10, 2)); /* two people: no outliers */
  assert_null(allocation_outlier(3, 0, 5));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_allocation_points_risk_and_levels_by_hand),
      cmocka_unit_test(test_allocation_least_workload_wins_and_every_other_verdict_is_given),
      cmocka_unit_test(test_allocation_high_risk_prefers_fewest_cases_near_breach),
      cmocka_unit_test(test_allocation_low_risk_gives_a_stretch_case_within_its_limit),
      cmocka_unit_test(test_allocation_nobody_and_the_workload_limit),
      cmocka_unit_test(test_roster_presence_from_shifts_absences_and_calendar),
      cmocka_unit_test(test_allocation_fairness_outliers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
