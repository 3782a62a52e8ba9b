/* Objectives (organisational, team and personal, nested) with their SMART
 * check and their progress read from the KPIs, and the KPI standards set
 * per role or team, each serving an objective
 * (docs/PERFORMANCE-MANAGEMENT.md). An objective that fails a letter saves
 * as a draft; it cannot become active until every letter holds. */
#include <string.h>

#include "api/performance.h"
#include "core/performance.h"
#include "core/policy.h"

static int64_t ival(const json_t *o, const char *name) { return json_integer_value(json_object_get(o, name)); }
static const char *sval(const json_t *o, const char *name) { return json_string_value(json_object_get(o, name)); }
static int is(const json_t *o, const char *name, const char *value) {
  const char *v = sval(o, name);
  return v && strcmp(v, value) == 0;
}

static const char *const levels[] = {"organisation", "team", "personal", NULL};
static const char *const statuses[] = {"draft", "active", "achieved", "missed", "dropped", NULL};
static const char *const objective_read_only[] = {"id",         "owner_name", "created_by_id", "smart", "progress",
                                                  "created_at", "updated_at", "version",       NULL};
static const FieldSpec objective_fields[] = {
    {"level", FIELD_ENUM, FIELD_REQUIRED, 0, 0, levels, NULL},
    {"title", FIELD_TEXT, FIELD_REQUIRED, 1, 200, NULL, NULL},
    {"description", FIELD_TEXT, 0, 0, 4000, NULL, NULL},
    {"owner_id", FIELD_REF, 0, 0, 0, NULL, &store_users},
    {"team_id", FIELD_REF, 0, 0, 0, NULL, &store_teams},
    {"parent_id", FIELD_REF, 0, 0, 0, NULL, &store_perf_objectives},
    {"metric", FIELD_TEXT, 0, 1, 100, NULL, NULL},
    {"baseline", FIELD_INT, 0, -1000000000, 1000000000, NULL, NULL},
    {"target", FIELD_INT, 0, -1000000000, 1000000000, NULL, NULL},
    {"deadline", FIELD_DATE, 0, 0, 0, NULL, NULL},
    {"status", FIELD_ENUM, 0, 0, 0, statuses, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

static void objective_defaults(Request *req, json_t *input) {
  if (!json_object_get(input, "status")) json_object_set_new(input, "status", json_string("draft"));
  if (is(input, "level", "personal") && !json_object_get(input, "owner_id"))
    json_object_set_new(input, "owner_id", json_integer(req->user.id));
}

/* The team an objective's history is read from: its own, else its owner's. */
static int objective_team(Request *req, const json_t *o, int64_t *team, Error *err) {
  *team = ival(o, "team_id");
  if (*team || !ival(o, "owner_id")) return 0;
  json_t *owner = NULL;
  if (store_record_get(req->db, &store_users, ival(o, "owner_id"), &owner, err)) return -1;
  *team = ival(owner, "team_id");
  json_decref(owner);
  return 0;
}

/* The SMART check of o into *r; the metric's KPI in *kpi (-1 when the metric is not a KPI). */
static int objective_smart(Request *req, const json_t *o, SmartResult *r, int *kpi, Error *err) {
  char today[TIME_DATE_SIZE];
  time_date_text(time_day_of(req->now), today);
  SmartInput in = {.title = sval(o, "title"), .description = sval(o, "description"), .metric = sval(o, "metric"),
                   .has_baseline = json_is_integer(json_object_get(o, "baseline")),
                   .baseline = (double)ival(o, "baseline"),
                   .has_target = json_is_integer(json_object_get(o, "target")), .target = (double)ival(o, "target"),
                   .linked = ival(o, "parent_id") != 0 || is(o, "level", "organisation"), .deadline = sval(o, "deadline"), .today = today};
  Kpi k;
  *kpi = -1;
  if (in.metric && kpi_parse(in.metric, &k) == 0) {
    int64_t team = 0;
    *kpi = (int)k;
    in.direction = kpi_higher_is_better(k) ? 1 : -1;
    if (objective_team(req, o, &team, err)) return -1;
    if (team) {
      int found = perf_kpi_team_best(req, team, k, &in.history_best, err);
      if (found < 0) return -1;
      in.has_history = found;
    }
  }
  smart_check(&in, r);
  return 0;
}

/* Who may set an objective: one's own personal objectives, and those of
 * one's reports (line managers, HR); team objectives the team's leader and
 * the CS managers; organisational ones the CS managers. */
static int may_set(Request *req, const json_t *o, Error *err) {
  Role r = req->user.role;
  if (is(o, "level", "personal")) {
    if (!ival(o, "owner_id")) return error_field(err, "owner_id", "is required for a personal objective");
    return ival(o, "owner_id") == req->user.id ? 0 : perf_may_manage(req, "owner_id", ival(o, "owner_id"), err);
  }
  if (r == ROLE_CS_MANAGER) return 0;
  if (is(o, "level", "team") && r == ROLE_TEAM_LEADER && ival(o, "team_id") &&
      ival(o, "team_id") == ival(req->user.user, "team_id"))
    return 0;
  return error_set(err, 403, "Forbidden",
                   "team objectives are set by the team's leader and CS managers, organisational ones by CS managers");
}

/* What an objective may serve: personal ones a team or organisational
 * objective, team ones an organisational objective; organisational ones
 * stand at the top. */
static int check_parent(Request *req, const json_t *o, Error *err) {
  int64_t parent_id = ival(o, "parent_id");
  if (!parent_id) return 0;
  if (is(o, "level", "organisation")) return error_field(err, "parent_id", "an organisational objective serves no other");
  json_t *parent = NULL;
  if (store_record_get(req->db, &store_perf_objectives, parent_id, &parent, err)) return -1;
  int ok = parent && (is(parent, "level", "organisation") || (is(o, "level", "personal") && is(parent, "level", "team")));
  json_decref(parent);
  if (!ok)
    error_field(err, "parent_id", is(o, "level", "team") ? "must be an organisational objective"
                                                         : "must be a team or organisational objective");
  return ok ? 0 : -1;
}

static int objective_check(Request *req, const json_t *record, Error *err) {
  if (may_set(req, record, err) || check_parent(req, record, err)) return -1;
  if (is(record, "level", "team") && !ival(record, "team_id"))
    return error_field(err, "team_id", "is required for a team objective");
  if (is(record, "status", "draft") || is(record, "status", "dropped")) return 0;
  SmartResult r;
  int kpi;
  if (objective_smart(req, record, &r, &kpi, err)) return -1;
  for (int l = 0; l < SMART_COUNT; l++)
    if (!r.holds[l])
      error_field(err, "status", "an objective is a draft until it is SMART: %s fails (%s)", smart_letter_name(l),
                  r.why[l]);
  return error_has_fields(err) ? -1 : 0;
}

static void objective_derive(Request *req, const json_t *before, json_t *record) {
  if (!before) json_object_set_new(record, "created_by_id", json_integer(req->user.id));
}

/* The check as JSON: {holds, letters: [{letter, holds, why?}]}. */
static json_t *smart_json(const SmartResult *r) {
  json_t *letters = json_array();
  int all = 1;
  for (int l = 0; l < SMART_COUNT; l++) {
    all &= r->holds[l];
    json_array_append_new(letters, json_pack("{s:s, s:b, s:s?}", "letter", smart_letter_name(l), "holds",
                                             r->holds[l], "why", r->holds[l] ? NULL : r->why[l]));
  }
  return json_pack("{s:b, s:o}", "holds", all, "letters", letters);
}

/* Adds the SMART check and, when the metric is a KPI of a person, the
 * progress from baseline to target of its current value. */
static int objective_decorate(Request *req, json_t *record, Error *err) {
  SmartResult r;
  int kpi;
  if (objective_smart(req, record, &r, &kpi, err)) return -1;
  json_object_set_new(record, "smart", smart_json(&r));
  json_t *progress = json_null();
  double current = 0;
  if (kpi >= 0 && is(record, "level", "personal") && json_is_integer(json_object_get(record, "baseline")) &&
      json_is_integer(json_object_get(record, "target"))) {
    int found = perf_kpi_current(req, ival(record, "owner_id"), (Kpi)kpi, &current, err);
    if (found < 0) return -1;
    if (found)
      progress = json_pack("{s:f, s:f}", "current", current, "share",
                           objective_progress((double)ival(record, "baseline"), (double)ival(record, "target"),
                                              current));
  }
  json_object_set_new(record, "progress", progress);
  return 0;
}

static const ResourceDef objective_resource = {
    .table = &store_perf_objectives,
    .path = "/api/v1/objectives",
    .fields = objective_fields,
    .read_only = objective_read_only,
    .defaults = objective_defaults,
    .check = objective_check,
    .derive = objective_derive,
    .decorate = objective_decorate,
};

/* The SMART check of an objective being written, saving nothing: the
 * editor's live check. The body is validated as a change would be. */
int objectives_check(Request *req, Response *res, Error *err) {
  json_t *input = NULL;
  SmartResult r;
  int kpi;
  int rc = api_read_body(req, &input, err) ||
           api_validate(req->db, input, objective_fields, objective_read_only, 1, err);
  int64_t owner = rc ? 0 : ival(input, "owner_id");
  if (!rc && owner && owner != req->user.id) rc = perf_may_manage(req, "owner_id", owner, err);
  if (!rc) rc = objective_smart(req, input, &r, &kpi, err);
  if (!rc) api_send_json(res, 200, smart_json(&r));
  json_decref(input);
  return rc ? -1 : 0;
}

int objectives_create(Request *req, Response *res, Error *err) {
  return resource_create(&objective_resource, req, res, err);
}

/* Personal objectives are the person's performance records; team and
 * organisational ones everyone may read. */
static int objective_visible(Request *req, int64_t id, Error *err) {
  json_t *o = NULL;
  if (store_record_get(req->db, &store_perf_objectives, id, &o, err)) return -1;
  int rc = 0;
  if (!o) rc = error_set(err, 404, "Not found", "objective %lld does not exist", (long long)id);
  else if (is(o, "level", "personal")) rc = perf_may_see(req, ival(o, "owner_id"), err);
  json_decref(o);
  return rc;
}

int objectives_get(Request *req, Response *res, Error *err) {
  if (objective_visible(req, req->id, err)) return -1;
  return resource_get(&objective_resource, req, res, err);
}

int objectives_patch(Request *req, Response *res, Error *err) {
  if (objective_visible(req, req->id, err)) return -1;
  return resource_patch(&objective_resource, req, res, err);
}

int objectives_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"owner_id", NULL};
  Query q = {0};
  int64_t owner = 0;
  json_t *rows = NULL;
  int rc = -1;
  if (api_query_parse(req, allowed, &q, err) || api_query_id(&q, "owner_id", &owner, err) ||
      (owner && perf_may_see(req, owner, err)) || store_perf_objectives_list(req->db, owner, &rows, err))
    goto done;
  size_t i;
  json_t *o;
  json_array_foreach(rows, i, o) if (objective_decorate(req, o, err)) goto done;
  api_send_json(res, 200, json_pack("{s:O}", "items", rows));
  rc = 0;
done:
  json_decref(rows);
  api_query_free(&q);
  return rc;
}

/* --- KPI standards ---------------------------------------------------------------------------------- */
static const char *const kpi_names[] = {"cases_handled", "first_response_minutes", "resolution_hours",
                                        "first_contact_resolution", "sla_compliance", "csat", "qa_score",
                                        "reopen_rate", NULL};
static const char *const role_names[] = {"agent", "team_leader", "cs_manager", "quality_manager", "hr", "admin",
                                         "auditor", NULL};
static const char *const signal_periods[] = {"week", "month", NULL};
static const char *const standard_read_only[] = {"id", "objective_title", "created_at", "updated_at", "version", NULL};
static const FieldSpec standard_fields[] = {
    {"kpi", FIELD_ENUM, FIELD_REQUIRED, 0, 0, kpi_names, NULL},
    {"role", FIELD_ENUM, 0, 0, 0, role_names, NULL},
    {"team_id", FIELD_REF, 0, 0, 0, NULL, &store_teams},
    {"target", FIELD_INT, FIELD_REQUIRED, 0, 1000000, NULL, NULL},
    {"objective_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_perf_objectives},
    {"signal_periods", FIELD_INT, 0, 1, 12, NULL, NULL},
    {"signal_period", FIELD_ENUM, 0, 0, 0, signal_periods, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

static void standard_defaults(Request *req, json_t *input) {
  (void)req;
  if (!json_object_get(input, "signal_periods")) json_object_set_new(input, "signal_periods", json_integer(3));
  if (!json_object_get(input, "signal_period")) json_object_set_new(input, "signal_period", json_string("month"));
}

/* A standard applies to a role or to a team, and serves a team or
 * organisational objective. */
static int standard_check(Request *req, const json_t *record, Error *err) {
  if (!sval(record, "role") == !ival(record, "team_id"))
    error_field(err, "role", "give exactly one of role and team_id: whom the standard applies to");
  json_t *o = NULL;
  if (store_record_get(req->db, &store_perf_objectives, ival(record, "objective_id"), &o, err)) return -1;
  if (o && is(o, "level", "personal"))
    error_field(err, "objective_id", "must be a team or organisational objective, not a personal one");
  json_decref(o);
  return error_has_fields(err) ? -1 : 0;
}

static const ResourceDef standard_resource = {
    .table = &store_perf_standards,
    .path = "/api/v1/kpi-standards",
    .fields = standard_fields,
    .read_only = standard_read_only,
    .defaults = standard_defaults,
    .check = standard_check,
};

int standards_create(Request *req, Response *res, Error *err) {
  return resource_create(&standard_resource, req, res, err);
}
int standards_patch(Request *req, Response *res, Error *err) { return resource_patch(&standard_resource, req, res, err); }
int standards_delete(Request *req, Response *res, Error *err) {
  return resource_delete(&standard_resource, req, res, err);
}

int standards_list(Request *req, Response *res, Error *err) {
  json_t *rows = NULL;
  if (store_perf_standards_list(req->db, &rows, err)) return -1;
  api_send_json(res, 200, json_pack("{s:o}", "items", rows));
  return 0;
}
