/* Unit tests for the retention metrics (src/core/retention.c) on hand-worked
 * books: an account's summary (customer at start and end, median interval,
 * trend), the book's retention and churn (not net change), repeat rate,
 * order value, frequency, lifetime value, the health score (a component
 * without evidence is left out, not counted as zero) and silent attrition at
 * its boundary; and the PDCA table of improvement initiatives
 * (src/core/improvement.c). */
#include "helpers.h"

#include <math.h>

#include "core/improvement.h"
#include "core/retention.h"

#define NEAR(x, y) assert_true(fabs((x) - (y)) < 1e-9)

/* Days 100, 110, 130, 160 (gaps 10, 20, 30) worth 1000, 2000, 3000, 4000. */
static const RetentionOrder steady[] = {{1, 100, 1000}, {1, 110, 2000}, {1, 130, 3000}, {1, 160, 4000}};

static void test_retention_account_summary_by_hand(void **state) {
  (void)state;
  AccountSummary a;
  retention_account_summarise(steady, COUNT(steady), (RetentionPeriod){150, 240}, 90, &a);
  assert_int_equal(a.orders_total, 4);
  assert_int_equal(a.value_total, 10000);
  assert_int_equal(a.orders, 1);
  assert_int_equal(a.value, 4000);
  assert_int_equal(a.first_day, 100);
  assert_int_equal(a.last_day, 160);
  assert_true(a.has_median);
  NEAR(a.median_interval, 20);
  assert_true(a.customer_at_start); /* an order in days 60–149 */
  assert_true(a.customer_at_end);   /* an order in days 151–240 */
  assert_int_equal(a.trend_recent, 10000);
  assert_int_equal(a.trend_previous, 0);
  assert_int_equal(retention_recency(&a, 240), 80);
}

static void test_retention_orders_after_the_period_are_ignored(void **state) {
  (void)state;
  AccountSummary a;
  retention_account_summarise(steady, COUNT(steady), (RetentionPeriod){100, 120}, 365, &a);
  assert_int_equal(a.orders_total, 2);
  assert_int_equal(a.orders, 2);
  assert_int_equal(a.last_day, 110);
  NEAR(a.median_interval, 10);
  assert_false(a.customer_at_start);
}

static void test_retention_median_of_even_and_odd_counts(void **state) {
  (void)state;
  double odd[] = {30, 10, 20}, even[] = {40, 10, 20, 30}, none[] = {0};
  NEAR(retention_median(odd, 3), 20);
  NEAR(retention_median(even, 4), 25);
  NEAR(retention_median(none, 0), 0);
  AccountSummary a;
  retention_account_summarise(steady, 3, (RetentionPeriod){0, 1000}, 365, &a); /* gaps 10, 20 */
  NEAR(a.median_interval, 15);
}

static void test_retention_empty_and_single_order(void **state) {
  (void)state;
  AccountSummary a;
  retention_account_summarise(NULL, 0, (RetentionPeriod){0, 364}, 365, &a);
  assert_int_equal(a.orders_total, 0);
  assert_int_equal(a.first_day, -1);
  assert_false(a.has_median);
  assert_int_equal(retention_recency(&a, 364), -1);
  assert_false(retention_is_silent(&a, 364, (SilentRule){1, 200}));
  NEAR(retention_value_at_risk(&a), 0);
  retention_account_summarise(steady, 1, (RetentionPeriod){0, 364}, 365, &a);
  assert_int_equal(a.orders_total, 1);
  assert_false(a.has_median);
  assert_false(retention_is_silent(&a, 364, (SilentRule){1, 200})); /* no interval of its own to exceed */
}

/* Period days 365–729, window 365: A ordered before and during (retained),
 * B only before (lost), C only during (new, twice: a repeat buyer), D never. */
static void book_of_four(BookMetrics *b, RetentionPeriod p) {
  static const RetentionOrder a[] = {{1, 100, 500}, {1, 400, 1000}}, bb[] = {{2, 200, 700}},
                              c[] = {{3, 500, 2000}, {3, 600, 3000}};
  AccountSummary s;
  memset(b, 0, sizeof *b);
  retention_account_summarise(a, COUNT(a), p, 365, &s);
  retention_book_add(b, &s);
  retention_account_summarise(bb, COUNT(bb), p, 365, &s);
  retention_book_add(b, &s);
  retention_account_summarise(c, COUNT(c), p, 365, &s);
  retention_book_add(b, &s);
  retention_account_summarise(NULL, 0, p, 365, &s);
  retention_book_add(b, &s);
  retention_book_finish(b, p);
}

static void test_retention_book_rates_by_hand(void **state) {
  (void)state;
  BookMetrics b;
  book_of_four(&b, (RetentionPeriod){365, 729});
  assert_int_equal(b.accounts, 4);
  assert_int_equal(b.at_start, 2);      /* S: A, B */
  assert_int_equal(b.at_end, 2);        /* E: A, C */
  assert_int_equal(b.new_customers, 1); /* N: C */
  assert_int_equal(b.retained, 1);
  assert_int_equal(b.lost, 1);
  assert_true(b.has_retention);
  NEAR(b.retention_rate, 0.5); /* (E − N) / S = (2 − 1) / 2 */
  NEAR(b.churn_rate, 0.5);     /* lost / S: the net change (E − S) / S would be 0 */
  NEAR(b.repeat_rate, 0.5);    /* C of A and C */
  assert_int_equal(b.orders, 3);
  assert_int_equal(b.value, 6000);
  NEAR(b.average_order_value, 2000);
  NEAR(b.frequency, 1.5); /* 3 orders a year over 2 ordering accounts */
  NEAR(b.annual_churn, 0.5);
  NEAR(b.lifespan_years, 2);
  assert_false(b.lifespan_capped);
  NEAR(retention_clv(b.average_order_value, b.frequency, b.lifespan_years, -1), 6000);
  NEAR(retention_clv(b.average_order_value, b.frequency, b.lifespan_years, 25), 1500);
}

static void test_retention_empty_book_has_no_rates(void **state) {
  (void)state;
  BookMetrics b;
  memset(&b, 0, sizeof b);
  retention_book_finish(&b, (RetentionPeriod){0, 364});
  assert_false(b.has_retention);
  assert_false(b.has_repeat);
  assert_false(b.has_orders);
  NEAR(b.frequency, 0);
  assert_true(b.lifespan_capped); /* no churn: the lifespan is the cap */
  NEAR(b.lifespan_years, RETENTION_MAX_LIFESPAN_YEARS);
}

static void test_retention_half_year_churn_is_scaled_to_a_year(void **state) {
  (void)state;
  BookMetrics b = {.at_start = 4, .lost = 1, .at_end = 3};
  retention_book_finish(&b, (RetentionPeriod){0, 182}); /* 183 days */
  NEAR(b.churn_rate, 0.25);
  NEAR(b.annual_churn, 0.25 * 365.0 / 183.0);
  NEAR(b.lifespan_years, 183.0 / (0.25 * 365.0));
  NEAR(retention_frequency(10, (RetentionPeriod){0, 182}), 10 * 365.0 / 183.0);
}

static const int default_weights[HEALTH_COMPONENT_COUNT] = {30, 20, 20, 15, 15};

static HealthInputs healthy(void) {
  return (HealthInputs){.ever_ordered = 1, .recent_value = 1000, .previous_value = 1000, .complaints = 0,
                        .sla_cases = 4, .sla_breached = 1, .survey_answers = 0, .days_since_contact = 10};
}

static void test_health_score_by_hand_with_surveys_left_out(void **state) {
  (void)state;
  HealthInputs in = healthy();
  HealthScore h;
  retention_health(&in, default_weights, &h);
  assert_int_equal(h.parts[HEALTH_ORDER_TREND].score, 100);
  assert_int_equal(h.parts[HEALTH_COMPLAINTS].score, 100);
  assert_int_equal(h.parts[HEALTH_SLA].score, 75);
  assert_false(h.parts[HEALTH_SURVEYS].counted);
  assert_int_equal(h.parts[HEALTH_CONTACT].score, 100);
  assert_int_equal(h.score, 94); /* (30·100 + 20·100 + 20·75 + 15·100) / 85 = 94.1 */
  assert_string_equal(buffer_cstr(&h.parts[HEALTH_SLA].reason),
                      "1 of 4 cases under an SLA in the last 365 days breached a target");
  assert_string_equal(buffer_cstr(&h.parts[HEALTH_SURVEYS].reason),
                      "No survey answers in the last 365 days: surveys left out");
  assert_string_equal(buffer_cstr(&h.parts[HEALTH_ORDER_TREND].reason),
                      "Order value in the last 180 days is level with the 180 days before");
  health_score_free(&h);
  in.survey_answers = 2;
  in.survey_percent = 40;
  retention_health(&in, default_weights, &h);
  assert_int_equal(h.parts[HEALTH_SURVEYS].score, 40);
  assert_int_equal(h.score, 86); /* (8000 + 15·40) / 100; counted as zero it would have been 80 */
  assert_string_equal(buffer_cstr(&h.parts[HEALTH_SURVEYS].reason),
                      "Survey answers average 40 out of 100 (2 answers in the last 365 days)");
  health_score_free(&h);
}

static void test_health_components_at_their_edges(void **state) {
  (void)state;
  static const struct {
    const char *row;
    HealthInputs in;
    HealthComponent part;
    int counted, score;
    const char *reason;
  } rows[] = {
      {"halved orders", {.ever_ordered = 1, .recent_value = 500, .previous_value = 1000}, HEALTH_ORDER_TREND, 1, 50,
       "Order value in the last 180 days is 50% below the 180 days before"},
      {"grown orders cap at 100", {.ever_ordered = 1, .recent_value = 1500, .previous_value = 1000},
       HEALTH_ORDER_TREND, 1, 100, "Order value in the last 180 days is 50% above the 180 days before"},
      {"stopped ordering", {.ever_ordered = 1}, HEALTH_ORDER_TREND, 1, 0, "No orders in the last 360 days"},
      {"ordering again", {.ever_ordered = 1, .recent_value = 10}, HEALTH_ORDER_TREND, 1, 100,
       "Ordering in the last 180 days after none in the 180 before"},
      {"never ordered", {.ever_ordered = 0}, HEALTH_ORDER_TREND, 0, 0, "No orders yet: order trend left out"},
      {"one complaint", {.complaints = 1}, HEALTH_COMPLAINTS, 1, 75, "1 complaint in the last 365 days"},
      {"three complaints", {.complaints = 3}, HEALTH_COMPLAINTS, 1, 25, "3 complaints in the last 365 days"},
      {"five complaints floor at 0", {.complaints = 5}, HEALTH_COMPLAINTS, 1, 0, "5 complaints in the last 365 days"},
      {"no SLA cases", {.sla_cases = 0}, HEALTH_SLA, 0, 0,
       "No cases under an SLA in the last 365 days: SLA left out"},
      {"every case breached", {.sla_cases = 1, .sla_breached = 1}, HEALTH_SLA, 1, 0,
       "1 of 1 case under an SLA in the last 365 days breached a target"},
      {"contact 30 days ago", {.days_since_contact = 30}, HEALTH_CONTACT, 1, 100, "Last contact 30 days ago"},
      {"contact 105 days ago", {.days_since_contact = 105}, HEALTH_CONTACT, 1, 50, "Last contact 105 days ago"},
      {"contact 180 days ago", {.days_since_contact = 180}, HEALTH_CONTACT, 1, 0, "Last contact 180 days ago"},
      {"contact today", {.days_since_contact = 0}, HEALTH_CONTACT, 1, 100, "Last contact today"},
      {"contact yesterday", {.days_since_contact = 1}, HEALTH_CONTACT, 1, 100, "Last contact 1 day ago"},
      {"no contact", {.days_since_contact = -1}, HEALTH_CONTACT, 1, 0, "No contact recorded"},
  };
  for (size_t i = 0; i < COUNT(rows); i++) {
    HealthScore h;
    retention_health(&rows[i].in, default_weights, &h);
    const HealthPart *p = &h.parts[rows[i].part];
    expect_int(rows[i].row, rows[i].counted, p->counted);
    if (rows[i].counted) expect_int(rows[i].row, rows[i].score, p->score);
    expect_text(rows[i].row, rows[i].reason, buffer_cstr((Buffer *)&p->reason));
    health_score_free(&h);
  }
  expect_all_rows_passed();
}

static void test_health_of_a_prospect_and_without_weights(void **state) {
  (void)state;
  HealthInputs prospect = {.ever_ordered = 0, .days_since_contact = -1};
  HealthScore h;
  retention_health(&prospect, default_weights, &h);
  assert_int_equal(h.score, 57); /* complaints 100 and contact 0, weights 20 and 15: 2000 / 35 */
  health_score_free(&h);
  static const int none[HEALTH_COMPONENT_COUNT] = {0};
  HealthInputs in = healthy();
  retention_health(&in, none, &h);
  assert_int_equal(h.score, -1);
  health_score_free(&h);
  static const int only_sla[HEALTH_COMPONENT_COUNT] = {[HEALTH_SLA] = 100};
  retention_health(&in, only_sla, &h);
  assert_int_equal(h.score, 75);
  assert_int_equal(h.parts[HEALTH_SLA].weight, 100);
  health_score_free(&h);
}

/* The score a list sorts by, computed without the reasons, is the score with
 * them, for each row of the components table's kinds and weightings. */
static void test_health_score_without_reasons_is_the_same(void **state) {
  (void)state;
  static const int only_sla[HEALTH_COMPONENT_COUNT] = {[HEALTH_SLA] = 100}, none[HEALTH_COMPONENT_COUNT] = {0};
  const int *weightings[] = {default_weights, only_sla, none};
  HealthInputs inputs[] = {
      healthy(),
      {.ever_ordered = 0, .days_since_contact = -1},
      {.ever_ordered = 1, .recent_value = 500, .previous_value = 1000, .complaints = 2, .sla_cases = 4,
       .sla_breached = 3, .survey_answers = 7, .survey_percent = 61.5, .days_since_contact = 90},
  };
  for (size_t w = 0; w < COUNT(weightings); w++) {
    for (size_t i = 0; i < COUNT(inputs); i++) {
      HealthScore h;
      retention_health(&inputs[i], weightings[w], &h);
      assert_int_equal(retention_health_score(&inputs[i], weightings[w]), h.score);
      health_score_free(&h);
    }
  }
  assert_int_equal(retention_health_score(&inputs[2], none), -1);
}

static void test_silent_attrition_at_its_boundary(void **state) {
  (void)state;
  AccountSummary a;
  retention_account_summarise(steady, COUNT(steady), (RetentionPeriod){0, 10000}, 365, &a); /* last 160, median 20 */
  SilentRule rule = {4, 200};
  assert_false(retention_is_silent(&a, 200, rule)); /* 40 days: exactly 2 × 20, not beyond */
  assert_true(retention_is_silent(&a, 201, rule));
  assert_false(retention_is_silent(&a, 201, (SilentRule){5, 200})); /* too little history */
  assert_false(retention_is_silent(&a, 220, (SilentRule){4, 300}));  /* 60 days: exactly 3 × 20 */
  assert_true(retention_is_silent(&a, 221, (SilentRule){4, 300}));
  NEAR(retention_value_at_risk(&a), 2500.0 * 365.0 / 20.0); /* average order 2500, every 20 days */
}

static void test_silent_attrition_needs_an_interval_above_zero(void **state) {
  (void)state;
  static const RetentionOrder same_day[] = {{1, 50, 10}, {1, 50, 10}, {1, 50, 10}, {1, 50, 10}};
  AccountSummary a;
  retention_account_summarise(same_day, COUNT(same_day), (RetentionPeriod){0, 1000}, 365, &a);
  assert_true(a.has_median);
  NEAR(a.median_interval, 0);
  assert_false(retention_is_silent(&a, 1000, (SilentRule){4, 200}));
  NEAR(retention_value_at_risk(&a), 0);
}

/* --- PDCA ------------------------------------------------------------------------------ */

static Improvement ready(ImprovementStage at) {
  return (Improvement){.stage = at, .plan = "Inspect seals", .done = "Inspected", .act_note = "Works",
                       .has_kpi = 1, .after_ended = 1};
}

static void test_improvement_every_pair_of_stages(void **state) {
  (void)state;
  /*                                    plan do check std abd */
  static const int table[IMPROVEMENT_STAGE_COUNT][IMPROVEMENT_STAGE_COUNT] = {
      [IMPROVEMENT_PLAN] = {0, 1, 0, 0, 1},
      [IMPROVEMENT_DO] = {0, 0, 1, 0, 1},
      [IMPROVEMENT_CHECK] = {0, 1, 0, 1, 1},
  };
  for (int from = 0; from < IMPROVEMENT_STAGE_COUNT; from++)
    for (int to = 0; to < IMPROVEMENT_STAGE_COUNT; to++) {
      Improvement i = ready((ImprovementStage)from);
      char row[80];
      snprintf(row, sizeof row, "%s -> %s", improvement_stage_names[from], improvement_stage_names[to]);
      expect_int(row, table[from][to] ? IMPROVEMENT_MOVE_ALLOWED : IMPROVEMENT_MOVE_NOT_NEXT,
                 improvement_move_check(&i, (ImprovementStage)to, NULL));
    }
  expect_all_rows_passed();
}

static void test_improvement_moves_name_what_is_missing(void **state) {
  (void)state;
  unsigned missing;
  Improvement blank = {.stage = IMPROVEMENT_PLAN};
  assert_int_equal(improvement_move_check(&blank, IMPROVEMENT_DO, &missing), IMPROVEMENT_MOVE_INCOMPLETE);
  assert_int_equal(missing, IMPROVEMENT_MISSING_PLAN | IMPROVEMENT_MISSING_KPI);
  blank.stage = IMPROVEMENT_DO;
  blank.has_kpi = 1;
  assert_int_equal(improvement_move_check(&blank, IMPROVEMENT_CHECK, &missing), IMPROVEMENT_MOVE_INCOMPLETE);
  assert_int_equal(missing, IMPROVEMENT_MISSING_DONE | IMPROVEMENT_MISSING_AFTER);
  assert_int_equal(improvement_move_check(&blank, IMPROVEMENT_ABANDONED, &missing), IMPROVEMENT_MOVE_INCOMPLETE);
  assert_int_equal(missing, IMPROVEMENT_MISSING_ACT_NOTE);
  Improvement checking = ready(IMPROVEMENT_CHECK);
  checking.act_note = "";
  assert_int_equal(improvement_move_check(&checking, IMPROVEMENT_STANDARDISED, &missing), IMPROVEMENT_MOVE_INCOMPLETE);
  assert_int_equal(missing, IMPROVEMENT_MISSING_ACT_NOTE);
  assert_int_equal(improvement_move_check(&checking, IMPROVEMENT_DO, &missing), IMPROVEMENT_MOVE_ALLOWED);
  assert_string_equal(improvement_missing_name(IMPROVEMENT_MISSING_AFTER), "after_to");
  assert_string_equal(improvement_missing_name(IMPROVEMENT_MISSING_ACT_NOTE), "act_note");
}

static void test_improvement_closed_stages_and_kpi_direction(void **state) {
  (void)state;
  ImprovementStage next[IMPROVEMENT_STAGE_COUNT];
  assert_int_equal(improvement_next_stages(IMPROVEMENT_STANDARDISED, next), 0);
  assert_int_equal(improvement_next_stages(IMPROVEMENT_CHECK, next), 3);
  assert_true(improvement_is_closed(IMPROVEMENT_ABANDONED));
  assert_false(improvement_is_closed(IMPROVEMENT_CHECK));
  assert_true(improvement_kpi_improved(KPI_COMPLAINTS, 12, 7));
  assert_false(improvement_kpi_improved(KPI_COMPLAINTS, 7, 7)); /* equal is not better */
  assert_true(improvement_kpi_improved(KPI_SLA_COMPLIANCE, 80, 92.5));
  assert_false(improvement_kpi_improved(KPI_ORDER_VALUE, 1000, 900));
  assert_int_equal(improvement_name_parse(improvement_kpi_names, "csat"), KPI_CSAT);
  assert_int_equal(improvement_name_parse(improvement_stage_names, "act"), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_retention_account_summary_by_hand),
      cmocka_unit_test(test_retention_orders_after_the_period_are_ignored),
      cmocka_unit_test(test_retention_median_of_even_and_odd_counts),
      cmocka_unit_test(test_retention_empty_and_single_order),
      cmocka_unit_test(test_retention_book_rates_by_hand),
      cmocka_unit_test(test_retention_empty_book_has_no_rates),
      cmocka_unit_test(test_retention_half_year_churn_is_scaled_to_a_year),
      cmocka_unit_test(test_health_score_by_hand_with_surveys_left_out),
      cmocka_unit_test(test_health_components_at_their_edges),
      cmocka_unit_test(test_health_of_a_prospect_and_without_weights),
      cmocka_unit_test(test_health_score_without_reasons_is_the_same),
      cmocka_unit_test(test_silent_attrition_at_its_boundary),
      cmocka_unit_test(test_silent_attrition_needs_an_interval_above_zero),
      cmocka_unit_test(test_improvement_every_pair_of_stages),
      cmocka_unit_test(test_improvement_moves_name_what_is_missing),
      cmocka_unit_test(test_improvement_closed_stages_and_kpi_direction),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
