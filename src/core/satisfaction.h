/* Satisfaction figures from survey answers (docs/SATISFACTION.md): the
 * survey types with their scales, CSAT, NPS and CES computed from the count
 * of answers at each score, response rates, which answers are low enough to
 * follow up, and theme counts of qualitative feedback. Pure functions: no
 * I/O, no allocation. */
#ifndef FORGEDESK_SATISFACTION_H
#define FORGEDESK_SATISFACTION_H

#include <stddef.h>
#include <stdint.h>

typedef enum { SURVEY_CSAT, SURVEY_NPS, SURVEY_CES, SURVEY_TYPE_COUNT } SurveyType;

/* The widest scale any survey may use: scores 0..10. */
#define SURVEY_SCORE_MAX 10
/* A figure from fewer answers than this is marked as a small sample. */
#define SATISFACTION_SMALL_SAMPLE 30

/* A scale: the lowest and highest score, and whether a high score is the
 * good end (CSAT and NPS always; CES when its question asks for agreement
 * that it was easy, not when it asks how much effort it took). */
typedef struct SurveyScale {
  int min, max;
  int high_is_good;
} SurveyScale;

const char *survey_type_name(SurveyType t);
/* Parses "csat", "nps" or "ces"; 0, or -1 when unknown. */
int survey_type_parse(const char *name, SurveyType *t);
/* The scale a survey of type t gets when none is given: CSAT 1-5, NPS 0-10
 * (both high is good), CES 1-7 with high meaning much effort (high is bad). */
SurveyScale survey_default_scale(SurveyType t);
/* Whether scale is allowed for type t: CSAT only 1-5 and NPS only 0-10 with
 * high good (their definitions depend on it); CES any min < max within
 * 0..SURVEY_SCORE_MAX, spanning at least three scores, either direction. */
int survey_scale_valid(SurveyType t, SurveyScale scale);

/* The answers of one survey type on one scale: counts[s - scale.min] is the
 * number of answers with score s, for s from scale.min to scale.max. */
typedef struct SatisfactionSample {
  SurveyType type;
  SurveyScale scale;
  int64_t counts[SURVEY_SCORE_MAX + 1];
} SatisfactionSample;

/* Adds count answers of score to a sample; -1 (and nothing added) when the
 * score is outside its scale. */
int satisfaction_sample_add(SatisfactionSample *s, int score, int64_t count);

typedef struct SatisfactionFigure {
  int64_t answers;  /* how many answers the figure is computed from */
  int defined;      /* 0 for no answers: there is no figure */
  int small_sample; /* answers < SATISFACTION_SMALL_SAMPLE */
  /* CSAT: % of answers that are satisfied (the two best scores, 4 and 5);
   * NPS: % promoters (9-10) minus % detractors (0-6), -100..+100;
   * CES: the mean score, on its own scale. */
  double value;
  /* NPS: promoters (9-10), passives (7-8), detractors (0-6); CSAT and CES:
   * the answers at the good end (the two best scores of the scale: CSAT's
   * satisfied 4 and 5), in between, and at the bad end (the two worst). */
  int64_t good, neutral, bad;
} SatisfactionFigure;

/* The figure of a sample, by its type's definition. */
SatisfactionFigure satisfaction_figure(const SatisfactionSample *s);

/* Answered ÷ invited as a percentage; defined is 0 when nobody was invited. */
typedef struct ResponseRate {
  int64_t invited, answered;
  int defined;
  double percent;
} ResponseRate;
ResponseRate satisfaction_response_rate(int64_t invited, int64_t answered);

/* Whether an answer is low enough to open a follow-up: an NPS detractor
 * (0-6), or a CSAT or CES answer among the two worst scores of its scale
 * (CSAT 1-2; CES 6-7 on the usual effort scale, 1-2 if high is good). */
int satisfaction_is_low(SurveyType t, SurveyScale scale, int score);

#endif
