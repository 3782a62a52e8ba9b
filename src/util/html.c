/* Escaping and the sectioned document; see html.h. */
#include "util/html.h"

#include <stdlib.h>

void html_escape(Buffer *out, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
    case '&': buffer_puts(out, "&amp;"); break;
    case '<': buffer_puts(out, "&lt;"); break;
    case '>': buffer_puts(out, "&gt;"); break;
    case '"': buffer_puts(out, "&quot;"); break;
    case '\'': buffer_puts(out, "&#39;"); break;
    default: buffer_putc(out, *s);
    }
  }
}

static void cell(Buffer *out, const json_t *v) {
  buffer_puts(out, "<td>");
  if (json_is_string(v)) {
    html_escape(out, json_string_value(v));
  } else if (v && !json_is_null(v)) {
    char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS);
    html_escape(out, text);
    free(text);
  }
  buffer_puts(out, "</td>");
}

/* One section: a table whose columns are the keys of its first row. */
static void table(Buffer *out, const char *name, const json_t *rows) {
  buffer_puts(out, "<h2>");
  html_escape(out, name);
  buffer_printf(out, " (%zu)</h2>\n", json_array_size(rows));
  const json_t *first = json_array_get(rows, 0);
  if (!first) {
    buffer_puts(out, "<p>None held.</p>\n");
    return;
  }
  buffer_puts(out, "<table>\n<tr>");
  const char *key;
  json_t *v;
  json_object_foreach((json_t *)first, key, v) {
    buffer_puts(out, "<th>");
    html_escape(out, key);
    buffer_puts(out, "</th>");
  }
  buffer_puts(out, "</tr>\n");
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    buffer_puts(out, "<tr>");
    json_object_foreach((json_t *)first, key, v) cell(out, json_object_get(row, key));
    buffer_puts(out, "</tr>\n");
  }
  buffer_puts(out, "</table>\n");
}

void html_document(Buffer *out, const char *title, const char *note, const json_t *sections) {
  buffer_puts(out, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>");
  html_escape(out, title);
  buffer_puts(out, "</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;"
                   "margin-bottom:1.5em}th,td{border:1px solid #999;padding:.25em .5em;text-align:left;"
                   "vertical-align:top}th{background:#eee}</style></head><body>\n<h1>");
  html_escape(out, title);
  buffer_puts(out, "</h1>\n<p>");
  html_escape(out, note);
  buffer_puts(out, "</p>\n");
  const char *name;
  json_t *section;
  json_object_foreach((json_t *)sections, name, section) {
    if (json_is_array(section)) {
      table(out, name, section);
    } else {
      json_t *one = json_pack("[O]", section);
      table(out, name, one);
      json_decref(one);
    }
  }
  buffer_puts(out, "</body></html>\n");
}
