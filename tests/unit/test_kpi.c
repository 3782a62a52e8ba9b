/* Unit tests for the KPIs (src/core/kpi.c) and the SMART check, objective
 * progress and appraisal ratings (src/core/performance.c), on hand-worked
 * examples: ISO weeks across year ends, months, each KPI's value from a
 * tally, KPIs without data hidden rather than zero, the direction of
 * standards, runs of periods below standard, each SMART letter failing with
 * its reason, and appraisal components left out rather than averaged in. */
#include <math.h>

#include "helpers.h"

#include "core/kpi.h"
#include "core/performance.h"
#include "util/timeutil.h"

#define near(a, b) (fabs((a) - (b)) < 1e-6)

static void test_kpi_iso_weeks_and_months(void **state) {
  (void)state;
  static const struct {
    const char *day, *week, *monday, *month, *first;
  } rows[] = {
      /* 2026-01-01 is a Thursday: week 1 of 2026 starts on Monday 2025-12-29 */
      {"2026-01-01", "2026-W01", "2025-12-29", "2026-01", "2026-01-01"},
      {"2025-12-29", "2026-W01", "2025-12-29", "2025-12", "2025-12-01"},
      {"2025-12-28", "2025-W52", "2025-12-22", "2025-12", "2025-12-01"},
      /* 2021-01-03 is a Sunday in the last week of 2020, which has 53 weeks */
      {"2021-01-03", "2020-W53", "2020-12-28", "2021-01", "2021-01-01"},
      {"2026-12-01", "2026-W49", "2026-11-30", "2026-12", "2026-12-01"},
      {"2024-02-29", "2024-W09", "2024-02-26", "2024-02", "2024-02-01"},
  };
  for (size_t i = 0; i < COUNT(rows); i++) {
    long long day = time_date_days(rows[i].day);
    char key[KPI_KEY_SIZE], date[TIME_DATE_SIZE];
    kpi_period_key(day, KPI_WEEK, key);
    expect_text(rows[i].day, rows[i].week, key);
    time_date_text(kpi_period_start(day, KPI_WEEK), date);
    expect_text(rows[i].day, rows[i].monday, date);
    kpi_period_key(day, KPI_MONTH, key);
    expect_text(rows[i].day, rows[i].month, key);
    time_date_text(kpi_period_start(day, KPI_MONTH), date);
    expect_text(rows[i].day, rows[i].first, date);
  }
  expect_all_rows_passed();
}

static void test_kpi_next_period(void **state) {
  (void)state;
  char date[TIME_DATE_SIZE];
  time_date_text(kpi_period_next(time_date_days("2026-01-31") - 30, KPI_MONTH), date);
  assert_string_equal(date, "2026-02-01");
  time_date_text(kpi_period_next(time_date_days("2026-12-01"), KPI_MONTH), date);
  assert_string_equal(date, "2027-01-01");
  time_date_text(kpi_period_next(time_date_days("2025-12-29"), KPI_WEEK), date);
  assert_string_equal(date, "2026-01-05");
}

/* Two days of one agent summed: 5 cases resolved, 4 with a first reply
 * taking 600+1200+300+900 s (12.5 min), 5 resolutions taking 36000 s in
 * all (2 h each), 2 at first contact, 1 reopened, 3 of 4 judged SLAs met,
 * 3 of 4 CSAT answers satisfied, QA reviews of 80 and 91.5. */
static void test_kpi_values_of_a_tally(void **state) {
  (void)state;
  KpiTally a = {.handled = 3, .first_response_seconds = 1800, .first_response_n = 2, .resolution_seconds = 21600,
                .resolution_n = 3, .fcr = 1, .reopened = 1, .sla_met = 2, .sla_judged = 2, .csat_satisfied = 1,
                .csat_n = 2, .qa_score_centi = 8000, .qa_n = 1};
  KpiTally b = {.handled = 2, .first_response_seconds = 1200, .first_response_n = 2, .resolution_seconds = 14400,
                .resolution_n = 2, .fcr = 1, .sla_met = 1, .sla_judged = 2, .csat_satisfied = 2, .csat_n = 2,
                .qa_score_centi = 9150, .qa_n = 1};
  kpi_tally_add(&a, &b);
  static const struct {
    Kpi kpi;
    double value;
  } rows[] = {{KPI_CASES_HANDLED, 5}, {KPI_FIRST_RESPONSE, 12.5}, {KPI_RESOLUTION, 2}, {KPI_FCR, 40},
              {KPI_SLA, 75},          {KPI_CSAT, 75},             {KPI_QA, 85.75},     {KPI_REOPEN, 20}};
  for (size_t i = 0; i < COUNT(rows); i++) {
    double v = -1;
    expect_int(kpi_name(rows[i].kpi), 1, kpi_value(&a, rows[i].kpi, &v));
    if (!near(v, rows[i].value)) expect_fail("%s: expected %g, got %g", kpi_name(rows[i].kpi), rows[i].value, v);
  }
  expect_all_rows_passed();
}

static void test_kpi_without_data_is_hidden_not_zero(void **state) {
  (void)state;
  KpiTally empty = {0};
  double v = -1;
  for (int k = 0; k < KPI_COUNT; k++)
    if (k != KPI_CASES_HANDLED) expect_int(kpi_name((Kpi)k), 0, kpi_value(&empty, (Kpi)k, &v));
  expect_all_rows_passed();
  assert_int_equal(kpi_value(&empty, KPI_CASES_HANDLED, &v), 1);
  assert_true(near(v, 0));
  /* cases handled but no survey answered: CSAT stays hidden */
  KpiTally cases_only = {.handled = 4, .resolution_seconds = 100, .resolution_n = 4};
  assert_int_equal(kpi_value(&cases_only, KPI_CSAT, &v), 0);
  assert_int_equal(kpi_value(&cases_only, KPI_REOPEN, &v), 1);
}

static void test_kpi_names_directions_and_standards(void **state) {
  (void)state;
  for (int k = 0; k < KPI_COUNT; k++) {
    Kpi parsed;
    assert_int_equal(kpi_parse(kpi_name((Kpi)k), &parsed), 0);
    assert_int_equal(parsed, k);
  }
  Kpi ignored;
  assert_int_equal(kpi_parse("happiness", &ignored), -1);
  KpiPeriod p;
  assert_int_equal(kpi_period_parse("month", &p), 0);
  assert_int_equal(p, KPI_MONTH);
  assert_int_equal(kpi_period_parse("year", &p), -1);
  assert_true(kpi_meets(KPI_SLA, 90, 90));
  assert_false(kpi_meets(KPI_SLA, 89.9, 90));
  assert_true(kpi_meets(KPI_FIRST_RESPONSE, 30, 60));
  assert_false(kpi_meets(KPI_FIRST_RESPONSE, 61, 60));
  assert_true(kpi_meets(KPI_REOPEN, 5, 5));
  assert_false(kpi_meets(KPI_REOPEN, 6, 5));
}

static void test_kpi_run_of_periods_below_standard(void **state) {
  (void)state;
  /* SLA standard 90%: the last three periods are below it */
  double sla[] = {95, 85, 92, 88, 80, 70};
  int all[] = {1, 1, 1, 1, 1, 1};
  assert_int_equal(kpi_periods_below(KPI_SLA, sla, all, 6, 90), 3);
  /* a period without data ends the run */
  int gap[] = {1, 1, 1, 1, 0, 1};
  assert_int_equal(kpi_periods_below(KPI_SLA, sla, gap, 6, 90), 1);
  /* lower is better: first response of 50, 70, 65 minutes against 60 */
  double frt[] = {50, 70, 65};
  assert_int_equal(kpi_periods_below(KPI_FIRST_RESPONSE, frt, all, 3, 60), 2);
  double good[] = {91, 90};
  assert_int_equal(kpi_periods_below(KPI_SLA, good, all, 2, 90), 0);
  assert_int_equal(kpi_periods_below(KPI_SLA, good, all, 0, 90), 0);
}

static SmartInput smart_objective(void) {
  return (SmartInput){.title = "Raise SLA compliance",
                      .description = "Meet the resolution SLA on 90% of my cases each month",
                      .metric = "sla_compliance", .has_baseline = 1, .baseline = 80, .has_target = 1,
                      .target = 90, .direction = 1, .has_history = 1, .history_best = 95, .linked = 1,
                      .deadline = "2027-03-31", .today = "2026-12-01"};
}

static void test_smart_objective_that_holds(void **state) {
  (void)state;
  SmartInput in = smart_objective();
  SmartResult r;
  assert_int_equal(smart_check(&in, &r), 0);
  for (int l = 0; l < SMART_COUNT; l++) {
    assert_true(r.holds[l]);
    assert_string_equal(r.why[l], "");
  }
}

static void test_smart_each_letter_fails_with_its_reason(void **state) {
  (void)state;
  static const struct {
    const char *row;
    int letter;
    const char *why;
  } rows[] = {
      {"vague", SMART_S, "\"do better\" is not a concrete outcome"},
      {"short", SMART_S, "describe the concrete outcome"},
      {"no metric", SMART_M, "no metric"},
      {"no target", SMART_M, "no target value"},
      {"no baseline", SMART_A, "no baseline and target"},
      {"too far", SMART_A, "asks for a change of 100% over the baseline 40"},
      {"beyond history", SMART_A, "the target 99 is beyond the best the team has reached (95)"},
      {"lower beyond history", SMART_A, "the target 10 is beyond the best the team has reached (12)"},
      {"unlinked", SMART_R, "not linked"},
      {"no deadline", SMART_T, "no deadline"},
      {"past deadline", SMART_T, "the deadline 2026-11-30 is not after today"},
  };
  for (size_t i = 0; i < COUNT(rows); i++) {
    SmartInput in = smart_objective();
    switch (i) {
    case 0: in.description = "I will do better with my customers"; break;
    case 1: in.description = "SLA"; break;
    case 2: in.metric = NULL; break;
    case 3: in.has_target = 0; break;
    case 4: in.has_baseline = 0; break;
    case 5: in.baseline = 40, in.target = 80; break;
    case 6: in.baseline = 90, in.target = 99; break;
    case 7:
      in.metric = "first_response_minutes", in.direction = -1, in.baseline = 14, in.target = 10, in.history_best = 12;
      break;
    case 8: in.linked = 0; break;
    case 9: in.deadline = ""; break;
    case 10: in.deadline = "2026-11-30"; break;
    }
    SmartResult r;
    int failing = smart_check(&in, &r);
    /* no target fails achievable too: there is nothing to judge */
    expect_int(rows[i].row, i == 3 ? 2 : 1, failing);
    expect_int(rows[i].row, 0, r.holds[rows[i].letter]);
    if (!strstr(r.why[rows[i].letter], rows[i].why))
      expect_fail("%s: expected \"%s\" in \"%s\"", rows[i].row, rows[i].why, r.why[rows[i].letter]);
  }
  expect_all_rows_passed();
  assert_string_equal(smart_letter_name(SMART_T), "time_bound");
}

static void test_objective_progress_from_baseline_to_target(void **state) {
  (void)state;
  assert_true(near(objective_progress(80, 90, 85), 0.5));
  assert_true(near(objective_progress(80, 90, 95), 1));
  assert_true(near(objective_progress(80, 90, 70), 0));
  /* lower is better: 60 minutes down to 40, now 45 */
  assert_true(near(objective_progress(60, 40, 45), 0.75));
  assert_true(near(objective_progress(5, 5, 5), 1));
  assert_true(near(objective_progress(5, 5, 6), 0));
}

/* Weights 40/30/20/10; objectives 80, KPIs 60, no feedback this cycle,
 * self-assessment 90: (80*40 + 60*30 + 90*10) / 80 = 73.75, not the 59
 * that counting the missing feedback as zero would give. */
static void test_appraisal_leaves_unused_components_out(void **state) {
  (void)state;
  const double weights[APPRAISAL_COMPONENT_COUNT] = {40, 30, 20, 10};
  AppraisalPart parts[APPRAISAL_COMPONENT_COUNT] = {{1, 80}, {1, 60}, {0, 0}, {1, 90}};
  double overall = -1;
  assert_int_equal(appraisal_overall(parts, weights, &overall), 0);
  assert_true(near(overall, 73.75));
  parts[APPRAISAL_FEEDBACK] = (AppraisalPart){1, 50};
  assert_int_equal(appraisal_overall(parts, weights, &overall), 0);
  assert_true(near(overall, 69));
  /* a component weighted zero this cycle does not count */
  const double no_self[APPRAISAL_COMPONENT_COUNT] = {50, 50, 0, 0};
  assert_int_equal(appraisal_overall(parts, no_self, &overall), 0);
  assert_true(near(overall, 70));
  AppraisalPart none[APPRAISAL_COMPONENT_COUNT] = {{0, 0}, {0, 0}, {0, 0}, {0, 0}};
  assert_int_equal(appraisal_overall(none, weights, &overall), -1);
  assert_string_equal(appraisal_component_name(APPRAISAL_SELF), "self_assessment");
}

static void test_feedback_about_personality_or_vague_is_flagged(void **state) {
  (void)state;
  static const struct {
    const char *text, *flag; /* a word of the suggestion, NULL when fine */
  } rows[] = {
      {"Has a bad attitude towards customers", "attitude"},
      {"Is lazy", "lazy"},
      {"Needs to try harder on the phones", "try harder"},
      {"Always late", "always"},
      {"Rude", "observed"},
      {"Interrupted the customer twice while they described the fault", NULL},
      {"Summarised the agreed next steps in writing the same day", NULL},
  };
  for (size_t i = 0; i < COUNT(rows); i++) {
    const char *got = feedback_flag(rows[i].text);
    if (!rows[i].flag) expect_text(rows[i].text, NULL, got);
    else if (!got || !strstr(got, rows[i].flag))
      expect_fail("%s: expected a suggestion with \"%s\", got \"%s\"", rows[i].text, rows[i].flag, got ? got : "");
  }
  expect_all_rows_passed();
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_kpi_iso_weeks_and_months),
      cmocka_unit_test(test_kpi_next_period),
      cmocka_unit_test(test_kpi_values_of_a_tally),
      cmocka_unit_test(test_kpi_without_data_is_hidden_not_zero),
      cmocka_unit_test(test_kpi_names_directions_and_standards),
      cmocka_unit_test(test_kpi_run_of_periods_below_standard),
      cmocka_unit_test(test_smart_objective_that_holds),
      cmocka_unit_test(test_smart_each_letter_fails_with_its_reason),
      cmocka_unit_test(test_objective_progress_from_baseline_to_target),
      cmocka_unit_test(test_appraisal_leaves_unused_components_out),
      cmocka_unit_test(test_feedback_about_personality_or_vague_is_flagged),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
