/* Customer accounts (DOMAIN.md §1): the organisations forgedesk serves, their
 * list with search and filters, and the account timeline. */
#include <string.h>

#include "api/crm.h"
#include "api/sla.h"

static const char *const account_statuses[] = {"prospect", "active", "at_risk", "lost", "won_back", NULL};
static const char *const account_tiers[] = {"A", "B", "C", NULL};
static const char *const account_read_only[] = {"id", "account_manager_name", "created_at", "updated_at", "version",
                                                NULL};
static const FieldSpec account_fields[] = {
    {"name", FIELD_TEXT, FIELD_REQUIRED, 1, 200, NULL, NULL},
    {"sector", FIELD_TEXT, 0, 0, 100, NULL, NULL},
    {"tier", FIELD_ENUM, 0, 0, 0, account_tiers, NULL},
    {"status", FIELD_ENUM, FIELD_REQUIRED, 0, 0, account_statuses, NULL},
    {"account_manager_id", FIELD_REF, 0, 0, 0, NULL, &store_users},
    {"sla_contract", FIELD_TEXT, 0, 0, 100, NULL, NULL},
    {"country", FIELD_CODE, 0, 0, 2, NULL, NULL},
    {"city", FIELD_TEXT, 0, 0, 100, NULL, NULL},
    {"notes", FIELD_TEXT, 0, 0, 4000, NULL, NULL},
    {"sla_policy_id", FIELD_REF, 0, 0, 0, NULL, &store_sla_policies}, /* NULL: the default policy applies */
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

static void account_defaults(Request *req, json_t *input) {
  (void)req;
  if (!json_object_get(input, "status")) json_object_set_new(input, "status", json_string("prospect"));
}

const ResourceDef account_resource = {
    .table = &store_accounts,
    .path = "/api/v1/accounts",
    .fields = account_fields,
    .read_only = account_read_only,
    .defaults = account_defaults,
    .after_change = sla_account_changed,
};

int accounts_create(Request *req, Response *res, Error *err) { return resource_create(&account_resource, req, res, err); }
int accounts_get(Request *req, Response *res, Error *err) { return resource_get(&account_resource, req, res, err); }
int accounts_patch(Request *req, Response *res, Error *err) { return resource_patch(&account_resource, req, res, err); }
int accounts_delete(Request *req, Response *res, Error *err) { return resource_delete(&account_resource, req, res, err); }

static int query_accounts(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  static const char *const sorts[] = {"name", "-updated_at", NULL};
  AccountFilter f = {0};
  const char *sort = NULL;
  if (api_query_choice(q, "status", account_statuses, &f.status, err) || api_query_choice(q, "tier", account_tiers, &f.tier, err) ||
      api_query_choice(q, "sort", sorts, &sort, err) || api_query_id(q, "account_manager_id", &f.account_manager_id, err))
    return -1;
  f.by_updated = sort && strcmp(sort, "-updated_at") == 0;
  store_search_init(&f.search, api_query_text(q, "q"));
  int rc = store_accounts_list(req->db, &f, after, limit, page, err);
  store_search_free(&f.search);
  return rc;
}

int accounts_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"q", "status", "tier", "account_manager_id", "sort", NULL};
  return api_list(req, res, allowed, query_accounts, err);
}

static int query_timeline(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  (void)q;
  int exists = 0;
  if (store_record_exists(req->db, &store_accounts, req->id, &exists, err)) return -1;
  if (!exists) return error_set(err, 404, "Not found", "account %lld does not exist", (long long)req->id);
  /* Cases, tasks and survey answers show only to those who may read them (not HR). */
  unsigned show = (policy_allows(req->user.role, PERM_CASES_READ) ? TIMELINE_CASES : 0) |
                  (policy_allows(req->user.role, PERM_TASKS_READ) ? TIMELINE_TASKS : 0) |
                  (policy_allows(req->user.role, PERM_SURVEYS_READ) ? TIMELINE_SURVEYS : 0);
  return store_timeline(req->db, req->id, show, after, limit, page, err);
}

int accounts_timeline(Request *req, Response *res, Error *err) { return api_list(req, res, NULL, query_timeline, err); }
