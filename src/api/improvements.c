/* PDCA improvement initiatives (docs/RETENTION.md): the problem (a complaint
 * root-cause category, a survey theme or a KPI), the plan, what was done, the
 * check — the chosen KPI measured by forgedesk for a period before and after,
 * never typed in — and the act step (standardise or abandon). Fields change
 * through the generic resource; the stage only through POST …/stage, which
 * asks the table in core/improvement.c and measures the check. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "api/retention.h"
#include "core/complaint_workflow.h"
#include "core/improvement.h"

static const char *const problem_kinds[] = {"root_cause", "survey_theme", "kpi", NULL};
static const char *const measurable_kpis[] = {"complaints", "sla_compliance", "order_value", "csat", NULL};
static const char *const improvement_read_only[] = {"id",         "owner_name", "stage",      "check_result",
                                                    "checked_at", "decided_at", "created_at", "updated_at",
                                                    "version",    NULL};
static const FieldSpec improvement_fields[] = {
    {"title", FIELD_TEXT, FIELD_REQUIRED, 1, 200, NULL, NULL},
    {"problem", FIELD_TEXT, FIELD_REQUIRED, 1, 4000, NULL, NULL},
    {"problem_kind", FIELD_ENUM, FIELD_REQUIRED, 0, 0, problem_kinds, NULL},
    {"problem_ref", FIELD_TEXT, 0, 1, 100, NULL, NULL},
    {"owner_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_users},
    {"plan", FIELD_TEXT, 0, 0, 8000, NULL, NULL},
    {"done", FIELD_TEXT, 0, 0, 8000, NULL, NULL},
    {"kpi", FIELD_ENUM, 0, 0, 0, measurable_kpis, NULL},
    {"kpi_category", FIELD_ENUM, 0, 0, 0, complaint_cause_names + 1, NULL},
    {"before_from", FIELD_DATE, 0, 0, 0, NULL, NULL},
    {"before_to", FIELD_DATE, 0, 0, 0, NULL, NULL},
    {"after_from", FIELD_DATE, 0, 0, 0, NULL, NULL},
    {"after_to", FIELD_DATE, 0, 0, 0, NULL, NULL},
    {"act_note", FIELD_TEXT, 0, 0, 4000, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};
/* What the check measured: once it is made these stay as they were. */
static const char *const measured_fields[] = {"kpi", "kpi_category", "before_from", "before_to", "after_from",
                                              "after_to", NULL};

static const char *text_of(const json_t *record, const char *name) {
  return json_string_value(json_object_get(record, name));
}

static void improvement_defaults(Request *req, json_t *input) {
  if (!json_object_get(input, "owner_id")) json_object_set_new(input, "owner_id", json_integer(req->user.id));
}

/* A new initiative starts at plan; later stages come only through its moves. */
static void improvement_derive(Request *req, const json_t *before, json_t *record) {
  (void)req;
  if (!before) json_object_set_new(record, "stage", json_string(improvement_stage_names[IMPROVEMENT_PLAN]));
}

static ImprovementStage stage_of(const json_t *record) {
  int s = improvement_name_parse(improvement_stage_names, text_of(record, "stage"));
  return s < 0 ? IMPROVEMENT_PLAN : (ImprovementStage)s;
}

/* Two dates of a period in order, naming the second when it is not. */
static void check_span(const json_t *record, const char *from, const char *to, Error *err) {
  const char *a = text_of(record, from), *b = text_of(record, to);
  if (a && b && strcmp(a, b) > 0) error_field(err, to, "must not be before %s", from);
}

/* The problem names what it is about; the periods are in order, the after
 * one after the before one; a category only narrows complaint counts; a
 * closed initiative changes no more, and a checked one keeps what was measured. */
static int improvement_check(Request *req, const json_t *record, Error *err) {
  const char *kind = text_of(record, "problem_kind"), *ref = text_of(record, "problem_ref");
  if (strcmp(kind, "root_cause") == 0 && complaint_name_parse(complaint_cause_names + 1, ref) < 0)
    error_field(err, "problem_ref", "must be the root-cause category: one of man, machine, method, material, "
                                    "measurement, environment");
  else if (strcmp(kind, "kpi") == 0 && improvement_name_parse(improvement_kpi_names, ref) < 0)
    error_field(err, "problem_ref", "must be the KPI: one of complaints, sla_compliance, order_value, csat");
  else if (!ref) error_field(err, "problem_ref", "is required: the survey theme the problem is about");
  check_span(record, "before_from", "before_to", err);
  check_span(record, "after_from", "after_to", err);
  const char *before_to = text_of(record, "before_to"), *after_from = text_of(record, "after_from");
  if (before_to && after_from && strcmp(after_from, before_to) <= 0)
    error_field(err, "after_from", "must be after the before period (after before_to)");
  const char *kpi = text_of(record, "kpi");
  if (text_of(record, "kpi_category") && (!kpi || strcmp(kpi, "complaints") != 0))
    error_field(err, "kpi_category", "narrows only the complaints KPI");
  ImprovementStage stage = stage_of(record);
  json_t *stored = NULL;
  if (json_is_integer(json_object_get(record, "id")) &&
      store_record_get(req->db, &store_improvements, json_integer_value(json_object_get(record, "id")), &stored, err))
    return -1;
  if (stored && improvement_is_closed(stage))
    error_set(err, 409, "Initiative closed", "the initiative is %s; it changes no more", text_of(record, "stage"));
  for (int i = 0; stored && stage == IMPROVEMENT_CHECK && measured_fields[i]; i++)
    if (!json_equal(json_object_get(stored, measured_fields[i]), json_object_get(record, measured_fields[i])))
      error_field(err, measured_fields[i], "is fixed once the check is measured; move back to do to change it");
  json_decref(stored);
  return error_has_fields(err) || err->status ? -1 : 0;
}

static const ResourceDef improvement_resource = {
    .table = &store_improvements,
    .path = "/api/v1/improvements",
    .fields = improvement_fields,
    .read_only = improvement_read_only,
    .defaults = improvement_defaults,
    .check = improvement_check,
    .derive = improvement_derive,
};

int improvements_create(Request *req, Response *res, Error *err) {
  return resource_create(&improvement_resource, req, res, err);
}
int improvements_get(Request *req, Response *res, Error *err) {
  return resource_get(&improvement_resource, req, res, err);
}
int improvements_patch(Request *req, Response *res, Error *err) {
  return resource_patch(&improvement_resource, req, res, err);
}

static int query_improvements(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page,
                              Error *err) {
  const char *stage = NULL;
  if (api_query_choice(q, "stage", improvement_stage_names, &stage, err)) return -1;
  return store_improvements_list(req->db, stage, after, limit, page, err);
}

int improvements_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"stage", NULL};
  return api_list(req, res, allowed, query_improvements, err);
}

/* --- the check: the KPI measured for both periods --------------------------------------------------- */

/* part of whole as a percentage with one decimal; no value when whole is 0. */
static void share(int64_t part, int64_t whole, double *value, int *has_value) {
  *has_value = whole > 0;
  *value = whole ? round(1000.0 * (double)part / (double)whole) / 10.0 : 0;
}

/* The KPI for [from, to] (dates): *value, and *count of what it is made of
 * (complaints, decided cases, orders); *has_value 0 when nothing was decided. */
static int measure(Db *db, ImprovementKpi kpi, const char *category, const char *from, const char *to,
                   double *value, int64_t *count, int *has_value, Error *err) {
  char start[TIME_TEXT_SIZE], end[TIME_TEXT_SIZE];
  snprintf(start, sizeof start, "%sT00:00:00Z", from);
  snprintf(end, sizeof end, "%sT23:59:59Z", to);
  int64_t a = 0, b = 0;
  *has_value = 1;
  switch (kpi) {
  case KPI_COMPLAINTS:
    if (store_kpi_complaints(db, category, start, end, count, err)) return -1;
    *value = (double)*count;
    return 0;
  case KPI_SLA_COMPLIANCE:
    if (store_kpi_sla(db, start, end, &a, &b, err)) return -1;
    *count = a + b;
    share(a, *count, value, has_value);
    return 0;
  case KPI_ORDER_VALUE:
    if (store_kpi_orders(db, from, to, count, &b, err)) return -1;
    *value = (double)b;
    return 0;
  case KPI_CSAT:
  default:
    if (store_kpi_csat(db, start, end, &a, count, err)) return -1;
    share(a, *count, value, has_value);
    return 0;
  }
}

static json_t *period_json(const char *from, const char *to, double value, int64_t count, int has_value) {
  return json_pack("{s:s, s:s, s:o, s:I}", "from", from, "to", to, "value", has_value ? json_real(value) : json_null(),
                   "count", (json_int_t)count);
}

int improvement_measure_check(Db *db, const json_t *record, json_t **out, Error *err) {
  ImprovementKpi kpi = (ImprovementKpi)improvement_name_parse(improvement_kpi_names, text_of(record, "kpi"));
  const char *category = text_of(record, "kpi_category");
  double before = 0, after = 0;
  int64_t nb = 0, na = 0;
  int hb = 0, ha = 0;
  if (measure(db, kpi, category, text_of(record, "before_from"), text_of(record, "before_to"), &before, &nb, &hb,
              err) ||
      measure(db, kpi, category, text_of(record, "after_from"), text_of(record, "after_to"), &after, &na, &ha, err))
    return -1;
  static const char *const units[KPI_COUNT] = {"complaints", "percent", "minor", "percent"};
  int both = hb && ha;
  *out = json_pack("{s:s, s:s?, s:s, s:b, s:o, s:o, s:o, s:o}", "kpi", improvement_kpi_names[kpi], "category",
                   category, "unit", units[kpi], "lower_is_better", improvement_kpi_lower_is_better(kpi), "before",
                   period_json(text_of(record, "before_from"), text_of(record, "before_to"), before, nb, hb), "after",
                   period_json(text_of(record, "after_from"), text_of(record, "after_to"), after, na, ha), "change",
                   both ? json_real(round(10.0 * (after - before)) / 10.0) : json_null(), "improved",
                   both ? json_boolean(improvement_kpi_improved(kpi, before, after)) : json_null());
  return 0;
}

/* --- POST /improvements/{id}/stage ------------------------------------------------------------------------ */

static Improvement core_view(const Request *req, const json_t *record) {
  const char *after_to = text_of(record, "after_to");
  int has_kpi = text_of(record, "kpi") && text_of(record, "before_from") && text_of(record, "before_to") &&
                text_of(record, "after_from") && after_to;
  char today[TIME_DATE_SIZE];
  time_date_text(time_day_of(req->now), today);
  return (Improvement){.stage = stage_of(record), .plan = text_of(record, "plan"), .done = text_of(record, "done"),
                       .act_note = text_of(record, "act_note"), .has_kpi = has_kpi,
                       .after_ended = after_to && strcmp(after_to, today) < 0};
}

/* The refusal of a move: 409 with the stages possible from here and what is missing. */
static int refuse(const json_t *record, ImprovementVerdict verdict, unsigned missing, Error *err) {
  ImprovementStage next[IMPROVEMENT_STAGE_COUNT];
  size_t n = improvement_next_stages(stage_of(record), next);
  json_t *allowed = json_array(), *names = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(allowed, json_string(improvement_stage_names[next[i]]));
  for (unsigned b = 0; b < IMPROVEMENT_MISSING_COUNT; b++)
    if (missing & (1u << b)) json_array_append_new(names, json_string(improvement_missing_name(1u << b)));
  if (verdict == IMPROVEMENT_MOVE_NOT_NEXT)
    error_set(err, 409, "Not the next stage", "an initiative at %s cannot move there", text_of(record, "stage"));
  else
    error_set(err, 409, "Stage incomplete", "record %s first", json_string_value(json_array_get(names, 0)));
  error_extend(err, "allowed", allowed);
  error_extend(err, "missing", names);
  return -1;
}

int improvements_move(Request *req, Response *res, Error *err) {
  static const FieldSpec fields[] = {
      {"stage", FIELD_ENUM, FIELD_REQUIRED, 0, 0, improvement_stage_names, NULL},
      {"act_note", FIELD_TEXT, 0, 1, 4000, NULL, NULL},
      {NULL, 0, 0, 0, 0, NULL, NULL},
  };
  json_t *input = NULL, *before = NULL, *after = NULL, *merged = NULL, *result = NULL;
  int rc = api_read_body(req, &input, err);
  if (!rc) rc = api_validate(req->db, input, fields, NULL, 0, err);
  if (!rc) rc = resource_load(&improvement_resource, req, req->id, &before, err);
  if (!rc) {
    merged = json_deep_copy(before);
    if (json_object_get(input, "act_note")) json_object_set(merged, "act_note", json_object_get(input, "act_note"));
    ImprovementStage to =
        (ImprovementStage)improvement_name_parse(improvement_stage_names, text_of(input, "stage"));
    Improvement view = core_view(req, merged);
    unsigned missing = 0;
    ImprovementVerdict verdict = improvement_move_check(&view, to, &missing);
    if (verdict != IMPROVEMENT_MOVE_ALLOWED) rc = refuse(before, verdict, missing, err);
    if (!rc && to == IMPROVEMENT_CHECK) rc = improvement_measure_check(req->db, merged, &result, err);
    if (!rc) {
      json_object_set_new(merged, "stage", json_string(improvement_stage_names[to]));
      if (result) {
        json_object_set_new(merged, "check_result", result);
        json_object_set_new(merged, "checked_at", json_string(req->now));
      }
      if (improvement_is_closed(to)) json_object_set_new(merged, "decided_at", json_string(req->now));
    }
  }
  if (!rc)
    rc = store_record_update(req->db, &store_improvements, req->id,
                             json_integer_value(json_object_get(before, "version")), merged, req->now, err);
  if (!rc) rc = resource_load(&improvement_resource, req, req->id, &after, err);
  if (!rc) rc = resource_audit(req, "improvement", req->id, "stage", before, after, err);
  json_decref(input);
  json_decref(before);
  json_decref(merged);
  if (rc) {
    json_decref(after);
    return -1;
  }
  res->etag_version = json_integer_value(json_object_get(after, "version"));
  api_send_json(res, 200, after);
  return 0;
}
