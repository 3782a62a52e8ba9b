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
#include "util/timeutil.h"
#include <stdio.h>

#define MAX_PLAN_ITEMS 20

static int64_t ival(const json_t *o, const char *name) { return json_integer_value(json_object_get(o, name)); }
static const char *sval(const json_t *o, const char *name) { return json_string_value(json_object_get(o, name)); }

static const char *const case_kinds[] = {"capability", "conduct", NULL};
static const char *const case_read_only[] = {"id",         "person_name", "manager_id", "stage",   "stages",
                                             "next",       "created_at",  "updated_at", "version", NULL};
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
  json_t *before = NULL;
  if (req->id) { /* a change: whom it is about and its type stay */
    if (store_record_get(req->db, &store_perf_cases, req->id, &before, err)) return -1;
    int same = ival(before, "person_id") == ival(record, "person_id") &&
               strcmp(sval(before, "kind"), sval(record, "kind")) == 0;
    if (!same) {
      json_decref(before);
      return error_field(err, "kind", "a case keeps its person and its type; open another case instead");
    }
  }
  int rc = 0;
  if (ival(record, "person_id") == req->user.id)
    rc = error_set(err, 403, "Forbidden", "a case about oneself is not opened by oneself");
  else if (perf_may_manage(req, "person_id", ival(record, "person_id"), err) ||
           (perf_check_evidence(req, ival(record, "person_id"), json_object_get(record, "evidence"),
                                json_object_get(before, "evidence"), err) &&
            !error_has_fields(err)))
    rc = -1;
  json_decref(before);
  if (rc) return -1;
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

/* next: each stage that may follow, with what it still needs (the core's rules, in its words). */
static int case_decorate(Request *req, json_t *record, Error *err) {
  (void)req;
  (void)err;
  PerfCaseFacts f = facts_of(record);
  PerfStage stages[PERF_STAGE_COUNT];
  int n = perf_case_next_stages(&f, stages);
  json_t *next = json_array();
  for (int i = 0; i < n; i++) {
    const char *needs[PERF_NEEDS_MAX];
    int k = perf_case_needs(&f, stages[i], needs);
    json_t *list = json_array();
    for (int j = 0; j < k; j++) json_array_append_new(list, json_string(needs[j]));
    json_array_append_new(next, json_pack("{s:s, s:o}", "stage", perf_stage_name(stages[i]), "needs", list));
  }
  json_object_set_new(record, "next", next);
  return 0;
}

static const ResourceDef case_resource = {
    .table = &store_perf_cases,
    .path = "/api/v1/performance-cases",
    .fields = case_fields,
    .read_only = case_read_only,
    .defaults = case_defaults,
    .check = case_check,
    .derive = case_derive,
    .decorate = case_decorate,
};

int perf_cases_create(Request *req, Response *res, Error *err) { return resource_create(&case_resource, req, res, err); }

/* The case exists and its person's records are the caller's to see. */
static int case_visible(Request *req, json_t **out, Error *err) {
  return perf_record_visible(req, &store_perf_cases, "person_id", out, err);
}

int perf_cases_get(Request *req, Response *res, Error *err) {
  return perf_resource_visible(&case_resource, req, res, resource_get, err);
}

int perf_cases_patch(Request *req, Response *res, Error *err) {
  return perf_resource_visible(&case_resource, req, res, resource_patch, err);
}

int perf_cases_list(Request *req, Response *res, Error *err) {
  json_t *rows = NULL;
  if (perf_person_rows(req, store_perf_cases_list, &rows, err)) return -1;
  api_send_json(res, 200, json_pack("{s:o}", "items", rows));
  return 0;
}

/* --- stages ----------------------------------------------------------------------------------------- */
static const char *const stage_names[] = {"informal_discussion", "formal_meeting", "improvement_plan", "review",
                                          "outcome", "appeal", NULL};
static const char *const outcome_names[] = {"improved_closed", "extended", "first_written_warning",
                                            "final_written_warning", "redeployment", "dismissal", NULL};
static const char *const appeal_results[] = {"upheld", "overturned", "varied", NULL};
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
    {"support", FIELD_TEXTS, 0, 0, MAX_PLAN_ITEMS, NULL, NULL},
    {"objective_ids", FIELD_JSON, 0, 0, 0, NULL, NULL},
    {"milestones", FIELD_JSON, 0, 0, 0, NULL, NULL},
    {"review_dates", FIELD_JSON, 0, 0, 0, NULL, NULL},
    {"outcome", FIELD_ENUM, 0, 0, 0, outcome_names, NULL},
    {"serious_impact_reason", FIELD_TEXT, 0, 1, 2000, NULL, NULL},
    {"exceptional_reason", FIELD_TEXT, 0, 1, 2000, NULL, NULL},
    {"appeal_result", FIELD_ENUM, 0, 0, 0, appeal_results, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

/* A date of the plan inside its period: after the plan starts (on), by its end. */
static void plan_date(const char *field, const char *date, const json_t *stage, Error *err) {
  const char *on = sval(stage, "on"), *ends = sval(stage, "plan_ends_on");
  if (!date || time_check_date(date))
    error_field(err, field, "must be a date YYYY-MM-DD");
  else if (strcmp(date, on) < 0 || (ends && strcmp(date, ends) > 0))
    error_field(err, field, "must fall within the improvement period, %s to %s", on, ends ? ends : "its end");
}

/* The improvement plan's (or an extension's) period, SMART objectives of
 * the person, milestones with dates and review dates, all within it. */
static int check_plan(Request *req, int64_t person, const json_t *stage, Error *err) {
  const char *on = sval(stage, "on"), *ends = sval(stage, "plan_ends_on");
  if (ends && strcmp(ends, on) <= 0) error_field(err, "plan_ends_on", "must be after the plan starts (%s)", on);
  const json_t *objectives = json_object_get(stage, "objective_ids"), *milestones = json_object_get(stage, "milestones"),
               *reviews = json_object_get(stage, "review_dates");
  char at[48];
  size_t i;
  json_t *v;
  if (objectives && (!json_is_array(objectives) || json_array_size(objectives) > MAX_PLAN_ITEMS))
    error_field(err, "objective_ids", "must be a list of at most %d objective ids", MAX_PLAN_ITEMS);
  json_array_foreach(objectives, i, v) {
    json_t *o = NULL;
    snprintf(at, sizeof at, "objective_ids[%zu]", i);
    if (json_is_integer(v) && store_record_get(req->db, &store_perf_objectives, json_integer_value(v), &o, err))
      return -1;
    if (!o || strcmp(sval(o, "level"), "personal") != 0 || ival(o, "owner_id") != person)
      error_field(err, at, "is not one of this person's own objectives");
    json_decref(o);
  }
  if (milestones && (!json_is_array(milestones) || json_array_size(milestones) > MAX_PLAN_ITEMS))
    error_field(err, "milestones", "must be a list of at most %d milestones {title, due_on}", MAX_PLAN_ITEMS);
  json_array_foreach(milestones, i, v) {
    snprintf(at, sizeof at, "milestones[%zu]", i);
    const char *title = sval(v, "title");
    if (!title || !*title || strlen(title) > 500) error_field(err, at, "needs a title of 1-500 characters");
    else plan_date(at, sval(v, "due_on"), stage, err);
  }
  if (reviews && (!json_is_array(reviews) || json_array_size(reviews) > MAX_PLAN_ITEMS))
    error_field(err, "review_dates", "must be a list of at most %d dates", MAX_PLAN_ITEMS);
  json_array_foreach(reviews, i, v) {
    snprintf(at, sizeof at, "review_dates[%zu]", i);
    plan_date(at, json_string_value(v), stage, err);
  }
  return error_has_fields(err) ? -1 : 0;
}

/* The step the core judges, from the stage asked for. */
static PerfStep step_of(const json_t *input) {
  PerfStep step = {.on = sval(input, "on"),
                   .skip_informal_reason = has_text(input, "skip_informal_reason"),
                   .notice_on = sval(input, "notice_on"),
                   .companion_offered = json_is_true(json_object_get(input, "companion_offered")),
                   .serious_impact_reason = has_text(input, "serious_impact_reason"),
                   .exceptional_reason = has_text(input, "exceptional_reason"),
                   .plan_ends_on = has_text(input, "plan_ends_on"),
                   .appeal_result = has_text(input, "appeal_result")};
  perf_stage_parse(sval(input, "stage"), &step.to);
  if (has_text(input, "outcome")) perf_outcome_parse(sval(input, "outcome"), &step.outcome);
  return step;
}

int perf_cases_add_stage(Request *req, Response *res, Error *err) {
  json_t *c = NULL, *input = NULL, *after = NULL;
  int rc = case_visible(req, &c, err) || perf_may_manage(req, "person_id", ival(c, "person_id"), err) ||
           api_read_body(req, &input, err) || api_validate(req->db, input, stage_fields, NULL, 0, err) ||
           check_plan(req, ival(c, "person_id"), input, err);
  if (!rc) {
    PerfCaseFacts f = facts_of(c);
    PerfStep step = step_of(input);
    const char *why = perf_case_refusal(&f, &step);
    if (why) {
      error_set(err, 422, "Stage refused", "%s", why);
      rc = error_field(err, perf_case_refusal_field(why), "%s", why);
    }
  }
  if (!rc) {
    after = json_deep_copy(c);
    json_object_set_new(input, "recorded_by_id", json_integer(req->user.id));
    json_object_set_new(input, "recorded_at", json_string(req->now));
    json_array_append(json_object_get(after, "stages"), input);
    json_object_set_new(after, "stage", json_string(sval(input, "stage")));
    rc = store_record_update(req->db, &store_perf_cases, req->id, ival(c, "version"), after, req->now, err) ||
         resource_audit(req, store_perf_cases.entity, req->id, "stage", c, after, err) ||
         perf_letter_draft(req, after, json_array_size(json_object_get(after, "stages")) - 1, err);
  }
  json_decref(input);
  json_decref(after);
  json_decref(c);
  return rc ? -1 : resource_get(&case_resource, req, res, err);
}
