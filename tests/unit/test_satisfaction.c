/* Unit tests for the satisfaction figures (src/core/satisfaction.c) on
 * hand-worked samples: empty and one-answer samples, the boundaries (a 4 is
 * satisfied, a 3 is not; 7 and 8 are passives, 6 a detractor, 9 a
 * promoter), CES on both directions, response rates and low scores. */
#include <math.h>

#include "helpers.h"

#include "core/satisfaction.h"

/* A sample of type t on its default scale with the scores listed (ending -1). */
static SatisfactionSample sample_of(SurveyType t, const int *scores) {
  SatisfactionSample s = {.type = t, .scale = survey_default_scale(t)};
  for (; *scores >= 0; scores++) assert_int_equal(satisfaction_sample_add(&s, *scores, 1), 0);
  return s;
}

static void expect_figure(const char *row, SatisfactionFigure f, int64_t answers, double value, int64_t good,
                          int64_t neutral, int64_t bad) {
  expect_int(row, answers, f.answers);
  expect_int(row, answers > 0, f.defined);
  expect_int(row, answers < SATISFACTION_SMALL_SAMPLE, f.small_sample);
  if (fabs(f.value - value) > 1e-9) expect_fail("%s: value %.6f, expected %.6f\n", row, f.value, value);
  expect_int(row, good, f.good);
  expect_int(row, neutral, f.neutral);
  expect_int(row, bad, f.bad);
}

static void test_csat_is_the_share_of_fours_and_fives(void **state) {
  (void)state;
  static const struct {
    const char *row;
    int scores[12];
    int64_t answers;
    double value;
    int64_t good, neutral, bad;
  } rows[] = {
      {"empty", {-1}, 0, 0, 0, 0, 0},
      {"one 4 is satisfied", {4, -1}, 1, 100, 1, 0, 0},
      {"one 3 is not", {3, -1}, 1, 0, 0, 1, 0},
      {"one 5", {5, -1}, 1, 100, 1, 0, 0},
      {"one 1", {1, -1}, 1, 0, 0, 0, 1},
      {"2 of 4 satisfied", {1, 3, 4, 5, -1}, 4, 50, 2, 1, 1},
      {"3 of 8: 37.5%", {5, 4, 4, 3, 3, 2, 1, 1, -1}, 8, 37.5, 3, 2, 3},
      {"all 3s", {3, 3, 3, -1}, 3, 0, 0, 3, 0},
  };
  for (size_t i = 0; i < COUNT(rows); i++) {
    SatisfactionSample s = sample_of(SURVEY_CSAT, rows[i].scores);
    expect_figure(rows[i].row, satisfaction_figure(&s), rows[i].answers, rows[i].value, rows[i].good, rows[i].neutral,
                  rows[i].bad);
  }
  expect_all_rows_passed();
}

static void test_nps_is_promoters_minus_detractors(void **state) {
  (void)state;
  static const struct {
    const char *row;
    int scores[12];
    int64_t answers;
    double value;
    int64_t promoters, passives, detractors;
  } rows[] = {
      {"empty", {-1}, 0, 0, 0, 0, 0},
      {"a 7 is a passive", {7, -1}, 1, 0, 0, 1, 0},
      {"an 8 is a passive", {8, -1}, 1, 0, 0, 1, 0},
      {"a 9 is a promoter", {9, -1}, 1, 100, 1, 0, 0},
      {"a 6 is a detractor", {6, -1}, 1, -100, 0, 0, 1},
      {"a 0 is a detractor", {0, -1}, 1, -100, 0, 0, 1},
      {"all 10s", {10, 10, -1}, 2, 100, 2, 0, 0},
      {"one of each cancels out", {10, 7, 0, -1}, 3, 0, 1, 1, 1},
      /* 4 promoters, 3 passives, 3 detractors of 10: 40% - 30% = +10 */
      {"+10 from ten answers", {10, 9, 9, 10, 8, 7, 7, 6, 3, 5, -1}, 10, 10, 4, 3, 3},
      /* 1 promoter, 0 passives, 2 detractors of 3: 33.3% - 66.7% = -33.3 */
      {"-33.3 from three", {9, 6, 1, -1}, 3, -100.0 / 3, 1, 0, 2},
  };
  for (size_t i = 0; i < COUNT(rows); i++) {
    SatisfactionSample s = sample_of(SURVEY_NPS, rows[i].scores);
    expect_figure(rows[i].row, satisfaction_figure(&s), rows[i].answers, rows[i].value, rows[i].promoters,
                  rows[i].passives, rows[i].detractors);
  }
  expect_all_rows_passed();
}

static void test_ces_is_the_mean_on_its_own_scale(void **state) {
  (void)state;
  static const int none[] = {-1}, one[] = {4, -1}, mixed[] = {1, 2, 6, 7, 4, -1};
  SatisfactionSample s = sample_of(SURVEY_CES, none);
  expect_figure("empty", satisfaction_figure(&s), 0, 0, 0, 0, 0);
  s = sample_of(SURVEY_CES, one);
  expect_figure("one 4", satisfaction_figure(&s), 1, 4, 0, 1, 0);
  /* effort scale (high is bad): 1 and 2 are the good end, 6 and 7 the bad; mean 20 / 5 = 4 */
  s = sample_of(SURVEY_CES, mixed);
  expect_figure("effort 1-7", satisfaction_figure(&s), 5, 4, 2, 1, 2);
  /* the same answers on an agreement scale (high is good): the ends swap, the mean does not */
  SatisfactionSample agree = {.type = SURVEY_CES, .scale = {1, 7, 1}};
  for (const int *p = mixed; *p >= 0; p++) satisfaction_sample_add(&agree, *p, 1);
  expect_figure("agreement 1-7", satisfaction_figure(&agree), 5, 4, 2, 1, 2);
  /* a 1-5 CES: 5 + 5 + 1 = 11 / 3 */
  SatisfactionSample five = {.type = SURVEY_CES, .scale = {1, 5, 0}};
  satisfaction_sample_add(&five, 5, 2);
  satisfaction_sample_add(&five, 1, 1);
  expect_figure("effort 1-5", satisfaction_figure(&five), 3, 11.0 / 3, 1, 0, 2);
  expect_all_rows_passed();
}

static void test_a_sample_refuses_scores_outside_its_scale(void **state) {
  (void)state;
  SatisfactionSample s = {.type = SURVEY_CSAT, .scale = survey_default_scale(SURVEY_CSAT)};
  assert_int_equal(satisfaction_sample_add(&s, 0, 1), -1);
  assert_int_equal(satisfaction_sample_add(&s, 6, 1), -1);
  assert_int_equal(satisfaction_sample_add(&s, 5, 3), 0);
  assert_int_equal(satisfaction_figure(&s).answers, 3);
  SatisfactionSample n = {.type = SURVEY_NPS, .scale = survey_default_scale(SURVEY_NPS)};
  assert_int_equal(satisfaction_sample_add(&n, 11, 1), -1);
  assert_int_equal(satisfaction_sample_add(&n, 0, 1), 0);
}

static void test_small_samples_are_marked_below_thirty(void **state) {
  (void)state;
  SatisfactionSample s = {.type = SURVEY_CSAT, .scale = survey_default_scale(SURVEY_CSAT)};
  satisfaction_sample_add(&s, 5, SATISFACTION_SMALL_SAMPLE - 1);
  assert_true(satisfaction_figure(&s).small_sample);
  satisfaction_sample_add(&s, 1, 1);
  SatisfactionFigure f = satisfaction_figure(&s);
  assert_false(f.small_sample);
  assert_int_equal(f.answers, 30);
  assert_true(fabs(f.value - 100.0 * 29 / 30) < 1e-9);
}

static void test_response_rate(void **state) {
  (void)state;
  ResponseRate r = satisfaction_response_rate(0, 0);
  assert_false(r.defined);
  r = satisfaction_response_rate(8, 2);
  assert_true(r.defined);
  assert_true(fabs(r.percent - 25.0) < 1e-9);
  r = satisfaction_response_rate(3, 3);
  assert_true(fabs(r.percent - 100.0) < 1e-9);
}

static void test_low_scores_open_a_follow_up(void **state) {
  (void)state;
  static const struct {
    const char *row;
    SurveyType type;
    SurveyScale scale;
    int score, low;
  } rows[] = {
      {"CSAT 1", SURVEY_CSAT, {1, 5, 1}, 1, 1},       {"CSAT 2", SURVEY_CSAT, {1, 5, 1}, 2, 1},
      {"CSAT 3", SURVEY_CSAT, {1, 5, 1}, 3, 0},       {"CSAT 5", SURVEY_CSAT, {1, 5, 1}, 5, 0},
      {"NPS 0", SURVEY_NPS, {0, 10, 1}, 0, 1},        {"NPS 6", SURVEY_NPS, {0, 10, 1}, 6, 1},
      {"NPS 7", SURVEY_NPS, {0, 10, 1}, 7, 0},        {"NPS 10", SURVEY_NPS, {0, 10, 1}, 10, 0},
      {"CES effort 5", SURVEY_CES, {1, 7, 0}, 5, 0},  {"CES effort 6", SURVEY_CES, {1, 7, 0}, 6, 1},
      {"CES effort 7", SURVEY_CES, {1, 7, 0}, 7, 1},  {"CES effort 1", SURVEY_CES, {1, 7, 0}, 1, 0},
      {"CES agree 2", SURVEY_CES, {1, 7, 1}, 2, 1},   {"CES agree 6", SURVEY_CES, {1, 7, 1}, 6, 0},
  };
  for (size_t i = 0; i < COUNT(rows); i++)
    expect_int(rows[i].row, rows[i].low, satisfaction_is_low(rows[i].type, rows[i].scale, rows[i].score));
  expect_all_rows_passed();
}

static void test_scales_allowed_per_type(void **state) {
  (void)state;
  assert_true(survey_scale_valid(SURVEY_CSAT, (SurveyScale){1, 5, 1}));
  assert_false(survey_scale_valid(SURVEY_CSAT, (SurveyScale){1, 7, 1}));
  assert_false(survey_scale_valid(SURVEY_CSAT, (SurveyScale){1, 5, 0}));
  assert_true(survey_scale_valid(SURVEY_NPS, (SurveyScale){0, 10, 1}));
  assert_false(survey_scale_valid(SURVEY_NPS, (SurveyScale){1, 10, 1}));
  assert_true(survey_scale_valid(SURVEY_CES, (SurveyScale){1, 7, 0}));
  assert_true(survey_scale_valid(SURVEY_CES, (SurveyScale){1, 5, 1}));
  assert_false(survey_scale_valid(SURVEY_CES, (SurveyScale){1, 2, 0}));
  assert_false(survey_scale_valid(SURVEY_CES, (SurveyScale){1, 11, 0}));
  SurveyType t;
  assert_int_equal(survey_type_parse("nps", &t), 0);
  assert_int_equal(t, SURVEY_NPS);
  assert_int_equal(survey_type_parse("NPS", &t), -1);
  assert_string_equal(survey_type_name(SURVEY_CES), "ces");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_csat_is_the_share_of_fours_and_fives),
      cmocka_unit_test(test_nps_is_promoters_minus_detractors),
      cmocka_unit_test(test_ces_is_the_mean_on_its_own_scale),
      cmocka_unit_test(test_a_sample_refuses_scores_outside_its_scale),
      cmocka_unit_test(test_small_samples_are_marked_below_thirty),
      cmocka_unit_test(test_response_rate),
      cmocka_unit_test(test_low_scores_open_a_follow_up),
      cmocka_unit_test(test_scales_allowed_per_type),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
