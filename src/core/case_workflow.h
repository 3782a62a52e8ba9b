/* The life of a case (DOMAIN.md §2): its types, priorities and statuses, the
 * one table of allowed status changes with who may make them and their guards,
 * and what a change does to the case (resolution and closing times, reopen
 * count, first-contact resolution). Pure: no I/O. See docs/CASES.md. */
#ifndef FORGEDESK_CASE_WORKFLOW_H
#define FORGEDESK_CASE_WORKFLOW_H

#include <stddef.h>
#include <time.h>

#include "core/policy.h"

typedef enum {
  CASE_ENQUIRY,
  CASE_TECHNICAL_SUPPORT,
  CASE_COMPLAINT,
  CASE_RETURN, /* RMA */
  CASE_ORDER_CHANGE,
  CASE_INTERNAL_REQUEST,
  CASE_TYPE_COUNT
} CaseType;

typedef enum {
  CASE_NEW,
  CASE_OPEN,
  CASE_WAITING_ON_CUSTOMER,
  CASE_WAITING_ON_INTERNAL,
  CASE_RESOLVED,
  CASE_CLOSED,
  CASE_REOPENED,
  CASE_STATUS_COUNT
} CaseStatus;

/* Priorities run from 1 (a customer's line is down) to 4 (whenever convenient). */
enum { CASE_PRIORITY_HIGHEST = 1, CASE_PRIORITY_LOWEST = 4, CASE_PRIORITY_DEFAULT = 3 };

/* A closed case may be reopened for this long after it was closed; later the
 * customer's problem is a new case. */
#define CASE_REOPEN_WINDOW_SECONDS (30 * 24 * 3600)

/* The answer to "may this case move to that status?". */
typedef enum {
  CASE_MOVE_ALLOWED,
  CASE_MOVE_NOT_IN_TABLE,      /* no such transition from this status */
  CASE_MOVE_ROLE_REFUSED,      /* the transition exists, but not for this role */
  CASE_MOVE_REASON_REQUIRED,   /* the transition needs a reason, none given */
  CASE_MOVE_WINDOW_PASSED,     /* reopening a case closed too long ago */
} CaseMoveVerdict;

/* What the guards look at besides the two statuses. */
typedef struct CaseMoveContext {
  Role role;
  int has_reason;
  time_t now;
  time_t closed_at; /* 0 when the case is not closed */
} CaseMoveContext;

/* Names for the API and the store ("waiting_on_customer"); parse returns 0,
 * or -1 for an unknown name. */
const char *case_status_name(CaseStatus s);
int case_status_parse(const char *name, CaseStatus *out);
/* True for resolved and closed: a case in them owes the customer nothing, so
 * its SLA clocks stop. */
int case_status_is_final(CaseStatus s);
const char *case_type_name(CaseType t);
int case_type_parse(const char *name, CaseType *out);
/* NULL-terminated lists of every name, in enum order, for field validation. */
extern const char *const case_status_names[];
extern const char *const case_type_names[];

/* Whether the transition from → to may be made in ctx. */
CaseMoveVerdict case_move_check(CaseStatus from, CaseStatus to, const CaseMoveContext *ctx);
/* The statuses reachable from `from` in ctx, leaving the reason guard aside
 * (a caller can always add a reason): writes up to CASE_STATUS_COUNT entries
 * into out in enum order and returns how many. */
size_t case_move_targets(CaseStatus from, const CaseMoveContext *ctx, CaseStatus *out);
/* A sentence saying why a verdict refuses, for problem details. */
const char *case_move_verdict_text(CaseMoveVerdict v);

/* The facts about a case that status changes update. Times are 0 when unset. */
typedef struct CaseFacts {
  CaseStatus status;
  int reopen_count;
  int inbound_replies;  /* public replies from the customer after the case was opened */
  int outbound_replies; /* public replies from us */
  int first_contact_resolution;
  time_t resolved_at, closed_at;
} CaseFacts;

/* True when a case resolved now counts as resolved at first contact: never
 * reopened, no further word from the customer, at most one reply from us. */
int case_first_contact_resolution(const CaseFacts *f);
/* Applies an allowed move to facts at time now: resolving stamps resolved_at
 * and decides first-contact resolution; closing stamps closed_at; reopening
 * counts, clears both times and first-contact resolution. */
void case_apply_move(CaseFacts *f, CaseStatus to, time_t now);

#endif
