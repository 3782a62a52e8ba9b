/* Contacts: the people at an account, with their audience (technical or
 * commercial) and the consent and lawful basis for holding their data. */
#include "api/crm.h"

static const char *const audiences[] = {"technical", "commercial", NULL};
static const char *const consents[] = {"given", "withdrawn", "not_asked", NULL};
static const char *const lawful_bases[] = {"consent", "contract", "legitimate_interests", "legal_obligation", NULL};
static const char *const contact_read_only[] = {"id", "created_at", "updated_at", "version", NULL};
static const FieldSpec contact_fields[] = {
    {"account_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_accounts},
    {"name", FIELD_TEXT, FIELD_REQUIRED, 1, 200, NULL, NULL},
    {"job_title", FIELD_TEXT, 0, 0, 200, NULL, NULL},
    {"audience", FIELD_ENUM, FIELD_REQUIRED, 0, 0, audiences, NULL},
    {"email", FIELD_EMAIL, 0, 0, 0, NULL, NULL},
    {"phone", FIELD_TEXT, 0, 0, 50, NULL, NULL},
    {"consent", FIELD_ENUM, FIELD_REQUIRED, 0, 0, consents, NULL},
    {"lawful_basis", FIELD_ENUM, FIELD_REQUIRED, 0, 0, lawful_bases, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

static void contact_defaults(Request *req, json_t *input) {
  (void)req;
  if (!json_object_get(input, "consent")) json_object_set_new(input, "consent", json_string("not_asked"));
}

const ResourceDef contact_resource = {
    .table = &store_contacts,
    .path = "/api/v1/contacts",
    .fields = contact_fields,
    .read_only = contact_read_only,
    .defaults = contact_defaults,
};

int contacts_create(Request *req, Response *res, Error *err) { return resource_create(&contact_resource, req, res, err); }
int contacts_get(Request *req, Response *res, Error *err) { return resource_get(&contact_resource, req, res, err); }
int contacts_patch(Request *req, Response *res, Error *err) { return resource_patch(&contact_resource, req, res, err); }
int contacts_delete(Request *req, Response *res, Error *err) { return resource_delete(&contact_resource, req, res, err); }

static int query_contacts(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  int64_t account_id = 0;
  StoreSearch search;
  if (api_query_id(q, "account_id", &account_id, err)) return -1;
  store_search_init(&search, api_query_text(q, "q"));
  int rc = store_contacts_list(req->db, &search, account_id, after, limit, page, err);
  store_search_free(&search);
  return rc;
}

int contacts_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"q", "account_id", NULL};
  return api_list(req, res, allowed, query_contacts, err);
}
