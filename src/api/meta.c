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

static int query_audit(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  int64_t id = 0;
  if (api_query_id(q, "id", &id, err)) return -1;
  const char *entity = api_query_text(q, "entity");
  if (id && !entity) {
    error_field(err, "entity", "is required when id is given");
    err->status = 400;
    return -1;
  }
  return store_audit_list(req->db, entity, id, after, limit, page, err);
}

int audit_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"entity", "id", NULL};
  return api_list(req, res, allowed, query_audit, err);
}
