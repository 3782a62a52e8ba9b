/* Quality checks and team communication (DOMAIN.md §4, docs/QUALITY.md):
 * the route handlers of qa_setup.c (scorecards, sampling), qa_reviews.c
 * (reviews, corrective actions, QA scores), qa_calibration.c and
 * meetings.c, and the helpers they share; see routes.c for the table. */
#ifndef FORGEDESK_API_QUALITY_H
#define FORGEDESK_API_QUALITY_H

#include "api/api.h"

/* --- shared --------------------------------------------------------------------------- */
/* The request user's record scope (policy_record_scope) as a store filter. */
void qa_scope(const Request *req, StoreScope *scope);
/* 1 when the request's user may see the records of the person whose team
 * is team_id (their own, when person_id is theirs). */
int qa_scope_covers(const Request *req, int64_t person_id, int64_t team_id);
/* What a review is of: a case (scoring its assignee) or an interaction
 * (scoring who had it). */
typedef struct QaSubject {
  int64_t case_id, interaction_id, agent_id, agent_team_id;
  char key[40]; /* "case:<id>" or "interaction:<id>" */
} QaSubject;
/* Resolves the case_id or interaction_id of input (exactly one) into
 * *subject: a field error when neither, both, or one without a person to
 * review; 403 when the request's user may not see that person's work; 422
 * when it is their own. */
int qa_subject_resolve(Request *req, const json_t *input, QaSubject *subject, Error *err);
/* Checks that user_id may review (holds qa.manage) and is not the person
 * reviewed: a field error on field otherwise. */
int qa_check_reviewer(Request *req, const char *field, int64_t user_id, int64_t agent_id, Error *err);
/* Stores a new review (queued unless it carries ratings, see
 * qa_review_score_into) and audits it; *id the new review. */
int qa_review_insert(Request *req, json_t *review, int64_t *id, Error *err);
/* Scores the ratings of input against the scorecard into review: ratings
 * checked and completed, score, pass, status submitted. Field errors name
 * ratings[i].rating and the like. */
int qa_review_score_into(Request *req, const json_t *input, json_t *review, Error *err);
/* A stored review as the API shows it: score in points, booleans. */
void qa_review_present(json_t *review);

/* --- scorecards and sampling (qa_setup.c) ------------------------------------------------ */
extern const ResourceDef qa_scorecard_resource;
/* Completes a checked scorecard's criteria as they are stored: absent flags
 * become false, absent sections null. */
void qa_scorecard_complete(json_t *record);
int qa_scorecards_list(Request *req, Response *res, Error *err);
int qa_scorecards_create(Request *req, Response *res, Error *err);
int qa_scorecards_get(Request *req, Response *res, Error *err);
int qa_scorecards_patch(Request *req, Response *res, Error *err);
int qa_sampling_rules_list(Request *req, Response *res, Error *err);
int qa_sampling_rules_create(Request *req, Response *res, Error *err);
int qa_sampling_rules_get(Request *req, Response *res, Error *err);
int qa_sampling_rules_patch(Request *req, Response *res, Error *err);
/* POST …/sampling-rules/{id}/run {"week_of"}: draws the week's spot checks. */
int qa_sampling_rules_run(Request *req, Response *res, Error *err);

/* --- reviews, corrective actions, scores (qa_reviews.c) ----------------------------------- */
int qa_reviews_list(Request *req, Response *res, Error *err);
int qa_reviews_create(Request *req, Response *res, Error *err);
int qa_reviews_get(Request *req, Response *res, Error *err);
int qa_reviews_score(Request *req, Response *res, Error *err);
int qa_reviews_respond(Request *req, Response *res, Error *err);
int qa_actions_list(Request *req, Response *res, Error *err);
int qa_actions_create(Request *req, Response *res, Error *err);
int qa_actions_get(Request *req, Response *res, Error *err);
int qa_actions_patch(Request *req, Response *res, Error *err);
int qa_scores(Request *req, Response *res, Error *err);

/* --- calibration (qa_calibration.c) -------------------------------------------------------- */
int qa_calibrations_list(Request *req, Response *res, Error *err);
int qa_calibrations_create(Request *req, Response *res, Error *err);
int qa_calibrations_get(Request *req, Response *res, Error *err);

/* --- meetings (meetings.c) ------------------------------------------------------------------ */
int meetings_list(Request *req, Response *res, Error *err);
int meetings_create(Request *req, Response *res, Error *err);
int meetings_get(Request *req, Response *res, Error *err);
int meetings_patch(Request *req, Response *res, Error *err);
int meetings_add_action(Request *req, Response *res, Error *err);
int meeting_actions_patch(Request *req, Response *res, Error *err);
/* GET /api/v1/actions/open: a person's open meeting and QA actions. */
int actions_open(Request *req, Response *res, Error *err);

#endif
