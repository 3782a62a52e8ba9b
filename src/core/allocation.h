/* Work allocation (DOMAIN.md §4, docs/TEAM.md): which member of a team a
 * case goes to, and why. The decision is a pure function of the team (who is
 * present, their skill levels and development goals, the open cases they
 * hold) and the case (priority, time to breach, required skills); it
 * writes a verdict for every candidate so the rationale can say why each was
 * or was not chosen. Also the fairness report's outliers.
 *
 * The rules, in order:
 *  1. Inactive, absent and off-shift people are not candidates; nor is anyone
 *     at the team's workload limit.
 *  2. A candidate holds every required skill at its required level; one who
 *     misses a skill by one level but has an open development goal (with a
 *     mentor) reaching it is a stretch candidate.
 *  3. Low SLA risk and a stretch candidate with fewer than
 *     ALLOCATION_STRETCH_OPEN_MAX open stretch cases: the least loaded such
 *     candidate gets it (rule "stretch").
 *  4. High SLA risk: the qualified candidate with the fewest cases near
 *     breach, then the least workload (rule "high_risk").
 *  5. Otherwise the qualified candidate with the least workload (rule
 *     "least_workload"). Ties: the wider skill margin, then fewer open cases,
 *     then the lower id. Nobody qualifies: rule "nobody". */
#ifndef FORGEDESK_ALLOCATION_H
#define FORGEDESK_ALLOCATION_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util/buffer.h"

#define ALLOCATION_LEVEL_MAX 4
#define ALLOCATION_STRETCH_OPEN_MAX 2     /* open stretch cases a person may hold */
#define ALLOCATION_URGENT_SECONDS (2 * 3600) /* a case this close to breach (or past it) is urgent */
#define ALLOCATION_SOON_SECONDS (8 * 3600)
#define ALLOCATION_DEFAULT_MAX_LOAD 40

typedef enum { ALLOCATION_MANUAL, ALLOCATION_SUGGEST, ALLOCATION_AUTOMATIC, ALLOCATION_MODE_COUNT } AllocationMode;
extern const char *const allocation_mode_names[]; /* NULL-terminated */

typedef enum { ALLOCATION_RISK_LOW, ALLOCATION_RISK_MEDIUM, ALLOCATION_RISK_HIGH } AllocationRisk;
typedef enum {
  ALLOCATION_RULE_LEAST_WORKLOAD,
  ALLOCATION_RULE_HIGH_RISK,
  ALLOCATION_RULE_STRETCH,
  ALLOCATION_RULE_NOBODY,
} AllocationRule;

/* Where a person is at the moment of the decision (from the roster). */
typedef enum { PRESENCE_AVAILABLE, PRESENCE_ABSENT, PRESENCE_OFF_SHIFT, PRESENCE_INACTIVE } Presence;

typedef struct AllocationPerson {
  int64_t id;
  Presence presence;
  const unsigned char *levels; /* nskills levels 0..4 */
  const unsigned char *goals;  /* nskills target levels of open goals with a mentor; 0 none */
} AllocationPerson;

/* An open case someone in the team holds. */
typedef struct AllocationOpenCase {
  int person; /* index into the team's people */
  int priority;
  time_t due; /* its earliest running SLA due time; 0 when none */
  int stretch; /* it was given as a stretch case */
} AllocationOpenCase;

typedef struct AllocationTeam {
  const AllocationPerson *people;
  size_t npeople, nskills;
  const AllocationOpenCase *open;
  size_t nopen;
  int max_load; /* workload points at which a person takes no more */
} AllocationTeam;

/* A required skill: its column in the team's matrix and the level needed. */
typedef struct AllocationNeed {
  int skill;
  int level;
} AllocationNeed;

typedef struct AllocationCase {
  int priority;
  time_t due; /* earliest running SLA due time; 0 when none */
  const AllocationNeed *needs;
  size_t nneeds;
} AllocationCase;

typedef enum {
  VERDICT_CHOSEN,
  VERDICT_QUALIFIED,     /* could take it; another was preferred */
  VERDICT_STRETCH,       /* could take it as a stretch case; not chosen */
  VERDICT_INACTIVE,
  VERDICT_ABSENT,
  VERDICT_OFF_SHIFT,
  VERDICT_FULL,          /* at the team's workload limit */
  VERDICT_LACKS_SKILL,   /* below the level of need `missing` */
  VERDICT_STRETCH_FULL,  /* a stretch candidate already holding the most stretch cases */
  VERDICT_STRETCH_RISK,  /* a stretch candidate, but the case's SLA risk is not low */
} Verdict;

typedef struct AllocationCandidate {
  Verdict verdict;
  int load;          /* workload points: priority points × SLA factor over open cases */
  int open, urgent, open_stretch;
  int margin;        /* levels above the required ones, summed (qualified only) */
  int missing;       /* the need index a lacking or stretch candidate misses, else -1 */
} AllocationCandidate;

typedef struct AllocationDecision {
  AllocationRisk risk;
  AllocationRule rule;
  int chosen;        /* index into people, -1 when nobody */
  int stretch_need;  /* the need the chosen stretch candidate is developing, else -1 */
  int complexity;    /* the sum of the required levels */
} AllocationDecision;

/* Workload points of one open case at now: priority points (P1 4, P2 3, P3 2,
 * P4 1) times 3 when it is urgent (due within two hours or past due), 2 when
 * due within eight hours, else 1. */
int allocation_case_points(int priority, time_t due, time_t now);
/* The SLA risk of a case at now: high for priority 1 or less than two hours
 * to breach; low for priority 3 or 4 with no clock or more than eight hours
 * left; medium otherwise. */
AllocationRisk allocation_case_risk(int priority, time_t due, time_t now);
/* The level a required skill needs on a case: the skill's own case level,
 * one more on a priority-1 case, at most ALLOCATION_LEVEL_MAX. */
int allocation_required_level(int skill_case_level, int priority);

/* Decides who of t->people takes case c at now, by the rules above.
 * candidates (t->npeople entries, caller-owned) receives each person's
 * verdict and figures; *out the outcome. No allocation; O(open cases +
 * people × needs). */
void allocation_decide(const AllocationTeam *t, const AllocationCase *c, time_t now, AllocationCandidate *candidates,
                       AllocationDecision *out);

const char *allocation_rule_name(AllocationRule rule);
const char *allocation_risk_name(AllocationRisk risk);
const char *allocation_verdict_name(Verdict v);
const char *presence_name(Presence p);
/* The plain-words sentence for one candidate's verdict ("least workload of
 * the qualified (12 points)"), appended to out; need_names[i] names need i. */
void allocation_explain_candidate(const AllocationCandidate *c, const AllocationDecision *d,
                                  const AllocationCase *kase, const char *const *need_names, Buffer *out);
/* The plain-words sentence for the rule that decided. */
void allocation_explain_rule(const AllocationDecision *d, Buffer *out);

/* --- fairness ---------------------------------------------------------------------- */
/* Whether value stands out from the mean of its group: "high" above 1.5 ×
 * the mean, "low" below half of it, NULL otherwise (also for a mean of 0 or
 * a group of fewer than three people, where a mean says nothing). */
const char *allocation_outlier(double value, double mean, size_t group_size);

#endif
