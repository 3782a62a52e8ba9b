/* The complaint step table and its guards; see complaint_workflow.h. */
#include "core/complaint_workflow.h"

#include <string.h>

const char *const complaint_step_names[COMPLAINT_STEP_COUNT + 1] = {
    "received", "acknowledged", "assessed", "investigated", "root_cause",
    "decided",  "communicated", "closed",   "followed_up",  NULL,
};
const char *const complaint_severity_names[SEVERITY_COUNT + 1] = {"none", "minor", "major", "critical", "safety", NULL};
const char *const complaint_cause_names[CAUSE_COUNT + 1] = {"none",     "man",         "machine",     "method",
                                                            "material", "measurement", "environment", NULL};
const char *const complaint_remedy_names[REMEDY_COUNT + 1] = {"none",    "replace", "repair", "credit",
                                                              "explain", "other",   NULL};
const char *const escalation_level_names[ESCALATION_COUNT + 1] = {"front_line", "team_leader", "quality_manager",
                                                                  "director",   "external",    NULL};
static const char *const missing_names[MISSING_COUNT] = {
    "severity", "impact", "investigation", "root_cause", "remedy", "resolution", "capa", "escalation", "satisfaction",
};

#define R(role) (1u << (role))
/* The front line: everyone who works cases. */
#define FRONT (R(ROLE_AGENT) | R(ROLE_TEAM_LEADER) | R(ROLE_CS_MANAGER) | R(ROLE_QUALITY_MANAGER) | R(ROLE_ADMIN))
/* Root cause, decision and closure are judgements an agent does not make alone. */
#define JUDGES (R(ROLE_TEAM_LEADER) | R(ROLE_CS_MANAGER) | R(ROLE_QUALITY_MANAGER) | R(ROLE_ADMIN))

/* Each step with what entering it demands beyond what the step before did,
 * and who may take it. A complaint whose remedy the customer rejects goes
 * back from communicated to decided. */
static const struct {
  ComplaintStep from, to;
  unsigned needs;
  unsigned roles;
} steps[] = {
    {COMPLAINT_RECEIVED, COMPLAINT_ACKNOWLEDGED, 0, FRONT},
    {COMPLAINT_ACKNOWLEDGED, COMPLAINT_ASSESSED, MISSING_SEVERITY | MISSING_IMPACT | MISSING_ESCALATION, FRONT},
    {COMPLAINT_ASSESSED, COMPLAINT_INVESTIGATED, MISSING_INVESTIGATION, FRONT},
    {COMPLAINT_INVESTIGATED, COMPLAINT_ROOT_CAUSE, MISSING_ROOT_CAUSE, JUDGES},
    {COMPLAINT_ROOT_CAUSE, COMPLAINT_DECIDED, MISSING_REMEDY | MISSING_RESOLUTION, JUDGES},
    {COMPLAINT_DECIDED, COMPLAINT_COMMUNICATED, 0, FRONT},
    {COMPLAINT_COMMUNICATED, COMPLAINT_DECIDED, 0, JUDGES},
    {COMPLAINT_COMMUNICATED, COMPLAINT_CLOSED, MISSING_CAPA, JUDGES},
    {COMPLAINT_CLOSED, COMPLAINT_FOLLOWED_UP, MISSING_SATISFACTION, FRONT},
};
#define STEP_ROWS (sizeof steps / sizeof steps[0])

static const char *name_of(const char *const *names, unsigned n, unsigned i) { return i < n ? names[i] : "unknown"; }
const char *complaint_step_name(ComplaintStep s) { return name_of(complaint_step_names, COMPLAINT_STEP_COUNT, s); }
const char *complaint_severity_name(ComplaintSeverity s) { return name_of(complaint_severity_names, SEVERITY_COUNT, s); }
const char *complaint_cause_name(ComplaintCause c) { return name_of(complaint_cause_names, CAUSE_COUNT, c); }
const char *complaint_remedy_name(ComplaintRemedy r) { return name_of(complaint_remedy_names, REMEDY_COUNT, r); }
const char *escalation_level_name(EscalationLevel e) { return name_of(escalation_level_names, ESCALATION_COUNT, e); }

int complaint_name_parse(const char *const *names, const char *name) {
  for (int i = 0; name && names[i]; i++)
    if (strcmp(names[i], name) == 0) return i;
  return -1;
}

const char *complaint_missing_name(ComplaintMissing bit) {
  for (unsigned i = 0; i < MISSING_COUNT; i++)
    if (bit == 1u << i) return missing_names[i];
  return "unknown";
}

static int blank(const char *s) { return !s || !*s; }

/* Which of the conditions in `needs` c does not meet. */
static unsigned unmet(const Complaint *c, unsigned needs) {
  unsigned m = 0;
  EscalationLevel to;
  if (c->severity == SEVERITY_NONE) m |= MISSING_SEVERITY;
  if (blank(c->impact)) m |= MISSING_IMPACT;
  if (complaint_needs_escalation(c, &to)) m |= MISSING_ESCALATION;
  if (blank(c->investigation)) m |= MISSING_INVESTIGATION;
  if (c->whys < 1 && c->category == CAUSE_NONE) m |= MISSING_ROOT_CAUSE;
  if (c->remedy == REMEDY_NONE) m |= MISSING_REMEDY;
  if (blank(c->resolution)) m |= MISSING_RESOLUTION;
  if (c->systemic && !c->has_capa) m |= MISSING_CAPA;
  if (c->satisfied < 0) m |= MISSING_SATISFACTION;
  return m & needs;
}

unsigned complaint_missing_for(const Complaint *c, ComplaintStep to) {
  /* Everything demanded by the forward steps up to and including `to`. */
  unsigned needs = 0;
  for (size_t i = 0; i < STEP_ROWS; i++)
    if (steps[i].to > steps[i].from && steps[i].to <= to) needs |= steps[i].needs;
  return unmet(c, needs);
}

ComplaintStepVerdict complaint_step_check(const Complaint *c, ComplaintStep to, unsigned *missing) {
  unsigned m = complaint_missing_for(c, to);
  if (missing) *missing = m;
  for (size_t i = 0; i < STEP_ROWS; i++)
    if (steps[i].from == c->step && steps[i].to == to) return m ? COMPLAINT_STEP_INCOMPLETE : COMPLAINT_STEP_ALLOWED;
  return COMPLAINT_STEP_NOT_NEXT;
}

EscalationLevel complaint_required_escalation(const Complaint *c) {
  if (c->severity == SEVERITY_SAFETY || c->systemic) return ESCALATION_QUALITY_MANAGER;
  if (c->severity == SEVERITY_CRITICAL) return ESCALATION_TEAM_LEADER;
  return ESCALATION_FRONT_LINE;
}

int complaint_needs_escalation(const Complaint *c, EscalationLevel *to) {
  EscalationLevel need = complaint_required_escalation(c);
  *to = need;
  return c->escalation < need;
}

const char *complaint_escalation_reason(const Complaint *c) {
  if (c->severity == SEVERITY_SAFETY) return "safety complaint";
  if (c->systemic) return "systemic root cause";
  if (c->severity == SEVERITY_CRITICAL) return "critical complaint";
  return NULL;
}

int complaint_step_is_public(ComplaintStep s) {
  /* What we found and how we judged it stays with us; what we told the customer is theirs to see. */
  static const int is_public[COMPLAINT_STEP_COUNT] = {
      [COMPLAINT_RECEIVED] = 1, [COMPLAINT_ACKNOWLEDGED] = 1, [COMPLAINT_COMMUNICATED] = 1,
      [COMPLAINT_CLOSED] = 1,   [COMPLAINT_FOLLOWED_UP] = 1,
  };
  return s < COMPLAINT_STEP_COUNT && is_public[s];
}

size_t complaint_next_steps(ComplaintStep from, ComplaintStep *out) {
  size_t n = 0;
  for (size_t i = 0; i < STEP_ROWS; i++)
    if (steps[i].from == from) out[n++] = steps[i].to;
  return n;
}

int complaint_step_role_allowed(ComplaintStep from, ComplaintStep to, Role role) {
  for (size_t i = 0; i < STEP_ROWS; i++)
    if (steps[i].from == from && steps[i].to == to) return role < ROLE_COUNT && (steps[i].roles & R(role)) != 0;
  return 0;
}
