/* Cases: the customer's problem from opening to closing. Creating and
 * changing a case is the generic resource; its status moves only through
 * POST …/status, by the table in src/core/case_workflow.c; replies and notes
 * go to the case timeline, which keeps internal notes out of every public
 * view. */
#include <string.h>

#include "api/allocation.h"
#include "api/cases.h"
#include "api/complaints.h"
#include "api/mail.h"
#include "api/sla.h"
#include "api/surveys.h"
#include "core/case_workflow.h"

#define MAX_SKILLS 10
#define MAX_BODY_CHARS 20000

static const char *const channels[] = {"phone", "email", "portal", "visit", "meeting", "internal", NULL};
static const char *const directions[] = {"inbound", "outbound", NULL};
static const char *const visibilities[] = {"public", "internal", NULL};
static const char *const case_read_only[] = {
    "id",          "account_name", "assignee_name", "status",           "first_contact_resolution",
    "reopen_count", "inbound_replies", "outbound_replies", "opened_at", "resolved_at",
    "closed_at",   "created_at",   "updated_at",    "version",          NULL};
static const FieldSpec case_fields[] = {
    {"account_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_accounts},
    {"contact_id", FIELD_REF, 0, 0, 0, NULL, &store_contacts},
    {"assignee_id", FIELD_REF, 0, 0, 0, NULL, &store_users},
    {"team_id", FIELD_REF, 0, 0, 0, NULL, &store_teams},
    {"type", FIELD_ENUM, FIELD_REQUIRED, 0, 0, case_type_names, NULL},
    {"priority", FIELD_INT, FIELD_REQUIRED, CASE_PRIORITY_HIGHEST, CASE_PRIORITY_LOWEST, NULL, NULL},
    {"subject", FIELD_TEXT, FIELD_REQUIRED, 1, 200, NULL, NULL},
    {"description", FIELD_TEXT, 0, 0, MAX_BODY_CHARS, NULL, NULL},
    {"channel", FIELD_ENUM, 0, 0, 0, channels, NULL},
    {"order_id", FIELD_REF, 0, 0, 0, NULL, &store_orders},
    {"part_id", FIELD_REF, 0, 0, 0, NULL, &store_parts},
    {"asset_id", FIELD_REF, 0, 0, 0, NULL, &store_assets},
    {"required_skills", FIELD_TAGS, 0, 0, MAX_SKILLS, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

/* A case nobody placed in a team goes to its creator's team, so it shows in
 * that team's queue at once. */
static void case_defaults(Request *req, json_t *input) {
  json_t *creator_team = req->user.user ? json_object_get(req->user.user, "team_id") : NULL;
  if (!json_object_get(input, "team_id") && json_is_integer(creator_team))
    json_object_set(input, "team_id", creator_team);
  if (!json_object_get(input, "priority")) json_object_set_new(input, "priority", json_integer(CASE_PRIORITY_DEFAULT));
  if (!json_object_get(input, "required_skills")) json_object_set_new(input, "required_skills", json_array());
}

/* The contact, order and asset must belong to the case's account. */
static int case_check(Request *req, const json_t *record, Error *err) {
  static const AccountLink links[] = {
      {"contact_id", &store_contacts}, {"order_id", &store_orders}, {"asset_id", &store_assets}};
  return resource_check_account_links(req, record, links, sizeof links / sizeof links[0], err);
}

/* Cases come out with first-contact resolution as a boolean, whatever the backend stores. */
static void case_finish(json_t *record) {
  json_t *fcr = json_object_get(record, "first_contact_resolution");
  json_object_set_new(record, "first_contact_resolution", json_boolean(json_integer_value(fcr)));
}

/* The SLA clocks, unless the change being answered has just computed them. */
static int case_decorate(Request *req, json_t *record, Error *err) {
  case_finish(record);
  if (json_object_get(record, "sla")) return 0;
  time_t now = 0;
  time_parse(req->now, &now);
  return sla_case_describe(req->db, record, now, err);
}

int cases_add_event(Request *req, int64_t case_id, json_t *event, int64_t *id, Error *err) {
  json_object_set_new(event, "author_id", req->user.id ? json_integer(req->user.id) : json_null());
  int rc = store_case_event_insert(req->db, case_id, event, req->now, id, err);
  json_decref(event);
  return rc;
}

/* After a create or change the SLA clocks are recomputed (api/sla.h); a new
 * assignee or team is an event on the case's timeline, and goes to the
 * allocation rules (api/allocation.h); a complaint case has its complaint
 * record. The clocks' description is left on after for the answer. */
static int case_after_change(Request *req, const json_t *before, json_t *after, Error *err) {
  if (complaints_follow_case(req, before, after, err)) return -1;
  if (sla_case_changed(req, json_integer_value(json_object_get(after, "id")), after, err)) return -1;
  json_t *from_user = json_object_get(before, "assignee_id"), *to_user = json_object_get(after, "assignee_id");
  json_t *from_team = json_object_get(before, "team_id"), *to_team = json_object_get(after, "team_id");
  int same_user = json_integer_value(from_user) == json_integer_value(to_user);
  int same_team = json_integer_value(from_team) == json_integer_value(to_team);
  if (same_user && same_team) return 0;
  json_t *event = json_pack("{s:s, s:s, s:O?, s:O?, s:O?, s:O?}", "kind", "assignment_change", "visibility",
                            "internal", "from_assignee_id", from_user, "to_assignee_id", to_user, "from_team_id",
                            from_team, "to_team_id", to_team);
  int64_t id;
  if (cases_add_event(req, json_integer_value(json_object_get(after, "id")), event, &id, err)) return -1;
  return allocation_case_changed(req, before, after, err);
}

const ResourceDef case_resource = {
    .table = &store_cases,
    .path = "/api/v1/cases",
    .fields = case_fields,
    .read_only = case_read_only,
    .defaults = case_defaults,
    .check = case_check,
    .decorate = case_decorate,
    .after_change = case_after_change,
};

int cases_create(Request *req, Response *res, Error *err) { return resource_create(&case_resource, req, res, err); }
int cases_get(Request *req, Response *res, Error *err) { return resource_get(&case_resource, req, res, err); }
int cases_patch(Request *req, Response *res, Error *err) { return resource_patch(&case_resource, req, res, err); }

static int query_cases(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  static const char *const sorts[] = {"-updated_at", "-opened_at", "priority", NULL};
  CaseFilter f = {0};
  const char *sort = NULL;
  if (api_query_choices(q, "status", case_status_names, &f.status, err) ||
      api_query_choice(q, "type", case_type_names, &f.type, err) || api_query_choice(q, "sort", sorts, &sort, err) ||
      api_query_id(q, "priority", &f.priority, err) || api_query_id(q, "assignee_id", &f.assignee_id, err) ||
      api_query_id(q, "team_id", &f.team_id, err) || api_query_id(q, "account_id", &f.account_id, err))
    return -1;
  if (f.priority > CASE_PRIORITY_LOWEST) {
    error_field(err, "priority", "must be from %d to %d", CASE_PRIORITY_HIGHEST, CASE_PRIORITY_LOWEST);
    err->status = 400;
    return -1;
  }
  for (int s = 0; sort && s < CASE_SORT_COUNT; s++)
    if (strcmp(sort, sorts[s]) == 0) f.sort = (CaseSort)s;
  store_search_init(&f.search, api_query_text(q, "q"));
  int rc = store_cases_list(req->db, &f, after, limit, page, err);
  store_search_free(&f.search);
  size_t i;
  json_t *item;
  json_array_foreach(page->items, i, item) case_finish(item);
  return rc;
}

int cases_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"q",       "status",     "type",       "priority", "assignee_id",
                                        "team_id", "account_id", "sort",       NULL};
  return api_list(req, res, allowed, query_cases, err);
}

/* --- status -------------------------------------------------------------------------------- */

static time_t instant(const json_t *v) {
  time_t t = 0;
  return json_is_string(v) && time_parse(json_string_value(v), &t) == 0 ? t : 0;
}

/* The refusal of a move: 422 naming the reason when only that is missing,
 * else 409 with the statuses the case could go to instead. */
static int refuse_move(const CaseMoveContext *ctx, CaseStatus from, CaseStatus to, CaseMoveVerdict v, Error *err) {
  if (v == CASE_MOVE_REASON_REQUIRED) return error_field(err, "reason", "is required to make a case %s", case_status_name(to));
  CaseStatus targets[CASE_STATUS_COUNT];
  size_t n = case_move_targets(from, ctx, targets);
  json_t *allowed = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(allowed, json_string(case_status_name(targets[i])));
  error_set(err, 409, "Status change refused", "%s cannot become %s: %s", case_status_name(from), case_status_name(to),
            case_move_verdict_text(v));
  error_extend(err, "allowed", allowed);
  return -1;
}

/* Moves case (as stored, at its version) to status `to` if the workflow
 * allows it for this user, and records the change on its timeline. */
static int move_case(Request *req, const json_t *record, CaseStatus to, const char *reason, Error *err) {
  CaseStatus from;
  if (case_status_parse(json_string_value(json_object_get(record, "status")), &from))
    return error_set(err, 500, "Store error", "the case has an unknown status");
  CaseMoveContext ctx = {.role = req->user.role, .has_reason = reason && *reason,
                         .closed_at = instant(json_object_get(record, "closed_at"))};
  time_parse(req->now, &ctx.now);
  CaseMoveVerdict v = case_move_check(from, to, &ctx);
  if (v != CASE_MOVE_ALLOWED) return refuse_move(&ctx, from, to, v, err);
  CaseFacts facts = {
      .status = from,
      .reopen_count = (int)json_integer_value(json_object_get(record, "reopen_count")),
      .inbound_replies = (int)json_integer_value(json_object_get(record, "inbound_replies")),
      .outbound_replies = (int)json_integer_value(json_object_get(record, "outbound_replies")),
      .first_contact_resolution = json_is_true(json_object_get(record, "first_contact_resolution")),
      .resolved_at = instant(json_object_get(record, "resolved_at")),
      .closed_at = ctx.closed_at,
  };
  case_apply_move(&facts, to, ctx.now);
  char resolved_at[TIME_TEXT_SIZE], closed_at[TIME_TEXT_SIZE];
  time_format(facts.resolved_at, resolved_at);
  time_format(facts.closed_at, closed_at);
  StoreCaseStatus s = {.status = case_status_name(to), .first_contact_resolution = facts.first_contact_resolution,
                       .reopen_count = facts.reopen_count, .resolved_at = facts.resolved_at ? resolved_at : NULL,
                       .closed_at = facts.closed_at ? closed_at : NULL};
  int64_t id = json_integer_value(json_object_get(record, "id")), event_id;
  if (store_case_set_status(req->db, id, json_integer_value(json_object_get(record, "version")), &s, req->now, err))
    return -1;
  json_t *event = json_pack("{s:s, s:s, s:s, s:s, s:s?}", "kind", "status_change", "visibility", "public",
                            "from_status", case_status_name(from), "to_status", case_status_name(to), "body",
                            reason && *reason ? reason : NULL);
  if (cases_add_event(req, id, event, &event_id, err)) return -1;
  return to == CASE_RESOLVED ? surveys_case_resolved(req, id, err) : 0;
}

/* Loads the case of the request's path, answering 404 when there is none. */
static int load_case(Request *req, json_t **out, Error *err) { return resource_load(&case_resource, req, req->id, out, err); }

/* Audits the change of the request's case from before to its stored state
 * and, when res is given, answers with that state. */
static int finish_change(Request *req, Response *res, const json_t *before, Error *err) {
  json_t *after = NULL;
  int rc = resource_load_stored(&case_resource, req, req->id, &after, err);
  if (!rc) rc = sla_case_changed(req, req->id, after, err);
  if (!rc) rc = resource_decorate(&case_resource, req, &after, err);
  if (!rc) rc = resource_audit(req, "case", req->id, "update", before, after, err);
  if (!rc && res) {
    res->etag_version = json_integer_value(json_object_get(after, "version"));
    api_send_json(res, 200, json_incref(after));
  }
  json_decref(after);
  return rc;
}

int cases_move(Request *req, CaseStatus to, const char *reason, Error *err) {
  json_t *before = NULL;
  int rc = load_case(req, &before, err);
  if (!rc) rc = move_case(req, before, to, reason, err);
  if (!rc) rc = finish_change(req, NULL, before, err);
  json_decref(before);
  return rc;
}

int cases_set_status(Request *req, Response *res, Error *err) {
  static const FieldSpec fields[] = {
      {"status", FIELD_ENUM, FIELD_REQUIRED, 0, 0, case_status_names, NULL},
      {"reason", FIELD_TEXT, 0, 0, 2000, NULL, NULL},
      {NULL, 0, 0, 0, 0, NULL, NULL},
  };
  json_t *input = NULL, *before = NULL;
  int64_t version = 0;
  CaseStatus to = CASE_NEW;
  int rc = api_read_body(req, &input, err);
  if (!rc) rc = api_validate(req->db, input, fields, NULL, 0, err);
  if (!rc) rc = load_case(req, &before, err);
  /* If-Match is optional here; when sent it must name the current version. */
  if (!rc && req->if_match && !(rc = api_if_match(req, &version, err)) &&
      version != json_integer_value(json_object_get(before, "version")))
    rc = error_set(err, 412, "Precondition failed", "case %lld has changed since version %lld; reload it and try again",
                   (long long)req->id, (long long)version);
  if (!rc) {
    case_status_parse(json_string_value(json_object_get(input, "status")), &to);
    rc = move_case(req, before, to, json_string_value(json_object_get(input, "reason")), err);
  }
  if (!rc) rc = finish_change(req, res, before, err);
  json_decref(input);
  json_decref(before);
  return rc;
}

/* --- replies, notes and the timeline -------------------------------------------------------------- */

/* Adds a public reply (note == 0) or an internal note to the request's case
 * and answers 201 with the event. */
static int post_event(Request *req, Response *res, int note, Error *err) {
  static const FieldSpec reply_fields[] = {
      {"body", FIELD_TEXT, FIELD_REQUIRED, 1, MAX_BODY_CHARS, NULL, NULL},
      {"direction", FIELD_ENUM, 0, 0, 0, directions, NULL},
      {NULL, 0, 0, 0, 0, NULL, NULL},
  };
  static const FieldSpec note_fields[] = {
      {"body", FIELD_TEXT, FIELD_REQUIRED, 1, MAX_BODY_CHARS, NULL, NULL},
      {NULL, 0, 0, 0, 0, NULL, NULL},
  };
  json_t *input = NULL, *before = NULL, *event = NULL;
  int64_t id = 0;
  int rc = load_case(req, &before, err);
  if (!rc) rc = api_read_body(req, &input, err);
  if (!rc) rc = api_validate(req->db, input, note ? note_fields : reply_fields, NULL, 0, err);
  const char *status = rc ? "" : json_string_value(json_object_get(before, "status"));
  const char *direction = json_string_value(json_object_get(input, "direction"));
  int inbound = direction && strcmp(direction, "inbound") == 0;
  if (!rc && !note && strcmp(status, "closed") == 0)
    rc = error_set(err, 409, "Case closed", "a closed case takes no replies; reopen it first");
  if (!rc)
    rc = cases_add_event(req, req->id,
                   json_pack("{s:s, s:s, s:s?, s:O}", "kind", note ? "note" : "reply", "visibility",
                             note ? "internal" : "public", "direction", note ? NULL : inbound ? "inbound" : "outbound",
                             "body", json_object_get(input, "body")),
                   &id, err);
  if (!rc && !note) rc = store_case_count_reply(req->db, req->id, inbound, req->now, err);
  /* our reply goes to the customer by mail */
  if (!rc && !note && !inbound)
    rc = mail_case_replied(req, req->id, id, json_string_value(json_object_get(input, "body")), err);
  /* The customer's answer ends the wait on them. */
  if (!rc && inbound && strcmp(status, "waiting_on_customer") == 0) {
    json_t *counted = NULL;
    rc = load_case(req, &counted, err);
    if (!rc) rc = move_case(req, counted, CASE_OPEN, "the customer replied", err);
    json_decref(counted);
  }
  if (!rc) rc = store_case_event_get(req->db, id, &event, err);
  if (!rc) rc = resource_audit(req, "case_event", id, "create", NULL, event, err);
  if (!rc && !note) rc = finish_change(req, NULL, before, err);
  json_decref(input);
  json_decref(before);
  if (rc) {
    json_decref(event);
    return -1;
  }
  Buffer location = BUFFER_INIT;
  buffer_printf(&location, "%s/%lld/timeline", case_resource.path, (long long)req->id);
  res->location = buffer_take(&location);
  api_send_json(res, 201, event);
  return 0;
}

int cases_add_reply(Request *req, Response *res, Error *err) { return post_event(req, res, 0, err); }
int cases_add_note(Request *req, Response *res, Error *err) { return post_event(req, res, 1, err); }

static int query_timeline(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  const char *visibility = NULL;
  int exists = 0;
  if (api_query_choice(q, "visibility", visibilities, &visibility, err)) return -1;
  if (store_record_exists(req->db, &store_cases, req->id, &exists, err)) return -1;
  if (!exists) return error_set(err, 404, "Not found", "case %lld does not exist", (long long)req->id);
  return store_case_events_list(req->db, req->id, visibility, after, limit, page, err);
}

int cases_timeline(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"visibility", NULL};
  return api_list(req, res, allowed, query_timeline, err);
}
