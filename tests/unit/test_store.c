/* The store end to end on a real database: migrations, records at a version,
 * folded word-prefix search, cursor paging and the audit trail's hash chain,
 * including tampering done behind the store's back with the database's own
 * client library, and the SLA tables' guarantees (the scheduler's index,
 * escalations once, one default policy). Every test runs on a fresh SQLite file; when
 * FORGEDESK_TEST_PG holds a postgresql:// URL, all of them run again on
 * PostgreSQL, each in a private schema that is dropped afterwards. */
#include "helpers.h"

#include <libpq-fe.h>
#include <sodium.h>
#include <sqlite3.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/wait.h>

#include "core/audit_chain.h"
#include "core/case_workflow.h"
#include "store/store_internal.h"
#include "util/buffer.h"

typedef struct Backend {
  const char *kind;
  const char *url; /* PostgreSQL: the server to make schemas in */
} Backend;

static Backend sqlite_backend = {"sqlite", NULL};
static Backend postgres_backend = {"postgresql", NULL};

typedef struct Fixture {
  const Backend *backend;
  TempStore ts;
  int from, to; /* what the first store_migrate reported */
} Fixture;

static void ignore_notice(void *arg, const char *message) {
  (void)arg, (void)message; /* "drop cascades to …" */
}

/* Runs sql on a PostgreSQL connection string; 0 or -1 (printing why). */
static int pg_exec(const char *url, const char *sql) {
  PGconn *conn = PQconnectdb(url);
  int rc = -1;
  PQsetNoticeProcessor(conn, ignore_notice, NULL);
  if (PQstatus(conn) != CONNECTION_OK) {
    fprintf(stderr, "cannot connect to %s: %s", url, PQerrorMessage(conn));
  } else {
    PGresult *res = PQexec(conn, sql);
    rc = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK ? 0 : -1;
    if (rc) fprintf(stderr, "%s: %s", sql, PQresultErrorMessage(res));
    PQclear(res);
  }
  PQfinish(conn);
  return rc;
}

/* Runs sql directly on the fixture's database, behind the store's back. */
static void raw_exec(const Fixture *f, const char *sql) {
  if (strcmp(f->backend->kind, "sqlite") == 0) {
    sqlite3 *db = NULL;
    char *msg = NULL;
    if (sqlite3_open(f->ts.path, &db) != SQLITE_OK || sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
      fail_msg("%s: %s", sql, msg ? msg : sqlite3_errmsg(db));
    sqlite3_close(db);
  } else if (pg_exec(f->ts.url, sql)) {
    fail_msg("%s failed on PostgreSQL", sql);
  }
}

/* Closes and deletes a test's store (store_close and DROP SCHEMA cope with
 * a store that was only half made). */
static int remove_store(void **state) {
  Fixture *f = *state;
  if (strcmp(f->backend->kind, "sqlite") == 0) {
    helper_temp_sqlite_remove(&f->ts);
  } else {
    store_close(f->ts.db);
    char sql[128];
    snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", f->ts.schema);
    pg_exec(f->backend->url, sql);
  }
  free(f);
  return 0;
}

/* A new empty store for one test, migrated to the latest schema. */
static int open_fresh_store(void **state) {
  static int counter;
  const Backend *backend = *state;
  Fixture *f = calloc(1, sizeof *f);
  Error err = ERROR_INIT;
  int rc;
  f->backend = backend;
  if (strcmp(backend->kind, "sqlite") == 0) {
    rc = helper_temp_sqlite(&f->ts, &err);
  } else {
    f->ts.kind = "postgresql";
    snprintf(f->ts.schema, sizeof f->ts.schema, "fd_unit_%ld_%d", (long)getpid(), ++counter);
    snprintf(f->ts.url, sizeof f->ts.url, "%s%coptions=-csearch_path%%3D%s", backend->url,
             strchr(backend->url, '?') ? '&' : '?', f->ts.schema);
    char sql[128];
    snprintf(sql, sizeof sql, "CREATE SCHEMA %s", f->ts.schema);
    rc = pg_exec(backend->url, sql);
    if (!rc) rc = store_open(f->ts.url, &f->ts.db, &err);
  }
  if (!rc) rc = store_migrate(f->ts.db, &f->from, &f->to, &err);
  *state = f;
  if (rc) {
    fprintf(stderr, "cannot prepare a %s store: %s\n", backend->kind, err.detail ? err.detail : "see above");
    error_clear(&err);
    remove_store(state);
    *state = (void *)backend;
    return -1;
  }
  return 0;
}

/* Runs call, which may use err (an Error * set up for it), and fails the
 * test with the error's status and detail unless the call returns 0. */
#define ok(call)                                                                                    \
  do {                                                                                              \
    Error e_ = ERROR_INIT;                                                                          \
    Error *err = &e_;                                                                               \
    if ((call) != 0) fail_msg("%s: %d %s", #call, e_.status, e_.detail ? e_.detail : "");            \
    error_clear(&e_);                                                                               \
  } while (0)

static const char *const T0 = "2026-01-01T00:00:00Z", *const T1 = "2026-01-01T00:01:00Z",
                         *const T2 = "2026-01-01T00:02:00Z";

static int64_t insert_account(Db *db, const char *name, const char *now) {
  json_t *values = json_pack("{s:s, s:s}", "name", name, "status", "active");
  int64_t id = 0;
  ok(store_record_insert(db, &store_accounts, values, now, &id, err));
  json_decref(values);
  return id;
}

/* --- schema ---------------------------------------------------------------------------- */

static void test_store_migrates_a_new_database_to_the_latest_version(void **state) {
  Fixture *f = *state;
  int latest = store_latest_schema_version(), version = -1;
  assert_true(latest >= 1);
  assert_int_equal(f->from, 0);
  assert_int_equal(f->to, latest);
  ok(store_schema_version(f->ts.db, &version, err));
  assert_int_equal(version, latest);
  assert_string_equal(store_kind(f->ts.db), f->backend->kind);
}

static void test_store_migrate_twice_is_a_no_op(void **state) {
  Fixture *f = *state;
  int64_t id = insert_account(f->ts.db, "Acme", T0);
  int from = -1, to = -1;
  ok(store_migrate(f->ts.db, &from, &to, err));
  assert_int_equal(from, store_latest_schema_version());
  assert_int_equal(to, store_latest_schema_version());
  json_t *got = NULL;
  ok(store_record_get(f->ts.db, &store_accounts, id, &got, err));
  assert_non_null(got);
  assert_string_equal(json_string_value(json_object_get(got, "name")), "Acme");
  json_decref(got);
}

static void test_store_refuses_a_database_newer_than_this_binary(void **state) {
  Fixture *f = *state;
  int latest = store_latest_schema_version();
  char sql[200];
  snprintf(sql, sizeof sql,
           "INSERT INTO schema_migrations (version, name, applied_at) "
           "VALUES (%d, '%03d_future.sql', '2030-01-01T00:00:00Z')",
           latest + 1, latest + 1);
  raw_exec(f, sql);
  /* both on the open connection and as a newly started binary would meet it */
  for (int fresh = 0; fresh < 2; fresh++) {
    Db *db = f->ts.db;
    Error err = ERROR_INIT;
    if (fresh) ok(store_open(f->ts.url, &db, err));
    int from = -1, to = -1;
    assert_int_equal(store_migrate(db, &from, &to, &err), -1);
    assert_int_equal(err.status, 409);
    assert_int_equal(from, latest + 1);
    char expected[200];
    snprintf(expected, sizeof expected,
             "the database is at schema version %d but this forgedesk knows only up to %d; run a newer forgedesk",
             latest + 1, latest);
    assert_string_equal(err.detail, expected);
    error_clear(&err);
    if (fresh) store_close(db);
  }
}

/* --- records ----------------------------------------------------------------------------- */

static void test_store_insert_then_get_returns_the_record(void **state) {
  Fixture *f = *state;
  json_t *values = json_pack("{s:s, s:s, s:s, s:s, s:s, s:n}", "name", "Müller GmbH", "status", "active", "tier", "A",
                             "country", "DE", "notes", "Größter Kunde 😀", "city");
  int64_t id = 0;
  ok(store_record_insert(f->ts.db, &store_accounts, values, T0, &id, err));
  assert_true(id > 0);
  json_t *got = NULL;
  ok(store_record_get(f->ts.db, &store_accounts, id, &got, err));
  assert_non_null(got);
  assert_int_equal(json_integer_value(json_object_get(got, "id")), id);
  assert_string_equal(json_string_value(json_object_get(got, "name")), "Müller GmbH");
  assert_string_equal(json_string_value(json_object_get(got, "status")), "active");
  assert_string_equal(json_string_value(json_object_get(got, "tier")), "A");
  assert_string_equal(json_string_value(json_object_get(got, "country")), "DE");
  assert_string_equal(json_string_value(json_object_get(got, "notes")), "Größter Kunde 😀");
  assert_true(json_is_null(json_object_get(got, "city")));
  assert_true(json_is_null(json_object_get(got, "sector"))); /* missing columns are NULL */
  assert_true(json_is_null(json_object_get(got, "account_manager_name")));
  assert_string_equal(json_string_value(json_object_get(got, "created_at")), T0);
  assert_string_equal(json_string_value(json_object_get(got, "updated_at")), T0);
  assert_int_equal(json_integer_value(json_object_get(got, "version")), 1);
  assert_null(json_object_get(got, "name_key")); /* internal, never shown */
  json_decref(got);
  json_decref(values);
}

/* db_insert gives the id of the row its statement inserted, on both stores:
 * not that of a row a trigger added (a case marks roll-up rows), and 0 when
 * ON CONFLICT … DO NOTHING inserted nothing; a text not ending in
 * DB_RETURNING_ID is refused before it runs. */
static void test_store_an_insert_gives_its_rows_id_and_0_when_it_inserts_nothing(void **state) {
  Fixture *f = *state;
  static const char sql_team[] = "INSERT INTO teams (name, created_at, updated_at, version) VALUES ($1, $2, $2, 1) "
                                 "ON CONFLICT (name) DO NOTHING" DB_RETURNING_ID;
  ok(store_begin_write(f->ts.db, err));
  int64_t first = insert_account(f->ts.db, "Acme", T0), second = insert_account(f->ts.db, "Bolt Works", T0);
  assert_true(first > 0 && second > first);
  int64_t kase[3] = {0};
  for (int i = 0; i < 3; i++) {
    char subject[32];
    snprintf(subject, sizeof subject, "Seal weeping %d", i);
    json_t *values = json_pack("{s:I, s:s, s:i, s:s, s:s, s:s}", "account_id", (json_int_t)(i ? second : first), "type",
                               "enquiry", "priority", 3, "subject", subject, "status", "new", "opened_at", T0);
    ok(store_record_insert(f->ts.db, &store_cases, values, T0, &kase[i], err));
    json_decref(values);
    json_t *got = NULL;
    ok(store_record_get(f->ts.db, &store_cases, kase[i], &got, err));
    if (!got) fail_msg("insert %d gave id %lld, which is no case", i, (long long)kase[i]);
    assert_string_equal(json_string_value(json_object_get(got, "subject")), subject);
    json_decref(got);
  }
  int64_t marks = 0, team = 0, again = -1;
  int found = 0;
  ok(db_fetch_int(f->ts.db, "SELECT COUNT(*) FROM rollup_dirty", NULL, 0, &marks, &found, err));
  assert_true(marks > 0); /* the cases' triggers inserted rows of their own */
  DbParam p[] = {DB_TEXT("Field Service"), DB_TEXT(T0)};
  ok(db_insert(f->ts.db, sql_team, p, 2, &team, err));
  assert_true(team > 0);
  ok(db_insert(f->ts.db, sql_team, p, 2, &again, err));
  assert_int_equal(again, 0);
  Error e = ERROR_INIT;
  assert_int_equal(db_insert(f->ts.db, "INSERT INTO teams (name, created_at, updated_at) VALUES ('Night', 'x', 'x')",
                             NULL, 0, &again, &e),
                   -1);
  assert_int_equal(e.status, 500);
  error_clear(&e);
  ok(db_fetch_int(f->ts.db, "SELECT COUNT(*) FROM teams WHERE name = 'Night'", NULL, 0, &again, &found, err));
  assert_int_equal(again, 0);
  ok(store_commit(f->ts.db, err));
}

static void test_store_get_of_a_missing_record_is_null_not_an_error(void **state) {
  Fixture *f = *state;
  json_t *got = (json_t *)1;
  int exists = -1;
  ok(store_record_get(f->ts.db, &store_accounts, 9999, &got, err));
  assert_null(got);
  ok(store_record_exists(f->ts.db, &store_accounts, 9999, &exists, err));
  assert_int_equal(exists, 0);
}

static void test_store_update_at_the_current_version_bumps_it(void **state) {
  Fixture *f = *state;
  int64_t id = insert_account(f->ts.db, "Acme", T0);
  json_t *values = json_pack("{s:s, s:s, s:s}", "name", "Acme Limited", "status", "at_risk", "city", "Leeds");
  ok(store_record_update(f->ts.db, &store_accounts, id, 1, values, T1, err));
  json_t *got = NULL;
  ok(store_record_get(f->ts.db, &store_accounts, id, &got, err));
  assert_string_equal(json_string_value(json_object_get(got, "name")), "Acme Limited");
  assert_string_equal(json_string_value(json_object_get(got, "status")), "at_risk");
  assert_string_equal(json_string_value(json_object_get(got, "city")), "Leeds");
  assert_int_equal(json_integer_value(json_object_get(got, "version")), 2);
  assert_string_equal(json_string_value(json_object_get(got, "created_at")), T0);
  assert_string_equal(json_string_value(json_object_get(got, "updated_at")), T1);
  json_decref(got);
  json_decref(values);
}

static void test_store_update_at_a_stale_version_is_412_and_changes_nothing(void **state) {
  Fixture *f = *state;
  int64_t id = insert_account(f->ts.db, "Acme", T0);
  json_t *first = json_pack("{s:s, s:s}", "name", "Acme 2", "status", "active");
  json_t *late = json_pack("{s:s, s:s}", "name", "Acme late", "status", "lost");
  ok(store_record_update(f->ts.db, &store_accounts, id, 1, first, T1, err));
  static const int64_t stale[] = {1, 3, 0};
  for (size_t i = 0; i < COUNT(stale); i++) {
    Error err = ERROR_INIT;
    char row[40];
    snprintf(row, sizeof row, "version %lld", (long long)stale[i]);
    expect_int(row, -1, store_record_update(f->ts.db, &store_accounts, id, stale[i], late, T2, &err));
    expect_int(row, 412, err.status);
    error_clear(&err);
  }
  expect_all_rows_passed();
  json_t *got = NULL;
  ok(store_record_get(f->ts.db, &store_accounts, id, &got, err));
  assert_string_equal(json_string_value(json_object_get(got, "name")), "Acme 2");
  assert_int_equal(json_integer_value(json_object_get(got, "version")), 2);
  json_decref(got);
  json_decref(first);
  json_decref(late);
}

static void test_store_update_or_delete_of_a_missing_record_is_404(void **state) {
  Fixture *f = *state;
  json_t *values = json_pack("{s:s, s:s}", "name", "Ghost", "status", "active");
  Error err = ERROR_INIT;
  assert_int_equal(store_record_update(f->ts.db, &store_accounts, 9999, 1, values, T1, &err), -1);
  assert_int_equal(err.status, 404);
  assert_string_equal(err.detail, "account 9999 does not exist");
  error_clear(&err);
  assert_int_equal(store_record_delete(f->ts.db, &store_accounts, 9999, 1, &err), -1);
  assert_int_equal(err.status, 404);
  error_clear(&err);
  json_decref(values);
}

static void test_store_delete_needs_the_current_version(void **state) {
  Fixture *f = *state;
  int64_t id = insert_account(f->ts.db, "Acme", T0);
  Error err = ERROR_INIT;
  assert_int_equal(store_record_delete(f->ts.db, &store_accounts, id, 2, &err), -1);
  assert_int_equal(err.status, 412);
  error_clear(&err);
  ok(store_record_delete(f->ts.db, &store_accounts, id, 1, err));
  json_t *got = (json_t *)1;
  ok(store_record_get(f->ts.db, &store_accounts, id, &got, err));
  assert_null(got);
  assert_int_equal(store_record_delete(f->ts.db, &store_accounts, id, 1, &err), -1);
  assert_int_equal(err.status, 404);
  error_clear(&err);
  assert_int_equal(store_record_delete(f->ts.db, &store_interactions, 1, 1, &err), -1);
  assert_int_equal(err.status, 405); /* interactions are never deleted */
  error_clear(&err);
}

static void expect_search(Db *db, const char *query, const char *expected);

static void test_store_delete_of_a_referenced_record_is_409_and_rolls_back(void **state) {
  Fixture *f = *state;
  int64_t account = insert_account(f->ts.db, "Acme", T0), contact = 0;
  json_t *values = json_pack("{s:I, s:s, s:s, s:s, s:s}", "account_id", (json_int_t)account, "name", "Ann", "audience",
                             "technical", "consent", "given", "lawful_basis", "contract");
  ok(store_record_insert(f->ts.db, &store_contacts, values, T0, &contact, err));
  json_decref(values);
  /* as the dispatcher does: one write transaction, rolled back on error */
  Error err = ERROR_INIT;
  ok(store_begin_write(f->ts.db, err));
  assert_int_equal(store_record_delete(f->ts.db, &store_accounts, account, 1, &err), -1);
  store_rollback(f->ts.db);
  assert_int_equal(err.status, 409);
  assert_string_equal(err.detail, "the record is still referenced by other records");
  error_clear(&err);
  int exists = 0;
  ok(store_record_exists(f->ts.db, &store_accounts, account, &exists, err));
  assert_int_equal(exists, 1);
  expect_search(f->ts.db, "acme", "Acme");
  expect_all_rows_passed();
}

/* --- search ---------------------------------------------------------------------------- */

/* The "name" of every item, in order, joined by ", " (malloc'd). */
static char *join_names(const json_t *items) {
  Buffer names = BUFFER_INIT;
  size_t i;
  json_t *item;
  json_array_foreach(items, i, item) {
    buffer_printf(&names, "%s%s", i ? ", " : "", json_string_value(json_object_get(item, "name")));
  }
  return buffer_take(&names);
}

/* The names of the accounts a search finds, in list order. */
static char *search_accounts(Db *db, const char *query) {
  AccountFilter filter;
  memset(&filter, 0, sizeof filter);
  store_search_init(&filter.search, query);
  StorePage page;
  ok(store_accounts_list(db, &filter, (StoreCursor){NULL, 0}, 50, &page, err));
  store_search_free(&filter.search);
  char *names = join_names(page.items);
  if (page.more) expect_fail("%s: more than one page", query);
  store_page_free(&page);
  return names;
}

static void expect_search(Db *db, const char *query, const char *expected) {
  char *got = search_accounts(db, query);
  expect_text(query, expected, got);
  free(got);
}

static void test_store_search_finds_folded_word_prefixes(void **state) {
  Fixture *f = *state;
  static const char *const names[] = {"Müller GmbH", "Mueller AG", "Acme Ltd", "Straße Bau",
                                      "東京 Trading", "Zoë Café",  "O'Brien & Sons"};
  for (size_t i = 0; i < COUNT(names); i++) insert_account(f->ts.db, names[i], T0);
  /* list order is by folded name, byte by byte: acme, mueller, muller, o brien, strasse, zoe, 東京 */
  static const struct {
    const char *query, *found;
  } cases[] = {
      {"mul", "Müller GmbH"},
      {"MÜL", "Müller GmbH"},
      {"Müller", "Müller GmbH"},
      {"muller gmbh", "Müller GmbH"},
      {"gmbh mul", "Müller GmbH"},
      {"mu", "Mueller AG, Müller GmbH"},
      {"m", "Mueller AG, Müller GmbH"},
      {"a", "Acme Ltd, Mueller AG"},
      {"strasse", "Straße Bau"},
      {"straße", "Straße Bau"},
      {"STRASS", "Straße Bau"},
      {"東京", "東京 Trading"},
      {"東", "東京 Trading"},
      {"cafe zoe", "Zoë Café"},
      {"o'brien", "O'Brien & Sons"},
      {"brien", "O'Brien & Sons"},
      {"acme ltd ltd", "Acme Ltd"},
      {"ller", ""},         /* prefixes of words, not substrings */
      {"gmbh ag", ""},      /* every word must match */
      {"mullerx", ""},
      {"xyz", ""},
      {"", "Acme Ltd, Mueller AG, Müller GmbH, O'Brien & Sons, Straße Bau, Zoë Café, 東京 Trading"},
      {"&&&", "Acme Ltd, Mueller AG, Müller GmbH, O'Brien & Sons, Straße Bau, Zoë Café, 東京 Trading"},
  };
  for (size_t i = 0; i < COUNT(cases); i++) expect_search(f->ts.db, cases[i].query, cases[i].found);
  expect_all_rows_passed();
}

static void test_store_search_follows_renames_and_deletes(void **state) {
  Fixture *f = *state;
  int64_t id = insert_account(f->ts.db, "Acme Ltd", T0);
  insert_account(f->ts.db, "Apex Tools", T0);
  json_t *values = json_pack("{s:s, s:s}", "name", "Zenith Ltd", "status", "active");
  ok(store_record_update(f->ts.db, &store_accounts, id, 1, values, T1, err));
  expect_search(f->ts.db, "acme", "");
  expect_search(f->ts.db, "zen", "Zenith Ltd");
  expect_search(f->ts.db, "ltd", "Zenith Ltd");
  ok(store_record_delete(f->ts.db, &store_accounts, id, 2, err));
  expect_search(f->ts.db, "zen", "");
  expect_search(f->ts.db, "ap", "Apex Tools");
  json_decref(values);
  expect_all_rows_passed();
}

static void test_store_search_finds_contacts_within_an_account(void **state) {
  Fixture *f = *state;
  int64_t a = insert_account(f->ts.db, "Acme", T0), b = insert_account(f->ts.db, "Bolt", T0);
  static const struct {
    int which;
    const char *name;
  } contacts[] = {{0, "Jürgen Müller"}, {1, "Anna Muller"}, {0, "Zoë Mulligan"}, {0, "Sam Smith"}};
  for (size_t i = 0; i < COUNT(contacts); i++) {
    json_t *values = json_pack("{s:I, s:s, s:s, s:s, s:s}", "account_id", (json_int_t)(contacts[i].which ? b : a),
                               "name", contacts[i].name, "audience", "technical", "consent", "given", "lawful_basis",
                               "contract");
    int64_t id;
    ok(store_record_insert(f->ts.db, &store_contacts, values, T0, &id, err));
    json_decref(values);
  }
  const struct {
    const char *query;
    int64_t account_id;
    const char *found;
  } cases[] = {
      {"mul", 0, "Anna Muller, Jürgen Müller, Zoë Mulligan"},
      {"mul", a, "Jürgen Müller, Zoë Mulligan"},
      {"mul", b, "Anna Muller"},
      {"jurgen", 0, "Jürgen Müller"},
      {"zoe mull", a, "Zoë Mulligan"},
      {"smith", b, ""},
  };
  for (size_t i = 0; i < COUNT(cases); i++) {
    StoreSearch search;
    store_search_init(&search, cases[i].query);
    StorePage page;
    ok(store_contacts_list(f->ts.db, &search, cases[i].account_id, (StoreCursor){NULL, 0}, 50, &page, err));
    store_search_free(&search);
    char *names = join_names(page.items);
    expect_text(cases[i].query, cases[i].found, names);
    free(names);
    store_page_free(&page);
  }
  expect_all_rows_passed();
}

static void test_store_search_init_keeps_the_four_longest_folded_words(void **state) {
  (void)state;
  StoreSearch s;
  store_search_init(&s, NULL);
  assert_int_equal(s.words, 0);
  store_search_init(&s, "  ,;  ");
  assert_int_equal(s.words, 0);
  store_search_init(&s, "MÜLLER");
  assert_int_equal(s.words, 1);
  assert_string_equal(s.prefix[0], "muller");
  assert_string_equal(s.upper[0], "muller\xf4\x8f\xbf\xbf"); /* prefix + U+10FFFF bounds every continuation */
  store_search_free(&s);
  assert_int_equal(s.words, 0);
  store_search_init(&s, "a bb Ccc dddd ÉÉÉÉÉ ff");
  assert_int_equal(s.words, STORE_SEARCH_WORDS);
  assert_string_equal(s.prefix[0], "eeeee");
  assert_string_equal(s.prefix[1], "dddd");
  assert_string_equal(s.prefix[2], "ccc");
  assert_true(strcmp(s.prefix[3], "bb") == 0 || strcmp(s.prefix[3], "ff") == 0);
  store_search_free(&s);
}

/* --- paging ---------------------------------------------------------------------------- */

/* Walks every page of the account list, writing "name#id" per row and "|"
 * between pages, and checks that no id comes twice. */
static char *walk_accounts(Db *db, int by_updated, int limit) {
  AccountFilter filter;
  memset(&filter, 0, sizeof filter);
  filter.by_updated = by_updated;
  Buffer out = BUFFER_INIT;
  int64_t seen[64];
  int nseen = 0;
  char *key = NULL;
  StoreCursor after = {NULL, 0};
  for (int pages = 0;; pages++) {
    if (pages > 10) fail_msg("paging does not end");
    StorePage page;
    ok(store_accounts_list(db, &filter, after, limit, &page, err));
    if (json_array_size(page.items) > (size_t)limit)
      expect_fail("a page of %d has %zu rows", limit, json_array_size(page.items));
    size_t i;
    json_t *item;
    json_array_foreach(page.items, i, item) {
      int64_t id = json_integer_value(json_object_get(item, "id"));
      for (int k = 0; k < nseen; k++)
        if (seen[k] == id) expect_fail("account %lld came twice", (long long)id);
      if (nseen < (int)COUNT(seen)) seen[nseen++] = id;
      buffer_printf(&out, "%s%s#%lld", i ? " " : pages ? " | " : "", json_string_value(json_object_get(item, "name")),
                    (long long)id);
    }
    int more = page.more;
    free(key);
    key = page.next_key ? strdup(page.next_key) : NULL;
    after = (StoreCursor){key, page.next_id};
    store_page_free(&page);
    if (!more) break;
    if (!key) {
      expect_fail("a page with more after it has no cursor");
      break;
    }
  }
  free(key);
  return buffer_take(&out);
}

static void test_store_cursor_paging_limit_2_over_5_records_has_no_duplicates(void **state) {
  Fixture *f = *state;
  /* ids 1..5; folded: beta, alpha, alpha, gamma, delta. Equal keys go by id. */
  static const char *const names[] = {"Beta", "alpha", "Alpha", "Gamma", "delta"};
  for (size_t i = 0; i < COUNT(names); i++) insert_account(f->ts.db, names[i], T0);
  static const struct {
    int limit;
    const char *pages;
  } cases[] = {
      {2, "alpha#2 Alpha#3 | Beta#1 delta#5 | Gamma#4"},
      {1, "alpha#2 | Alpha#3 | Beta#1 | delta#5 | Gamma#4"},
      {4, "alpha#2 Alpha#3 Beta#1 delta#5 | Gamma#4"},
      {5, "alpha#2 Alpha#3 Beta#1 delta#5 Gamma#4"},
      {200, "alpha#2 Alpha#3 Beta#1 delta#5 Gamma#4"},
  };
  for (size_t i = 0; i < COUNT(cases); i++) {
    char *got = walk_accounts(f->ts.db, 0, cases[i].limit), row[32];
    snprintf(row, sizeof row, "limit %d", cases[i].limit);
    expect_text(row, cases[i].pages, got);
    free(got);
  }
  expect_all_rows_passed();
}

static void test_store_cursor_paging_newest_change_first(void **state) {
  Fixture *f = *state;
  static const struct {
    const char *name, *now;
  } rows[] = {{"A", "2026-01-03T00:00:00Z"}, {"B", "2026-01-01T00:00:00Z"}, {"C", "2026-01-03T00:00:00Z"},
              {"D", "2026-01-02T00:00:00Z"}, {"E", "2026-01-03T00:00:00Z"}};
  for (size_t i = 0; i < COUNT(rows); i++) insert_account(f->ts.db, rows[i].name, rows[i].now);
  /* updated_at descending, equal times by id descending */
  char *got = walk_accounts(f->ts.db, 1, 2);
  expect_text("by updated_at", "E#5 C#3 | A#1 D#4 | B#2", got);
  free(got);
  expect_all_rows_passed();
}

static void test_store_cursor_paging_of_an_empty_list(void **state) {
  Fixture *f = *state;
  char *got = walk_accounts(f->ts.db, 0, 2);
  expect_text("empty list", "", got);
  free(got);
  expect_all_rows_passed();
}

/* --- audit trail -------------------------------------------------------------------------- */

/* Three entries for account 1: created by alice, renamed by alice, deleted by
 * the system. */
static void append_three(Db *db) {
  AuditActor alice = {1, "alice"}, system = {0, "system"};
  json_t *acme = json_pack("{s:s}", "name", "Acme"), *ltd = json_pack("{s:s}", "name", "Acme Ltd");
  ok(store_begin_write(db, err));
  ok(store_audit_append(db, &alice, "account", 1, "create", NULL, acme, T0, err));
  ok(store_commit(db, err));
  ok(store_begin_write(db, err));
  ok(store_audit_append(db, &alice, "account", 1, "update", acme, ltd, T1, err));
  ok(store_commit(db, err));
  ok(store_begin_write(db, err));
  ok(store_audit_append(db, &system, "account", 1, "delete", ltd, NULL, T2, err));
  ok(store_commit(db, err));
  json_decref(acme);
  json_decref(ltd);
}

static AuditVerification verify(Db *db) {
  AuditVerification v;
  ok(store_audit_verify(db, &v, err));
  return v;
}

static void test_store_audit_verify_of_an_empty_trail_is_intact(void **state) {
  Fixture *f = *state;
  AuditVerification v = verify(f->ts.db);
  assert_int_equal(v.entries, 0);
  assert_int_equal(v.bad_seq, 0);
}

static void test_store_audit_append_three_then_verify_intact(void **state) {
  Fixture *f = *state;
  append_three(f->ts.db);
  AuditVerification v = verify(f->ts.db);
  assert_int_equal(v.entries, 3);
  assert_int_equal(v.bad_seq, 0);
  assert_string_equal(v.problem, "");

  StorePage page;
  ok(store_audit_list(f->ts.db, NULL, 0, (StoreCursor){NULL, 0}, 50, &page, err));
  assert_int_equal(json_array_size(page.items), 3);
  static const char *const actions[] = {"create", "update", "delete"};
  for (size_t i = 0; i < 3; i++) {
    json_t *item = json_array_get(page.items, i);
    expect_int(actions[i], (int64_t)i + 1, json_integer_value(json_object_get(item, "seq")));
    expect_text(actions[i], actions[i], json_string_value(json_object_get(item, "action")));
    expect_int(actions[i], 64, strlen(json_string_value(json_object_get(item, "hash"))));
  }
  expect_all_rows_passed();
  json_t *first = json_array_get(page.items, 0), *last = json_array_get(page.items, 2);
  assert_true(json_is_null(json_object_get(first, "before")));
  assert_string_equal(json_string_value(json_object_get(json_object_get(first, "after"), "name")), "Acme");
  assert_int_equal(json_integer_value(json_object_get(first, "actor_id")), 1);
  assert_true(json_is_null(json_object_get(last, "actor_id"))); /* the system */
  assert_string_equal(json_string_value(json_object_get(last, "actor")), "system");
  assert_true(json_is_null(json_object_get(last, "after")));
  store_page_free(&page);

  /* by entity, and in pages */
  ok(store_audit_list(f->ts.db, "contact", 0, (StoreCursor){NULL, 0}, 50, &page, err));
  assert_int_equal(json_array_size(page.items), 0);
  store_page_free(&page);
  ok(store_audit_list(f->ts.db, "account", 1, (StoreCursor){NULL, 0}, 2, &page, err));
  assert_int_equal(json_array_size(page.items), 2);
  assert_true(page.more);
  char *key = strdup(page.next_key);
  int64_t next = page.next_id;
  store_page_free(&page);
  ok(store_audit_list(f->ts.db, "account", 1, (StoreCursor){key, next}, 2, &page, err));
  assert_int_equal(json_array_size(page.items), 1);
  assert_int_equal(json_integer_value(json_object_get(json_array_get(page.items, 0), "seq")), 3);
  assert_false(page.more);
  store_page_free(&page);
  free(key);
}

static void test_store_audit_verify_finds_an_altered_entry(void **state) {
  Fixture *f = *state;
  append_three(f->ts.db);
  raw_exec(f, "UPDATE audit_log SET after_json = '{\"name\":\"Evil Ltd\"}' WHERE seq = 2");
  AuditVerification v = verify(f->ts.db);
  assert_int_equal(v.bad_seq, 2);
  assert_int_equal(v.entries, 1);
  assert_string_equal(v.problem, "its content was altered after it was written");
}

static void test_store_audit_verify_finds_the_last_entry_removed(void **state) {
  Fixture *f = *state;
  append_three(f->ts.db);
  raw_exec(f, "DELETE FROM audit_log WHERE seq = 3");
  AuditVerification v = verify(f->ts.db);
  assert_int_equal(v.bad_seq, 3);
  assert_int_equal(v.entries, 2);
  assert_string_equal(v.problem,
                      "the chain ends at entry 2 but its head records entry 3 (entries were removed at the end)");
}

static void test_store_audit_verify_finds_a_middle_entry_removed(void **state) {
  Fixture *f = *state;
  append_three(f->ts.db);
  raw_exec(f, "DELETE FROM audit_log WHERE seq = 2");
  AuditVerification v = verify(f->ts.db);
  assert_int_equal(v.bad_seq, 3); /* the first entry that no longer checks out */
  assert_int_equal(v.entries, 1);
  assert_string_equal(v.problem, "entries before it were removed");
}

/* --- erasure's rewrites of audit entries (docs/PRIVACY.md) ---------------------------------- */
/* The tests' rewriter: a name starting "Acme" becomes "[erased]". */
static int erase_acme(json_t *state, void *ctx) {
  (void)ctx;
  const char *name = json_string_value(json_object_get(state, "name"));
  if (!name || strncmp(name, "Acme", 4) != 0) return 0;
  json_object_set_new(state, "name", json_string("[erased]"));
  return 1;
}

/* Rewrites the entries mentioning acme; records the rewrites in an erasure
 * entry unless told not to. Returns how many were rewritten. */
static size_t erase_acme_entries(Db *db, int record) {
  AuditActor dpo = {9, "dpo"};
  json_t *redacted = json_array();
  char *patterns[] = {"%acme%"};
  StoreAuditSelection sel = {.patterns = patterns, .npatterns = 1};
  ok(store_begin_write(db, err));
  ok(store_audit_rewrite(db, &sel, erase_acme, NULL, redacted, NULL, err));
  json_t *after = json_pack("{s:s, s:O}", "subject", "contact", "redacted", redacted);
  if (record) ok(store_audit_append(db, &dpo, "privacy_erasure", 1, "erase", NULL, after, T2, err));
  ok(store_commit(db, err));
  size_t n = json_array_size(redacted);
  json_decref(after);
  json_decref(redacted);
  return n;
}

static void test_store_audit_rewrites_recorded_by_an_erasure_verify(void **state) {
  Fixture *f = *state;
  append_three(f->ts.db);
  assert_int_equal(erase_acme_entries(f->ts.db, 1), 3);
  AuditVerification v = verify(f->ts.db);
  assert_int_equal(v.bad_seq, 0);
  assert_int_equal(v.entries, 4);
  assert_int_equal(v.rewritten, 3);
  StorePage page;
  ok(store_audit_list(f->ts.db, "account", 1, (StoreCursor){NULL, 0}, 50, &page, err));
  char *text = json_dumps(page.items, 0);
  assert_null(strstr(text, "Acme"));
  assert_non_null(strstr(text, "[erased]"));
  free(text);
  store_page_free(&page);
  /* A second erasure finds nothing more to rewrite, and the chain still holds. */
  assert_int_equal(erase_acme_entries(f->ts.db, 1), 0);
  assert_int_equal(verify(f->ts.db).bad_seq, 0);
}

static void test_store_audit_rewrites_nobody_recorded_are_caught(void **state) {
  Fixture *f = *state;
  append_three(f->ts.db);
  assert_int_equal(erase_acme_entries(f->ts.db, 0), 3);
  AuditVerification v = verify(f->ts.db);
  assert_int_equal(v.bad_seq, 1);
  assert_string_equal(v.problem, "its content was altered after it was written");
}

static void test_store_audit_rewritten_entry_altered_again_is_caught(void **state) {
  Fixture *f = *state;
  append_three(f->ts.db);
  erase_acme_entries(f->ts.db, 1);
  raw_exec(f, "UPDATE audit_log SET after_json = '{\"name\":\"Evil Ltd\"}' WHERE seq = 2");
  AuditVerification v = verify(f->ts.db);
  assert_int_equal(v.bad_seq, 2);
  assert_int_equal(v.entries, 1);
  /* ...and an altered entry is never rewritten (the erasure would vouch for the forgery). */
  json_t *redacted = json_array();
  char *patterns[] = {"%nobody%", "%evil%"};
  StoreAuditSelection sel = {.patterns = patterns, .npatterns = 2};
  Error e = ERROR_INIT;
  ok(store_begin_write(f->ts.db, err));
  assert_int_equal(store_audit_rewrite(f->ts.db, &sel, erase_acme, NULL, redacted, NULL, &e), -1);
  assert_int_equal(e.status, 409);
  store_rollback(f->ts.db);
  error_clear(&e);
  json_decref(redacted);
}

/* A trail written before migration 014 (data protection) verifies after it,
 * and its entries can be erased like any. */
static void test_store_audit_trail_from_before_the_privacy_migration_verifies(void **state) {
  Fixture *f = *state;
  raw_exec(f, "DROP TABLE privacy_retention; DROP TABLE privacy_erasures; DROP INDEX cases_closed_at; "
              "DROP INDEX mail_messages_at; DROP INDEX sessions_expires; DROP INDEX idempotency_keys_created; "
              "ALTER TABLE contacts DROP COLUMN erased_at; ALTER TABLE cases DROP COLUMN anonymised_at; "
              "ALTER TABLE mail_messages DROP COLUMN body_removed_at; "
              "ALTER TABLE survey_responses DROP COLUMN comment_removed_at; "
              "DELETE FROM schema_migrations WHERE version = 14");
  append_three(f->ts.db);
  int from = 0, to = 0;
  ok(store_migrate(f->ts.db, &from, &to, err));
  assert_int_equal(to, store_latest_schema_version());
  raw_exec(f, "SELECT erased_at FROM contacts; SELECT kind FROM privacy_retention"); /* 014 applied again */
  AuditVerification v = verify(f->ts.db);
  assert_int_equal(v.bad_seq, 0);
  assert_int_equal(v.entries, 3);
  assert_int_equal(erase_acme_entries(f->ts.db, 1), 3);
  v = verify(f->ts.db);
  assert_int_equal(v.bad_seq, 0);
  assert_int_equal(v.rewritten, 3);
}

/* Retention takes entries of one entity written before a time, after the last one it looked at. */
static void test_store_audit_rewrite_by_entity_and_age(void **state) {
  Fixture *f = *state;
  append_three(f->ts.db);
  json_t *redacted = json_array();
  StoreAuditProgress done = {0, 0};
  StoreAuditSelection sel = {.entity = "account", .before = T1, .after_seq = 0, .limit = 10};
  ok(store_begin_write(f->ts.db, err));
  ok(store_audit_rewrite(f->ts.db, &sel, erase_acme, NULL, redacted, &done, err));
  assert_int_equal(done.last_seq, 1);
  assert_int_equal(done.looked, 1);
  assert_int_equal(json_array_size(redacted), 1);
  sel.after_seq = done.last_seq;
  json_t *none = json_array();
  ok(store_audit_rewrite(f->ts.db, &sel, erase_acme, NULL, none, &done, err));
  assert_int_equal(done.looked, 1);
  assert_int_equal(json_array_size(none), 0);
  json_t *after = json_pack("{s:s, s:O}", "subject", "retention", "redacted", redacted);
  ok(store_audit_append(f->ts.db, &(AuditActor){0, "retention"}, "privacy_erasure", 1, "retention", NULL, after, T2,
                        err));
  ok(store_commit(f->ts.db, err));
  AuditVerification v = verify(f->ts.db);
  assert_int_equal(v.bad_seq, 0);
  assert_int_equal(v.rewritten, 1);
  json_decref(after);
  json_decref(redacted);
  json_decref(none);
}

/* Rewriting an entry and its own hash is not enough: the next entry still
 * names the old hash as its predecessor. */
static void test_store_audit_verify_finds_an_entry_rewritten_with_a_fresh_hash(void **state) {
  Fixture *f = *state;
  append_three(f->ts.db);
  StorePage page;
  ok(store_audit_list(f->ts.db, NULL, 0, (StoreCursor){NULL, 0}, 1, &page, err));
  char first_hash[AUDIT_HASH_HEX];
  json_t *first = json_array_get(page.items, 0);
  snprintf(first_hash, sizeof first_hash, "%s", json_string_value(json_object_get(first, "hash")));
  store_page_free(&page);
  AuditEntry forged = {.seq = 2, .at = T1, .actor_id = 1, .actor = "alice", .entity = "account", .entity_id = 1,
                       .action = "update", .before = "{\"name\":\"Acme\"}", .after = "{\"name\":\"Evil Ltd\"}",
                       .prev_hash = first_hash};
  char hash[AUDIT_HASH_HEX], sql[400];
  audit_chain_hash(&forged, hash);
  snprintf(sql, sizeof sql, "UPDATE audit_log SET after_json = '%s', hash = '%s' WHERE seq = 2", forged.after, hash);
  raw_exec(f, sql);
  AuditVerification v = verify(f->ts.db);
  assert_int_equal(v.bad_seq, 3);
  assert_int_equal(v.entries, 2);
  assert_string_equal(v.problem, "it does not follow the entry before it (an entry was inserted or removed)");
}

/* An event loop's connection keeps its read snapshot between requests
 * (store_keep_reads): a read must still see every write committed before it
 * began, by another connection as by another process (both go through the
 * WAL index the snapshot checks), and a failed read must not keep one. */
static void test_store_a_kept_read_snapshot_sees_every_commit_made_before_the_read(void **state) {
  Fixture *f = *state;
  Db *reader = NULL;
  ok(store_open(f->ts.url, &reader, err));
  store_keep_reads(reader);
  json_t *got = NULL;
  for (int round = 0; round < 3; round++) {
    int64_t id = insert_account(f->ts.db, round == 0 ? "Ashby Hydraulics" : "Later Ltd", T0); /* autocommitted */
    ok(store_begin_read(reader, err));
    ok(store_record_get(reader, &store_accounts, id, &got, err));
    ok(store_commit(reader, err));
    if (!got) fail_msg("round %d: the kept snapshot missed account %lld, committed before the read", round, (long long)id);
    json_decref(got);
    got = NULL;
    /* an unchanged store: the same snapshot serves the next read */
    ok(store_begin_read(reader, err));
    ok(store_record_get(reader, &store_accounts, id, &got, err));
    assert_non_null(got);
    json_decref(got);
    got = NULL;
    ok(store_commit(reader, err));
    /* a change in a write transaction of the other connection is seen too */
    json_t *values = json_pack("{s:s, s:s}", "name", "Renamed", "status", "active");
    ok(store_begin_write(f->ts.db, err));
    ok(store_record_update(f->ts.db, &store_accounts, id, 1, values, T1, err));
    ok(store_commit(f->ts.db, err));
    json_decref(values);
    ok(store_begin_read(reader, err));
    ok(store_record_get(reader, &store_accounts, id, &got, err));
    store_rollback(reader); /* a read that failed: nothing is kept */
    assert_string_equal(json_string_value(json_object_get(got, "name")), "Renamed");
    json_decref(got);
    got = NULL;
    /* a snapshot kept when the next round's insert is committed */
    ok(store_begin_read(reader, err));
    ok(store_commit(reader, err));
  }
  /* a "read" transaction that wrote is committed, not kept open */
  ok(store_begin_read(reader, err));
  int64_t written = insert_account(reader, "Written In A Read", T2);
  ok(store_commit(reader, err));
  ok(store_begin_read(f->ts.db, err));
  ok(store_record_get(f->ts.db, &store_accounts, written, &got, err));
  store_rollback(f->ts.db);
  if (!got) fail_msg("a write made inside a kept-read connection's transaction was not committed");
  json_decref(got);
  store_release_old_read(reader);
  store_close(reader);
}

/* Whether a commit of db's open transaction would wait for the disk. */
static int commit_waits(Db *db) {
  int64_t waits = 0;
  int found = 0;
  ok(db_fetch_int(db, db->kind == DB_SQLITE ? "SELECT synchronous >= 2 FROM pragma_synchronous"
                                            : "SELECT CASE WHEN current_setting('synchronous_commit') = 'off' THEN 0 ELSE 1 END",
                  NULL, 0, &waits, &found, err));
  assert_true(found);
  return (int)waits;
}

/* An unsynced write transaction lowers the safety level for itself alone:
 * committed or rolled back, the connection's next transaction waits for the
 * disk again, and what it committed is there for everyone. */
static void test_store_an_unsynced_write_is_committed_and_leaves_the_next_synced(void **state) {
  Fixture *f = *state;
  ok(store_begin_unsynced_write(f->ts.db, err));
  assert_false(commit_waits(f->ts.db));
  int64_t id = insert_account(f->ts.db, "Unsynced Castings", T0);
  ok(store_commit(f->ts.db, err));
  ok(store_begin_write(f->ts.db, err));
  if (!commit_waits(f->ts.db)) fail_msg("after an unsynced commit, the next write transaction does not wait for the disk");
  store_rollback(f->ts.db);
  ok(store_begin_unsynced_write(f->ts.db, err));
  insert_account(f->ts.db, "Rolled Back Ltd", T1);
  store_rollback(f->ts.db);
  ok(store_begin_write(f->ts.db, err));
  if (!commit_waits(f->ts.db)) fail_msg("after an unsynced rollback, the next write transaction does not wait for the disk");
  store_rollback(f->ts.db);
  Db *other = NULL;
  json_t *got = NULL;
  ok(store_open(f->ts.url, &other, err));
  ok(store_begin_read(other, err));
  ok(store_record_get(other, &store_accounts, id, &got, err));
  int64_t n = 0;
  int found = 0;
  ok(db_fetch_int(other, "SELECT COUNT(*) FROM accounts", NULL, 0, &n, &found, err));
  store_rollback(other);
  store_close(other);
  if (!got) fail_msg("the unsynced commit is not seen by another connection");
  json_decref(got);
  assert_int_equal(n, 1); /* the rolled-back one is not there */
}

/* A read transaction reads one snapshot from its first statement to its
 * end, on both stores: a report of several statements (the at-risk list's
 * page and its total) never mixes two states of the data. */
static void test_store_a_read_transaction_does_not_see_commits_made_during_it(void **state) {
  Fixture *f = *state;
  ok(store_begin_write(f->ts.db, err));
  insert_account(f->ts.db, "Before Foundry", T0);
  ok(store_commit(f->ts.db, err));
  Db *other = NULL;
  ok(store_open(f->ts.url, &other, err));
  int64_t before = 0, during = 0, after = 0;
  int found = 0;
  ok(store_begin_read(other, err));
  ok(db_fetch_int(other, "SELECT COUNT(*) FROM accounts", NULL, 0, &before, &found, err));
  ok(store_begin_write(f->ts.db, err));
  insert_account(f->ts.db, "During Forge", T1);
  ok(store_commit(f->ts.db, err));
  ok(db_fetch_int(other, "SELECT COUNT(*) FROM accounts", NULL, 0, &during, &found, err));
  store_rollback(other);
  ok(store_begin_read(other, err));
  ok(db_fetch_int(other, "SELECT COUNT(*) FROM accounts", NULL, 0, &after, &found, err));
  store_rollback(other);
  store_close(other);
  assert_int_equal(before, 1);
  if (during != before) fail_msg("a read transaction saw a commit made after its first statement");
  assert_int_equal(after, 2);
}

#define STORE_TESTS(backend)                                                                                         \
  cmocka_unit_test_prestate_setup_teardown(test_store_migrates_a_new_database_to_the_latest_version, open_fresh_store, \
                                           remove_store, backend),                                                   \
      cmocka_unit_test_prestate_setup_teardown(test_store_migrate_twice_is_a_no_op, open_fresh_store, remove_store,  \
                                               backend),                                                             \
      cmocka_unit_test_prestate_setup_teardown(test_store_refuses_a_database_newer_than_this_binary, open_fresh_store, \
                                               remove_store, backend),                                               \
      cmocka_unit_test_prestate_setup_teardown(test_store_insert_then_get_returns_the_record, open_fresh_store,      \
                                               remove_store, backend),                                               \
      cmocka_unit_test_prestate_setup_teardown(test_store_get_of_a_missing_record_is_null_not_an_error,             \
                                               open_fresh_store, remove_store, backend),                             \
      cmocka_unit_test_prestate_setup_teardown(test_store_an_insert_gives_its_rows_id_and_0_when_it_inserts_nothing, \
                                               open_fresh_store, remove_store, backend),                             \
      cmocka_unit_test_prestate_setup_teardown(test_store_update_at_the_current_version_bumps_it, open_fresh_store,  \
                                               remove_store, backend),                                               \
      cmocka_unit_test_prestate_setup_teardown(test_store_update_at_a_stale_version_is_412_and_changes_nothing,     \
                                               open_fresh_store, remove_store, backend),                             \
      cmocka_unit_test_prestate_setup_teardown(test_store_update_or_delete_of_a_missing_record_is_404,              \
                                               open_fresh_store, remove_store, backend),                             \
      cmocka_unit_test_prestate_setup_teardown(test_store_delete_needs_the_current_version, open_fresh_store,        \
                                               remove_store, backend),                                               \
      cmocka_unit_test_prestate_setup_teardown(test_store_delete_of_a_referenced_record_is_409_and_rolls_back,      \
                                               open_fresh_store, remove_store, backend),                             \
      cmocka_unit_test_prestate_setup_teardown(test_store_search_finds_folded_word_prefixes, open_fresh_store,       \
                                               remove_store, backend),                                               \
      cmocka_unit_test_prestate_setup_teardown(test_store_search_follows_renames_and_deletes, open_fresh_store,      \
                                               remove_store, backend),                                               \
      cmocka_unit_test_prestate_setup_teardown(test_store_search_finds_contacts_within_an_account, open_fresh_store, \
                                               remove_store, backend),                                               \
      cmocka_unit_test_prestate_setup_teardown(test_store_cursor_paging_limit_2_over_5_records_has_no_duplicates,   \
                                               open_fresh_store, remove_store, backend),                             \
      cmocka_unit_test_prestate_setup_teardown(test_store_cursor_paging_newest_change_first, open_fresh_store,       \
                                               remove_store, backend),                                               \
      cmocka_unit_test_prestate_setup_teardown(test_store_cursor_paging_of_an_empty_list, open_fresh_store,          \
                                               remove_store, backend),                                               \
      cmocka_unit_test_prestate_setup_teardown(test_store_audit_verify_of_an_empty_trail_is_intact, open_fresh_store, \
                                               remove_store, backend),                                               \
      cmocka_unit_test_prestate_setup_teardown(test_store_audit_append_three_then_verify_intact, open_fresh_store,   \
                                               remove_store, backend),                                               \
      cmocka_unit_test_prestate_setup_teardown(test_store_audit_verify_finds_an_altered_entry, open_fresh_store,     \
                                               remove_store, backend),                                               \
      cmocka_unit_test_prestate_setup_teardown(test_store_audit_verify_finds_the_last_entry_removed,                \
                                               open_fresh_store, remove_store, backend),                             \
      cmocka_unit_test_prestate_setup_teardown(test_store_audit_verify_finds_a_middle_entry_removed,                \
                                               open_fresh_store, remove_store, backend),                             \
      cmocka_unit_test_prestate_setup_teardown(test_store_audit_rewrites_recorded_by_an_erasure_verify,              \
                                               open_fresh_store, remove_store, backend),                             \
      cmocka_unit_test_prestate_setup_teardown(test_store_audit_rewrites_nobody_recorded_are_caught, open_fresh_store, \
                                               remove_store, backend),                                               \
      cmocka_unit_test_prestate_setup_teardown(test_store_audit_rewritten_entry_altered_again_is_caught,             \
                                               open_fresh_store, remove_store, backend),                             \
      cmocka_unit_test_prestate_setup_teardown(test_store_audit_trail_from_before_the_privacy_migration_verifies,     \
                                               open_fresh_store, remove_store, backend),                             \
      cmocka_unit_test_prestate_setup_teardown(test_store_audit_rewrite_by_entity_and_age, open_fresh_store,         \
                                               remove_store, backend),                                               \
      cmocka_unit_test_prestate_setup_teardown(test_store_audit_verify_finds_an_entry_rewritten_with_a_fresh_hash,  \
                                               open_fresh_store, remove_store, backend),                             \
      cmocka_unit_test_prestate_setup_teardown(test_store_case_sla_due_takes_the_passed_checks_earliest_first,      \
                                               open_fresh_store, remove_store, backend),                             \
      cmocka_unit_test_prestate_setup_teardown(test_store_sla_escalation_is_recorded_once, open_fresh_store,         \
                                               remove_store, backend),                                               \
      cmocka_unit_test_prestate_setup_teardown(test_store_sla_policies_have_one_default_at_most, open_fresh_store,   \
                                               remove_store, backend),                                               \
      cmocka_unit_test_prestate_setup_teardown(test_store_a_kept_read_snapshot_sees_every_commit_made_before_the_read, \
                                               open_fresh_store, remove_store, backend),                             \
      cmocka_unit_test_prestate_setup_teardown(test_store_a_read_transaction_does_not_see_commits_made_during_it,   \
                                               open_fresh_store, remove_store, backend),                             \
      cmocka_unit_test_prestate_setup_teardown(test_store_an_unsynced_write_is_committed_and_leaves_the_next_synced, \
                                               open_fresh_store, remove_store, backend)

/* Reading the WAL index for kept snapshots must leave this process's POSIX
 * locks on the -shm file alone: had it opened and closed a descriptor of its
 * own, the kernel would drop them all, and another process would take the
 * index for unused and rebuild it under the connections still mapping it (a
 * SIGBUS in a commit). A child asks the kernel who holds the index's DMS
 * byte (offset 128, sqlite.org/walformat.html) after such a read. */
static void test_store_kept_reads_keep_the_wal_index_locked(void **state) { /* SQLite only */
  Fixture *f = *state;
  Db *reader = NULL;
  ok(store_open(f->ts.url, &reader, err));
  store_keep_reads(reader);
  json_t *got = NULL;
  int64_t id = insert_account(f->ts.db, "Ashby Hydraulics", T0);
  for (int i = 0; i < 2; i++) {
    ok(store_begin_read(reader, err));
    ok(store_record_get(reader, &store_accounts, id, &got, err));
    ok(store_commit(reader, err));
    json_decref(got);
    got = NULL;
  }
  char shm[300];
  snprintf(shm, sizeof shm, "%s-shm", f->ts.path);
  pid_t child = fork();
  assert_true(child >= 0);
  if (child == 0) {
    int fd = open(shm, O_RDWR);
    struct flock lock = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 128, .l_len = 1};
    _exit(fd >= 0 && fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK ? 0 : 1);
  }
  int status = 0;
  assert_int_equal(waitpid(child, &status, 0), child);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    fail_msg("after kept reads nobody holds the WAL index's DMS lock: another process would rebuild the index");
  store_release_old_read(reader);
  store_close(reader);
}

/* A connection reading as an event loop does: a read every 2 ms, its
 * snapshot kept between reads and ended when old (store_release_old_read). */
typedef struct LoopReader {
  const char *url;
  atomic_int stop;
  int reads;
} LoopReader;

static void *loop_reader(void *arg) {
  LoopReader *r = arg;
  Db *db = NULL;
  Error e = ERROR_INIT;
  if (store_open(r->url, &db, &e) == 0) {
    store_keep_reads(db);
    while (!atomic_load(&r->stop)) {
      int64_t n = 0;
      int found = 0;
      if (store_begin_read(db, &e) == 0 &&
          db_fetch_int(db, "SELECT COUNT(*) FROM accounts", NULL, 0, &n, &found, &e) == 0 && store_commit(db, &e) == 0)
        r->reads++;
      error_clear(&e);
      store_release_old_read(db);
      usleep(2000);
    }
    store_close(db);
  }
  error_clear(&e);
  return NULL;
}

/* Under steady reads that keep their snapshots the WAL would never start
 * again from its beginning; store_checkpoint has it restart once it holds
 * 64 MiB. Some 80 MiB are written while a loop-like reader reads; after the
 * checkpoint and one more write the WAL holds that write's frames alone. */
static void test_store_the_wal_starts_again_under_kept_reads(void **state) { /* SQLite only */
  Fixture *f = *state;
  Db *checkpointer = NULL;
  ok(store_open(f->ts.url, &checkpointer, err));
  ok(db_exec_script(f->ts.db, "CREATE TABLE ballast (b BLOB)", err));
  LoopReader r = {.url = f->ts.url};
  pthread_t reader;
  assert_int_equal(pthread_create(&reader, NULL, loop_reader, &r), 0);
  for (int i = 0; i < 20; i++) {
    ok(db_exec_script(f->ts.db,
                      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) "
                      "INSERT INTO ballast SELECT zeroblob(3500) FROM n",
                      err));
  }
  ok(store_checkpoint(checkpointer, err));
  insert_account(f->ts.db, "After The Restart Ltd", T0);
  atomic_store(&r.stop, 1);
  pthread_join(reader, NULL);
  assert_true(r.reads > 0);
  json_t *rows = NULL;
  ok(db_fetch_all(checkpointer, "PRAGMA wal_checkpoint(PASSIVE)", NULL, 0, &rows, err));
  json_int_t frames = json_integer_value(json_object_get(json_array_get(rows, 0), "log"));
  json_decref(rows);
  if (frames >= 1000) fail_msg("the WAL holds %lld frames: it did not start again", (long long)frames);
  store_close(checkpointer);
}

/* --- case import ------------------------------------------------------------------------------- */

#define ACCOUNT_SLA_MARKS(day) "SELECT COUNT(*) FROM rollup_dirty WHERE kind = 'account_sla' AND day = '" day "'"

/* On PostgreSQL a case import sets the roll-up triggers aside for its own
 * transaction alone: another writer's case goes in while the import is
 * open, its buckets marked by the triggers (when the import disabled them
 * with ALTER TABLE, that writer waited for the import's end: here, until
 * its lock_timeout), while the import's rows mark nothing until its
 * restore marks them all; the roll-ups then match the raw rows. */
static void test_store_a_case_import_holds_no_other_writer_back(void **state) { /* PostgreSQL only */
  Fixture *f = *state;
  Db *db = f->ts.db, *other = NULL;
  ok(store_begin_write(db, err));
  int64_t account = insert_account(db, "Ashby Hydraulics", T0);
  ok(store_commit(db, err));

  json_t *saved = NULL;
  ok(store_begin_write(db, err));
  ok(store_case_import_set_aside(db, 1, &saved, err));
  StoreImportedCase c = {.account_id = account, .type = "complaint", .status = "open", .subject = "Seal leak",
                         .name_key = "seal leak", .priority = 2, .opened_at = "2025-11-30T09:00:00Z",
                         .updated_at = "2025-11-30T09:00:00Z"};
  StoreCaseSla sla = {.priority = 2, .state = "not_applicable",
                      .clocks = {"not_applicable", "not_applicable", "not_applicable", "not_applicable"}};
  int64_t imported = 0;
  ok(store_case_import_insert(db, &c, &sla, T1, &imported, err));
  assert_int_equal(helper_number(db, "SELECT COUNT(*) FROM rollup_dirty"), 0);

  ok(store_open(f->ts.url, &other, err));
  ok(db_exec_script(other, "SET lock_timeout = '3s'", err));
  ok(store_begin_write(other, err));
  char sql[512];
  snprintf(sql, sizeof sql,
           "INSERT INTO cases (account_id, type, priority, status, subject, name_key, opened_at, created_at, "
           "updated_at) VALUES (%lld, 'enquiry', 3, 'new', 'Pump noise', 'pump noise', '2025-11-29T09:00:00Z', "
           "'%s', '%s')",
           (long long)account, T1, T1);
  ok(db_exec_script(other, sql, err));
  ok(store_commit(other, err));
  assert_int_equal(helper_number(other, ACCOUNT_SLA_MARKS("2025-11-29")), 1);
  assert_int_equal(helper_number(other, ACCOUNT_SLA_MARKS("2025-11-30")), 0);

  ok(store_case_import_restore(db, saved, imported, imported, err));
  json_decref(saved);
  ok(store_commit(db, err));
  assert_int_equal(helper_number(other, ACCOUNT_SLA_MARKS("2025-11-30")), 1);
  store_close(other);

  int64_t done = 0;
  int left = 1;
  ok(store_rollup_catch_up(db, 1000, 0, &done, &left, err));
  assert_int_equal(left, 0);
  helper_expect_rollups_match(db);
  assert_int_equal(helper_number(db, "SELECT COUNT(*) FROM rollup_account_sla WHERE opened > 0"), 2);
}

/* --- SLA ------------------------------------------------------------------------------------ */

static int64_t insert_case(Db *db, int64_t account, const char *now) {
  json_t *values = json_pack("{s:I, s:s, s:i, s:s}", "account_id", (json_int_t)account, "type", "enquiry", "priority",
                             3, "subject", "Pump leaks");
  int64_t id = 0;
  ok(store_record_insert(db, &store_cases, values, now, &id, err));
  json_decref(values);
  return id;
}

static void put_check(Db *db, int64_t case_id, const char *next_check) {
  StoreCaseSla s = {.case_id = case_id, .priority = 3, .state = "running", .next_check_at = next_check,
                    .clocks = {"running", "met", "running", "not_applicable"}};
  ok(store_case_sla_put(db, &s, T0, err));
}

static void test_store_case_sla_due_takes_the_passed_checks_earliest_first(void **state) {
  Fixture *f = *state;
  int64_t account = insert_account(f->ts.db, "Acme", T0);
  int64_t late = insert_case(f->ts.db, account, T0), none = insert_case(f->ts.db, account, T0),
          early = insert_case(f->ts.db, account, T0), future = insert_case(f->ts.db, account, T0);
  put_check(f->ts.db, late, T1);
  put_check(f->ts.db, none, NULL);
  put_check(f->ts.db, early, T0);
  put_check(f->ts.db, future, "2026-01-01T00:01:01Z");
  put_check(f->ts.db, late, T1); /* a second put replaces the first */
  json_t *due = NULL;
  ok(store_case_sla_due(f->ts.db, T1, 10, &due, err));
  assert_int_equal(json_array_size(due), 2);
  assert_int_equal(json_integer_value(json_object_get(json_array_get(due, 0), "case_id")), early);
  assert_int_equal(json_integer_value(json_object_get(json_array_get(due, 1), "case_id")), late);
  json_decref(due);
  ok(store_case_sla_due(f->ts.db, T1, 1, &due, err));
  assert_int_equal(json_array_size(due), 1);
  json_decref(due);
}

static void test_store_sla_escalation_is_recorded_once(void **state) {
  Fixture *f = *state;
  int64_t c = insert_case(f->ts.db, insert_account(f->ts.db, "Acme", T0), T0), first = 0, again = 0, other = 0;
  int64_t next_wait = 0;
  ok(store_sla_escalation_insert(f->ts.db, c, "first_response", "breach", 1, 0, "not_sent", T1, &first, err));
  ok(store_sla_escalation_insert(f->ts.db, c, "first_response", "breach", 1, 0, "not_sent", T2, &again, err));
  ok(store_sla_escalation_insert(f->ts.db, c, "resolution", "breach", 1, 0, "not_sent", T2, &other, err));
  ok(store_sla_escalation_insert(f->ts.db, c, "first_response", "breach", 2, 0, "not_sent", T2, &next_wait, err));
  assert_true(first > 0);
  assert_int_equal(again, 0);
  assert_true(other > first);
  assert_true(next_wait > other); /* the next wait for an update is escalated again */
  json_t *row = NULL;
  ok(store_sla_escalation_get(f->ts.db, first, &row, err));
  assert_string_equal(json_string_value(json_object_get(row, "created_at")), T1);
  json_decref(row);
}

static void test_store_sla_policies_have_one_default_at_most(void **state) {
  Fixture *f = *state;
  json_t *cal = json_pack("{s:s, s:{s:s, s:{}}}", "name", "Office", "calendar", "tz", "UTC", "hours");
  int64_t calendar = 0, a = 0, b = 0, found = 0;
  ok(store_record_insert(f->ts.db, &store_calendars, cal, T0, &calendar, err));
  json_t *policy = json_pack("{s:s, s:I, s:{}, s:[], s:[], s:s, s:b}", "name", "Gold", "calendar_id",
                             (json_int_t)calendar, "targets", "pause_statuses", "warn_at", "review_on", "2027-01-01",
                             "is_default", 1);
  ok(store_record_insert(f->ts.db, &store_sla_policies, policy, T0, &a, err));
  ok(store_sla_default_policy(f->ts.db, &found, err));
  assert_int_equal(found, a);
  Error e = ERROR_INIT; /* a second default breaks the unique index */
  assert_int_equal(store_record_insert(f->ts.db, &store_sla_policies, policy, T0, &b, &e), -1);
  error_clear(&e);
  ok(store_sla_policy_clear_default(f->ts.db, 0, T1, err));
  ok(store_sla_default_policy(f->ts.db, &found, err));
  assert_int_equal(found, 0);
  json_decref(policy);
  json_decref(cal);
}

/* The SQL list of open statuses names exactly the statuses that are not final. */
static void test_store_open_case_statuses_are_the_core_s_non_final_ones(void **state) {
  (void)state;
  Buffer expected = BUFFER_INIT;
  buffer_puts(&expected, "(");
  for (int s = 0; s < CASE_STATUS_COUNT; s++) {
    if (case_status_is_final((CaseStatus)s)) continue;
    buffer_printf(&expected, "%s'%s'", expected.len > 1 ? ", " : "", case_status_name((CaseStatus)s));
  }
  buffer_puts(&expected, ")");
  assert_string_equal(SQL_OPEN_CASE_STATUSES, buffer_cstr(&expected));
  buffer_free(&expected);
}

int main(void) {
  if (sodium_init() < 0) return 1;
  const struct CMUnitTest pure_tests[] = {
      cmocka_unit_test(test_store_search_init_keeps_the_four_longest_folded_words),
      cmocka_unit_test(test_store_open_case_statuses_are_the_core_s_non_final_ones),
  };
  const struct CMUnitTest sqlite_tests[] = {
      STORE_TESTS(&sqlite_backend),
      /* only SQLite connections keep read snapshots */
      cmocka_unit_test_prestate_setup_teardown(test_store_kept_reads_keep_the_wal_index_locked, open_fresh_store,
                                               remove_store, &sqlite_backend),
      cmocka_unit_test_prestate_setup_teardown(test_store_the_wal_starts_again_under_kept_reads, open_fresh_store,
                                               remove_store, &sqlite_backend),
  };
  const struct CMUnitTest postgres_tests[] = {
      STORE_TESTS(&postgres_backend),
      /* SQLite has one writer at a time, import or not */
      cmocka_unit_test_prestate_setup_teardown(test_store_a_case_import_holds_no_other_writer_back, open_fresh_store,
                                               remove_store, &postgres_backend),
  };
  int failed = cmocka_run_group_tests_name("store_search_init", pure_tests, NULL, NULL);
  failed += cmocka_run_group_tests_name("store on sqlite", sqlite_tests, NULL, NULL);
  const char *pg = getenv("FORGEDESK_TEST_PG");
  if (pg && *pg) {
    if (strncmp(pg, "postgresql://", 13) != 0 && strncmp(pg, "postgres://", 11) != 0) {
      fprintf(stderr, "FORGEDESK_TEST_PG must be a postgresql:// URL, not '%s'\n", pg);
      return 1;
    }
    postgres_backend.url = pg;
    failed += cmocka_run_group_tests_name("store on postgresql", postgres_tests, NULL, NULL);
  }
  printf("store tests ran on: sqlite%s\n",
         pg && *pg ? ", postgresql" : " only (set FORGEDESK_TEST_PG=postgresql://... to add PostgreSQL)");
  return failed ? 1 : 0;
}
