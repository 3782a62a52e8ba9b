/* The satisfaction figures; see satisfaction.h and docs/SATISFACTION.md. */
#include "core/satisfaction.h"

#include <string.h>

static const char *const type_names[SURVEY_TYPE_COUNT] = {[SURVEY_CSAT] = "csat", [SURVEY_NPS] = "nps",
                                                          [SURVEY_CES] = "ces"};

const char *survey_type_name(SurveyType t) { return t < SURVEY_TYPE_COUNT ? type_names[t] : "unknown"; }

int survey_type_parse(const char *name, SurveyType *t) {
  for (int i = 0; name && i < SURVEY_TYPE_COUNT; i++)
    if (strcmp(name, type_names[i]) == 0) {
      *t = (SurveyType)i;
      return 0;
    }
  return -1;
}

SurveyScale survey_default_scale(SurveyType t) {
  switch (t) {
  case SURVEY_NPS: return (SurveyScale){0, 10, 1};
  case SURVEY_CES: return (SurveyScale){1, 7, 0};
  default: return (SurveyScale){1, 5, 1};
  }
}

int survey_scale_valid(SurveyType t, SurveyScale scale) {
  if (t == SURVEY_CSAT || t == SURVEY_NPS) {
    SurveyScale d = survey_default_scale(t);
    return scale.min == d.min && scale.max == d.max && scale.high_is_good;
  }
  return scale.min >= 0 && scale.max <= SURVEY_SCORE_MAX && scale.max - scale.min >= 2;
}

int satisfaction_sample_add(SatisfactionSample *s, int score, int64_t count) {
  if (score < s->scale.min || score > s->scale.max) return -1;
  s->counts[score - s->scale.min] += count;
  return 0;
}

/* The number of answers from score lo to score hi, both included. */
static int64_t answers_between(const SatisfactionSample *s, int lo, int hi) {
  int64_t n = 0;
  for (int score = lo; score <= hi; score++) n += s->counts[score - s->scale.min];
  return n;
}

/* The two best and the two worst scores of a scale: [*good_lo, *good_hi]
 * and [*bad_lo, *bad_hi]. */
static void scale_ends(SurveyScale scale, int *good_lo, int *good_hi, int *bad_lo, int *bad_hi) {
  if (scale.high_is_good) {
    *good_lo = scale.max - 1, *good_hi = scale.max, *bad_lo = scale.min, *bad_hi = scale.min + 1;
  } else {
    *good_lo = scale.min, *good_hi = scale.min + 1, *bad_lo = scale.max - 1, *bad_hi = scale.max;
  }
}

SatisfactionFigure satisfaction_figure(const SatisfactionSample *s) {
  SatisfactionFigure f = {0};
  f.answers = answers_between(s, s->scale.min, s->scale.max);
  f.defined = f.answers > 0;
  f.small_sample = f.answers < SATISFACTION_SMALL_SAMPLE;
  int good_lo, good_hi, bad_lo, bad_hi;
  scale_ends(s->scale, &good_lo, &good_hi, &bad_lo, &bad_hi);
  switch (s->type) {
  case SURVEY_NPS:
    f.good = answers_between(s, 9, 10);
    f.neutral = answers_between(s, 7, 8);
    f.bad = answers_between(s, 0, 6);
    if (f.defined) f.value = 100.0 * (double)(f.good - f.bad) / (double)f.answers;
    break;
  default: { /* CSAT and CES: the two best and the two worst scores of the scale */
    f.good = answers_between(s, good_lo, good_hi);
    f.bad = answers_between(s, bad_lo, bad_hi);
    f.neutral = f.answers - f.good - f.bad;
    double sum = 0;
    for (int score = s->scale.min; score <= s->scale.max; score++)
      sum += (double)score * (double)s->counts[score - s->scale.min];
    if (f.defined) f.value = s->type == SURVEY_CSAT ? 100.0 * (double)f.good / (double)f.answers : sum / (double)f.answers;
    break;
  }
  }
  return f;
}

ResponseRate satisfaction_response_rate(int64_t invited, int64_t answered) {
  ResponseRate r = {.invited = invited, .answered = answered, .defined = invited > 0};
  if (r.defined) r.percent = 100.0 * (double)answered / (double)invited;
  return r;
}

int satisfaction_is_low(SurveyType t, SurveyScale scale, int score) {
  if (t == SURVEY_NPS) return score <= 6;
  int good_lo, good_hi, bad_lo, bad_hi;
  scale_ends(scale, &good_lo, &good_hi, &bad_lo, &bad_hi);
  return score >= bad_lo && score <= bad_hi;
}
