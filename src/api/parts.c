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

int parts_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"q", NULL};
  Query q;
  StoreCursor after;
  StorePage page = {0};
  StoreSearch search = {0};
  int limit;
  int rc = api_query_parse(req, allowed, &q, err);
  if (!rc) rc = api_query_page(&q, &limit, &after, err);
  if (!rc) {
    store_search_init(&search, api_query_text(&q, "q"));
    rc = store_parts_list(req->db, &search, after, limit, &page, err);
    store_search_free(&search);
  }
  if (!rc) api_send_page(res, &page);
  store_page_free(&page);
  api_query_free(&q);
  return rc;
}
