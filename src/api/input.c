/* Reading what clients send: JSON bodies checked against field tables, query
 * parameters, cursors and If-Match. Everything here answers 4xx with the
 * offending field named; nothing reaches the store unchecked. */
#include <ctype.h>
#include <stdio.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "util/text.h"

#define MAX_JSON_DEPTH 16
#define MAX_QUERY_VALUE_CHARS 200
/* A cursor carries an id and a sort key: a folded name of 200 characters is
 * at most 800 bytes, which base64 makes about 1,100 characters. */
#define MAX_CURSOR_BYTES 2048

/* Nesting depth of a JSON text, counting brackets outside strings. */
static int json_depth_exceeds(const char *s, size_t len, int max) {
  int depth = 0, in_string = 0;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (in_string) {
      if (c == '\\') i++;
      else if (c == '"') in_string = 0;
    } else if (c == '"') {
      in_string = 1;
    } else if (c == '{' || c == '[') {
      if (++depth > max) return 1;
    } else if (c == '}' || c == ']') {
      depth--;
    }
  }
  return 0;
}

int api_read_body(Request *req, json_t **out, Error *err) {
  *out = NULL;
  const char *ct = req->content_type ? req->content_type : "";
  if (strncasecmp(ct, "application/json", 16) != 0 || (ct[16] && ct[16] != ';' && ct[16] != ' '))
    return error_set(err, 415, "Unsupported media type", "send the body as application/json");
  if (text_utf8_length(req->body, req->body_len) < 0)
    return error_set(err, 400, "Bad request", "the body is not valid UTF-8");
  if (json_depth_exceeds(req->body, req->body_len, MAX_JSON_DEPTH))
    return error_set(err, 400, "Bad request", "JSON nested deeper than %d levels", MAX_JSON_DEPTH);
  json_error_t jerr;
  json_t *doc = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
  if (!doc) return error_set(err, 400, "Malformed JSON", "line %d, column %d: %s", jerr.line, jerr.column, jerr.text);
  if (!json_is_object(doc)) {
    json_decref(doc);
    return error_set(err, 400, "Bad request", "the body must be a JSON object");
  }
  *out = doc;
  return 0;
}

static int in_list(const char *const *list, const char *name) {
  for (; list && *list; list++)
    if (strcmp(*list, name) == 0) return 1;
  return 0;
}

static const FieldSpec *find_field(const FieldSpec *fields, const char *name) {
  for (const FieldSpec *f = fields; f->name; f++)
    if (strcmp(f->name, name) == 0) return f;
  return NULL;
}

static const char *kind_name(FieldKind kind) {
  switch (kind) {
  case FIELD_INT: return "an integer";
  case FIELD_BOOL: return "true or false";
  case FIELD_REF: return "the id of a record";
  case FIELD_TAGS: return "a list of names";
  case FIELD_TEXTS: return "a list of texts";
  case FIELD_JSON: return "an object or an array";
  default: return "a string";
  }
}

int api_is_tag(const json_t *v) {
  const char *s = json_string_value(v);
  size_t n = s ? strlen(s) : 0;
  if (n < 1 || n > 50) return 0;
  for (size_t i = 0; i < n; i++)
    if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) && s[i] != '_' && s[i] != '-') return 0;
  return 1;
}

static int check_tags(const FieldSpec *f, const json_t *v, Error *err) {
  size_t i, k;
  json_t *tag, *other;
  if ((int64_t)json_array_size(v) > f->max)
    return error_field(err, f->name, "must list at most %lld names", (long long)f->max);
  json_array_foreach(v, i, tag) {
    if (!api_is_tag(tag))
      return error_field(err, f->name, "must list names of 1 to 50 characters a-z, 0-9, '_' or '-'");
    json_array_foreach(v, k, other) if (k < i && json_equal(tag, other))
      return error_field(err, f->name, "names \"%s\" twice", json_string_value(tag));
  }
  return 0;
}

static int check_texts(const FieldSpec *f, const json_t *v, Error *err) {
  size_t i;
  json_t *item;
  if ((int64_t)json_array_size(v) < f->min || (int64_t)json_array_size(v) > f->max)
    return error_field(err, f->name, "must list %lld to %lld texts", (long long)f->min, (long long)f->max);
  json_array_foreach(v, i, item) {
    const char *s = json_string_value(item);
    size_t len = s ? json_string_length(item) : 0;
    int blank = 1;
    for (size_t k = 0; k < len; k++)
      if (!isspace((unsigned char)s[k])) blank = 0;
    if (!s || blank || text_utf8_length(s, len) > 1000)
      return error_field(err, f->name, "item %zu must be a text of 1 to 1000 characters, not only spaces", i + 1);
  }
  return 0;
}

/* Checks one non-null value; returns 0 or adds a field error. */
static int check_value(Db *db, json_t *input, const FieldSpec *f, json_t *v, Error *err) {
  int want_string = f->kind != FIELD_INT && f->kind != FIELD_BOOL && f->kind != FIELD_REF && f->kind != FIELD_TAGS &&
                    f->kind != FIELD_TEXTS && f->kind != FIELD_JSON;
  if ((want_string && !json_is_string(v)) || (f->kind == FIELD_INT && !json_is_integer(v)) ||
      (f->kind == FIELD_BOOL && !json_is_boolean(v)) || (f->kind == FIELD_REF && !json_is_integer(v)) ||
      ((f->kind == FIELD_TAGS || f->kind == FIELD_TEXTS) && !json_is_array(v)) ||
      (f->kind == FIELD_JSON && !json_is_object(v) && !json_is_array(v)))
    return error_field(err, f->name, "must be %s", kind_name(f->kind));
  const char *s = json_string_value(v);
  long chars = s ? text_utf8_length(s, json_string_length(v)) : 0;
  switch (f->kind) {
  case FIELD_TEXT:
    if (chars < (f->min ? f->min : (f->flags & FIELD_REQUIRED ? 1 : 0)) || chars > f->max)
      return error_field(err, f->name, "must be %lld to %lld characters long",
                         (long long)(f->min ? f->min : (f->flags & FIELD_REQUIRED ? 1 : 0)), (long long)f->max);
    return 0;
  case FIELD_EMAIL: {
    const char *at = strchr(s, '@');
    int has_space_or_control = 0; /* a CR LF would let an address inject mail headers */
    for (const char *c = s; *c; c++)
      if ((unsigned char)*c <= ' ' || *c == 0x7F) has_space_or_control = 1;
    if (chars > 254 || !at || at == s || !at[1] || has_space_or_control)
      return error_field(err, f->name, "must be an email address such as name@example.com");
    return 0;
  }
  case FIELD_CODE:
    for (long i = 0; i < chars; i++)
      if (!isupper((unsigned char)s[i])) chars = -1;
    if (chars != f->max) return error_field(err, f->name, "must be %lld upper-case letters", (long long)f->max);
    return 0;
  case FIELD_INT:
    if (json_integer_value(v) < f->min || json_integer_value(v) > f->max)
      return error_field(err, f->name, "must be between %lld and %lld", (long long)f->min, (long long)f->max);
    return 0;
  case FIELD_ENUM:
    if (!in_list(f->choices, s)) {
      Buffer allowed = BUFFER_INIT;
      for (const char *const *c = f->choices; *c; c++) buffer_printf(&allowed, "%s%s", c == f->choices ? "" : ", ", *c);
      error_field(err, f->name, "must be one of: %s", buffer_cstr(&allowed));
      buffer_free(&allowed);
      return -1;
    }
    return 0;
  case FIELD_DATE:
    return time_check_date(s) ? error_field(err, f->name, "must be a date written YYYY-MM-DD") : 0;
  case FIELD_INSTANT: {
    time_t t;
    if (time_parse(s, &t)) return error_field(err, f->name, "must be a date and time such as 2026-11-23T14:30:00Z");
    char utc[TIME_TEXT_SIZE];
    time_format(t, utc);
    json_object_set_new(input, f->name, json_string(utc));
    return 0;
  }
  case FIELD_REF: {
    int exists = 0;
    if (json_integer_value(v) <= 0) return error_field(err, f->name, "must be a positive id");
    Error lookup = ERROR_INIT;
    if (store_record_exists(db, f->ref, json_integer_value(v), &exists, &lookup)) {
      /* the store could not answer (PostgreSQL away, disk failing): that is
       * its own error, a 503 to retry, not a claim that the record is absent */
      error_clear(err);
      *err = lookup;
      return -1;
    }
    if (!exists) return error_field(err, f->name, "no %s has id %lld", f->ref->entity, (long long)json_integer_value(v));
    return 0;
  }
  case FIELD_TAGS:
    return check_tags(f, v, err);
  case FIELD_TEXTS:
    return check_texts(f, v, err);
  case FIELD_BOOL:
  case FIELD_JSON:
    return 0;
  }
  return 0;
}

int api_validate(Db *db, json_t *input, const FieldSpec *fields, const char *const *read_only, int patch,
                 Error *err) {
  const char *name;
  json_t *v;
  void *tmp;
  json_object_foreach_safe(input, tmp, name, v) {
    const FieldSpec *f = find_field(fields, name);
    if (!f) {
      error_field(err, name, in_list(read_only, name) ? "is read-only" : "is not a known field");
      continue;
    }
    if (json_is_null(v)) {
      if (f->flags & FIELD_REQUIRED) error_field(err, name, "is required");
      continue;
    }
    check_value(db, input, f, v, err);
    if (err->status && !error_has_fields(err)) return -1; /* the store failed: nothing more can be checked */
  }
  if (!patch)
    for (const FieldSpec *f = fields; f->name; f++)
      if ((f->flags & FIELD_REQUIRED) && !json_object_get(input, f->name)) error_field(err, f->name, "is required");
  return error_has_fields(err) ? -1 : 0;
}

/* --- query strings ------------------------------------------------------------------ */

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = (char)tolower((unsigned char)c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Percent-decodes s[0..len) ('+' is a space); NULL when malformed. */
static char *url_decode(const char *s, size_t len) {
  Buffer out = BUFFER_INIT;
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '%') {
      int hi = i + 2 < len ? hex_value(s[i + 1]) : -1, lo = i + 2 < len ? hex_value(s[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        buffer_free(&out);
        return NULL;
      }
      buffer_putc(&out, (char)(hi * 16 + lo));
      i += 2;
    } else {
      buffer_putc(&out, s[i] == '+' ? ' ' : s[i]);
    }
  }
  return buffer_take(&out);
}

int api_query_parse(Request *req, const char *const *allowed, Query *q, Error *err) {
  q->params = json_object();
  const char *p = req->query;
  while (*p) {
    const char *amp = strchr(p, '&');
    size_t len = amp ? (size_t)(amp - p) : strlen(p);
    const char *eq = memchr(p, '=', len);
    size_t name_len = eq ? (size_t)(eq - p) : len;
    char *name = url_decode(p, name_len);
    char *value = eq ? url_decode(eq + 1, len - name_len - 1) : strdup("");
    int bad = !name || !value || text_utf8_length(value, strlen(value)) < 0 || text_utf8_length(name, strlen(name)) < 0;
    if (!bad && strcmp(name, "limit") && strcmp(name, "after") && !in_list(allowed, name))
      error_set(err, 400, "Bad request", "unknown query parameter '%s'", name);
    else if (bad)
      error_set(err, 400, "Bad request", "the query string is not valid percent-encoded UTF-8");
    else if (strcmp(name, "after") && text_utf8_length(value, strlen(value)) > MAX_QUERY_VALUE_CHARS)
      error_field(err, name, "must be at most %d characters", MAX_QUERY_VALUE_CHARS), err->status = 400;
    else if (strlen(value) > MAX_CURSOR_BYTES) /* only "after" is let past the character limit */
      error_field(err, name, "is not a cursor this server gave out"), err->status = 400;
    else
      json_object_set_new(q->params, name, json_string(value));
    free(name);
    free(value);
    if (err->status) return -1;
    p += len;
    if (*p == '&') p++;
  }
  return 0;
}

void api_query_free(Query *q) {
  json_decref(q->params);
  q->params = NULL;
}

int api_query_date_bound(const Query *q, const char *name, const char *fallback, const char *clock, char *out,
                         Error *err) {
  const char *date = api_query_text(q, name);
  if (date && time_check_date(date)) {
    error_field(err, name, "must be a date written YYYY-MM-DD");
    err->status = 400;
    return -1;
  }
  snprintf(out, TIME_TEXT_SIZE, "%s%s", date ? date : fallback, clock);
  return 0;
}

int api_query_choice(const Query *q, const char *name, const char *const *choices, const char **out, Error *err) {
  *out = api_query_text(q, name);
  if (!*out || in_list(choices, *out)) return 0;
  error_field(err, name, "is not one of the allowed values");
  err->status = 400;
  return -1;
}

int api_query_choices(const Query *q, const char *name, const char *const *choices, const char **out, Error *err) {
  *out = api_query_text(q, name);
  for (const char *p = *out; p;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    int known = 0;
    for (const char *const *c = choices; *c && !known; c++) known = strlen(*c) == len && strncmp(*c, p, len) == 0;
    if (!known) {
      error_field(err, name, "must be one or more of the allowed values, separated by commas");
      err->status = 400;
      return -1;
    }
    p = comma ? comma + 1 : NULL;
  }
  return 0;
}

const char *api_query_text(const Query *q, const char *name) {
  const char *v = json_string_value(json_object_get(q->params, name));
  return v && *v ? v : NULL;
}

/* Parses a decimal integer that fills the whole string. */
static int parse_int(const char *s, int64_t *out) {
  if (!*s || strlen(s) > 18) return -1;
  for (const char *p = s; *p; p++)
    if (!isdigit((unsigned char)*p)) return -1;
  *out = strtoll(s, NULL, 10);
  return 0;
}

int api_query_id(const Query *q, const char *name, int64_t *value, Error *err) {
  const char *s = api_query_text(q, name);
  *value = 0;
  if (!s) return 0;
  if (parse_int(s, value) || *value <= 0) {
    error_field(err, name, "must be a positive id");
    err->status = 400;
    return -1;
  }
  return 0;
}

int api_query_limit(const Query *q, int max, int *limit, Error *err) {
  const char *s = api_query_text(q, "limit");
  int64_t n = 0;
  *limit = 0;
  if (!s) return 0;
  if (parse_int(s, &n) || n < 1 || n > max) {
    error_field(err, "limit", "must be a whole number from 1 to %d", max);
    err->status = 400;
    return -1;
  }
  *limit = (int)n;
  return 0;
}

int api_query_page(Query *q, int *limit, StoreCursor *after, Error *err) {
  const char *s = json_string_value(json_object_get(q->params, "limit"));
  int64_t n = 50;
  if (s && (parse_int(s, &n) || n < 1 || n > 200)) {
    error_field(err, "limit", "must be a whole number from 1 to 200");
    err->status = 400;
    return -1;
  }
  *limit = (int)n;
  after->key = NULL;
  after->id = 0;
  const char *cursor = api_query_text(q, "after");
  if (!cursor) return 0;
  size_t capacity = strlen(cursor) * 3 / 4 + 1, raw_len = 0; /* base64 decodes to at most 3/4 of its length */
  unsigned char *raw = malloc(capacity + 1);
  if (!raw) abort();
  char *colon = NULL;
  if (sodium_base642bin(raw, capacity, cursor, strlen(cursor), NULL, &raw_len, NULL,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0) {
    raw[raw_len] = '\0';
    colon = strchr((char *)raw, ':');
  }
  int64_t id = 0;
  int ok = colon && text_utf8_length((char *)raw, raw_len) >= 0;
  if (ok) {
    *colon = '\0';
    ok = parse_int((char *)raw, &id) == 0;
  }
  if (ok) {
    after->id = id;
    json_object_set_new(q->params, " cursor key", json_string(colon + 1));
    after->key = json_string_value(json_object_get(q->params, " cursor key"));
  }
  free(raw);
  if (!ok) {
    error_field(err, "after", "is not a cursor this server gave out");
    err->status = 400;
    return -1;
  }
  return 0;
}

void api_send_page(Response *res, StorePage *page) {
  json_t *next = json_null();
  if (page->more) {
    Buffer raw = BUFFER_INIT;
    buffer_printf(&raw, "%lld:%s", (long long)page->next_id, page->next_key ? page->next_key : "");
    size_t size = sodium_base64_ENCODED_LEN(raw.len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *encoded = malloc(size);
    if (!encoded) abort();
    sodium_bin2base64(encoded, size, (const unsigned char *)raw.data, raw.len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    next = json_string(encoded);
    free(encoded);
    buffer_free(&raw);
  }
  json_t *body = json_pack("{s:O, s:o}", "items", page->items, "next", next);
  api_send_json(res, 200, body);
}

void api_send_json(Response *res, int status, json_t *body) { http_send_json(res, status, body, "application/json"); }

void api_send_created(Response *res, const char *collection, int64_t id, json_t *record) {
  Buffer location = BUFFER_INIT;
  buffer_printf(&location, "%s/%lld", collection, (long long)id);
  res->location = buffer_take(&location);
  res->etag_version = json_integer_value(json_object_get(record, "version"));
  api_send_json(res, 201, record);
}

int api_list(Request *req, Response *res, const char *const *allowed, ListQuery query, Error *err) {
  Query q;
  StoreCursor after;
  StorePage page = {0};
  int limit;
  int rc = api_query_parse(req, allowed, &q, err);
  if (!rc) rc = api_query_page(&q, &limit, &after, err);
  if (!rc) rc = query(req, &q, after, limit, &page, err);
  if (!rc) api_send_page(res, &page);
  store_page_free(&page);
  api_query_free(&q);
  return rc;
}

int api_if_match(const Request *req, int64_t *version, Error *err) {
  if (!req->if_match)
    return error_set(err, 428, "Precondition required", "send If-Match with the ETag of the version you changed");
  const char *s = req->if_match;
  if (strncmp(s, "W/", 2) == 0) s += 2;
  char digits[24];
  size_t n = strlen(s);
  if (n >= 3 && s[0] == '"' && s[n - 1] == '"' && n - 2 < sizeof digits) {
    memcpy(digits, s + 1, n - 2);
    digits[n - 2] = '\0';
    if (parse_int(digits, version) == 0 && *version > 0) return 0;
  }
  return error_set(err, 400, "Bad request", "If-Match must be an ETag such as \"3\"");
}

int api_day_span(const char *from, const char *to, char start[TIME_TEXT_SIZE], char end[TIME_TEXT_SIZE],
                    Error *err) {
  if (!from || time_check_date(from)) error_field(err, "from", "must be a date written YYYY-MM-DD");
  if (!to || time_check_date(to)) error_field(err, "to", "must be a date written YYYY-MM-DD");
  if (!error_has_fields(err) && strcmp(from, to) > 0) error_field(err, "to", "must not be before from");
  if (error_has_fields(err)) {
    err->status = 400;
    return -1;
  }
  time_t t;
  snprintf(start, TIME_TEXT_SIZE, "%sT00:00:00Z", from);
  snprintf(end, TIME_TEXT_SIZE, "%sT00:00:00Z", to);
  time_parse(end, &t);
  time_format(t + 24 * 3600, end);
  return 0;
}
