/* Retention (docs/RETENTION.md): the metrics of the book and of each account,
 * health scores with their reasons, silent attrition and the settings they
 * follow (retention.c); campaigns that turn a list of accounts into tasks and
 * report the orders that followed (campaigns.c); PDCA improvement
 * initiatives with their computed check (improvements.c). See routes.c. */
#ifndef FORGEDESK_API_RETENTION_H
#define FORGEDESK_API_RETENTION_H

#include "api/api.h"

int retention_book(Request *req, Response *res, Error *err);
int retention_accounts(Request *req, Response *res, Error *err);
int retention_silent_attrition(Request *req, Response *res, Error *err);
int retention_account(Request *req, Response *res, Error *err);
int retention_settings_get(Request *req, Response *res, Error *err);
int retention_settings_patch(Request *req, Response *res, Error *err);

int campaigns_list(Request *req, Response *res, Error *err);
int campaigns_create(Request *req, Response *res, Error *err);
int campaigns_get(Request *req, Response *res, Error *err);

int improvements_list(Request *req, Response *res, Error *err);
int improvements_create(Request *req, Response *res, Error *err);
int improvements_get(Request *req, Response *res, Error *err);
int improvements_patch(Request *req, Response *res, Error *err);
int improvements_move(Request *req, Response *res, Error *err);
/* The check of an initiative record (its kpi, kpi_category and the two
 * periods, all set): the KPI measured for each period, as stored in
 * check_result: {kpi, category, unit, lower_is_better, before {from, to,
 * value, count}, after, change, improved}. *out is the caller's. */
int improvement_measure_check(Db *db, const json_t *record, json_t **out, Error *err);

#endif
