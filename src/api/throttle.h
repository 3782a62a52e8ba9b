/* Throttling of failed attempts at something guessable from outside — a
 * password, a survey link. Failures are counted per key (an account, a
 * client address) in a window, in the store so every server process sees
 * them; once any key of an attempt has reached the rule's limit, attempts
 * are refused with 429 and Retry-After until the window has passed. */
#ifndef FORGEDESK_API_THROTTLE_H
#define FORGEDESK_API_THROTTLE_H

#include "api/api.h"

#define THROTTLE_KEYS_MAX 2
#define THROTTLE_KEY_SIZE 100

/* What is throttled: how many failures a window allows, and the polite
 * problem (static text) that refuses the attempt after them. */
typedef struct ThrottleRule {
  int max_failures;
  int window_seconds;
  const char *title;
  const char *detail;
} ThrottleRule;

/* One attempt: its rule, the keys it counts under and the window's start. */
typedef struct ThrottleAttempt {
  const ThrottleRule *rule;
  size_t n_keys;
  char keys[THROTTLE_KEYS_MAX][THROTTLE_KEY_SIZE];
  char window_start[TIME_TEXT_SIZE];
} ThrottleAttempt;

/* Starts an attempt under rule at the request's time, with no keys yet. */
void throttle_attempt_init(ThrottleAttempt *a, const ThrottleRule *rule, const char *now);
/* Adds the key "<kind>:<value>" (at most THROTTLE_KEYS_MAX of them). */
void throttle_attempt_key(ThrottleAttempt *a, const char *kind, const char *value);
/* Checks the attempt's keys in a read transaction of its own. Returns 0 when
 * it may go on; -1 with a 429 problem (and res->retry_after set) when a key
 * has reached the limit, or with the store's error. */
int throttle_check(Request *req, const ThrottleAttempt *a, Response *res, Error *err);
/* Counts a failure under each of the attempt's keys, in a write transaction
 * of its own (the request's own work has been rolled back). 0 or -1. */
int throttle_record_failure(Request *req, const ThrottleAttempt *a, Error *err);

#endif
