/* Business calendars and SLA policies as records: validated by the core's
 * own parsers (calendar_parse, sla_policy_parse) so that a stored calendar or
 * policy always compiles; holidays merged in from iCalendar files; exactly
 * one default policy; and the review reminder on each policy. See
 * docs/SLA.md. */
#include <string.h>

#include "api/sla.h"
#include "util/ics.h"

#define REVIEW_LEAD_DAYS 30

static time_t request_time(const Request *req) {
  time_t t = 0;
  time_parse(req->now, &t);
  return t;
}

/* --- calendars ------------------------------------------------------------------------ */
static const char *const calendar_read_only[] = {"id", "created_at", "updated_at", "version", NULL};
static const FieldSpec calendar_fields[] = {
    {"name", FIELD_TEXT, FIELD_REQUIRED, 1, 200, NULL, NULL},
    {"calendar", FIELD_JSON, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

/* Compiles the calendar JSON form def around the request's time into *out
 * (NULL to check only); its problems become field errors under "calendar.". */
static int compile_calendar(const Request *req, const json_t *def, Calendar **out, Error *err) {
  Calendar *cal = NULL;
  Error inner = ERROR_INIT;
  if (calendar_parse(def, request_time(req), &cal, &inner)) {
    error_adopt_fields(err, &inner, "calendar.", "calendar");
    return -1;
  }
  if (out) *out = cal;
  else calendar_free(cal);
  return 0;
}

static int calendar_check(Request *req, const json_t *record, Error *err) {
  return compile_calendar(req, json_object_get(record, "calendar"), NULL, err);
}

/* Marks the cases a change governs due now; the scheduler's pass follows
 * the commit at once (server.c), so the at-risk list catches up within
 * moments, not an interval. */
static int make_cases_due(Request *req, StoreRecheck what, int64_t id, Error *err) {
  req->made_cases_due = 1;
  return store_case_sla_recheck(req->db, what, id, req->now, err);
}

/* Cases on a changed calendar are recomputed by the scheduler at once. */
static int calendar_after_change(Request *req, const json_t *before, json_t *after, Error *err) {
  if (!before) return 0;
  return make_cases_due(req, STORE_RECHECK_CALENDAR, json_integer_value(json_object_get(after, "id")), err);
}

static const ResourceDef calendar_resource = {
    .table = &store_calendars,
    .path = "/api/v1/calendars",
    .fields = calendar_fields,
    .read_only = calendar_read_only,
    .check = calendar_check,
    .after_change = calendar_after_change,
};

static int query_calendars(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  (void)q;
  return store_calendars_list(req->db, after, limit, page, err);
}

int calendars_list(Request *req, Response *res, Error *err) { return api_list(req, res, NULL, query_calendars, err); }
int calendars_create(Request *req, Response *res, Error *err) { return resource_create(&calendar_resource, req, res, err); }
int calendars_get(Request *req, Response *res, Error *err) { return resource_get(&calendar_resource, req, res, err); }
int calendars_patch(Request *req, Response *res, Error *err) { return resource_patch(&calendar_resource, req, res, err); }
int calendars_delete(Request *req, Response *res, Error *err) { return resource_delete(&calendar_resource, req, res, err); }

/* The request body as iCalendar text: 415 unless Content-Type text/calendar. */
static int read_ics(const Request *req, Error *err) {
  const char *ct = req->content_type ? req->content_type : "";
  if (strncasecmp(ct, "text/calendar", 13) != 0 || (ct[13] && ct[13] != ';' && ct[13] != ' '))
    return error_set(err, 415, "Unsupported media type", "send the holidays as an iCalendar file, text/calendar");
  if (strlen(req->body) != req->body_len) return error_field(err, "ics", "contains a NUL byte");
  return 0;
}

/* The calendar JSON form def with dates merged into its holidays, each once;
 * *added says how many were new. New reference. */
static json_t *merge_holidays(const json_t *def, const json_t *dates, int *added) {
  json_t *merged = json_deep_copy(def);
  json_t *holidays = json_object_get(merged, "holidays");
  if (!json_is_array(holidays)) {
    holidays = json_array();
    json_object_set_new(merged, "holidays", holidays);
  }
  *added = 0;
  size_t i, k;
  json_t *date, *known;
  json_array_foreach(dates, i, date) {
    int seen = 0;
    json_array_foreach(holidays, k, known) seen |= json_equal(date, known);
    if (!seen) {
      json_array_append(holidays, date);
      (*added)++;
    }
  }
  return merged;
}

int calendars_add_holidays(Request *req, Response *res, Error *err) {
  json_t *before = NULL, *dates = NULL, *merged = NULL, *after = NULL;
  Calendar *cal = NULL;
  int64_t version = 0;
  int added = 0;
  int rc = read_ics(req, err);
  if (!rc) rc = resource_load(&calendar_resource, req, req->id, &before, err);
  if (!rc && req->if_match && !(rc = api_if_match(req, &version, err)) &&
      version != json_integer_value(json_object_get(before, "version")))
    rc = error_set(err, 412, "Precondition failed", "calendar %lld has changed since version %lld; reload it",
                   (long long)req->id, (long long)version);
  if (!rc) {
    Error inner = ERROR_INIT;
    if ((rc = ics_read_holidays(req->body, &dates, &inner)) != 0) error_adopt_fields(err, &inner, "ics.", "ics");
  }
  if (!rc) {
    merged = merge_holidays(json_object_get(before, "calendar"), dates, &added);
    rc = compile_calendar(req, merged, &cal, err);
  }
  if (!rc) {
    json_t *values = json_pack("{s:O, s:o}", "name", json_object_get(before, "name"), "calendar", calendar_to_json(cal));
    rc = store_record_update(req->db, &store_calendars, req->id, json_integer_value(json_object_get(before, "version")),
                             values, req->now, err);
    json_decref(values);
  }
  if (!rc) rc = resource_load(&calendar_resource, req, req->id, &after, err);
  if (!rc) rc = calendar_after_change(req, before, after, err);
  if (!rc) rc = resource_audit(req, "calendar", req->id, "update", before, after, err);
  calendar_free(cal);
  json_decref(before);
  json_decref(dates);
  json_decref(merged);
  if (rc) {
    json_decref(after);
    return -1;
  }
  json_object_set_new(after, "holidays_added", json_integer(added));
  res->etag_version = json_integer_value(json_object_get(after, "version"));
  api_send_json(res, 200, after);
  return 0;
}

/* --- SLA policies ------------------------------------------------------------------------- */
static const char *const policy_read_only[] = {"id", "review", "review_due", "created_at", "updated_at", "version", NULL};
static const FieldSpec policy_fields[] = {
    {"name", FIELD_TEXT, FIELD_REQUIRED, 1, 200, NULL, NULL},
    {"calendar_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_calendars},
    {"targets", FIELD_JSON, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {"pause_statuses", FIELD_JSON, 0, 0, 0, NULL, NULL},
    {"warn_at", FIELD_JSON, 0, 0, 0, NULL, NULL},
    {"acknowledgement", FIELD_INT, 0, 1, SLA_MINUTES_MAX, NULL, NULL},
    {"review_on", FIELD_DATE, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {"is_default", FIELD_BOOL, 0, 0, 0, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

static void policy_defaults(Request *req, json_t *input) {
  (void)req;
  if (!json_object_get(input, "pause_statuses"))
    json_object_set_new(input, "pause_statuses", json_pack("[s]", "waiting_on_customer"));
  if (!json_object_get(input, "warn_at")) json_object_set_new(input, "warn_at", json_pack("[i, i]", 75, 90));
  if (!json_object_get(input, "is_default")) json_object_set_new(input, "is_default", json_false());
}

json_t *sla_policy_core_json(const json_t *record, const json_t *calendar) {
  json_t *p = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O}", "name", json_object_get(record, "name"), "calendar",
                        calendar, "targets", json_object_get(record, "targets"), "pause_statuses",
                        json_object_get(record, "pause_statuses"), "warn_at", json_object_get(record, "warn_at"),
                        "review_on", json_object_get(record, "review_on"));
  json_t *ack = json_object_get(record, "acknowledgement");
  if (json_is_integer(ack)) json_object_set(p, "acknowledgement", ack);
  return p;
}

/* Moves the default mark to record (id 0 while being created): the former
 * default loses it, audited, and the cases it governed are rechecked. */
static int take_default(Request *req, int64_t id, int64_t former, Error *err) {
  json_t *before = NULL, *after = NULL;
  int rc = store_record_get(req->db, &store_sla_policies, former, &before, err);
  if (!rc) rc = store_sla_policy_clear_default(req->db, id, req->now, err);
  if (!rc) rc = store_record_get(req->db, &store_sla_policies, former, &after, err);
  if (!rc) rc = resource_audit(req, "sla_policy", former, "update", before, after, err);
  if (!rc) rc = make_cases_due(req, STORE_RECHECK_DEFAULT, former, err);
  json_decref(before);
  json_decref(after);
  return rc;
}

/* A policy must compile with its calendar (every target, pause status and
 * warning checked by the core); and there is exactly one default: the first
 * policy must be it, the default cannot give the mark up but only another
 * policy take it — which happens here, before the record is written, so the
 * unique index on the mark holds throughout. */
static int policy_check(Request *req, const json_t *record, Error *err) {
  json_t *calendar = NULL;
  SlaPolicy *policy = NULL;
  int64_t id = json_integer_value(json_object_get(record, "id")), current = 0;
  int wants_default = json_is_true(json_object_get(record, "is_default"));
  if (store_record_get(req->db, &store_calendars, json_integer_value(json_object_get(record, "calendar_id")),
                       &calendar, err))
    return -1;
  if (!calendar) return error_field(err, "calendar_id", "no calendar has this id");
  json_t *core = sla_policy_core_json(record, json_object_get(calendar, "calendar"));
  int rc = sla_policy_parse(core, request_time(req), &policy, err);
  sla_policy_free(policy);
  json_decref(core);
  json_decref(calendar);
  if (rc) return -1;
  if (store_sla_default_policy(req->db, &current, err)) return -1;
  if (!wants_default && !current)
    return error_field(err, "is_default", "the first SLA policy must be the default (is_default: true)");
  if (!wants_default && current == id)
    return error_field(err, "is_default", "make another policy the default instead");
  if (wants_default && current && current != id) return take_default(req, id, current, err);
  return 0;
}

/* The review reminder and the mark as booleans, whatever the backend stores. */
static int policy_decorate(Request *req, json_t *record, Error *err) {
  (void)err;
  static const char *const reviews[] = {[SLA_REVIEW_NOT_DUE] = "not_due", [SLA_REVIEW_DUE] = "due",
                                        [SLA_REVIEW_OVERDUE] = "overdue"};
  char today[11];
  memcpy(today, req->now, 10);
  today[10] = '\0';
  const char *review_on = json_string_value(json_object_get(record, "review_on"));
  SlaPolicy dates = {.review_on = review_on ? time_date_days(review_on) : 0};
  SlaReview review = sla_policy_review(&dates, today, REVIEW_LEAD_DAYS);
  json_object_set_new(record, "review", json_string(reviews[review]));
  json_object_set_new(record, "review_due", json_boolean(review != SLA_REVIEW_NOT_DUE));
  json_object_set_new(record, "is_default", json_boolean(json_integer_value(json_object_get(record, "is_default"))));
  return 0;
}

static int policy_after_change(Request *req, const json_t *before, json_t *after, Error *err) {
  if (!before) return 0;
  return make_cases_due(req, STORE_RECHECK_POLICY, json_integer_value(json_object_get(after, "id")), err);
}

static const ResourceDef policy_resource = {
    .table = &store_sla_policies,
    .path = "/api/v1/sla-policies",
    .fields = policy_fields,
    .read_only = policy_read_only,
    .defaults = policy_defaults,
    .check = policy_check,
    .decorate = policy_decorate,
    .after_change = policy_after_change,
};

static int query_policies(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  (void)q;
  if (store_sla_policies_list(req->db, after, limit, page, err)) return -1;
  size_t i;
  json_t *item;
  json_array_foreach(page->items, i, item) policy_decorate(req, item, err);
  return 0;
}

int sla_policies_list(Request *req, Response *res, Error *err) { return api_list(req, res, NULL, query_policies, err); }
int sla_policies_create(Request *req, Response *res, Error *err) { return resource_create(&policy_resource, req, res, err); }
int sla_policies_get(Request *req, Response *res, Error *err) { return resource_get(&policy_resource, req, res, err); }
int sla_policies_patch(Request *req, Response *res, Error *err) { return resource_patch(&policy_resource, req, res, err); }

/* --- accounts ------------------------------------------------------------------------------- */
int sla_account_changed(Request *req, const json_t *before, json_t *after, Error *err) {
  if (!before || json_equal(json_object_get(before, "sla_policy_id"), json_object_get(after, "sla_policy_id")))
    return 0;
  return make_cases_due(req, STORE_RECHECK_ACCOUNT, json_integer_value(json_object_get(after, "id")), err);
}

/* --- escalations --------------------------------------------------------------------------- */
static int query_escalations(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  int64_t case_id = 0;
  if (api_query_id(q, "case_id", &case_id, err)) return -1;
  return store_sla_escalations_list(req->db, case_id, after, limit, page, err);
}

int sla_escalations_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"case_id", NULL};
  return api_list(req, res, allowed, query_escalations, err);
}
