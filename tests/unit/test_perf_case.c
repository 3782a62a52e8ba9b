/* Unit tests for underperformance cases (src/core/perf_case.c): the order
 * of stages, capability is not conduct, informal before formal, evidence
 * and causes first, notice and the right to be accompanied, warnings in
 * order, and no sanction before a completed improvement period. */
#include "helpers.h"

#include "core/perf_case.h"
#include "core/perf_letter.h"

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
  const char *why = perf_case_refusal(&f, &plan);
  assert_string_equal(why, "an improvement plan needs the end of its improvement period");
  assert_string_equal(perf_case_refusal_field(why), "plan_ends_on");
  plan.plan_ends_on = 1;
  assert_null(perf_case_refusal(&f, &plan));
}

/* What each next stage still needs is the same rules' sentences the
 * refusals give, and the list shrinks as the case gathers what it needs. */
static void test_perf_case_needs_name_what_each_stage_lacks(void **state) {
  (void)state;
  PerfCaseFacts f = {.stage = PERF_STAGE_OPENED};
  PerfStage next[PERF_STAGE_COUNT];
  assert_int_equal(perf_case_next_stages(&f, next), 2);
  assert_int_equal(next[0], PERF_STAGE_INFORMAL);
  assert_int_equal(next[1], PERF_STAGE_FORMAL_MEETING);
  const char *needs[PERF_NEEDS_MAX];
  assert_int_equal(perf_case_needs(&f, PERF_STAGE_INFORMAL, needs), 0);
  assert_int_equal(perf_case_needs(&f, PERF_STAGE_FORMAL_MEETING, needs), 5);
  PerfStep meeting = {.to = PERF_STAGE_FORMAL_MEETING, .on = "2026-03-20"};
  assert_string_equal(needs[0], perf_case_refusal(&f, &meeting)); /* informal first */
  assert_non_null(strstr(needs[1], "objective evidence"));
  assert_non_null(strstr(needs[2], "causes considered"));
  assert_non_null(strstr(needs[3], "written notice"));
  assert_non_null(strstr(needs[4], "accompanied"));
  f.informal_held = 1, f.evidence = 2, f.causes_considered = 1;
  assert_int_equal(perf_case_needs(&f, PERF_STAGE_FORMAL_MEETING, needs), 2);
  meeting.notice_on = "2026-03-20"; /* not before the meeting */
  const char *why = perf_case_refusal(&f, &meeting);
  assert_string_equal(why, needs[0]);
  assert_string_equal(perf_case_refusal_field(why), "notice_on");
  /* a conduct case is never offered an improvement plan; asking is refused */
  PerfCaseFacts conduct = {.conduct = 1, .stage = PERF_STAGE_FORMAL_MEETING};
  assert_int_equal(perf_case_next_stages(&conduct, next), 1);
  assert_int_equal(next[0], PERF_STAGE_OUTCOME);
  assert_int_equal(perf_case_needs(&conduct, PERF_STAGE_IMPROVEMENT_PLAN, needs), 1);
  assert_non_null(strstr(needs[0], "disciplinary route"));
  /* out of order: the order is all it needs */
  assert_int_equal(perf_case_needs(&conduct, PERF_STAGE_APPEAL, needs), 1);
  assert_string_equal(needs[0], "stage changes must follow the order of the procedure");
  assert_string_equal(perf_case_refusal_field(needs[0]), "stage");
  /* an appeal names its result */
  PerfCaseFacts decided = {.stage = PERF_STAGE_OUTCOME, .informal_held = 1, .evidence = 1, .causes_considered = 1};
  PerfStep appeal = {.to = PERF_STAGE_APPEAL, .on = "2026-08-01"};
  assert_string_equal(perf_case_refusal_field(perf_case_refusal(&decided, &appeal)), "appeal_result");
  appeal.appeal_result = 1;
  assert_null(perf_case_refusal(&decided, &appeal));
}

/* Each letter is written from the record: the notice dated when given, with
 * the meeting's date, the concern, the evidence and the right to be
 * accompanied; the plan with its milestones, support and reviews; a
 * sanction with the right to appeal; stages without a letter have none. */
static void test_perf_letters_are_written_from_the_record(void **state) {
  (void)state;
  assert_null(perf_letter_kind(PERF_STAGE_INFORMAL));
  assert_null(perf_letter_kind(PERF_STAGE_REVIEW));
  assert_string_equal(perf_letter_kind(PERF_STAGE_FORMAL_MEETING), "formal_meeting_notice");
  PerfLetterFacts f = {.person = "Jack Turner", .manager = "Tom Reid", .concern = "SLA compliance below standard",
                       .stage = PERF_STAGE_FORMAL_MEETING, .on = "2026-04-14", .notice_on = "2026-04-07",
                       .companion = "Priya Das", .evidence = {"SLA 62% in March against 90%"}, .n_evidence = 1};
  Buffer subject = BUFFER_INIT, body = BUFFER_INIT;
  perf_letter_write(&f, &subject, &body);
  assert_string_equal(buffer_cstr(&subject), "Invitation to a formal capability meeting on 2026-04-14");
  const char *b = buffer_cstr(&body);
  assert_int_equal(strncmp(b, "2026-04-07\n\nDear Jack Turner,", 29), 0);
  assert_non_null(strstr(b, "- SLA 62% in March against 90%"));
  assert_non_null(strstr(b, "right to be accompanied"));
  assert_non_null(strstr(b, "Priya Das will accompany you"));
  assert_non_null(strstr(b, "chance to respond"));
  assert_non_null(strstr(b, "Yours sincerely,\nTom Reid\n"));
  buffer_reset(&subject), buffer_reset(&body);
  f.stage = PERF_STAGE_IMPROVEMENT_PLAN, f.on = "2026-04-21", f.plan_ends_on = "2026-06-30";
  f.milestones[0] = (PerfMilestone){"SLA compliance 80%", "2026-05-31"}, f.n_milestones = 1;
  f.support[0] = "Mentoring", f.n_support = 1, f.review_dates[0] = "2026-05-15", f.n_review_dates = 1;
  perf_letter_write(&f, &subject, &body);
  b = buffer_cstr(&body);
  assert_non_null(strstr(b, "- by 2026-05-31: SLA compliance 80%"));
  assert_non_null(strstr(b, "- Mentoring"));
  assert_non_null(strstr(b, "- 2026-05-15"));
  assert_non_null(strstr(b, "ends on 2026-06-30"));
  buffer_reset(&subject), buffer_reset(&body);
  f.stage = PERF_STAGE_OUTCOME, f.outcome = PERF_OUTCOME_FIRST_WARNING, f.on = "2026-07-02";
  perf_letter_write(&f, &subject, &body);
  assert_string_equal(buffer_cstr(&subject), "Outcome of the capability procedure: a first written warning");
  assert_non_null(strstr(buffer_cstr(&body), "right to appeal"));
  buffer_reset(&subject), buffer_reset(&body);
  f.outcome = PERF_OUTCOME_IMPROVED_CLOSED;
  perf_letter_write(&f, &subject, &body);
  assert_null(strstr(buffer_cstr(&body), "right to appeal"));
  buffer_free(&subject);
  buffer_free(&body);
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
      cmocka_unit_test(test_perf_case_needs_name_what_each_stage_lacks),
      cmocka_unit_test(test_perf_letters_are_written_from_the_record),
      cmocka_unit_test(test_perf_case_formal_stage_needs_informal_evidence_causes_notice_companion),
      cmocka_unit_test(test_perf_case_sanctions_need_a_completed_improvement_period),
      cmocka_unit_test(test_perf_case_conduct_warnings_start_with_the_first),
      cmocka_unit_test(test_perf_case_names_round_trip),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
