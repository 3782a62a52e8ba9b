/* Helpers shared by the files of src/store/ and not used outside it. */
#ifndef FORGEDESK_STORE_INTERNAL_H
#define FORGEDESK_STORE_INTERNAL_H

#include <time.h>

#include "store/db.h"
#include "store/store.h"

/* Reads SLA compliance rows {group_key, label, cases, then per clock met
 * and breached} into groups (sla.c): the rows of one key summed, in the
 * query's order or, sort_by_id, in the order of their integer keys; groups
 * without a case left out. */
int store_sla_groups_read(Db *db, const char *sql, const DbParam *params, int nparams, int sort_by_id,
                          SlaComplianceGroup **groups, size_t *n, Error *err);
/* See records.c. */
int store_fetch_page(Db *db, const char *sql, const DbParam *params, int nparams, int limit, StorePage *page,
                     Error *err);
int store_search_params(const StoreSearch *s, DbParam *params);
/* The words of folded (a record's folded name) as a JSON array of texts,
 * appended to out: what search_terms holds for it. 0 when there are none. */
int store_search_words(const char *folded, Buffer *out);
/* A JSON value as a statement parameter (booleans as 0/1; strings borrowed). */
DbParam store_param_from_json(const json_t *v);
/* Replaces the JSON-text columns of row (t->json_columns) by their values. */
void store_decode_json_columns(const StoreTable *t, json_t *row);
/* After a versioned change touched no row: 404 when record id is missing,
 * else 412 (its version is no longer `version`). Returns -1. */
int store_explain_unchanged(Db *db, const StoreTable *t, int64_t id, int64_t version, Error *err);

/* The first-page cursor key that sorts after every real key, and the id
 * that goes with it. */
#define STORE_KEY_MAX "\xf4\x8f\xbf\xbf"
#define NO_ID_MAX INT64_MAX

/* The statuses of a case that is not final (case_status_is_final), as an SQL
 * list: written out rather than "NOT IN ('resolved', 'closed')" so that an
 * index on (..., status) can seek to open cases instead of scanning them
 * all. test_store checks it against the core's status table. */
#define SQL_OPEN_CASE_STATUSES "('new', 'open', 'waiting_on_customer', 'waiting_on_internal', 'reopened')"

/* The word-prefix search condition: the record's id (column) must be among
 * those indexed under entity with a term in [lo, hi) for every word, the
 * words' parameter pairs named a..h. The words' sets of ids are intersected
 * from the index alone before any record is read, so a search of several
 * common words reads only the records that have them all. A list has one
 * text for each number of words (SEARCH_TEXTS: BODY(condition) is the
 * list's text around it), store_search_params the parameters of its words. */
#define SEARCH_WORD(entity, lo, hi) \
  "SELECT entity_id FROM search_terms WHERE entity = '" entity "' AND term >= " lo " AND term < " hi
#define SEARCH_1(entity, column, a, b) " AND " column " IN (" SEARCH_WORD(entity, a, b) ")"
#define SEARCH_2(entity, column, a, b, c, d) \
  " AND " column " IN (" SEARCH_WORD(entity, a, b) " INTERSECT " SEARCH_WORD(entity, c, d) ")"
#define SEARCH_3(entity, column, a, b, c, d, e, f)                                                       \
  " AND " column " IN (" SEARCH_WORD(entity, a, b) " INTERSECT " SEARCH_WORD(entity, c, d) " INTERSECT " \
  SEARCH_WORD(entity, e, f) ")"
#define SEARCH_4(entity, column, a, b, c, d, e, f, g, h)                                                 \
  " AND " column " IN (" SEARCH_WORD(entity, a, b) " INTERSECT " SEARCH_WORD(entity, c, d) " INTERSECT " \
  SEARCH_WORD(entity, e, f) " INTERSECT " SEARCH_WORD(entity, g, h) ")"
#define SEARCH_TEXTS(BODY, entity, column, a, b, c, d, e, f, g, h)                                            \
  {BODY(SEARCH_1(entity, column, a, b)), BODY(SEARCH_2(entity, column, a, b, c, d)),                         \
   BODY(SEARCH_3(entity, column, a, b, c, d, e, f)), BODY(SEARCH_4(entity, column, a, b, c, d, e, f, g, h))}
_Static_assert(STORE_SEARCH_WORDS == 4, "a search text for each number of words");

/* The retention roll-up (retention_rollup.c), driven by rollups.c: marked
 * accounts and accounts whose row is not of today's day and window
 * recomputed, batch a transaction, while budget_ms have not passed since
 * start (adds to *done; *left 0 when none are left); an account marked
 * (inside the caller's transaction); the stored rows compared with the raw
 * rows, differences appended as store_rollup_verify_part's. */
int store_retention_rollup_catch_up(Db *db, int batch, const struct timespec *start, int budget_ms, int64_t *done,
                                    int *left, Error *err);
int store_retention_rollup_mark(Db *db, int64_t account_id, Error *err);
/* The roll-ups of the cases first_id..last_id just written in the caller's
 * transaction with their insert triggers set aside (case_import.c): on
 * SQLite their buckets are recomputed now, in that transaction (the
 * buckets summed from them marked); on PostgreSQL they are marked, for
 * store_rollup_catch_up after the commit. */
int store_rollup_cases_written(Db *db, int64_t first_id, int64_t last_id, Error *err);
int store_retention_rollup_verify(Db *db, int limit, json_t *differences, int64_t *count, Error *err);

#endif
