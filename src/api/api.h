/* Shared tools of the API handlers: reading and validating JSON bodies
 * against a table of field specifications, query parameters and cursors,
 * writing JSON answers, and the generic create/read/update/delete of a
 * resource that most routes are. */
#ifndef FORGEDESK_API_H
#define FORGEDESK_API_H

#include <jansson.h>
#include <stdint.h>

#include "http/http.h"

/* --- bodies ------------------------------------------------------------------- */
typedef enum {
  FIELD_TEXT,    /* string of min..max characters */
  FIELD_INT,     /* integer in min..max */
  FIELD_ENUM,    /* one of choices */
  FIELD_DATE,    /* YYYY-MM-DD */
  FIELD_INSTANT, /* RFC 3339, stored as UTC "…Z" */
  FIELD_BOOL,
  FIELD_REF,     /* id of a record in ref */
  FIELD_EMAIL,
  FIELD_CODE,    /* exactly max upper-case letters (country, currency) */
  FIELD_TAGS,    /* a list of at most max distinct names of a-z, 0-9, '_', '-' (1-50 characters) */
  FIELD_TEXTS,   /* a list of min..max texts, each 1-1000 characters and not only white space */
  FIELD_JSON,    /* an object or array, checked by the resource's own check (calendars, SLA targets) */
} FieldKind;

enum { FIELD_REQUIRED = 1, FIELD_WRITE_ONLY = 2 };

typedef struct FieldSpec {
  const char *name;
  FieldKind kind;
  unsigned flags;
  int64_t min, max;
  const char *const *choices; /* NULL-terminated, for FIELD_ENUM */
  const StoreTable *ref;      /* for FIELD_REF */
} FieldSpec;

/* Parses the request body as a JSON object: 415 unless JSON, 400 for
 * malformed JSON, invalid UTF-8 or nesting deeper than 16. *out is owned by
 * the caller. */
int api_read_body(Request *req, json_t **out, Error *err);
/* Checks input against fields (ending with a NULL name): unknown and
 * read-only fields, types, lengths, ranges, choices, references; on create
 * (patch == 0) required fields must be present. Every problem is reported
 * as a field error; instants are normalised to UTC in place. A store that
 * cannot look a reference up ends the check with its own error (a 503). */
int api_validate(Db *db, json_t *input, const FieldSpec *fields, const char *const *read_only, int patch,
                 Error *err);

/* Whether v is a tag, a name of 1-50 characters a-z, 0-9, '_' and '-'
 * (what FIELD_TAGS lists and skills are called). */
int api_is_tag(const json_t *v);

/* --- query parameters and paging ------------------------------------------------ */
typedef struct Query {
  json_t *params; /* owned object name -> decoded string */
} Query;

/* Parses the query string, allowing only the names in allowed (NULL-terminated)
 * besides "limit" and "after". */
int api_query_parse(Request *req, const char *const *allowed, Query *q, Error *err);
void api_query_free(Query *q);
const char *api_query_text(const Query *q, const char *name);
/* An optional positive id parameter; *value 0 when absent. */
int api_query_id(const Query *q, const char *name, int64_t *value, Error *err);
/* An optional parameter that must be one of choices (400 naming it);
 * *out NULL when absent. */
int api_query_choice(const Query *q, const char *name, const char *const *choices, const char **out, Error *err);
/* Like api_query_choice for a comma-separated list of choices ("new,open"):
 * each must be one of choices, none empty; *out is the list as given. */
int api_query_choices(const Query *q, const char *name, const char *const *choices, const char **out, Error *err);
/* The days from..to (YYYY-MM-DD, to not before from; else a 400 naming the
 * field) as the instants [start, end): from's first second to the second
 * after to's last. */
int api_day_span(const char *from, const char *to, char start[TIME_TEXT_SIZE], char end[TIME_TEXT_SIZE], Error *err);
/* The date parameter name (YYYY-MM-DD, 400 naming it otherwise) as an
 * instant bound in out: that day, or fallback when absent, followed by clock
 * ("T00:00:00Z" for the day's first second, "T23:59:59Z" for its last). */
int api_query_date_bound(const Query *q, const char *name, const char *fallback, const char *clock, char *out,
                         Error *err);
/* An optional limit from 1 to max on a report's groups (400 naming it
 * otherwise); *limit 0 when absent. */
int api_query_limit(const Query *q, int max, int *limit, Error *err);
/* limit (1..200, default 50) and the after cursor. *after.key is owned by q. */
int api_query_page(Query *q, int *limit, StoreCursor *after, Error *err);
/* Writes {"items": page.items, "next": cursor|null} into res. */
void api_send_page(Response *res, StorePage *page);
/* Reads a list route's own filters from q and fills page from the store. */
typedef int (*ListQuery)(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err);
/* A whole list route: parses the query string (allowing the names in
 * allowed besides limit and after), runs query and answers with the page. */
int api_list(Request *req, Response *res, const char *const *allowed, ListQuery query, Error *err);

/* --- answers --------------------------------------------------------------------- */
/* Serialises body (whose reference is taken) as the answer with status. */
void api_send_json(Response *res, int status, json_t *body);
/* Answers 201 with record (reference taken), Location "<collection>/<id>" and
 * the record's version as ETag. */
void api_send_created(Response *res, const char *collection, int64_t id, json_t *record);
/* The version named by If-Match: 428 when absent, 400 when malformed. */
int api_if_match(const Request *req, int64_t *version, Error *err);

/* --- resources ---------------------------------------------------------------------- */
typedef struct ResourceDef {
  const StoreTable *table;
  const char *path; /* collection path for Location, e.g. "/api/v1/accounts" */
  const FieldSpec *fields;
  const char *const *read_only; /* output-only field names */
  /* Fills defaults before a create is validated (may be NULL). */
  void (*defaults)(Request *req, json_t *input);
  /* Cross-field and cross-record rules on the merged record (may be NULL). */
  int (*check)(Request *req, const json_t *record, Error *err);
  /* Sets what follows from a checked create (before NULL) or change on the
   * record about to be stored: who verified and when (may be NULL). */
  void (*derive)(Request *req, const json_t *before, json_t *record);
  /* Adds child records (order lines, service events) to an answer (may be NULL). */
  int (*decorate)(Request *req, json_t *record, Error *err);
  /* Runs after a create (before NULL) or a change is stored, before it is
   * decorated and audited, to record what follows from it (may be NULL). It
   * may change the stored record further (a case's allocation): the record
   * is then read again, keeping what the hook added to it that is not
   * stored (a case's SLA clocks, computed anyway, so decorate need not
   * compute them again). */
  int (*after_change)(Request *req, const json_t *before, json_t *after, Error *err);
} ResourceDef;

int resource_create(const ResourceDef *def, Request *req, Response *res, Error *err);
int resource_get(const ResourceDef *def, Request *req, Response *res, Error *err);
int resource_patch(const ResourceDef *def, Request *req, Response *res, Error *err);
int resource_delete(const ResourceDef *def, Request *req, Response *res, Error *err);
/* Reads a record and answers 404 when it is missing; *out owned by the caller. */
int resource_load(const ResourceDef *def, Request *req, int64_t id, json_t **out, Error *err);
/* The two halves of resource_load: the stored record (404 when missing), and
 * its decoration (on failure *record is released and set to NULL). */
int resource_load_stored(const ResourceDef *def, Request *req, int64_t id, json_t **out, Error *err);
int resource_decorate(const ResourceDef *def, Request *req, json_t **record, Error *err);
/* A reference that must point into the record's own account: field names an
 * id in table, whose records have an account_id. */
typedef struct AccountLink {
  const char *field;
  const StoreTable *table;
} AccountLink;
/* Adds a field error for each of the n links of record that belongs to
 * another account than record's account_id; -1 when any does. */
int resource_check_account_links(Request *req, const json_t *record, const AccountLink *links, size_t n, Error *err);
/* Records a change in the audit trail as the request's user. */
int resource_audit(Request *req, const char *entity, int64_t id, const char *action, const json_t *before,
                   const json_t *after, Error *err);

#endif
