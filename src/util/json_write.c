/* Compact JSON text, the same as jansson's: see json_write.h. */
#include "util/json_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SORT_ON_STACK 64

/* jansson's escapes: the two JSON must-escapes, the short forms, \uXXXX for
 * the other control characters; everything else (UTF-8 included) as it is. */
static void write_string(Buffer *out, const char *s, size_t len) {
  buffer_putc(out, '"');
  size_t run = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    buffer_append(out, s + run, i - run);
    run = i + 1;
    char seq[8];
    switch (c) {
    case '"': buffer_append(out, "\\\"", 2); break;
    case '\\': buffer_append(out, "\\\\", 2); break;
    case '\b': buffer_append(out, "\\b", 2); break;
    case '\f': buffer_append(out, "\\f", 2); break;
    case '\n': buffer_append(out, "\\n", 2); break;
    case '\r': buffer_append(out, "\\r", 2); break;
    case '\t': buffer_append(out, "\\t", 2); break;
    default:
      snprintf(seq, sizeof seq, "\\u%04X", c);
      buffer_append(out, seq, 6);
    }
  }
  buffer_append(out, s + run, len - run);
  buffer_putc(out, '"');
}

static void write_integer(Buffer *out, json_int_t n) {
  char digits[24];
  size_t at = sizeof digits;
  unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
  do {
    digits[--at] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (n < 0) digits[--at] = '-';
  buffer_append(out, digits + at, sizeof digits - at);
}

typedef struct Member {
  const char *key;
  const json_t *value;
} Member;

static int compare_keys(const void *a, const void *b) { return strcmp(((const Member *)a)->key, ((const Member *)b)->key); }

static void write_member(Buffer *out, const char *key, const json_t *value, int first, unsigned flags) {
  if (!first) buffer_putc(out, ',');
  write_string(out, key, strlen(key));
  buffer_putc(out, ':');
  json_write(out, value, flags);
}

static void write_object(Buffer *out, const json_t *v, unsigned flags) {
  buffer_putc(out, '{');
  size_t n = json_object_size(v);
  const char *key;
  json_t *value;
  if (!(flags & JSON_WRITE_SORTED) || n < 2) {
    int first = 1;
    json_object_foreach((json_t *)v, key, value) {
      write_member(out, key, value, first, flags);
      first = 0;
    }
  } else {
    /* each key with its value, so that none is looked up again once sorted */
    Member stack[SORT_ON_STACK];
    Member *members = n <= SORT_ON_STACK ? stack : malloc(n * sizeof *members);
    if (!members) abort();
    size_t i = 0;
    json_object_foreach((json_t *)v, key, value) members[i++] = (Member){key, value};
    qsort(members, n, sizeof *members, compare_keys);
    for (i = 0; i < n; i++) write_member(out, members[i].key, members[i].value, i == 0, flags);
    if (members != stack) free(members);
  }
  buffer_putc(out, '}');
}

void json_write(Buffer *out, const json_t *v, unsigned flags) {
  switch (json_typeof(v)) {
  case JSON_OBJECT: write_object(out, v, flags); break;
  case JSON_ARRAY:
    buffer_putc(out, '[');
    for (size_t i = 0; i < json_array_size(v); i++) {
      if (i) buffer_putc(out, ',');
      json_write(out, json_array_get(v, i), flags);
    }
    buffer_putc(out, ']');
    break;
  case JSON_STRING: write_string(out, json_string_value(v), json_string_length(v)); break;
  case JSON_INTEGER: write_integer(out, json_integer_value(v)); break;
  case JSON_REAL: {
    /* Rare in records; jansson's own rounding and exponent form keep them identical. */
    char *text = json_dumps(v, JSON_ENCODE_ANY);
    if (!text) abort();
    buffer_puts(out, text);
    free(text);
    break;
  }
  case JSON_TRUE: buffer_append(out, "true", 4); break;
  case JSON_FALSE: buffer_append(out, "false", 5); break;
  case JSON_NULL: buffer_append(out, "null", 4); break;
  }
}
