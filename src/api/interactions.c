/* Interactions: every touchpoint with a customer (phone, email, visit,
 * portal, meeting), inbound or outbound, by whom and when. */
#include <string.h>

#include "api/crm.h"

static const char *const channels[] = {"phone", "email", "visit", "portal", "meeting", NULL};
static const char *const directions[] = {"inbound", "outbound", NULL};
static const char *const interaction_read_only[] = {"id",         "contact_name", "user_name", "created_at",
                                                    "updated_at", "version",      NULL};
static const FieldSpec interaction_fields[] = {
    {"account_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_accounts},
    {"contact_id", FIELD_REF, 0, 0, 0, NULL, &store_contacts},
    {"user_id", FIELD_REF, 0, 0, 0, NULL, &store_users},
    {"channel", FIELD_ENUM, FIELD_REQUIRED, 0, 0, channels, NULL},
    {"direction", FIELD_ENUM, FIELD_REQUIRED, 0, 0, directions, NULL},
    {"occurred_at", FIELD_INSTANT, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {"summary", FIELD_TEXT, FIELD_REQUIRED, 1, 4000, NULL, NULL},
    {"order_id", FIELD_REF, 0, 0, 0, NULL, &store_orders},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

static void interaction_defaults(Request *req, json_t *input) {
  if (!json_object_get(input, "occurred_at")) json_object_set_new(input, "occurred_at", json_string(req->now));
  if (!json_object_get(input, "user_id")) json_object_set_new(input, "user_id", json_integer(req->user.id));
}

/* The contact and the order must belong to the interaction's account. */
static int interaction_check(Request *req, const json_t *record, Error *err) {
  static const AccountLink links[] = {{"contact_id", &store_contacts}, {"order_id", &store_orders}};
  return resource_check_account_links(req, record, links, sizeof links / sizeof links[0], err);
}

const ResourceDef interaction_resource = {
    .table = &store_interactions,
    .path = "/api/v1/interactions",
    .fields = interaction_fields,
    .read_only = interaction_read_only,
    .defaults = interaction_defaults,
    .check = interaction_check,
};

int interactions_create(Request *req, Response *res, Error *err) {
  return resource_create(&interaction_resource, req, res, err);
}
int interactions_get(Request *req, Response *res, Error *err) { return resource_get(&interaction_resource, req, res, err); }
int interactions_patch(Request *req, Response *res, Error *err) {
  return resource_patch(&interaction_resource, req, res, err);
}

static int query_interactions(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page,
                              Error *err) {
  int64_t account_id = 0, contact_id = 0;
  if (api_query_id(q, "account_id", &account_id, err) || api_query_id(q, "contact_id", &contact_id, err)) return -1;
  return store_interactions_list(req->db, account_id, contact_id, after, limit, page, err);
}

int interactions_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"account_id", "contact_id", NULL};
  return api_list(req, res, allowed, query_interactions, err);
}
