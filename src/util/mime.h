/* Reading one RFC 5322 message with GMime: the headers the email channel
 * needs, the text (plain, or HTML turned into text), every header decoded
 * to UTF-8 (encoded words, charsets) and the attachments. docs/MAIL.md. */
#ifndef FORGEDESK_MIME_H
#define FORGEDESK_MIME_H

#include <stddef.h>

#include "util/error.h"

#define MIME_MAX_ATTACHMENTS 100

typedef struct MimeAttachment {
  char *filename;     /* owned, UTF-8; "attachment" when the part has none */
  char *content_type; /* owned, "type/subtype" */
  char *data;         /* owned, decoded bytes; NULL when over the size limit */
  size_t size;        /* decoded size, also when not kept */
} MimeAttachment;

/* A parsed mail; every string owned, UTF-8, NULL when absent. */
typedef struct MimeMail {
  char *message_id, *in_reply_to, *references; /* ids without <>, references space-separated */
  char *from_address, *from_name, *subject;
  char *recipients; /* Delivered-To, X-Original-To, To and Cc addresses, comma-separated, lower case */
  char *text;       /* the body as plain text ("" when it has none) */
  char *auto_submitted, *precedence, *return_path, *x_autoreply, *x_autorespond, *x_auto_response_suppress,
      *list_id, *content_type;
  MimeAttachment attachments[MIME_MAX_ATTACHMENTS];
  int nattachments;
  int attachments_dropped; /* beyond MIME_MAX_ATTACHMENTS */
} MimeMail;

/* Parses raw (len bytes, any content) into out, keeping attachments of at
 * most max_attachment bytes. Thread-safe. Returns 0, or -1 with a 422
 * whose detail is the reason the mail cannot be read (for the
 * quarantine): no headers, no sender address, a multipart without parts.
 * out must be freed with mime_mail_free either way. */
int mime_parse(const char *raw, size_t len, size_t max_attachment, MimeMail *out, Error *err);
void mime_mail_free(MimeMail *m);

#endif
