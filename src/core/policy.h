/* Who may do what: the roles of forgedesk and the one table that grants
 * permissions to them. The route table names a permission per route; the
 * docs (docs/PERMISSIONS.md) are generated from the same table. */
#ifndef FORGEDESK_POLICY_H
#define FORGEDESK_POLICY_H

typedef enum {
  ROLE_AGENT,
  ROLE_TEAM_LEADER,
  ROLE_CS_MANAGER,
  ROLE_QUALITY_MANAGER,
  ROLE_HR,
  ROLE_ADMIN,
  ROLE_AUDITOR,
  ROLE_COUNT
} Role;

typedef enum {
  PERM_PUBLIC,     /* no sign-in needed */
  PERM_SIGNED_IN,  /* any signed-in user */
  PERM_CRM_READ,
  PERM_CRM_WRITE,
  PERM_USERS_READ,
  PERM_USERS_ADMIN,
  PERM_AUDIT_READ,
  PERM_CASES_READ,
  PERM_CASES_WORK,
  PERM_CAPA_READ,
  PERM_CAPA_WRITE,
  PERM_SLA_ADMIN,
  PERM_QA_READ,
  PERM_QA_MANAGE,
  PERM_MEETINGS_READ,
  PERM_MEETINGS_WRITE,
  PERM_OWN_ANSWER,
  PERM_TASKS_READ,
  PERM_TASKS_WRITE,
  PERM_RETENTION_READ,
  PERM_RETENTION_WORK,
  PERM_RETENTION_ADMIN,
  PERM_SURVEYS_READ,
  PERM_SURVEYS_ADMIN,
  PERM_SURVEYS_SEND,
  PERM_FEEDBACK_WRITE,
  PERM_MAIL_ADMIN,
  PERM_TEAM_LEAD,    /* skills, goals, rosters, allocation settings (team leaders: their own team) */
  PERM_TEAM_REPORTS, /* the fairness of allocation */
  PERM_PERF_READ,    /* performance records (the handlers keep them to the person, their line and HR) */
  PERM_PERF_WRITE,   /* objectives, feedback, one-to-ones (the handlers check the line) */
  PERM_PERF_STANDARDS,
  PERM_PERF_CYCLES,  /* appraisal cycles: their review period and weights */
  PERM_PRIVACY_READ,  /* retention periods, what they would change, the erasures made */
  PERM_PRIVACY_ADMIN, /* contacts' subject access exports and erasure; retention periods and runs */
  PERM_PRIVACY_STAFF, /* staff members' subject access exports */
  PERM_COUNT
} Permission;

/* Parses a role name ("team_leader"); returns 0, or -1 when unknown. */
int policy_role_parse(const char *name, Role *role);
const char *policy_role_name(Role role);
/* The comma-separated list of role names, for messages. */
const char *policy_role_names(void);
const char *policy_permission_name(Permission p);
const char *policy_permission_summary(Permission p);
/* True when a user with this role holds the permission. */
int policy_allows(Role role, Permission p);

/* Whose performance records (QA reviews, corrective actions, meetings) a
 * role sees: only the user's own, also their team's people, or everyone. */
typedef enum { SCOPE_OWN, SCOPE_TEAM, SCOPE_ALL } RecordScope;
RecordScope policy_record_scope(Role role);

#endif
