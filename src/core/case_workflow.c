/* The case status table and what moves do; see case_workflow.h and
 * docs/CASES.md, which explains each row. */
#include "core/case_workflow.h"

#include <string.h>

#define R(role) (1u << (role))
/* Everyone who works cases; auditors and HR do not. */
#define WORKERS (R(ROLE_AGENT) | R(ROLE_TEAM_LEADER) | R(ROLE_CS_MANAGER) | R(ROLE_QUALITY_MANAGER) | R(ROLE_ADMIN))
#define LEADERS (R(ROLE_TEAM_LEADER) | R(ROLE_CS_MANAGER) | R(ROLE_QUALITY_MANAGER) | R(ROLE_ADMIN))

enum { GUARD_REASON = 1, GUARD_REOPEN_WINDOW = 2 };

const char *const case_status_names[] = {
    [CASE_NEW] = "new",
    [CASE_OPEN] = "open",
    [CASE_WAITING_ON_CUSTOMER] = "waiting_on_customer",
    [CASE_WAITING_ON_INTERNAL] = "waiting_on_internal",
    [CASE_RESOLVED] = "resolved",
    [CASE_CLOSED] = "closed",
    [CASE_REOPENED] = "reopened",
    [CASE_STATUS_COUNT] = NULL,
};

const char *const case_type_names[] = {
    [CASE_ENQUIRY] = "enquiry",
    [CASE_TECHNICAL_SUPPORT] = "technical_support",
    [CASE_COMPLAINT] = "complaint",
    [CASE_RETURN] = "return",
    [CASE_ORDER_CHANGE] = "order_change",
    [CASE_INTERNAL_REQUEST] = "internal_request",
    [CASE_TYPE_COUNT] = NULL,
};

static const struct {
  CaseStatus from, to;
  unsigned roles;
  unsigned guards;
} moves[] = {
    {CASE_NEW, CASE_OPEN, WORKERS, 0},
    {CASE_NEW, CASE_WAITING_ON_CUSTOMER, WORKERS, 0},
    {CASE_NEW, CASE_WAITING_ON_INTERNAL, WORKERS, 0},
    {CASE_NEW, CASE_RESOLVED, WORKERS, 0},
    {CASE_NEW, CASE_CLOSED, WORKERS, GUARD_REASON}, /* a duplicate, or raised in error */
    {CASE_OPEN, CASE_WAITING_ON_CUSTOMER, WORKERS, 0},
    {CASE_OPEN, CASE_WAITING_ON_INTERNAL, WORKERS, 0},
    {CASE_OPEN, CASE_RESOLVED, WORKERS, 0},
    {CASE_WAITING_ON_CUSTOMER, CASE_OPEN, WORKERS, 0},
    {CASE_WAITING_ON_CUSTOMER, CASE_WAITING_ON_INTERNAL, WORKERS, 0},
    {CASE_WAITING_ON_CUSTOMER, CASE_RESOLVED, WORKERS, 0},
    {CASE_WAITING_ON_INTERNAL, CASE_OPEN, WORKERS, 0},
    {CASE_WAITING_ON_INTERNAL, CASE_WAITING_ON_CUSTOMER, WORKERS, 0},
    {CASE_WAITING_ON_INTERNAL, CASE_RESOLVED, WORKERS, 0},
    {CASE_RESOLVED, CASE_CLOSED, WORKERS, 0},
    {CASE_RESOLVED, CASE_REOPENED, WORKERS, GUARD_REASON},
    {CASE_CLOSED, CASE_REOPENED, LEADERS, GUARD_REASON | GUARD_REOPEN_WINDOW},
    {CASE_REOPENED, CASE_OPEN, WORKERS, 0},
    {CASE_REOPENED, CASE_WAITING_ON_CUSTOMER, WORKERS, 0},
    {CASE_REOPENED, CASE_WAITING_ON_INTERNAL, WORKERS, 0},
    {CASE_REOPENED, CASE_RESOLVED, WORKERS, 0},
};

static int parse_name(const char *const *names, int count, const char *name, int *out) {
  for (int i = 0; i < count; i++)
    if (strcmp(names[i], name) == 0) {
      *out = i;
      return 0;
    }
  return -1;
}

const char *case_status_name(CaseStatus s) { return s < CASE_STATUS_COUNT ? case_status_names[s] : "unknown"; }
const char *case_type_name(CaseType t) { return t < CASE_TYPE_COUNT ? case_type_names[t] : "unknown"; }

int case_status_is_final(CaseStatus s) { return s == CASE_RESOLVED || s == CASE_CLOSED; }

int case_status_parse(const char *name, CaseStatus *out) {
  int i;
  if (parse_name(case_status_names, CASE_STATUS_COUNT, name, &i)) return -1;
  *out = (CaseStatus)i;
  return 0;
}

int case_type_parse(const char *name, CaseType *out) {
  int i;
  if (parse_name(case_type_names, CASE_TYPE_COUNT, name, &i)) return -1;
  *out = (CaseType)i;
  return 0;
}

/* Checks one move; check_reason is 0 when listing targets. */
static CaseMoveVerdict verdict(CaseStatus from, CaseStatus to, const CaseMoveContext *ctx, int check_reason) {
  for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++) {
    if (moves[i].from != from || moves[i].to != to) continue;
    if (ctx->role >= ROLE_COUNT || !(moves[i].roles & R(ctx->role))) return CASE_MOVE_ROLE_REFUSED;
    if ((moves[i].guards & GUARD_REOPEN_WINDOW) && ctx->now - ctx->closed_at > CASE_REOPEN_WINDOW_SECONDS)
      return CASE_MOVE_WINDOW_PASSED;
    if (check_reason && (moves[i].guards & GUARD_REASON) && !ctx->has_reason) return CASE_MOVE_REASON_REQUIRED;
    return CASE_MOVE_ALLOWED;
  }
  return CASE_MOVE_NOT_IN_TABLE;
}

CaseMoveVerdict case_move_check(CaseStatus from, CaseStatus to, const CaseMoveContext *ctx) {
  return verdict(from, to, ctx, 1);
}

size_t case_move_targets(CaseStatus from, const CaseMoveContext *ctx, CaseStatus *out) {
  size_t n = 0;
  for (int to = 0; to < CASE_STATUS_COUNT; to++)
    if (verdict(from, (CaseStatus)to, ctx, 0) == CASE_MOVE_ALLOWED) out[n++] = (CaseStatus)to;
  return n;
}

const char *case_move_verdict_text(CaseMoveVerdict v) {
  switch (v) {
  case CASE_MOVE_ALLOWED: return "the change is allowed";
  case CASE_MOVE_NOT_IN_TABLE: return "a case cannot go straight from this status to that one";
  case CASE_MOVE_ROLE_REFUSED: return "your role may not make this change";
  case CASE_MOVE_REASON_REQUIRED: return "this change needs a reason";
  case CASE_MOVE_WINDOW_PASSED: return "the case was closed more than 30 days ago; open a new case instead";
  }
  return "unknown";
}

int case_first_contact_resolution(const CaseFacts *f) {
  return f->reopen_count == 0 && f->inbound_replies == 0 && f->outbound_replies <= 1;
}

void case_apply_move(CaseFacts *f, CaseStatus to, time_t now) {
  switch (to) {
  case CASE_RESOLVED:
    f->resolved_at = now;
    f->first_contact_resolution = case_first_contact_resolution(f);
    break;
  case CASE_CLOSED:
    f->closed_at = now;
    break;
  case CASE_REOPENED:
    f->reopen_count++;
    f->resolved_at = 0;
    f->closed_at = 0;
    f->first_contact_resolution = 0;
    break;
  default:
    break;
  }
  f->status = to;
}
