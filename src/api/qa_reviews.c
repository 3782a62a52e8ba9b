/* QA reviews of cases and interactions (docs/QUALITY.md): audits on demand
 * and spot checks queued by sampling, scored against a scorecard by the core
 * (src/core/qa_scoring.c); the reviewed person's response; the corrective
 * action a failed review raises; QA scores per person and team over time.
 * Who sees a review follows the record scope of policy.c: the person
 * reviewed, their team leader, the managers — a calibration score never the
 * person reviewed. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "api/quality.h"
#include "core/qa_sampling.h"
#include "core/qa_scoring.h"

#define MAX_CRITERIA 100
#define CORRECTIVE_ACTION_DAYS 14

static int64_t ival(const json_t *o, const char *name) { return json_integer_value(json_object_get(o, name)); }
static const char *sval(const json_t *o, const char *name) {
  const char *s = json_string_value(json_object_get(o, name));
  return s ? s : "";
}
static int64_t user_team(const Request *req) { return ival(req->user.user, "team_id"); }

void qa_scope(const Request *req, StoreScope *scope) {
  RecordScope s = policy_record_scope(req->user.role);
  *scope = (StoreScope){.all = s == SCOPE_ALL, .self_id = req->user.id, .team_id = s == SCOPE_TEAM ? user_team(req) : 0};
}

int qa_scope_covers(const Request *req, int64_t person_id, int64_t team_id) {
  RecordScope s = policy_record_scope(req->user.role);
  if (s == SCOPE_ALL || person_id == req->user.id) return 1;
  return s == SCOPE_TEAM && team_id != 0 && team_id == user_team(req);
}

/* The team of user id (0 when none or no such user). */
static int user_team_of(Request *req, int64_t id, int64_t *team, int64_t *manager, Error *err) {
  json_t *u = NULL;
  if (store_record_get(req->db, &store_users, id, &u, err)) return -1;
  *team = ival(u, "team_id");
  if (manager) *manager = ival(u, "manager_id");
  json_decref(u);
  return 0;
}

int qa_subject_resolve(Request *req, const json_t *input, QaSubject *subject, Error *err) {
  const json_t *c = json_object_get(input, "case_id"), *i = json_object_get(input, "interaction_id");
  int is_case = json_is_integer(c);
  *subject = (QaSubject){0};
  if (is_case == json_is_integer(i))
    return error_field(err, is_case ? "interaction_id" : "case_id",
                       is_case ? "cannot go with case_id: a review is of one case or one interaction"
                               : "is required, or interaction_id: what is reviewed");
  const char *field = is_case ? "case_id" : "interaction_id";
  const StoreTable *t = is_case ? &store_cases : &store_interactions;
  int64_t id = json_integer_value(is_case ? c : i);
  json_t *rec = NULL;
  if (store_record_get(req->db, t, id, &rec, err)) return -1;
  if (!rec) return error_field(err, field, "no %s has id %lld", t->entity, (long long)id);
  int64_t agent = ival(rec, is_case ? "assignee_id" : "user_id");
  json_decref(rec);
  if (!agent) return error_field(err, field, "has nobody assigned whose work could be reviewed");
  if (agent == req->user.id) return error_field(err, field, "is your own work: someone else must review it");
  subject->agent_id = agent;
  if (user_team_of(req, agent, &subject->agent_team_id, NULL, err)) return -1;
  if (!qa_scope_covers(req, agent, subject->agent_team_id))
    return error_set(err, 403, "Forbidden", "%s %lld is the work of someone outside your team; you may not review it",
                     t->entity, (long long)id);
  if (is_case) subject->case_id = id;
  else subject->interaction_id = id;
  snprintf(subject->key, sizeof subject->key, "%s:%lld", t->entity, (long long)id);
  return 0;
}

int qa_check_reviewer(Request *req, const char *field, int64_t user_id, int64_t agent_id, Error *err) {
  json_t *u = NULL;
  if (store_record_get(req->db, &store_users, user_id, &u, err)) return -1;
  Role role = ROLE_COUNT;
  if (u) policy_role_parse(sval(u, "role"), &role);
  int active = u && ival(u, "active");
  json_decref(u);
  if (!active || !policy_allows(role, PERM_QA_MANAGE))
    return error_field(err, field, "user %lld may not review: a team leader, CS or quality manager must",
                       (long long)user_id);
  if (user_id == agent_id) return error_field(err, field, "is the person reviewed: someone else must review");
  return 0;
}

void qa_review_present(json_t *review) {
  const json_t *centi = json_object_get(review, "score_centi");
  json_object_set_new(review, "score", json_is_integer(centi) ? json_real((double)json_integer_value(centi) / 100.0)
                                                              : json_null());
  const json_t *passed = json_object_get(review, "passed");
  if (json_is_integer(passed)) json_object_set_new(review, "passed", json_boolean(json_integer_value(passed)));
  json_object_del(review, "score_centi");
  json_object_del(review, "agent_team_id");
  if (!json_is_array(json_object_get(review, "ratings"))) json_object_set_new(review, "ratings", json_array());
}

/* --- scoring ---------------------------------------------------------------------------------- */
static const char *const root_causes[] = {"knowledge", "skill", "process", "tools", "behaviour", "other", NULL};

static int in_choices(const char *const *choices, const char *s) {
  for (; *choices; choices++)
    if (strcmp(*choices, s) == 0) return 1;
  return 0;
}

/* Checks ratings[i] against the criterion it names: fills that criterion's
 * slot of crit, rating and stored, counts it in seen, and adds a field
 * error for each problem. */
static void check_rating(const json_t *criteria, const json_t *item, size_t i, int *seen, QaCriterion *crit,
                         QaRating *rating, json_t *stored, Error *err) {
  char at[48];
  snprintf(at, sizeof at, "ratings[%zu]", i);
  Buffer f = BUFFER_INIT;
#define FIELD(name) (buffer_reset(&f), buffer_printf(&f, "%s.%s", at, name), buffer_cstr(&f))
  if (!json_is_object(item)) {
    error_field(err, at, "must be an object {key, rating, comment, root_cause}");
    buffer_free(&f);
    return;
  }
  const char *name;
  json_t *v;
  json_object_foreach((json_t *)item, name, v) if (strcmp(name, "key") && strcmp(name, "rating") &&
                                                    strcmp(name, "comment") && strcmp(name, "root_cause"))
      error_field(err, FIELD(name), "is not a known field");
  const char *key = json_string_value(json_object_get(item, "key"));
  size_t j = json_array_size(criteria);
  for (size_t k = 0; key && k < json_array_size(criteria); k++)
    if (strcmp(sval(json_array_get(criteria, k), "key"), key) == 0) j = k;
  if (j == json_array_size(criteria)) {
    error_field(err, FIELD("key"), "is not a criterion of this scorecard");
    buffer_free(&f);
    return;
  }
  if (seen[j]++) error_field(err, FIELD("key"), "is rated twice");
  const json_t *c = json_array_get(criteria, j);
  QaScale scale = QA_SCALE_FIVE;
  qa_scale_parse(sval(c, "scale"), &scale);
  crit[j] = (QaCriterion){.scale = scale, .weight = json_number_value(json_object_get(c, "weight")),
                          .critical = json_is_true(json_object_get(c, "critical"))};
  const json_t *r = json_object_get(item, "rating"), *comment = json_object_get(item, "comment"),
               *cause = json_object_get(item, "root_cause");
  int ok = 1;
  if (json_is_integer(r) && json_integer_value(r) >= qa_scale_min(scale) && json_integer_value(r) <= qa_scale_max(scale)) {
    rating[j] = (QaRating){1, (int)json_integer_value(r)};
  } else if (r && !json_is_null(r)) {
    error_field(err, FIELD("rating"), "must be a whole number from %d to %d on the %s scale, or null for not applicable",
                qa_scale_min(scale), qa_scale_max(scale), qa_scale_name(scale));
    ok = 0;
  } else if (!r) {
    error_field(err, FIELD("rating"), "is required: a number on the scale, or null for not applicable");
    ok = 0;
  }
  if (comment && !json_is_null(comment) && (!json_is_string(comment) || json_string_length(comment) > 2000))
    error_field(err, FIELD("comment"), "must be a text of at most 2000 characters");
  int negative = ok && rating[j].applicable && qa_rating_negative(scale, rating[j].value);
  if (cause && !json_is_null(cause)) {
    if (!json_is_string(cause) || !in_choices(root_causes, json_string_value(cause)))
      error_field(err, FIELD("root_cause"), "must be knowledge, skill, process, tools, behaviour or other");
    else if (!negative)
      error_field(err, FIELD("root_cause"), "is for a negative rating only");
  } else if (negative && json_is_true(json_object_get(c, "root_cause"))) {
    error_field(err, FIELD("root_cause"), "is required: a negative rating of \"%s\" asks for its root cause",
                sval(c, "label"));
  }
#undef FIELD
  buffer_free(&f);
  json_array_set_new(stored, j,
                     json_pack("{s:s, s:O, s:o, s:O, s:O}", "key", key, "rating", r ? r : json_null(), "score",
                               ok && rating[j].applicable
                                   ? json_real(round(qa_criterion_score(scale, rating[j].value) * 100) / 100)
                                   : json_null(),
                               "comment", comment && json_is_string(comment) ? comment : json_null(), "root_cause",
                               cause && json_is_string(cause) ? cause : json_null()));
}

int qa_review_score_into(Request *req, const json_t *input, json_t *review, Error *err) {
  json_t *card = NULL;
  if (store_record_get(req->db, &store_qa_scorecards, ival(review, "scorecard_id"), &card, err)) return -1;
  const json_t *criteria = json_object_get(card, "criteria"), *ratings = json_object_get(input, "ratings");
  size_t n = json_array_size(criteria);
  if (!json_is_array(ratings)) {
    json_decref(card);
    return error_field(err, "ratings", "must be a list of {key, rating}: one per criterion");
  }
  QaCriterion crit[MAX_CRITERIA] = {0};
  QaRating rating[MAX_CRITERIA] = {0};
  int seen[MAX_CRITERIA] = {0};
  json_t *stored = json_array();
  for (size_t j = 0; j < n; j++) json_array_append_new(stored, json_null());
  size_t i;
  json_t *item;
  json_array_foreach(ratings, i, item) check_rating(criteria, item, i, seen, crit, rating, stored, err);
  for (size_t j = 0; j < n && !error_has_fields(err); j++)
    if (!seen[j])
      error_field(err, "ratings", "misses the criterion \"%s\": rate it, or give null for not applicable",
                  sval(json_array_get(criteria, j), "key"));
  QaResult result = {0};
  if (!error_has_fields(err)) {
    QaScoreStatus s = qa_review_score(crit, rating, n, (double)ival(card, "pass_mark"), &result);
    if (s == QA_SCORE_NOTHING_RATED) error_field(err, "ratings", "rates nothing: at least one criterion must apply");
    if (s == QA_SCORE_NO_WEIGHT)
      error_field(err, "ratings", "the criteria rated carry no weight together, so there is no mean to take");
  }
  json_decref(card);
  if (error_has_fields(err)) {
    json_decref(stored);
    return -1;
  }
  json_object_set_new(review, "ratings", stored);
  json_object_set_new(review, "score_centi", json_integer((json_int_t)llround(result.score * 100)));
  json_object_set_new(review, "passed", json_integer(result.passed));
  json_object_set_new(review, "critical_failed", json_integer(result.critical_failed));
  json_object_set(review, "comment", json_object_get(input, "comment") ? json_object_get(input, "comment") : json_null());
  json_object_set_new(review, "status", json_string("submitted"));
  json_object_set_new(review, "submitted_at", json_string(req->now));
  return 0;
}

/* --- corrective actions raised by failed reviews ---------------------------------------------- */
/* The failed review's corrective action: coaching, owned by the reviewed
 * person's manager (else the reviewer), due in two weeks; audited. */
static int raise_corrective_action(Request *req, int64_t review_id, const json_t *review, json_t **out, Error *err) {
  int64_t agent = ival(review, "agent_id"), team = 0, manager = 0;
  if (user_team_of(req, agent, &team, &manager, err)) return -1;
  time_t now = 0;
  time_parse(req->now, &now);
  char due[TIME_TEXT_SIZE];
  time_format(now + CORRECTIVE_ACTION_DAYS * 86400, due);
  due[10] = '\0';
  Buffer title = BUFFER_INIT, why = BUFFER_INIT;
  int critical = ival(review, "critical_failed") > 0;
  buffer_printf(&title, "Coaching after QA review %lld (%s)", (long long)review_id,
                critical ? "a critical item failed" : "below the pass mark");
  buffer_puts(&why, "Criteria rated below 50%:");
  size_t i;
  json_t *r;
  json_array_foreach(json_object_get(review, "ratings"), i, r) {
    const json_t *score = json_object_get(r, "score");
    if (json_is_number(score) && json_number_value(score) < 50) buffer_printf(&why, " %s;", sval(r, "key"));
  }
  json_t *action = json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s}", "review_id", (json_int_t)review_id,
                             "agent_id", (json_int_t)agent, "owner_id", (json_int_t)(manager ? manager : ival(review, "reviewer_id")),
                             "kind", "coaching", "title", buffer_cstr(&title), "description", buffer_cstr(&why),
                             "due_on", due, "status", "open");
  buffer_free(&title);
  buffer_free(&why);
  int64_t id = 0;
  int rc = store_record_insert(req->db, &store_qa_actions, action, req->now, &id, err);
  json_decref(action);
  if (!rc) rc = store_record_get(req->db, &store_qa_actions, id, out, err);
  if (!rc) json_object_del(*out, "agent_team_id");
  if (!rc) rc = resource_audit(req, store_qa_actions.entity, id, "create", NULL, *out, err);
  return rc;
}

/* After a review is submitted: a failed one (not a calibration score) gets
 * its corrective action; the answer carries it (or null). */
static int after_submit(Request *req, int64_t id, const json_t *review, json_t *answer, Error *err) {
  json_t *action = NULL;
  if (strcmp(sval(review, "status"), "submitted") == 0 && strcmp(sval(review, "kind"), "calibration") != 0 &&
      !ival(review, "passed") && raise_corrective_action(req, id, review, &action, err))
    return -1;
  json_object_set_new(answer, "corrective_action", action ? action : json_null());
  return 0;
}

int qa_review_insert(Request *req, json_t *review, int64_t *id, Error *err) {
  json_t *stored = NULL;
  int rc = store_record_insert(req->db, &store_qa_reviews, review, req->now, id, err);
  if (!rc) rc = store_record_get(req->db, &store_qa_reviews, *id, &stored, err);
  if (!rc) rc = resource_audit(req, store_qa_reviews.entity, *id, "create", NULL, stored, err);
  json_decref(stored);
  return rc;
}

/* --- the routes --------------------------------------------------------------------------------- */
static int review_visible(const Request *req, const json_t *r) {
  int64_t agent = ival(r, "agent_id");
  if (agent == req->user.id)
    return strcmp(sval(r, "kind"), "calibration") != 0 && strcmp(sval(r, "status"), "submitted") == 0;
  return ival(r, "reviewer_id") == req->user.id || qa_scope_covers(req, agent, ival(r, "agent_team_id"));
}

/* The request's review as stored; 404 also when the caller may not see it. */
static int load_review(Request *req, json_t **out, Error *err) {
  if (store_record_get(req->db, &store_qa_reviews, req->id, out, err)) return -1;
  if (*out && review_visible(req, *out)) return 0;
  json_decref(*out);
  *out = NULL;
  return error_set(err, 404, "Not found", "qa_review %lld does not exist or is not yours to see", (long long)req->id);
}

static void send_review(Response *res, int status, int64_t id, json_t *review) {
  qa_review_present(review);
  res->etag_version = ival(review, "version");
  if (status == 201) api_send_created(res, "/api/v1/qa/reviews", id, review);
  else api_send_json(res, status, review);
}

static const FieldSpec review_create_fields[] = {
    {"scorecard_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_qa_scorecards},
    {"case_id", FIELD_REF, 0, 0, 0, NULL, &store_cases},
    {"interaction_id", FIELD_REF, 0, 0, 0, NULL, &store_interactions},
    {"reviewer_id", FIELD_REF, 0, 0, 0, NULL, &store_users},
    {"ratings", FIELD_JSON, 0, 0, 0, NULL, NULL},
    {"comment", FIELD_TEXT, 0, 1, 4000, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

/* The scorecard of a new review must be in use. */
static int check_scorecard_active(Request *req, int64_t id, Error *err) {
  json_t *card = NULL;
  if (store_record_get(req->db, &store_qa_scorecards, id, &card, err)) return -1;
  int active = ival(card, "active");
  json_decref(card);
  return active ? 0 : error_field(err, "scorecard_id", "is retired: choose a scorecard in use");
}

int qa_reviews_create(Request *req, Response *res, Error *err) {
  json_t *input = NULL, *review = NULL, *stored = NULL;
  QaSubject s;
  int64_t id = 0;
  int rc = api_read_body(req, &input, err);
  if (!rc) rc = api_validate(req->db, input, review_create_fields, NULL, 0, err);
  if (!rc) rc = qa_subject_resolve(req, input, &s, err);
  int64_t reviewer = json_is_integer(json_object_get(input, "reviewer_id")) ? ival(input, "reviewer_id") : req->user.id;
  if (!rc) rc = qa_check_reviewer(req, "reviewer_id", reviewer, s.agent_id, err);
  if (!rc) rc = check_scorecard_active(req, ival(input, "scorecard_id"), err);
  if (!rc) {
    review = json_pack("{s:O, s:s, s:o, s:o, s:s, s:I, s:I, s:s}", "scorecard_id", json_object_get(input, "scorecard_id"),
                       "kind", "audit", "case_id", s.case_id ? json_integer(s.case_id) : json_null(), "interaction_id",
                       s.interaction_id ? json_integer(s.interaction_id) : json_null(), "subject_key", s.key,
                       "agent_id", (json_int_t)s.agent_id, "reviewer_id", (json_int_t)reviewer, "status", "queued");
    if (json_object_get(input, "ratings")) {
      if (reviewer != req->user.id)
        rc = error_field(err, "ratings", "only the reviewer may score: leave them out to queue the audit for them");
      else
        rc = qa_review_score_into(req, input, review, err);
    }
  }
  if (!rc) rc = qa_review_insert(req, review, &id, err);
  if (!rc) rc = store_record_get(req->db, &store_qa_reviews, id, &stored, err);
  if (!rc) rc = after_submit(req, id, stored, stored, err);
  json_decref(input);
  json_decref(review);
  if (rc) {
    json_decref(stored);
    return -1;
  }
  send_review(res, 201, id, stored);
  return 0;
}

int qa_reviews_get(Request *req, Response *res, Error *err) {
  json_t *review = NULL;
  if (load_review(req, &review, err)) return -1;
  send_review(res, 200, req->id, review);
  return 0;
}

/* A calibration score is taken only until its session's deadline. */
static int check_calibration_open(Request *req, const json_t *review, Error *err) {
  if (!json_is_integer(json_object_get(review, "calibration_id"))) return 0;
  json_t *session = NULL;
  if (store_record_get(req->db, &store_qa_calibrations, ival(review, "calibration_id"), &session, err)) return -1;
  int closed = strcmp(sval(session, "deadline_at"), req->now) < 0;
  char deadline[TIME_TEXT_SIZE];
  snprintf(deadline, sizeof deadline, "%s", sval(session, "deadline_at"));
  json_decref(session);
  return closed ? error_set(err, 409, "Conflict", "the calibration session closed at %s", deadline) : 0;
}

/* Applies a change to the request's review and audits it; answers with it. */
static int store_review_change(Request *req, Response *res, json_t *before, json_t *after_values, int submitted,
                               Error *err) {
  json_t *after = NULL;
  int rc = store_record_update(req->db, &store_qa_reviews, req->id, ival(before, "version"), after_values, req->now,
                               err);
  if (!rc) rc = store_record_get(req->db, &store_qa_reviews, req->id, &after, err);
  if (!rc) rc = resource_audit(req, store_qa_reviews.entity, req->id, "update", before, after, err);
  if (!rc && submitted) rc = after_submit(req, req->id, after, after, err);
  if (rc) {
    json_decref(after);
    return -1;
  }
  send_review(res, 200, req->id, after);
  return 0;
}

static const FieldSpec review_score_fields[] = {
    {"ratings", FIELD_JSON, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {"comment", FIELD_TEXT, 0, 1, 4000, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

int qa_reviews_score(Request *req, Response *res, Error *err) {
  json_t *input = NULL, *before = NULL, *merged = NULL;
  int rc = api_read_body(req, &input, err);
  if (!rc) rc = api_validate(req->db, input, review_score_fields, NULL, 0, err);
  if (!rc) rc = load_review(req, &before, err);
  if (!rc && ival(before, "reviewer_id") != req->user.id)
    rc = error_set(err, 403, "Forbidden", "only the reviewer it is queued for may score review %lld", (long long)req->id);
  if (!rc && strcmp(sval(before, "status"), "queued") != 0)
    rc = error_set(err, 409, "Conflict", "review %lld is already submitted", (long long)req->id);
  if (!rc) rc = check_calibration_open(req, before, err);
  if (!rc) {
    merged = json_deep_copy(before);
    rc = qa_review_score_into(req, input, merged, err);
  }
  if (!rc) rc = store_review_change(req, res, before, merged, 1, err);
  json_decref(input);
  json_decref(before);
  json_decref(merged);
  return rc;
}

static const FieldSpec response_fields[] = {
    {"response", FIELD_TEXT, FIELD_REQUIRED, 1, 4000, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

int qa_reviews_respond(Request *req, Response *res, Error *err) {
  json_t *input = NULL, *before = NULL, *merged = NULL;
  int rc = api_read_body(req, &input, err);
  if (!rc) rc = api_validate(req->db, input, response_fields, NULL, 0, err);
  if (!rc) rc = load_review(req, &before, err);
  if (!rc && ival(before, "agent_id") != req->user.id)
    rc = error_set(err, 403, "Forbidden", "only the person reviewed may respond to review %lld", (long long)req->id);
  if (!rc) {
    merged = json_deep_copy(before);
    json_object_set(merged, "response", json_object_get(input, "response"));
    json_object_set_new(merged, "responded_at", json_string(req->now));
    rc = store_review_change(req, res, before, merged, 0, err);
  }
  json_decref(input);
  json_decref(before);
  json_decref(merged);
  return rc;
}

static const char *const review_statuses[] = {"queued", "submitted", NULL};
static const char *const review_kinds[] = {"spot_check", "audit", "calibration", NULL};

static int query_reviews(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  QaReviewFilter f = {0};
  StoreScope scope;
  qa_scope(req, &scope);
  if (api_query_id(q, "agent_id", &f.agent_id, err) || api_query_id(q, "reviewer_id", &f.reviewer_id, err) ||
      api_query_id(q, "calibration_id", &f.calibration_id, err) || api_query_id(q, "case_id", &f.case_id, err) ||
      api_query_choice(q, "status", review_statuses, &f.status, err) ||
      api_query_choice(q, "kind", review_kinds, &f.kind, err))
    return -1;
  if (store_qa_reviews_list(req->db, &scope, &f, after, limit, page, err)) return -1;
  size_t i;
  json_t *r;
  json_array_foreach(page->items, i, r) qa_review_present(r);
  return 0;
}

int qa_reviews_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"agent_id", "reviewer_id", "calibration_id", "case_id", "status", "kind", NULL};
  return api_list(req, res, allowed, query_reviews, err);
}

/* --- corrective actions ----------------------------------------------------------------------------- */
static const char *const action_kinds[] = {"coaching", "refresher_training", "side_by_side", "other", NULL};
static const char *const action_statuses[] = {"open", "in_progress", "done", NULL};
static const char *const action_read_only[] = {"id",       "agent_id",   "agent_name", "owner_name", "done_at",
                                               "created_at", "updated_at", "version",   NULL};
static const FieldSpec action_fields[] = {
    {"review_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_qa_reviews},
    {"owner_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_users},
    {"kind", FIELD_ENUM, FIELD_REQUIRED, 0, 0, action_kinds, NULL},
    {"title", FIELD_TEXT, FIELD_REQUIRED, 1, 200, NULL, NULL},
    {"description", FIELD_TEXT, 0, 0, 4000, NULL, NULL},
    {"due_on", FIELD_DATE, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {"status", FIELD_ENUM, 0, 0, 0, action_statuses, NULL},
    {"outcome", FIELD_TEXT, 0, 1, 4000, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

static void action_defaults(Request *req, json_t *input) {
  (void)req;
  if (!json_object_get(input, "status")) json_object_set_new(input, "status", json_string("open"));
}

/* An action follows a submitted review (not a calibration score) of someone
 * in the caller's scope, and is closed with what it achieved. */
static int action_check(Request *req, const json_t *record, Error *err) {
  json_t *review = NULL;
  if (store_record_get(req->db, &store_qa_reviews, ival(record, "review_id"), &review, err)) return -1;
  int usable = strcmp(sval(review, "status"), "submitted") == 0 && strcmp(sval(review, "kind"), "calibration") != 0;
  int covered = qa_scope_covers(req, ival(review, "agent_id"), ival(review, "agent_team_id")) &&
                ival(review, "agent_id") != req->user.id;
  json_decref(review);
  if (!covered)
    return error_set(err, 403, "Forbidden", "the review is of someone outside your team: not yours to act on");
  if (!usable) error_field(err, "review_id", "must be a submitted review (not a calibration score)");
  if (strcmp(sval(record, "status"), "done") == 0 && !json_is_string(json_object_get(record, "outcome")))
    error_field(err, "outcome", "is required to close the action: what it achieved");
  return error_has_fields(err) ? -1 : 0;
}

/* The person acted on is the review's; done_at marks when it was closed. */
static void action_derive(Request *req, const json_t *before, json_t *record) {
  json_t *review = NULL;
  Error ignored = {0};
  store_record_get(req->db, &store_qa_reviews, ival(record, "review_id"), &review, &ignored);
  error_clear(&ignored);
  json_object_set_new(record, "agent_id", json_integer(ival(review, "agent_id")));
  json_decref(review);
  int done = strcmp(sval(record, "status"), "done") == 0;
  int was_done = before && strcmp(sval(before, "status"), "done") == 0;
  if (done != was_done) json_object_set_new(record, "done_at", done ? json_string(req->now) : json_null());
}

static int action_decorate(Request *req, json_t *record, Error *err) {
  (void)req;
  (void)err;
  json_object_del(record, "agent_team_id");
  return 0;
}

static const ResourceDef qa_action_resource = {
    .table = &store_qa_actions,
    .path = "/api/v1/qa/actions",
    .fields = action_fields,
    .read_only = action_read_only,
    .defaults = action_defaults,
    .check = action_check,
    .derive = action_derive,
    .decorate = action_decorate,
};

int qa_actions_create(Request *req, Response *res, Error *err) {
  return resource_create(&qa_action_resource, req, res, err);
}
int qa_actions_patch(Request *req, Response *res, Error *err) {
  return resource_patch(&qa_action_resource, req, res, err);
}

int qa_actions_get(Request *req, Response *res, Error *err) {
  json_t *a = NULL;
  if (store_record_get(req->db, &store_qa_actions, req->id, &a, err)) return -1;
  if (!a || !(ival(a, "owner_id") == req->user.id || qa_scope_covers(req, ival(a, "agent_id"), ival(a, "agent_team_id")))) {
    json_decref(a);
    return error_set(err, 404, "Not found", "qa_action %lld does not exist or is not yours to see", (long long)req->id);
  }
  json_object_del(a, "agent_team_id");
  res->etag_version = ival(a, "version");
  api_send_json(res, 200, a);
  return 0;
}

static int query_actions(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  QaActionFilter f = {0};
  StoreScope scope;
  qa_scope(req, &scope);
  static const char *const yes_no[] = {"true", "false", NULL};
  const char *open = NULL;
  if (api_query_id(q, "agent_id", &f.agent_id, err) || api_query_id(q, "owner_id", &f.owner_id, err) ||
      api_query_id(q, "review_id", &f.review_id, err) || api_query_choice(q, "status", action_statuses, &f.status, err) ||
      api_query_choice(q, "open", yes_no, &open, err))
    return -1;
  f.open_only = open && strcmp(open, "true") == 0;
  if (store_qa_actions_list(req->db, &scope, &f, after, limit, page, err)) return -1;
  size_t i;
  json_t *a;
  json_array_foreach(page->items, i, a) json_object_del(a, "agent_team_id");
  return 0;
}

int qa_actions_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"agent_id", "owner_id", "review_id", "status", "open", NULL};
  return api_list(req, res, allowed, query_actions, err);
}

/* --- QA scores over time ----------------------------------------------------------------------------- */
/* Which person or team the scores are of, within the caller's scope: an
 * agent only their own; a team leader their team or one of its people. */
static int scores_subject(Request *req, int64_t *agent, int64_t *team, Error *err) {
  RecordScope s = policy_record_scope(req->user.role);
  if (s == SCOPE_ALL) return 0;
  if (!*agent && !*team) {
    if (s == SCOPE_TEAM && user_team(req)) *team = user_team(req);
    else *agent = req->user.id;
    return 0;
  }
  int64_t agent_team = 0;
  if (*agent && user_team_of(req, *agent, &agent_team, NULL, err)) return -1;
  int ok = (!*agent || qa_scope_covers(req, *agent, agent_team)) && (!*team || (s == SCOPE_TEAM && *team == user_team(req)));
  return ok ? 0 : error_set(err, 403, "Forbidden", "these QA scores are not yours to see");
}

/* One bucket of the trend: {period, reviews, score, passed, failed, pass_rate}. */
static json_t *bucket(const char *period, int64_t reviews, int64_t centi_sum, int64_t passed) {
  return json_pack("{s:s, s:I, s:f, s:I, s:I, s:f}", "period", period, "reviews", (json_int_t)reviews, "score",
                   round((double)centi_sum / (double)reviews) / 100.0, "passed", (json_int_t)passed, "failed",
                   (json_int_t)(reviews - passed), "pass_rate", round(1000.0 * (double)passed / (double)reviews) / 10.0);
}

/* The period a review falls in: its month "YYYY-MM" or its week's Monday. */
static void period_of(const char *submitted_at, int weekly, char out[16]) {
  if (!weekly) {
    snprintf(out, 16, "%.7s", submitted_at);
    return;
  }
  char day[11], text[TIME_TEXT_SIZE];
  snprintf(day, sizeof day, "%.10s", submitted_at);
  time_format((time_t)(qa_week_monday(time_date_days(day)) * 86400), text);
  snprintf(out, 16, "%.10s", text);
}

int qa_scores(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"agent_id", "team_id", "from", "to", "period", NULL};
  static const char *const periods[] = {"month", "week", NULL};
  Query q = {0};
  int64_t agent = 0, team = 0;
  const char *period = NULL;
  json_t *rows = NULL;
  char from[TIME_TEXT_SIZE], to[TIME_TEXT_SIZE], today[11];
  snprintf(today, sizeof today, "%.10s", req->now);
  int rc = api_query_parse(req, allowed, &q, err);
  if (!rc) rc = api_query_id(&q, "agent_id", &agent, err) || api_query_id(&q, "team_id", &team, err) ||
                api_query_choice(&q, "period", periods, &period, err);
  const char *from_day = rc ? NULL : api_query_text(&q, "from"), *to_day = rc ? NULL : api_query_text(&q, "to");
  if (!rc && ((from_day && time_check_date(from_day)) || (to_day && time_check_date(to_day)))) {
    error_field(err, from_day && time_check_date(from_day) ? "from" : "to", "must be a date written YYYY-MM-DD");
    err->status = 400;
    rc = -1;
  }
  if (!rc) {
    time_t now = 0;
    time_parse(req->now, &now);
    time_format(now - 365 * 86400, from);
    if (from_day) snprintf(from, sizeof from, "%sT00:00:00Z", from_day);
    snprintf(to, sizeof to, "%sT23:59:60Z", to_day ? to_day : today);
    rc = scores_subject(req, &agent, &team, err);
  }
  if (!rc) rc = store_qa_scored_reviews(req->db, agent, team, from, to, &rows, err);
  int weekly = !rc && period && strcmp(period, "week") == 0;
  api_query_free(&q);
  if (rc) return -1;
  json_t *points = json_array();
  char current[16] = "", p[16];
  int64_t n = 0, sum = 0, passed = 0, all_n = 0, all_sum = 0, all_passed = 0;
  size_t i;
  json_t *r;
  json_array_foreach(rows, i, r) {
    period_of(sval(r, "submitted_at"), weekly, p);
    if (n && strcmp(p, current) != 0) {
      json_array_append_new(points, bucket(current, n, sum, passed));
      n = sum = passed = 0;
    }
    snprintf(current, sizeof current, "%s", p);
    n++, all_n++;
    sum += ival(r, "score_centi"), all_sum += ival(r, "score_centi");
    passed += ival(r, "passed"), all_passed += ival(r, "passed");
  }
  if (n) json_array_append_new(points, bucket(current, n, sum, passed));
  json_decref(rows);
  json_t *body = json_pack("{s:o, s:o, s:s, s:s#, s:s#, s:o, s:o}", "agent_id", agent ? json_integer(agent) : json_null(),
                           "team_id", team ? json_integer(team) : json_null(), "period", weekly ? "week" : "month",
                           "from", from, (int)10, "to", to, (int)10, "points", points, "overall",
                           all_n ? bucket("overall", all_n, all_sum, all_passed) : json_null());
  api_send_json(res, 200, body);
  return 0;
}
