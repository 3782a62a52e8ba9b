/* SMTP through libcurl; see mail.h. */
#include "util/mail.h"

#include <curl/curl.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

#define MAIL_CONNECT_SECONDS 5L
#define ENCODED_WORD_BYTES 45 /* bytes of subject per encoded word: 60 base64 characters, under 75 in all */

int mail_global_init(Error *err) {
  CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
  return rc == CURLE_OK ? 0 : error_set(err, 500, "Mail unavailable", "libcurl: %s", curl_easy_strerror(rc));
}

void mail_global_cleanup(void) { curl_global_cleanup(); }

/* The message's bytes and how far libcurl has read them. */
typedef struct MailReader {
  const char *text;
  size_t len, at;
} MailReader;

static size_t mail_read(char *out, size_t size, size_t count, void *arg) {
  MailReader *r = arg;
  size_t n = size * count, left = r->len - r->at;
  if (n > left) n = left;
  memcpy(out, r->text + r->at, n);
  r->at += n;
  return n;
}

/* Appends s with CR and LF made spaces: header values stay one line. */
static void put_header_value(Buffer *b, const char *s) {
  for (; *s; s++) buffer_putc(b, *s == '\r' || *s == '\n' ? ' ' : *s);
}

static void put_header(Buffer *b, const char *name, const char *value) {
  buffer_puts(b, name);
  buffer_puts(b, ": ");
  put_header_value(b, value);
  buffer_puts(b, "\r\n");
}

/* "<a> <b>" from the space-separated ids "a b". */
static void put_ids(Buffer *b, const char *name, const char *ids) {
  if (!ids || !*ids) return;
  buffer_puts(b, name);
  buffer_puts(b, ":");
  for (const char *s = ids; *s;) {
    size_t n = strcspn(s, " \r\n");
    if (n) {
      Buffer id = BUFFER_INIT;
      buffer_append(&id, s, n);
      buffer_puts(b, " <");
      put_header_value(b, buffer_cstr(&id));
      buffer_putc(b, '>');
      buffer_free(&id);
    }
    s += n;
    while (*s == ' ' || *s == '\r' || *s == '\n') s++;
  }
  buffer_puts(b, "\r\n");
}

/* The subject as is when it is printable ASCII, else as UTF-8 encoded
 * words of at most ENCODED_WORD_BYTES bytes each, cut between characters. */
static void put_subject(Buffer *b, const char *subject) {
  int ascii = 1;
  for (const char *s = subject; *s; s++)
    if ((unsigned char)*s >= 0x80) ascii = 0;
  if (ascii) {
    put_header(b, "Subject", subject);
    return;
  }
  buffer_puts(b, "Subject:");
  size_t len = strlen(subject);
  for (size_t at = 0; at < len;) {
    size_t n = len - at < ENCODED_WORD_BYTES ? len - at : ENCODED_WORD_BYTES;
    while (at + n < len && ((unsigned char)subject[at + n] & 0xC0) == 0x80) n--;
    char word[sodium_base64_ENCODED_LEN(ENCODED_WORD_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    Buffer part = BUFFER_INIT;
    for (size_t i = 0; i < n; i++) buffer_putc(&part, subject[at + i] == '\r' || subject[at + i] == '\n' ? ' ' : subject[at + i]);
    sodium_bin2base64(word, sizeof word, (const unsigned char *)part.data, n, sodium_base64_VARIANT_ORIGINAL);
    buffer_free(&part);
    buffer_printf(b, "%s=?UTF-8?B?%s?=", at ? "\r\n " : " ", word);
    at += n;
  }
  buffer_puts(b, "\r\n");
}

void mail_format(const MailMessage *m, Buffer *out) {
  char date[64];
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  put_header(out, "Date", date);
  put_header(out, "From", m->from);
  put_header(out, "To", m->to);
  put_subject(out, m->subject);
  put_ids(out, "Message-ID", m->message_id);
  put_ids(out, "In-Reply-To", m->in_reply_to);
  put_ids(out, "References", m->references);
  if (m->auto_submitted) buffer_puts(out, "Auto-Submitted: auto-replied\r\nX-Auto-Response-Suppress: All\r\n");
  buffer_puts(out, "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
  for (const char *s = m->body; *s; s++) {
    if (*s == '\r') continue;
    if (*s == '\n') buffer_puts(out, "\r\n");
    else buffer_putc(out, *s);
  }
  buffer_puts(out, "\r\n");
}

int mail_send(const char *smtp_url, const MailMessage *m, Error *err) {
  Buffer msg = BUFFER_INIT, addr_from = BUFFER_INIT, addr_to = BUFFER_INIT;
  mail_format(m, &msg);
  buffer_puts(&addr_from, "<");
  put_header_value(&addr_from, m->from);
  buffer_puts(&addr_from, ">");
  buffer_puts(&addr_to, "<");
  put_header_value(&addr_to, m->to);
  buffer_puts(&addr_to, ">");
  MailReader reader = {buffer_cstr(&msg), msg.len, 0};
  struct curl_slist *rcpt = curl_slist_append(NULL, buffer_cstr(&addr_to));
  CURL *curl = curl_easy_init();
  CURLcode rc = CURLE_FAILED_INIT;
  if (curl && rcpt) {
    curl_easy_setopt(curl, CURLOPT_URL, smtp_url);
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, buffer_cstr(&addr_from));
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, mail_read);
    curl_easy_setopt(curl, CURLOPT_READDATA, &reader);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, MAIL_CONNECT_SECONDS);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, MAIL_TIMEOUT_SECONDS);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    rc = curl_easy_perform(curl);
  }
  if (curl) curl_easy_cleanup(curl);
  curl_slist_free_all(rcpt);
  buffer_free(&msg);
  buffer_free(&addr_from);
  buffer_free(&addr_to);
  return rc == CURLE_OK ? 0 : error_set(err, 502, "Mail not sent", "%s", curl_easy_strerror(rc));
}
