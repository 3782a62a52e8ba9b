/* The RFC 4180 reader and field quoting; see csv.h. The reader copies each
 * field's unquoted text into one buffer, so a record costs no allocation
 * once the buffer has grown to the longest record. */
#include "core/csv.h"

#include <stdlib.h>
#include <string.h>

#include "util/text.h"

void csv_reader_init(CsvReader *r, const char *data, size_t len) {
  memset(r, 0, sizeof *r);
  r->data = data;
  r->len = len;
  r->line = 1;
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) r->pos = 3;
}

void csv_reader_free(CsvReader *r) {
  buffer_free(&r->text);
  free(r->starts);
  free(r->fields);
  memset(r, 0, sizeof *r);
}

/* Length of the line end at pos (CRLF, LF, or a CR that ends the input), or 0. */
static size_t line_end_at(const CsvReader *r, size_t pos) {
  if (pos >= r->len) return 0;
  if (r->data[pos] == '\n') return 1;
  if (r->data[pos] == '\r' && (pos + 1 == r->len || r->data[pos + 1] == '\n')) return pos + 1 == r->len ? 1 : 2;
  return 0;
}

static void start_field(CsvReader *r, size_t n) {
  if (n == r->cap) {
    r->cap = r->cap ? r->cap * 2 : 16;
    r->starts = realloc(r->starts, r->cap * sizeof *r->starts);
    r->fields = realloc(r->fields, r->cap * sizeof *r->fields);
    if (!r->starts || !r->fields) abort();
  }
  r->starts[n] = r->text.len;
}

/* Keeps the first problem found in a record. */
static void note_error(CsvRecord *rec, const char *error, size_t field) {
  if (rec->error) return;
  rec->error = error;
  rec->error_field = field;
}

/* Copies an unquoted run up to the next comma or line end. */
static void read_unquoted(CsvReader *r, CsvRecord *rec, size_t field) {
  while (r->pos < r->len && r->data[r->pos] != ',' && !line_end_at(r, r->pos)) {
    if (r->data[r->pos] == '"') note_error(rec, "a quote inside a field that does not start with one", field);
    buffer_putc(&r->text, r->data[r->pos++]);
  }
}

/* Copies a quoted field's content; r->pos is just after the opening quote. */
static void read_quoted(CsvReader *r, CsvRecord *rec, size_t field) {
  for (;;) {
    if (r->pos >= r->len) {
      note_error(rec, "a quoted field is never closed", field);
      return;
    }
    char c = r->data[r->pos++];
    if (c == '"') {
      if (r->pos < r->len && r->data[r->pos] == '"') {
        r->pos++;
      } else {
        if (r->pos < r->len && r->data[r->pos] != ',' && !line_end_at(r, r->pos)) {
          note_error(rec, "text after the closing quote of a field", field);
          read_unquoted(r, rec, field);
        }
        return;
      }
    } else if (c == '\n') {
      r->line++;
    }
    buffer_putc(&r->text, c);
  }
}

int csv_read(CsvReader *r, CsvRecord *rec) {
  memset(rec, 0, sizeof *rec);
  if (r->pos >= r->len) return 0;
  buffer_reset(&r->text);
  rec->line = r->line;
  rec->raw = r->data + r->pos;
  size_t n = 0;
  for (;;) {
    start_field(r, n);
    if (r->pos < r->len && r->data[r->pos] == '"') {
      r->pos++;
      read_quoted(r, rec, n);
    } else {
      read_unquoted(r, rec, n);
    }
    size_t field_len = r->text.len - r->starts[n];
    const char *field = buffer_cstr(&r->text) + r->starts[n];
    if (memchr(field, '\0', field_len))
      note_error(rec, "a NUL byte in a field", n);
    else if (text_utf8_length(field, field_len) < 0)
      note_error(rec, "text that is not valid UTF-8", n);
    buffer_putc(&r->text, '\0');
    n++;
    if (r->pos < r->len && r->data[r->pos] == ',') {
      r->pos++;
      continue;
    }
    break;
  }
  rec->raw_len = (size_t)(r->data + r->pos - rec->raw);
  size_t end = line_end_at(r, r->pos);
  if (end) {
    r->pos += end;
    r->line++;
  }
  for (size_t i = 0; i < n; i++) r->fields[i] = r->text.data + r->starts[i];
  rec->nfields = n;
  rec->fields = r->fields;
  return 1;
}

void csv_append_field(Buffer *out, const char *field) {
  size_t len = strlen(field);
  int quote = len && (field[0] == ' ' || field[len - 1] == ' ');
  if (strpbrk(field, ",\"\r\n")) quote = 1;
  if (!quote) {
    buffer_append(out, field, len);
    return;
  }
  buffer_putc(out, '"');
  for (const char *p = field; *p; p++) {
    if (*p == '"') buffer_putc(out, '"');
    buffer_putc(out, *p);
  }
  buffer_putc(out, '"');
}
