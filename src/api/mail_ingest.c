/* Inbound mail: a parsed message becomes a new case, a reply on its case,
 * a mail waiting for triage, an ignored automatic mail, or a quarantined
 * one, inside one transaction. New cases and replies go through the cases
 * handlers themselves, so validation, SLA clocks, complaint records and the
 * audit trail are the same as over the API. docs/MAIL.md. */
#include <glib.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/cases.h"
#include "api/complaints.h"
#include "api/mail.h"
#include "util/text.h"

#define MAX_CASE_TEXT 20000 /* characters of a case description or a reply (the whole text stays with the mail) */
#define MAX_SUBJECT 200

static char *own_address;

void mail_set_own_address(const char *address) {
  free(own_address);
  own_address = address ? strdup(address) : NULL;
}

const char *mail_own_address(void) { return own_address ? own_address : "forgedesk@localhost"; }

static const AuditActor mail_actor = {0, "mail"};

void mail_system_request(Request *req, Db *db) {
  memset(req, 0, sizeof *req);
  req->db = db;
  req->user.role = ROLE_ADMIN;
  req->actor = mail_actor;
  req->content_type = (char *)"application/json";
  time_now_text(req->now);
}

int mail_system_call(Request *req, Handler h, int64_t id, const json_t *body, json_t **answer, Error *err) {
  char *text = json_dumps(body, JSON_COMPACT);
  Response res = {0};
  /* the request may be an HTTP one (triage assign): its own id and body come back after the call */
  int64_t own_id = req->id;
  char *own_body = req->body;
  size_t own_len = req->body_len;
  req->id = id;
  req->body = text;
  req->body_len = strlen(text);
  int rc = h(req, &res, err);
  if (!rc && answer) *answer = res.json ? json_incref(res.json) : NULL; /* handlers answer JSON (http_send_json) */
  req->id = own_id;
  req->body = own_body;
  req->body_len = own_len;
  response_free(&res);
  free(text);
  return rc;
}

/* --- reading ------------------------------------------------------------------------------------ */

void mail_inbound_parse(MailInbound *in, const char *raw, size_t len, const char *envelope_to) {
  memset(in, 0, sizeof *in);
  in->raw = raw;
  in->len = len;
  in->envelope_to = envelope_to ? g_ascii_strdown(envelope_to, -1) : NULL;
  Error err = ERROR_INIT;
  if (len > MAIL_MAX_MESSAGE_BYTES)
    error_set(&err, 422, "Unreadable mail", "larger than %u bytes", MAIL_MAX_MESSAGE_BYTES);
  else if (len == 0)
    error_set(&err, 422, "Unreadable mail", "an empty message");
  else if (mime_parse(raw, len, MAIL_MAX_ATTACHMENT_BYTES, &in->mime, &err) == 0)
    in->readable = 1;
  if (!in->readable) {
    in->reason = strdup(err.detail ? err.detail : "unreadable");
    in->raw_base64 = g_base64_encode((const guchar *)raw, len);
    error_clear(&err);
    return;
  }
  unsigned char digest[32];
  crypto_generichash_state st;
  crypto_generichash_init(&st, NULL, 0, sizeof digest);
  const char *parts[] = {in->mime.from_address, in->mime.subject, in->mime.text};
  for (size_t i = 0; i < 3; i++) crypto_generichash_update(&st, (const unsigned char *)(parts[i] ? parts[i] : ""), strlen(parts[i] ? parts[i] : "") + 1);
  crypto_generichash_final(&st, digest, sizeof digest);
  in->fingerprint = malloc(sizeof digest * 2 + 1);
  if (!in->fingerprint) abort();
  sodium_bin2hex(in->fingerprint, sizeof digest * 2 + 1, digest, sizeof digest);
  for (int i = 0; i < in->mime.nattachments; i++)
    if (in->mime.attachments[i].data)
      in->attachment_base64[i] = g_base64_encode((const guchar *)in->mime.attachments[i].data, in->mime.attachments[i].size);
}

void mail_inbound_free(MailInbound *in) {
  for (int i = 0; i < in->mime.nattachments; i++) g_free(in->attachment_base64[i]);
  mime_mail_free(&in->mime);
  g_free(in->envelope_to);
  g_free(in->raw_base64);
  free(in->reason);
  free(in->fingerprint);
}

/* --- storing ------------------------------------------------------------------------------------ */

/* The first max characters of text (whole UTF-8 characters), or fallback when it is blank. */
static char *clip(const char *text, size_t max, const char *fallback) {
  const char *s = text ? text : "";
  while (*s == ' ' || *s == '\n' || *s == '\t') s++;
  if (!*s) return strdup(fallback);
  const char *end = s;
  for (size_t n = 0; *end && n < max; n++) end = g_utf8_next_char(end);
  while (end > s && (end[-1] == ' ' || end[-1] == '\n' || end[-1] == '\t')) end--;
  return strndup(s, (size_t)(end - s));
}

static void set_reason(MailIngestResult *out, const char *reason) { snprintf(out->reason, sizeof out->reason, "%s", reason); }

/* The mail's row (values of mail_messages) as stored for outcome. */
static json_t *mail_row(const MailInbound *in, const char *outcome, const char *reason, const char *now) {
  const MimeMail *m = &in->mime;
  const char *to = in->envelope_to ? in->envelope_to : m->recipients && *m->recipients ? m->recipients : NULL;
  char *first_to = to ? strndup(to, strcspn(to, ",")) : NULL;
  json_t *row = json_pack("{s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:I, s:s}",
                          "direction", "inbound", "outcome", outcome, "reason", reason, "message_id", m->message_id,
                          "in_reply_to", m->in_reply_to, "refs", m->references, "from_address", m->from_address,
                          "from_name", m->from_name, "to_address", first_to, "subject", m->subject, "body", m->text,
                          "fingerprint", in->fingerprint, "size", (json_int_t)in->len, "at", now);
  free(first_to);
  return row;
}

static int store_attachments(Db *db, const MailInbound *in, int64_t mail_id, int64_t case_id, const char *now,
                             Error *err) {
  for (int i = 0; i < in->mime.nattachments; i++) {
    const MimeAttachment *a = &in->mime.attachments[i];
    int64_t id = 0;
    if (store_mail_attachment_insert(db, mail_id, case_id, a->filename, a->content_type ? a->content_type : "application/octet-stream",
                                     (int64_t)a->size, in->attachment_base64[i], now, &id, err))
      return -1;
  }
  return 0;
}

/* The reason a readable mail is automatic (never opens a case, never
 * answered), or NULL. */
static int automatic_reason(Db *db, const MailInbound *in, const char *now, const char **reason, Error *err) {
  const MimeMail *m = &in->mime;
  MailAutoHeaders h = {m->auto_submitted, m->precedence, m->return_path, m->x_autoreply, m->x_autorespond,
                       m->x_auto_response_suppress, m->list_id, m->content_type, m->from_address, mail_own_address()};
  *reason = mail_auto_reason(&h);
  if (*reason) return 0;
  int own = 0;
  if (m->message_id && store_mail_is_own(db, m->message_id, &own, err)) return -1;
  if (own) {
    *reason = "forgedesk's own mail came back: a loop";
    return 0;
  }
  time_t t = 0;
  char since[TIME_TEXT_SIZE];
  time_parse(now, &t);
  time_format(t - MAIL_REPEAT_WINDOW_SECONDS, since);
  int64_t earlier = 0;
  if (store_mail_count_fingerprint(db, in->fingerprint, since, &earlier, err)) return -1;
  *reason = mail_repeat_reason(earlier);
  return 0;
}

/* The case a mail answers: by its In-Reply-To and References, else by the
 * case reference in its subject when the sender belongs to that case's
 * account. *case_id 0 when none; *how says which. */
static int find_case(Db *db, const MimeMail *m, int64_t *case_id, const char **how, Error *err) {
  Buffer ids = BUFFER_INIT;
  if (m->in_reply_to) buffer_puts(&ids, m->in_reply_to);
  if (m->references) buffer_printf(&ids, "%s%s", ids.len ? " " : "", m->references);
  int rc = store_mail_case_by_message_ids(db, buffer_cstr(&ids), case_id, err);
  buffer_free(&ids);
  *how = "threaded by In-Reply-To/References";
  if (rc || *case_id) return rc;
  int64_t ref = mail_subject_case_ref(m->subject);
  if (!ref) return 0;
  json_t *kase = NULL, *contact = NULL;
  if (store_record_get(db, &store_cases, ref, &kase, err)) return -1;
  if (kase && store_contact_by_email(db, m->from_address, &contact, err)) {
    json_decref(kase);
    return -1;
  }
  if (kase && contact &&
      json_integer_value(json_object_get(contact, "account_id")) == json_integer_value(json_object_get(kase, "account_id"))) {
    *case_id = ref;
    *how = "the case reference in the subject";
  }
  json_decref(kase);
  json_decref(contact);
  return 0;
}

/* Adds the mail as the customer's reply to case_id (which, when waiting on
 * the customer, the cases code moves back to open). */
static int add_reply(Request *req, const MailInbound *in, int64_t case_id, int64_t mail_id, Error *err) {
  char *text = clip(in->mime.text, MAX_CASE_TEXT, "(a mail without text)");
  json_t *body = json_pack("{s:s, s:s}", "body", text, "direction", "inbound"), *event = NULL;
  int rc = mail_system_call(req, cases_add_reply, case_id, body, &event, err);
  if (!rc) rc = store_mail_set_case(req->db, mail_id, case_id, json_integer_value(json_object_get(event, "id")), 0,
                                    "reply", err);
  if (!rc) rc = store_mail_attachments_set_case(req->db, mail_id, case_id, err);
  json_decref(body);
  json_decref(event);
  free(text);
  return rc;
}

/* Where a new mail goes: the sender's contact, else the one account whose
 * contacts write from the sender's domain (never a public mail domain). */
static int match_sender(Db *db, const char *address, int64_t *account_id, int64_t *contact_id, const char **how,
                        Error *err) {
  json_t *contact = NULL;
  *account_id = *contact_id = 0;
  if (store_contact_by_email(db, address, &contact, err)) return -1;
  if (contact) {
    *account_id = json_integer_value(json_object_get(contact, "account_id"));
    *contact_id = json_integer_value(json_object_get(contact, "id"));
    *how = "the sender is a contact";
    json_decref(contact);
    return 0;
  }
  const char *at = strrchr(address, '@');
  if (!at || mail_domain_is_public(at + 1)) {
    *how = "unknown sender";
    return 0;
  }
  int64_t matches = 0;
  if (store_account_by_email_domain(db, at + 1, account_id, &matches, err)) return -1;
  if (matches != 1) *account_id = 0;
  *how = matches == 1 ? "the sender's domain is the account's" : matches ? "the sender's domain is several accounts'"
                                                                         : "unknown sender";
  return 0;
}

int mail_open_case(Request *req, const json_t *mail, int64_t account_id, int64_t contact_id, const char *type,
                   int64_t priority, int64_t team_id, int64_t *case_id, Error *err) {
  int64_t mail_id = json_integer_value(json_object_get(mail, "id"));
  char *subject = clip(json_string_value(json_object_get(mail, "subject")), MAX_SUBJECT, "(no subject)");
  char *text = clip(json_string_value(json_object_get(mail, "body")), MAX_CASE_TEXT, "(a mail without text)");
  json_t *body = json_pack("{s:I, s:s, s:I, s:s, s:s, s:s}", "account_id", (json_int_t)account_id, "type", type,
                           "priority", (json_int_t)priority, "subject", subject, "description", text, "channel",
                           "email"),
         *kase = NULL;
  if (contact_id) json_object_set_new(body, "contact_id", json_integer(contact_id));
  if (team_id) json_object_set_new(body, "team_id", json_integer(team_id));
  int rc = mail_system_call(req, cases_create, 0, body, &kase, err);
  *case_id = rc ? 0 : json_integer_value(json_object_get(kase, "id"));
  if (!rc) rc = store_mail_set_case(req->db, mail_id, *case_id, 0, account_id, "case", err);
  if (!rc) rc = store_mail_attachments_set_case(req->db, mail_id, *case_id, err);
  /* The receipt; a complaint's is its ISO 10002 acknowledgement, which stops its acknowledgement clock. */
  int complaint = strcmp(type, case_type_name(CASE_COMPLAINT)) == 0;
  json_t *contact = NULL;
  if (!rc && contact_id) rc = store_record_get(req->db, &store_contacts, contact_id, &contact, err);
  const char *from_name = json_string_value(json_object_get(mail, "from_name"));
  const char *name = contact ? json_string_value(json_object_get(contact, "name")) : from_name;
  json_t *fields = json_pack("{s:I, s:s, s:s}", "case_id", (json_int_t)*case_id, "case_subject", subject,
                             "contact_name", name ? name : "customer");
  const char *mid = json_string_value(json_object_get(mail, "message_id"));
  const char *refs = json_string_value(json_object_get(mail, "refs"));
  Buffer references = BUFFER_INIT;
  if (refs) buffer_printf(&references, "%s ", refs);
  if (mid) buffer_puts(&references, mid);
  MailQueued q = {.kind = complaint ? MAIL_KIND_COMPLAINT_ACKNOWLEDGEMENT : MAIL_KIND_CASE_OPENED,
                  .audience = mail_audience_parse(json_string_value(json_object_get(contact, "audience"))),
                  .case_id = *case_id,
                  .to = json_string_value(json_object_get(mail, "from_address")),
                  .in_reply_to = mid,
                  .references = references.len ? buffer_cstr(&references) : NULL,
                  .fields = fields};
  int64_t queued = 0;
  if (!rc) rc = mail_queue(req->db, &q, req->now, &queued, err);
  if (!rc && complaint) {
    Buffer note = BUFFER_INIT;
    buffer_printf(&note, "acknowledged by mail to %s (outbound mail %lld)", q.to, (long long)queued);
    json_t *step = json_pack("{s:s, s:s}", "step", "acknowledged", "note", buffer_cstr(&note));
    rc = mail_system_call(req, complaints_take_step, *case_id, step, NULL, err);
    json_decref(step);
    buffer_free(&note);
  }
  buffer_free(&references);
  json_decref(fields);
  json_decref(contact);
  json_decref(body);
  json_decref(kase);
  free(subject);
  free(text);
  return rc;
}

/* A new mail: opens a case by the mailbox rules when the sender is known,
 * else waits for triage. */
static int new_mail(Request *req, const MailInbound *in, int64_t mail_id, MailIngestResult *out, Error *err) {
  int64_t account_id = 0, contact_id = 0;
  const char *how = NULL;
  json_t *rule = NULL, *mail = NULL;
  Buffer to = BUFFER_INIT;
  if (in->envelope_to) buffer_printf(&to, "%s,", in->envelope_to);
  if (in->mime.recipients) buffer_puts(&to, in->mime.recipients);
  int rc = match_sender(req->db, in->mime.from_address, &account_id, &contact_id, &how, err);
  if (!rc) rc = store_mailbox_rule_for(req->db, buffer_cstr(&to), &rule, err);
  buffer_free(&to);
  set_reason(out, how ? how : "");
  if (!rc && !account_id) {
    out->outcome = "triage";
    rc = store_mail_set_case(req->db, mail_id, 0, 0, 0, "triage", err);
  } else if (!rc) {
    rc = store_mail_get(req->db, mail_id, &mail, err);
    const char *type = rule ? json_string_value(json_object_get(rule, "case_type")) : case_type_name(CASE_ENQUIRY);
    int64_t priority = rule ? json_integer_value(json_object_get(rule, "priority")) : CASE_PRIORITY_DEFAULT;
    int64_t team = rule ? json_integer_value(json_object_get(rule, "team_id")) : 0;
    if (!rc) rc = mail_open_case(req, mail, account_id, contact_id, type, priority, team, &out->case_id, err);
    out->outcome = "case";
  }
  json_decref(rule);
  json_decref(mail);
  return rc;
}

int mail_inbound_store(Db *db, MailInbound *in, MailIngestResult *out, Error *err) {
  Request req;
  mail_system_request(&req, db);
  memset(out, 0, sizeof *out);
  if (!in->readable) {
    out->outcome = "quarantined";
    set_reason(out, in->reason);
    return store_mail_quarantine_insert(db, in->reason, (int64_t)in->len, in->raw_base64, req.now, &out->quarantine_id, err);
  }
  const char *automatic = NULL, *how = NULL;
  int64_t case_id = 0;
  if (automatic_reason(db, in, req.now, &automatic, err) || find_case(db, &in->mime, &case_id, &how, err)) return -1;
  json_t *kase = NULL;
  if (case_id && store_record_get(db, &store_cases, case_id, &kase, err)) return -1;
  int closed = kase && strcmp(json_string_value(json_object_get(kase, "status")), "closed") == 0;
  json_decref(kase);
  const char *outcome = automatic ? "ignored" : case_id && !closed ? "reply" : "new";
  json_t *row = mail_row(in, outcome, automatic ? automatic : case_id && !closed ? how : NULL, req.now);
  if (automatic && case_id) json_object_set_new(row, "case_id", json_integer(case_id));
  int rc = store_mail_insert(db, row, &out->mail_id, err);
  json_decref(row);
  if (!rc) rc = store_attachments(db, in, out->mail_id, automatic ? case_id : 0, req.now, err);
  if (rc) return -1;
  if (automatic) {
    out->outcome = "ignored";
    out->case_id = case_id;
    set_reason(out, automatic);
    return 0;
  }
  if (case_id && !closed) {
    out->outcome = "reply";
    out->case_id = case_id;
    set_reason(out, how);
    return add_reply(&req, in, case_id, out->mail_id, err);
  }
  return new_mail(&req, in, out->mail_id, out, err);
}
