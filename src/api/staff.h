/* Staff, teams, sign-in, the audit trail and the service routes
 * (health, OpenAPI). */
#ifndef FORGEDESK_API_STAFF_H
#define FORGEDESK_API_STAFF_H

#include "api/api.h"

/* Usernames are lower-case a-z, 0-9, '.', '_' and '-' (a field error otherwise). */
int staff_check_username(const char *username, Error *err);

int users_list(Request *req, Response *res, Error *err);
int users_create(Request *req, Response *res, Error *err);
int users_get(Request *req, Response *res, Error *err);
int users_patch(Request *req, Response *res, Error *err);
int teams_list(Request *req, Response *res, Error *err);
int teams_create(Request *req, Response *res, Error *err);
int session_sign_in(Request *req, Response *res, Error *err);
int session_current(Request *req, Response *res, Error *err);
int session_sign_out(Request *req, Response *res, Error *err);
int audit_list(Request *req, Response *res, Error *err);
int meta_health(Request *req, Response *res, Error *err);
int meta_openapi(Request *req, Response *res, Error *err);

#endif
