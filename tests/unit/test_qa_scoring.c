/* Unit tests for QA scoring and sampling (src/core/qa_scoring.c,
 * src/core/qa_sampling.c) on hand-worked examples: every rating of every
 * scale, weighted means with criteria not applicable, the critical-item
 * rule, the pass mark's edge, calibration spread, and the reproducible draw
 * of spot checks. */
#include <math.h>

#include "helpers.h"

#include "core/qa_sampling.h"
#include "core/qa_scoring.h"
#include "util/timeutil.h"

#define near(a, b) (fabs((a) - (b)) < 1e-3)

static void test_qa_every_rating_of_every_scale(void **state) {
  (void)state;
  static const struct {
    QaScale scale;
    int rating;
    double score;
    int negative;
  } rows[] = {
      {QA_SCALE_PASS_FAIL, 0, 0, 1},   {QA_SCALE_PASS_FAIL, 1, 100, 0}, {QA_SCALE_THREE, 1, 0, 1},
      {QA_SCALE_THREE, 2, 50, 0},      {QA_SCALE_THREE, 3, 100, 0},     {QA_SCALE_FOUR, 1, 0, 1},
      {QA_SCALE_FOUR, 2, 33.333, 1},   {QA_SCALE_FOUR, 3, 66.667, 0},   {QA_SCALE_FOUR, 4, 100, 0},
      {QA_SCALE_FIVE, 1, 0, 1},        {QA_SCALE_FIVE, 2, 25, 1},       {QA_SCALE_FIVE, 3, 50, 0},
      {QA_SCALE_FIVE, 4, 75, 0},       {QA_SCALE_FIVE, 5, 100, 0},
  };
  for (size_t i = 0; i < COUNT(rows); i++) {
    char row[64];
    snprintf(row, sizeof row, "%s rating %d", qa_scale_name(rows[i].scale), rows[i].rating);
    double got = qa_criterion_score(rows[i].scale, rows[i].rating);
    if (!near(got, rows[i].score)) expect_fail("%s: expected %.3f, got %.3f", row, rows[i].score, got);
    expect_int(row, rows[i].negative, qa_rating_negative(rows[i].scale, rows[i].rating));
  }
  expect_all_rows_passed();
}

static void test_qa_scale_names_round_trip(void **state) {
  (void)state;
  for (int s = 0; s < QA_SCALE_COUNT; s++) {
    QaScale parsed;
    assert_int_equal(qa_scale_parse(qa_scale_name((QaScale)s), &parsed), 0);
    assert_int_equal(parsed, s);
  }
  QaScale ignored;
  assert_int_equal(qa_scale_parse("ten_point", &ignored), -1);
  assert_int_equal(qa_scale_min(QA_SCALE_PASS_FAIL), 0);
  assert_int_equal(qa_scale_max(QA_SCALE_FIVE), 5);
}

/* The worked example of docs/QUALITY.md: greeting (pass/fail, weight 2),
 * diagnosis (5-point, 3), safety warning (3-point, 1, critical), written
 * reply (4-point, 4). */
static const QaCriterion card[] = {
    {QA_SCALE_PASS_FAIL, 2, 0},
    {QA_SCALE_FIVE, 3, 0},
    {QA_SCALE_THREE, 1, 1},
    {QA_SCALE_FOUR, 4, 0},
};

static void test_qa_review_is_the_weighted_mean_of_its_ratings(void **state) {
  (void)state;
  /* 100×2 + 75×3 + 50×1 + 66.667×4 = 741.667 over a weight of 10 */
  QaRating r[] = {{1, 1}, {1, 4}, {1, 2}, {1, 3}};
  QaResult res;
  assert_int_equal(qa_review_score(card, r, COUNT(card), 70, &res), QA_SCORE_OK);
  assert_true(near(res.score, 74.1667));
  assert_true(res.passed);
  assert_int_equal(res.critical_failed, 0);
  assert_int_equal(res.rated, 4);
  assert_int_equal(qa_review_score(card, r, COUNT(card), 75, &res), QA_SCORE_OK);
  assert_false(res.passed);
}

static void test_qa_not_applicable_criteria_are_left_out(void **state) {
  (void)state;
  /* the written reply does not apply: (200 + 225 + 50) / 6 */
  QaRating r[] = {{1, 1}, {1, 4}, {1, 2}, {0, 0}};
  QaResult res;
  assert_int_equal(qa_review_score(card, r, COUNT(card), 70, &res), QA_SCORE_OK);
  assert_true(near(res.score, 79.1667));
  assert_int_equal(res.rated, 3);
}

static void test_qa_critical_criterion_below_half_zeroes_and_fails(void **state) {
  (void)state;
  /* everything else perfect, the safety warning rated 1 of 3 (0%) */
  QaRating r[] = {{1, 1}, {1, 5}, {1, 1}, {1, 4}};
  QaResult res;
  assert_int_equal(qa_review_score(card, r, COUNT(card), 50, &res), QA_SCORE_OK);
  assert_true(near(res.score, 0));
  assert_false(res.passed);
  assert_int_equal(res.critical_failed, 1);
  /* a non-critical criterion at 0% only lowers the mean: 0×2 + 100×3 + 50×1 + 100×4 = 750 over 10 */
  QaRating low[] = {{1, 0}, {1, 5}, {1, 2}, {1, 4}};
  assert_int_equal(qa_review_score(card, low, COUNT(card), 50, &res), QA_SCORE_OK);
  assert_true(near(res.score, 75));
  assert_true(res.passed);
  assert_int_equal(res.critical_failed, 0);
}

static void test_qa_critical_failure_counts_even_without_weight(void **state) {
  (void)state;
  const QaCriterion c[] = {{QA_SCALE_PASS_FAIL, 0, 1}, {QA_SCALE_FIVE, 0, 0}};
  QaRating failed[] = {{1, 0}, {1, 5}};
  QaResult res;
  assert_int_equal(qa_review_score(c, failed, 2, 80, &res), QA_SCORE_OK);
  assert_false(res.passed);
  assert_int_equal(res.critical_failed, 1);
  QaRating passed[] = {{1, 1}, {1, 5}};
  assert_int_equal(qa_review_score(c, passed, 2, 80, &res), QA_SCORE_NO_WEIGHT);
}

static void test_qa_nothing_rated_cannot_be_scored(void **state) {
  (void)state;
  QaRating r[] = {{0, 0}, {0, 0}, {0, 0}, {0, 0}};
  QaResult res;
  assert_int_equal(qa_review_score(card, r, COUNT(card), 70, &res), QA_SCORE_NOTHING_RATED);
  assert_int_equal(res.rated, 0);
}

static void test_qa_pass_mark_is_inclusive(void **state) {
  (void)state;
  const QaCriterion c[] = {{QA_SCALE_FIVE, 1, 0}};
  QaRating r[] = {{1, 4}};
  QaResult res;
  qa_review_score(c, r, 1, 75, &res);
  assert_true(res.passed);
  qa_review_score(c, r, 1, 75.01, &res);
  assert_false(res.passed);
}

static void test_qa_calibration_spread(void **state) {
  (void)state;
  const double scores[] = {80, 90, 70};
  QaSpread s;
  qa_spread(scores, 3, &s);
  assert_int_equal(s.n, 3);
  assert_true(near(s.min, 70) && near(s.max, 90) && near(s.range, 20) && near(s.mean, 80));
  assert_true(near(s.stddev, 8.1650)); /* sqrt((0 + 100 + 100) / 3) */
  qa_spread(scores, 1, &s);
  assert_true(near(s.range, 0) && near(s.stddev, 0) && near(s.mean, 80));
  qa_spread(NULL, 0, &s);
  assert_int_equal(s.n, 0);
  assert_true(near(s.mean, 0));
}

static void test_qa_week_starts_on_monday(void **state) {
  (void)state;
  static const struct {
    const char *date, *monday;
  } rows[] = {
      {"2026-02-11", "2026-02-09"}, /* a Wednesday */
      {"2026-02-15", "2026-02-09"}, /* the Sunday of the same week */
      {"2026-02-16", "2026-02-16"}, /* the next Monday */
      {"1970-01-01", "1969-12-29"}, /* a Thursday, day 0 */
      {"1969-12-31", "1969-12-29"}, /* before day 0 */
      {"2027-01-01", "2026-12-28"}, /* across a year */
  };
  for (size_t i = 0; i < COUNT(rows); i++) {
    char text[TIME_TEXT_SIZE];
    time_format((time_t)(qa_week_monday(time_date_days(rows[i].date)) * 86400), text);
    text[10] = '\0';
    expect_text(rows[i].date, rows[i].monday, text);
  }
  expect_all_rows_passed();
}

static void test_qa_sample_is_distinct_bounded_and_reproducible(void **state) {
  (void)state;
  size_t a[5], b[5];
  uint64_t seed = qa_sample_seed(42, 7, "2026-02-09");
  assert_int_equal(qa_sample_pick(100, 5, seed, a), 5);
  assert_int_equal(qa_sample_pick(100, 5, seed, b), 5);
  for (size_t i = 0; i < 5; i++) {
    assert_true(a[i] < 100);
    assert_int_equal(a[i], b[i]);
    for (size_t j = 0; j < i; j++) assert_true(a[i] != a[j]);
  }
  /* another person, week or rule seed draws from a different sequence */
  assert_true(qa_sample_seed(42, 8, "2026-02-09") != seed);
  assert_true(qa_sample_seed(42, 7, "2026-02-16") != seed);
  assert_true(qa_sample_seed(43, 7, "2026-02-09") != seed);
}

static void test_qa_sample_takes_all_when_few_and_none_when_empty(void **state) {
  (void)state;
  size_t out[4];
  assert_int_equal(qa_sample_pick(3, 4, 1, out), 3);
  int seen[3] = {0};
  for (size_t i = 0; i < 3; i++) seen[out[i]]++;
  assert_true(seen[0] == 1 && seen[1] == 1 && seen[2] == 1);
  assert_int_equal(qa_sample_pick(0, 4, 1, out), 0);
  assert_int_equal(qa_sample_pick(10, 0, 1, out), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_qa_every_rating_of_every_scale),
      cmocka_unit_test(test_qa_scale_names_round_trip),
      cmocka_unit_test(test_qa_review_is_the_weighted_mean_of_its_ratings),
      cmocka_unit_test(test_qa_not_applicable_criteria_are_left_out),
      cmocka_unit_test(test_qa_critical_criterion_below_half_zeroes_and_fails),
      cmocka_unit_test(test_qa_critical_failure_counts_even_without_weight),
      cmocka_unit_test(test_qa_nothing_rated_cannot_be_scored),
      cmocka_unit_test(test_qa_pass_mark_is_inclusive),
      cmocka_unit_test(test_qa_calibration_spread),
      cmocka_unit_test(test_qa_week_starts_on_monday),
      cmocka_unit_test(test_qa_sample_is_distinct_bounded_and_reproducible),
      cmocka_unit_test(test_qa_sample_takes_all_when_few_and_none_when_empty),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
