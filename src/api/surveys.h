/* Surveys and what they feed (docs/SATISFACTION.md): survey definitions,
 * invitations and their links, the public answer page's endpoints, answers
 * with the follow-up of low scores, qualitative feedback, the satisfaction
 * report; and the hooks the case workflow and the scheduler call. See
 * routes.c for the table. */
#ifndef FORGEDESK_API_SURVEYS_H
#define FORGEDESK_API_SURVEYS_H

#include "api/api.h"

extern const ResourceDef survey_resource, feedback_resource;

int surveys_list(Request *req, Response *res, Error *err);
int surveys_create(Request *req, Response *res, Error *err);
int surveys_get(Request *req, Response *res, Error *err);
int surveys_patch(Request *req, Response *res, Error *err);
int survey_invitations_list(Request *req, Response *res, Error *err);
int survey_invitations_create(Request *req, Response *res, Error *err);
int survey_invitations_get(Request *req, Response *res, Error *err);
int survey_responses_list(Request *req, Response *res, Error *err);
int survey_responses_get(Request *req, Response *res, Error *err);
/* The public page's endpoints (no sign-in; each runs its own transactions):
 * the survey behind a link, and its answer. A link that is unknown, expired
 * or answered gets a polite problem and nothing is recorded; ten unknown
 * links from one address within 15 minutes throttle it (429). */
int survey_links_open(Request *req, Response *res, Error *err);
int survey_links_answer(Request *req, Response *res, Error *err);
int feedback_list(Request *req, Response *res, Error *err);
int feedback_create(Request *req, Response *res, Error *err);
int feedback_get(Request *req, Response *res, Error *err);
int feedback_patch(Request *req, Response *res, Error *err);
/* GET /api/v1/reports/satisfaction: CSAT, NPS and CES per group with their
 * answer counts and response rates. */
int reports_satisfaction(Request *req, Response *res, Error *err);
/* GET /api/v1/reports/feedback-themes: themes of qualitative feedback per month. */
int reports_feedback_themes(Request *req, Response *res, Error *err);

/* Where the links in invitations point: the server's public base URL
 * ("https://desk.example.com"), copied; set once by serve before it starts. */
void surveys_set_public_url(const char *url);
/* The base URL with the link path for token appended to out. */
void surveys_link(Buffer *out, const char *token);

/* After case_id became resolved: invites its contact to each active survey
 * triggered by resolution of its type, after the survey's delay, unless the
 * contact was invited within the survey's cap or this case was surveyed. */
int surveys_case_resolved(Request *req, int64_t case_id, Error *err);

/* The scheduler's part (inside one write transaction the caller commits):
 * relationship invitations that have come due, at most limit per survey. */
int surveys_invite_relationships(Db *db, const AuditActor *actor, const char *now, int limit, Error *err);
/* Queues up to limit email invitations that are due on the outbound queue
 * (api/mail.h; their links are made only when sent): *queued how many. */
int surveys_queue_invitations(Db *db, const char *now, int limit, int *queued, Error *err);
/* Makes invitation_id's link as its mail is sent at now: a new token, whose
 * hash only is stored (inside the caller's transaction, committed before
 * the mail goes); the link appended to link. */
int surveys_invitation_link(Db *db, int64_t invitation_id, const char *now, Buffer *link, Error *err);

#endif
