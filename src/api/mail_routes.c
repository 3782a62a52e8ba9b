/* The mail routes: mailbox rules (records), a case's mails, attachments
 * served back safely, the triage queue of unmatched senders, the
 * quarantine and the outbound queue with its retries. docs/MAIL.md. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "api/cases.h"
#include "api/mail.h"

/* --- mailbox rules ------------------------------------------------------------------------------- */
static const char *const rule_read_only[] = {"id", "team_name", "created_at", "updated_at", "version", NULL};
static const FieldSpec rule_fields[] = {
    {"address", FIELD_EMAIL, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {"case_type", FIELD_ENUM, FIELD_REQUIRED, 0, 0, case_type_names, NULL},
    {"team_id", FIELD_REF, 0, 0, 0, NULL, &store_teams},
    {"priority", FIELD_INT, FIELD_REQUIRED, CASE_PRIORITY_HIGHEST, CASE_PRIORITY_LOWEST, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

static void rule_defaults(Request *req, json_t *input) {
  (void)req;
  if (!json_object_get(input, "priority")) json_object_set_new(input, "priority", json_integer(CASE_PRIORITY_DEFAULT));
}

/* Addresses are matched in lower case, as mail arrives. */
static void rule_derive(Request *req, const json_t *before, json_t *record) {
  (void)req;
  (void)before;
  const char *address = json_string_value(json_object_get(record, "address"));
  if (address) {
    char *lower = g_ascii_strdown(address, -1);
    json_object_set_new(record, "address", json_string(lower));
    g_free(lower);
  }
}

static const ResourceDef rule_resource = {
    .table = &store_mailbox_rules,
    .path = "/api/v1/mailbox-rules",
    .fields = rule_fields,
    .read_only = rule_read_only,
    .defaults = rule_defaults,
    .derive = rule_derive,
};

static int query_rules(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  (void)q;
  return store_mailbox_rules_list(req->db, after, limit, page, err);
}

int mailbox_rules_list(Request *req, Response *res, Error *err) { return api_list(req, res, NULL, query_rules, err); }
int mailbox_rules_create(Request *req, Response *res, Error *err) { return resource_create(&rule_resource, req, res, err); }
int mailbox_rules_get(Request *req, Response *res, Error *err) { return resource_get(&rule_resource, req, res, err); }
int mailbox_rules_patch(Request *req, Response *res, Error *err) { return resource_patch(&rule_resource, req, res, err); }
int mailbox_rules_delete(Request *req, Response *res, Error *err) { return resource_delete(&rule_resource, req, res, err); }

/* --- a case's mails and their attachments -------------------------------------------------------- */
int mail_case_mails(Request *req, Response *res, Error *err) {
  int exists = 0;
  json_t *mails = NULL;
  if (store_record_exists(req->db, &store_cases, req->id, &exists, err)) return -1;
  if (!exists) return error_set(err, 404, "Not found", "case %lld does not exist", (long long)req->id);
  if (store_mail_of_case(req->db, req->id, &mails, err)) return -1;
  api_send_json(res, 200, mails);
  return 0;
}

/* A file name safe inside a quoted Content-Disposition parameter: printable
 * ASCII without quotes or backslashes (the rest made '_'). */
static void disposition(const char *filename, Buffer *out) {
  buffer_puts(out, "attachment; filename=\"");
  for (const unsigned char *s = (const unsigned char *)filename; *s; s++)
    buffer_putc(out, *s < 0x20 || *s >= 0x7F || *s == '"' || *s == '\\' ? '_' : (char)*s);
  buffer_puts(out, "\"");
}

int mail_attachment_download(Request *req, Response *res, Error *err) {
  json_t *a = NULL;
  if (store_mail_attachment_get(req->db, req->id, 1, &a, err)) return -1;
  if (!a) return error_set(err, 404, "Not found", "attachment %lld does not exist", (long long)req->id);
  const char *content = json_string_value(json_object_get(a, "content"));
  if (!content) {
    json_decref(a);
    return error_set(err, 410, "Not kept", "the attachment was larger than %u bytes and was not kept",
                     MAIL_MAX_ATTACHMENT_BYTES);
  }
  gsize len = 0;
  guchar *bytes = g_base64_decode(content, &len);
  buffer_reset(&res->body);
  buffer_append(&res->body, bytes, len);
  g_free(bytes);
  /* never rendered by the browser: a download, of the generic type, sniffing off, sandboxed */
  Buffer d = BUFFER_INIT;
  disposition(json_string_value(json_object_get(a, "filename")), &d);
  res->disposition = buffer_take(&d);
  res->status = 200;
  res->content_type = "application/octet-stream";
  json_decref(a);
  return 0;
}

/* --- triage ----------------------------------------------------------------------------------------- */
static int query_triage(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  (void)q;
  return store_mail_triage_list(req->db, after, limit, page, err);
}

int mail_triage_list(Request *req, Response *res, Error *err) { return api_list(req, res, NULL, query_triage, err); }

int mail_triage_assign(Request *req, Response *res, Error *err) {
  static const FieldSpec fields[] = {
      {"account_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_accounts},
      {"contact_id", FIELD_REF, 0, 0, 0, NULL, &store_contacts},
      {"type", FIELD_ENUM, 0, 0, 0, case_type_names, NULL},
      {"priority", FIELD_INT, 0, CASE_PRIORITY_HIGHEST, CASE_PRIORITY_LOWEST, NULL, NULL},
      {"team_id", FIELD_REF, 0, 0, 0, NULL, &store_teams},
      {NULL, 0, 0, 0, 0, NULL, NULL},
  };
  json_t *input = NULL, *mail = NULL, *kase = NULL;
  int64_t case_id = 0;
  int rc = api_read_body(req, &input, err);
  if (!rc) rc = api_validate(req->db, input, fields, NULL, 0, err);
  if (!rc) rc = store_mail_get(req->db, req->id, &mail, err);
  if (!rc && !mail) rc = error_set(err, 404, "Not found", "mail %lld does not exist", (long long)req->id);
  if (!rc && strcmp(json_string_value(json_object_get(mail, "outcome")), "triage") != 0)
    rc = error_set(err, 409, "Not waiting for triage", "mail %lld is %s already", (long long)req->id,
                   json_string_value(json_object_get(mail, "outcome")));
  int64_t account_id = json_integer_value(json_object_get(input, "account_id"));
  json_t *contact_id = json_object_get(input, "contact_id");
  if (!rc && json_is_integer(contact_id)) {
    static const AccountLink link[] = {{"contact_id", &store_contacts}};
    rc = resource_check_account_links(req, input, link, 1, err);
  }
  const char *type = json_string_value(json_object_get(input, "type"));
  json_t *priority = json_object_get(input, "priority");
  if (!rc)
    rc = mail_open_case(req, mail, account_id, json_integer_value(contact_id), type ? type : case_type_name(CASE_ENQUIRY),
                        json_is_integer(priority) ? json_integer_value(priority) : CASE_PRIORITY_DEFAULT,
                        json_integer_value(json_object_get(input, "team_id")), &case_id, err);
  json_t *after = NULL;
  if (!rc) rc = store_mail_get(req->db, req->id, &after, err);
  if (!rc) rc = resource_audit(req, "mail", req->id, "update", mail, after, err);
  if (!rc) rc = resource_load(&case_resource, req, case_id, &kase, err);
  json_decref(input);
  json_decref(mail);
  json_decref(after);
  if (rc) {
    json_decref(kase);
    return -1;
  }
  api_send_created(res, case_resource.path, case_id, kase);
  return 0;
}

/* --- quarantine and the outbound queue ---------------------------------------------------------------- */
static int query_quarantine(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  (void)q;
  return store_mail_quarantine_list(req->db, after, limit, page, err);
}

int mail_quarantine_list(Request *req, Response *res, Error *err) {
  return api_list(req, res, NULL, query_quarantine, err);
}

static int query_outbox(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  static const char *const statuses[] = {"queued", "sending", "sent", "failed", NULL};
  OutboxFilter f = {0};
  if (api_query_choice(q, "status", statuses, &f.status, err) || api_query_id(q, "case_id", &f.case_id, err)) return -1;
  return store_outbox_list(req->db, &f, after, limit, page, err);
}

int mail_outbox_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"status", "case_id", NULL};
  return api_list(req, res, allowed, query_outbox, err);
}

int mail_outbox_retry(Request *req, Response *res, Error *err) {
  json_t *before = NULL, *after = NULL;
  int64_t changed = 0;
  int rc = store_outbox_get(req->db, req->id, &before, err);
  if (!rc && !before) rc = error_set(err, 404, "Not found", "outbound mail %lld does not exist", (long long)req->id);
  if (!rc) rc = store_outbox_retry(req->db, req->id, req->now, &changed, err);
  if (!rc && !changed)
    rc = error_set(err, 409, "Not retried", "outbound mail %lld is %s", (long long)req->id,
                   json_string_value(json_object_get(before, "status")));
  json_t *invitation = json_object_get(before, "invitation_id");
  if (!rc && json_is_integer(invitation)) /* a failed invitation is waiting again */
    rc = store_survey_invitation_mailed(req->db, json_integer_value(invitation), "queued", NULL, err);
  if (!rc) rc = store_outbox_get(req->db, req->id, &after, err);
  if (!rc) rc = resource_audit(req, "mail_outbox", req->id, "update", before, after, err);
  json_decref(before);
  if (rc) {
    json_decref(after);
    return -1;
  }
  api_send_json(res, 200, after);
  return 0;
}
