/* Follow-up tasks (docs/SATISFACTION.md): the generic resource that survey
 * follow-ups and retention actions share; see routes.c for the table. */
#ifndef FORGEDESK_API_TASKS_H
#define FORGEDESK_API_TASKS_H

#include "api/api.h"

extern const ResourceDef task_resource;

int tasks_list(Request *req, Response *res, Error *err);
int tasks_create(Request *req, Response *res, Error *err);
int tasks_get(Request *req, Response *res, Error *err);
int tasks_patch(Request *req, Response *res, Error *err);

#endif
