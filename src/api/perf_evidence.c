/* The objective evidence of an underperformance case
 * (docs/PERFORMANCE-MANAGEMENT.md): each piece says what it is and what it
 * shows, and what it refers to must exist, be about the case's person and
 * be the caller's to see — a KPI result for a stated period, a QA review, a
 * customer's survey answer, a complaint, or an observation recorded in its
 * own words. A reference that fails is refused naming it, before anything
 * is written. */
#include <stdio.h>
#include <string.h>

#include "api/performance.h"
#include "api/quality.h"
#include "core/policy.h"

#define MAX_EVIDENCE 50

static int64_t ival(const json_t *o, const char *name) { return json_integer_value(json_object_get(o, name)); }
static const char *sval(const json_t *o, const char *name) { return json_string_value(json_object_get(o, name)); }

/* A KPI period: a month "YYYY-MM" or an ISO week "YYYY-Www". */
static int is_period(const char *p) {
  int y, n;
  char tail;
  if (!p) return 0;
  if (strlen(p) == 7 && sscanf(p, "%4d-%2d%c", &y, &n, &tail) == 2) return n >= 1 && n <= 12;
  return strlen(p) == 8 && sscanf(p, "%4d-W%2d%c", &y, &n, &tail) == 2 && n >= 1 && n <= 53;
}

/* The record a piece of evidence refers to, when it is about person and
 * the caller may see it; 1 when it is, 0 when not (or missing). */
static int ref_seen(Request *req, const char *kind, int64_t ref, int64_t person, Error *err) {
  json_t *r = NULL;
  int seen = 0;
  if (strcmp(kind, "qa_review") == 0) {
    if (!policy_allows(req->user.role, PERM_QA_READ)) return 0;
    if (store_record_get(req->db, &store_qa_reviews, ref, &r, err)) return -1;
    seen = r && ival(r, "agent_id") == person && strcmp(sval(r, "status"), "submitted") == 0 &&
           (ival(r, "reviewer_id") == req->user.id || qa_scope_covers(req, person, ival(r, "agent_team_id")));
  } else if (strcmp(kind, "complaint") == 0) {
    int complaint = 0;
    if (!policy_allows(req->user.role, PERM_CASES_READ)) return 0;
    if (store_record_exists(req->db, &store_complaints, ref, &complaint, err) ||
        (complaint && store_record_get(req->db, &store_cases, ref, &r, err)))
      return -1;
    seen = r && ival(r, "assignee_id") == person;
  } else {
    if (!policy_allows(req->user.role, PERM_SURVEYS_READ)) return 0;
    if (store_record_get(req->db, &store_survey_responses, ref, &r, err)) return -1;
    seen = r && ival(r, "agent_id") == person;
  }
  json_decref(r);
  return seen;
}

static int already_linked(const json_t *linked, const json_t *piece) {
  size_t i;
  json_t *e;
  json_array_foreach(linked, i, e) if (json_equal(e, piece)) return 1;
  return 0;
}

int perf_check_evidence(Request *req, int64_t person, const json_t *evidence, const json_t *linked, Error *err) {
  static const char *const kinds[] = {"kpi", "qa_review", "customer_feedback", "complaint", "observation", NULL};
  static const char *const refers[] = {"qa_review", "a QA review", "customer_feedback", "a customer's survey answer",
                                       "complaint", "a complaint case", NULL};
  if (!json_is_array(evidence) || json_array_size(evidence) > MAX_EVIDENCE)
    return error_field(err, "evidence", "must be a list of at most %d pieces of evidence", MAX_EVIDENCE);
  size_t i;
  json_t *e;
  json_array_foreach(evidence, i, e) {
    char at[48];
    if (already_linked(linked, e)) continue;
    const char *kind = sval(e, "kind"), *note = sval(e, "note");
    json_t *ref = json_object_get(e, "ref_id");
    int known = 0;
    for (int k = 0; kinds[k] && kind; k++) known |= strcmp(kind, kinds[k]) == 0;
    if (!known || !note || !*note) {
      snprintf(at, sizeof at, "evidence[%zu]", i);
      error_field(err, at, "needs a kind (kpi, qa_review, customer_feedback, complaint, observation) and a note of "
                           "what it shows");
      continue;
    }
    const char *what = NULL;
    for (int k = 0; refers[k]; k += 2)
      if (strcmp(kind, refers[k]) == 0) what = refers[k + 1];
    if (strcmp(kind, "kpi") == 0 && !is_period(sval(e, "period"))) {
      snprintf(at, sizeof at, "evidence[%zu].period", i);
      error_field(err, at, "a KPI result names its period: a month YYYY-MM or an ISO week YYYY-Www");
    }
    snprintf(at, sizeof at, "evidence[%zu].ref_id", i);
    if (!what) {
      if (ref && !json_is_null(ref)) error_field(err, at, "a %s is recorded in its note and refers to no record", kind);
      continue;
    }
    if (!json_is_integer(ref) || json_integer_value(ref) < 1) {
      error_field(err, at, "%s is evidence by reference: give its id", what);
      continue;
    }
    int seen = ref_seen(req, kind, json_integer_value(ref), person, err);
    if (seen < 0) return -1;
    if (!seen)
      error_field(err, at, "%lld is not %s about this person that you may see", (long long)json_integer_value(ref),
                  what);
  }
  return error_has_fields(err) ? -1 : 0;
}
