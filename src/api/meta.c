/* Service routes: health (for load balancers and tests), the OpenAPI
 * document, and the audit trail for auditors. */
#include <string.h>

#include "api/staff.h"
#include "util/embedded.h"

int meta_health(Request *req, Response *res, Error *err) {
  (void)err;
  api_send_json(res, 200, json_pack("{s:s, s:s, s:s}", "status", "ok", "store", store_kind(req->db), "version",
                                    FORGEDESK_VERSION));
  return 0;
}

int meta_openapi(Request *req, Response *res, Error *err) {
  (void)req;
  const EmbeddedFile *doc = embedded_find(embedded_openapi, "openapi.json");
  if (!doc) return error_set(err, 404, "Not found", "this build carries no OpenAPI document");
  buffer_append(&res->body, doc->data, doc->size);
  res->status = 200;
  res->content_type = "application/json";
  return 0;
}

int audit_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"entity", "id", NULL};
  Query q;
  StoreCursor after;
  StorePage page = {0};
  int limit;
  int64_t id = 0;
  int rc = api_query_parse(req, allowed, &q, err);
  if (!rc) rc = api_query_page(&q, &limit, &after, err);
  if (!rc) rc = api_query_id(&q, "id", &id, err);
  const char *entity = rc ? NULL : api_query_text(&q, "entity");
  if (!rc && id && !entity) {
    error_field(err, "entity", "is required when id is given");
    err->status = 400;
    rc = -1;
  }
  if (!rc) rc = store_audit_list(req->db, entity, id, after, limit, &page, err);
  if (!rc) api_send_page(res, &page);
  store_page_free(&page);
  api_query_free(&q);
  return rc;
}
