/* What the fuzz targets share: a SQLite store filled with the demo company
 * (once per process), signed-in principals with known secrets, and running
 * one request through the dispatcher exactly as the server does, without a
 * socket. A request that changes data runs inside a transaction that is
 * rolled back afterwards, so every input meets the same records. */
#ifndef FORGEDESK_FUZZ_SUPPORT_H
#define FORGEDESK_FUZZ_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "http/http.h"

/* The fixed secrets the seeds carry (43 characters, like real tokens). */
#define FUZZ_BEARER_TOKEN "fuzzBearerTokenForTheAdminUser0000000000000"
#define FUZZ_QUALITY_TOKEN "fuzzBearerTokenForTheQualityManager00000000" /* grace.okafor */
#define FUZZ_SESSION_TOKEN "fuzzSessionTokenForTheAdminUser000000000000"
#define FUZZ_CSRF_TOKEN "fuzzCsrfTokenOfTheAdminSession0000000000000"
#define FUZZ_SURVEY_TOKEN "fuzzSurveyLinkTokenOfOneLiveInvitation00000"

/* The demo store, made on first use; aborts when it cannot be made. */
Db *fuzz_store(void);
/* A request as request_from_h2o makes one: method, path and query copied,
 * the body copied and NUL-terminated; no headers. Freed by fuzz_run. */
Request *fuzz_request(HttpMethod method, const char *path, const char *query, const uint8_t *body, size_t len);
/* A header value copied from data[0..len) (NULL when data is NULL). */
char *fuzz_text(const uint8_t *data, size_t len);
/* Routes req as the server does (404/405 when nothing matches), runs it on
 * the demo store, serialises the answer and frees the request. An answer of
 * 500 or more means the input reached something it must not, and aborts
 * with the problem: every bad input must be a 4xx, told as problem+json.
 * Returns the status. */
int fuzz_run(Request *req);
/* Hands out a new live survey invitation under FUZZ_SURVEY_TOKEN (after
 * one was answered), giving the previous one an unknown token. */
void fuzz_survey_link_renew(void);
/* Splits data at the first n-1 newlines into parts[0..n); the last part is
 * the rest. Parts that are missing are NULL. */
void fuzz_split(const uint8_t *data, size_t size, const uint8_t **parts, size_t *lens, size_t n);

#endif
