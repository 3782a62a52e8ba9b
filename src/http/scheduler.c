/* The SLA scheduler thread; see scheduler.h and docs/SLA.md. Each pass is
 * one write transaction: the cases due are taken from the index (on
 * PostgreSQL locked with SKIP LOCKED, so two servers share the work rather
 * than repeat it), each recomputed in its own savepoint so one bad case
 * cannot hold back the rest. Mail goes out after the commit: the claim is
 * committed first, the outcome recorded after. Each pass also offers the
 * unassigned cases of automatic teams to the allocation rules again
 * (docs/TEAM.md): someone may have come on shift. */
#include "http/scheduler.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/allocation.h"
#include "api/sla.h"
#include "util/mail.h"

#define PASS_CASES 200     /* cases per transaction; a pass takes batches until none are due */
#define PASS_BATCHES 50    /* at most this many batches a pass, so a crowd cannot starve the mail */
#define PASS_MAILS 20      /* mails claimed per batch */

static const AuditActor scheduler_actor = {0, "sla-scheduler"};
static const AuditActor allocation_actor = {0, "allocation"};

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

typedef int (*NoticeDone)(Db *db, int64_t id, const char *status, const char *detail, const char *now, Error *err);

/* Mails one claimed notice to email and records, in its own transaction,
 * how it went through done. */
static void deliver(Db *db, int64_t id, const char *email, const char *subject, const char *body, NoticeDone done) {
  Error err = ERROR_INIT;
  int sent = email && mail_send(sched.opts->smtp_url, sched.opts->mail_from, email, subject, body, &err) == 0;
  char now[TIME_TEXT_SIZE];
  time_now_text(now);
  Error store = ERROR_INIT;
  if (store_begin_write(db, &store) ||
      done(db, id, sent ? "sent" : "failed", sent ? NULL : email ? err.detail : "the user has no email address", now,
           &store) ||
      store_commit(db, &store)) {
    store_rollback(db);
    report("recording a notification", &store);
  }
  error_clear(&store);
  error_clear(&err);
}

/* The notice for one claimed escalation. */
static void mail_escalation(Db *db, const json_t *e) {
  const char *level = json_string_value(json_object_get(e, "level"));
  const char *target = json_string_value(json_object_get(e, "target"));
  long long case_id = (long long)json_integer_value(json_object_get(e, "case_id"));
  Buffer subject = BUFFER_INIT, body = BUFFER_INIT;
  buffer_printf(&subject, "[forgedesk] SLA %s on case %lld: %s", level, case_id, target);
  buffer_printf(&body, "Case %lld, \"%s\": its %s clock reached %s.\r\n", case_id,
                json_string_value(json_object_get(e, "subject")), target, level);
  deliver(db, json_integer_value(json_object_get(e, "id")), json_string_value(json_object_get(e, "email")),
          buffer_cstr(&subject), buffer_cstr(&body), store_sla_notify_done);
  buffer_free(&subject);
  buffer_free(&body);
}

/* A mentor's notice of a stretch case (docs/TEAM.md). */
static void mail_mentor(Db *db, const json_t *n) {
  Buffer subject = BUFFER_INIT, body = BUFFER_INIT;
  buffer_printf(&subject, "[forgedesk] Stretch case %lld: %s", (long long)json_integer_value(json_object_get(n, "case_id")),
                json_string_value(json_object_get(n, "subject")));
  buffer_printf(&body, "%s\r\n", json_string_value(json_object_get(n, "body")));
  deliver(db, json_integer_value(json_object_get(n, "id")), json_string_value(json_object_get(n, "email")),
          buffer_cstr(&subject), buffer_cstr(&body), store_allocation_notice_done);
  buffer_free(&subject);
  buffer_free(&body);
}

typedef int (*NoticeClaim)(Db *db, int limit, json_t **claimed, Error *err);

/* Claims and sends the notices waiting for mail, a batch at a time. */
static void pass_mail(Db *db, NoticeClaim claim, void (*send)(Db *db, const json_t *row)) {
  for (int batch = 0; batch < PASS_BATCHES && !stopping(); batch++) {
    Error err = ERROR_INIT;
    json_t *claimed = NULL;
    if (store_begin_write(db, &err) || claim(db, PASS_MAILS, &claimed, &err) || store_commit(db, &err)) {
      store_rollback(db);
      report("claiming notifications", &err);
      error_clear(&err);
      json_decref(claimed);
      return;
    }
    size_t i, n = json_array_size(claimed);
    json_t *e;
    json_array_foreach(claimed, i, e) send(db, e);
    json_decref(claimed);
    if (n < PASS_MAILS) return;
  }
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
  if (!stopping()) pass_allocation(db);
  if (sched.opts->smtp_url) {
    pass_mail(db, store_sla_notify_claim, mail_escalation);
    pass_mail(db, store_allocation_notices_claim, mail_mentor);
  }
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
