/* Setting up quality checks (docs/QUALITY.md): QA scorecards — criteria in
 * optional sections, each with a rating scale, a weight and a critical flag
 * — and the sampling rules that draw each week's spot checks of a team's
 * people at random but reproducibly (src/core/qa_sampling.c). */
#include <stdio.h>
#include <string.h>

#include "api/quality.h"
#include "core/qa_sampling.h"
#include "core/qa_scoring.h"

#define MAX_CRITERIA 100
#define MAX_WEIGHT 1000

/* --- scorecards --------------------------------------------------------------------------------- */
static const char *const scorecard_read_only[] = {"id", "created_at", "updated_at", "version", NULL};
static const FieldSpec scorecard_fields[] = {
    {"name", FIELD_TEXT, FIELD_REQUIRED, 1, 200, NULL, NULL},
    {"description", FIELD_TEXT, 0, 0, 4000, NULL, NULL},
    {"pass_mark", FIELD_INT, FIELD_REQUIRED, 0, 100, NULL, NULL},
    {"criteria", FIELD_JSON, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {"active", FIELD_BOOL, 0, 0, 0, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

static void scorecard_defaults(Request *req, json_t *input) {
  (void)req;
  if (!json_object_get(input, "active")) json_object_set_new(input, "active", json_true());
}

/* A criterion key: 1-50 of a-z, 0-9, '_' and '-'. */
static int key_ok(const char *key) {
  size_t n = strlen(key);
  if (n < 1 || n > 50) return 0;
  for (const char *p = key; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-')) return 0;
  return 1;
}

/* Checks criteria[i]; returns its weight (0 when unusable). */
static double check_criterion(const json_t *c, size_t i, const json_t *criteria, Error *err) {
  static const char *const known[] = {"key", "label", "section", "scale", "weight", "critical", "root_cause", NULL};
  char at[32];
  snprintf(at, sizeof at, "criteria[%zu]", i);
  Buffer f = BUFFER_INIT;
#define FIELD(name) (buffer_reset(&f), buffer_printf(&f, "%s.%s", at, name), buffer_cstr(&f))
  if (!json_is_object(c)) {
    error_field(err, at, "must be an object {key, label, section, scale, weight, critical, root_cause}");
    buffer_free(&f);
    return 0;
  }
  const char *name;
  json_t *v;
  json_object_foreach((json_t *)c, name, v) {
    int is_known = 0;
    for (const char *const *k = known; *k; k++) is_known |= strcmp(*k, name) == 0;
    if (!is_known) error_field(err, FIELD(name), "is not a known field");
  }
  const char *key = json_string_value(json_object_get(c, "key"));
  if (!key || !key_ok(key)) error_field(err, FIELD("key"), "must be 1-50 characters of a-z, 0-9, '_' and '-'");
  for (size_t j = 0; key && j < i; j++)
    if (json_equal(json_object_get(c, "key"), json_object_get(json_array_get(criteria, j), "key")))
      error_field(err, FIELD("key"), "is used by criteria[%zu] already", j);
  const json_t *label = json_object_get(c, "label"), *section = json_object_get(c, "section");
  if (!json_is_string(label) || json_string_length(label) < 1 || json_string_length(label) > 200)
    error_field(err, FIELD("label"), "must be a text of 1 to 200 characters");
  if (section && !json_is_null(section) && (!json_is_string(section) || json_string_length(section) > 100))
    error_field(err, FIELD("section"), "must be a text of at most 100 characters, or null");
  QaScale scale;
  const char *scale_name = json_string_value(json_object_get(c, "scale"));
  if (!scale_name || qa_scale_parse(scale_name, &scale))
    error_field(err, FIELD("scale"), "must be pass_fail, three_point, four_point or five_point");
  const json_t *weight = json_object_get(c, "weight");
  double w = json_number_value(weight);
  if (!json_is_number(weight)) error_field(err, FIELD("weight"), "is required: a number from 0 to %d", MAX_WEIGHT);
  else if (w < 0) error_field(err, FIELD("weight"), "must not be negative");
  else if (w > MAX_WEIGHT) error_field(err, FIELD("weight"), "must be at most %d", MAX_WEIGHT);
  const char *const flags[] = {"critical", "root_cause"};
  for (size_t k = 0; k < 2; k++) {
    const json_t *flag = json_object_get(c, flags[k]);
    if (flag && !json_is_boolean(flag)) error_field(err, FIELD(flags[k]), "must be true or false");
  }
#undef FIELD
  buffer_free(&f);
  return json_is_number(weight) && w > 0 && w <= MAX_WEIGHT ? w : 0;
}

/* 1-100 criteria with distinct keys, a known scale, a weight from 0 to
 * 1000 each and more than 0 together. */
static int scorecard_check(Request *req, const json_t *record, Error *err) {
  (void)req;
  const json_t *criteria = json_object_get(record, "criteria");
  size_t n = json_array_size(criteria);
  if (!json_is_array(criteria) || n < 1 || n > MAX_CRITERIA)
    return error_field(err, "criteria", "must be a list of 1 to %d criteria", MAX_CRITERIA);
  double total = 0;
  size_t i;
  json_t *c;
  json_array_foreach(criteria, i, c) total += check_criterion(c, i, criteria, err);
  if (!error_has_fields(err) && total <= 0)
    error_field(err, "criteria", "the weights add up to 0: at least one criterion must carry weight");
  return error_has_fields(err) ? -1 : 0;
}

void qa_scorecard_complete(json_t *record) {
  size_t i;
  json_t *c;
  json_array_foreach(json_object_get(record, "criteria"), i, c) {
    if (!json_object_get(c, "section")) json_object_set_new(c, "section", json_null());
    if (!json_object_get(c, "critical")) json_object_set_new(c, "critical", json_false());
    if (!json_object_get(c, "root_cause")) json_object_set_new(c, "root_cause", json_false());
  }
}

static void scorecard_derive(Request *req, const json_t *before, json_t *record) {
  (void)req;
  (void)before;
  qa_scorecard_complete(record);
}

static void present_active(json_t *record) {
  json_object_set_new(record, "active", json_boolean(json_integer_value(json_object_get(record, "active"))));
}

static int scorecard_decorate(Request *req, json_t *record, Error *err) {
  (void)req;
  (void)err;
  present_active(record);
  return 0;
}

const ResourceDef qa_scorecard_resource = {
    .table = &store_qa_scorecards,
    .path = "/api/v1/qa/scorecards",
    .fields = scorecard_fields,
    .read_only = scorecard_read_only,
    .defaults = scorecard_defaults,
    .check = scorecard_check,
    .derive = scorecard_derive,
    .decorate = scorecard_decorate,
};

int qa_scorecards_create(Request *req, Response *res, Error *err) {
  return resource_create(&qa_scorecard_resource, req, res, err);
}
int qa_scorecards_get(Request *req, Response *res, Error *err) {
  return resource_get(&qa_scorecard_resource, req, res, err);
}
int qa_scorecards_patch(Request *req, Response *res, Error *err) {
  return resource_patch(&qa_scorecard_resource, req, res, err);
}

static int query_scorecards(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  (void)q;
  if (store_qa_scorecards_list(req->db, after, limit, page, err)) return -1;
  size_t i;
  json_t *r;
  json_array_foreach(page->items, i, r) present_active(r);
  return 0;
}

int qa_scorecards_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {NULL};
  return api_list(req, res, allowed, query_scorecards, err);
}

/* --- sampling rules ------------------------------------------------------------------------------ */
static const char *const sources[] = {"cases", "interactions", "both", NULL};
static const char *const rule_read_only[] = {"id", "team_name", "reviewer_name", "created_at", "updated_at", "version",
                                             NULL};
static const FieldSpec rule_fields[] = {
    {"name", FIELD_TEXT, FIELD_REQUIRED, 1, 200, NULL, NULL},
    {"team_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_teams},
    {"scorecard_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_qa_scorecards},
    {"reviewer_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_users},
    {"per_week", FIELD_INT, FIELD_REQUIRED, 1, 20, NULL, NULL},
    {"source", FIELD_ENUM, 0, 0, 0, sources, NULL},
    {"seed", FIELD_INT, 0, 0, INT32_MAX, NULL, NULL},
    {"active", FIELD_BOOL, 0, 0, 0, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

static void rule_defaults(Request *req, json_t *input) {
  (void)req;
  if (!json_object_get(input, "source")) json_object_set_new(input, "source", json_string("both"));
  if (!json_object_get(input, "seed")) json_object_set_new(input, "seed", json_integer(1));
  if (!json_object_get(input, "active")) json_object_set_new(input, "active", json_true());
}

/* A team leader sets up sampling for their own team only; the reviewer must
 * be someone who may review. */
static int rule_check(Request *req, const json_t *record, Error *err) {
  int64_t team = json_integer_value(json_object_get(record, "team_id"));
  if (!qa_scope_covers(req, 0, team))
    return error_set(err, 403, "Forbidden", "team %lld is not your team: you may not sample its work", (long long)team);
  return qa_check_reviewer(req, "reviewer_id", json_integer_value(json_object_get(record, "reviewer_id")), 0, err);
}

static int rule_decorate(Request *req, json_t *record, Error *err) {
  (void)req;
  (void)err;
  present_active(record);
  return 0;
}

static const ResourceDef qa_sampling_rule_resource = {
    .table = &store_qa_sampling_rules,
    .path = "/api/v1/qa/sampling-rules",
    .fields = rule_fields,
    .read_only = rule_read_only,
    .defaults = rule_defaults,
    .check = rule_check,
    .decorate = rule_decorate,
};

int qa_sampling_rules_create(Request *req, Response *res, Error *err) {
  return resource_create(&qa_sampling_rule_resource, req, res, err);
}
int qa_sampling_rules_get(Request *req, Response *res, Error *err) {
  return resource_get(&qa_sampling_rule_resource, req, res, err);
}
int qa_sampling_rules_patch(Request *req, Response *res, Error *err) {
  return resource_patch(&qa_sampling_rule_resource, req, res, err);
}

static int query_rules(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  int64_t team = 0;
  if (api_query_id(q, "team_id", &team, err)) return -1;
  if (store_qa_sampling_rules_list(req->db, team, after, limit, page, err)) return -1;
  size_t i;
  json_t *r;
  json_array_foreach(page->items, i, r) present_active(r);
  return 0;
}

int qa_sampling_rules_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"team_id", NULL};
  return api_list(req, res, allowed, query_rules, err);
}

/* Draws one person's spot checks for the week starting monday into drawn. */
static int draw_person(Request *req, const json_t *rule, int64_t person, const char *monday, const char *from,
                       const char *to, json_t *drawn, Error *err) {
  json_t *candidates = NULL;
  size_t per_week = (size_t)json_integer_value(json_object_get(rule, "per_week"));
  if (store_qa_sample_candidates(req->db, person, from, to, json_string_value(json_object_get(rule, "source")),
                                 &candidates, err))
    return -1;
  size_t picked[20];
  uint64_t seed = qa_sample_seed((uint64_t)json_integer_value(json_object_get(rule, "seed")), person, monday);
  size_t n = qa_sample_pick(json_array_size(candidates), per_week, seed, picked);
  int rc = 0;
  for (size_t i = 0; i < n && !rc; i++) {
    const json_t *c = json_array_get(candidates, picked[i]);
    int is_case = strcmp(json_string_value(json_object_get(c, "kind")), "case") == 0;
    char key[40];
    snprintf(key, sizeof key, "%s:%lld", is_case ? "case" : "interaction",
             (long long)json_integer_value(json_object_get(c, "id")));
    json_t *review = json_pack("{s:O, s:s, s:O, s:O, s:s, s:I, s:O, s:O, s:s, s:s}", "scorecard_id",
                               json_object_get(rule, "scorecard_id"), "kind", "spot_check", "case_id",
                               is_case ? json_object_get(c, "id") : json_null(), "interaction_id",
                               is_case ? json_null() : json_object_get(c, "id"), "subject_key", key, "agent_id",
                               (json_int_t)person, "reviewer_id", json_object_get(rule, "reviewer_id"),
                               "sampling_rule_id", json_object_get(rule, "id"), "sample_week", monday, "status",
                               "queued");
    int64_t id = 0;
    rc = qa_review_insert(req, review, &id, err);
    json_decref(review);
    json_t *stored = NULL;
    if (!rc) rc = store_record_get(req->db, &store_qa_reviews, id, &stored, err);
    if (!rc) {
      qa_review_present(stored);
      json_array_append_new(drawn, stored);
    }
  }
  json_decref(candidates);
  return rc;
}

static const FieldSpec run_fields[] = {
    {"week_of", FIELD_DATE, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

int qa_sampling_rules_run(Request *req, Response *res, Error *err) {
  json_t *input = NULL, *rule = NULL, *people = NULL, *drawn = json_array();
  int rc = api_read_body(req, &input, err);
  if (!rc) rc = api_validate(req->db, input, run_fields, NULL, 0, err);
  if (!rc) rc = resource_load(&qa_sampling_rule_resource, req, req->id, &rule, err);
  if (!rc) rc = rule_check(req, rule, err);
  if (!rc && !json_is_true(json_object_get(rule, "active")))
    rc = error_set(err, 409, "Conflict", "sampling rule %lld is switched off", (long long)req->id);
  char monday[TIME_TEXT_SIZE], sunday_next[TIME_TEXT_SIZE], from[TIME_TEXT_SIZE];
  int64_t skipped = 0;
  if (!rc) {
    long long day = qa_week_monday(time_date_days(json_string_value(json_object_get(input, "week_of"))));
    time_format((time_t)(day * 86400), from);
    time_format((time_t)((day + 7) * 86400), sunday_next);
    snprintf(monday, sizeof monday, "%.10s", from);
    rc = store_qa_team_agents(req->db, json_integer_value(json_object_get(rule, "team_id")), &people, err);
  }
  size_t i;
  json_t *p;
  json_array_foreach(rc ? NULL : people, i, p) {
    int64_t person = json_integer_value(json_object_get(p, "id")), already = 0;
    if (person == json_integer_value(json_object_get(rule, "reviewer_id"))) continue;
    rc = store_qa_week_drawn(req->db, req->id, person, monday, &already, err);
    if (!rc && already) skipped++;
    else if (!rc) rc = draw_person(req, rule, person, monday, from, sunday_next, drawn, err);
    if (rc) break;
  }
  json_decref(input);
  json_decref(rule);
  json_decref(people);
  if (rc) {
    json_decref(drawn);
    return -1;
  }
  api_send_json(res, 200,
                json_pack("{s:s, s:o, s:I}", "week", monday, "drawn", drawn, "people_already_drawn", (json_int_t)skipped));
  return 0;
}
