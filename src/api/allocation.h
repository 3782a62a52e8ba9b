/* Skills, rosters and work allocation through the API (DOMAIN.md §4,
 * docs/TEAM.md): the skill catalogue, levels, development goals, rosters
 * and team settings as records (team.c); the allocation of cases with the
 * rationale of every assignment, the sweep of unassigned cases and the
 * fairness report (allocation.c). */
#ifndef FORGEDESK_API_ALLOCATION_H
#define FORGEDESK_API_ALLOCATION_H

#include "api/api.h"
#include "core/allocation.h"
#include "core/roster.h"

#define ROSTER_WINDOW_SECONDS (7 * 86400) /* shifts this far either side of now decide whether someone works shifts */

/* A team as the allocation core sees it, built from the store at an
 * instant: people (their presence worked out from the roster), the skill
 * matrix over the whole catalogue, the open cases they hold. Everything is
 * owned by the view (allocation_team_free). */
typedef struct TeamView {
  int64_t team_id;
  AllocationMode mode;
  int max_load;
  /* the catalogue (column i of the matrix is rows->skills[i]), people in
   * the order of people: own, or kept on the connection between decisions
   * (store_allocation_team_kept) */
  const StoreAllocationTeam *rows;
  StoreAllocationTeam own;
  const Calendar *calendar; /* the team's (shared from the cache), or NULL */
  AllocationPerson *people;
  unsigned char *levels, *goals; /* npeople × nskills */
  RosterSpan *spans;             /* each person's spans, from span_start[i] to span_start[i + 1] */
  size_t *span_start;
  AllocationOpenCase *open;
  AllocationTeam team;
} TeamView;

/* Loads team_id's view at now (team_id 0: an empty team in manual mode),
 * leaving out of the workloads except_case (the case being decided; 0
 * none). Returns 0, or -1 with err set. */
int allocation_team_load(Db *db, int64_t team_id, time_t now, int64_t except_case, TeamView *v, Error *err);
void allocation_team_free(TeamView *v);
/* The index of user id in v->people, or -1. */
int allocation_team_person(const TeamView *v, int64_t id);
/* Frees the compiled team calendars (at exit, so leak checkers see nothing held). */
void allocation_calendar_cache_clear(void);

/* The cases resource's hook after a create or change (cases.c): a new or
 * newly unassigned case of an automatic team is allocated (a suggestion
 * recorded in a suggest team); a change of assignee by PATCH is refused in
 * those teams (POST …/assignment takes a reason) and recorded with its
 * rationale in manual ones; an absent person is refused (422). */
int allocation_case_changed(Request *req, const json_t *before, const json_t *after, Error *err);
/* Allocates up to a batch of unassigned open cases of automatic teams, each
 * in its own savepoint, as actor: the scheduler's pass. Records only the
 * cases it assigns. notify: mentors' notices are to be mailed. */
int allocation_sweep(Db *db, const AuditActor *actor, const char *now, int notify, Error *err);

int cases_allocations_list(Request *req, Response *res, Error *err);
int cases_allocation_suggestion(Request *req, Response *res, Error *err);
int cases_allocate(Request *req, Response *res, Error *err);
int cases_assign(Request *req, Response *res, Error *err);
int reports_allocation_fairness(Request *req, Response *res, Error *err);

/* team.c */
int skills_list(Request *req, Response *res, Error *err);
int skills_create(Request *req, Response *res, Error *err);
int skills_get(Request *req, Response *res, Error *err);
int skills_patch(Request *req, Response *res, Error *err);
int skills_matrix(Request *req, Response *res, Error *err);
int users_put_skills(Request *req, Response *res, Error *err);
int goals_list(Request *req, Response *res, Error *err);
int goals_create(Request *req, Response *res, Error *err);
int goals_get(Request *req, Response *res, Error *err);
int goals_patch(Request *req, Response *res, Error *err);
int roster_list(Request *req, Response *res, Error *err);
int roster_create(Request *req, Response *res, Error *err);
int roster_get(Request *req, Response *res, Error *err);
int roster_patch(Request *req, Response *res, Error *err);
int roster_delete(Request *req, Response *res, Error *err);
int teams_availability(Request *req, Response *res, Error *err);
int teams_allocation_get(Request *req, Response *res, Error *err);
int teams_allocation_put(Request *req, Response *res, Error *err);
/* 403 unless the request's user may lead team_id: managers and admins any
 * team, a team leader their own. */
int team_check_lead(const Request *req, int64_t team_id, Error *err);

#endif
