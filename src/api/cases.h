/* Cases and their timelines (DOMAIN.md §2, docs/CASES.md): the route
 * handlers; see routes.c for the table. */
#ifndef FORGEDESK_API_CASES_H
#define FORGEDESK_API_CASES_H

#include "api/api.h"
#include "core/case_workflow.h"

extern const ResourceDef case_resource;

int cases_list(Request *req, Response *res, Error *err);
int cases_create(Request *req, Response *res, Error *err);
int cases_get(Request *req, Response *res, Error *err);
int cases_patch(Request *req, Response *res, Error *err);
int cases_set_status(Request *req, Response *res, Error *err);
int cases_add_reply(Request *req, Response *res, Error *err);
int cases_add_note(Request *req, Response *res, Error *err);
int cases_timeline(Request *req, Response *res, Error *err);
/* Moves the request's case to `to` by the status table for the request's
 * user, records it on the timeline and audits it; refusals as for
 * POST …/status (409, 422). */
int cases_move(Request *req, CaseStatus to, const char *reason, Error *err);
/* Adds an event (owned; kind, visibility, body, … as store_case_event_insert
 * takes) by the request's user to case_id's timeline; *id the new event. */
int cases_add_event(Request *req, int64_t case_id, json_t *event, int64_t *id, Error *err);

#endif
