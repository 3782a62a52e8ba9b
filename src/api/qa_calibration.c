/* Calibration sessions (docs/QUALITY.md): several reviewers score the same
 * case or interaction by a deadline, and the spread of their scores — in
 * total and per criterion — shows how far apart they are. Calibration scores
 * never count towards anyone's QA score, raise no corrective action, and the
 * person whose work is scored never sees the session. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "api/quality.h"
#include "core/qa_scoring.h"

#define MAX_CALIBRATORS 20

static const FieldSpec calibration_fields[] = {
    {"title", FIELD_TEXT, FIELD_REQUIRED, 1, 200, NULL, NULL},
    {"scorecard_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_qa_scorecards},
    {"case_id", FIELD_REF, 0, 0, 0, NULL, &store_cases},
    {"interaction_id", FIELD_REF, 0, 0, 0, NULL, &store_interactions},
    {"deadline_at", FIELD_INSTANT, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {"reviewer_ids", FIELD_JSON, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

/* 2-20 distinct reviewers, each one who may review and not the person scored. */
static int check_reviewers(Request *req, const json_t *ids, int64_t agent, Error *err) {
  size_t n = json_array_size(ids);
  if (!json_is_array(ids) || n < 2 || n > MAX_CALIBRATORS)
    return error_field(err, "reviewer_ids", "must list 2 to %d reviewers: calibration compares them", MAX_CALIBRATORS);
  size_t i;
  json_t *id;
  json_array_foreach(ids, i, id) {
    char field[48];
    snprintf(field, sizeof field, "reviewer_ids[%zu]", i);
    if (!json_is_integer(id) || json_integer_value(id) < 1) {
      error_field(err, field, "must be a user id");
      continue;
    }
    for (size_t j = 0; j < i; j++)
      if (json_equal(id, json_array_get(ids, j))) error_field(err, field, "is listed twice");
    if (qa_check_reviewer(req, field, json_integer_value(id), agent, err) && !error_has_fields(err)) return -1;
  }
  return error_has_fields(err) ? -1 : 0;
}

int qa_calibrations_create(Request *req, Response *res, Error *err) {
  json_t *input = NULL, *session = NULL;
  QaSubject s;
  int64_t id = 0;
  int rc = api_read_body(req, &input, err);
  if (!rc) rc = api_validate(req->db, input, calibration_fields, NULL, 0, err);
  if (!rc) rc = qa_subject_resolve(req, input, &s, err);
  if (!rc) rc = check_reviewers(req, json_object_get(input, "reviewer_ids"), s.agent_id, err);
  if (!rc && strcmp(json_string_value(json_object_get(input, "deadline_at")), req->now) <= 0)
    rc = error_field(err, "deadline_at", "must be in the future");
  if (!rc) {
    session = json_pack("{s:O, s:O, s:o, s:o, s:I, s:O, s:I}", "title", json_object_get(input, "title"), "scorecard_id",
                        json_object_get(input, "scorecard_id"), "case_id",
                        s.case_id ? json_integer(s.case_id) : json_null(), "interaction_id",
                        s.interaction_id ? json_integer(s.interaction_id) : json_null(), "agent_id",
                        (json_int_t)s.agent_id, "deadline_at", json_object_get(input, "deadline_at"), "created_by_id",
                        (json_int_t)req->user.id);
    rc = store_record_insert(req->db, &store_qa_calibrations, session, req->now, &id, err);
  }
  json_t *stored = NULL;
  if (!rc) rc = store_record_get(req->db, &store_qa_calibrations, id, &stored, err);
  if (!rc) rc = resource_audit(req, store_qa_calibrations.entity, id, "create", NULL, stored, err);
  size_t i;
  json_t *reviewer;
  json_array_foreach(rc ? NULL : json_object_get(input, "reviewer_ids"), i, reviewer) {
    json_t *review = json_pack("{s:O, s:s, s:O, s:O, s:s, s:I, s:O, s:I, s:s}", "scorecard_id",
                               json_object_get(input, "scorecard_id"), "kind", "calibration", "case_id",
                               json_object_get(session, "case_id"), "interaction_id",
                               json_object_get(session, "interaction_id"), "subject_key", s.key, "agent_id",
                               (json_int_t)s.agent_id, "reviewer_id", reviewer, "calibration_id", (json_int_t)id,
                               "status", "queued");
    int64_t review_id = 0;
    rc = qa_review_insert(req, review, &review_id, err);
    json_decref(review);
    if (rc) break;
  }
  json_decref(input);
  json_decref(session);
  if (rc) {
    json_decref(stored);
    return -1;
  }
  api_send_created(res, "/api/v1/qa/calibrations", id, stored);
  return 0;
}

static json_t *spread_json(const double *scores, size_t n) {
  QaSpread s;
  qa_spread(scores, n, &s);
  if (!n) return json_pack("{s:i, s:n, s:n, s:n, s:n, s:n}", "n", 0, "min", "max", "range", "mean", "stddev");
  return json_pack("{s:I, s:f, s:f, s:f, s:f, s:f}", "n", (json_int_t)s.n, "min", s.min, "max", s.max, "range",
                   s.range, "mean", round(s.mean * 100) / 100, "stddev", round(s.stddev * 100) / 100);
}

/* The spread of the submitted scores, in total and per criterion (the
 * criteria in the scorecard's order, only ratings that applied). */
static json_t *calibration_spread(const json_t *card, const json_t *reviews) {
  size_t n = json_array_size(reviews), k = 0;
  double totals[MAX_CALIBRATORS];
  size_t i;
  json_t *r;
  json_array_foreach(reviews, i, r) if (json_is_number(json_object_get(r, "score")) && k < MAX_CALIBRATORS)
      totals[k++] = json_number_value(json_object_get(r, "score"));
  json_t *criteria = json_array();
  json_t *c;
  json_array_foreach(json_object_get(card, "criteria"), i, c) {
    double scores[MAX_CALIBRATORS];
    size_t m = 0;
    for (size_t j = 0; j < n; j++) {
      size_t x;
      json_t *rating;
      json_array_foreach(json_object_get(json_array_get(reviews, j), "ratings"), x, rating)
          if (json_equal(json_object_get(rating, "key"), json_object_get(c, "key")) &&
              json_is_number(json_object_get(rating, "score")) && m < MAX_CALIBRATORS)
              scores[m++] = json_number_value(json_object_get(rating, "score"));
    }
    json_t *entry = spread_json(scores, m);
    json_object_set(entry, "key", json_object_get(c, "key"));
    json_object_set(entry, "label", json_object_get(c, "label"));
    json_array_append_new(criteria, entry);
  }
  return json_pack("{s:o, s:o}", "overall", spread_json(totals, k), "criteria", criteria);
}

/* A session with its reviewers' scores and their spread; for reviewers and
 * managers, never for the person scored (404). */
int qa_calibrations_get(Request *req, Response *res, Error *err) {
  json_t *session = NULL, *reviews = NULL, *card = NULL;
  if (store_record_get(req->db, &store_qa_calibrations, req->id, &session, err)) return -1;
  if (!session || json_integer_value(json_object_get(session, "agent_id")) == req->user.id) {
    json_decref(session);
    return error_set(err, 404, "Not found", "qa_calibration %lld does not exist or is not yours to see",
                     (long long)req->id);
  }
  int rc = store_qa_calibration_reviews(req->db, req->id, &reviews, err);
  if (!rc) rc = store_record_get(req->db, &store_qa_scorecards, json_integer_value(json_object_get(session, "scorecard_id")), &card, err);
  if (rc) {
    json_decref(session);
    json_decref(reviews);
    return -1;
  }
  size_t i;
  json_t *r;
  json_array_foreach(reviews, i, r) qa_review_present(r);
  json_object_set_new(session, "open", json_boolean(strcmp(json_string_value(json_object_get(session, "deadline_at")), req->now) >= 0));
  json_object_set_new(session, "spread", calibration_spread(card, reviews));
  json_object_set_new(session, "reviews", reviews);
  json_decref(card);
  res->etag_version = json_integer_value(json_object_get(session, "version"));
  api_send_json(res, 200, session);
  return 0;
}

static int query_calibrations(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page,
                              Error *err) {
  (void)q;
  return store_qa_calibrations_list(req->db, req->user.id, after, limit, page, err);
}

int qa_calibrations_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {NULL};
  return api_list(req, res, allowed, query_calibrations, err);
}
