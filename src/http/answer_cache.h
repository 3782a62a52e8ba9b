/* Answers of the dashboard and report routes (ROUTE_CACHED) kept for the
 * data they were computed from: a hit needs the same question (who asks,
 * the day, path and query) and the same data stamp (store_data_stamp), so a
 * commit anywhere, by any process, makes the next read compute afresh. */
#ifndef FORGEDESK_HTTP_ANSWER_CACHE_H
#define FORGEDESK_HTTP_ANSWER_CACHE_H

#include <stddef.h>

#include "http/http.h"

/* Bounds on what is kept; reaching either empties the cache. */
#define ANSWER_CACHE_MAX_ENTRIES 512
#define ANSWER_CACHE_MAX_BYTES (32u << 20)
/* Larger answers are never kept. */
#define ANSWER_CACHE_MAX_ANSWER_BYTES (4u << 20)

/* Fills res with the answer kept for key at stamp; 1 on a hit, else 0. */
int answer_cache_get(const unsigned char *stamp, size_t stamp_len, const char *key, Response *res);
/* Keeps res, a 200 answer, as the answer to key at stamp (serialising its
 * body); 1 when kept. Answers kept for another stamp are dropped first:
 * they can no longer be hit. */
int answer_cache_put(const unsigned char *stamp, size_t stamp_len, const char *key, Response *res);
/* Drops every answer (at shutdown, and in tests). */
void answer_cache_clear(void);
/* What is kept: for tests and the bounds. */
size_t answer_cache_entries(void);
size_t answer_cache_bytes(void);

#endif
