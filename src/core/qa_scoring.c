/* QA review scoring; see qa_scoring.h and docs/QUALITY.md. The method is the
 * one the common contact-centre QA tools use: each rating is placed on 0-100
 * by where it lies on its scale, a review is the weighted mean of what was
 * rated, and a critical item failed overrides everything else. */
#include "core/qa_scoring.h"

#include <assert.h>
#include <math.h>
#include <string.h>

static const struct {
  const char *name;
  int min, max;
} scales[QA_SCALE_COUNT] = {
    [QA_SCALE_PASS_FAIL] = {"pass_fail", 0, 1},
    [QA_SCALE_THREE] = {"three_point", 1, 3},
    [QA_SCALE_FOUR] = {"four_point", 1, 4},
    [QA_SCALE_FIVE] = {"five_point", 1, 5},
};

int qa_scale_parse(const char *name, QaScale *scale) {
  for (int s = 0; s < QA_SCALE_COUNT; s++)
    if (strcmp(name, scales[s].name) == 0) {
      *scale = (QaScale)s;
      return 0;
    }
  return -1;
}

const char *qa_scale_name(QaScale scale) { return scales[scale].name; }
int qa_scale_min(QaScale scale) { return scales[scale].min; }
int qa_scale_max(QaScale scale) { return scales[scale].max; }

double qa_criterion_score(QaScale scale, int rating) {
  assert(rating >= scales[scale].min && rating <= scales[scale].max);
  return (double)(rating - scales[scale].min) * 100.0 / (double)(scales[scale].max - scales[scale].min);
}

int qa_rating_negative(QaScale scale, int rating) { return qa_criterion_score(scale, rating) < 50.0; }

QaScoreStatus qa_review_score(const QaCriterion *criteria, const QaRating *ratings, size_t n, double pass_mark,
                              QaResult *out) {
  double weighted = 0, weights = 0;
  *out = (QaResult){0};
  for (size_t i = 0; i < n; i++) {
    if (!ratings[i].applicable) continue;
    double score = qa_criterion_score(criteria[i].scale, ratings[i].value);
    out->rated++;
    weighted += score * criteria[i].weight;
    weights += criteria[i].weight;
    if (criteria[i].critical && score < 50.0) out->critical_failed++;
  }
  if (out->rated == 0) return QA_SCORE_NOTHING_RATED;
  if (out->critical_failed) return QA_SCORE_OK; /* score 0, failed, whatever the weights */
  if (weights <= 0) return QA_SCORE_NO_WEIGHT;
  out->score = weighted / weights;
  out->passed = out->score >= pass_mark;
  return QA_SCORE_OK;
}

void qa_spread(const double *scores, size_t n, QaSpread *out) {
  *out = (QaSpread){.n = n};
  if (n == 0) return;
  double sum = 0;
  out->min = out->max = scores[0];
  for (size_t i = 0; i < n; i++) {
    sum += scores[i];
    if (scores[i] < out->min) out->min = scores[i];
    if (scores[i] > out->max) out->max = scores[i];
  }
  out->mean = sum / (double)n;
  double squares = 0;
  for (size_t i = 0; i < n; i++) squares += (scores[i] - out->mean) * (scores[i] - out->mean);
  out->stddev = sqrt(squares / (double)n);
  out->range = out->max - out->min;
}
