/* SLA policies and the SLA clocks of a case: the targets a contract sets in
 * business time, and what a case's history makes of them at an instant
 * (running, paused, met or breached; due, used, left, warnings), with the next
 * instant anything changes, for the scheduler's index.
 *
 * Pure: no I/O, no allocation while computing clocks. A parsed SlaPolicy is
 * immutable and may be shared between threads, as its Calendar may. The rules
 * (when each clock starts, pauses and stops; reopening; priority changes) are
 * in docs/SLA.md.
 *
 * JSON form: {"name": "Gold", "calendar": {...calendar JSON...},
 *             "targets": {"1": {"first_response": 60, "next_update": 240, "resolution": 480}, ...},
 *             "pause_statuses": ["waiting_on_customer"], "warn_at": [75, 90],
 *             "acknowledgement": 120, "review_on": "2027-06-30"} */
#ifndef FORGEDESK_SLA_H
#define FORGEDESK_SLA_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/calendar.h"
#include "core/case_workflow.h"
#include "util/error.h"

#define SLA_PRIORITIES 4    /* priorities 1 (highest) .. 4 */
#define SLA_WARNINGS_MAX 2  /* warning thresholds a policy may set */
#define SLA_MINUTES_MAX 1000000 /* a target beyond some two years of office time is a mistake */

/* The clocks of a case. The first three have targets per priority; the
 * acknowledgement clock runs for complaints only, with one target. */
typedef enum SlaClockKind {
  SLA_FIRST_RESPONSE,
  SLA_NEXT_UPDATE,
  SLA_RESOLUTION,
  SLA_ACKNOWLEDGEMENT,
  SLA_CLOCK_COUNT
} SlaClockKind;
#define SLA_PRIORITY_CLOCKS 3 /* the kinds before SLA_ACKNOWLEDGEMENT */

typedef struct SlaPolicy {
  char *name;                                           /* owned */
  Calendar *calendar;                                   /* owned */
  int64_t targets[SLA_PRIORITIES][SLA_PRIORITY_CLOCKS]; /* business minutes; 0 = no target */
  int64_t acknowledgement;                              /* business minutes; 0 = no target */
  unsigned pause_statuses;                              /* bit 1u << CaseStatus for each pausing status */
  int warn_at[SLA_WARNINGS_MAX];                        /* percent of a target, strictly increasing */
  int nwarn;                                            /* 0 .. SLA_WARNINGS_MAX */
  long long review_on;                                  /* the review date, days since 1970-01-01 */
} SlaPolicy;

/* Validates json and builds a policy, its calendar compiled around `now` (see
 * calendar_parse). On success *out is a new policy the caller owns
 * (sla_policy_free) and 0 is returned. On failure returns -1 with *out NULL
 * and err holding one field error per problem ("name", "calendar.tz",
 * "targets.5", "targets.1.resolution", "pause_statuses[1]", "warn_at[1]",
 * "acknowledgement", "review_on", an unknown key's name, ...). Absent
 * pause_statuses means ["waiting_on_customer"], absent warn_at [75, 90]. */
int sla_policy_parse(const json_t *json, time_t now, SlaPolicy **out, Error *err);
/* Frees a policy and its calendar; NULL is allowed. */
void sla_policy_free(SlaPolicy *policy);
/* The target in business minutes of clock kind for priority (1..4), 0 when
 * the policy sets none. The acknowledgement target is the same for all. */
int64_t sla_policy_target(const SlaPolicy *policy, int priority, SlaClockKind kind);

typedef enum SlaReview {
  SLA_REVIEW_NOT_DUE, /* the review date is more than lead_days away */
  SLA_REVIEW_DUE,     /* within lead_days of the review date, or on it */
  SLA_REVIEW_OVERDUE, /* the review date has passed */
} SlaReview;
/* Whether the policy's review reminder is due on date today ("YYYY-MM-DD",
 * checked by the caller, in whatever zone the caller reminds in), given the
 * days of notice wanted (e.g. 30). */
SlaReview sla_policy_review(const SlaPolicy *policy, const char *today, int lead_days);

/* What happened to a case, in time order. */
typedef enum SlaEventKind {
  SLA_EVENT_STATUS,           /* the status became `value` (a CaseStatus) */
  SLA_EVENT_REPLY,            /* a public reply by an agent to the customer (outbound) */
  SLA_EVENT_CUSTOMER_MESSAGE, /* a message from the customer (inbound) */
  SLA_EVENT_PRIORITY,         /* the priority became `value` (1..4) */
  SLA_EVENT_ACKNOWLEDGED,     /* a complaint's acknowledgement step was recorded */
} SlaEventKind;

typedef struct SlaEvent {
  SlaEventKind kind;
  time_t at;
  int value; /* the status or priority; unused by the other kinds */
} SlaEvent;

/* A case as the clocks see it: it is `new` at opened_at with priority. */
typedef struct SlaCase {
  int priority; /* at opening, 1..4 */
  time_t opened_at;
  int is_complaint; /* runs the acknowledgement clock */
  const SlaEvent *events;
  size_t nevents;
} SlaCase;

typedef enum SlaClockState {
  SLA_NOT_APPLICABLE, /* no target for this priority (or not a complaint) */
  SLA_RUNNING,
  SLA_PAUSED,
  SLA_MET, /* nothing is owed now, and what was owed last came in time */
  SLA_BREACHED,
} SlaClockState;

typedef enum SlaWarning {
  SLA_WARNING_NONE,
  SLA_WARNING_FIRST,  /* warn_at[0] percent used */
  SLA_WARNING_SECOND, /* warn_at[1] percent used */
  SLA_WARNING_BREACHED,
} SlaWarning;

/* One clock at an instant. For next_update, the figures are those of the
 * current (or last) wait for an update; breaches counts every wait breached. */
typedef struct SlaClock {
  SlaClockState state;
  int64_t target;     /* business minutes; 0 when not applicable */
  int due_known;      /* 0 while paused: the due instant waits on the resume */
  time_t due;         /* when due_known: when it is (or was) due */
  int64_t used;       /* business minutes counted (truncated) */
  int64_t left;       /* target - used; negative when breached, frozen while paused */
  int64_t paused;     /* business minutes spent in pausing statuses */
  int percent;        /* of the target used, truncated; over 100 when breached */
  SlaWarning warning; /* the highest level reached */
  time_t breached_at; /* the instant the target ran out; 0 when not breached */
  int breaches;       /* breached targets: 0 or 1, more for next_update */
  int wait;           /* next_update: which wait for an update the figures are of (1 = the first); 1 for the others */
  time_t next_change; /* the next warning or breach while running; 0 when none comes without an event */
} SlaClock;

typedef struct SlaClocks {
  int priority; /* the priority at `now`, whose targets apply */
  SlaClock clock[SLA_CLOCK_COUNT];
} SlaClocks;

/* The clocks of the case at instant now (events after now are not counted
 * yet) into *out. Returns 0, or -1 with err set: a field error on "priority",
 * "events[i]" (before opening or out of order) or "events[i].value", a 422
 * when an instant lies outside the calendar's horizon. */
int sla_clocks_compute(const SlaPolicy *policy, const SlaCase *c, time_t now, SlaClocks *out, Error *err);
/* The earliest instant after the computation's `now` at which a clock of
 * clocks crosses a warning threshold or breaches, into *at. Returns 1, or 0
 * when nothing changes until the case does (no clock running), leaving *at. */
int sla_clocks_next_check(const SlaClocks *clocks, time_t *at);

/* Static names for JSON and logs: "first_response", "running", "second", ... */
const char *sla_clock_kind_name(SlaClockKind kind);
const char *sla_clock_state_name(SlaClockState state);
const char *sla_warning_name(SlaWarning warning);

#endif
