/* Underperformance cases (DOMAIN.md §4 "Managing underperformance",
 * docs/PERFORMANCE-MANAGEMENT.md): the stages of a capability or conduct
 * case as a transition table, and the guards that keep it fair — capability
 * is not conduct, objective evidence and causes considered first, informal
 * before formal, notice and the right to be accompanied, no sanction
 * without a completed improvement period, warnings in order. Pure, no I/O. */
#ifndef FORGEDESK_PERF_CASE_H
#define FORGEDESK_PERF_CASE_H

typedef enum {
  PERF_STAGE_OPENED,
  PERF_STAGE_INFORMAL,         /* informal discussion */
  PERF_STAGE_FORMAL_MEETING,   /* written notice, right to be accompanied */
  PERF_STAGE_IMPROVEMENT_PLAN, /* improvement note and plan (capability only) */
  PERF_STAGE_REVIEW,
  PERF_STAGE_OUTCOME,
  PERF_STAGE_APPEAL,
  PERF_STAGE_COUNT
} PerfStage;

typedef enum {
  PERF_OUTCOME_NONE,
  PERF_OUTCOME_IMPROVED_CLOSED,
  PERF_OUTCOME_EXTENDED,
  PERF_OUTCOME_FIRST_WARNING,
  PERF_OUTCOME_FINAL_WARNING,
  PERF_OUTCOME_REDEPLOYMENT,
  PERF_OUTCOME_DISMISSAL,
  PERF_OUTCOME_COUNT
} PerfOutcome;

/* What the case holds so far. */
typedef struct PerfCaseFacts {
  int conduct;            /* 0 capability, 1 conduct */
  PerfStage stage;        /* the latest stage */
  const char *stage_on;   /* its date (YYYY-MM-DD), NULL for a case only opened */
  int informal_held;      /* an informal discussion is recorded, or an earlier stage gave the reason to skip it */
  int evidence;           /* pieces of objective evidence linked */
  int causes_considered;  /* training, resources, workload, personal circumstances, health recorded */
  const char *plan_ends_on; /* the improvement plan's end, NULL when there is none */
  int first_warning_given;
} PerfCaseFacts;

/* The stage asked for, with what it records. */
typedef struct PerfStep {
  PerfStage to;
  const char *on;                /* the stage's date */
  int skip_informal_reason;      /* a reason for skipping the informal stage is given */
  const char *notice_on;         /* formal meeting: the written notice's date */
  int companion_offered;         /* formal meeting: the right to be accompanied offered */
  PerfOutcome outcome;           /* outcome stage */
  int serious_impact_reason;     /* a final warning without a first: why the impact was serious */
  int exceptional_reason;        /* a sanction before the improvement period ended: why */
  int plan_ends_on;              /* improvement plan: the end of the improvement period is given */
  int appeal_result;             /* appeal: its result is given */
} PerfStep;

int perf_stage_parse(const char *name, PerfStage *stage);
const char *perf_stage_name(PerfStage stage);
int perf_outcome_parse(const char *name, PerfOutcome *outcome);
const char *perf_outcome_name(PerfOutcome outcome);
/* NULL when the case may take the step, else the reason it may not, as a
 * static sentence naming the rule. */
const char *perf_case_refusal(const PerfCaseFacts *facts, const PerfStep *step);
/* The field of the stage a refusal is about: "notice_on",
 * "companion_offered", "plan_ends_on", "outcome", "appeal_result", else
 * "stage" (the rules about the case and the order of its stages). */
const char *perf_case_refusal_field(const char *why);
/* The stages that may follow the case's latest, in the procedure's order
 * (an improvement plan not for a conduct case); returns how many. */
int perf_case_next_stages(const PerfCaseFacts *facts, PerfStage out[PERF_STAGE_COUNT]);
#define PERF_NEEDS_MAX 8
/* What stage `to` still needs before it may be recorded, as the rules'
 * sentences (the same perf_case_refusal gives): what the case lacks
 * (informal discussion or a reason to skip it, evidence, causes) and what
 * the stage itself must record (notice, companion offered, the plan's end,
 * the outcome, the appeal's result). Returns how many; 0 when nothing. */
int perf_case_needs(const PerfCaseFacts *facts, PerfStage to, const char *needs[PERF_NEEDS_MAX]);

#endif
