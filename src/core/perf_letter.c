/* The letters of an underperformance case; see perf_letter.h. */
#include "core/perf_letter.h"

#include <string.h>

const char *perf_letter_kind(PerfStage stage) {
  switch (stage) {
  case PERF_STAGE_FORMAL_MEETING: return "formal_meeting_notice";
  case PERF_STAGE_IMPROVEMENT_PLAN: return "improvement_note";
  case PERF_STAGE_OUTCOME: return "outcome";
  case PERF_STAGE_APPEAL: return "appeal_outcome";
  default: return NULL;
  }
}

const char *perf_outcome_words(PerfOutcome outcome) {
  static const char *const words[PERF_OUTCOME_COUNT] = {
      "no outcome", "your performance has improved and the case is closed", "the improvement period is extended",
      "a first written warning", "a final written warning", "redeployment to another role", "dismissal"};
  return words[outcome];
}

static void list(Buffer *b, const char *heading, const char *const *items, int n) {
  if (!n) return;
  buffer_printf(b, "%s\n", heading);
  for (int i = 0; i < n; i++) buffer_printf(b, "- %s\n", items[i]);
  buffer_putc(b, '\n');
}

static void paragraph(Buffer *b, const char *label, const char *text) {
  if (text && *text) buffer_printf(b, "%s%s\n\n", label, text);
}

static const char *procedure(const PerfLetterFacts *f) { return f->conduct ? "disciplinary" : "capability"; }

static void notice(const PerfLetterFacts *f, Buffer *subject, Buffer *b) {
  buffer_printf(subject, "Invitation to a formal %s meeting on %s", procedure(f), f->on);
  buffer_printf(b, "I am writing to invite you to a formal %s meeting on %s.\n\n", procedure(f), f->on);
  paragraph(b, "The meeting is about this concern: ", f->concern);
  list(b, "The evidence we will discuss is:", f->evidence, f->n_evidence);
  buffer_puts(b, "You will be told the basis of the concern in full and will have the chance to respond to it "
                 "before any decision is made.\n\n");
  buffer_puts(b, "You have the right to be accompanied at the meeting by a colleague or a trade-union "
                 "representative.");
  if (f->companion && *f->companion) buffer_printf(b, " You have told us that %s will accompany you.", f->companion);
  buffer_puts(b, "\n\n");
}

static void improvement_note(const PerfLetterFacts *f, Buffer *subject, Buffer *b) {
  buffer_printf(subject, "Improvement note and performance improvement plan from %s", f->on);
  buffer_printf(b, "This letter confirms the improvement note and the performance improvement plan agreed on %s, "
                   "following our formal meeting.\n\n", f->on);
  paragraph(b, "The concern: ", f->concern);
  list(b, "The objectives of the plan:", f->objectives, f->n_objectives);
  if (f->n_milestones) {
    buffer_puts(b, "Milestones:\n");
    for (int i = 0; i < f->n_milestones; i++)
      buffer_printf(b, "- by %s: %s\n", f->milestones[i].due_on, f->milestones[i].title);
    buffer_putc(b, '\n');
  }
  list(b, "The support you will have:", f->support, f->n_support);
  list(b, "We will review your progress together on:", f->review_dates, f->n_review_dates);
  paragraph(b, "", f->notes);
  buffer_printf(b, "The improvement period ends on %s. If the standard has not been reached by then, a further "
                   "formal meeting may be held, which could lead to a written warning.\n\n", f->plan_ends_on);
}

static void outcome(const PerfLetterFacts *f, Buffer *subject, Buffer *b) {
  buffer_printf(subject, "Outcome of the %s procedure: %s", procedure(f), perf_outcome_words(f->outcome));
  buffer_printf(b, "This letter confirms the outcome of the %s procedure decided on %s: %s.\n\n", procedure(f),
                f->on, perf_outcome_words(f->outcome));
  paragraph(b, "The concern: ", f->concern);
  paragraph(b, "The reasons for this decision: ", f->notes);
  paragraph(b, "Your response, which was considered before the decision: ", f->response);
  paragraph(b, "Why the impact was serious enough to go straight to this stage: ", f->serious_impact_reason);
  paragraph(b, "Why this is decided before the improvement period ended: ", f->exceptional_reason);
  if (f->outcome == PERF_OUTCOME_EXTENDED && f->plan_ends_on)
    buffer_printf(b, "The improvement period now ends on %s.\n\n", f->plan_ends_on);
  if (f->outcome >= PERF_OUTCOME_FIRST_WARNING)
    buffer_puts(b, "You have the right to appeal against this decision. Please write to me within five working "
                   "days of receiving this letter, setting out your grounds for appeal.\n\n");
}

static void appeal(const PerfLetterFacts *f, Buffer *subject, Buffer *b) {
  const char *result = f->appeal_result ? f->appeal_result : "";
  buffer_printf(subject, "Outcome of your appeal heard on %s: %s", f->on, result);
  buffer_printf(b, "This letter confirms the outcome of your appeal, heard on %s: the original decision is %s.\n\n",
                f->on, result);
  paragraph(b, "The reasons: ", f->notes);
  buffer_puts(b, "This decision is final.\n\n");
}

void perf_letter_write(const PerfLetterFacts *f, Buffer *subject, Buffer *body) {
  /* the written notice is dated when it was given, before the meeting; the others on their stage's day */
  const char *dated = f->stage == PERF_STAGE_FORMAL_MEETING && f->notice_on ? f->notice_on : f->on;
  buffer_printf(body, "%s\n\nDear %s,\n\n", dated, f->person);
  switch (f->stage) {
  case PERF_STAGE_FORMAL_MEETING: notice(f, subject, body); break;
  case PERF_STAGE_IMPROVEMENT_PLAN: improvement_note(f, subject, body); break;
  case PERF_STAGE_OUTCOME: outcome(f, subject, body); break;
  default: appeal(f, subject, body); break;
  }
  buffer_printf(body, "Yours sincerely,\n%s\n", f->manager);
}
