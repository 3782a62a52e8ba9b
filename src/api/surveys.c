/* Survey definitions and invitations: the survey resource (type, question,
 * scale and direction, trigger), making invitations — by hand, when a case
 * is resolved, or on a relationship schedule — and mailing their links. A
 * link's token exists only in the mail (or the one answer that hands it
 * over); forgedesk keeps its hash. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/surveys.h"
#include "core/case_workflow.h"
#include "core/satisfaction.h"
#include "api/mail.h"
#include "http/session.h"

static char *public_url;

void surveys_set_public_url(const char *url) {
  free(public_url);
  public_url = url ? strdup(url) : NULL;
}

/* The public page is a route of the web UI outside sign-in: /#/survey/<token>.
 * The token sits in the fragment, so it never reaches a server log. */
void surveys_link(Buffer *out, const char *token) {
  const char *base = public_url ? public_url : "http://127.0.0.1:8080";
  size_t n = strlen(base);
  buffer_append(out, base, n && base[n - 1] == '/' ? n - 1 : n);
  buffer_printf(out, "/#/survey/%s", token);
}

/* --- surveys -------------------------------------------------------------------------------- */
static const char *const survey_types[] = {"csat", "nps", "ces", NULL};
static const char *const survey_triggers[] = {"manual", "case_resolved", "relationship", NULL};
static const char *const survey_read_only[] = {"id", "created_at", "updated_at", "version", NULL};
static const FieldSpec survey_fields[] = {
    {"name", FIELD_TEXT, FIELD_REQUIRED, 1, 200, NULL, NULL},
    {"type", FIELD_ENUM, FIELD_REQUIRED, 0, 0, survey_types, NULL},
    {"question", FIELD_TEXT, FIELD_REQUIRED, 1, 500, NULL, NULL},
    {"scale_min", FIELD_INT, 0, 0, SURVEY_SCORE_MAX, NULL, NULL},
    {"scale_max", FIELD_INT, 0, 0, SURVEY_SCORE_MAX, NULL, NULL},
    {"high_is_good", FIELD_BOOL, 0, 0, 0, NULL, NULL},
    {"low_label", FIELD_TEXT, 0, 1, 100, NULL, NULL},
    {"high_label", FIELD_TEXT, 0, 1, 100, NULL, NULL},
    {"comment_prompt", FIELD_TEXT, 0, 1, 500, NULL, NULL},
    {"custom_questions", FIELD_TEXTS, 0, 0, 5, NULL, NULL},
    {"trigger_kind", FIELD_ENUM, 0, 0, 0, survey_triggers, NULL},
    {"case_types", FIELD_TAGS, 0, 0, 10, NULL, NULL},
    {"delay_hours", FIELD_INT, 0, 0, 720, NULL, NULL},
    {"every_days", FIELD_INT, 0, 7, 730, NULL, NULL},
    {"cap_days", FIELD_INT, 0, 0, 365, NULL, NULL},
    {"expires_days", FIELD_INT, 0, 1, 365, NULL, NULL},
    {"follow_up_owner_id", FIELD_REF, 0, 0, 0, NULL, &store_users},
    {"active", FIELD_BOOL, 0, 0, 0, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

static void default_value(json_t *input, const char *name, json_t *value) {
  if (!json_object_get(input, name)) json_object_set(input, name, value);
  json_decref(value);
}

/* A survey's scale and direction default to its type's (survey_default_scale). */
static void survey_defaults(Request *req, json_t *input) {
  (void)req;
  SurveyType t;
  if (!survey_type_parse(json_string_value(json_object_get(input, "type")), &t)) {
    SurveyScale d = survey_default_scale(t);
    default_value(input, "scale_min", json_integer(d.min));
    default_value(input, "scale_max", json_integer(d.max));
    default_value(input, "high_is_good", json_boolean(d.high_is_good));
  }
  default_value(input, "trigger_kind", json_string("manual"));
  default_value(input, "delay_hours", json_integer(0));
  default_value(input, "cap_days", json_integer(30));
  default_value(input, "expires_days", json_integer(30));
  default_value(input, "active", json_true());
}

static int int_of(const json_t *record, const char *name) { return (int)json_integer_value(json_object_get(record, name)); }

static int truthy(const json_t *v) { return json_is_true(v) || (json_is_integer(v) && json_integer_value(v) != 0); }

static int survey_check(Request *req, const json_t *record, Error *err) {
  (void)req;
  SurveyType t;
  survey_type_parse(json_string_value(json_object_get(record, "type")), &t);
  SurveyScale scale = {int_of(record, "scale_min"), int_of(record, "scale_max"),
                       truthy(json_object_get(record, "high_is_good"))};
  if (!survey_scale_valid(t, scale))
    error_field(err, "scale_max",
                t == SURVEY_CES ? "must make a scale of at least three scores from scale_min, within 0-10"
                                : "must be the type's own scale (CSAT 1-5, NPS 0-10, high is good)");
  const char *trigger = json_string_value(json_object_get(record, "trigger_kind"));
  if (strcmp(trigger, "relationship") == 0 && !json_is_integer(json_object_get(record, "every_days")))
    error_field(err, "every_days", "is required for a relationship survey: how often each account is asked");
  const json_t *types = json_object_get(record, "case_types");
  size_t i;
  const json_t *v;
  if (json_array_size(types) && strcmp(trigger, "case_resolved") != 0)
    error_field(err, "case_types", "apply only to surveys triggered by resolved cases");
  json_array_foreach(types, i, v) {
    CaseType ct;
    if (case_type_parse(json_string_value(v), &ct)) error_field(err, "case_types", "has an unknown case type");
  }
  return error_has_fields(err) ? -1 : 0;
}

/* The store keeps flags as integers; the API shows booleans. */
static void show_flags(json_t *record, const char *const *names) {
  for (; *names; names++) {
    json_t *v = json_object_get(record, *names);
    if (json_is_integer(v)) json_object_set_new(record, *names, json_boolean(json_integer_value(v)));
  }
}

static const char *const survey_flags[] = {"high_is_good", "active", NULL};

static int survey_decorate(Request *req, json_t *record, Error *err) {
  (void)req, (void)err;
  show_flags(record, survey_flags);
  return 0;
}

const ResourceDef survey_resource = {
    .table = &store_surveys,
    .path = "/api/v1/surveys",
    .fields = survey_fields,
    .read_only = survey_read_only,
    .defaults = survey_defaults,
    .check = survey_check,
    .decorate = survey_decorate,
};

int surveys_create(Request *req, Response *res, Error *err) { return resource_create(&survey_resource, req, res, err); }
int surveys_get(Request *req, Response *res, Error *err) { return resource_get(&survey_resource, req, res, err); }
int surveys_patch(Request *req, Response *res, Error *err) { return resource_patch(&survey_resource, req, res, err); }

static void show_page_flags(StorePage *page, const char *const *names) {
  size_t i;
  json_t *row;
  json_array_foreach(page->items, i, row) show_flags(row, names);
}

static int query_surveys(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  static const char *const yes_no[] = {"true", "false", NULL};
  const char *trigger = NULL, *active = NULL;
  if (api_query_choice(q, "trigger_kind", survey_triggers, &trigger, err) ||
      api_query_choice(q, "active", yes_no, &active, err) ||
      store_surveys_list(req->db, trigger, active && strcmp(active, "true") == 0, after, limit, page, err))
    return -1;
  show_page_flags(page, survey_flags);
  return 0;
}

int surveys_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"trigger_kind", "active", NULL};
  return api_list(req, res, allowed, query_surveys, err);
}

/* --- making invitations ------------------------------------------------------------------------ */
static const char *text_of(const json_t *record, const char *name) {
  return json_string_value(json_object_get(record, name));
}

static int64_t id_of(const json_t *record, const char *name) { return json_integer_value(json_object_get(record, name)); }

/* The instant `days` days (or hours) from now. */
static void instant_after(const char *now, int64_t seconds, char out[TIME_TEXT_SIZE]) {
  time_t t;
  time_parse(now, &t);
  time_format(t + (time_t)seconds, out);
}

/* Makes and audits one invitation of survey to contact (of account),
 * about kase (NULL for none). A link delivery makes its token now and
 * gives it in *token (the caller's); an email waits for the scheduler. */
static int invite(Db *db, const AuditActor *actor, const json_t *survey, int64_t account_id, int64_t contact_id,
                  const json_t *kase, int link, const char *send_after, const char *now, int64_t *id, char **token,
                  Error *err) {
  char secret[SESSION_TOKEN_TEXT], hash[SESSION_HASH_HEX], expires[TIME_TEXT_SIZE];
  StoreSurveyInvitation v = {
      .survey_id = id_of(survey, "id"), .account_id = account_id, .contact_id = contact_id,
      .case_id = id_of(kase, "id"), .team_id = id_of(kase, "team_id"), .agent_id = id_of(kase, "assignee_id"),
      .part_id = id_of(kase, "part_id"), .case_type = text_of(kase, "type"), .created_by_id = actor->id,
      .delivery = link ? "link" : "email", .send_after = send_after, .mail_status = link ? "not_mailed" : "pending"};
  if (link) {
    session_new_token(secret);
    session_hash_token(secret, hash);
    instant_after(now, id_of(survey, "expires_days") * 86400, expires);
    v.token_hash = hash, v.sent_at = now, v.expires_at = expires;
  }
  json_t *record = NULL;
  int rc = store_survey_invitation_insert(db, &v, now, id, err);
  if (!rc) rc = store_survey_invitation_get(db, *id, &record, err);
  if (!rc) rc = store_audit_append(db, actor, "survey_invitation", *id, "create", NULL, record, now, err);
  json_decref(record);
  if (!rc && link) *token = strdup(secret);
  return rc;
}

/* Whether the contact may be asked now: an email address, consent not
 * withdrawn, and no invitation within the survey's cap (nor of this survey
 * for this case). */
static int may_ask(Db *db, const json_t *survey, const json_t *contact, int64_t case_id, const char *now, int *ok,
                   Error *err) {
  *ok = 0;
  const char *consent = text_of(contact, "consent");
  if (!text_of(contact, "email") || (consent && strcmp(consent, "withdrawn") == 0)) return 0;
  char since[TIME_TEXT_SIZE];
  instant_after(now, -id_of(survey, "cap_days") * 86400, since);
  int invited = 0;
  if (store_survey_recently_invited(db, id_of(contact, "id"), since, id_of(survey, "id"), case_id, &invited, err))
    return -1;
  *ok = !invited;
  return 0;
}

static const char *const deliveries[] = {"email", "link", NULL};
static const FieldSpec invitation_fields[] = {
    {"survey_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_surveys},
    {"contact_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_contacts},
    {"case_id", FIELD_REF, 0, 0, 0, NULL, &store_cases},
    {"delivery", FIELD_ENUM, 0, 0, 0, deliveries, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

/* Loads what an invitation by hand names and checks it fits together. */
static int load_invitation_parts(Request *req, const json_t *input, json_t **survey, json_t **contact, json_t **kase,
                                 Error *err) {
  if (store_record_get(req->db, &store_surveys, id_of(input, "survey_id"), survey, err) ||
      store_record_get(req->db, &store_contacts, id_of(input, "contact_id"), contact, err))
    return -1;
  if (json_is_integer(json_object_get(input, "case_id")) &&
      store_record_get(req->db, &store_cases, id_of(input, "case_id"), kase, err))
    return -1;
  if (!truthy(json_object_get(*survey, "active"))) error_field(err, "survey_id", "is not active");
  if (*kase && id_of(*kase, "account_id") != id_of(*contact, "account_id"))
    error_field(err, "case_id", "belongs to another account than the contact");
  const char *delivery = text_of(input, "delivery");
  if ((!delivery || strcmp(delivery, "email") == 0) && !text_of(*contact, "email"))
    error_field(err, "contact_id", "has no email address to send the invitation to");
  return error_has_fields(err) ? -1 : 0;
}

int survey_invitations_create(Request *req, Response *res, Error *err) {
  json_t *input = NULL, *survey = NULL, *contact = NULL, *kase = NULL, *record = NULL;
  char *token = NULL;
  int64_t id = 0;
  int rc = api_read_body(req, &input, err);
  if (!rc) rc = api_validate(req->db, input, invitation_fields, NULL, 0, err);
  if (!rc) rc = load_invitation_parts(req, input, &survey, &contact, &kase, err);
  int link = !rc && text_of(input, "delivery") && strcmp(text_of(input, "delivery"), "link") == 0;
  if (!rc)
    rc = invite(req->db, &req->actor, survey, id_of(contact, "account_id"), id_of(contact, "id"), kase, link, req->now,
                req->now, &id, &token, err);
  if (!rc) rc = store_survey_invitation_get(req->db, id, &record, err);
  if (!rc && token) { /* handed over once: forgedesk cannot show it again */
    Buffer url = BUFFER_INIT;
    surveys_link(&url, token);
    json_object_set_new(record, "link", json_string(buffer_cstr(&url)));
    buffer_free(&url);
  }
  free(token);
  json_decref(input), json_decref(survey), json_decref(contact), json_decref(kase);
  if (rc) return -1;
  api_send_created(res, "/api/v1/survey-invitations", id, record);
  return 0;
}

int survey_invitations_get(Request *req, Response *res, Error *err) {
  json_t *record = NULL;
  if (store_survey_invitation_get(req->db, req->id, &record, err)) return -1;
  if (!record) return error_set(err, 404, "Not found", "survey invitation %lld does not exist", (long long)req->id);
  api_send_json(res, 200, record);
  return 0;
}

static int survey_filter(const Query *q, SurveyFilter *f, Error *err) {
  return api_query_id(q, "survey_id", &f->survey_id, err) || api_query_id(q, "account_id", &f->account_id, err) ||
                 api_query_id(q, "case_id", &f->case_id, err)
             ? -1
             : 0;
}

static const char *const survey_filters[] = {"survey_id", "account_id", "case_id", NULL};

static int query_invitations(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page,
                             Error *err) {
  SurveyFilter f = {0};
  return survey_filter(q, &f, err) || store_survey_invitations_list(req->db, &f, after, limit, page, err) ? -1 : 0;
}

int survey_invitations_list(Request *req, Response *res, Error *err) {
  return api_list(req, res, survey_filters, query_invitations, err);
}

static const char *const response_flags[] = {"high_is_good", "low_score", NULL};

static int query_responses(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  SurveyFilter f = {0};
  if (survey_filter(q, &f, err) || store_survey_responses_list(req->db, &f, after, limit, page, err)) return -1;
  show_page_flags(page, response_flags);
  return 0;
}

int survey_responses_list(Request *req, Response *res, Error *err) {
  return api_list(req, res, survey_filters, query_responses, err);
}

int survey_responses_get(Request *req, Response *res, Error *err) {
  json_t *record = NULL;
  if (store_record_get(req->db, &store_survey_responses, req->id, &record, err)) return -1;
  if (!record) return error_set(err, 404, "Not found", "survey answer %lld does not exist", (long long)req->id);
  show_flags(record, response_flags);
  api_send_json(res, 200, record);
  return 0;
}

/* --- triggers ------------------------------------------------------------------------------------- */
/* Whether a case-resolved survey covers case type `type` (no types: all). */
static int covers_type(const json_t *survey, const char *type) {
  const json_t *types = json_object_get(survey, "case_types");
  if (!json_array_size(types)) return 1;
  size_t i;
  const json_t *v;
  json_array_foreach(types, i, v) if (type && strcmp(json_string_value(v), type) == 0) return 1;
  return 0;
}

int surveys_case_resolved(Request *req, int64_t case_id, Error *err) {
  json_t *kase = NULL, *contact = NULL;
  StorePage page = {0};
  int rc = store_record_get(req->db, &store_cases, case_id, &kase, err);
  if (!rc && kase && json_is_integer(json_object_get(kase, "contact_id")))
    rc = store_record_get(req->db, &store_contacts, id_of(kase, "contact_id"), &contact, err);
  if (!rc && contact) rc = store_surveys_list(req->db, "case_resolved", 1, (StoreCursor){0}, 200, &page, err);
  size_t i;
  json_t *survey;
  json_array_foreach(page.items, i, survey) {
    int ok = 0;
    if (rc || !covers_type(survey, text_of(kase, "type"))) continue;
    rc = may_ask(req->db, survey, contact, case_id, req->now, &ok, err);
    if (rc || !ok) continue;
    char send_after[TIME_TEXT_SIZE];
    int64_t id;
    instant_after(req->now, id_of(survey, "delay_hours") * 3600, send_after);
    rc = invite(req->db, &req->actor, survey, id_of(kase, "account_id"), id_of(contact, "id"), kase, 0, send_after,
                req->now, &id, NULL, err);
  }
  store_page_free(&page);
  json_decref(kase), json_decref(contact);
  return rc;
}

/* One relationship survey's due accounts, invited now. */
static int invite_due_accounts(Db *db, const AuditActor *actor, const json_t *survey, const char *now, int limit,
                               Error *err) {
  char since[TIME_TEXT_SIZE];
  instant_after(now, -id_of(survey, "every_days") * 86400, since);
  json_t *due = NULL, *contact = NULL;
  int rc = store_survey_relationship_due(db, id_of(survey, "id"), since, limit, &due, err);
  size_t i;
  json_t *row;
  json_array_foreach(due, i, row) {
    int ok = 0;
    int64_t id;
    if (rc) break;
    rc = store_record_get(db, &store_contacts, id_of(row, "contact_id"), &contact, err);
    if (!rc) rc = may_ask(db, survey, contact, 0, now, &ok, err);
    if (!rc && ok)
      rc = invite(db, actor, survey, id_of(row, "account_id"), id_of(row, "contact_id"), NULL, 0, now, now, &id, NULL,
                  err);
    json_decref(contact);
    contact = NULL;
  }
  json_decref(due);
  return rc;
}

int surveys_invite_relationships(Db *db, const AuditActor *actor, const char *now, int limit, Error *err) {
  StorePage page = {0};
  int rc = store_surveys_list(db, "relationship", 1, (StoreCursor){0}, 200, &page, err);
  size_t i;
  json_t *survey;
  json_array_foreach(page.items, i, survey) if (!rc) rc = invite_due_accounts(db, actor, survey, now, limit, err);
  store_page_free(&page);
  return rc;
}

/* --- mailing, through the outbound queue (api/mail.h) ------------------------------------------- */
int surveys_queue_invitations(Db *db, const char *now, int limit, int *queued, Error *err) {
  json_t *due = NULL;
  int rc = store_survey_invitations_due(db, now, limit, &due, err);
  size_t i;
  json_t *row;
  json_array_foreach(due, i, row) {
    char expires[TIME_TEXT_SIZE];
    if (rc) break;
    instant_after(now, id_of(row, "expires_days") * 86400, expires);
    json_t *fields = json_pack("{s:s, s:s, s:s, s:s%, s:s}", "contact_name", text_of(row, "contact_name"),
                               "survey_name", text_of(row, "survey_name"), "question", text_of(row, "question"),
                               "expires_on", expires, (size_t)10, "survey_link", MAIL_LINK_MARK);
    MailQueued q = {.kind = MAIL_KIND_SURVEY_INVITATION,
                    .audience = mail_audience_parse(text_of(row, "audience")),
                    .case_id = id_of(row, "case_id"),
                    .invitation_id = id_of(row, "id"),
                    .to = text_of(row, "email"),
                    .fields = fields};
    int64_t mail_id = 0;
    rc = store_survey_invitation_queued(db, id_of(row, "id"), expires, err);
    if (!rc) rc = mail_queue(db, &q, now, &mail_id, err);
    json_decref(fields);
  }
  *queued = rc ? 0 : (int)json_array_size(due);
  json_decref(due);
  return rc;
}

int surveys_invitation_link(Db *db, int64_t invitation_id, const char *now, Buffer *link, Error *err) {
  char token[SESSION_TOKEN_TEXT], hash[SESSION_HASH_HEX];
  session_new_token(token);
  session_hash_token(token, hash);
  int rc = store_survey_invitation_link(db, invitation_id, hash, now, err);
  if (!rc) surveys_link(link, token);
  sodium_memzero(token, sizeof token);
  return rc;
}
