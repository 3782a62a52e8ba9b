/* `forgedesk import cases`: an older system's cases from a CSV file, read as
 * a stream (the file mapped, one row at a time, nothing of a row kept once
 * it is written), every field checked as the API checks it, the records
 * named by name resolved from tables read once, each case written with its
 * timeline and its SLA clocks computed from its own history, all in one
 * transaction; then the report roll-ups are caught up. One audit entry
 * records the import. See docs/IMPORT.md. */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "api/cases.h"
#include "api/sla.h"
#include "cli/cli.h"
#include "core/case_workflow.h"
#include "core/csv.h"
#include "util/text.h"

#define ROLLUP_BATCH 1000000
#define PROGRESS_ROWS 100000
#define MAX_POLICIES 64 /* distinct SLA policies an import keeps compiled */
#define MAX_VALUE_FIELDS 32

typedef enum {
  COL_ACCOUNT,
  COL_ACCOUNT_ID,
  COL_CONTACT,
  COL_TYPE,
  COL_PRIORITY,
  COL_STATUS,
  COL_SUBJECT,
  COL_DESCRIPTION,
  COL_CHANNEL,
  COL_TEAM,
  COL_ASSIGNEE,
  COL_OPENED_AT,
  COL_FIRST_RESPONSE_AT,
  COL_RESOLVED_AT,
  COL_CLOSED_AT,
  COL_COUNT
} CaseColumn;

static const char *const column_names[COL_COUNT] = {
    "account", "account_id", "contact",   "type",     "priority",          "status",      "subject",  "description",
    "channel", "team",       "assignee",  "opened_at", "first_response_at", "resolved_at", "closed_at"};

/* The instants of a case, checked and normalised to UTC as the API checks its instants. */
static const FieldSpec instant_fields[] = {
    {"opened_at", FIELD_INSTANT, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {"first_response_at", FIELD_INSTANT, 0, 0, 0, NULL, NULL},
    {"resolved_at", FIELD_INSTANT, 0, 0, 0, NULL, NULL},
    {"closed_at", FIELD_INSTANT, 0, 0, 0, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

typedef struct CompiledPolicy {
  int64_t id;
  const SlaPolicy *policy; /* acquired */
} CompiledPolicy;

typedef struct CaseImport {
  Db *db;
  const char *file;
  Request req; /* what the case resource's defaults are given: no user, the import's now */
  time_t now;
  int col[COL_COUNT]; /* each column's place in the header, -1 when absent */
  size_t ncolumns;
  /* The case resource's fields that are values, not references (those are
   * resolved from the tables below instead of a query a row). */
  FieldSpec value_fields[MAX_VALUE_FIELDS];
  /* Lookups, each an object: folded account name -> id (or -matches when
   * several share it); account id -> policy id (0 none); "account:email" ->
   * contact id; folded team name -> id; username and lower-case email -> user id. */
  json_t *account_names, *account_policies, *contacts, *teams, *users;
  CompiledPolicy policies[MAX_POLICIES];
  int npolicies;
  int skip_bad, writing; /* writing drops to 0 at the first bad row unless skip_bad */
  const char *rejects_path;
  FILE *rejects;
  Buffer header_raw; /* the header row as written, for the rejects file */
  size_t rows, imported, rejected;
  int64_t first_id, last_id;
  Buffer problems; /* the current row's problems, "; "-separated, for the rejects file */
  size_t line;     /* the current row's */
} CaseImport;

/* --- the names a file may use ------------------------------------------------------------ */

static void lower_ascii(const char *s, Buffer *out) {
  buffer_reset(out);
  for (; *s; s++) buffer_putc(out, *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s);
}

static void folded(const char *s, Buffer *out) {
  buffer_reset(out);
  text_fold(s, out);
}

static void id_key(int64_t id, char out[24]) { snprintf(out, 24, "%lld", (long long)id); }

static json_int_t row_id(const json_t *row, const char *name) { return json_integer_value(json_object_get(row, name)); }

/* Builds the lookups from the store's tables of accounts, contacts, teams and users. */
static int load_names(CaseImport *im, Error *err) {
  StoreCaseImportNames n;
  if (store_case_import_names(im->db, &n, err)) return -1;
  im->account_names = json_object();
  im->account_policies = json_object();
  im->contacts = json_object();
  im->teams = json_object();
  im->users = json_object();
  Buffer key = BUFFER_INIT;
  char id[24];
  size_t i;
  json_t *row;
  json_array_foreach (n.accounts, i, row) {
    const char *name = json_string_value(json_object_get(row, "name_key"));
    json_t *known = json_object_get(im->account_names, name);
    json_int_t matches = known ? json_integer_value(known) : 0;
    json_object_set_new(im->account_names, name,
                        json_integer(!known ? row_id(row, "id") : matches > 0 ? -2 : matches - 1));
    id_key(row_id(row, "id"), id);
    json_object_set_new(im->account_policies, id, json_integer(row_id(row, "policy_id")));
  }
  json_array_foreach (n.contacts, i, row) {
    buffer_reset(&key);
    buffer_printf(&key, "%lld:%s", (long long)row_id(row, "account_id"),
                  json_string_value(json_object_get(row, "email")));
    if (!json_object_get(im->contacts, buffer_cstr(&key)))
      json_object_set_new(im->contacts, buffer_cstr(&key), json_integer(row_id(row, "id")));
  }
  json_array_foreach (n.teams, i, row) {
    folded(json_string_value(json_object_get(row, "name")), &key);
    json_object_set_new(im->teams, buffer_cstr(&key), json_integer(row_id(row, "id")));
  }
  json_array_foreach (n.users, i, row) {
    const char *email = json_string_value(json_object_get(row, "email"));
    if (email && !json_object_get(im->users, email))
      json_object_set_new(im->users, email, json_integer(row_id(row, "id")));
  }
  /* A username wins over another user's email of the same text. */
  json_array_foreach (n.users, i, row)
    json_object_set_new(im->users, json_string_value(json_object_get(row, "username")),
                        json_integer(row_id(row, "id")));
  buffer_free(&key);
  store_case_import_names_free(&n);
  return 0;
}

/* The compiled policy id, acquired once for the import. */
static int policy_of(CaseImport *im, int64_t id, const SlaPolicy **out, Error *err) {
  for (int i = 0; i < im->npolicies; i++)
    if (im->policies[i].id == id) {
      *out = im->policies[i].policy;
      return 0;
    }
  if (im->npolicies == MAX_POLICIES)
    return error_set(err, 500, "Too many policies", "an import handles at most %d SLA policies", MAX_POLICIES);
  if (sla_policy_acquire(im->db, id, out, err)) return -1;
  im->policies[im->npolicies++] = (CompiledPolicy){id, *out};
  return 0;
}

/* --- the header ------------------------------------------------------------------------------ */

static int find_column(const char *name) {
  for (int c = 0; c < COL_COUNT; c++)
    if (strcmp(column_names[c], name) == 0) return c;
  return -1;
}

/* Places each header column; prints every problem and returns -1 when there is one. */
static int read_header(CaseImport *im, const CsvRecord *rec) {
  if (rec->error) {
    fprintf(stderr, "%s:%zu: the header row has %s\n", im->file, rec->line, rec->error);
    return -1;
  }
  int bad = 0;
  for (int c = 0; c < COL_COUNT; c++) im->col[c] = -1;
  for (size_t i = 0; i < rec->nfields; i++) {
    int c = find_column(rec->fields[i]);
    if (c < 0) {
      fprintf(stderr, "%s:%zu: unknown column '%s' (the columns of cases are:", im->file, rec->line, rec->fields[i]);
      for (int k = 0; k < COL_COUNT; k++) fprintf(stderr, "%s %s", k ? "," : "", column_names[k]);
      fprintf(stderr, ")\n");
      bad = 1;
    } else if (im->col[c] >= 0) {
      fprintf(stderr, "%s:%zu: column '%s' appears twice\n", im->file, rec->line, rec->fields[i]);
      bad = 1;
    } else {
      im->col[c] = (int)i;
    }
  }
  if (im->col[COL_ACCOUNT] >= 0 && im->col[COL_ACCOUNT_ID] >= 0) {
    fprintf(stderr, "%s:%zu: give either column 'account' or 'account_id', not both\n", im->file, rec->line);
    bad = 1;
  } else if (im->col[COL_ACCOUNT] < 0 && im->col[COL_ACCOUNT_ID] < 0) {
    fprintf(stderr, "%s:%zu: missing column 'account' (or 'account_id')\n", im->file, rec->line);
    bad = 1;
  }
  static const CaseColumn required[] = {COL_TYPE, COL_SUBJECT, COL_OPENED_AT};
  for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
    if (im->col[required[i]] < 0) {
      fprintf(stderr, "%s:%zu: missing column '%s'\n", im->file, rec->line, column_names[required[i]]);
      bad = 1;
    }
  im->ncolumns = rec->nfields;
  buffer_append(&im->header_raw, rec->raw, rec->raw_len); /* the mapped file's pages are let go as they are read */
  return bad ? -1 : 0;
}

/* --- one row ----------------------------------------------------------------------------------- */

/* The row's problem on column (NULL: the row as a whole), printed as FILE:LINE: at once. */
static void problem(CaseImport *im, const char *column, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void problem(CaseImport *im, const char *column, const char *fmt, ...) {
  Buffer msg = BUFFER_INIT;
  va_list ap;
  va_start(ap, fmt);
  cli_import_problem(&msg, column, fmt, ap);
  va_end(ap);
  fprintf(stderr, "%s:%zu: %s\n", im->file, im->line, buffer_cstr(&msg));
  buffer_printf(&im->problems, "%s%s", im->problems.len ? "; " : "", buffer_cstr(&msg));
  buffer_free(&msg);
}

/* The name of the header's column i. */
static const char *column_at(const CaseImport *im, size_t i) {
  for (int c = 0; c < COL_COUNT; c++)
    if (im->col[c] == (int)i) return column_names[c];
  return "(beyond the header)";
}

/* The cell of column c, "" when the file has no such column. */
static const char *cell(const CaseImport *im, const CsvRecord *rec, CaseColumn c) {
  return im->col[c] >= 0 ? rec->fields[im->col[c]] : "";
}

/* An id named by a cell through lookup (0 when the cell is empty or names nothing, which is reported). */
static int64_t look_up(CaseImport *im, json_t *lookup, const char *key, const char *column, const char *what,
                       const char *text) {
  json_int_t id = json_integer_value(json_object_get(lookup, key));
  if (id > 0) return id;
  if (id < 0)
    problem(im, column, "%lld %ss are called '%s'; give account_id instead", (long long)-id, what, text);
  else
    problem(im, column, "no %s is called '%s'", what, text);
  return 0;
}

static int64_t resolve_account(CaseImport *im, const CsvRecord *rec, Buffer *key) {
  const char *name = cell(im, rec, COL_ACCOUNT), *id_text = cell(im, rec, COL_ACCOUNT_ID);
  if (im->col[COL_ACCOUNT] >= 0) {
    if (!*name) {
      problem(im, "account", "is required");
      return 0;
    }
    folded(name, key);
    return look_up(im, im->account_names, buffer_cstr(key), "account", "account", name);
  }
  char *end;
  errno = 0;
  long long id = strtoll(id_text, &end, 10);
  if (!*id_text || *end || errno || id <= 0) {
    problem(im, "account_id", *id_text ? "must be a positive id" : "is required");
    return 0;
  }
  char k[24];
  id_key(id, k);
  if (json_object_get(im->account_policies, k)) return id;
  problem(im, "account_id", "no account has id %lld", id);
  return 0;
}

/* The case's values as the API's field table checks them (problems reported under their column). */
static json_t *check_values(CaseImport *im, const CsvRecord *rec) {
  static const CaseColumn value_columns[] = {COL_TYPE, COL_PRIORITY, COL_SUBJECT, COL_DESCRIPTION, COL_CHANNEL};
  json_t *values = json_object();
  for (size_t i = 0; i < sizeof value_columns / sizeof value_columns[0]; i++) {
    const char *text = cell(im, rec, value_columns[i]);
    if (!*text) continue;
    json_t *v = json_string(text);
    if (value_columns[i] == COL_PRIORITY) {
      char *end;
      long n = strtol(text, &end, 10);
      if (!*end) json_decref(v), v = json_integer(n);
    }
    json_object_set_new(values, column_names[value_columns[i]], v);
  }
  case_resource.defaults(&im->req, values);
  Error check = ERROR_INIT;
  api_validate(im->db, values, im->value_fields, NULL, 0, &check);
  size_t i;
  json_t *fe;
  json_array_foreach (check.fields, i, fe)
    problem(im, json_string_value(json_object_get(fe, "field")), "%s",
            json_string_value(json_object_get(fe, "message")));
  error_clear(&check);
  return values;
}

/* The case's instants, normalised to UTC; each as time_t in at[] (0 when absent). */
static json_t *check_instants(CaseImport *im, const CsvRecord *rec, time_t at[4]) {
  json_t *instants = json_object();
  for (int i = 0; i < 4; i++) {
    const char *text = cell(im, rec, (CaseColumn)(COL_OPENED_AT + i));
    if (*text) json_object_set_new(instants, instant_fields[i].name, json_string(text));
  }
  Error check = ERROR_INIT;
  api_validate(im->db, instants, instant_fields, NULL, 0, &check);
  size_t k;
  json_t *fe;
  json_array_foreach (check.fields, k, fe) {
    const char *field = json_string_value(json_object_get(fe, "field"));
    problem(im, field, "%s", json_string_value(json_object_get(fe, "message")));
    json_object_del(instants, field);
  }
  error_clear(&check);
  for (int i = 0; i < 4; i++) {
    at[i] = 0;
    const char *text = json_string_value(json_object_get(instants, instant_fields[i].name));
    if (text) time_parse(text, &at[i]);
    if (at[i] > im->now) problem(im, instant_fields[i].name, "is in the future");
  }
  return instants;
}

enum { AT_OPENED, AT_FIRST_RESPONSE, AT_RESOLVED, AT_CLOSED };

/* A status change of the history: to a status, at one of the instants. */
typedef struct Step {
  CaseStatus to;
  int when; /* AT_… */
} Step;

/* The history a status and its instants tell: the status changes (into c)
 * and the clocks' events (into events, *nevents), oldest first. Reports what
 * does not fit together; returns -1 then. */
static int history(CaseImport *im, const char *status_text, const time_t at[4], json_t *instants,
                   StoreImportedCase *c, SlaEvent events[3], size_t *nevents) {
  CaseStatus status = CASE_NEW;
  if (*status_text && case_status_parse(status_text, &status)) {
    problem(im, "status", "must be one of new, open, waiting_on_customer, waiting_on_internal, resolved, closed");
    return -1;
  }
  if (status == CASE_REOPENED) {
    problem(im, "status", "an imported case cannot be reopened (its earlier resolution is not known); import it "
                          "as open");
    return -1;
  }
  int bad = 0;
  if (status == CASE_RESOLVED && !at[AT_RESOLVED])
    problem(im, "resolved_at", "is required for a resolved case"), bad = 1;
  if (status == CASE_CLOSED && !at[AT_CLOSED]) problem(im, "closed_at", "is required for a closed case"), bad = 1;
  if (at[AT_RESOLVED] && !case_status_is_final(status))
    problem(im, "resolved_at", "only a resolved or closed case has one (status is %s)", case_status_name(status)),
        bad = 1;
  if (at[AT_CLOSED] && status != CASE_CLOSED)
    problem(im, "closed_at", "only a closed case has one (status is %s)", case_status_name(status)), bad = 1;
  for (int i = AT_FIRST_RESPONSE; i <= AT_CLOSED; i++)
    if (at[i] && at[AT_OPENED] && at[i] < at[AT_OPENED])
      problem(im, instant_fields[i].name, "is before opened_at"), bad = 1;
  if (at[AT_CLOSED] && at[AT_RESOLVED] && at[AT_CLOSED] < at[AT_RESOLVED])
    problem(im, "closed_at", "is before resolved_at"), bad = 1;
  time_t end = at[AT_RESOLVED] ? at[AT_RESOLVED] : at[AT_CLOSED];
  if (at[AT_FIRST_RESPONSE] && end && at[AT_FIRST_RESPONSE] > end)
    problem(im, "first_response_at", "is after the case was %s", at[AT_RESOLVED] ? "resolved" : "closed"), bad = 1;
  if (bad || !at[AT_OPENED]) return -1;

  const char *text[4];
  for (int i = 0; i < 4; i++) text[i] = json_string_value(json_object_get(instants, instant_fields[i].name));
  c->opened_at = text[AT_OPENED];
  c->first_response_at = text[AT_FIRST_RESPONSE];
  c->resolved_at = text[AT_RESOLVED];
  c->closed_at = text[AT_CLOSED];
  c->status = case_status_name(status);
  c->nmoves = 0;
  *nevents = 0;
  if (at[AT_FIRST_RESPONSE]) events[(*nevents)++] = (SlaEvent){.kind = SLA_EVENT_REPLY, .at = at[AT_FIRST_RESPONSE]};
  /* A case still being worked moved to its status when first answered (or at opening). */
  CaseStatus from = CASE_NEW;
  Step steps[2];
  int nsteps = 0;
  if (status == CASE_RESOLVED || (status == CASE_CLOSED && at[AT_RESOLVED]))
    steps[nsteps++] = (Step){CASE_RESOLVED, AT_RESOLVED};
  if (status == CASE_CLOSED) steps[nsteps++] = (Step){CASE_CLOSED, AT_CLOSED};
  if (!case_status_is_final(status) && status != CASE_NEW)
    steps[nsteps++] = (Step){status, at[AT_FIRST_RESPONSE] ? AT_FIRST_RESPONSE : AT_OPENED};
  for (int i = 0; i < nsteps; i++) {
    c->moves[c->nmoves++] =
        (StoreCaseMove){case_status_name(from), case_status_name(steps[i].to), text[steps[i].when]};
    events[(*nevents)++] = (SlaEvent){.kind = SLA_EVENT_STATUS, .at = at[steps[i].when], .value = (int)steps[i].to};
    from = steps[i].to;
  }
  CaseFacts facts = {.status = status, .outbound_replies = at[AT_FIRST_RESPONSE] != 0};
  c->first_contact_resolution = at[AT_RESOLVED] && case_first_contact_resolution(&facts);
  time_t latest = 0;
  for (int i = 0; i < 4; i++)
    if (at[i] > latest) latest = at[i], c->updated_at = text[i];
  return 0;
}

/* The clocks of the case as of the import, for the scheduler's index. */
static int clocks(CaseImport *im, int64_t policy_id, const StoreImportedCase *c, const time_t at[4],
                  const SlaEvent *events, size_t nevents, SlaClocks *out, int *computed, Error *err) {
  *computed = 0;
  if (!policy_id) return 0;
  const SlaPolicy *policy = NULL;
  if (policy_of(im, policy_id, &policy, err)) return -1;
  SlaCase sc = {.priority = c->priority, .opened_at = at[AT_OPENED], .is_complaint = strcmp(c->type, "complaint") == 0,
                .events = events, .nevents = nevents};
  Error inner = ERROR_INIT;
  if (sla_clocks_compute(policy, &sc, im->now, out, &inner) == 0)
    *computed = 1;
  else
    problem(im, "opened_at", "the SLA clocks cannot be computed: %s", inner.detail ? inner.detail : "no reason given");
  error_clear(&inner);
  return 0;
}

static void reject(CaseImport *im, const CsvRecord *rec) {
  im->rejected++;
  if (!im->skip_bad) im->writing = 0;
  if (!im->rejects_path) return;
  if (!im->rejects) {
    if (!(im->rejects = fopen(im->rejects_path, "wb"))) return;
    fwrite(im->header_raw.data, 1, im->header_raw.len, im->rejects);
    fputs(",error\r\n", im->rejects);
  }
  Buffer line = BUFFER_INIT;
  buffer_append(&line, rec->raw, rec->raw_len);
  buffer_putc(&line, ',');
  csv_append_field(&line, buffer_cstr(&im->problems));
  buffer_puts(&line, "\r\n");
  fwrite(line.data, 1, line.len, im->rejects);
  buffer_free(&line);
}

/* Checks one row and, while writing, writes its case. Returns -1 only when the store fails. */
static int import_row(CaseImport *im, const CsvRecord *rec, Error *err) {
  im->line = rec->line;
  buffer_reset(&im->problems);
  if (rec->error) {
    problem(im, column_at(im, rec->error_field), "%s", rec->error);
  } else if (rec->nfields != im->ncolumns) {
    problem(im, NULL, "has %zu fields; the header has %zu", rec->nfields, im->ncolumns);
  }
  if (im->problems.len) {
    reject(im, rec);
    return 0;
  }
  Buffer key = BUFFER_INIT, subject_key = BUFFER_INIT;
  StoreImportedCase c = {0};
  c.account_id = resolve_account(im, rec, &key);
  char id[24];
  id_key(c.account_id, id);
  int64_t policy_id = json_integer_value(json_object_get(im->account_policies, id));
  const char *contact = cell(im, rec, COL_CONTACT), *team = cell(im, rec, COL_TEAM);
  const char *assignee = cell(im, rec, COL_ASSIGNEE);
  if (*contact && c.account_id) {
    lower_ascii(contact, &key);
    Buffer k = BUFFER_INIT;
    buffer_printf(&k, "%lld:%s", (long long)c.account_id, buffer_cstr(&key));
    c.contact_id = json_integer_value(json_object_get(im->contacts, buffer_cstr(&k)));
    if (!c.contact_id) problem(im, "contact", "the account has no contact with the email '%s'", contact);
    buffer_free(&k);
  }
  if (*team) {
    folded(team, &key);
    c.team_id = look_up(im, im->teams, buffer_cstr(&key), "team", "team", team);
  }
  if (*assignee) {
    c.assignee_id = json_integer_value(json_object_get(im->users, assignee));
    lower_ascii(assignee, &key);
    if (!c.assignee_id) c.assignee_id = json_integer_value(json_object_get(im->users, buffer_cstr(&key)));
    if (!c.assignee_id) problem(im, "assignee", "no user has the username or email '%s'", assignee);
  }
  json_t *values = check_values(im, rec);
  time_t at[4];
  json_t *instants = check_instants(im, rec, at);
  SlaEvent events[3];
  size_t nevents = 0;
  c.type = json_string_value(json_object_get(values, "type"));
  c.priority = (int)json_integer_value(json_object_get(values, "priority"));
  c.subject = json_string_value(json_object_get(values, "subject"));
  c.description = json_string_value(json_object_get(values, "description"));
  c.channel = json_string_value(json_object_get(values, "channel"));
  int fits = history(im, cell(im, rec, COL_STATUS), at, instants, &c, events, &nevents) == 0;
  SlaClocks sla;
  int computed = 0, rc = 0;
  if (fits && !im->problems.len) rc = clocks(im, policy_id, &c, at, events, nevents, &sla, &computed, err);
  if (!rc && im->problems.len) {
    reject(im, rec);
  } else if (!rc && im->writing) {
    text_fold(c.subject, &subject_key);
    c.name_key = buffer_cstr(&subject_key);
    int64_t case_id = 0;
    char due[TIME_TEXT_SIZE], next[TIME_TEXT_SIZE];
    StoreCaseSla s = {.policy_id = policy_id, .priority = c.priority};
    sla_clocks_index_row(computed ? &sla : NULL, &s, due, next);
    rc = store_case_import_insert(im->db, &c, &s, im->req.now, &case_id, err);
    if (!rc) {
      if (!im->first_id) im->first_id = case_id;
      im->last_id = case_id;
      im->imported++;
    }
  }
  json_decref(values);
  json_decref(instants);
  buffer_free(&key);
  buffer_free(&subject_key);
  return rc;
}

/* --- the whole file ---------------------------------------------------------------------------- */

static void import_free(CaseImport *im) {
  for (int i = 0; i < im->npolicies; i++) sla_policy_release(im->policies[i].policy);
  json_decref(im->account_names);
  json_decref(im->account_policies);
  json_decref(im->contacts);
  json_decref(im->teams);
  json_decref(im->users);
  buffer_free(&im->problems);
  buffer_free(&im->header_raw);
}

/* The case resource's field table without its references. */
static void value_fields(CaseImport *im) {
  size_t n = 0;
  for (const FieldSpec *f = case_resource.fields; f->name && n + 1 < MAX_VALUE_FIELDS; f++)
    if (f->kind != FIELD_REF) im->value_fields[n++] = *f;
  im->value_fields[n] = (FieldSpec){NULL, 0, 0, 0, 0, NULL, NULL};
}

/* The one audit entry of the import: who (the command line), the file, how many. */
static int audit_import(CaseImport *im, Error *err) {
  json_t *after = json_pack("{s:s, s:I, s:I, s:I, s:I}", "file", im->file, "cases", (json_int_t)im->imported,
                            "rejected_rows", (json_int_t)im->rejected, "first_case_id", (json_int_t)im->first_id,
                            "last_case_id", (json_int_t)im->last_id);
  int rc = store_audit_append(im->db, &cli_actor, "case_import", im->first_id, "import", NULL, after, im->req.now, err);
  json_decref(after);
  return rc;
}

/* Lets the kernel drop the mapped file's pages before data + upto: they
 * are read, so resident memory stays flat however long the file. */
static void release_read(const char *data, size_t upto) {
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  if (upto >= page) madvise((void *)data, upto / page * page, MADV_DONTNEED);
}

/* The lines of data[0..len): the rows a file holds at most, counted before
 * the import decides what to set aside. */
static int64_t line_count(const char *data, size_t len) {
  int64_t n = 0;
  for (const char *p = data, *end = data + len; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) n++;
  release_read(data, len);
  return n;
}

/* Reads every row of data[0..len) in one write transaction; keeps it when
 * every row was good, or with skip_bad. Returns the exit code. */
static int import_all(CaseImport *im, const char *data, size_t len) {
  CsvReader reader;
  CsvRecord rec;
  Error err = ERROR_INIT;
  struct timespec began;
  clock_gettime(CLOCK_MONOTONIC, &began);
  csv_reader_init(&reader, data, len);
  int code = EXIT_OK;
  if (csv_read(&reader, &rec) != 1) {
    fprintf(stderr, "%s: the file is empty; its first row must name the columns\n", im->file);
    code = EXIT_REJECTED;
  } else if (read_header(im, &rec)) {
    code = EXIT_REJECTED;
  }
  json_t *set_aside = NULL;
  int rc = code == EXIT_OK ? (store_bulk_prepare(im->db, &err) || load_names(im, &err) ||
                              store_begin_write(im->db, &err) ||
                              store_case_import_set_aside(im->db, line_count(data, len), &set_aside, &err))
                           : 0;
  while (code == EXIT_OK && !rc && csv_read(&reader, &rec) == 1) {
    if (!rec.error && rec.nfields == 1 && !rec.fields[0][0]) continue; /* blank lines are skipped */
    im->rows++;
    rc = import_row(im, &rec, &err);
    if (im->rows % PROGRESS_ROWS == 0) {
      fprintf(stderr, "forgedesk: import: %zu rows, %.0f s\n", im->rows, time_ms_since(&began) / 1000);
      release_read(data, reader.pos);
    }
  }
  csv_reader_free(&reader);
  if (code != EXIT_OK) return code;
  if (im->rejects && fclose(im->rejects) != 0) rc = -1;
  else if (im->rejected && im->rejects_path && !im->rejects) rc = -1;
  im->rejects = NULL;
  if (rc && !err.status)
    fprintf(stderr, "forgedesk: cannot write the rejected rows to %s: %s\n", im->rejects_path, strerror(errno));
  int keep = !rc && (!im->rejected || im->skip_bad);
  if (keep) rc = store_case_import_restore(im->db, set_aside, im->first_id, im->last_id, &err);
  json_decref(set_aside);
  if (keep && !rc && im->imported) rc = audit_import(im, &err);
  if (keep && !rc) rc = store_commit(im->db, &err);
  else store_rollback(im->db);
  if (rc) {
    if (err.status) cli_fail(&err);
    error_clear(&err);
    return EXIT_FAILED;
  }
  if (!keep) {
    fprintf(stderr, "forgedesk: %zu of %zu rows rejected; nothing was imported (--skip-bad imports the good rows)\n",
            im->rejected, im->rows);
    return EXIT_REJECTED;
  }
  double load_ms = time_ms_since(&began);
  int64_t buckets = 0;
  int left = 0;
  if (store_rollup_catch_up(im->db, ROLLUP_BATCH, 0, &buckets, &left, &err)) {
    cli_fail(&err);
    error_clear(&err);
    fprintf(stderr, "forgedesk: the cases are imported; the scheduler will build the roll-ups left\n");
    return EXIT_FAILED;
  }
  printf("imported %zu cases from %s in %.1f s (%.0f rows/s); %lld roll-up buckets built in %.1f s", im->imported,
         im->file, load_ms / 1000, load_ms > 0 ? (double)im->imported * 1000 / load_ms : 0, (long long)buckets,
         (time_ms_since(&began) - load_ms) / 1000);
  if (im->rejected) printf("; %zu rows rejected, written to %s", im->rejected, im->rejects_path);
  printf("\n");
  return im->rejected ? EXIT_REJECTED : EXIT_OK;
}

int cli_import_cases(Db *db, const char *file, int skip_bad, const char *rejects) {
  int fd = open(file, O_RDONLY);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    fprintf(stderr, "forgedesk: cannot read %s: %s\n", file, strerror(errno));
    if (fd >= 0) close(fd);
    return EXIT_USAGE;
  }
  size_t len = (size_t)st.st_size;
  const char *data = len ? mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0) : "";
  close(fd);
  if (data == MAP_FAILED) {
    fprintf(stderr, "forgedesk: cannot read %s: %s\n", file, strerror(errno));
    return EXIT_USAGE;
  }
  if (len) madvise((void *)data, len, MADV_SEQUENTIAL);
  static CaseImport im; /* large: not on the stack */
  memset(&im, 0, sizeof im);
  im.db = db;
  im.file = file;
  im.req.db = db;
  im.req.actor = cli_actor;
  time_now_text(im.req.now);
  time_parse(im.req.now, &im.now);
  im.skip_bad = skip_bad;
  im.writing = 1;
  im.rejects_path = rejects;
  value_fields(&im);
  int code = import_all(&im, data, len);
  import_free(&im);
  if (len) munmap((void *)data, len);
  return code;
}
