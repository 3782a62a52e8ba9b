/* Growable byte buffer; see buffer.h. */
#include "util/buffer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void buffer_reserve(Buffer *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->len + extra + 1) cap *= 2;
  char *grown = realloc(b->data, cap);
  if (!grown) abort();
  b->data = grown;
  b->cap = cap;
}

void buffer_append(Buffer *b, const void *data, size_t len) {
  buffer_reserve(b, len);
  if (len) memcpy(b->data + b->len, data, len);
  b->len += len;
  b->data[b->len] = '\0';
}

void buffer_puts(Buffer *b, const char *s) { buffer_append(b, s, strlen(s)); }

void buffer_putc(Buffer *b, char c) {
  if (b->len + 2 > b->cap) { /* the byte and the NUL: JSON output puts many single bytes */
    buffer_append(b, &c, 1);
    return;
  }
  b->data[b->len++] = c;
  b->data[b->len] = '\0';
}

void buffer_vprintf(Buffer *b, const char *fmt, va_list ap) {
  va_list copy;
  va_copy(copy, ap);
  int need = vsnprintf(NULL, 0, fmt, copy);
  va_end(copy);
  if (need < 0) return;
  buffer_reserve(b, (size_t)need);
  vsnprintf(b->data + b->len, (size_t)need + 1, fmt, ap);
  b->len += (size_t)need;
}

void buffer_printf(Buffer *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  buffer_vprintf(b, fmt, ap);
  va_end(ap);
}

const char *buffer_cstr(Buffer *b) { return b->data ? b->data : ""; }

char *buffer_take(Buffer *b) {
  char *s = b->data ? b->data : strdup("");
  if (!s) abort();
  b->data = NULL;
  b->len = b->cap = 0;
  return s;
}

void buffer_reset(Buffer *b) {
  b->len = 0;
  if (b->data) b->data[0] = '\0';
}

void buffer_free(Buffer *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}
