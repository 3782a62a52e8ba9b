/* The answer cache (answer_cache.h): one table for the process, for the one
 * stamp its answers were computed at. Entries are chained in buckets by an
 * FNV-1a hash of the key; the table only ever grows until it is emptied, by
 * a new stamp or by a bound, so no entry needs a use count or an age. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/answer_cache.h"
#include "store/store.h"

#define BUCKETS 1024 /* a power of two, twice the entries kept at most */

typedef struct Entry {
  char *key;
  char *body;
  size_t body_len;
  const char *content_type; /* static */
  int64_t etag_version;
  struct Entry *next;
} Entry;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static Entry *buckets[BUCKETS];
static unsigned char current_stamp[STORE_STAMP_BYTES];
static size_t current_stamp_len, entries, bytes;

static size_t bucket_of(const char *key) {
  uint32_t h = 2166136261u;
  for (const unsigned char *p = (const unsigned char *)key; *p; p++) h = (h ^ *p) * 16777619u;
  return h & (BUCKETS - 1);
}

static int stamp_is_current(const unsigned char *stamp, size_t len) {
  return len == current_stamp_len && memcmp(stamp, current_stamp, len) == 0;
}

static size_t entry_size(const Entry *e) { return strlen(e->key) + e->body_len + sizeof(Entry); }

static void entry_free(Entry *e) {
  free(e->key);
  free(e->body);
  free(e);
}

/* Empties the table; the lock is held. */
static void drop_all(void) {
  for (size_t b = 0; b < BUCKETS; b++) {
    for (Entry *e = buckets[b], *next; e; e = next) {
      next = e->next;
      entry_free(e);
    }
    buckets[b] = NULL;
  }
  entries = bytes = 0;
}

int answer_cache_get(const unsigned char *stamp, size_t stamp_len, const char *key, Response *res) {
  int hit = 0;
  pthread_mutex_lock(&lock);
  if (stamp_len && stamp_is_current(stamp, stamp_len))
    for (const Entry *e = buckets[bucket_of(key)]; e && !hit; e = e->next)
      if (strcmp(e->key, key) == 0) {
        buffer_reset(&res->body);
        buffer_append(&res->body, e->body, e->body_len);
        res->status = 200;
        res->content_type = e->content_type;
        res->etag_version = e->etag_version;
        hit = 1;
      }
  pthread_mutex_unlock(&lock);
  return hit;
}

int answer_cache_put(const unsigned char *stamp, size_t stamp_len, const char *key, Response *res) {
  if (!stamp_len || stamp_len > STORE_STAMP_BYTES || res->status != 200 || res->location || res->set_cookie ||
      res->disposition)
    return 0;
  Buffer *body = response_body(res);
  if (body->len > ANSWER_CACHE_MAX_ANSWER_BYTES) return 0;
  Entry *e = calloc(1, sizeof *e);
  if (!e) abort();
  e->key = strdup(key);
  e->body = malloc(body->len + 1);
  if (!e->key || !e->body) abort();
  memcpy(e->body, buffer_cstr(body), body->len);
  e->body_len = body->len;
  e->content_type = res->content_type;
  e->etag_version = res->etag_version;
  size_t size = entry_size(e);
  pthread_mutex_lock(&lock);
  if (!stamp_is_current(stamp, stamp_len)) {
    drop_all();
    memcpy(current_stamp, stamp, stamp_len);
    current_stamp_len = stamp_len;
  }
  if (entries + 1 > ANSWER_CACHE_MAX_ENTRIES || bytes + size > ANSWER_CACHE_MAX_BYTES) drop_all();
  size_t b = bucket_of(key);
  for (Entry **p = &buckets[b]; *p; p = &(*p)->next)
    if (strcmp((*p)->key, key) == 0) { /* two threads computed it: the later one stays */
      Entry *old = *p;
      *p = old->next;
      bytes -= entry_size(old);
      entries--;
      entry_free(old);
      break;
    }
  e->next = buckets[b];
  buckets[b] = e;
  entries++;
  bytes += size;
  pthread_mutex_unlock(&lock);
  return 1;
}

void answer_cache_clear(void) {
  pthread_mutex_lock(&lock);
  drop_all();
  current_stamp_len = 0;
  pthread_mutex_unlock(&lock);
}

size_t answer_cache_entries(void) {
  pthread_mutex_lock(&lock);
  size_t n = entries;
  pthread_mutex_unlock(&lock);
  return n;
}

size_t answer_cache_bytes(void) {
  pthread_mutex_lock(&lock);
  size_t n = bytes;
  pthread_mutex_unlock(&lock);
  return n;
}
