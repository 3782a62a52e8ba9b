/* Unit tests for underperformance cases (src/core/perf_case.c): the order
 * of stages, capability is not conduct, informal before formal, evidence
 * and causes first, notice and the right to be accompanied, warnings in
 * order, and no sanction before a completed improvement period. */
#include "helpers.h"

#include "core/perf_case.h"

/* A capability case after its informal discussion, with evidence and causes. */
static PerfCaseFacts ready(int conduct, PerfStage stage, const char *on) {
  return (PerfCaseFacts){.conduct = conduct, .stage = stage, .stage_on = on, .informal_held = 1, .evidence = 2,
                         .causes_considered = 1};
}

static void test_perf_case_stages_follow_the_procedure(void **state) {
  (void)state;
  PerfCaseFacts f = ready(0, PERF_STAGE_INFORMAL, "2026-03-01");
  PerfStep meeting = {.to = PERF_STAGE_FORMAL_MEETING, .on = "2026-03-20", .notice_on = "2026-03-10",
                      .companion_offered = 1};
  assert_null(perf_case_refusal(&f, &meeting));
  PerfStep review = {.to = PERF_STAGE_REVIEW, .on = "2026-03-20"};
  assert_string_equal(perf_case_refusal(&f, &review), "stage changes must follow the order of the procedure");
  PerfStep early = meeting;
  early.on = "2026-02-20", early.notice_on = "2026-02-10";
  assert_string_equal(perf_case_refusal(&f, &early), "a stage cannot be dated before the one it follows");
  f.stage = PERF_STAGE_APPEAL;
  assert_non_null(perf_case_refusal(&f, &meeting));
}

static void test_perf_case_conduct_cannot_have_an_improvement_plan(void **state) {
  (void)state;
  PerfCaseFacts f = ready(1, PERF_STAGE_FORMAL_MEETING, "2026-03-20");
  PerfStep plan = {.to = PERF_STAGE_IMPROVEMENT_PLAN, .on = "2026-03-21"};
  assert_string_equal(perf_case_refusal(&f, &plan),
                      "a conduct case goes the disciplinary route: an improvement plan is for capability");
  f.conduct = 0;
  assert_null(perf_case_refusal(&f, &plan));
}

static void test_perf_case_formal_stage_needs_informal_evidence_causes_notice_companion(void **state) {
  (void)state;
  static const struct {
    const char *row, *why;
  } rows[] = {
      {"no informal", "a formal stage needs a recorded informal discussion, or a recorded reason for skipping it"},
      {"no evidence", "a formal stage needs objective evidence linked to the concern"},
      {"no causes", "a formal stage needs the causes considered first"},
      {"no notice", "a formal meeting needs written notice dated before the meeting"},
      {"notice after", "a formal meeting needs written notice dated before the meeting"},
      {"no companion", "the right to be accompanied"},
  };
  for (size_t i = 0; i < COUNT(rows); i++) {
    PerfCaseFacts f = ready(0, PERF_STAGE_OPENED, NULL);
    f.informal_held = i != 0;
    f.evidence = i == 1 ? 0 : 1;
    f.causes_considered = i != 2;
    PerfStep s = {.to = PERF_STAGE_FORMAL_MEETING, .on = "2026-03-20", .notice_on = i == 3 ? NULL : i == 4 ? "2026-03-21" : "2026-03-10",
                  .companion_offered = i != 5};
    const char *why = perf_case_refusal(&f, &s);
    if (!why || !strstr(why, rows[i].why)) expect_fail("%s: expected \"%s\", got \"%s\"", rows[i].row, rows[i].why, why ? why : "(allowed)");
  }
  expect_all_rows_passed();
  /* a recorded reason lets the informal stage be skipped */
  PerfCaseFacts f = ready(0, PERF_STAGE_OPENED, NULL);
  f.informal_held = 0;
  PerfStep s = {.to = PERF_STAGE_FORMAL_MEETING, .on = "2026-03-20", .notice_on = "2026-03-10", .companion_offered = 1,
                .skip_informal_reason = 1};
  assert_null(perf_case_refusal(&f, &s));
}

static void test_perf_case_sanctions_need_a_completed_improvement_period(void **state) {
  (void)state;
  PerfCaseFacts f = ready(0, PERF_STAGE_REVIEW, "2026-05-01");
  f.plan_ends_on = "2026-06-30";
  PerfStep warn = {.to = PERF_STAGE_OUTCOME, .on = "2026-06-01", .outcome = PERF_OUTCOME_FIRST_WARNING};
  assert_non_null(strstr(perf_case_refusal(&f, &warn), "no sanction before a completed improvement period"));
  warn.exceptional_reason = 1;
  assert_null(perf_case_refusal(&f, &warn));
  warn.exceptional_reason = 0, warn.on = "2026-07-01";
  assert_null(perf_case_refusal(&f, &warn));
  PerfStep extend = {.to = PERF_STAGE_OUTCOME, .on = "2026-06-01", .outcome = PERF_OUTCOME_EXTENDED};
  assert_null(perf_case_refusal(&f, &extend));
  /* after an informal discussion alone, only "improved and closed" */
  PerfCaseFacts informal = ready(0, PERF_STAGE_INFORMAL, "2026-03-01");
  PerfStep closed = {.to = PERF_STAGE_OUTCOME, .on = "2026-04-01", .outcome = PERF_OUTCOME_IMPROVED_CLOSED};
  assert_null(perf_case_refusal(&informal, &closed));
  closed.outcome = PERF_OUTCOME_FIRST_WARNING;
  assert_non_null(perf_case_refusal(&informal, &closed));
}

static void test_perf_case_conduct_warnings_start_with_the_first(void **state) {
  (void)state;
  PerfCaseFacts f = ready(1, PERF_STAGE_FORMAL_MEETING, "2026-03-20");
  PerfStep final = {.to = PERF_STAGE_OUTCOME, .on = "2026-03-27", .outcome = PERF_OUTCOME_FINAL_WARNING};
  assert_non_null(strstr(perf_case_refusal(&f, &final), "starts with a first written warning"));
  final.serious_impact_reason = 1;
  assert_null(perf_case_refusal(&f, &final));
  PerfStep first = {.to = PERF_STAGE_OUTCOME, .on = "2026-03-27", .outcome = PERF_OUTCOME_FIRST_WARNING};
  assert_null(perf_case_refusal(&f, &first)); /* a conduct case needs no improvement period */
  f.first_warning_given = 1;
  final.serious_impact_reason = 0;
  assert_null(perf_case_refusal(&f, &final));
  PerfStep extend = {.to = PERF_STAGE_OUTCOME, .on = "2026-03-27", .outcome = PERF_OUTCOME_EXTENDED};
  assert_non_null(perf_case_refusal(&f, &extend));
}

static void test_perf_case_names_round_trip(void **state) {
  (void)state;
  for (int s = 0; s < PERF_STAGE_COUNT; s++) {
    PerfStage parsed;
    assert_int_equal(perf_stage_parse(perf_stage_name((PerfStage)s), &parsed), 0);
    assert_int_equal(parsed, s);
  }
  for (int o = 0; o < PERF_OUTCOME_COUNT; o++) {
    PerfOutcome parsed;
    assert_int_equal(perf_outcome_parse(perf_outcome_name((PerfOutcome)o), &parsed), 0);
    assert_int_equal(parsed, o);
  }
  PerfStage ignored;
  assert_int_equal(perf_stage_parse("sacking", &ignored), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_perf_case_stages_follow_the_procedure),
      cmocka_unit_test(test_perf_case_conduct_cannot_have_an_improvement_plan),
      cmocka_unit_test(test_perf_case_formal_stage_needs_informal_evidence_causes_notice_companion),
      cmocka_unit_test(test_perf_case_sanctions_need_a_completed_improvement_period),
      cmocka_unit_test(test_perf_case_conduct_warnings_start_with_the_first),
      cmocka_unit_test(test_perf_case_names_round_trip),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
