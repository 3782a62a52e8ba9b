/* SMTP through libcurl; see mail.h. */
#include "util/mail.h"

#include <curl/curl.h>
#include <string.h>
#include <time.h>

#include "util/buffer.h"

#define MAIL_CONNECT_SECONDS 5L
#define MAIL_TIMEOUT_SECONDS 20L

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

int mail_send(const char *smtp_url, const char *from, const char *to, const char *subject, const char *body,
              Error *err) {
  char date[64];
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  Buffer msg = BUFFER_INIT, addr_from = BUFFER_INIT, addr_to = BUFFER_INIT;
  buffer_printf(&msg, "Date: %s\r\nFrom: ", date);
  put_header_value(&msg, from);
  buffer_puts(&msg, "\r\nTo: ");
  put_header_value(&msg, to);
  buffer_puts(&msg, "\r\nSubject: ");
  put_header_value(&msg, subject);
  buffer_puts(&msg, "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
  buffer_puts(&msg, body);
  buffer_puts(&msg, "\r\n");
  buffer_printf(&addr_from, "<%s>", from);
  buffer_printf(&addr_to, "<%s>", to);
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
