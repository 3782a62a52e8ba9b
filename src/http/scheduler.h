/* The SLA scheduler inside `serve`: one thread that every interval
 * recomputes the cases whose next SLA check has come (the case_sla index,
 * never a scan of all open cases), which records the warnings and breaches
 * they reach, and then sends the outbound mail queue that is due. */
#ifndef FORGEDESK_SCHEDULER_H
#define FORGEDESK_SCHEDULER_H

#include "util/error.h"

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

#endif
