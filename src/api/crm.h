/* The customer-record resources (accounts, contacts, interactions, orders,
 * parts, assets) and their route handlers; see routes.c for the table. */
#ifndef FORGEDESK_API_CRM_H
#define FORGEDESK_API_CRM_H

#include "api/api.h"

extern const ResourceDef account_resource, contact_resource, interaction_resource, order_resource, part_resource,
    asset_resource;
/* The fields of one order line (an item of an order's "lines"; a row of an
 * orders CSV import). */
extern const FieldSpec order_line_fields[];
extern const char *const order_line_read_only[];

int accounts_list(Request *req, Response *res, Error *err);
int accounts_create(Request *req, Response *res, Error *err);
int accounts_get(Request *req, Response *res, Error *err);
int accounts_patch(Request *req, Response *res, Error *err);
int accounts_delete(Request *req, Response *res, Error *err);
int accounts_timeline(Request *req, Response *res, Error *err);
int contacts_list(Request *req, Response *res, Error *err);
int contacts_create(Request *req, Response *res, Error *err);
int contacts_get(Request *req, Response *res, Error *err);
int contacts_patch(Request *req, Response *res, Error *err);
int contacts_delete(Request *req, Response *res, Error *err);
int interactions_list(Request *req, Response *res, Error *err);
int interactions_create(Request *req, Response *res, Error *err);
int interactions_get(Request *req, Response *res, Error *err);
int interactions_patch(Request *req, Response *res, Error *err);
int orders_list(Request *req, Response *res, Error *err);
int orders_create(Request *req, Response *res, Error *err);
int orders_get(Request *req, Response *res, Error *err);
int parts_list(Request *req, Response *res, Error *err);
int parts_create(Request *req, Response *res, Error *err);
int parts_get(Request *req, Response *res, Error *err);
int parts_patch(Request *req, Response *res, Error *err);
int assets_list(Request *req, Response *res, Error *err);
int assets_create(Request *req, Response *res, Error *err);
int assets_get(Request *req, Response *res, Error *err);
int assets_patch(Request *req, Response *res, Error *err);
int assets_add_service_event(Request *req, Response *res, Error *err);

#endif
