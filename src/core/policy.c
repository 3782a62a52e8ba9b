/* The policy table; see policy.h. Read it as: this permission is granted to
 * these roles. Auditors read everything and change nothing. HR does not read
 * cases: their conversations and internal notes are customer data HR has no
 * need for (docs/CASES.md). Corrective actions are the quality and CS
 * managers' to raise and check (docs/CASES.md). Quality checks are run by
 * team leaders and the quality and CS managers; everyone reads QA records,
 * but only within their record scope (docs/QUALITY.md). Follow-up tasks carry what
 * customers said in surveys, so HR does not read them either, nor survey
 * answers, nor the retention figures (customers' orders and health). Surveys
 * are the managers' to design; team leaders may also invite by hand.
 * Campaigns and improvement initiatives are for those who lead the service;
 * the health-score weights and the silent-attrition rule are the CS
 * manager's (docs/RETENTION.md). Skills, goals, rosters and allocation
 * settings are the team leaders' (of their own team, a check the handlers
 * make) and the CS managers'; everyone who sees staff reads them
 * (docs/TEAM.md). A person's performance records are seen by them, their
 * line managers up the chain and HR: the permission only opens the door,
 * the handlers check the line (docs/PERFORMANCE-MANAGEMENT.md); auditors
 * have no part in them. Data protection (docs/PRIVACY.md): the administrator
 * acts as the data protection officer for customers' contacts (export and
 * erasure reach into cases, mail and surveys, which HR does not read); a
 * staff member's own records are exported by HR or the administrator;
 * auditors and HR see the retention periods and what they will change. */
#include "core/policy.h"

#include <string.h>

#define R(role) (1u << (role))
#define ALL_ROLES ((1u << ROLE_COUNT) - 1)
#define WRITERS (R(ROLE_AGENT) | R(ROLE_TEAM_LEADER) | R(ROLE_CS_MANAGER) | R(ROLE_QUALITY_MANAGER) | R(ROLE_ADMIN))

static const char *const role_names[ROLE_COUNT] = {
    [ROLE_AGENT] = "agent", [ROLE_TEAM_LEADER] = "team_leader", [ROLE_CS_MANAGER] = "cs_manager",
    [ROLE_QUALITY_MANAGER] = "quality_manager", [ROLE_HR] = "hr", [ROLE_ADMIN] = "admin",
    [ROLE_AUDITOR] = "auditor",
};

static const struct {
  const char *name;
  const char *summary;
  unsigned roles;
} policy[PERM_COUNT] = {
    [PERM_PUBLIC] = {"public", "anyone, without signing in", ALL_ROLES},
    [PERM_SIGNED_IN] = {"signed_in", "any signed-in user", ALL_ROLES},
    [PERM_CRM_READ] = {"crm.read", "read accounts, contacts, interactions, orders, parts and assets", ALL_ROLES},
    [PERM_CRM_WRITE] = {"crm.write", "create and change customer records", WRITERS},
    [PERM_USERS_READ] = {"users.read", "see staff and teams (names, roles)", ALL_ROLES},
    [PERM_USERS_ADMIN] = {"users.admin", "create and change staff accounts and teams", R(ROLE_ADMIN)},
    [PERM_AUDIT_READ] = {"audit.read", "read the audit trail", R(ROLE_AUDITOR) | R(ROLE_ADMIN)},
    [PERM_CASES_READ] = {"cases.read", "read cases and their timelines, internal notes included",
                         ALL_ROLES & ~R(ROLE_HR)},
    [PERM_CASES_WORK] = {"cases.work", "open and work cases: change, reply, note, move status, complaint steps",
                         WRITERS},
    [PERM_CAPA_READ] = {"capa.read", "read corrective and preventive actions", ALL_ROLES & ~R(ROLE_HR)},
    [PERM_CAPA_WRITE] = {"capa.write", "raise and change corrective actions, check their effectiveness",
                         R(ROLE_QUALITY_MANAGER) | R(ROLE_CS_MANAGER)},
    [PERM_SLA_ADMIN] = {"sla.admin", "create and change business calendars and SLA policies",
                        R(ROLE_CS_MANAGER) | R(ROLE_ADMIN)},
    [PERM_QA_READ] = {"qa.read", "read scorecards and, within one's scope, QA reviews, scores and corrective actions",
                      ALL_ROLES},
    [PERM_QA_MANAGE] = {"qa.manage",
                        "set up scorecards and sampling, review cases and interactions, run calibration, "
                        "manage corrective actions",
                        R(ROLE_TEAM_LEADER) | R(ROLE_CS_MANAGER) | R(ROLE_QUALITY_MANAGER)},
    [PERM_MEETINGS_READ] = {"meetings.read", "read, within one's scope, meetings and their actions", ALL_ROLES},
    [PERM_MEETINGS_WRITE] = {"meetings.write", "record meetings, their decisions and action items",
                             R(ROLE_TEAM_LEADER) | R(ROLE_CS_MANAGER) | R(ROLE_QUALITY_MANAGER) | R(ROLE_ADMIN)},
    [PERM_OWN_ANSWER] = {"own.answer", "respond to one's own QA reviews and mark one's own meeting actions done",
                         ALL_ROLES & ~R(ROLE_AUDITOR)},
    [PERM_TASKS_READ] = {"tasks.read", "read follow-up tasks (survey follow-ups, retention actions)",
                         ALL_ROLES & ~R(ROLE_HR)},
    [PERM_TASKS_WRITE] = {"tasks.write", "create and change follow-up tasks", WRITERS},
    [PERM_RETENTION_READ] = {"retention.read",
                             "read retention metrics, health scores, silent attrition, campaigns and improvements",
                             ALL_ROLES & ~R(ROLE_HR)},
    [PERM_RETENTION_WORK] = {"retention.work", "run retention campaigns and PDCA improvement initiatives",
                             R(ROLE_TEAM_LEADER) | R(ROLE_CS_MANAGER) | R(ROLE_QUALITY_MANAGER) | R(ROLE_ADMIN)},
    [PERM_RETENTION_ADMIN] = {"retention.admin", "change the health-score weights and the silent-attrition rule",
                              R(ROLE_CS_MANAGER) | R(ROLE_ADMIN)},
    [PERM_SURVEYS_READ] = {"surveys.read",
                           "read surveys, invitations, answers with their comments, feedback and satisfaction reports",
                           ALL_ROLES & ~R(ROLE_HR)},
    [PERM_SURVEYS_ADMIN] = {"surveys.admin", "create and change surveys and their triggers",
                            R(ROLE_CS_MANAGER) | R(ROLE_QUALITY_MANAGER) | R(ROLE_ADMIN)},
    [PERM_SURVEYS_SEND] = {"surveys.send", "invite a contact to a survey by hand",
                           R(ROLE_TEAM_LEADER) | R(ROLE_CS_MANAGER) | R(ROLE_QUALITY_MANAGER) | R(ROLE_ADMIN)},
    [PERM_FEEDBACK_WRITE] = {"feedback.write", "record and change qualitative feedback", WRITERS},
    [PERM_MAIL_ADMIN] = {"mail.admin", "set mailbox rules and read the quarantine of unreadable mail",
                         R(ROLE_CS_MANAGER) | R(ROLE_ADMIN)},
    [PERM_TEAM_LEAD] = {"team.lead",
                        "change the skill catalogue, people's skill levels, development goals, rosters and a team's "
                        "allocation mode (team leaders for their own team)",
                        R(ROLE_TEAM_LEADER) | R(ROLE_CS_MANAGER) | R(ROLE_ADMIN)},
    [PERM_TEAM_REPORTS] = {"team.reports", "read the fairness of allocation per person (team leaders: their own team)",
                           R(ROLE_TEAM_LEADER) | R(ROLE_CS_MANAGER) | R(ROLE_QUALITY_MANAGER) | R(ROLE_HR) |
                               R(ROLE_ADMIN) | R(ROLE_AUDITOR)},
    [PERM_PERF_READ] = {"perf.read",
                        "read KPIs, scorecards, objectives, feedback, one-to-ones and underperformance cases: one's "
                        "own, one's reports' (line managers up the chain) and, for HR, everyone's",
                        ALL_ROLES & ~R(ROLE_AUDITOR)},
    [PERM_PERF_WRITE] = {"perf.write",
                         "set objectives, give feedback, record one-to-ones and underperformance cases (one's own "
                         "objectives and preparation; for one's reports as their line manager or HR)",
                         ALL_ROLES & ~R(ROLE_AUDITOR)},
    [PERM_PERF_STANDARDS] = {"perf.standards", "set the KPI standards of roles and teams",
                             R(ROLE_CS_MANAGER) | R(ROLE_QUALITY_MANAGER) | R(ROLE_ADMIN)},
    [PERM_PERF_CYCLES] = {"perf.cycles", "set appraisal cycles: their review period and the weights of the rating",
                          R(ROLE_CS_MANAGER) | R(ROLE_HR)},
    [PERM_PRIVACY_READ] = {"privacy.read", "read the retention periods, what they will change and when, and the "
                                           "erasures made",
                           R(ROLE_HR) | R(ROLE_ADMIN) | R(ROLE_AUDITOR)},
    [PERM_PRIVACY_ADMIN] = {"privacy.admin",
                            "export everything held about a contact, erase a contact, set and run retention periods",
                            R(ROLE_ADMIN)},
    [PERM_PRIVACY_STAFF] = {"privacy.staff", "export everything held about a member of staff",
                            R(ROLE_HR) | R(ROLE_ADMIN)},
};

/* Agents see their own records, team leaders their team's, the rest all. */
static const RecordScope scopes[ROLE_COUNT] = {
    [ROLE_AGENT] = SCOPE_OWN,     [ROLE_TEAM_LEADER] = SCOPE_TEAM, [ROLE_CS_MANAGER] = SCOPE_ALL,
    [ROLE_QUALITY_MANAGER] = SCOPE_ALL, [ROLE_HR] = SCOPE_ALL,     [ROLE_ADMIN] = SCOPE_ALL,
    [ROLE_AUDITOR] = SCOPE_ALL,
};

RecordScope policy_record_scope(Role role) { return role < ROLE_COUNT ? scopes[role] : SCOPE_OWN; }

int policy_role_parse(const char *name, Role *role) {
  for (int r = 0; r < ROLE_COUNT; r++)
    if (strcmp(name, role_names[r]) == 0) {
      *role = (Role)r;
      return 0;
    }
  return -1;
}

const char *policy_role_name(Role role) { return role < ROLE_COUNT ? role_names[role] : "unknown"; }

const char *policy_role_names(void) {
  return "agent, team_leader, cs_manager, quality_manager, hr, admin, auditor";
}

const char *policy_permission_name(Permission p) { return policy[p].name; }
const char *policy_permission_summary(Permission p) { return policy[p].summary; }

int policy_allows(Role role, Permission p) { return role < ROLE_COUNT && (policy[p].roles & R(role)) != 0; }
