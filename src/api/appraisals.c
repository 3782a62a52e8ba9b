/* Appraisal cycles and appraisals (docs/PERFORMANCE-MANAGEMENT.md): a cycle
 * names a review period and the weights of objectives, KPIs, feedback and
 * self-assessment in the overall rating; an appraisal of a person in a
 * cycle holds their line manager's ratings of the components, the person's
 * own self-assessment, and the overall rating the core computes from them
 * (appraisal_overall: a component not rated is left out, not averaged in as
 * zero). Seen by the person, their line managers and HR; rated by the line
 * and HR; self-assessed by the person alone; unchangeable once completed. */
#include <math.h>
#include <string.h>

#include "api/performance.h"
#include "core/performance.h"

static int64_t ival(const json_t *o, const char *name) { return json_integer_value(json_object_get(o, name)); }
static const char *sval(const json_t *o, const char *name) { return json_string_value(json_object_get(o, name)); }

/* --- cycles ---------------------------------------------------------------------------------------- */
static const char *const cycle_statuses[] = {"open", "closed", NULL};
static const char *const weight_names[APPRAISAL_COMPONENT_COUNT] = {"weight_objectives", "weight_kpis",
                                                                    "weight_feedback", "weight_self"};
static const char *const cycle_read_only[] = {"id", "created_at", "updated_at", "version", NULL};
static const FieldSpec cycle_fields[] = {
    {"name", FIELD_TEXT, FIELD_REQUIRED, 1, 200, NULL, NULL},
    {"period_from", FIELD_DATE, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {"period_to", FIELD_DATE, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {"weight_objectives", FIELD_INT, FIELD_REQUIRED, 0, 100, NULL, NULL},
    {"weight_kpis", FIELD_INT, FIELD_REQUIRED, 0, 100, NULL, NULL},
    {"weight_feedback", FIELD_INT, FIELD_REQUIRED, 0, 100, NULL, NULL},
    {"weight_self", FIELD_INT, FIELD_REQUIRED, 0, 100, NULL, NULL},
    {"status", FIELD_ENUM, 0, 0, 0, cycle_statuses, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

static void cycle_defaults(Request *req, json_t *input) {
  (void)req;
  if (!json_object_get(input, "status")) json_object_set_new(input, "status", json_string("open"));
}

static int cycle_check(Request *req, const json_t *record, Error *err) {
  (void)req;
  if (strcmp(sval(record, "period_to"), sval(record, "period_from")) < 0)
    error_field(err, "period_to", "the review period cannot end before it starts (period_from)");
  int64_t sum = 0;
  for (int c = 0; c < APPRAISAL_COMPONENT_COUNT; c++) sum += ival(record, weight_names[c]);
  if (!sum) error_field(err, "weight_objectives", "at least one component needs a weight above zero");
  return error_has_fields(err) ? -1 : 0;
}

static const ResourceDef cycle_resource = {
    .table = &store_perf_cycles,
    .path = "/api/v1/appraisal-cycles",
    .fields = cycle_fields,
    .read_only = cycle_read_only,
    .defaults = cycle_defaults,
    .check = cycle_check,
};

int cycles_create(Request *req, Response *res, Error *err) { return resource_create(&cycle_resource, req, res, err); }
int cycles_get(Request *req, Response *res, Error *err) { return resource_get(&cycle_resource, req, res, err); }
int cycles_patch(Request *req, Response *res, Error *err) { return resource_patch(&cycle_resource, req, res, err); }

int cycles_list(Request *req, Response *res, Error *err) {
  json_t *rows = NULL;
  if (store_perf_cycles_list(req->db, &rows, err)) return -1;
  api_send_json(res, 200, json_pack("{s:o}", "items", rows));
  return 0;
}

/* --- appraisals -------------------------------------------------------------------------------------- */
static const char *const appraisal_statuses[] = {"open", "completed", NULL};
static const char *const score_names[APPRAISAL_COMPONENT_COUNT] = {"objectives_score", "kpis_score",
                                                                   "feedback_score", "self_score"};
static const char *const appraisal_read_only[] = {"id",         "cycle_name", "person_name", "manager_id",
                                                  "manager_name", "completed_at", "components", "overall",
                                                  "created_at", "updated_at", "version",     NULL};
static const FieldSpec appraisal_fields[] = {
    {"cycle_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_perf_cycles},
    {"person_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_users},
    {"objectives_score", FIELD_INT, 0, 0, 100, NULL, NULL},
    {"kpis_score", FIELD_INT, 0, 0, 100, NULL, NULL},
    {"feedback_score", FIELD_INT, 0, 0, 100, NULL, NULL},
    {"self_score", FIELD_INT, 0, 0, 100, NULL, NULL},
    {"self_assessment", FIELD_TEXT, 0, 1, 8000, NULL, NULL},
    {"manager_comment", FIELD_TEXT, 0, 1, 8000, NULL, NULL},
    {"status", FIELD_ENUM, 0, 0, 0, appraisal_statuses, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};
/* What only the person writes, and what only their line and HR write. */
static const char *const self_fields[] = {"self_score", "self_assessment", NULL};
static const char *const manager_fields[] = {"cycle_id",       "person_id",       "objectives_score", "kpis_score",
                                             "feedback_score", "manager_comment", "status",           NULL};

static void appraisal_defaults(Request *req, json_t *input) {
  (void)req;
  if (!json_object_get(input, "status")) json_object_set_new(input, "status", json_string("open"));
}

/* The components with the cycle's weights and the overall rating; 0 with
 * *rated 0 when no component with a weight is rated yet. */
static int rate(Request *req, const json_t *record, json_t **components, double *overall, int *rated, Error *err) {
  json_t *cycle = NULL;
  if (store_record_get(req->db, &store_perf_cycles, ival(record, "cycle_id"), &cycle, err)) return -1;
  AppraisalPart parts[APPRAISAL_COMPONENT_COUNT];
  double weights[APPRAISAL_COMPONENT_COUNT];
  *components = json_array();
  for (int c = 0; c < APPRAISAL_COMPONENT_COUNT; c++) {
    json_t *score = json_object_get(record, score_names[c]);
    parts[c] = (AppraisalPart){.used = json_is_integer(score), .score = (double)json_integer_value(score)};
    weights[c] = (double)ival(cycle, weight_names[c]);
    json_array_append_new(*components,
                          json_pack("{s:s, s:I, s:O, s:b}", "component", appraisal_component_name((AppraisalComponent)c),
                                    "weight", (json_int_t)weights[c], "score", score ? score : json_null(), "used",
                                    parts[c].used && weights[c] > 0));
  }
  json_decref(cycle);
  *rated = appraisal_overall(parts, weights, overall) == 0;
  return 0;
}

static int appraisal_check(Request *req, const json_t *record, Error *err) {
  int64_t person = ival(record, "person_id");
  json_t *before = NULL, *cycle = NULL;
  if (req->id && store_record_get(req->db, &store_perf_appraisals, req->id, &before, err)) return -1;
  int rc = 0;
  static const char *const identity[] = {"cycle_id", "person_id", NULL};
  if (before && strcmp(sval(before, "status"), "completed") == 0)
    rc = error_set(err, 409, "Completed", "a completed appraisal is not changed");
  else if (before && !perf_fields_unchanged(before, record, identity))
    rc = error_field(err, "person_id", "an appraisal keeps its person and its cycle; open another instead");
  else if (person == req->user.id) {
    if (!before || !perf_fields_unchanged(before, record, manager_fields))
      rc = error_set(err, 403, "Forbidden", "you write your own self-assessment; your line manager rates the rest");
  } else if (perf_may_manage(req, "person_id", person, err)) {
    rc = -1;
  } else if (!perf_fields_unchanged(before, record, self_fields)) {
    rc = error_field(err, "self_assessment", "is the person's own: only they write their self-assessment and score");
  }
  if (!rc && !before) {
    int64_t existing = 0;
    rc = store_record_get(req->db, &store_perf_cycles, ival(record, "cycle_id"), &cycle, err) ||
                 store_perf_appraisal_in_cycle(req->db, ival(record, "cycle_id"), person, &existing, err)
             ? -1
             : 0;
    if (!rc && strcmp(sval(cycle, "status"), "open") != 0)
      rc = error_field(err, "cycle_id", "the cycle is closed: no new appraisals in it");
    else if (!rc && existing)
      rc = error_field(err, "person_id", "already has appraisal %lld in this cycle", (long long)existing);
  }
  if (!rc && strcmp(sval(record, "status"), "completed") == 0) {
    json_t *components = NULL;
    double overall = 0;
    int rated = 0;
    rc = rate(req, record, &components, &overall, &rated, err);
    json_decref(components);
    if (!rc && !rated) rc = error_field(err, "status", "an appraisal is completed with at least one weighted component rated");
  }
  json_decref(before);
  json_decref(cycle);
  return rc;
}

static void appraisal_derive(Request *req, const json_t *before, json_t *record) {
  if (!before) json_object_set_new(record, "manager_id", json_integer(req->user.id));
  if (strcmp(sval(record, "status"), "completed") == 0) json_object_set_new(record, "completed_at", json_string(req->now));
}

static int appraisal_decorate(Request *req, json_t *record, Error *err) {
  json_t *components = NULL;
  double overall = 0;
  int rated = 0;
  if (rate(req, record, &components, &overall, &rated, err)) return -1;
  json_object_set_new(record, "components", components);
  json_object_set_new(record, "overall", rated ? json_real(round(overall * 100) / 100) : json_null());
  return 0;
}

static const ResourceDef appraisal_resource = {
    .table = &store_perf_appraisals,
    .path = "/api/v1/appraisals",
    .fields = appraisal_fields,
    .read_only = appraisal_read_only,
    .defaults = appraisal_defaults,
    .check = appraisal_check,
    .derive = appraisal_derive,
    .decorate = appraisal_decorate,
};

int appraisals_create(Request *req, Response *res, Error *err) {
  return resource_create(&appraisal_resource, req, res, err);
}

int appraisals_get(Request *req, Response *res, Error *err) {
  return perf_resource_visible(&appraisal_resource, req, res, resource_get, err);
}

int appraisals_patch(Request *req, Response *res, Error *err) {
  return perf_resource_visible(&appraisal_resource, req, res, resource_patch, err);
}

int appraisals_list(Request *req, Response *res, Error *err) {
  json_t *rows = NULL;
  if (perf_person_rows(req, store_perf_appraisals_list, &rows, err)) return -1;
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) if (appraisal_decorate(req, row, err)) {
    json_decref(rows);
    return -1;
  }
  api_send_json(res, 200, json_pack("{s:o}", "items", rows));
  return 0;
}
