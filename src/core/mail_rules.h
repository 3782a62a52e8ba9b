/* The rules of the email channel that need no I/O (docs/MAIL.md): which
 * inbound mail is automatic (auto-replies, bounces, loops) and must never
 * open a case or be answered, the case reference in a subject, HTML turned
 * into plain text for the timeline, the templates of outbound mail and the
 * back-off of failed sends. */
#ifndef FORGEDESK_MAIL_RULES_H
#define FORGEDESK_MAIL_RULES_H

#include <jansson.h>
#include <stdint.h>

#include "util/buffer.h"

/* The headers that say whether a mail was sent by a machine. Any may be
 * NULL (absent); values are as received, unfolded. */
typedef struct MailAutoHeaders {
  const char *auto_submitted; /* RFC 3834: anything but "no" is automatic */
  const char *precedence;     /* bulk, junk, list, auto_reply */
  const char *return_path;    /* "<>" is a bounce (the null sender) */
  const char *x_autoreply, *x_autorespond, *x_auto_response_suppress;
  const char *list_id;
  const char *content_type;   /* the top-level type, e.g. "multipart/report" */
  const char *from_address;   /* the sender's bare address */
  const char *own_address;    /* ours (mail we sent coming back), or NULL */
} MailAutoHeaders;

/* Why a mail is automatic (a static text for the record), or NULL when a
 * person sent it. */
const char *mail_auto_reason(const MailAutoHeaders *h);

/* A mail whose sender, subject and text match this many earlier ones
 * received within MAIL_REPEAT_WINDOW_SECONDS is a repeat (a loop between
 * two auto-responders, or the same mail sent again): the reason, or NULL. */
#define MAIL_REPEAT_WINDOW_SECONDS (24 * 3600)
const char *mail_repeat_reason(int64_t earlier_identical);

/* The case a subject refers to: "[Case #123]", "Case #123" or "[#123]"
 * (any case, the first one found); 0 when none. */
int64_t mail_subject_case_ref(const char *subject);
/* The subject of our reply on case_id: the customer's subject without its
 * "Re:"/"Fwd:" prefixes, with "Re: " before and the case reference after
 * (unless it is there already). Appends to out. */
void mail_reply_subject(const char *subject, int64_t case_id, Buffer *out);

/* Appends the text of an HTML document: tags dropped (script, style and
 * head with their content), entities decoded, block elements as line
 * breaks, list items as "- ", links as "text <url>", white space
 * collapsed. The result is plain text, never markup to render. */
void mail_html_to_text(const char *html, size_t len, Buffer *out);

/* Free-mail domains (gmail.com, …) are shared by strangers: an unknown
 * sender there is never matched to an account by domain. */
int mail_domain_is_public(const char *domain);

/* Outbound mail: what it is and whom it speaks to. */
typedef enum {
  MAIL_KIND_REPLY,                     /* an agent's public reply */
  MAIL_KIND_CASE_OPENED,               /* the receipt of a new case opened by mail */
  MAIL_KIND_COMPLAINT_ACKNOWLEDGEMENT, /* ISO 10002's acknowledgement of a complaint */
  MAIL_KIND_SLA_ESCALATION,            /* to staff: a warning or breach */
  MAIL_KIND_STRETCH_NOTICE,            /* to a mentor: their mentee was given a stretch case */
  MAIL_KIND_SURVEY_INVITATION,         /* a satisfaction survey's link (docs/SATISFACTION.md) */
  MAIL_KIND_COUNT
} MailKind;
typedef enum { MAIL_AUDIENCE_TECHNICAL, MAIL_AUDIENCE_COMMERCIAL, MAIL_AUDIENCE_COUNT } MailAudience;
extern const char *const mail_kind_names[];     /* NULL-terminated */
extern const char *const mail_audience_names[]; /* NULL-terminated */
/* Whether forgedesk sends the kind by itself (marked Auto-Submitted). */
int mail_kind_is_automatic(MailKind kind);
/* Parses an audience name; unknown or NULL is technical. */
MailAudience mail_audience_parse(const char *name);

/* Renders the template of kind for audience with fields (an object of
 * strings and integers named as the placeholders: case_id, case_subject,
 * case_status, contact_name, agent_name, body, level, target; survey_name,
 * question, expires_on, survey_link): appends the subject and the body. A
 * placeholder without a field renders empty. */
void mail_template_render(MailKind kind, MailAudience audience, const json_t *fields, Buffer *subject,
                          Buffer *body);

/* A survey invitation is queued with MAIL_LINK_MARK as its survey_link:
 * the link's token is made only when the mail is sent, so the queue never
 * holds it. mail_put_link appends body with its last mark replaced by link
 * (the mark comes after every field a customer could have written). */
#define MAIL_LINK_MARK "[[forgedesk-survey-link]]"
void mail_put_link(const char *body, const char *link, Buffer *out);

/* Failed sends are retried after 1, 2, 4, … minutes, at most an hour
 * apart; after MAIL_MAX_ATTEMPTS a mail is failed until retried by hand.
 * The delay in seconds before the next try after `attempts` failures, or
 * -1 when it is not to be retried. */
#define MAIL_MAX_ATTEMPTS 10
int64_t mail_retry_delay(int attempts);

#endif
