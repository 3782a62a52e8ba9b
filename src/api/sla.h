/* SLAs through the API (DOMAIN.md §2, docs/SLA.md): business calendars and
 * SLA policies as records (sla.c), the clocks of each case with the
 * escalations they cause (sla_clocks.c), and the compliance and at-risk
 * reports (sla_reports.c). */
#ifndef FORGEDESK_API_SLA_H
#define FORGEDESK_API_SLA_H

#include <time.h>

#include "api/api.h"
#include "core/sla.h"

int calendars_list(Request *req, Response *res, Error *err);
int calendars_create(Request *req, Response *res, Error *err);
int calendars_get(Request *req, Response *res, Error *err);
int calendars_patch(Request *req, Response *res, Error *err);
int calendars_delete(Request *req, Response *res, Error *err);
int calendars_add_holidays(Request *req, Response *res, Error *err);
int sla_policies_list(Request *req, Response *res, Error *err);
int sla_policies_create(Request *req, Response *res, Error *err);
int sla_policies_get(Request *req, Response *res, Error *err);
int sla_policies_patch(Request *req, Response *res, Error *err);
/* After an account changed (the account resource's hook): a new policy
 * marks its cases due, so the scheduler recomputes them at once. */
int sla_account_changed(Request *req, const json_t *before, json_t *after, Error *err);
int sla_escalations_list(Request *req, Response *res, Error *err);
int reports_sla_compliance(Request *req, Response *res, Error *err);
int cases_at_risk(Request *req, Response *res, Error *err);

/* The core's JSON form (sla_policy_parse) of a policy record or of the
 * store's policy source, with calendar, its calendar's JSON form. New
 * reference. */
json_t *sla_policy_core_json(const json_t *record, const json_t *calendar);

/* --- the clocks of cases (sla_clocks.c) ------------------------------------------ */

/* The compiled policy of a stored policy record, from a per-process cache
 * keyed by policy id and version and calendar id and version (compiled
 * calendars never change; a new version compiles anew, and so does an entry
 * older than a day, so its horizon stays around now). *out is shared and
 * stays valid until sla_policy_release; thread-safe. Returns 0, or -1 with
 * err set (404 when there is no such policy). */
int sla_policy_acquire(Db *db, int64_t policy_id, const SlaPolicy **out, Error *err);
void sla_policy_release(const SlaPolicy *policy);
/* Empties the cache (at exit, so leak checkers see nothing held). */
void sla_policy_cache_clear(void);

/* Adds "sla" to a case record (null when no policy applies): the policy id
 * and each clock at now, as GET /api/v1/cases/{id} shows it. */
int sla_case_describe(Db *db, json_t *record, time_t now, Error *err);
/* Recomputes case id's clocks at now and stores them (the scheduler's next
 * check, the worst state and time to breach), recording, exactly once each,
 * every warning or breach a clock has reached: an escalation row, an internal
 * timeline event and an audit entry by actor. notify says whether mail goes
 * out for new escalations (they are then "pending" for the scheduler), else
 * they are recorded as "not_sent". describe, when not NULL, is the case record
 * to give the same clocks as sla_case_describe would, so they are computed
 * once. Call inside the transaction of the change. */
int sla_case_refresh(Db *db, int64_t case_id, const AuditActor *actor, const char *now, int notify, json_t *describe,
                     Error *err);
/* The scheduler's index row of a case's clocks into s, whose case_id,
 * policy_id and priority the caller sets: every clock's state, the worst,
 * the earliest due of a running clock and the next check. clocks NULL when
 * they could not be computed (every clock not_applicable). due and next hold
 * the texts s points to. */
void sla_clocks_index_row(const SlaClocks *clocks, StoreCaseSla *s, char due[TIME_TEXT_SIZE],
                          char next[TIME_TEXT_SIZE]);
/* Whether escalations are mailed (serve --smtp); set once at start-up. */
void sla_set_notify(int notify);
int sla_notify_enabled(void);
/* The same for the request's case, as the cases code's one hook. */
int sla_case_changed(Request *req, int64_t case_id, json_t *describe, Error *err);

#endif
