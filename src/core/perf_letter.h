/* The confirmation letters of an underperformance case
 * (docs/PERFORMANCE-MANAGEMENT.md): which stage produces which letter, and
 * its text generated from what the case records — the formal meeting's
 * written notice (its date, the basis of the concern, the right to be
 * accompanied), the improvement note and plan, each outcome, the appeal's
 * result. The text is a draft the manager may edit before it is issued.
 * Pure, no I/O. */
#ifndef FORGEDESK_PERF_LETTER_H
#define FORGEDESK_PERF_LETTER_H

#include "core/perf_case.h"
#include "util/buffer.h"

typedef struct PerfMilestone {
  const char *title, *due_on;
} PerfMilestone;

#define PERF_LETTER_LIST_MAX 20
/* What a letter is written from; NULL or 0 for what is not recorded. */
typedef struct PerfLetterFacts {
  const char *person, *manager; /* names, as they appear in the letter */
  int conduct;
  const char *concern;
  PerfStage stage;
  const char *on; /* the stage's date */
  const char *notice_on, *companion;
  const char *notes, *response;
  const char *plan_ends_on;
  const char *evidence[PERF_LETTER_LIST_MAX];
  int n_evidence;
  const char *objectives[PERF_LETTER_LIST_MAX]; /* the plan's objectives, by title */
  int n_objectives;
  PerfMilestone milestones[PERF_LETTER_LIST_MAX];
  int n_milestones;
  const char *support[PERF_LETTER_LIST_MAX];
  int n_support;
  const char *review_dates[PERF_LETTER_LIST_MAX];
  int n_review_dates;
  PerfOutcome outcome;
  const char *serious_impact_reason, *exceptional_reason;
  const char *appeal_result; /* upheld, overturned, varied */
} PerfLetterFacts;

/* The kind of letter a stage produces ("formal_meeting_notice",
 * "improvement_note", "outcome", "appeal_outcome"), or NULL when it
 * produces none (informal discussion, review). */
const char *perf_letter_kind(PerfStage stage);
/* Writes the letter's subject and body for a stage that produces one. */
void perf_letter_write(const PerfLetterFacts *facts, Buffer *subject, Buffer *body);
/* The outcome in words ("a first written warning"). */
const char *perf_outcome_words(PerfOutcome outcome);

#endif
