/* The stages of an underperformance case and their guards; see perf_case.h. */
#include "core/perf_case.h"

#include <string.h>

static const char *const stage_names[PERF_STAGE_COUNT] = {
    "opened", "informal_discussion", "formal_meeting", "improvement_plan", "review", "outcome", "appeal"};
static const char *const outcome_names[PERF_OUTCOME_COUNT] = {
    "none", "improved_closed", "extended", "first_written_warning", "final_written_warning", "redeployment",
    "dismissal"};

#define S(stage) (1u << (stage))
/* From each stage, the stages that may follow. */
static const unsigned next[PERF_STAGE_COUNT] = {
    [PERF_STAGE_OPENED] = S(PERF_STAGE_INFORMAL) | S(PERF_STAGE_FORMAL_MEETING),
    [PERF_STAGE_INFORMAL] = S(PERF_STAGE_INFORMAL) | S(PERF_STAGE_FORMAL_MEETING) | S(PERF_STAGE_OUTCOME),
    [PERF_STAGE_FORMAL_MEETING] = S(PERF_STAGE_IMPROVEMENT_PLAN) | S(PERF_STAGE_OUTCOME),
    [PERF_STAGE_IMPROVEMENT_PLAN] = S(PERF_STAGE_REVIEW),
    [PERF_STAGE_REVIEW] = S(PERF_STAGE_REVIEW) | S(PERF_STAGE_IMPROVEMENT_PLAN) | S(PERF_STAGE_OUTCOME),
    [PERF_STAGE_OUTCOME] = S(PERF_STAGE_APPEAL) | S(PERF_STAGE_FORMAL_MEETING),
    [PERF_STAGE_APPEAL] = 0,
};

static int parse(const char *const *names, int count, const char *name, int *out) {
  for (int i = 0; i < count; i++)
    if (strcmp(name, names[i]) == 0) {
      *out = i;
      return 0;
    }
  return -1;
}

int perf_stage_parse(const char *name, PerfStage *stage) {
  int i;
  if (parse(stage_names, PERF_STAGE_COUNT, name, &i)) return -1;
  *stage = (PerfStage)i;
  return 0;
}
const char *perf_stage_name(PerfStage stage) { return stage_names[stage]; }
int perf_outcome_parse(const char *name, PerfOutcome *outcome) {
  int i;
  if (parse(outcome_names, PERF_OUTCOME_COUNT, name, &i)) return -1;
  *outcome = (PerfOutcome)i;
  return 0;
}
const char *perf_outcome_name(PerfOutcome outcome) { return outcome_names[outcome]; }

static int sanction(PerfOutcome o) { return o >= PERF_OUTCOME_FIRST_WARNING; }

/* The rules' sentences, shared by the refusals and the list of what a stage still needs. */
static const char ORDER[] = "stage changes must follow the order of the procedure";
static const char DATED[] = "a stage cannot be dated before the one it follows";
static const char NO_PLAN_IN_CONDUCT[] = "a conduct case goes the disciplinary route: an improvement plan is for capability";
static const char INFORMAL_ONLY_CLOSES[] = "after an informal discussion alone the only outcome is improved and closed; "
                                           "anything else needs the formal stages";
static const char INFORMAL_FIRST[] = "a formal stage needs a recorded informal discussion, or a recorded reason for "
                                     "skipping it";
static const char EVIDENCE_FIRST[] = "a formal stage needs objective evidence linked to the concern";
static const char CAUSES_FIRST[] = "a formal stage needs the causes considered first: training, resources, workload, "
                                   "personal circumstances, health and reasonable adjustments";
static const char NOTICE[] = "a formal meeting needs written notice dated before the meeting";
static const char COMPANION[] = "the right to be accompanied by a colleague or trade-union representative must be "
                                "offered";
static const char PLAN_END[] = "an improvement plan needs the end of its improvement period";
static const char OUTCOME[] = "an outcome stage needs its outcome";
static const char NOTHING_TO_EXTEND[] = "a conduct case has no improvement period to extend";
static const char FINAL_NEEDS_FIRST[] = "the disciplinary route starts with a first written warning; going straight "
                                        "to a final written warning needs a recorded reason that the impact was "
                                        "serious";
static const char ROUTE_STARTS[] = "the disciplinary route starts with a first written warning";
static const char NO_EARLY_SANCTION[] = "no sanction before a completed improvement period (the plan must have "
                                        "ended), unless an exceptional reason is recorded";
static const char APPEAL_RESULT[] = "an appeal needs its result: upheld, overturned or varied";

/* The rules of an outcome: the disciplinary route of a conduct case starts
 * with a first written warning (a final one needs the serious impact
 * recorded); a capability case's sanctions need a completed improvement
 * period, unless an exceptional reason is recorded. */
static const char *outcome_refusal(const PerfCaseFacts *f, const PerfStep *s) {
  if (s->outcome == PERF_OUTCOME_NONE) return OUTCOME;
  if (f->conduct) {
    if (s->outcome == PERF_OUTCOME_EXTENDED) return NOTHING_TO_EXTEND;
    if (s->outcome == PERF_OUTCOME_FINAL_WARNING && !f->first_warning_given && !s->serious_impact_reason)
      return FINAL_NEEDS_FIRST;
    if ((s->outcome == PERF_OUTCOME_REDEPLOYMENT || s->outcome == PERF_OUTCOME_DISMISSAL) &&
        !f->first_warning_given && !s->serious_impact_reason)
      return ROUTE_STARTS;
    return NULL;
  }
  if (sanction(s->outcome) && !s->exceptional_reason &&
      (!f->plan_ends_on || strcmp(f->plan_ends_on, s->on) > 0))
    return NO_EARLY_SANCTION;
  return NULL;
}

/* A formal stage: anything but an informal discussion, and an outcome straight after one. */
static int formal(const PerfCaseFacts *f, PerfStage to) {
  return to != PERF_STAGE_INFORMAL && !(to == PERF_STAGE_OUTCOME && f->stage == PERF_STAGE_INFORMAL);
}

const char *perf_case_refusal(const PerfCaseFacts *f, const PerfStep *s) {
  if (!(next[f->stage] & S(s->to))) return ORDER;
  if (f->stage_on && strcmp(s->on, f->stage_on) < 0) return DATED;
  if (s->to == PERF_STAGE_IMPROVEMENT_PLAN && f->conduct) return NO_PLAN_IN_CONDUCT;
  if (s->to == PERF_STAGE_INFORMAL) return NULL;
  if (!formal(f, s->to)) return s->outcome == PERF_OUTCOME_IMPROVED_CLOSED ? NULL : INFORMAL_ONLY_CLOSES;
  if (!f->informal_held && !s->skip_informal_reason) return INFORMAL_FIRST;
  if (!f->evidence) return EVIDENCE_FIRST;
  if (!f->causes_considered) return CAUSES_FIRST;
  if (s->to == PERF_STAGE_FORMAL_MEETING) {
    if (!s->notice_on || strcmp(s->notice_on, s->on) >= 0) return NOTICE;
    if (!s->companion_offered) return COMPANION;
  }
  if (s->to == PERF_STAGE_IMPROVEMENT_PLAN && !s->plan_ends_on) return PLAN_END;
  if (s->to == PERF_STAGE_OUTCOME) return outcome_refusal(f, s);
  if (s->to == PERF_STAGE_APPEAL && !s->appeal_result) return APPEAL_RESULT;
  return NULL;
}

const char *perf_case_refusal_field(const char *why) {
  if (why == NOTICE) return "notice_on";
  if (why == COMPANION) return "companion_offered";
  if (why == PLAN_END) return "plan_ends_on";
  if (why == OUTCOME) return "outcome";
  if (why == APPEAL_RESULT) return "appeal_result";
  return "stage";
}

int perf_case_next_stages(const PerfCaseFacts *f, PerfStage out[PERF_STAGE_COUNT]) {
  int n = 0;
  for (int s = 0; s < PERF_STAGE_COUNT; s++)
    if (next[f->stage] & S(s) && !(s == PERF_STAGE_IMPROVEMENT_PLAN && f->conduct)) out[n++] = (PerfStage)s;
  return n;
}

int perf_case_needs(const PerfCaseFacts *f, PerfStage to, const char *needs[PERF_NEEDS_MAX]) {
  int n = 0;
  if (!(next[f->stage] & S(to))) {
    needs[n++] = ORDER;
    return n;
  }
  if (to == PERF_STAGE_IMPROVEMENT_PLAN && f->conduct) {
    needs[n++] = NO_PLAN_IN_CONDUCT;
    return n;
  }
  if (to == PERF_STAGE_INFORMAL) return 0;
  if (!formal(f, to)) {
    needs[n++] = INFORMAL_ONLY_CLOSES;
    return n;
  }
  if (!f->informal_held) needs[n++] = INFORMAL_FIRST;
  if (!f->evidence) needs[n++] = EVIDENCE_FIRST;
  if (!f->causes_considered) needs[n++] = CAUSES_FIRST;
  if (to == PERF_STAGE_FORMAL_MEETING) {
    needs[n++] = NOTICE;
    needs[n++] = COMPANION;
  }
  if (to == PERF_STAGE_IMPROVEMENT_PLAN) needs[n++] = PLAN_END;
  if (to == PERF_STAGE_OUTCOME) {
    needs[n++] = OUTCOME;
    if (f->conduct && !f->first_warning_given) needs[n++] = FINAL_NEEDS_FIRST;
    if (!f->conduct) needs[n++] = NO_EARLY_SANCTION;
  }
  if (to == PERF_STAGE_APPEAL) needs[n++] = APPEAL_RESULT;
  return n;
}
