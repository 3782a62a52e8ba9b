/* Buffer: the one growable byte buffer used to build output (JSON, SQL
 * parameters, messages). Always NUL-terminated so it can be used as a C string. */
#ifndef FORGEDESK_BUFFER_H
#define FORGEDESK_BUFFER_H

#include <stdarg.h>
#include <stddef.h>

typedef struct Buffer {
  char *data; /* owned; NULL until the first append */
  size_t len;
  size_t cap;
} Buffer;

#define BUFFER_INIT {NULL, 0, 0}

/* Appends len bytes; aborts on out-of-memory (the only sane reaction in a server
 * that must never write half a record). */
void buffer_append(Buffer *b, const void *data, size_t len);
void buffer_puts(Buffer *b, const char *s);
void buffer_putc(Buffer *b, char c);
void buffer_printf(Buffer *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buffer_vprintf(Buffer *b, const char *fmt, va_list ap);
/* Returns the contents as a C string ("" when empty); valid until the next append. */
const char *buffer_cstr(Buffer *b);
/* Hands the malloc'd string to the caller (who frees it) and empties the buffer. */
char *buffer_take(Buffer *b);
void buffer_reset(Buffer *b);
void buffer_free(Buffer *b);

#endif
