/* The SLA scheduler thread; see scheduler.h and docs/SLA.md. A pass takes
 * the cases due from the index in short batches, a write transaction each
 * (on PostgreSQL locked with SKIP LOCKED, so two servers share the work
 * rather than repeat it), each case recomputed in its own savepoint so one
 * bad case cannot hold back the rest. Each pass also offers the unassigned
 * cases of automatic teams to the allocation rules again (docs/TEAM.md):
 * someone may have come on shift. Then the outbound mail queue is sent
 * (api/mail.h): claimed and committed first, the outcome recorded after.
 * Once a minute the retention periods are applied (api/privacy.h): one
 * transaction, at most PRIVACY_RUN_LIMIT records of each kind.
 * Last, the report roll-ups' marked buckets are recomputed in short batches
 * (src/store/rollups.c, docs/ROLLUPS.md). */
#include "http/scheduler.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/allocation.h"
#include "api/mail.h"
#include "api/privacy.h"
#include "api/sla.h"
#include "api/surveys.h"
#include "util/mail.h"

#define PASS_BATCHES 50    /* mail batches a pass at most */
#define PASS_SURVEYS 200   /* relationship survey invitations made a pass at most */
#define PASS_MAILS 20      /* mails claimed per batch */
#define PRIVACY_EVERY_S 60 /* seconds between retention runs */
#define PASS_ROLLUP_BUCKETS 100 /* roll-up buckets recomputed per transaction */

static const AuditActor scheduler_actor = {0, "sla-scheduler"};
static const AuditActor survey_actor = {0, "survey-scheduler"};
static const AuditActor allocation_actor = {0, "allocation"};
static const AuditActor retention_actor = {0, "retention-scheduler"};

static struct {
  const SchedulerOptions *opts;
  pthread_t thread;
  int running;
  pthread_mutex_t lock;
  pthread_cond_t wake;
  int stopping;
  int woken; /* a pass was asked for (scheduler_wake) since the last began */
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

/* One transaction: up to SCHEDULER_BATCH_CASES due cases recomputed, each in
 * its own savepoint; *taken is how many were due. Its commit does not wait
 * for the disk (store_begin_unsynced_write): lost in a power cut, the cases
 * are due again and recomputed, and a mail it queued is sent only after the
 * queue's own durable commit. */
static int recheck_batch(Db *db, const char *now, int notify, int *taken, Error *err) {
  json_t *due = NULL;
  *taken = 0;
  if (store_begin_unsynced_write(db, err)) return -1;
  if (store_case_sla_due(db, now, SCHEDULER_BATCH_CASES, &due, err)) {
    store_rollback(db);
    return -1;
  }
  size_t i;
  json_t *row;
  json_array_foreach(due, i, row) {
    int64_t id = json_integer_value(json_object_get(row, "case_id"));
    Error one = ERROR_INIT;
    if (store_savepoint(db, &one) == 0 &&
        sla_case_refresh(db, id, &scheduler_actor, now, notify, NULL, &one) == 0) {
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

/* Makes the relationship invitations that have come due, then queues the
 * email invitations due on the outbound queue, a batch per transaction
 * (their links are made as the queue sends them, api/mail.h). */
static void pass_surveys(Db *db) {
  char now[TIME_TEXT_SIZE];
  time_now_text(now);
  Error err = ERROR_INIT;
  if (store_begin_write(db, &err) || surveys_invite_relationships(db, &survey_actor, now, PASS_SURVEYS, &err) ||
      store_commit(db, &err)) {
    store_rollback(db);
    report("relationship surveys", &err);
  }
  error_clear(&err);
  int queued = PASS_MAILS;
  for (int batch = 0; sched.opts->smtp_url && queued == PASS_MAILS && batch < PASS_BATCHES && !stopping(); batch++) {
    if (store_begin_write(db, &err) || surveys_queue_invitations(db, now, PASS_MAILS, &queued, &err) ||
        store_commit(db, &err)) {
      store_rollback(db);
      report("queueing survey invitations", &err);
      error_clear(&err);
      return;
    }
  }
}

int scheduler_pass(Db *db, const char *now, int notify, SchedulerPass *out, Error *err) {
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  memset(out, 0, sizeof *out);
  int taken = SCHEDULER_BATCH_CASES;
  double longest_batch_ms = 0;
  while (taken == SCHEDULER_BATCH_CASES) {
    struct timespec batch_start;
    clock_gettime(CLOCK_MONOTONIC, &batch_start);
    if (recheck_batch(db, now, notify, &taken, err)) return -1;
    out->rechecked += taken;
    double batch_ms = time_ms_since(&batch_start);
    if (batch_ms > longest_batch_ms) longest_batch_ms = batch_ms;
    /* No batch is started that would, taking as long as the longest so far, end past the budget. */
    if (taken == SCHEDULER_BATCH_CASES && time_ms_since(&start) + longest_batch_ms >= SCHEDULER_PASS_BUDGET_MS) {
      out->backlog = 1;
      break;
    }
  }
  return 0;
}

/* One transaction of allocation: the unassigned cases of automatic teams. */
static void pass_allocation(Db *db) {
  char now[TIME_TEXT_SIZE];
  time_now_text(now);
  Error err = ERROR_INIT;
  if (store_begin_write(db, &err) ||
      allocation_sweep(db, &allocation_actor, now, sched.opts->smtp_url != NULL, &err) ||
      store_commit(db, &err)) {
    store_rollback(db);
    report("allocating unassigned cases", &err);
  }
  error_clear(&err);
}

/* The retention periods, when a minute has passed since the last run. */
static void pass_privacy(Db *db) {
  static time_t last; /* the scheduler thread's own */
  time_t t = time(NULL);
  if (last && t - last < PRIVACY_EVERY_S) return;
  last = t;
  char now[TIME_TEXT_SIZE];
  time_now_text(now);
  Error err = ERROR_INIT;
  json_t *applied = NULL;
  if (store_begin_write(db, &err) || privacy_retention_apply(db, &retention_actor, now, PRIVACY_RUN_LIMIT, &applied, &err) ||
      store_commit(db, &err)) {
    store_rollback(db);
    report("applying retention periods", &err);
  }
  json_decref(applied);
  error_clear(&err);
}

/* Marked roll-up buckets, within the pass budget; returns whether some are left. */
static int pass_rollups(Db *db) {
  Error err = ERROR_INIT;
  int64_t done = 0;
  int left = 0;
  if (store_rollup_catch_up(db, PASS_ROLLUP_BUCKETS, SCHEDULER_PASS_BUDGET_MS, &done, &left, &err))
    report("recomputing roll-ups", &err);
  error_clear(&err);
  return left;
}

/* A pass at the current time, the allocation sweep, the surveys, the
 * retention periods, the mail, then the roll-ups; returns whether cases or
 * roll-up buckets are still waiting. */
static int pass(Db *db) {
  char now[TIME_TEXT_SIZE];
  time_now_text(now);
  Error err = ERROR_INIT;
  SchedulerPass done;
  if (scheduler_pass(db, now, sched.opts->smtp_url != NULL, &done, &err)) report("a pass", &err);
  error_clear(&err);
  if (!stopping()) pass_allocation(db);
  pass_surveys(db);
  if (!stopping()) pass_privacy(db);
  if (sched.opts->smtp_url) mail_outbox_send_due(db, sched.opts->smtp_url, sched.opts->mail_from, stopping);
  int rollups_left = stopping() ? 0 : pass_rollups(db);
  return done.backlog || rollups_left;
}

static void *scheduler_main(void *arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "fd-scheduler");
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
    int backlog = pass(db);
    pthread_mutex_lock(&sched.lock);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    if (backlog) { /* soon again, once the writes waiting for the store have had it */
      until.tv_nsec += SCHEDULER_BACKLOG_PAUSE_MS * 1000000L;
      until.tv_sec += until.tv_nsec / 1000000000L;
      until.tv_nsec %= 1000000000L;
    } else {
      until.tv_sec += sched.opts->interval;
    }
    while (!sched.stopping && !sched.woken && pthread_cond_timedwait(&sched.wake, &sched.lock, &until) != ETIMEDOUT) {
    }
    sched.woken = 0;
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

void scheduler_wake(void) {
  pthread_mutex_lock(&sched.lock);
  sched.woken = 1;
  pthread_cond_signal(&sched.wake);
  pthread_mutex_unlock(&sched.lock);
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
