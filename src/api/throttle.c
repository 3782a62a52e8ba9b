/* Counting failed attempts per key and refusing attempts past a rule's limit
 * (see throttle.h); the counters are the store's signin_failures rows, whose
 * keys carry their kind ("user:", "addr:", "survey-addr:"). */
#include <stdio.h>

#include "api/throttle.h"

void throttle_attempt_init(ThrottleAttempt *a, const ThrottleRule *rule, const char *now) {
  time_t t;
  time_parse(now, &t);
  a->rule = rule;
  a->n_keys = 0;
  time_format(t - rule->window_seconds, a->window_start);
}

void throttle_attempt_key(ThrottleAttempt *a, const char *kind, const char *value) {
  if (a->n_keys < THROTTLE_KEYS_MAX) snprintf(a->keys[a->n_keys++], THROTTLE_KEY_SIZE, "%s:%s", kind, value);
}

int throttle_check(Request *req, const ThrottleAttempt *a, Response *res, Error *err) {
  int64_t most = 0;
  int rc = store_begin_read(req->db, err);
  for (size_t i = 0; !rc && i < a->n_keys; i++) {
    int64_t failures = 0;
    rc = store_signin_failures(req->db, a->keys[i], a->window_start, &failures, err);
    if (failures > most) most = failures;
  }
  if (!rc) rc = store_commit(req->db, err);
  else store_rollback(req->db);
  if (rc) return -1;
  if (most < a->rule->max_failures) return 0;
  res->retry_after = a->rule->window_seconds;
  return error_set(err, 429, a->rule->title, "%s", a->rule->detail);
}

int throttle_record_failure(Request *req, const ThrottleAttempt *a, Error *err) {
  int rc = store_begin_write(req->db, err);
  for (size_t i = 0; !rc && i < a->n_keys; i++)
    rc = store_signin_failure_add(req->db, a->keys[i], a->window_start, req->now, err);
  if (!rc) return store_commit(req->db, err);
  store_rollback(req->db);
  return -1;
}
