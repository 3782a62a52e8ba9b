/* Objectives and appraisals (docs/PERFORMANCE-MANAGEMENT.md): the SMART
 * check of an objective, letter by letter with the reason a letter fails;
 * an objective's progress from its metric's current value; and the overall
 * rating of an appraisal from weighted components, leaving out those not
 * used. Pure, no I/O. */
#ifndef FORGEDESK_PERFORMANCE_H
#define FORGEDESK_PERFORMANCE_H

enum { SMART_S, SMART_M, SMART_A, SMART_R, SMART_T, SMART_COUNT };

/* What the check reads of an objective; NULL or 0 for what is not set. */
typedef struct SmartInput {
  const char *title, *description;
  const char *metric;
  int has_baseline, has_target;
  double baseline, target;
  int direction;        /* 1 higher is better, -1 lower is better, 0 unknown (metric not a KPI) */
  int has_history;      /* the team's best value of the metric is known */
  double history_best;  /* the best period value the team has reached */
  int linked;           /* serves a team or organisational objective */
  const char *deadline; /* YYYY-MM-DD */
  const char *today;    /* YYYY-MM-DD */
} SmartInput;

#define SMART_WHY_SIZE 200
typedef struct SmartResult {
  int holds[SMART_COUNT];
  char why[SMART_COUNT][SMART_WHY_SIZE]; /* empty when the letter holds */
} SmartResult;

/* The letters' names: "specific", "measurable", … */
const char *smart_letter_name(int letter);
/* Checks each letter into *out; returns how many fail. Specific: a title
 * and a description of at least four words, none of the vague phrases
 * ("do better", "try harder", …). Measurable: a metric and a target.
 * Achievable: a baseline to judge the target against, a change of at most
 * half the baseline, and not beyond the team's best. Relevant: a linked
 * objective. Time-bound: a deadline after today. */
int smart_check(const SmartInput *in, SmartResult *out);

/* Progress from baseline towards target of a metric now at current, 0..1
 * (clamped); 0 when target equals baseline and current has not reached it. */
double objective_progress(double baseline, double target, double current);

/* Feedback names behaviour, not personality: the suggestion for a text
 * (the behaviour of situation-behaviour-impact feedback) that is vague or
 * about the person ("bad attitude", "lazy", "needs to try harder"), or NULL
 * when it is fine. The suggestion is a static string. */
const char *feedback_flag(const char *behaviour);

typedef enum {
  APPRAISAL_OBJECTIVES,
  APPRAISAL_KPIS,
  APPRAISAL_FEEDBACK,
  APPRAISAL_SELF,
  APPRAISAL_COMPONENT_COUNT
} AppraisalComponent;

typedef struct AppraisalPart {
  int used;     /* 0: the component has no score this cycle and is left out */
  double score; /* 0..100 when used */
} AppraisalPart;

/* The overall score 0..100 in *overall: the mean of the used components'
 * scores weighted by the cycle's weights (each >= 0). Returns 0, or -1 when
 * no used component has a weight above zero (no overall rating). */
int appraisal_overall(const AppraisalPart parts[APPRAISAL_COMPONENT_COUNT],
                      const double weights[APPRAISAL_COMPONENT_COUNT], double *overall);
const char *appraisal_component_name(AppraisalComponent c);

#endif
