/* The email channel (docs/MAIL.md): inbound mail becoming cases and
 * replies (mail_ingest.c), the outbound queue with its templates and its
 * sender (mail_outbox.c), and the routes of mailbox rules, triage,
 * attachments and the queue (mail_routes.c). */
#ifndef FORGEDESK_API_MAIL_H
#define FORGEDESK_API_MAIL_H

#include "api/api.h"
#include "core/mail_rules.h"
#include "util/mime.h"

#define MAIL_MAX_MESSAGE_BYTES (40u * 1024 * 1024)    /* larger mail is quarantined unread */
#define MAIL_MAX_ATTACHMENT_BYTES (25u * 1024 * 1024) /* larger parts are recorded without content */

/* forgedesk's own address (serve --mail-from, mail ingest --mail-from):
 * the domain of the Message-IDs it writes and, inbound, a mail from it is a
 * loop. Set once at start-up; NULL leaves "forgedesk@localhost". */
void mail_set_own_address(const char *address);
const char *mail_own_address(void);

/* One inbound mail, read outside any transaction (parsing is the slow
 * part), then stored inside one. */
typedef struct MailInbound {
  const char *raw; /* borrowed */
  size_t len;
  char *envelope_to; /* owned; the LMTP recipient, or NULL */
  MimeMail mime;
  int readable;          /* 0: quarantined with reason */
  char *reason;          /* owned */
  char *fingerprint;     /* owned hex hash of sender, subject and text */
  char *raw_base64;      /* owned; set when quarantined */
  char *attachment_base64[MIME_MAX_ATTACHMENTS]; /* owned, of the attachments kept */
} MailInbound;

/* What became of a mail: outcome "case" (a new case), "reply" (on a case),
 * "triage", "ignored" (automatic, never answered) or "quarantined". */
typedef struct MailIngestResult {
  const char *outcome; /* static */
  int64_t mail_id, case_id, quarantine_id;
  char reason[160];
} MailIngestResult;

/* Reads raw (borrowed until mail_inbound_free) for envelope_to (may be NULL). */
void mail_inbound_parse(MailInbound *in, const char *raw, size_t len, const char *envelope_to);
void mail_inbound_free(MailInbound *in);
/* Stores a parsed mail inside the caller's write transaction: quarantine,
 * ignored, a reply on its case (which resumes a case waiting on the
 * customer), a new case by the mailbox rules (acknowledged at once when a
 * complaint), or triage. Returns 0, or -1 with err set (a store error: the
 * caller rolls back and the sender should try again). */
int mail_inbound_store(Db *db, MailInbound *in, MailIngestResult *out, Error *err);

/* --- the outbound queue (mail_outbox.c) --------------------------------------------- */
/* Queues mail of kind about case_id (0 none) to `to`, rendered for
 * audience from fields (mail_template_render); threading ids may be NULL.
 * *id the queued row. Inside the caller's transaction. */
typedef struct MailQueued {
  MailKind kind;
  MailAudience audience;
  int64_t case_id, event_id, escalation_id, invitation_id;
  const char *to, *in_reply_to, *references;
  const json_t *fields;
} MailQueued;
int mail_queue(Db *db, const MailQueued *q, const char *now, int64_t *id, Error *err);
/* After an agent's public reply (event_id) on the request's case: mails it
 * to the case's contact, or to whoever last wrote in, threaded on the
 * case's mails. Nothing when the case has no address to write to. */
int mail_case_replied(Request *req, int64_t case_id, int64_t event_id, const char *body, Error *err);
/* A new escalation row (store_sla_escalation_get's) to mail to its user:
 * queued, or failed at once when the user has no address. */
int mail_queue_escalation(Db *db, const json_t *escalation, const char *case_subject, const char *now, Error *err);
/* A mentor's notice that their mentee was given case_id as a stretch case
 * (docs/TEAM.md): queued (*queued 1), or not when the mentor has no address. */
int mail_queue_stretch_notice(Db *db, int64_t mentor_id, int64_t case_id, const char *body, const char *now,
                              int *queued, Error *err);
/* Sends the queued mail that is due, in batches until none is or stop()
 * says so: claimed and committed (a survey invitation's link made then,
 * surveys_invitation_link), sent outside any transaction, the outcome
 * recorded (sent; or retried later with back-off; or failed after
 * MAIL_MAX_ATTEMPTS, which the case's timeline then shows; an escalation's
 * or invitation's own state follows). */
void mail_outbox_send_due(Db *db, const char *smtp_url, const char *from, int (*stop)(void));

/* --- routes (mail_routes.c) ----------------------------------------------------------- */
int mailbox_rules_list(Request *req, Response *res, Error *err);
int mailbox_rules_create(Request *req, Response *res, Error *err);
int mailbox_rules_get(Request *req, Response *res, Error *err);
int mailbox_rules_patch(Request *req, Response *res, Error *err);
int mailbox_rules_delete(Request *req, Response *res, Error *err);
int mail_case_mails(Request *req, Response *res, Error *err);
int mail_attachment_download(Request *req, Response *res, Error *err);
int mail_triage_list(Request *req, Response *res, Error *err);
int mail_triage_assign(Request *req, Response *res, Error *err);
int mail_quarantine_list(Request *req, Response *res, Error *err);
int mail_outbox_list(Request *req, Response *res, Error *err);
int mail_outbox_retry(Request *req, Response *res, Error *err);

/* --- shared by the mail files -------------------------------------------------------------- */
/* A request run by forgedesk itself (as the "mail" actor, with a case
 * worker's rights) on db, to reuse the handlers' rules and audit. */
void mail_system_request(Request *req, Db *db);
/* Runs handler h for record id with body (JSON) as the request's (its own
 * id and body are put back after); *answer (may be NULL) the handler's
 * JSON answer, owned by the caller. */
int mail_system_call(Request *req, Handler h, int64_t id, const json_t *body, json_t **answer, Error *err);
/* Opens the case of inbound mail mail_id (its stored row `mail`) on account
 * (contact may be 0) with type, priority and team (0 none), links the mail
 * and its attachments and queues the receipt or, for a complaint, the
 * acknowledgement (and takes the acknowledged step). *case_id the case. */
int mail_open_case(Request *req, const json_t *mail, int64_t account_id, int64_t contact_id, const char *type,
                   int64_t priority, int64_t team_id, int64_t *case_id, Error *err);

#endif
