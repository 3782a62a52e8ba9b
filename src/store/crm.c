/* The customer record's tables (accounts, contacts, interactions, orders,
 * parts, assets) and the staff tables (users, teams): their SQL and lists,
 * and the account timeline that merges them with cases. */
#include <stdint.h>
#include <string.h>

#include "util/buffer.h"

#include "store/store_internal.h"

/* --- accounts ------------------------------------------------------------------ */
static const char *const account_columns[] = {"name",         "name_key", "sector", "tier", "status", "account_manager_id",
                                              "sla_contract", "country",  "city",   "notes", "sla_policy_id", NULL};
#define ACCOUNT_SELECT                                                                                         \
  "SELECT a.id, a.name, a.sector, a.tier, a.status, a.account_manager_id, u.display_name AS account_manager_name, " \
  "a.sla_contract, a.country, a.city, a.notes, a.sla_policy_id, a.created_at, a.updated_at, a.version"
#define ACCOUNT_FROM " FROM accounts a LEFT JOIN users u ON u.id = a.account_manager_id"
const StoreTable store_accounts = {
    .entity = "account",
    .columns = account_columns,
    .sql_get = ACCOUNT_SELECT ACCOUNT_FROM " WHERE a.id = $1",
    .sql_insert = "INSERT INTO accounts (name, name_key, sector, tier, status, account_manager_id, sla_contract, "
                  "country, city, notes, sla_policy_id, created_at, updated_at, version) "
                  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, 1) RETURNING id",
    .sql_update = "UPDATE accounts SET name = $1, name_key = $2, sector = $3, tier = $4, status = $5, "
                  "account_manager_id = $6, sla_contract = $7, country = $8, city = $9, notes = $10, "
                  "sla_policy_id = $11, updated_at = $12, version = version + 1 WHERE id = $13 AND version = $14",
    .sql_delete = "DELETE FROM accounts WHERE id = $1 AND version = $2",
    .sql_exists = "SELECT 1 FROM accounts WHERE id = $1",
    .searchable = 1,
};

#define ACCOUNT_FILTERS                                                                                 \
  " WHERE (CAST($1 AS TEXT) IS NULL OR a.status = $1) AND (CAST($2 AS TEXT) IS NULL OR a.tier = $2)"                               \
  " AND (CAST($3 AS BIGINT) = 0 OR a.account_manager_id = $3)"
#define BY_NAME " AND (a.name_key > $4 OR (a.name_key = $4 AND a.id > $5)) ORDER BY a.name_key, a.id LIMIT $6"
#define BY_UPDATED \
  " AND (a.updated_at < $4 OR (a.updated_at = $4 AND a.id < $5)) ORDER BY a.updated_at DESC, a.id DESC LIMIT $6"
#define ACCOUNT_SEARCH(BODY) SEARCH_TEXTS(BODY, "account", "a.id", "$7", "$8", "$9", "$10", "$11", "$12", "$13", "$14")

static const char sql_accounts_by_name[] =
    ACCOUNT_SELECT ", a.name_key AS _k, a.id AS _i" ACCOUNT_FROM ACCOUNT_FILTERS BY_NAME;
static const char sql_accounts_by_updated[] =
    ACCOUNT_SELECT ", a.updated_at AS _k, a.id AS _i" ACCOUNT_FROM ACCOUNT_FILTERS BY_UPDATED;
#define ACCOUNTS_FOUND_BY_NAME(search) \
  ACCOUNT_SELECT ", a.name_key AS _k, a.id AS _i" ACCOUNT_FROM ACCOUNT_FILTERS search BY_NAME
#define ACCOUNTS_FOUND_BY_UPDATED(search) \
  ACCOUNT_SELECT ", a.updated_at AS _k, a.id AS _i" ACCOUNT_FROM ACCOUNT_FILTERS search BY_UPDATED
static const char *const sql_accounts_search_by_name[STORE_SEARCH_WORDS] = ACCOUNT_SEARCH(ACCOUNTS_FOUND_BY_NAME);
static const char *const sql_accounts_search_by_updated[STORE_SEARCH_WORDS] = ACCOUNT_SEARCH(ACCOUNTS_FOUND_BY_UPDATED);

int store_accounts_list(Db *db, const AccountFilter *f, StoreCursor after, int limit, StorePage *page, Error *err) {
  DbParam p[6 + 2 * STORE_SEARCH_WORDS];
  p[0] = DB_TEXT(f->status);
  p[1] = DB_TEXT(f->tier);
  p[2] = DB_INT(f->account_manager_id);
  if (f->by_updated) {
    p[3] = DB_TEXT(after.key ? after.key : STORE_KEY_MAX);
    p[4] = DB_INT(after.key ? after.id : NO_ID_MAX);
  } else {
    p[3] = DB_TEXT(after.key ? after.key : "");
    p[4] = DB_INT(after.key ? after.id : 0);
  }
  p[5] = DB_INT(limit + 1);
  int n = 6;
  const char *sql = f->by_updated ? sql_accounts_by_updated : sql_accounts_by_name;
  if (f->search.words) {
    n += store_search_params(&f->search, p + 6);
    sql = (f->by_updated ? sql_accounts_search_by_updated : sql_accounts_search_by_name)[f->search.words - 1];
  }
  return store_fetch_page(db, sql, p, n, limit, page, err);
}

/* --- contacts ------------------------------------------------------------------ */
static const char *const contact_columns[] = {"account_id", "name",    "name_key", "job_title",    "audience",
                                              "email",      "phone",   "consent",  "lawful_basis", NULL};
#define CONTACT_SELECT                                                                                   \
  "SELECT c.id, c.account_id, c.name, c.job_title, c.audience, c.email, c.phone, c.consent, c.lawful_basis, " \
  "c.created_at, c.updated_at, c.version"
const StoreTable store_contacts = {
    .entity = "contact",
    .columns = contact_columns,
    .sql_get = CONTACT_SELECT " FROM contacts c WHERE c.id = $1",
    .sql_insert = "INSERT INTO contacts (account_id, name, name_key, job_title, audience, email, phone, consent, "
                  "lawful_basis, created_at, updated_at, version) "
                  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, 1) RETURNING id",
    .sql_update = "UPDATE contacts SET account_id = $1, name = $2, name_key = $3, job_title = $4, audience = $5, "
                  "email = $6, phone = $7, consent = $8, lawful_basis = $9, updated_at = $10, "
                  "version = version + 1 WHERE id = $11 AND version = $12",
    .sql_delete = "DELETE FROM contacts WHERE id = $1 AND version = $2",
    .sql_exists = "SELECT 1 FROM contacts WHERE id = $1",
    .searchable = 1,
};
#define CONTACT_LIST_TAIL \
  " AND (c.name_key > $2 OR (c.name_key = $2 AND c.id > $3)) ORDER BY c.name_key, c.id LIMIT $4"
static const char sql_contacts_list[] = CONTACT_SELECT ", c.name_key AS _k, c.id AS _i FROM contacts c"
                                                       " WHERE (CAST($1 AS BIGINT) = 0 OR c.account_id = $1)" CONTACT_LIST_TAIL;
#define CONTACT_SEARCH(search)                                                                                      \
  CONTACT_SELECT ", c.name_key AS _k, c.id AS _i FROM contacts c WHERE (CAST($1 AS BIGINT) = 0 OR c.account_id = $1)" \
      search CONTACT_LIST_TAIL
static const char *const sql_contacts_search[STORE_SEARCH_WORDS] =
    SEARCH_TEXTS(CONTACT_SEARCH, "contact", "c.id", "$5", "$6", "$7", "$8", "$9", "$10", "$11", "$12");

int store_contacts_list(Db *db, const StoreSearch *search, int64_t account_id, StoreCursor after, int limit,
                        StorePage *page, Error *err) {
  DbParam p[4 + 2 * STORE_SEARCH_WORDS] = {DB_INT(account_id), DB_TEXT(after.key ? after.key : ""),
                                           DB_INT(after.key ? after.id : 0), DB_INT(limit + 1)};
  int n = 4;
  if (search->words) n += store_search_params(search, p + 4);
  return store_fetch_page(db, search->words ? sql_contacts_search[search->words - 1] : sql_contacts_list, p, n, limit,
                          page, err);
}

/* --- interactions ----------------------------------------------------------------- */
static const char *const interaction_columns[] = {"account_id", "contact_id",  "user_id", "channel", "direction",
                                                  "occurred_at", "summary", "order_id", NULL};
#define INTERACTION_SELECT                                                                                      \
  "SELECT i.id, i.account_id, i.contact_id, c.name AS contact_name, i.user_id, u.display_name AS user_name, " \
  "i.channel, i.direction, i.occurred_at, i.summary, i.order_id, i.created_at, i.updated_at, i.version "      \
  "FROM interactions i LEFT JOIN contacts c ON c.id = i.contact_id LEFT JOIN users u ON u.id = i.user_id"
const StoreTable store_interactions = {
    .entity = "interaction",
    .columns = interaction_columns,
    .sql_get = INTERACTION_SELECT " WHERE i.id = $1",
    .sql_insert = "INSERT INTO interactions (account_id, contact_id, user_id, channel, direction, occurred_at, "
                  "summary, order_id, created_at, updated_at, version) "
                  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, 1) RETURNING id",
    .sql_update = "UPDATE interactions SET account_id = $1, contact_id = $2, user_id = $3, channel = $4, "
                  "direction = $5, occurred_at = $6, summary = $7, order_id = $8, updated_at = $9, "
                  "version = version + 1 WHERE id = $10 AND version = $11",
    .sql_delete = NULL,
    .sql_exists = "SELECT 1 FROM interactions WHERE id = $1",
    .searchable = 0,
};
/* A text per driving filter (the account's, else the contact's, else all
 * interactions), each stated plainly so that its index serves the list. */
#define INTERACTIONS_LIST(driver)                                                                            \
  "SELECT x.*, x.occurred_at AS _k, x.id AS _i FROM (" INTERACTION_SELECT ") x"                                \
  " WHERE (CAST($1 AS BIGINT) = 0 OR x.account_id = $1) AND (CAST($2 AS BIGINT) = 0 OR x.contact_id = $2)"  \
  driver " AND (x.occurred_at < $3 OR (x.occurred_at = $3 AND x.id < $4))"                                   \
  " ORDER BY x.occurred_at DESC, x.id DESC LIMIT $5"
static const char *const sql_interactions_list[] = {INTERACTIONS_LIST(""), INTERACTIONS_LIST(" AND x.account_id = $1"),
                                                    INTERACTIONS_LIST(" AND x.contact_id = $2")};

int store_interactions_list(Db *db, int64_t account_id, int64_t contact_id, StoreCursor after, int limit,
                            StorePage *page, Error *err) {
  DbParam p[] = {DB_INT(account_id), DB_INT(contact_id), DB_TEXT(after.key ? after.key : STORE_KEY_MAX),
                 DB_INT(after.key ? after.id : NO_ID_MAX), DB_INT(limit + 1)};
  return store_fetch_page(db, sql_interactions_list[account_id ? 1 : contact_id ? 2 : 0], p, 5, limit, page, err);
}

/* --- parts -------------------------------------------------------------------------- */
static const char *const part_columns[] = {"part_number", "name",          "name_key", "spec_ref",
                                           "description", "unit_price_minor", NULL};
#define PART_SELECT \
  "SELECT p.id, p.part_number, p.name, p.spec_ref, p.description, p.unit_price_minor, p.created_at, " \
  "p.updated_at, p.version"
const StoreTable store_parts = {
    .entity = "part",
    .columns = part_columns,
    .sql_get = PART_SELECT " FROM parts p WHERE p.id = $1",
    .sql_insert = "INSERT INTO parts (part_number, name, name_key, spec_ref, description, unit_price_minor, "
                  "created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 1) RETURNING id",
    .sql_update = "UPDATE parts SET part_number = $1, name = $2, name_key = $3, spec_ref = $4, description = $5, "
                  "unit_price_minor = $6, updated_at = $7, version = version + 1 WHERE id = $8 AND version = $9",
    .sql_delete = NULL,
    .sql_exists = "SELECT 1 FROM parts WHERE id = $1",
    .searchable = 1,
};
#define PART_LIST_TAIL \
  " (p.part_number > $1 OR (p.part_number = $1 AND p.id > $2)) ORDER BY p.part_number, p.id LIMIT $3"
static const char sql_parts_list[] = PART_SELECT ", p.part_number AS _k, p.id AS _i FROM parts p WHERE" PART_LIST_TAIL;
#define PART_SEARCH(search) PART_SELECT ", p.part_number AS _k, p.id AS _i FROM parts p WHERE 1 = 1" search " AND" PART_LIST_TAIL
static const char *const sql_parts_search[STORE_SEARCH_WORDS] =
    SEARCH_TEXTS(PART_SEARCH, "part", "p.id", "$4", "$5", "$6", "$7", "$8", "$9", "$10", "$11");

int store_parts_list(Db *db, const StoreSearch *search, StoreCursor after, int limit, StorePage *page, Error *err) {
  DbParam p[3 + 2 * STORE_SEARCH_WORDS] = {DB_TEXT(after.key ? after.key : ""), DB_INT(after.key ? after.id : 0),
                                           DB_INT(limit + 1)};
  int n = 3;
  if (search->words) n += store_search_params(search, p + 3);
  return store_fetch_page(db, search->words ? sql_parts_search[search->words - 1] : sql_parts_list, p, n, limit, page,
                          err);
}

/* --- orders ------------------------------------------------------------------------- */
static const char *const order_columns[] = {"account_id", "number",   "ordered_on",  "promised_on",
                                            "delivered_on", "currency", "value_minor", NULL};
#define ORDER_SELECT \
  "SELECT o.id, o.account_id, o.number, o.ordered_on, o.promised_on, o.delivered_on, o.currency, o.value_minor, " \
  "o.created_at, o.updated_at, o.version FROM orders o"
const StoreTable store_orders = {
    .entity = "order",
    .columns = order_columns,
    .sql_get = ORDER_SELECT " WHERE o.id = $1",
    .sql_insert = "INSERT INTO orders (account_id, number, ordered_on, promised_on, delivered_on, currency, "
                  "value_minor, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, 1) "
                  "RETURNING id",
    .sql_update = "UPDATE orders SET account_id = $1, number = $2, ordered_on = $3, promised_on = $4, "
                  "delivered_on = $5, currency = $6, value_minor = $7, updated_at = $8, version = version + 1 "
                  "WHERE id = $9 AND version = $10",
    .sql_delete = NULL,
    .sql_exists = "SELECT 1 FROM orders WHERE id = $1",
    .searchable = 0,
};
/* As for interactions: the account's orders through their index, or all. */
#define ORDERS_LIST(driver)                                                                                   \
  "SELECT * FROM (SELECT x.*, x.ordered_on AS _k, x.id AS _i FROM (" ORDER_SELECT ") x) y"                    \
  " WHERE (CAST($1 AS BIGINT) = 0 OR y.account_id = $1)" driver " AND (y._k < $2 OR (y._k = $2 AND y._i < $3))" \
  " ORDER BY y._k DESC, y._i DESC LIMIT $4"
static const char *const sql_orders_list[] = {ORDERS_LIST(""), ORDERS_LIST(" AND y.account_id = $1")};

int store_orders_list(Db *db, int64_t account_id, StoreCursor after, int limit, StorePage *page, Error *err) {
  DbParam p[] = {DB_INT(account_id), DB_TEXT(after.key ? after.key : STORE_KEY_MAX),
                 DB_INT(after.key ? after.id : NO_ID_MAX), DB_INT(limit + 1)};
  return store_fetch_page(db, sql_orders_list[account_id ? 1 : 0], p, 4, limit, page, err);
}

static const char sql_order_lines[] =
    "SELECT line_no, part_id, part_number, description, quantity, unit_price_minor FROM order_lines "
    "WHERE order_id = $1 ORDER BY line_no";
static const char sql_order_line_insert[] =
    "INSERT INTO order_lines (order_id, line_no, part_id, part_number, description, quantity, unit_price_minor) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)";

int store_order_lines(Db *db, int64_t order_id, json_t **lines, Error *err) {
  DbParam p[] = {DB_INT(order_id)};
  return db_fetch_all(db, sql_order_lines, p, 1, lines, err);
}

int store_order_line_insert(Db *db, int64_t order_id, int line_no, const json_t *line, Error *err) {
  const json_t *part_id = json_object_get(line, "part_id");
  DbParam p[] = {DB_INT(order_id),
                 DB_INT(line_no),
                 json_is_integer(part_id) ? DB_INT(json_integer_value(part_id)) : DB_NULL,
                 DB_TEXT(json_string_value(json_object_get(line, "part_number"))),
                 DB_TEXT(json_string_value(json_object_get(line, "description"))),
                 DB_INT(json_integer_value(json_object_get(line, "quantity"))),
                 DB_INT(json_integer_value(json_object_get(line, "unit_price_minor")))};
  return db_exec(db, sql_order_line_insert, p, 7, NULL, err);
}

/* --- assets ------------------------------------------------------------------------- */
static const char *const asset_columns[] = {"account_id", "part_id", "serial", "model", "site", "installed_on", NULL};
#define ASSET_SELECT \
  "SELECT s.id, s.account_id, s.part_id, s.serial, s.model, s.site, s.installed_on, s.created_at, " \
  "s.updated_at, s.version FROM assets s"
const StoreTable store_assets = {
    .entity = "asset",
    .columns = asset_columns,
    .sql_get = ASSET_SELECT " WHERE s.id = $1",
    .sql_insert = "INSERT INTO assets (account_id, part_id, serial, model, site, installed_on, created_at, "
                  "updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 1) RETURNING id",
    .sql_update = "UPDATE assets SET account_id = $1, part_id = $2, serial = $3, model = $4, site = $5, "
                  "installed_on = $6, updated_at = $7, version = version + 1 WHERE id = $8 AND version = $9",
    .sql_delete = NULL,
    .sql_exists = "SELECT 1 FROM assets WHERE id = $1",
    .searchable = 0,
};
static const char sql_assets_list[] =
    "SELECT * FROM (SELECT x.*, '' AS _k, x.id AS _i FROM (" ASSET_SELECT ") x) y"
    " WHERE (CAST($1 AS BIGINT) = 0 OR y.account_id = $1) AND y._i > $2 ORDER BY y._i LIMIT $3";

int store_assets_list(Db *db, int64_t account_id, StoreCursor after, int limit, StorePage *page, Error *err) {
  DbParam p[] = {DB_INT(account_id), DB_INT(after.key ? after.id : 0), DB_INT(limit + 1)};
  return store_fetch_page(db, sql_assets_list, p, 3, limit, page, err);
}

static const char sql_asset_events[] =
    "SELECT e.id, e.asset_id, e.occurred_on, e.kind, e.summary, e.user_id, e.created_at FROM asset_service_events e "
    "WHERE e.asset_id = $1 ORDER BY e.occurred_on DESC, e.id DESC";
static const char sql_asset_event_get[] =
    "SELECT e.id, e.asset_id, e.occurred_on, e.kind, e.summary, e.user_id, e.created_at FROM asset_service_events e "
    "WHERE e.id = $1";
static const char sql_asset_event_insert[] =
    "INSERT INTO asset_service_events (asset_id, occurred_on, kind, summary, user_id, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";

int store_asset_events(Db *db, int64_t asset_id, json_t **events, Error *err) {
  DbParam p[] = {DB_INT(asset_id)};
  return db_fetch_all(db, sql_asset_events, p, 1, events, err);
}

int store_asset_event_get(Db *db, int64_t id, json_t **out, Error *err) {
  DbParam p[] = {DB_INT(id)};
  return db_fetch_one(db, sql_asset_event_get, p, 1, out, err);
}

int store_asset_event_insert(Db *db, int64_t asset_id, const json_t *event, const char *now, int64_t *id, Error *err) {
  const json_t *user = json_object_get(event, "user_id");
  DbParam p[] = {DB_INT(asset_id),
                 DB_TEXT(json_string_value(json_object_get(event, "occurred_on"))),
                 DB_TEXT(json_string_value(json_object_get(event, "kind"))),
                 DB_TEXT(json_string_value(json_object_get(event, "summary"))),
                 json_is_integer(user) ? DB_INT(json_integer_value(user)) : DB_NULL,
                 DB_TEXT(now)};
  if (db_insert(db, sql_asset_event_insert, p, 6, id, err)) return -1;
  return *id ? 0 : error_set(err, 500, "Store error", "service event insert returned no id");
}

/* --- timeline ----------------------------------------------------------------------- */
/* Dates of orders and service events sort as the start of their day. */
static const char sql_timeline[] =
    "SELECT * FROM ("
    " SELECT 'interaction' AS kind, i.id AS id, i.occurred_at AS at, i.channel AS title, i.summary AS summary,"
    "  i.direction AS detail, i.contact_id AS contact_id, i.order_id AS order_id, CAST(NULL AS BIGINT) AS asset_id"
    "  FROM interactions i WHERE i.account_id = $1"
    " UNION ALL"
    " SELECT 'order', o.id, o.ordered_on || 'T00:00:00Z', o.number, o.currency, o.delivered_on, CAST(NULL AS BIGINT),"
    "  o.id, CAST(NULL AS BIGINT)"
    "  FROM orders o WHERE o.account_id = $1"
    " UNION ALL"
    " SELECT 'service_event', e.id, e.occurred_on || 'T00:00:00Z', e.kind, e.summary, s.serial, CAST(NULL AS BIGINT),"
    "  CAST(NULL AS BIGINT), s.id"
    "  FROM asset_service_events e JOIN assets s ON s.id = e.asset_id WHERE s.account_id = $1"
    " UNION ALL"
    " SELECT 'case', c.id, c.opened_at, c.subject, c.description, c.status, c.contact_id, c.order_id, c.asset_id"
    "  FROM cases c WHERE c.account_id = $1 AND CAST($6 AS BIGINT) = 1"
    " UNION ALL" /* a task's case goes in the order_id column, its answer in asset_id */
    " SELECT 'task', k.id, k.created_at, k.title, k.notes, k.status, k.contact_id, k.case_id, k.survey_response_id"
    "  FROM tasks k WHERE k.account_id = $1 AND CAST($7 AS BIGINT) = 1"
    " UNION ALL" /* an answer's case goes in the order_id column */
    " SELECT 'survey', r.id, r.answered_at, s.name, r.comment, r.survey_type, r.contact_id, r.case_id,"
    "  CAST(NULL AS BIGINT) FROM survey_responses r JOIN surveys s ON s.id = r.survey_id"
    "  WHERE r.account_id = $1 AND CAST($8 AS BIGINT) = 1"
    ") t WHERE (t.at < $2 OR (t.at = $2 AND (t.kind < $3 OR (t.kind = $3 AND t.id < $4))))"
    " ORDER BY t.at DESC, t.kind DESC, t.id DESC LIMIT $5";
static const char sql_order_value[] = "SELECT value_minor FROM orders WHERE id = $1";
static const char sql_answer_score[] =
    "SELECT score, scale_min, scale_max, high_is_good FROM survey_responses WHERE id = $1";

int store_timeline(Db *db, int64_t account_id, unsigned show, StoreCursor after, int limit, StorePage *page,
                   Error *err) {
  /* The cursor key is "<at>|<kind>" so ties on the instant break by kind, then id. */
  char at[64] = STORE_KEY_MAX, kind[32] = "~";
  if (after.key) {
    const char *bar = strchr(after.key, '|');
    size_t at_len = bar ? (size_t)(bar - after.key) : strlen(after.key);
    if (at_len >= sizeof at || !bar || strlen(bar + 1) >= sizeof kind)
      return error_set(err, 400, "Bad request", "the cursor is not valid");
    memcpy(at, after.key, at_len);
    at[at_len] = '\0';
    strcpy(kind, bar + 1);
  }
  json_t *rows = NULL;
  DbParam p[] = {DB_INT(account_id), DB_TEXT(at), DB_TEXT(kind), DB_INT(after.key ? after.id : NO_ID_MAX),
                 DB_INT(limit + 1), DB_INT(show & TIMELINE_CASES ? 1 : 0), DB_INT(show & TIMELINE_TASKS ? 1 : 0), DB_INT(show & TIMELINE_SURVEYS ? 1 : 0)};
  if (db_fetch_all(db, sql_timeline, p, 8, &rows, err)) return -1;
  memset(page, 0, sizeof *page);
  if ((int)json_array_size(rows) > limit) {
    page->more = 1;
    json_array_remove(rows, (size_t)limit);
  }
  json_t *items = json_array();
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    const char *k = json_string_value(json_object_get(row, "kind"));
    json_t *item = json_pack("{s:s, s:O, s:O, s:O, s:O}", "kind", k, "id", json_object_get(row, "id"), "at",
                             json_object_get(row, "at"), "title", json_object_get(row, "title"), "summary",
                             json_object_get(row, "summary"));
    json_t *ref = json_object();
    if (strcmp(k, "interaction") == 0) {
      json_object_set(item, "direction", json_object_get(row, "detail"));
      json_object_set(ref, "interaction_id", json_object_get(row, "id"));
      json_object_set(ref, "contact_id", json_object_get(row, "contact_id"));
      json_object_set(ref, "order_id", json_object_get(row, "order_id"));
    } else if (strcmp(k, "order") == 0) {
      /* For orders, "summary" carried the currency; show the value instead. */
      int64_t value = 0;
      int found = 0;
      DbParam q[] = {DB_INT(json_integer_value(json_object_get(row, "id")))};
      if (db_fetch_int(db, sql_order_value, q, 1, &value, &found, err)) {
        json_decref(ref), json_decref(item), json_decref(items), json_decref(rows);
        return -1;
      }
      json_object_set_new(item, "value_minor", json_integer(value));
      json_object_set(item, "currency", json_object_get(row, "summary"));
      json_object_set_new(item, "summary", json_null());
      json_object_set(item, "delivered_on", json_object_get(row, "detail"));
      json_object_set(ref, "order_id", json_object_get(row, "id"));
    } else if (strcmp(k, "case") == 0) {
      /* Only the case's own subject, description and status: never its notes. */
      json_object_set(item, "status", json_object_get(row, "detail"));
      json_object_set(ref, "case_id", json_object_get(row, "id"));
      json_object_set(ref, "contact_id", json_object_get(row, "contact_id"));
      json_object_set(ref, "order_id", json_object_get(row, "order_id"));
      json_object_set(ref, "asset_id", json_object_get(row, "asset_id"));
    } else if (strcmp(k, "survey") == 0) {
      json_t *score = NULL;
      DbParam q[] = {DB_INT(json_integer_value(json_object_get(row, "id")))};
      if (db_fetch_one(db, sql_answer_score, q, 1, &score, err) ||
          (!score && error_set(err, 500, "Store error", "a survey answer vanished"))) {
        json_decref(ref), json_decref(item), json_decref(items), json_decref(rows);
        return -1;
      }
      json_object_set(item, "survey_type", json_object_get(row, "detail"));
      json_object_update(item, score);
      json_object_set_new(item, "high_is_good", json_boolean(json_integer_value(json_object_get(score, "high_is_good"))));
      json_decref(score);
      json_object_set(ref, "survey_response_id", json_object_get(row, "id"));
      json_object_set(ref, "contact_id", json_object_get(row, "contact_id"));
      json_object_set(ref, "case_id", json_object_get(row, "order_id"));
    } else if (strcmp(k, "task") == 0) {
      json_object_set(item, "status", json_object_get(row, "detail"));
      json_object_set(ref, "task_id", json_object_get(row, "id"));
      json_object_set(ref, "contact_id", json_object_get(row, "contact_id"));
      json_object_set(ref, "case_id", json_object_get(row, "order_id"));
      json_object_set(ref, "survey_response_id", json_object_get(row, "asset_id"));
    } else {
      json_object_set(item, "serial", json_object_get(row, "detail"));
      json_object_set(ref, "asset_id", json_object_get(row, "asset_id"));
      json_object_set(ref, "service_event_id", json_object_get(row, "id"));
    }
    json_object_set_new(item, "ref", ref);
    json_array_append_new(items, item);
    if (page->more && i + 1 == json_array_size(rows)) {
      Buffer key = BUFFER_INIT;
      buffer_printf(&key, "%s|%s", json_string_value(json_object_get(row, "at")), k);
      page->next_key = buffer_take(&key);
      page->next_id = json_integer_value(json_object_get(row, "id"));
    }
  }
  json_decref(rows);
  page->items = items;
  return 0;
}

/* --- users and teams ------------------------------------------------------------------ */
static const char *const user_columns[] = {"username", "display_name", "email", "role",
                                           "team_id",  "manager_id",   "active", NULL};
#define USER_SELECT \
  "SELECT u.id, u.username, u.display_name, u.email, u.role, u.team_id, u.manager_id, u.active, u.created_at, " \
  "u.updated_at, u.version FROM users u"
const StoreTable store_users = {
    .entity = "user",
    .columns = user_columns,
    .sql_get = USER_SELECT " WHERE u.id = $1",
    .sql_insert = "INSERT INTO users (username, display_name, email, role, team_id, manager_id, active, created_at, "
                  "updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, 1) RETURNING id",
    .sql_update = "UPDATE users SET username = $1, display_name = $2, email = $3, role = $4, team_id = $5, "
                  "manager_id = $6, active = $7, updated_at = $8, version = version + 1 WHERE id = $9 AND version = $10",
    .sql_delete = NULL,
    .sql_exists = "SELECT 1 FROM users WHERE id = $1",
    .searchable = 0,
};
static const char sql_users_list[] =
    "SELECT * FROM (SELECT x.*, x.username AS _k, x.id AS _i FROM (" USER_SELECT ") x) y"
    " WHERE y._k > $1 OR (y._k = $1 AND y._i > $2) ORDER BY y._k, y._i LIMIT $3";

int store_users_list(Db *db, StoreCursor after, int limit, StorePage *page, Error *err) {
  DbParam p[] = {DB_TEXT(after.key ? after.key : ""), DB_INT(after.key ? after.id : 0), DB_INT(limit + 1)};
  return store_fetch_page(db, sql_users_list, p, 3, limit, page, err);
}

static const char *const team_columns[] = {"name", NULL};
const StoreTable store_teams = {
    .entity = "team",
    .columns = team_columns,
    .sql_get = "SELECT id, name, created_at, updated_at, version FROM teams WHERE id = $1",
    .sql_insert = "INSERT INTO teams (name, created_at, updated_at, version) VALUES ($1, $2, $2, 1) RETURNING id",
    .sql_update = "UPDATE teams SET name = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4",
    .sql_delete = NULL,
    .sql_exists = "SELECT 1 FROM teams WHERE id = $1",
    .searchable = 0,
};
static const char sql_teams_list[] =
    "SELECT id, name, created_at, updated_at, version, name AS _k, id AS _i FROM teams"
    " WHERE name > $1 OR (name = $1 AND id > $2) ORDER BY name, id LIMIT $3";

int store_teams_list(Db *db, StoreCursor after, int limit, StorePage *page, Error *err) {
  DbParam p[] = {DB_TEXT(after.key ? after.key : ""), DB_INT(after.key ? after.id : 0), DB_INT(limit + 1)};
  return store_fetch_page(db, sql_teams_list, p, 3, limit, page, err);
}
