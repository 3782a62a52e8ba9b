/* `forgedesk import`: loads accounts, contacts, parts or orders from an RFC
 * 4180 CSV file, each row checked by the API's own field tables and audited,
 * all or nothing unless --skip-bad. Also cli_order_create, the audited order
 * insert that import and demo share. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/crm.h"
#include "cli/cli.h"
#include "core/csv.h"
#include "util/array.h"
#include "util/text.h"

int cli_order_create(Db *db, const json_t *order, const json_t *lines, const char *now, int64_t *id, Error *err) {
  json_t *values = json_copy((json_t *)order), *after = NULL, *stored_lines = NULL;
  int64_t total = 0;
  size_t i;
  json_t *line;
  json_array_foreach (lines, i, line)
    total += json_integer_value(json_object_get(line, "quantity")) *
             json_integer_value(json_object_get(line, "unit_price_minor"));
  json_object_set_new(values, "value_minor", json_integer(total));
  int rc = store_record_insert(db, &store_orders, values, now, id, err);
  for (i = 0; !rc && i < json_array_size(lines); i++)
    rc = store_order_line_insert(db, *id, (int)i + 1, json_array_get(lines, i), err);
  if (!rc) rc = store_record_get(db, &store_orders, *id, &after, err);
  if (!rc) rc = store_order_lines(db, *id, &stored_lines, err);
  if (!rc) {
    json_object_set_new(after, "lines", stored_lines);
    rc = store_audit_append(db, &cli_actor, "order", *id, "create", NULL, after, now, err);
  }
  json_decref(values);
  json_decref(after);
  return rc;
}

/* --- what can be imported ---------------------------------------------------------- */

/* A column that names another record instead of giving its id. */
typedef struct Reference {
  const char *column; /* "account" */
  const char *field;  /* the id field it fills: "account_id" */
  /* Finds the id that text names: 0 found, 1 not found (problem says why),
   * -1 store failure (err set). */
  int (*resolve)(Db *db, const char *text, int64_t *id, Buffer *problem, Error *err);
} Reference;

static int resolve_user(Db *db, const char *text, int64_t *id, Buffer *problem, Error *err) {
  json_t *user = NULL;
  if (store_user_credentials(db, text, &user, err)) return -1;
  *id = json_integer_value(json_object_get(user, "id"));
  json_decref(user);
  if (*id) return 0;
  buffer_printf(problem, "no user has the username '%s'", text);
  return 1;
}

static int resolve_account(Db *db, const char *text, int64_t *id, Buffer *problem, Error *err) {
  int64_t matches = 0;
  if (store_lookup(db, STORE_LOOKUP_ACCOUNT_NAME, text, id, &matches, err)) return -1;
  if (matches == 1) return 0;
  if (matches == 0)
    buffer_printf(problem, "no account is called '%s'", text);
  else
    buffer_printf(problem, "%lld accounts are called '%s'; give account_id instead", (long long)matches, text);
  return 1;
}

static const Reference account_manager_ref = {"account_manager", "account_manager_id", resolve_user};
static const Reference account_ref = {"account", "account_id", resolve_account};

typedef struct ImportKind {
  const char *name;             /* as typed: "accounts" */
  const ResourceDef *def;       /* the API resource whose field table checks each record */
  const Reference *const *refs; /* NULL-terminated; may be NULL */
  const char *key;              /* a field whose value must be new to the store, or NULL */
  StoreLookup key_lookup;
  int has_lines; /* orders: each row is a line; rows sharing the key make one order */
} ImportKind;

static const Reference *const account_refs[] = {&account_manager_ref, NULL};
static const Reference *const belongs_to_account[] = {&account_ref, NULL};
static const ImportKind import_kinds[] = {
    {"accounts", &account_resource, account_refs, "name", STORE_LOOKUP_ACCOUNT_NAME, 0},
    {"contacts", &contact_resource, belongs_to_account, NULL, 0, 0},
    {"parts", &part_resource, NULL, "part_number", STORE_LOOKUP_PART_NUMBER, 0},
    {"orders", &order_resource, belongs_to_account, "number", STORE_LOOKUP_ORDER_NUMBER, 1},
};

/* --- the file in memory ------------------------------------------------------------ */

typedef enum { COLUMN_FIELD, COLUMN_LINE_FIELD, COLUMN_REFERENCE } ColumnRole;

typedef struct Column {
  const char *name; /* borrowed from the header row's copy */
  ColumnRole role;
  const FieldSpec *spec; /* for fields */
  const Reference *ref;  /* for references */
} Column;

#define NO_ROW ((size_t)-1)

typedef struct Row {
  size_t line;
  char *raw; /* owned: the row as written, for the rejects file */
  size_t raw_len;
  char **cells; /* owned, ncells of them */
  size_t ncells;
  json_t *errors; /* owned array of messages; NULL while the row is good */
  size_t next;    /* the next row of the same record, or NO_ROW */
} Row;

/* One record to create: a row, or for orders the rows sharing a number. */
typedef struct Item {
  size_t first, last;
} Item;

typedef struct Import {
  const ImportKind *kind;
  const char *file;
  Db *db;
  Request req; /* what the resource's defaults and checks are given */
  char *header_raw;
  size_t header_len;
  char **header; /* owned names, ncolumns of them */
  Column *columns;
  size_t ncolumns;
  Row *rows;
  size_t nrows, rows_cap;
  Item *items;
  size_t nitems, items_cap;
  size_t records_loaded, lines_loaded, rows_rejected;
} Import;

static char **copy_fields(const CsvRecord *rec) {
  char **cells = calloc(rec->nfields, sizeof *cells);
  if (!cells) abort();
  for (size_t i = 0; i < rec->nfields; i++)
    if (!(cells[i] = strdup(rec->fields[i]))) abort();
  return cells;
}

static char *copy_bytes(const char *s, size_t len) {
  char *copy = malloc(len + 1);
  if (!copy) abort();
  memcpy(copy, s, len);
  copy[len] = '\0';
  return copy;
}

void cli_import_problem(Buffer *out, const char *column, const char *fmt, va_list ap) {
  if (column) buffer_printf(out, "column %s: ", column);
  buffer_vprintf(out, fmt, ap);
}

/* Adds a problem to a row; column may be NULL for the row as a whole. */
static void row_error(Row *row, const char *column, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void row_error(Row *row, const char *column, const char *fmt, ...) {
  Buffer msg = BUFFER_INIT;
  va_list ap;
  va_start(ap, fmt);
  cli_import_problem(&msg, column, fmt, ap);
  va_end(ap);
  if (!row->errors) row->errors = json_array();
  json_array_append_new(row->errors, json_string(buffer_cstr(&msg)));
  buffer_free(&msg);
}

static void import_free(Import *im) {
  for (size_t i = 0; i < im->nrows; i++) {
    for (size_t c = 0; c < im->rows[i].ncells; c++) free(im->rows[i].cells[c]);
    free(im->rows[i].cells);
    free(im->rows[i].raw);
    json_decref(im->rows[i].errors);
  }
  for (size_t c = 0; c < im->ncolumns; c++) free(im->header[c]);
  free(im->header);
  free(im->header_raw);
  free(im->columns);
  free(im->rows);
  free(im->items);
}

/* --- the header -------------------------------------------------------------------- */

static const FieldSpec *find_spec(const FieldSpec *fields, const char *name) {
  for (const FieldSpec *f = fields; f && f->name; f++)
    if (strcmp(f->name, name) == 0) return f;
  return NULL;
}

static const Reference *find_ref(const ImportKind *kind, const char *column) {
  for (const Reference *const *r = kind->refs; r && *r; r++)
    if (strcmp((*r)->column, column) == 0) return *r;
  return NULL;
}

static const Reference *ref_for_field(const ImportKind *kind, const char *field) {
  for (const Reference *const *r = kind->refs; r && *r; r++)
    if (strcmp((*r)->field, field) == 0) return *r;
  return NULL;
}

static int in_list(const char *const *list, const char *name) {
  for (; list && *list; list++)
    if (strcmp(*list, name) == 0) return 1;
  return 0;
}

static int has_column(const Import *im, const char *name) {
  for (size_t c = 0; c < im->ncolumns; c++)
    if (strcmp(im->columns[c].name, name) == 0) return 1;
  return 0;
}

static void list_known_columns(const ImportKind *kind, Buffer *out) {
  const FieldSpec *tables[] = {kind->def->fields, kind->has_lines ? order_line_fields : NULL};
  for (int t = 0; t < 2; t++)
    for (const FieldSpec *f = tables[t]; f && f->name; f++) buffer_printf(out, "%s%s", out->len ? ", " : "", f->name);
  for (const Reference *const *r = kind->refs; r && *r; r++) buffer_printf(out, ", %s", (*r)->column);
}

/* Reports a required field that no column gives (nor a default fills). */
static int check_required(Import *im, const FieldSpec *fields, const json_t *defaults) {
  int missing = 0;
  for (const FieldSpec *f = fields; f->name; f++) {
    if (!(f->flags & FIELD_REQUIRED) || json_object_get(defaults, f->name) || has_column(im, f->name)) continue;
    const Reference *ref = ref_for_field(im->kind, f->name);
    if (ref && has_column(im, ref->column)) continue;
    if (ref)
      fprintf(stderr, "%s:1: missing column '%s' (or '%s')\n", im->file, ref->column, f->name);
    else
      fprintf(stderr, "%s:1: missing column '%s'\n", im->file, f->name);
    missing = 1;
  }
  return missing;
}

/* Names each header column's role; prints every problem and returns -1 when
 * there is one (unknown, repeated or missing columns). */
static int read_header(Import *im, const CsvRecord *rec) {
  if (rec->error) {
    fprintf(stderr, "%s:%zu: the header row has %s\n", im->file, rec->line, rec->error);
    return -1;
  }
  im->header = copy_fields(rec);
  im->header_raw = copy_bytes(rec->raw, rec->raw_len);
  im->header_len = rec->raw_len;
  im->ncolumns = rec->nfields;
  im->columns = calloc(im->ncolumns, sizeof *im->columns);
  if (!im->columns) abort();
  for (size_t c = 0; c < im->ncolumns; c++) im->columns[c].name = im->header[c];
  int bad = 0;
  for (size_t c = 0; c < im->ncolumns; c++) {
    Column *col = &im->columns[c];
    if ((col->spec = find_spec(im->kind->def->fields, col->name)))
      col->role = COLUMN_FIELD;
    else if ((col->ref = find_ref(im->kind, col->name)))
      col->role = COLUMN_REFERENCE;
    else if (im->kind->has_lines && (col->spec = find_spec(order_line_fields, col->name)))
      col->role = COLUMN_LINE_FIELD;
    else if (in_list(im->kind->def->read_only, col->name)) {
      fprintf(stderr, "%s:%zu: column '%s' is read-only: the store sets it; remove the column\n", im->file, rec->line,
              col->name);
      bad = 1;
      continue;
    } else {
      Buffer known = BUFFER_INIT;
      list_known_columns(im->kind, &known);
      fprintf(stderr, "%s:%zu: unknown column '%s' (the columns of %s are: %s)\n", im->file, rec->line, col->name,
              im->kind->name, buffer_cstr(&known));
      buffer_free(&known);
      bad = 1;
      continue;
    }
    for (size_t e = 0; e < c; e++)
      if (strcmp(im->columns[e].name, col->name) == 0) {
        fprintf(stderr, "%s:%zu: column '%s' appears twice\n", im->file, rec->line, col->name);
        bad = 1;
      }
    if (col->role == COLUMN_REFERENCE && has_column(im, col->ref->field)) {
      fprintf(stderr, "%s:%zu: give either column '%s' or '%s', not both\n", im->file, rec->line, col->ref->column,
              col->ref->field);
      bad = 1;
    }
  }
  json_t *defaults = json_object();
  if (im->kind->def->defaults) im->kind->def->defaults(&im->req, defaults);
  bad |= check_required(im, im->kind->def->fields, defaults);
  if (im->kind->has_lines) bad |= check_required(im, order_line_fields, defaults);
  json_decref(defaults);
  return bad ? -1 : 0;
}

/* --- rows into records ---------------------------------------------------------------- */

static void add_row(Import *im, const CsvRecord *rec) {
  im->rows = array_grow(im->rows, &im->rows_cap, im->nrows + 1, sizeof *im->rows);
  Row *row = &im->rows[im->nrows++];
  memset(row, 0, sizeof *row);
  row->line = rec->line;
  row->raw = copy_bytes(rec->raw, rec->raw_len);
  row->raw_len = rec->raw_len;
  row->cells = copy_fields(rec);
  row->ncells = rec->nfields;
  row->next = NO_ROW;
  if (rec->error)
    row_error(row, rec->error_field < im->ncolumns ? im->columns[rec->error_field].name : "(beyond the header)", "%s",
              rec->error);
  else if (rec->nfields != im->ncolumns)
    row_error(row, NULL, "has %zu fields; the header has %zu", rec->nfields, im->ncolumns);
}

/* The value rows are grouped by (orders: the number), or NULL when a row
 * stands alone: other kinds, or a key that is missing or unreadable. */
static const char *group_key(const Import *im, const Row *row) {
  if (!im->kind->has_lines) return NULL;
  for (size_t c = 0; c < im->ncolumns && c < row->ncells; c++)
    if (strcmp(im->columns[c].name, im->kind->key) == 0) {
      const char *v = row->cells[c];
      return *v && text_utf8_length(v, strlen(v)) >= 0 ? v : NULL;
    }
  return NULL;
}

/* Forms the records: one per row, or per order number for orders (in the
 * order each number first appears). */
static void group_rows(Import *im) {
  json_t *by_key = json_object();
  for (size_t i = 0; i < im->nrows; i++) {
    const char *key = group_key(im, &im->rows[i]);
    json_t *known = key ? json_object_get(by_key, key) : NULL;
    if (known) {
      Item *item = &im->items[json_integer_value(known)];
      im->rows[item->last].next = i;
      item->last = i;
      continue;
    }
    if (key) json_object_set_new(by_key, key, json_integer((json_int_t)im->nitems));
    im->items = array_grow(im->items, &im->items_cap, im->nitems + 1, sizeof *im->items);
    im->items[im->nitems++] = (Item){i, i};
  }
  json_decref(by_key);
}

/* A cell as the JSON value the field table expects. Text that is not a
 * number where one is wanted stays a string, so api_validate names the problem. */
static json_t *cell_value(const FieldSpec *spec, const char *cell) {
  if (spec->kind == FIELD_INT || spec->kind == FIELD_REF) {
    char *end;
    errno = 0;
    long long n = strtoll(cell, &end, 10);
    if ((isdigit((unsigned char)cell[0]) || cell[0] == '-') && !*end && errno == 0) return json_integer(n);
  } else if (spec->kind == FIELD_BOOL) {
    static const char *const yes[] = {"true", "yes", "1"}, *const no[] = {"false", "no", "0"};
    for (int i = 0; i < 3; i++) {
      if (strcasecmp(cell, yes[i]) == 0) return json_true();
      if (strcasecmp(cell, no[i]) == 0) return json_false();
    }
  }
  return json_string(cell);
}

/* A record being built from rows. */
typedef struct Record {
  json_t *values; /* the record's fields */
  json_t *lines;  /* orders: one object per row; else NULL */
  /* Where each field came from, so its problems are reported on that row and
   * column: field -> {"row": index, "column": name, "unresolved": true when
   * the column named no record}. */
  json_t *sources;
} Record;

/* Sets a record-level field from a row; a later row of the same order that
 * gives a different value is an error on that row. */
static void set_field(Import *im, Record *rec, size_t row_index, const char *column, const char *field, json_t *value) {
  json_t *source = json_object_get(rec->sources, field);
  if (source) {
    int unresolved = json_is_true(json_object_get(source, "unresolved"));
    if (!unresolved && !json_equal(json_object_get(rec->values, field), value)) {
      const Row *first = &im->rows[json_integer_value(json_object_get(source, "row"))];
      row_error(&im->rows[row_index], column, "differs from line %zu of the same order", first->line);
    }
    json_decref(value);
    return;
  }
  json_object_set_new(rec->values, field, value);
  json_object_set_new(rec->sources, field, json_pack("{s:I, s:s}", "row", (json_int_t)row_index, "column", column));
}

/* Fills rec from the rows of item, resolving references; problems go to the
 * rows. Returns -1 only when the store fails. */
static int build_record(Import *im, const Item *item, Record *rec, Error *err) {
  Buffer problem = BUFFER_INIT;
  for (size_t r = item->first; r != NO_ROW; r = im->rows[r].next) {
    Row *row = &im->rows[r];
    json_t *line = im->kind->has_lines ? json_object() : NULL;
    for (size_t c = 0; c < im->ncolumns; c++) {
      const Column *col = &im->columns[c];
      const char *cell = row->cells[c];
      if (!*cell) continue;
      if (col->role == COLUMN_LINE_FIELD) {
        json_object_set_new(line, col->spec->name, cell_value(col->spec, cell));
      } else if (col->role == COLUMN_FIELD) {
        set_field(im, rec, r, col->name, col->spec->name, cell_value(col->spec, cell));
      } else {
        int64_t id = 0;
        buffer_reset(&problem);
        int found = col->ref->resolve(im->db, cell, &id, &problem, err);
        if (found < 0) {
          json_decref(line);
          buffer_free(&problem);
          return -1;
        }
        if (found == 0) {
          set_field(im, rec, r, col->name, col->ref->field, json_integer(id));
        } else {
          row_error(row, col->name, "%s", buffer_cstr(&problem));
          /* The field is then missing too; the row already says why. */
          if (!json_object_get(rec->sources, col->ref->field))
            json_object_set_new(
                rec->sources, col->ref->field,
                json_pack("{s:I, s:s, s:b}", "row", (json_int_t)r, "column", col->name, "unresolved", 1));
        }
      }
    }
    /* A line's part number names a catalogue part when there is one. */
    const char *part_number = json_string_value(json_object_get(line, "part_number"));
    if (part_number && !json_object_get(line, "part_id")) {
      int64_t part_id = 0, matches = 0;
      if (store_lookup(im->db, STORE_LOOKUP_PART_NUMBER, part_number, &part_id, &matches, err)) {
        json_decref(line);
        buffer_free(&problem);
        return -1;
      }
      if (part_id) json_object_set_new(line, "part_id", json_integer(part_id));
    }
    if (line) json_array_append_new(rec->lines, line);
  }
  buffer_free(&problem);
  return 0;
}

/* Moves the field errors of check into the rows they concern: a field from
 * rec->sources, else fallback's row under the field's own name. Returns -1
 * when check holds an error that is not about fields (a store failure). */
static int place_errors(Import *im, const Record *rec, size_t fallback, Error *check, Error *err) {
  if (check->status && !error_has_fields(check)) {
    *err = *check;
    *check = (Error)ERROR_INIT;
    return -1;
  }
  size_t i;
  json_t *fe;
  json_array_foreach (check->fields, i, fe) {
    const char *field = json_string_value(json_object_get(fe, "field"));
    json_t *source = rec ? json_object_get(rec->sources, field) : NULL;
    if (json_is_true(json_object_get(source, "unresolved"))) continue;
    size_t row = source ? (size_t)json_integer_value(json_object_get(source, "row")) : fallback;
    const char *column = source ? json_string_value(json_object_get(source, "column")) : field;
    row_error(&im->rows[row], column, "%s", json_string_value(json_object_get(fe, "message")));
  }
  error_clear(check);
  return 0;
}

/* Checks rec with the API's field tables and rules, and that its key is new.
 * Problems go to the rows; returns -1 only when the store fails. */
static int check_record(Import *im, const Item *item, Record *rec, Error *err) {
  const ResourceDef *def = im->kind->def;
  Error check = ERROR_INIT;
  if (def->defaults) def->defaults(&im->req, rec->values);
  api_validate(im->db, rec->values, def->fields, def->read_only, 0, &check);
  if (!error_has_fields(&check) && def->check) def->check(&im->req, rec->values, &check);
  if (place_errors(im, rec, item->first, &check, err)) return -1;
  size_t r = item->first;
  for (size_t i = 0; i < json_array_size(rec->lines); i++, r = im->rows[r].next) {
    api_validate(im->db, json_array_get(rec->lines, i), order_line_fields, order_line_read_only, 0, &check);
    if (place_errors(im, NULL, r, &check, err)) return -1;
  }
  const char *key = im->kind->key ? json_string_value(json_object_get(rec->values, im->kind->key)) : NULL;
  if (key) {
    int64_t id = 0, matches = 0;
    if (store_lookup(im->db, im->kind->key_lookup, key, &id, &matches, err)) return -1;
    json_t *source = json_object_get(rec->sources, im->kind->key);
    if (id)
      row_error(&im->rows[json_integer_value(json_object_get(source, "row"))],
                json_string_value(json_object_get(source, "column")), "already exists as %s %lld", def->table->entity,
                (long long)id);
  }
  return 0;
}

static int item_has_errors(const Import *im, const Item *item) {
  for (size_t r = item->first; r != NO_ROW; r = im->rows[r].next)
    if (im->rows[r].errors) return 1;
  return 0;
}

/* Marks every row of a rejected record, so the good lines of a bad order are
 * reported (and written to the rejects file) with it. */
static void reject_item(Import *im, const Item *item) {
  size_t first_bad = 0;
  for (size_t r = item->first; r != NO_ROW; r = im->rows[r].next)
    if (im->rows[r].errors && !first_bad) first_bad = im->rows[r].line;
  for (size_t r = item->first; r != NO_ROW; r = im->rows[r].next) {
    if (!im->rows[r].errors)
      row_error(&im->rows[r], NULL, "not imported: line %zu of the same order has an error", first_bad);
    im->rows_rejected++;
  }
}

/* Creates the record of one item inside its own savepoint. Returns 0 when it
 * was created, 1 when it was rejected (its rows say why), -1 when the store
 * failed (err set). */
static int import_item(Import *im, const Item *item, Error *err) {
  if (item_has_errors(im, item)) {
    reject_item(im, item);
    return 1;
  }
  if (store_savepoint(im->db, err)) return -1;
  Record rec = {json_object(), im->kind->has_lines ? json_array() : NULL, json_object()};
  int64_t id = 0;
  int rc = build_record(im, item, &rec, err);
  if (!rc) rc = check_record(im, item, &rec, err);
  if (!rc && !item_has_errors(im, item)) {
    rc = im->kind->has_lines ? cli_order_create(im->db, rec.values, rec.lines, im->req.now, &id, err)
                             : cli_record_create(im->db, im->kind->def->table, rec.values, im->req.now, &id, err);
    /* A value made unique by the schema but not checked above (a race with
     * another writer) rejects the row rather than the whole import. */
    if (rc && err->status == 409) {
      row_error(&im->rows[item->first], NULL, "%s", err->detail ? err->detail : "conflicts with a stored record");
      error_clear(err);
      rc = 0;
    }
  }
  int rejected = !rc && item_has_errors(im, item);
  if (rc || rejected)
    store_rollback_to_savepoint(im->db);
  else
    rc = store_release_savepoint(im->db, err);
  if (rejected) {
    reject_item(im, item);
  } else if (!rc) {
    im->records_loaded++;
    im->lines_loaded += json_array_size(rec.lines);
  }
  json_decref(rec.values);
  json_decref(rec.lines);
  json_decref(rec.sources);
  return rc ? -1 : rejected;
}

/* --- input and output ---------------------------------------------------------------- */

/* Writes the header and the rejected rows as they were, each with an error column. */
static int write_rejects(const Import *im, const char *path) {
  Buffer out = BUFFER_INIT;
  buffer_append(&out, im->header_raw, im->header_len);
  buffer_puts(&out, ",error\r\n");
  Buffer reason = BUFFER_INIT;
  for (size_t i = 0; i < im->nrows; i++) {
    const Row *row = &im->rows[i];
    if (!row->errors) continue;
    buffer_reset(&reason);
    size_t k;
    json_t *msg;
    json_array_foreach (row->errors, k, msg) buffer_printf(&reason, "%s%s", k ? "; " : "", json_string_value(msg));
    buffer_append(&out, row->raw, row->raw_len);
    buffer_putc(&out, ',');
    csv_append_field(&out, buffer_cstr(&reason));
    buffer_puts(&out, "\r\n");
  }
  buffer_free(&reason);
  FILE *f = fopen(path, "wb");
  int ok = f && fwrite(out.data, 1, out.len, f) == out.len;
  if (f && fclose(f) != 0) ok = 0;
  if (!ok) fprintf(stderr, "forgedesk: cannot write the rejected rows to %s: %s\n", path, strerror(errno));
  buffer_free(&out);
  return ok ? 0 : -1;
}

static void print_row_errors(const Import *im) {
  for (size_t i = 0; i < im->nrows; i++) {
    size_t k;
    json_t *msg;
    json_array_foreach (im->rows[i].errors, k, msg)
      fprintf(stderr, "%s:%zu: %s\n", im->file, im->rows[i].line, json_string_value(msg));
  }
}

/* Reads the header and every row of data[0..len) into im; returns -1 (after
 * printing why) when the file cannot be imported at all. */
static int read_rows(Import *im, const char *data, size_t len) {
  CsvReader reader;
  CsvRecord rec;
  csv_reader_init(&reader, data, len);
  int rc = 0;
  if (csv_read(&reader, &rec) != 1) {
    fprintf(stderr, "%s: the file is empty; its first row must name the columns\n", im->file);
    rc = -1;
  } else {
    rc = read_header(im, &rec);
  }
  while (!rc && csv_read(&reader, &rec) == 1)
    if (rec.error || rec.nfields > 1 || rec.fields[0][0]) add_row(im, &rec); /* blank lines are skipped */
  csv_reader_free(&reader);
  return rc;
}

/* Refuses a database whose schema is older than this binary's. */
static int check_schema(Db *db) {
  Error err = ERROR_INIT;
  int version = 0;
  if (store_schema_version(db, &version, &err)) {
    int code = cli_fail(&err);
    error_clear(&err);
    return code;
  }
  if (version >= store_latest_schema_version()) return EXIT_OK;
  fprintf(stderr, "forgedesk: the database is at schema version %d; run `forgedesk init` first\n", version);
  return EXIT_FAILED;
}

/* Creates every item in one write transaction and keeps it only when every
 * row is good, or with skip_bad once the rejected rows are safely written to
 * rejects (NULL: not wanted). Prints the rows' problems and a summary;
 * returns the exit code. */
static int import_all(Import *im, int skip_bad, const char *rejects) {
  Error err = ERROR_INIT;
  int rc = store_begin_write(im->db, &err);
  for (size_t i = 0; !rc && i < im->nitems; i++) rc = import_item(im, &im->items[i], &err) < 0 ? -1 : 0;
  if (rc) {
    store_rollback(im->db);
    cli_fail(&err); /* whatever its status, nothing in the rows can fix it */
    error_clear(&err);
    return EXIT_FAILED;
  }
  print_row_errors(im);
  int keep = !im->rows_rejected || skip_bad;
  if (im->rows_rejected && rejects && write_rejects(im, rejects)) keep = 0, rc = -1;
  if (keep && store_commit(im->db, &err)) {
    cli_fail(&err);
    rc = -1;
  } else if (!keep) {
    store_rollback(im->db);
  }
  error_clear(&err);
  if (rc) return EXIT_FAILED;
  if (!keep) {
    fprintf(stderr, "forgedesk: %zu of %zu rows rejected; nothing was imported (--skip-bad imports the good rows)\n",
            im->rows_rejected, im->nrows);
    return EXIT_REJECTED;
  }
  printf("imported %zu %s", im->records_loaded, im->kind->name);
  if (im->kind->has_lines) printf(" (%zu lines)", im->lines_loaded);
  printf(" from %s", im->file);
  if (im->rows_rejected) printf("; %zu rows rejected, written to %s", im->rows_rejected, rejects);
  printf("\n");
  return im->rows_rejected ? EXIT_REJECTED : EXIT_OK;
}

static const ImportKind *find_kind(const char *name) {
  for (size_t i = 0; i < sizeof import_kinds / sizeof import_kinds[0]; i++)
    if (strcmp(name, import_kinds[i].name) == 0) return &import_kinds[i];
  return NULL;
}

int cli_import_csv(Db *db, const char *kind_name, const char *file, const char *data, size_t len, int skip_bad,
                   const char *rejects) {
  const ImportKind *kind = find_kind(kind_name);
  if (!kind) return EXIT_USAGE;
  Import im;
  memset(&im, 0, sizeof im);
  im.kind = kind;
  im.file = file;
  im.db = db;
  im.req.db = db;
  im.req.actor = cli_actor;
  time_now_text(im.req.now);
  int code = read_rows(&im, data, len) ? EXIT_REJECTED : EXIT_OK;
  if (code == EXIT_OK) {
    group_rows(&im);
    code = import_all(&im, skip_bad, rejects);
  }
  import_free(&im);
  return code;
}

int cmd_import(int argc, char **argv) {
  static const CliOptionSpec specs[] = {{"--db", 1}, {"--skip-bad", 0}, {"--rejects", 1}, {NULL, 0}};
  static const char usage[] =
      "usage: forgedesk import accounts|contacts|parts|orders|cases FILE.csv [--db URL] [--skip-bad] [--rejects FILE]\n\n"
      "Loads records from an RFC 4180 CSV file (UTF-8, comma-separated). The first row\n"
      "names the columns after the API's fields (docs/API.md); other records are named,\n"
      "not numbered: `account` (an account's name) instead of account_id, and for\n"
      "accounts `account_manager` (a username). Orders take one row per line:\n"
      "  number, account, ordered_on, promised_on, delivered_on, currency,\n"
      "  part_number, description, quantity, unit_price_minor\n"
      "and rows with the same number make one order. Cases (docs/IMPORT.md) take\n"
      "  account (or account_id), contact (an email), type, priority, status, subject,\n"
      "  description, channel, team (a name), assignee (a username or email),\n"
      "  opened_at, first_response_at, resolved_at, closed_at\n"
      "and get their SLA clocks from their history; the roll-ups are rebuilt after.\n\n"
      "Every bad row is reported as FILE:LINE: column COLUMN: reason, and nothing is\n"
      "imported unless every row is good. With --skip-bad the good rows are imported\n"
      "and the bad ones written as they were, with an `error` column, to\n"
      "FILE.rejects.csv; --rejects names that file (and writes it without --skip-bad too).\n\n"
      "Exit codes: 0 all imported; 1 the store failed; 2 usage (or FILE unreadable);\n"
      "3 rows rejected (with or without --skip-bad).\n";
  CliOptions o;
  int p = cli_parse(argc, argv, specs, usage, &o);
  if (p) return p > 0 ? EXIT_OK : EXIT_USAGE;
  const ImportKind *kind = o.nargs == 2 ? find_kind(o.args[0]) : NULL;
  int cases = o.nargs == 2 && strcmp(o.args[0], "cases") == 0; /* streamed from the file, not read whole */
  if (!kind && !cases) {
    fprintf(stderr, "%s", usage);
    return EXIT_USAGE;
  }
  int skip_bad = cli_value(&o, specs, "--skip-bad", NULL) != NULL;
  Buffer data = BUFFER_INIT;
  if (!cases && cli_read_file(o.args[1], &data)) return EXIT_USAGE;

  Buffer rejects = BUFFER_INIT;
  if (cli_value(&o, specs, "--rejects", NULL))
    buffer_puts(&rejects, cli_value(&o, specs, "--rejects", NULL));
  else if (skip_bad)
    buffer_printf(&rejects, "%s.rejects.csv", o.args[1]);
  Db *db = NULL;
  int code = cli_open_store(cli_value(&o, specs, "--db", CLI_DEFAULT_DB), &db) ? EXIT_FAILED : check_schema(db);
  const char *rejects_path = rejects.len ? buffer_cstr(&rejects) : NULL;
  if (code == EXIT_OK)
    code = cases ? cli_import_cases(db, o.args[1], skip_bad, rejects_path)
                 : cli_import_csv(db, kind->name, o.args[1], buffer_cstr(&data), data.len, skip_bad, rejects_path);
  store_close(db);
  buffer_free(&rejects);
  buffer_free(&data);
  return code;
}
