/* Sending one mail through an SMTP server with libcurl: whatever the
 * outbound queue holds (replies, acknowledgements, SLA escalations). */
#ifndef FORGEDESK_MAIL_H
#define FORGEDESK_MAIL_H

/* The longest one mail may take to send, connection included. */
#define MAIL_TIMEOUT_SECONDS 20L

#include "util/buffer.h"
#include "util/error.h"

/* Prepares libcurl for the process; call once, before any thread sends.
 * Returns 0, or -1 with err set. mail_global_cleanup undoes it. */
int mail_global_init(Error *err);
void mail_global_cleanup(void);

/* One plain-text mail. Addresses are bare (no display names); ids without
 * angle brackets; references space-separated; any but from, to, subject
 * and body may be NULL. */
typedef struct MailMessage {
  const char *from, *to, *subject, *body;
  const char *message_id, *in_reply_to, *references;
  int auto_submitted; /* sent by forgedesk itself: Auto-Submitted: auto-replied */
} MailMessage;

/* Writes m as an RFC 5322 message into out (the text that is sent): header
 * values kept on one line so no header can be injected, a non-ASCII
 * subject as encoded words, the body in UTF-8 with CRLF line ends. */
void mail_format(const MailMessage *m, Buffer *out);

/* Sends m through smtp_url ("smtp://host:port"). Returns 0 once the server
 * has accepted the message, or -1 with a 502 in err naming libcurl's reason. */
int mail_send(const char *smtp_url, const MailMessage *m, Error *err);

#endif
