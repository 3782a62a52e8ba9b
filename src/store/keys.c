/* Finding records by their natural keys — an account by its name, a part or
 * an order by its number — for imports, whose rows name records instead of
 * giving their ids. See store_lookup in store.h. */
#include "store/store_internal.h"
#include "util/text.h"

/* Account names are matched on their folded form, which is indexed. */
static const char *const sql_lookup[] = {
    [STORE_LOOKUP_ACCOUNT_NAME] = "SELECT MIN(id) AS id, COUNT(*) AS matches FROM accounts WHERE name_key = $1",
    [STORE_LOOKUP_PART_NUMBER] = "SELECT MIN(id) AS id, COUNT(*) AS matches FROM parts WHERE part_number = $1",
    [STORE_LOOKUP_ORDER_NUMBER] = "SELECT MIN(id) AS id, COUNT(*) AS matches FROM orders WHERE number = $1",
};

int store_lookup(Db *db, StoreLookup key, const char *value, int64_t *id, int64_t *matches, Error *err) {
  Buffer folded = BUFFER_INIT;
  if (key == STORE_LOOKUP_ACCOUNT_NAME) {
    text_fold(value, &folded);
    value = buffer_cstr(&folded);
  }
  DbParam p[] = {DB_TEXT(value)};
  json_t *row = NULL;
  int rc = db_fetch_one(db, sql_lookup[key], p, 1, &row, err);
  *id = json_integer_value(json_object_get(row, "id"));
  *matches = json_integer_value(json_object_get(row, "matches"));
  json_decref(row);
  buffer_free(&folded);
  return rc;
}
