/* Scoring of QA reviews (docs/QUALITY.md): rating scales, the score of a
 * criterion and of a whole review, the critical-item rule, and the spread of
 * scores between the reviewers of a calibration session. Pure arithmetic,
 * no I/O. */
#ifndef FORGEDESK_QA_SCORING_H
#define FORGEDESK_QA_SCORING_H

#include <stddef.h>

typedef enum { QA_SCALE_PASS_FAIL, QA_SCALE_THREE, QA_SCALE_FOUR, QA_SCALE_FIVE, QA_SCALE_COUNT } QaScale;

/* Parses a scale name ("pass_fail", "three_point", "four_point",
 * "five_point"); 0, or -1 when unknown. */
int qa_scale_parse(const char *name, QaScale *scale);
const char *qa_scale_name(QaScale scale);
/* The lowest and highest rating of a scale: pass/fail is 0..1, the point
 * scales 1..3, 1..4 and 1..5. */
int qa_scale_min(QaScale scale);
int qa_scale_max(QaScale scale);

/* A rating's score from 0 to 100: (rating - min) / (max - min) * 100. The
 * rating must lie on the scale. */
double qa_criterion_score(QaScale scale, int rating);
/* 1 when a rating scores below 50: the rating counts as negative (it may
 * ask for its root cause) and fails a critical criterion. */
int qa_rating_negative(QaScale scale, int rating);

typedef struct QaCriterion {
  QaScale scale;
  double weight; /* >= 0 */
  int critical;
} QaCriterion;

typedef struct QaRating {
  int applicable; /* 0: marked not applicable, left out of the score */
  int value;      /* on the criterion's scale when applicable */
} QaRating;

typedef struct QaResult {
  double score;        /* 0..100; 0 when a critical criterion failed */
  int passed;          /* score >= pass mark and no critical failure */
  int critical_failed; /* how many critical criteria scored below 50 */
  int rated;           /* how many criteria were applicable */
} QaResult;

typedef enum {
  QA_SCORE_OK,
  QA_SCORE_NOTHING_RATED, /* every criterion marked not applicable */
  QA_SCORE_NO_WEIGHT,     /* the applicable criteria weigh nothing together (and none failed critically) */
} QaScoreStatus;

/* Scores a review: the weighted mean of the applicable criteria's scores;
 * any critical criterion below 50 sets it to 0 and fails it; otherwise it
 * passes at pass_mark or above. ratings[i] rates criteria[i]. */
QaScoreStatus qa_review_score(const QaCriterion *criteria, const QaRating *ratings, size_t n, double pass_mark,
                              QaResult *out);

typedef struct QaSpread {
  size_t n;
  double min, max, range, mean, stddev; /* population standard deviation; all 0 when n is 0 */
} QaSpread;

/* The spread of n scores (of one case by several reviewers). */
void qa_spread(const double *scores, size_t n, QaSpread *out);

#endif
