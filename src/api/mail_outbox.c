/* The outbound queue: every mail forgedesk sends is a row first (rendered
 * from its template in the transaction of what caused it), and the
 * scheduler thread sends what is due, retrying failures with back-off.
 * docs/MAIL.md. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "api/mail.h"
#include "api/surveys.h"
#include "util/mail.h"

#define SEND_BATCH 20    /* mails claimed per transaction */
#define SEND_BATCHES 50  /* at most this many batches a pass */
/* A claim older than this was left by a server that died while sending: a
 * live one has tried its whole batch long before. */
#define SEND_LEASE_SECONDS (2 * SEND_BATCH * MAIL_TIMEOUT_SECONDS)
#define MAX_REFERENCES 20

/* A fresh Message-ID (without brackets) on forgedesk's own domain. */
static void new_message_id(int64_t case_id, Buffer *out) {
  unsigned char random[12];
  char hex[sizeof random * 2 + 1];
  randombytes_buf(random, sizeof random);
  sodium_bin2hex(hex, sizeof hex, random, sizeof random);
  const char *at = strrchr(mail_own_address(), '@');
  buffer_printf(out, "forgedesk.%lld.%s@%s", (long long)case_id, hex, at && at[1] ? at + 1 : "localhost");
}

int mail_queue(Db *db, const MailQueued *q, const char *now, int64_t *id, Error *err) {
  Buffer subject = BUFFER_INIT, body = BUFFER_INIT, message_id = BUFFER_INIT;
  mail_template_render(q->kind, q->audience, q->fields, &subject, &body);
  new_message_id(q->case_id, &message_id);
  json_t *values = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?, s:s?, s:i}", "kind", mail_kind_names[q->kind],
                             "to_address", q->to, "subject", buffer_cstr(&subject), "body", buffer_cstr(&body),
                             "message_id", buffer_cstr(&message_id), "in_reply_to", q->in_reply_to, "refs",
                             q->references, "auto", mail_kind_is_automatic(q->kind));
  if (q->case_id) json_object_set_new(values, "case_id", json_integer(q->case_id));
  if (q->event_id) json_object_set_new(values, "event_id", json_integer(q->event_id));
  if (q->escalation_id) json_object_set_new(values, "escalation_id", json_integer(q->escalation_id));
  if (q->invitation_id) json_object_set_new(values, "invitation_id", json_integer(q->invitation_id));
  int rc = store_outbox_insert(db, values, now, id, err);
  json_decref(values);
  buffer_free(&subject);
  buffer_free(&body);
  buffer_free(&message_id);
  return rc;
}

/* The last MAX_REFERENCES Message-IDs of a case's mails, space-separated. */
static int case_references(Db *db, int64_t case_id, Buffer *out, Error *err) {
  json_t *ids = NULL;
  if (store_mail_case_message_ids(db, case_id, &ids, err)) return -1;
  size_t n = json_array_size(ids);
  for (size_t i = n > MAX_REFERENCES ? n - MAX_REFERENCES : 0; i < n; i++)
    buffer_printf(out, "%s%s", out->len ? " " : "", json_string_value(json_object_get(json_array_get(ids, i), "message_id")));
  json_decref(ids);
  return 0;
}

int mail_case_replied(Request *req, int64_t case_id, int64_t event_id, const char *body, Error *err) {
  json_t *kase = NULL, *contact = NULL, *last = NULL;
  int rc = store_record_get(req->db, &store_cases, case_id, &kase, err);
  json_t *contact_id = json_object_get(kase, "contact_id");
  if (!rc && json_is_integer(contact_id))
    rc = store_record_get(req->db, &store_contacts, json_integer_value(contact_id), &contact, err);
  if (!rc) rc = store_mail_last_inbound(req->db, case_id, &last, err);
  const char *to = json_string_value(json_object_get(contact, "email"));
  if (!to) to = json_string_value(json_object_get(last, "from_address"));
  if (rc || !to || !kase) {
    json_decref(kase);
    json_decref(contact);
    json_decref(last);
    return rc;
  }
  Buffer subject = BUFFER_INIT, references = BUFFER_INIT;
  const char *customer_subject = json_string_value(json_object_get(last, "subject"));
  mail_reply_subject(customer_subject ? customer_subject : json_string_value(json_object_get(kase, "subject")), case_id,
                     &subject);
  rc = case_references(req->db, case_id, &references, err);
  const char *name = json_string_value(json_object_get(contact, "name"));
  if (!name) name = json_string_value(json_object_get(last, "from_name"));
  const char *agent = req->user.user ? json_string_value(json_object_get(req->user.user, "display_name")) : NULL;
  json_t *fields = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "case_id", (json_int_t)case_id, "case_subject",
                             json_string_value(json_object_get(kase, "subject")), "contact_name", name ? name : "customer",
                             "agent_name", agent ? agent : "Customer service", "body", body, "reply_subject",
                             buffer_cstr(&subject));
  MailQueued q = {.kind = MAIL_KIND_REPLY,
                  .audience = mail_audience_parse(json_string_value(json_object_get(contact, "audience"))),
                  .case_id = case_id,
                  .event_id = event_id,
                  .to = to,
                  .in_reply_to = json_string_value(json_object_get(last, "message_id")),
                  .references = references.len ? buffer_cstr(&references) : NULL,
                  .fields = fields};
  int64_t id = 0;
  if (!rc) rc = mail_queue(req->db, &q, req->now, &id, err);
  json_decref(fields);
  buffer_free(&subject);
  buffer_free(&references);
  json_decref(kase);
  json_decref(contact);
  json_decref(last);
  return rc;
}

int mail_queue_escalation(Db *db, const json_t *escalation, const char *case_subject, const char *now, Error *err) {
  int64_t id = json_integer_value(json_object_get(escalation, "id"));
  json_t *user = NULL;
  if (store_record_get(db, &store_users, json_integer_value(json_object_get(escalation, "notify_user_id")), &user, err))
    return -1;
  const char *email = json_string_value(json_object_get(user, "email"));
  int rc;
  if (!email) {
    rc = store_sla_notify_done(db, id, "failed", "the user has no email address", now, err);
  } else {
    json_t *fields = json_pack("{s:O, s:s, s:O, s:O}", "case_id", json_object_get(escalation, "case_id"),
                               "case_subject", case_subject ? case_subject : "", "level",
                               json_object_get(escalation, "level"), "target", json_object_get(escalation, "target"));
    MailQueued q = {.kind = MAIL_KIND_SLA_ESCALATION,
                    .case_id = json_integer_value(json_object_get(escalation, "case_id")),
                    .escalation_id = id,
                    .to = email,
                    .fields = fields};
    int64_t queued = 0;
    rc = mail_queue(db, &q, now, &queued, err);
    json_decref(fields);
  }
  json_decref(user);
  return rc;
}

int mail_queue_stretch_notice(Db *db, int64_t mentor_id, int64_t case_id, const char *body, const char *now,
                              int *queued, Error *err) {
  json_t *mentor = NULL, *kase = NULL;
  *queued = 0;
  int rc = store_record_get(db, &store_users, mentor_id, &mentor, err);
  if (!rc) rc = store_record_get(db, &store_cases, case_id, &kase, err);
  const char *email = json_string_value(json_object_get(mentor, "email"));
  if (!rc && email && kase) {
    json_t *fields = json_pack("{s:I, s:O, s:s}", "case_id", (json_int_t)case_id, "case_subject",
                               json_object_get(kase, "subject"), "body", body);
    MailQueued q = {.kind = MAIL_KIND_STRETCH_NOTICE, .case_id = case_id, .to = email, .fields = fields};
    int64_t id = 0;
    rc = mail_queue(db, &q, now, &id, err);
    *queued = rc == 0;
    json_decref(fields);
  }
  json_decref(mentor);
  json_decref(kase);
  return rc;
}

/* --- sending ------------------------------------------------------------------------------------ */

static void report(const char *what, const Error *err) {
  fprintf(stderr, "forgedesk: mail queue: %s: %s\n", what, err->detail ? err->detail : "failed");
}

/* Records how sending one claimed mail went, in its own transaction. */
static void record_try(Db *db, const json_t *mail, int sent, const char *error) {
  char now[TIME_TEXT_SIZE], next[TIME_TEXT_SIZE];
  time_now_text(now);
  int64_t id = json_integer_value(json_object_get(mail, "id"));
  int64_t delay = sent ? -1 : mail_retry_delay((int)json_integer_value(json_object_get(mail, "attempts")) + 1);
  time_t t = 0;
  time_parse(now, &t);
  time_format(t + (delay > 0 ? delay : 0), next);
  const char *status = sent ? "sent" : delay > 0 ? "queued" : "failed";
  json_t *escalation = json_object_get(mail, "escalation_id"), *case_id = json_object_get(mail, "case_id");
  json_t *invitation = json_object_get(mail, "invitation_id");
  Error err = ERROR_INIT;
  int rc = store_begin_write(db, &err);
  if (!rc) rc = store_outbox_done(db, id, status, sent ? NULL : error, delay > 0 ? next : NULL, now, &err);
  /* an escalation says how its notice went once that is final; an invitation also when it waits again */
  if (!rc && json_is_integer(escalation) && (sent || delay < 0))
    rc = store_sla_notify_done(db, json_integer_value(escalation), sent ? "sent" : "failed", sent ? NULL : error, now, &err);
  if (!rc && json_is_integer(invitation))
    rc = store_survey_invitation_mailed(db, json_integer_value(invitation), status, sent ? NULL : error, &err);
  if (!rc && !sent && delay < 0 && json_is_integer(case_id)) {
    Buffer body = BUFFER_INIT;
    buffer_printf(&body, "mail to %s could not be sent after %d tries (%s); it stays in the outbound queue to retry",
                  json_string_value(json_object_get(mail, "to_address")), MAIL_MAX_ATTEMPTS, error ? error : "");
    json_t *event = json_pack("{s:s, s:s, s:s}", "kind", "mail_failed", "visibility", "internal", "body", buffer_cstr(&body));
    int64_t event_id = 0;
    rc = store_case_event_insert(db, json_integer_value(case_id), event, now, &event_id, &err);
    json_decref(event);
    buffer_free(&body);
  }
  if (!rc) rc = store_commit(db, &err);
  if (rc) {
    store_rollback(db);
    report("recording a try", &err);
  }
  error_clear(&err);
}

/* Survey invitations among the claimed mail get their links now, inside
 * the claim's transaction: the hash is committed before the mail goes, and
 * the token lives only in the mail (each try makes a new one). */
static int put_links(Db *db, json_t *claimed, const char *now, Error *err) {
  size_t i;
  json_t *mail;
  json_array_foreach(claimed, i, mail) {
    json_t *invitation = json_object_get(mail, "invitation_id");
    if (!json_is_integer(invitation)) continue;
    Buffer link = BUFFER_INIT, body = BUFFER_INIT;
    int rc = surveys_invitation_link(db, json_integer_value(invitation), now, &link, err);
    if (!rc) {
      mail_put_link(json_string_value(json_object_get(mail, "body")), buffer_cstr(&link), &body);
      json_object_set_new(mail, "body", json_string(buffer_cstr(&body)));
      sodium_memzero(link.data, link.len);
    }
    buffer_free(&link);
    buffer_free(&body);
    if (rc) return -1;
  }
  return 0;
}

void mail_outbox_send_due(Db *db, const char *smtp_url, const char *from, int (*stop)(void)) {
  for (int batch = 0; batch < SEND_BATCHES && !stop(); batch++) {
    Error err = ERROR_INIT;
    json_t *claimed = NULL;
    char now[TIME_TEXT_SIZE], stale[TIME_TEXT_SIZE];
    time_now_text(now);
    time_t t = 0;
    time_parse(now, &t);
    time_format(t - SEND_LEASE_SECONDS, stale);
    if (store_begin_write(db, &err) || store_outbox_claim(db, now, stale, SEND_BATCH, &claimed, &err) ||
        put_links(db, claimed, now, &err) || store_commit(db, &err)) {
      store_rollback(db);
      report("claiming mail", &err);
      error_clear(&err);
      json_decref(claimed);
      return;
    }
    size_t i, n = json_array_size(claimed);
    json_t *mail;
    json_array_foreach(claimed, i, mail) {
      MailMessage m = {.from = from,
                       .to = json_string_value(json_object_get(mail, "to_address")),
                       .subject = json_string_value(json_object_get(mail, "subject")),
                       .body = json_string_value(json_object_get(mail, "body")),
                       .message_id = json_string_value(json_object_get(mail, "message_id")),
                       .in_reply_to = json_string_value(json_object_get(mail, "in_reply_to")),
                       .references = json_string_value(json_object_get(mail, "refs")),
                       .auto_submitted = (int)json_integer_value(json_object_get(mail, "auto"))};
      Error send = ERROR_INIT;
      int sent = mail_send(smtp_url, &m, &send) == 0;
      record_try(db, mail, sent, send.detail);
      error_clear(&send);
    }
    json_decref(claimed);
    if (n < SEND_BATCH) return;
  }
}
