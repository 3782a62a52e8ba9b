/* Complaint handling after ISO 10002 (DOMAIN.md §2): the steps a complaint
 * goes through as one table, the guards that say what is still missing before
 * a step may be taken, and the escalation a complaint needs. Pure: no I/O.
 * See docs/CASES.md. */
#ifndef FORGEDESK_COMPLAINT_WORKFLOW_H
#define FORGEDESK_COMPLAINT_WORKFLOW_H

#include <stddef.h>

#include "core/policy.h"

typedef enum {
  COMPLAINT_RECEIVED,
  COMPLAINT_ACKNOWLEDGED,
  COMPLAINT_ASSESSED,
  COMPLAINT_INVESTIGATED,
  COMPLAINT_ROOT_CAUSE,
  COMPLAINT_DECIDED,
  COMPLAINT_COMMUNICATED,
  COMPLAINT_CLOSED,
  COMPLAINT_FOLLOWED_UP,
  COMPLAINT_STEP_COUNT
} ComplaintStep;

typedef enum {
  SEVERITY_NONE, /* not assessed yet */
  SEVERITY_MINOR,
  SEVERITY_MAJOR,
  SEVERITY_CRITICAL,
  SEVERITY_SAFETY, /* someone could be hurt */
  SEVERITY_COUNT
} ComplaintSeverity;

/* The 6M categories of a root cause. */
typedef enum {
  CAUSE_NONE,
  CAUSE_MAN,
  CAUSE_MACHINE,
  CAUSE_METHOD,
  CAUSE_MATERIAL,
  CAUSE_MEASUREMENT,
  CAUSE_ENVIRONMENT,
  CAUSE_COUNT
} ComplaintCause;

typedef enum {
  REMEDY_NONE,
  REMEDY_REPLACE,
  REMEDY_REPAIR,
  REMEDY_CREDIT,
  REMEDY_EXPLAIN,
  REMEDY_OTHER,
  REMEDY_COUNT
} ComplaintRemedy;

typedef enum {
  ESCALATION_FRONT_LINE,
  ESCALATION_TEAM_LEADER,
  ESCALATION_QUALITY_MANAGER,
  ESCALATION_DIRECTOR,
  ESCALATION_EXTERNAL, /* a regulator, notified body or ombudsman */
  ESCALATION_COUNT
} EscalationLevel;

/* What a step may still lack, as bits of the mask the guards return. */
typedef enum {
  MISSING_SEVERITY = 1u << 0,
  MISSING_IMPACT = 1u << 1,
  MISSING_INVESTIGATION = 1u << 2,
  MISSING_ROOT_CAUSE = 1u << 3, /* neither a five-whys chain nor a 6M category */
  MISSING_REMEDY = 1u << 4,
  MISSING_RESOLUTION = 1u << 5,
  MISSING_CAPA = 1u << 6,       /* a systemic root cause needs a corrective action */
  MISSING_ESCALATION = 1u << 7, /* escalated less high than the complaint needs */
  MISSING_SATISFACTION = 1u << 8,
  MISSING_COUNT = 9
} ComplaintMissing;

/* What is known about a complaint; strings are borrowed, NULL or "" when unknown. */
typedef struct Complaint {
  ComplaintStep step;
  ComplaintSeverity severity;
  const char *impact;
  const char *investigation;
  int whys;                /* links of the five-whys chain recorded */
  ComplaintCause category; /* 6M */
  int systemic;            /* the cause would recur elsewhere */
  int has_capa;            /* a CAPA has been raised for it */
  ComplaintRemedy remedy;
  const char *resolution;
  int satisfied; /* -1 not asked yet, 0 no, 1 yes */
  EscalationLevel escalation;
} Complaint;

typedef enum {
  COMPLAINT_STEP_ALLOWED,
  COMPLAINT_STEP_NOT_NEXT, /* the table has no such step from here */
  COMPLAINT_STEP_INCOMPLETE,
} ComplaintStepVerdict;

/* The names of each enum in order, NULL-terminated; severity, cause and
 * remedy lists start with "none" (so `+ 1` gives the choices a user has). */
extern const char *const complaint_step_names[], *const complaint_severity_names[], *const complaint_cause_names[],
    *const complaint_remedy_names[], *const escalation_level_names[];
/* The index of name in one of the lists above, or -1 when it is not there. */
int complaint_name_parse(const char *const *names, const char *name);

const char *complaint_step_name(ComplaintStep s);
const char *complaint_severity_name(ComplaintSeverity s);
const char *complaint_cause_name(ComplaintCause c);
const char *complaint_remedy_name(ComplaintRemedy r);
const char *escalation_level_name(EscalationLevel e);
/* The field a missing bit stands for ("root_cause", "capa", …). */
const char *complaint_missing_name(ComplaintMissing bit);

/* What the complaint lacks before it may enter step `to` (a mask of
 * ComplaintMissing bits; 0 when nothing is missing). Guards accumulate: a step
 * needs what every earlier step needed. */
unsigned complaint_missing_for(const Complaint *c, ComplaintStep to);
/* Whether c may go to step `to` now; *missing (may be NULL) receives the mask. */
ComplaintStepVerdict complaint_step_check(const Complaint *c, ComplaintStep to, unsigned *missing);
/* The steps the table has from `from` (out holds COMPLAINT_STEP_COUNT);
 * returns how many, in table order. */
size_t complaint_next_steps(ComplaintStep from, ComplaintStep *out);
/* 1 when a user with role may take the step from → to (front-line steps:
 * every case worker; root cause, decision and closure: team leaders, CS and
 * quality managers, admins); 0 otherwise or when the table has no such step. */
int complaint_step_role_allowed(ComplaintStep from, ComplaintStep to, Role role);
/* The lowest level that must handle c: safety complaints and systemic causes
 * go to the quality manager at once, critical ones to the team leader. */
EscalationLevel complaint_required_escalation(const Complaint *c);
/* 1 when c is handled lower than it needs to be, with *to the level to
 * escalate to ("escalate to quality_manager"); 0 otherwise. */
int complaint_needs_escalation(const Complaint *c, EscalationLevel *to);
/* Why complaint_required_escalation puts c above the front line ("safety
 * complaint", "systemic root cause", "critical complaint"), as the reason an
 * escalation is recorded with; NULL when the front line may handle it. */
const char *complaint_escalation_reason(const Complaint *c);
/* 1 when the timeline entry of step s is public (the customer sees that the
 * complaint was received, acknowledged, answered, closed and followed up);
 * 0 when it is internal (assessment, findings, root cause, decision). */
int complaint_step_is_public(ComplaintStep s);

#endif
