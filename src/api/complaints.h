/* Complaints after ISO 10002 and their corrective actions (DOMAIN.md §2,
 * docs/CASES.md): the route handlers of complaints.c and capas.c; see
 * routes.c for the table. */
#ifndef FORGEDESK_API_COMPLAINTS_H
#define FORGEDESK_API_COMPLAINTS_H

#include "api/api.h"

extern const ResourceDef capa_resource;

int complaints_get(Request *req, Response *res, Error *err);
int complaints_take_step(Request *req, Response *res, Error *err);
int complaints_escalate(Request *req, Response *res, Error *err);
int complaints_pareto(Request *req, Response *res, Error *err);
/* GET /api/v1/reports/complaints: complaints per month of opening and group
 * (category, product or account), the last twelve months by default. */
int reports_complaints(Request *req, Response *res, Error *err);
/* Keeps the complaint record in step with its case after a case is created
 * (before NULL) or changed: a complaint-type case gets its record (audited);
 * a complaint case may not become another type (409). */
int complaints_follow_case(Request *req, const json_t *before, const json_t *after, Error *err);

int capas_list(Request *req, Response *res, Error *err);
int capas_create(Request *req, Response *res, Error *err);
int capas_get(Request *req, Response *res, Error *err);
int capas_patch(Request *req, Response *res, Error *err);

#endif
