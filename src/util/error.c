/* Error objects; see error.h. */
#include "util/error.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/buffer.h"

int error_set(Error *e, int status, const char *title, const char *fmt, ...) {
  Buffer b = BUFFER_INIT;
  va_list ap;
  va_start(ap, fmt);
  buffer_vprintf(&b, fmt, ap);
  va_end(ap);
  free(e->detail);
  e->detail = buffer_take(&b);
  e->status = status;
  e->title = title;
  return -1;
}

int error_field(Error *e, const char *field, const char *fmt, ...) {
  Buffer b = BUFFER_INIT;
  va_list ap;
  va_start(ap, fmt);
  buffer_vprintf(&b, fmt, ap);
  va_end(ap);
  if (!e->fields) e->fields = json_array();
  json_array_append_new(e->fields, json_pack("{s:s, s:s}", "field", field, "message", buffer_cstr(&b)));
  buffer_free(&b);
  if (!e->status) {
    e->status = 422;
    e->title = "Validation failed";
  }
  return -1;
}

void error_extend(Error *e, const char *name, json_t *value) {
  if (!e->extra) e->extra = json_object();
  json_object_set_new(e->extra, name, value);
}

void error_adopt_fields(Error *e, Error *inner, const char *prefix, const char *whole) {
  if (error_has_fields(inner)) {
    Buffer name = BUFFER_INIT;
    size_t i;
    json_t *item;
    json_array_foreach(inner->fields, i, item) {
      const char *field = json_string_value(json_object_get(item, "field"));
      buffer_reset(&name);
      if (strcmp(field, whole) == 0) buffer_puts(&name, whole);
      else buffer_printf(&name, "%s%s", prefix, field);
      error_field(e, buffer_cstr(&name), "%s", json_string_value(json_object_get(item, "message")));
    }
    buffer_free(&name);
  } else {
    error_field(e, whole, "%s", inner->detail ? inner->detail : "is not usable");
  }
  error_clear(inner);
}

int error_has_fields(const Error *e) { return e->fields && json_array_size(e->fields) > 0; }

void error_clear(Error *e) {
  free(e->detail);
  json_decref(e->fields);
  json_decref(e->extra);
  e->status = 0;
  e->title = NULL;
  e->detail = NULL;
  e->fields = NULL;
  e->extra = NULL;
}
