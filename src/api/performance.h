/* Performance management (docs/PERFORMANCE-MANAGEMENT.md): KPIs,
 * scorecards and underperformance signals (kpis.c), objectives and KPI
 * standards (objectives.c), feedback and one-to-ones (one_to_ones.c),
 * underperformance cases (perf_cases.c); see
 * routes.c for the table. A person's records are seen by that person, their
 * line managers up the chain and HR, nobody else. */
#ifndef FORGEDESK_API_PERFORMANCE_H
#define FORGEDESK_API_PERFORMANCE_H

#include "api/api.h"
#include "core/kpi.h"

/* 0 when the caller may see person_id's performance records: the person,
 * a line manager up the chain, or HR; else -1 with a 403 (404 when there is
 * no such person). */
int perf_may_see(Request *req, int64_t person_id, Error *err);
/* 0 when the caller may record for person_id (feedback, one-to-ones,
 * objectives set for them): a line manager up the chain, or HR; -1 with a
 * 403 naming field otherwise. */
int perf_may_manage(Request *req, const char *field, int64_t person_id, Error *err);
/* Reads record req->id of table (404 naming its entity when missing) and
 * checks the caller may see the performance records of the person its
 * person_field names; *out owned by the caller (also on a refusal). */
int perf_record_visible(Request *req, const StoreTable *table, const char *person_field, json_t **out, Error *err);
typedef int (*ResourceAction)(const ResourceDef *def, Request *req, Response *res, Error *err);
/* then (resource_get, resource_patch) on record req->id of def when the
 * caller may see the performance records of its person_id. */
int perf_resource_visible(const ResourceDef *def, Request *req, Response *res, ResourceAction then, Error *err);
typedef int (*PerfPersonList)(Db *db, int64_t person_id, json_t **rows, Error *err);
/* The rows list gives of the person the required person_id parameter
 * names, when the caller may see their records; *rows owned by the caller. */
int perf_person_rows(Request *req, PerfPersonList list, json_t **rows, Error *err);
/* 1 when none of the NULL-terminated fields differ between before and
 * record (a field absent before and null now is the same). */
int perf_fields_unchanged(const json_t *before, const json_t *record, const char *const *fields);

/* The current value of a KPI of a person over the last full month and the
 * one running (the scorecard's latest period); 1 with *value, 0 when there
 * is no data. */
int perf_kpi_current(Request *req, int64_t person_id, Kpi kpi, double *value, Error *err);

/* The best month of a team's KPI over the last year, for the SMART check's
 * Achievable; 1 with *best, 0 when the team has no data for it. */
int perf_kpi_team_best(Request *req, int64_t team_id, Kpi kpi, double *best, Error *err);

int kpis_get(Request *req, Response *res, Error *err);
int perf_scorecard(Request *req, Response *res, Error *err);
int perf_signals(Request *req, Response *res, Error *err);

int objectives_list(Request *req, Response *res, Error *err);
int objectives_create(Request *req, Response *res, Error *err);
int objectives_check(Request *req, Response *res, Error *err);
int objectives_get(Request *req, Response *res, Error *err);
int objectives_patch(Request *req, Response *res, Error *err);
int standards_list(Request *req, Response *res, Error *err);
int standards_create(Request *req, Response *res, Error *err);
int standards_patch(Request *req, Response *res, Error *err);
int standards_delete(Request *req, Response *res, Error *err);

int perf_cases_list(Request *req, Response *res, Error *err);
int perf_cases_create(Request *req, Response *res, Error *err);
int perf_cases_get(Request *req, Response *res, Error *err);
int perf_cases_patch(Request *req, Response *res, Error *err);
int perf_cases_add_stage(Request *req, Response *res, Error *err);
/* 0 when each piece of a case's evidence is well formed and what it refers
 * to exists, is about person and is the caller's to see (perf_evidence.c);
 * else -1 with a field error naming each piece that is not. Pieces already
 * linked (in linked, NULL for a new case) are not checked again: a colleague
 * who may not see one can still change the rest of the case. */
int perf_check_evidence(Request *req, int64_t person, const json_t *evidence, const json_t *linked, Error *err);

/* Letters (perf_letters.c): in *letter the draft (the columns of
 * store_perf_letters) the stage at stage_index of case c produces, signed by
 * manager and written by author_id; *letter NULL when the stage produces
 * none. */
int perf_letter_compose(Db *db, const json_t *c, size_t stage_index, const char *manager, int64_t author_id,
                        json_t **letter, Error *err);
/* The draft letter the stage at stage_index of
 * case c (as stored) produces, if it produces one, written and audited. */
int perf_letter_draft(Request *req, const json_t *c, size_t stage_index, Error *err);
/* The letters of case c the caller reads: all of them, or only those
 * issued when the caller is the case's person; *items owned by the caller. */
int perf_letters_of(Request *req, const json_t *c, json_t **items, Error *err);
int perf_letters_list(Request *req, Response *res, Error *err);
int perf_letters_get(Request *req, Response *res, Error *err);
int perf_letters_patch(Request *req, Response *res, Error *err);
int perf_letters_issue(Request *req, Response *res, Error *err);
/* The evidence pack (perf_pack.c): the whole case as one printable HTML page. */
int perf_cases_pack(Request *req, Response *res, Error *err);

/* Appraisal cycles and appraisals (appraisals.c). */
int cycles_list(Request *req, Response *res, Error *err);
int cycles_create(Request *req, Response *res, Error *err);
int cycles_get(Request *req, Response *res, Error *err);
int cycles_patch(Request *req, Response *res, Error *err);
int appraisals_list(Request *req, Response *res, Error *err);
int appraisals_create(Request *req, Response *res, Error *err);
int appraisals_get(Request *req, Response *res, Error *err);
int appraisals_patch(Request *req, Response *res, Error *err);

int perf_feedback_list(Request *req, Response *res, Error *err);
int perf_feedback_create(Request *req, Response *res, Error *err);
int one_to_ones_list(Request *req, Response *res, Error *err);
int one_to_ones_create(Request *req, Response *res, Error *err);
int one_to_ones_get(Request *req, Response *res, Error *err);
int one_to_ones_patch(Request *req, Response *res, Error *err);

#endif
