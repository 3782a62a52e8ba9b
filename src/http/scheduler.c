/* The SLA scheduler thread; see scheduler.h and docs/SLA.md. Each pass is
 * one write transaction: the cases due are taken from the index (on
 * PostgreSQL locked with SKIP LOCKED, so two servers share the work rather
 * than repeat it), each recomputed in its own savepoint so one bad case
 * cannot hold back the rest. Then the outbound mail queue is sent
 * (api/mail.h): claimed and committed first, the outcome recorded after. */
#include "http/scheduler.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/mail.h"
#include "api/sla.h"
#include "util/mail.h"

#define PASS_CASES 200     /* cases per transaction; a pass takes batches until none are due */
#define PASS_BATCHES 50    /* at most this many batches a pass, so a crowd cannot starve the mail */

static const AuditActor scheduler_actor = {0, "sla-scheduler"};

static struct {
  const SchedulerOptions *opts;
  pthread_t thread;
  int running;
  pthread_mutex_t lock;
  pthread_cond_t wake;
  int stopping;
} sched = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

/* Whether serve is stopping: a pass ends after the batch it is in. */
static int stopping(void) {
  pthread_mutex_lock(&sched.lock);
  int stop = sched.stopping;
  pthread_mutex_unlock(&sched.lock);
  return stop;
}

static void report(const char *what, const Error *err) {
  fprintf(stderr, "forgedesk: sla scheduler: %s: %s\n", what, err->detail ? err->detail : "failed");
}

/* Recomputes one batch of due cases; *taken says how many were due. */
static int pass_batch(Db *db, int *taken, Error *err) {
  char now[TIME_TEXT_SIZE];
  time_now_text(now);
  json_t *due = NULL;
  *taken = 0;
  if (store_begin_write(db, err)) return -1;
  if (store_case_sla_due(db, now, PASS_CASES, &due, err)) {
    store_rollback(db);
    return -1;
  }
  size_t i;
  json_t *row;
  json_array_foreach(due, i, row) {
    int64_t id = json_integer_value(json_object_get(row, "case_id"));
    Error one = ERROR_INIT;
    if (store_savepoint(db, &one) == 0 &&
        sla_case_refresh(db, id, &scheduler_actor, now, sched.opts->smtp_url != NULL, &one) == 0) {
      store_release_savepoint(db, &one);
    } else {
      store_rollback_to_savepoint(db);
      report("recomputing a case", &one);
    }
    error_clear(&one);
  }
  *taken = (int)json_array_size(due);
  json_decref(due);
  return store_commit(db, err);
}

static void pass(Db *db) {
  int taken = PASS_CASES;
  for (int batch = 0; batch < PASS_BATCHES && taken == PASS_CASES && !stopping(); batch++) {
    Error err = ERROR_INIT;
    if (pass_batch(db, &taken, &err)) {
      report("a pass", &err);
      taken = 0;
    }
    error_clear(&err);
  }
  if (sched.opts->smtp_url) mail_outbox_send_due(db, sched.opts->smtp_url, sched.opts->mail_from, stopping);
}

static void *scheduler_main(void *arg) {
  (void)arg;
  Db *db = NULL;
  Error err = ERROR_INIT;
  if (store_open(sched.opts->db_url, &db, &err)) {
    report("opening the store", &err);
    error_clear(&err);
    return NULL;
  }
  pthread_mutex_lock(&sched.lock);
  while (!sched.stopping) {
    pthread_mutex_unlock(&sched.lock);
    pass(db);
    pthread_mutex_lock(&sched.lock);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += sched.opts->interval;
    while (!sched.stopping && pthread_cond_timedwait(&sched.wake, &sched.lock, &until) != ETIMEDOUT) {
    }
  }
  pthread_mutex_unlock(&sched.lock);
  store_close(db);
  return NULL;
}

int scheduler_start(const SchedulerOptions *opts, Error *err) {
  sla_set_notify(opts->smtp_url && opts->interval > 0);
  if (opts->interval <= 0) return 0;
  if (opts->smtp_url && mail_global_init(err)) return -1;
  sched.opts = opts;
  sched.stopping = 0;
  if (pthread_create(&sched.thread, NULL, scheduler_main, NULL) != 0) {
    if (opts->smtp_url) mail_global_cleanup();
    return error_set(err, 500, "Cannot start", "the SLA scheduler thread could not be started");
  }
  sched.running = 1;
  return 0;
}

void scheduler_stop(void) {
  if (!sched.running) return;
  pthread_mutex_lock(&sched.lock);
  sched.stopping = 1;
  pthread_cond_broadcast(&sched.wake);
  pthread_mutex_unlock(&sched.lock);
  pthread_join(sched.thread, NULL);
  sched.running = 0;
  if (sched.opts->smtp_url) mail_global_cleanup();
}
