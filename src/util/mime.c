/* MIME through GMime; see mime.h. GMime is initialised once per process;
 * each parse owns its own parser and streams, so parses may run on several
 * threads at once. Every text that leaves here is valid UTF-8 without NUL
 * or control characters (but tab and line feed), so both stores keep it. */
#include "util/mime.h"

#include <gmime/gmime.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/mail_rules.h"
#include "util/buffer.h"

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;
static void gmime_start(void) { g_mime_init(); }

/* bytes (len, in charset or unknown) as clean UTF-8: converted, invalid
 * sequences replaced, NUL and control characters but \t and \n dropped,
 * \r\n made \n. Returns a malloc'd string. */
static char *clean_text(const char *bytes, size_t len, const char *charset) {
  if (!bytes || !len) return strdup(""); /* an empty part has no buffer at all */
  char *utf8 = NULL;
  gsize written = 0;
  if (charset && g_ascii_strcasecmp(charset, "utf-8") != 0 && g_ascii_strcasecmp(charset, "us-ascii") != 0)
    utf8 = g_convert(bytes, (gssize)len, "UTF-8", charset, NULL, &written, NULL);
  if (!utf8 && !g_utf8_validate(bytes, (gssize)len, NULL))
    utf8 = g_convert(bytes, (gssize)len, "UTF-8", "WINDOWS-1252", NULL, &written, NULL);
  gchar *valid = utf8 ? g_utf8_make_valid(utf8, (gssize)written) : g_utf8_make_valid(bytes, (gssize)len);
  g_free(utf8);
  size_t n = strlen(valid);
  char *out = malloc(n + 1), *o = out;
  if (!out) abort();
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)valid[i];
    if (c == '\r' && valid[i + 1] == '\n') continue;
    if (c < 0x20 && c != '\n' && c != '\t') c = c == '\r' ? '\n' : ' ';
    if (c == 0x7F) continue;
    *o++ = (char)c;
  }
  *o = '\0';
  g_free(valid);
  return out;
}

static char *clean_header(const char *value) { return value ? clean_text(value, strlen(value), NULL) : NULL; }

static char *header(GMimeObject *o, const char *name) { return clean_header(g_mime_object_get_header(o, name)); }

/* The ids of a References or In-Reply-To header, space-separated. */
static char *message_ids(GMimeObject *o, const char *name) {
  const char *value = g_mime_object_get_header(o, name);
  if (!value) return NULL;
  GMimeReferences *refs = g_mime_references_parse(NULL, value);
  Buffer b = BUFFER_INIT;
  int n = refs ? g_mime_references_length(refs) : 0;
  for (int i = 0; i < n; i++) {
    if (b.len) buffer_putc(&b, ' ');
    buffer_puts(&b, g_mime_references_get_message_id(refs, i));
  }
  if (refs) g_mime_references_free(refs);
  char *raw = b.len ? buffer_take(&b) : NULL;
  buffer_free(&b);
  char *out = clean_header(raw);
  free(raw);
  return out;
}

static void add_addresses(Buffer *b, InternetAddressList *list) {
  int n = list ? internet_address_list_length(list) : 0;
  for (int i = 0; i < n; i++) {
    InternetAddress *ia = internet_address_list_get_address(list, i);
    if (!INTERNET_ADDRESS_IS_MAILBOX(ia)) continue;
    const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
    if (!addr || !strchr(addr, '@')) continue;
    if (b->len) buffer_putc(b, ',');
    char *lower = g_ascii_strdown(addr, -1);
    buffer_puts(b, lower);
    g_free(lower);
  }
}

/* A header of addresses (Delivered-To, X-Original-To) added to b. */
static void add_address_header(Buffer *b, GMimeObject *o, const char *name) {
  const char *value = g_mime_object_get_header(o, name);
  if (!value) return;
  InternetAddressList *list = internet_address_list_parse(NULL, value);
  add_addresses(b, list);
  if (list) g_object_unref(list);
}

typedef struct Walk {
  MimeMail *mail;
  size_t max_attachment;
  Buffer plain, html;
  int has_plain, has_html;
  int empty_multipart;
} Walk;

/* The decoded content of a leaf part (transfer encoding undone). */
static GByteArray *part_bytes(GMimePart *part) {
  GMimeDataWrapper *content = g_mime_part_get_content(part);
  GMimeStream *stream = g_mime_stream_mem_new();
  if (content) g_mime_data_wrapper_write_to_stream(content, stream);
  GByteArray *bytes = g_byte_array_new();
  GByteArray *held = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream));
  g_byte_array_append(bytes, held->data, held->len);
  g_object_unref(stream);
  return bytes;
}

static void add_attachment(Walk *w, const char *filename, const char *type, const guint8 *data, size_t size) {
  MimeMail *m = w->mail;
  if (m->nattachments == MIME_MAX_ATTACHMENTS) {
    m->attachments_dropped++;
    return;
  }
  MimeAttachment *a = &m->attachments[m->nattachments++];
  a->filename = clean_header(filename && *filename ? filename : "attachment");
  a->content_type = clean_header(type);
  a->size = size;
  if (size <= w->max_attachment) {
    a->data = malloc(size ? size : 1);
    if (!a->data) abort();
    if (size) memcpy(a->data, data, size);
  }
}

static void visit(GMimeObject *parent, GMimeObject *part, gpointer data) {
  (void)parent;
  Walk *w = data;
  if (GMIME_IS_MULTIPART(part)) {
    if (g_mime_multipart_get_count(GMIME_MULTIPART(part)) == 0) w->empty_multipart = 1;
    return;
  }
  GMimeContentType *ct = g_mime_object_get_content_type(part);
  char *type = ct ? g_mime_content_type_get_mime_type(ct) : g_strdup("text/plain");
  if (GMIME_IS_MESSAGE_PART(part)) {
    /* a forwarded mail as an attachment: kept whole, as an .eml file */
    GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(part));
    GMimeStream *stream = g_mime_stream_mem_new();
    if (inner) g_mime_object_write_to_stream(GMIME_OBJECT(inner), NULL, stream);
    GByteArray *held = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream));
    const char *subject = inner ? g_mime_message_get_subject(inner) : NULL;
    char *name = g_strdup_printf("%s.eml", subject && *subject ? subject : "forwarded");
    add_attachment(w, name, "message/rfc822", held->data, held->len);
    g_free(name);
    g_object_unref(stream);
  } else if (GMIME_IS_PART(part)) {
    GMimePart *leaf = GMIME_PART(part);
    const char *filename = g_mime_part_get_filename(leaf);
    int is_text = g_ascii_strcasecmp(type, "text/plain") == 0, is_html = g_ascii_strcasecmp(type, "text/html") == 0;
    GByteArray *bytes = part_bytes(leaf);
    if (!g_mime_part_is_attachment(leaf) && !filename && is_text && !w->has_plain) {
      char *text = clean_text((const char *)bytes->data, bytes->len, g_mime_object_get_content_type_parameter(part, "charset"));
      buffer_puts(&w->plain, text);
      free(text);
      w->has_plain = 1;
    } else if (!g_mime_part_is_attachment(leaf) && !filename && is_html && !w->has_html) {
      char *text = clean_text((const char *)bytes->data, bytes->len, g_mime_object_get_content_type_parameter(part, "charset"));
      mail_html_to_text(text, strlen(text), &w->html);
      free(text);
      w->has_html = 1;
    } else if (filename || g_mime_part_is_attachment(leaf) || (!is_text && !is_html)) {
      add_attachment(w, filename, type, bytes->data, bytes->len);
    }
    g_byte_array_unref(bytes);
  }
  g_free(type);
}

int mime_parse(const char *raw, size_t len, size_t max_attachment, MimeMail *out, Error *err) {
  pthread_once(&gmime_once, gmime_start);
  memset(out, 0, sizeof *out);
  GMimeStream *stream = g_mime_stream_mem_new_with_buffer(raw, len);
  GMimeParser *parser = g_mime_parser_new_with_stream(stream);
  GMimeMessage *msg = g_mime_parser_construct_message(parser, NULL);
  g_object_unref(parser);
  g_object_unref(stream);
  if (!msg) return error_set(err, 422, "Unreadable mail", "not a mail message: no headers could be read");
  GMimeObject *o = GMIME_OBJECT(msg);
  int rc = 0;
  InternetAddressList *from = g_mime_message_get_from(msg);
  Buffer b = BUFFER_INIT;
  add_addresses(&b, from);
  char *first = b.len ? strndup(buffer_cstr(&b), strcspn(buffer_cstr(&b), ",")) : NULL;
  buffer_free(&b);
  if (!first) {
    rc = error_set(err, 422, "Unreadable mail", "no sender address: the From header is missing or has no address");
  } else {
    out->from_address = clean_header(first);
    InternetAddress *ia = internet_address_list_get_address(from, 0);
    const char *name = ia ? internet_address_get_name(ia) : NULL;
    out->from_name = name && *name ? clean_header(name) : NULL;
  }
  free(first);
  if (!rc) {
    const char *id = g_mime_message_get_message_id(msg);
    out->message_id = id && *id ? clean_header(id) : NULL;
    out->in_reply_to = message_ids(o, "In-Reply-To");
    out->references = message_ids(o, "References");
    const char *subject = g_mime_message_get_subject(msg);
    out->subject = clean_header(subject ? subject : "");
    Buffer rcpt = BUFFER_INIT;
    add_address_header(&rcpt, o, "Delivered-To");
    add_address_header(&rcpt, o, "X-Original-To");
    add_addresses(&rcpt, g_mime_message_get_to(msg));
    add_addresses(&rcpt, g_mime_message_get_cc(msg));
    out->recipients = buffer_take(&rcpt);
    buffer_free(&rcpt);
    out->auto_submitted = header(o, "Auto-Submitted");
    out->precedence = header(o, "Precedence");
    out->return_path = header(o, "Return-Path");
    out->x_autoreply = header(o, "X-Autoreply");
    out->x_autorespond = header(o, "X-Autorespond");
    out->x_auto_response_suppress = header(o, "X-Auto-Response-Suppress");
    out->list_id = header(o, "List-Id");
    GMimeObject *body = g_mime_message_get_mime_part(msg);
    GMimeContentType *ct = body ? g_mime_object_get_content_type(body) : NULL;
    char *type = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
    out->content_type = clean_header(type);
    g_free(type);
    Walk w = {.mail = out, .max_attachment = max_attachment, .plain = BUFFER_INIT, .html = BUFFER_INIT};
    if (body && GMIME_IS_MULTIPART(body) && g_mime_multipart_get_count(GMIME_MULTIPART(body)) == 0)
      w.empty_multipart = 1;
    else if (body && !GMIME_IS_MULTIPART(body))
      visit(NULL, body, &w);
    else
      g_mime_message_foreach(msg, visit, &w);
    if (w.empty_multipart && !w.has_plain && !w.has_html && !out->nattachments)
      rc = error_set(err, 422, "Unreadable mail", "a multipart mail without parts (a missing or wrong boundary)");
    out->text = strdup(w.has_plain ? buffer_cstr(&w.plain) : buffer_cstr(&w.html));
    buffer_free(&w.plain);
    buffer_free(&w.html);
  }
  g_object_unref(msg);
  return rc;
}

void mime_mail_free(MimeMail *m) {
  char **strings[] = {&m->message_id,    &m->in_reply_to,  &m->references, &m->from_address,
                      &m->from_name,     &m->subject,      &m->recipients, &m->text,
                      &m->auto_submitted, &m->precedence,  &m->return_path, &m->x_autoreply,
                      &m->x_autorespond, &m->x_auto_response_suppress, &m->list_id, &m->content_type};
  for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
    free(*strings[i]);
    *strings[i] = NULL;
  }
  for (int i = 0; i < m->nattachments; i++) {
    free(m->attachments[i].filename);
    free(m->attachments[i].content_type);
    free(m->attachments[i].data);
  }
  m->nattachments = 0;
}
