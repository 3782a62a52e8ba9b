/* Orders (usually from the ERP) with their lines. The order value is the sum
 * of its lines, computed here so it can never disagree with them. */
#include <stdio.h>
#include <string.h>

#include "api/crm.h"

#define MAX_LINES 500

static const char *const order_read_only[] = {"id", "value_minor", "created_at", "updated_at", "version", NULL};
static const FieldSpec order_fields[] = {
    {"account_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_accounts},
    {"number", FIELD_TEXT, FIELD_REQUIRED, 1, 50, NULL, NULL},
    {"ordered_on", FIELD_DATE, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {"promised_on", FIELD_DATE, 0, 0, 0, NULL, NULL},
    {"delivered_on", FIELD_DATE, 0, 0, 0, NULL, NULL},
    {"currency", FIELD_CODE, FIELD_REQUIRED, 0, 3, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};
const char *const order_line_read_only[] = {"line_no", NULL};
const FieldSpec order_line_fields[] = {
    {"part_id", FIELD_REF, 0, 0, 0, NULL, &store_parts},
    {"part_number", FIELD_TEXT, FIELD_REQUIRED, 1, 50, NULL, NULL},
    {"description", FIELD_TEXT, 0, 0, 200, NULL, NULL},
    {"quantity", FIELD_INT, FIELD_REQUIRED, 1, 1000000, NULL, NULL},
    {"unit_price_minor", FIELD_INT, FIELD_REQUIRED, 0, 100000000000LL, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

static int order_decorate(Request *req, json_t *record, Error *err) {
  json_t *lines = NULL;
  if (store_order_lines(req->db, json_integer_value(json_object_get(record, "id")), &lines, err)) return -1;
  json_object_set_new(record, "lines", lines);
  return 0;
}

static void order_defaults(Request *req, json_t *input) {
  (void)req;
  if (!json_object_get(input, "currency")) json_object_set_new(input, "currency", json_string("GBP"));
}

const ResourceDef order_resource = {
    .table = &store_orders,
    .path = "/api/v1/orders",
    .fields = order_fields,
    .read_only = order_read_only,
    .defaults = order_defaults,
    .decorate = order_decorate,
};

/* Validates each line, naming fields "lines[i].name", and totals them. */
static int check_lines(Request *req, json_t *lines, int64_t *total, Error *err) {
  if (!json_is_array(lines) || json_array_size(lines) < 1 || json_array_size(lines) > MAX_LINES)
    return error_field(err, "lines", "must be a list of 1 to %d order lines", MAX_LINES);
  *total = 0;
  size_t i;
  json_t *line;
  json_array_foreach(lines, i, line) {
    Error line_err = ERROR_INIT;
    if (!json_is_object(line)) {
      error_field(&line_err, "", "must be an object");
    } else if (api_validate(req->db, line, order_line_fields, order_line_read_only, 0, &line_err) == 0) {
      *total += json_integer_value(json_object_get(line, "quantity")) *
                json_integer_value(json_object_get(line, "unit_price_minor"));
    }
    if (line_err.status && !error_has_fields(&line_err)) { /* the store failed, not the line */
      error_clear(err);
      *err = line_err;
      return -1;
    }
    size_t k;
    json_t *fe;
    json_array_foreach(line_err.fields, k, fe) {
      const char *field = json_string_value(json_object_get(fe, "field"));
      char name[120];
      snprintf(name, sizeof name, "lines[%zu]%s%s", i, *field ? "." : "", field);
      error_field(err, name, "%s", json_string_value(json_object_get(fe, "message")));
    }
    error_clear(&line_err);
  }
  return error_has_fields(err) ? -1 : 0;
}

int orders_create(Request *req, Response *res, Error *err) {
  json_t *input = NULL, *record = NULL;
  int64_t id = 0, total = 0;
  int rc = api_read_body(req, &input, err);
  json_t *lines = NULL;
  if (!rc) {
    lines = json_incref(json_object_get(input, "lines"));
    json_object_del(input, "lines");
    order_resource.defaults(req, input);
    api_validate(req->db, input, order_fields, order_read_only, 0, err);
    if (lines) check_lines(req, lines, &total, err);
    else error_field(err, "lines", "is required");
    rc = error_has_fields(err) || err->status ? -1 : 0;
  }
  if (!rc) {
    json_object_set_new(input, "value_minor", json_integer(total));
    rc = store_record_insert(req->db, &store_orders, input, req->now, &id, err);
  }
  for (size_t i = 0; !rc && i < json_array_size(lines); i++)
    rc = store_order_line_insert(req->db, id, (int)i + 1, json_array_get(lines, i), err);
  if (!rc) rc = resource_load(&order_resource, req, id, &record, err);
  if (!rc) rc = resource_audit(req, "order", id, "create", NULL, record, err);
  json_decref(input);
  json_decref(lines);
  if (rc) {
    json_decref(record);
    return -1;
  }
  api_send_created(res, order_resource.path, id, record);
  return 0;
}

int orders_get(Request *req, Response *res, Error *err) { return resource_get(&order_resource, req, res, err); }

static int query_orders(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  int64_t account_id = 0;
  if (api_query_id(q, "account_id", &account_id, err)) return -1;
  return store_orders_list(req->db, account_id, after, limit, page, err);
}

int orders_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"account_id", NULL};
  return api_list(req, res, allowed, query_orders, err);
}
