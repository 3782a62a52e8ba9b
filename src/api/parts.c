/* Parts: the part numbers the company sells, with their specification
 * references (drawings, standards). */
#include "api/crm.h"

static const char *const part_read_only[] = {"id", "created_at", "updated_at", "version", NULL};
static const FieldSpec part_fields[] = {
    {"part_number", FIELD_TEXT, FIELD_REQUIRED, 1, 50, NULL, NULL},
    {"name", FIELD_TEXT, FIELD_REQUIRED, 1, 200, NULL, NULL},
    {"spec_ref", FIELD_TEXT, 0, 0, 100, NULL, NULL},
    {"description", FIELD_TEXT, 0, 0, 4000, NULL, NULL},
    {"unit_price_minor", FIELD_INT, 0, 0, 100000000000LL, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

const ResourceDef part_resource = {
    .table = &store_parts,
    .path = "/api/v1/parts",
    .fields = part_fields,
    .read_only = part_read_only,
};

int parts_create(Request *req, Response *res, Error *err) { return resource_create(&part_resource, req, res, err); }
int parts_get(Request *req, Response *res, Error *err) { return resource_get(&part_resource, req, res, err); }
int parts_patch(Request *req, Response *res, Error *err) { return resource_patch(&part_resource, req, res, err); }

static int query_parts(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  StoreSearch search;
  store_search_init(&search, api_query_text(q, "q"));
  int rc = store_parts_list(req->db, &search, after, limit, page, err);
  store_search_free(&search);
  return rc;
}

int parts_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"q", NULL};
  return api_list(req, res, allowed, query_parts, err);
}
