/* CSV as RFC 4180 writes it: a reader that walks the records of a text held
 * in memory (quoted fields, doubled quotes, CRLF or LF line ends, newlines
 * inside quotes, a leading UTF-8 byte order mark) and says which line each
 * record starts on, and the quoting a writer needs. No I/O happens here. */
#ifndef FORGEDESK_CSV_H
#define FORGEDESK_CSV_H

#include <stddef.h>

#include "util/buffer.h"

/* One record. Everything it points to is owned by the reader and stays valid
 * until the next csv_read or csv_reader_free. */
typedef struct CsvRecord {
  size_t line;     /* the line the record starts on, counting from 1 */
  size_t nfields;  /* at least 1: an empty line is one empty field */
  char **fields;   /* nfields NUL-terminated texts, quotes removed */
  const char *raw; /* the record exactly as written, without its line end */
  size_t raw_len;
  const char *error;  /* NULL, or why the record is malformed (static text) */
  size_t error_field; /* with error: the 0-based field it concerns */
} CsvRecord;

typedef struct CsvReader {
  const char *data; /* borrowed; must outlive the reader */
  size_t len, pos, line;
  Buffer text;    /* the current record's fields, each NUL-terminated */
  size_t *starts; /* owned: where each field starts in text */
  char **fields;  /* owned: the pointers handed out in CsvRecord */
  size_t cap;     /* capacity of starts and fields */
} CsvReader;

/* Prepares to read data[0..len), skipping a UTF-8 byte order mark at its start. */
void csv_reader_init(CsvReader *r, const char *data, size_t len);
/* Reads the next record into *rec: returns 1 for a record, 0 at the end of
 * the input. A malformed record is still returned (1) with rec->error set and
 * the reader placed after it, so the records that follow can be read: a
 * quote inside an unquoted field, text after a closing quote, a NUL byte or
 * invalid UTF-8 in a field, or a quoted field never closed (which runs to the
 * end of the input). A line end after the last record adds no record. */
int csv_read(CsvReader *r, CsvRecord *rec);
void csv_reader_free(CsvReader *r);

/* Appends field to out as one CSV field, quoted (with inner quotes doubled)
 * when it holds a comma, a quote, a line break or leading or trailing space. */
void csv_append_field(Buffer *out, const char *field);

#endif
