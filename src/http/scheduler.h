/* The SLA scheduler inside `serve`: one thread that every interval
 * recomputes the cases whose next SLA check has come (the case_sla index,
 * never a scan of all open cases), which records the warnings and breaches
 * they reach, and then sends the outbound mail queue that is due. */
#ifndef FORGEDESK_SCHEDULER_H
#define FORGEDESK_SCHEDULER_H

#include "store/store.h"
#include "util/error.h"

#define SCHEDULER_BATCH_CASES 50     /* cases a transaction: the store's write lock is held a few ms at a time */
#define SCHEDULER_PASS_BUDGET_MS 35   /* a pass takes no batch that would end it later than this... */
#define SCHEDULER_BACKLOG_PAUSE_MS 100 /* ...and the next comes this soon, not an interval later */

typedef struct SchedulerOptions {
  const char *db_url;
  int interval;          /* seconds between passes; 0 = no scheduler */
  const char *smtp_url;  /* NULL: escalations are recorded as not sent */
  const char *mail_from; /* the sender, with smtp_url */
} SchedulerOptions;

/* Starts the thread (nothing when interval is 0). opts must outlive it.
 * Returns 0, or -1 with err set. */
int scheduler_start(const SchedulerOptions *opts, Error *err);
/* Wakes the thread, lets its pass finish and joins it; nothing when it was
 * not started. */
void scheduler_stop(void);
/* Asks for a pass now (after a committed change that made cases due):
 * the thread, waiting for its interval, starts one at once; one running
 * is followed by another. Nothing when the thread was not started. */
void scheduler_wake(void);
typedef struct SchedulerPass {
  int rechecked; /* cases recomputed */
  int backlog;   /* the budget ran out with cases still due */
} SchedulerPass;

/* One pass at now: batches of SCHEDULER_BATCH_CASES due cases, each batch a
 * write transaction and each case a savepoint in it, recomputed with the
 * escalations they reach recorded (to be mailed when notify is set), until
 * none are due or another batch, as long as the longest one so far, would
 * end the pass later than SCHEDULER_PASS_BUDGET_MS. A crowd of cases due
 * at once (a Monday morning) is so worked off in short passes, with the
 * writes of users in between, not in one long one. Returns 0, or -1 with
 * err set. */
int scheduler_pass(Db *db, const char *now, int notify, SchedulerPass *out, Error *err);

#endif
