/* Cases and their timelines (DOMAIN.md §2, docs/CASES.md): the route
 * handlers; see routes.c for the table. */
#ifndef FORGEDESK_API_CASES_H
#define FORGEDESK_API_CASES_H

#include "api/api.h"

extern const ResourceDef case_resource;

int cases_list(Request *req, Response *res, Error *err);
int cases_create(Request *req, Response *res, Error *err);
int cases_get(Request *req, Response *res, Error *err);
int cases_patch(Request *req, Response *res, Error *err);
int cases_set_status(Request *req, Response *res, Error *err);
int cases_add_reply(Request *req, Response *res, Error *err);
int cases_add_note(Request *req, Response *res, Error *err);
int cases_timeline(Request *req, Response *res, Error *err);

#endif
