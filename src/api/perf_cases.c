/* Underperformance cases (docs/PERFORMANCE-MANAGEMENT.md): a capability or
 * conduct case about one person, opened by their line manager or HR, with
 * its objective evidence and the causes considered, taken through the
 * stages of the procedure one recorded stage at a time. The core
 * (src/core/perf_case.c) says whether a stage may follow and, when not,
 * why; a refused stage changes nothing. Seen by the person, their line
 * managers and HR. */
#include <string.h>

#include "api/performance.h"
#include "core/perf_case.h"

#define MAX_EVIDENCE 50

static int64_t ival(const json_t *o, const char *name) { return json_integer_value(json_object_get(o, name)); }
static const char *sval(const json_t *o, const char *name) { return json_string_value(json_object_get(o, name)); }

static const char *const case_kinds[] = {"capability", "conduct", NULL};
static const char *const case_read_only[] = {"id",     "person_name", "manager_id", "stage",  "stages",
                                             "created_at", "updated_at", "version", NULL};
static const FieldSpec case_fields[] = {
    {"person_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_users},
    {"kind", FIELD_ENUM, FIELD_REQUIRED, 0, 0, case_kinds, NULL},
    {"concern", FIELD_TEXT, FIELD_REQUIRED, 1, 4000, NULL, NULL},
    {"evidence", FIELD_JSON, 0, 0, 0, NULL, NULL},
    {"causes", FIELD_JSON, 0, 0, 0, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

static void case_defaults(Request *req, json_t *input) {
  (void)req;
  if (!json_object_get(input, "evidence")) json_object_set_new(input, "evidence", json_array());
}

/* Each piece of evidence is objective: its kind and what it shows. */
static void check_evidence(const json_t *evidence, Error *err) {
  static const char *const kinds[] = {"kpi", "qa_review", "customer_feedback", "complaint", "observation", NULL};
  if (!json_is_array(evidence) || json_array_size(evidence) > MAX_EVIDENCE) {
    error_field(err, "evidence", "must be a list of at most %d pieces of evidence", MAX_EVIDENCE);
    return;
  }
  size_t i;
  json_t *e;
  json_array_foreach(evidence, i, e) {
    const char *kind = sval(e, "kind"), *note = sval(e, "note");
    int known = 0;
    for (int k = 0; kinds[k] && kind; k++) known |= strcmp(kind, kinds[k]) == 0;
    if (!known || !note || !*note)
      error_field(err, "evidence", "item %zu needs a kind (kpi, qa_review, customer_feedback, complaint, "
                                   "observation) and a note of what it shows", i);
  }
}

/* The causes considered: each of the five, in words ("none found" is an answer). */
static void check_causes(const json_t *causes, Error *err) {
  static const char *const names[] = {"training", "resources", "workload", "personal_circumstances", "health", NULL};
  if (!causes || json_is_null(causes)) return;
  for (int c = 0; names[c]; c++) {
    const char *text = sval(causes, names[c]);
    if (!json_is_object(causes) || !text || !*text)
      error_field(err, "causes", "must say what was found for each of training, resources, workload, "
                                 "personal_circumstances and health (missing: %s)", names[c]);
  }
}

static int case_check(Request *req, const json_t *record, Error *err) {
  if (req->id) { /* a change: whom it is about and its type stay */
    json_t *before = NULL;
    if (store_record_get(req->db, &store_perf_cases, req->id, &before, err)) return -1;
    int same = ival(before, "person_id") == ival(record, "person_id") &&
               strcmp(sval(before, "kind"), sval(record, "kind")) == 0;
    json_decref(before);
    if (!same) return error_field(err, "kind", "a case keeps its person and its type; open another case instead");
  }
  if (ival(record, "person_id") == req->user.id)
    return error_set(err, 403, "Forbidden", "a case about oneself is not opened by oneself");
  if (perf_may_manage(req, "person_id", ival(record, "person_id"), err)) return -1;
  check_evidence(json_object_get(record, "evidence"), err);
  check_causes(json_object_get(record, "causes"), err);
  return error_has_fields(err) ? -1 : 0;
}

/* A new case is opened by the caller, at no stage yet. */
static void case_derive(Request *req, const json_t *before, json_t *record) {
  if (before) return;
  json_object_set_new(record, "manager_id", json_integer(req->user.id));
  json_object_set_new(record, "stage", json_string("opened"));
  json_object_set_new(record, "stages", json_array());
}

static const ResourceDef case_resource = {
    .table = &store_perf_cases,
    .path = "/api/v1/performance-cases",
    .fields = case_fields,
    .read_only = case_read_only,
    .defaults = case_defaults,
    .check = case_check,
    .derive = case_derive,
};

int perf_cases_create(Request *req, Response *res, Error *err) { return resource_create(&case_resource, req, res, err); }

/* The case exists and its person's records are the caller's to see. */
static int case_visible(Request *req, json_t **out, Error *err) {
  if (store_record_get(req->db, &store_perf_cases, req->id, out, err)) return -1;
  if (!*out) return error_set(err, 404, "Not found", "performance case %lld does not exist", (long long)req->id);
  return perf_may_see(req, ival(*out, "person_id"), err);
}

int perf_cases_get(Request *req, Response *res, Error *err) {
  json_t *c = NULL;
  int rc = case_visible(req, &c, err);
  json_decref(c);
  return rc ? -1 : resource_get(&case_resource, req, res, err);
}

int perf_cases_patch(Request *req, Response *res, Error *err) {
  json_t *c = NULL;
  int rc = case_visible(req, &c, err);
  json_decref(c);
  return rc ? -1 : resource_patch(&case_resource, req, res, err);
}

int perf_cases_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"person_id", NULL};
  Query q = {0};
  int64_t person = 0;
  json_t *rows = NULL;
  int rc = api_query_parse(req, allowed, &q, err) || api_query_id(&q, "person_id", &person, err) ? -1 : 0;
  if (!rc && !person) rc = error_field(err, "person_id", "is required: whose cases to list");
  if (!rc) rc = perf_may_see(req, person, err) || store_perf_cases_list(req->db, person, &rows, err) ? -1 : 0;
  if (!rc) api_send_json(res, 200, json_pack("{s:o}", "items", rows));
  api_query_free(&q);
  return rc;
}

/* --- stages ----------------------------------------------------------------------------------------- */
static const char *const stage_names[] = {"informal_discussion", "formal_meeting", "improvement_plan", "review",
                                          "outcome", "appeal", NULL};
static const char *const outcome_names[] = {"improved_closed", "extended", "first_written_warning",
                                            "final_written_warning", "redeployment", "dismissal", NULL};
static const FieldSpec stage_fields[] = {
    {"stage", FIELD_ENUM, FIELD_REQUIRED, 0, 0, stage_names, NULL},
    {"on", FIELD_DATE, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {"notes", FIELD_TEXT, 0, 1, 8000, NULL, NULL},
    {"skip_informal_reason", FIELD_TEXT, 0, 1, 2000, NULL, NULL},
    {"notice_on", FIELD_DATE, 0, 0, 0, NULL, NULL},
    {"companion_offered", FIELD_BOOL, 0, 0, 0, NULL, NULL},
    {"companion", FIELD_TEXT, 0, 1, 200, NULL, NULL},
    {"response", FIELD_TEXT, 0, 1, 8000, NULL, NULL},
    {"plan_ends_on", FIELD_DATE, 0, 0, 0, NULL, NULL},
    {"support", FIELD_TEXTS, 0, 0, 20, NULL, NULL},
    {"outcome", FIELD_ENUM, 0, 0, 0, outcome_names, NULL},
    {"serious_impact_reason", FIELD_TEXT, 0, 1, 2000, NULL, NULL},
    {"exceptional_reason", FIELD_TEXT, 0, 1, 2000, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

static int has_text(const json_t *o, const char *name) {
  const char *t = sval(o, name);
  return t && *t;
}

/* What the case holds, from its record and the stages recorded so far. */
static PerfCaseFacts facts_of(const json_t *c) {
  PerfCaseFacts f = {.conduct = strcmp(sval(c, "kind"), "conduct") == 0,
                     .evidence = (int)json_array_size(json_object_get(c, "evidence")),
                     .causes_considered = json_is_object(json_object_get(c, "causes"))};
  perf_stage_parse(sval(c, "stage"), &f.stage);
  size_t i;
  json_t *s;
  json_array_foreach(json_object_get(c, "stages"), i, s) {
    const char *name = sval(s, "stage"), *outcome = sval(s, "outcome");
    f.stage_on = sval(s, "on");
    f.informal_held |= strcmp(name, "informal_discussion") == 0 || has_text(s, "skip_informal_reason");
    if (strcmp(name, "improvement_plan") == 0) f.plan_ends_on = sval(s, "plan_ends_on");
    f.first_warning_given |= outcome && strcmp(outcome, "first_written_warning") == 0;
  }
  return f;
}

int perf_cases_add_stage(Request *req, Response *res, Error *err) {
  json_t *c = NULL, *input = NULL, *after = NULL;
  int rc = case_visible(req, &c, err) || perf_may_manage(req, "person_id", ival(c, "person_id"), err) ||
           api_read_body(req, &input, err) || api_validate(req->db, input, stage_fields, NULL, 0, err);
  if (!rc && !strcmp(sval(input, "stage"), "improvement_plan") && !has_text(input, "plan_ends_on"))
    rc = error_field(err, "plan_ends_on", "an improvement plan needs the end of its improvement period");
  PerfCaseFacts f = {0};
  PerfStep step = {0};
  if (!rc) {
    f = facts_of(c);
    perf_stage_parse(sval(input, "stage"), &step.to);
    step.on = sval(input, "on");
    step.skip_informal_reason = has_text(input, "skip_informal_reason");
    step.notice_on = sval(input, "notice_on");
    step.companion_offered = json_is_true(json_object_get(input, "companion_offered"));
    if (has_text(input, "outcome")) perf_outcome_parse(sval(input, "outcome"), &step.outcome);
    step.serious_impact_reason = has_text(input, "serious_impact_reason");
    step.exceptional_reason = has_text(input, "exceptional_reason");
    const char *why = perf_case_refusal(&f, &step);
    if (why) {
      error_set(err, 422, "Stage refused", "%s", why);
      rc = error_field(err, "stage", "%s", why);
    }
  }
  if (!rc) {
    after = json_deep_copy(c);
    json_object_set_new(input, "recorded_by_id", json_integer(req->user.id));
    json_object_set_new(input, "recorded_at", json_string(req->now));
    json_array_append(json_object_get(after, "stages"), input);
    json_object_set_new(after, "stage", json_string(sval(input, "stage")));
    rc = store_record_update(req->db, &store_perf_cases, req->id, ival(c, "version"), after, req->now, err) ||
         resource_audit(req, store_perf_cases.entity, req->id, "stage", c, after, err);
  }
  json_decref(input);
  json_decref(after);
  json_decref(c);
  return rc ? -1 : resource_get(&case_resource, req, res, err);
}
