/* Error: what went wrong, in a form the edge can turn into problem+json (HTTP)
 * or a message and exit code (CLI). Functions return a status and fill one of
 * these; nothing below the edge prints or exits. */
#ifndef FORGEDESK_ERROR_H
#define FORGEDESK_ERROR_H

#include <jansson.h>

typedef struct Error {
  int status;        /* HTTP-style status; 0 while no error is set */
  const char *title; /* static text, e.g. "Validation failed" */
  char *detail;      /* owned, human-readable */
  json_t *fields;    /* owned array of {"field","message"}, or NULL */
  json_t *extra;     /* owned object of further problem members (RFC 9457 extensions), or NULL */
} Error;

#define ERROR_INIT {0, NULL, NULL, NULL, NULL}

/* Sets status, title and a printf-style detail (replacing any earlier one).
 * Returns -1 so callers can write `return error_set(...)`. */
int error_set(Error *e, int status, const char *title, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Adds a field error and makes the error a 422 "Validation failed" unless a
 * status is already set. Returns -1. */
int error_field(Error *e, const char *field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Adds the member name (taking the reference to value) to the problem, e.g.
 * the statuses a refused change could have gone to. */
void error_extend(Error *e, const char *name, json_t *value);
/* Moves the field errors of inner into e, each named prefix + its field
 * ("calendar." + "hours.mon[1]"); one named `whole` carries an inner error
 * without fields (its detail) or a field named `whole` itself. Clears inner. */
void error_adopt_fields(Error *e, Error *inner, const char *prefix, const char *whole);
/* True when any field error has been recorded. */
int error_has_fields(const Error *e);
/* Frees what the error owns and makes it empty again. */
void error_clear(Error *e);

#endif
