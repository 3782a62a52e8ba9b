/* Sending one plain-text mail through an SMTP server with libcurl: the SLA
 * scheduler's escalation notices. */
#ifndef FORGEDESK_MAIL_H
#define FORGEDESK_MAIL_H

#include "util/error.h"

/* Prepares libcurl for the process; call once, before any thread sends.
 * Returns 0, or -1 with err set. mail_global_cleanup undoes it. */
int mail_global_init(Error *err);
void mail_global_cleanup(void);

/* Sends a mail from `from` to `to` (bare addresses) with subject and body
 * through smtp_url ("smtp://host:port"). Line breaks in the subject are
 * replaced by spaces so no header can be injected. Returns 0 once the server
 * has accepted the message, or -1 with a 502 in err naming libcurl's reason. */
int mail_send(const char *smtp_url, const char *from, const char *to, const char *subject, const char *body,
              Error *err);

#endif
