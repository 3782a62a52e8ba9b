/* The SMART check, objective progress and appraisal ratings; see
 * performance.h. */
#include "core/performance.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const letter_names[SMART_COUNT] = {"specific", "measurable", "achievable", "relevant",
                                                      "time_bound"};
const char *smart_letter_name(int letter) { return letter_names[letter]; }

/* Phrases that say "more effort" without naming an outcome. */
static const char *const vague_phrases[] = {"do better",     "try harder", "work harder", "be better",
                                            "improve performance", "more effort", "step up", "be more proactive",
                                            NULL};

static int words(const char *s) {
  int n = 0, in = 0;
  for (; s && *s; s++) {
    int space = isspace((unsigned char)*s);
    if (!space && !in) n++;
    in = !space;
  }
  return n;
}

/* The vague phrase text contains (case-insensitively), or NULL. */
static const char *vague_phrase(const char *text) {
  if (!text) return NULL;
  for (int i = 0; vague_phrases[i]; i++) {
    size_t len = strlen(vague_phrases[i]);
    for (const char *p = text; *p; p++)
      if (strncasecmp(p, vague_phrases[i], len) == 0) return vague_phrases[i];
  }
  return NULL;
}

__attribute__((format(printf, 3, 4))) static void fail(SmartResult *out, int letter, const char *fmt, ...) {
  out->holds[letter] = 0;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(out->why[letter], SMART_WHY_SIZE, fmt, ap);
  va_end(ap);
}

static void check_specific(const SmartInput *in, SmartResult *out) {
  const char *vague = vague_phrase(in->title);
  if (!vague) vague = vague_phrase(in->description);
  if (vague)
    fail(out, SMART_S, "\"%s\" is not a concrete outcome: say what will be different and for whom", vague);
  else if (words(in->description) < 4)
    fail(out, SMART_S, "describe the concrete outcome in a sentence (at least four words)");
}

static void check_achievable(const SmartInput *in, SmartResult *out) {
  if (!in->has_baseline || !in->has_target) {
    fail(out, SMART_A, "no baseline and target to judge what is asked against");
    return;
  }
  double change = fabs(in->target - in->baseline), scale = fabs(in->baseline) > 1 ? fabs(in->baseline) : 1;
  if (change / scale > 0.5) {
    fail(out, SMART_A, "asks for a change of %.0f%% over the baseline %.6g; more than 50%% in one objective is "
                       "rarely achievable", change / scale * 100, in->baseline);
    return;
  }
  if (in->has_history && in->direction &&
      (in->direction > 0 ? in->target > in->history_best : in->target < in->history_best))
    fail(out, SMART_A, "the target %.6g is beyond the best the team has reached (%.6g)", in->target,
         in->history_best);
}

int smart_check(const SmartInput *in, SmartResult *out) {
  for (int l = 0; l < SMART_COUNT; l++) {
    out->holds[l] = 1;
    out->why[l][0] = '\0';
  }
  check_specific(in, out);
  if (!in->metric || !*in->metric) fail(out, SMART_M, "no metric: say how the outcome will be measured");
  else if (!in->has_target) fail(out, SMART_M, "no target value for the metric");
  check_achievable(in, out);
  if (!in->linked)
    fail(out, SMART_R, "not linked to the team or organisational objective it serves");
  if (!in->deadline || !*in->deadline) fail(out, SMART_T, "no deadline");
  else if (strcmp(in->deadline, in->today) <= 0)
    fail(out, SMART_T, "the deadline %s is not after today", in->deadline);
  int failing = 0;
  for (int l = 0; l < SMART_COUNT; l++) failing += !out->holds[l];
  return failing;
}

double objective_progress(double baseline, double target, double current) {
  if (target == baseline) return (current == target) ? 1 : 0;
  double p = (current - baseline) / (target - baseline);
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

static const struct {
  const char *phrase, *suggestion;
} flagged[] = {
    {"attitude", "\"attitude\" judges the person: describe what they said or did, when, and its effect"},
    {"lazy", "\"lazy\" is about personality: name the work that was not done and when"},
    {"try harder", "\"try harder\" is vague: say which behaviour should change and what good looks like"},
    {"do better", "\"do better\" is vague: say which behaviour should change and what good looks like"},
    {"not a team player", "name the moments the person did not help, and what it cost the team"},
    {"unprofessional", "\"unprofessional\" is a label: describe the words or actions you saw"},
    {"always", "\"always\" generalises: give the specific occasions you observed"},
    {"never", "\"never\" generalises: give the specific occasions you observed"},
};

const char *feedback_flag(const char *behaviour) {
  for (size_t i = 0; i < sizeof flagged / sizeof flagged[0]; i++)
    for (const char *p = behaviour; p && *p; p++)
      if (strncasecmp(p, flagged[i].phrase, strlen(flagged[i].phrase)) == 0) return flagged[i].suggestion;
  if (words(behaviour) < 4) return "say what the person did or said, observed and specific (a sentence at least)";
  return NULL;
}

static const char *const component_names[APPRAISAL_COMPONENT_COUNT] = {"objectives", "kpis", "feedback",
                                                                       "self_assessment"};
const char *appraisal_component_name(AppraisalComponent c) { return component_names[c]; }

int appraisal_overall(const AppraisalPart parts[APPRAISAL_COMPONENT_COUNT],
                      const double weights[APPRAISAL_COMPONENT_COUNT], double *overall) {
  double sum = 0, total = 0;
  for (int c = 0; c < APPRAISAL_COMPONENT_COUNT; c++)
    if (parts[c].used && weights[c] > 0) {
      sum += parts[c].score * weights[c];
      total += weights[c];
    }
  if (total <= 0) return -1;
  *overall = sum / total;
  return 0;
}
