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

/* The rules of an outcome: the disciplinary route of a conduct case starts
 * with a first written warning (a final one needs the serious impact
 * recorded); a capability case's sanctions need a completed improvement
 * period, unless an exceptional reason is recorded. */
static const char *outcome_refusal(const PerfCaseFacts *f, const PerfStep *s) {
  if (s->outcome == PERF_OUTCOME_NONE) return "an outcome stage needs its outcome";
  if (f->conduct) {
    if (s->outcome == PERF_OUTCOME_EXTENDED)
      return "a conduct case has no improvement period to extend";
    if (s->outcome == PERF_OUTCOME_FINAL_WARNING && !f->first_warning_given && !s->serious_impact_reason)
      return "the disciplinary route starts with a first written warning; going straight to a final written "
             "warning needs a recorded reason that the impact was serious";
    if ((s->outcome == PERF_OUTCOME_REDEPLOYMENT || s->outcome == PERF_OUTCOME_DISMISSAL) &&
        !f->first_warning_given && !s->serious_impact_reason)
      return "the disciplinary route starts with a first written warning";
    return NULL;
  }
  if (sanction(s->outcome) && !s->exceptional_reason &&
      (!f->plan_ends_on || strcmp(f->plan_ends_on, s->on) > 0))
    return "no sanction before a completed improvement period (the plan must have ended), unless an exceptional "
           "reason is recorded";
  return NULL;
}

const char *perf_case_refusal(const PerfCaseFacts *f, const PerfStep *s) {
  if (!(next[f->stage] & S(s->to))) return "stage changes must follow the order of the procedure";
  if (f->stage_on && strcmp(s->on, f->stage_on) < 0) return "a stage cannot be dated before the one it follows";
  if (s->to == PERF_STAGE_IMPROVEMENT_PLAN && f->conduct)
    return "a conduct case goes the disciplinary route: an improvement plan is for capability";
  if (s->to == PERF_STAGE_INFORMAL) return NULL;
  if (s->to == PERF_STAGE_OUTCOME && f->stage == PERF_STAGE_INFORMAL)
    return s->outcome == PERF_OUTCOME_IMPROVED_CLOSED ? NULL
                                                      : "after an informal discussion alone the only outcome is "
                                                        "improved and closed; anything else needs the formal stages";
  if (!f->informal_held && !s->skip_informal_reason)
    return "a formal stage needs a recorded informal discussion, or a recorded reason for skipping it";
  if (!f->evidence) return "a formal stage needs objective evidence linked to the concern";
  if (!f->causes_considered)
    return "a formal stage needs the causes considered first: training, resources, workload, personal "
           "circumstances, health and reasonable adjustments";
  if (s->to == PERF_STAGE_FORMAL_MEETING) {
    if (!s->notice_on || strcmp(s->notice_on, s->on) >= 0)
      return "a formal meeting needs written notice dated before the meeting";
    if (!s->companion_offered)
      return "the right to be accompanied by a colleague or trade-union representative must be offered";
  }
  if (s->to == PERF_STAGE_OUTCOME) return outcome_refusal(f, s);
  return NULL;
}
