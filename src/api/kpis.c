/* KPIs per ISO week or month of a person or a team, each person's
 * scorecard against the standards that apply to them, and the signals a
 * line manager sees when a KPI has been below standard for the standard's
 * number of periods in a row (docs/PERFORMANCE-MANAGEMENT.md). The store
 * sums per day in SQL; the core turns days into periods and values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/performance.h"
#include "util/timeutil.h"

#define MAX_PERIODS 120
#define SCORECARD_PERIODS 6

static int64_t ival(const json_t *o, const char *name) { return json_integer_value(json_object_get(o, name)); }
static const char *sval(const json_t *o, const char *name) { return json_string_value(json_object_get(o, name)); }

/* --- who sees whose records ----------------------------------------------------------------------- */
int perf_may_see(Request *req, int64_t person_id, Error *err) {
  int exists = 0, manages = 0;
  if (store_record_exists(req->db, &store_users, person_id, &exists, err)) return -1;
  if (!exists) return error_set(err, 404, "Not found", "user %lld does not exist", (long long)person_id);
  if (person_id == req->user.id || req->user.role == ROLE_HR) return 0;
  if (store_perf_manages(req->db, req->user.id, person_id, &manages, err)) return -1;
  if (manages) return 0;
  return error_set(err, 403, "Forbidden",
                   "the performance records of user %lld are seen by them, their line managers and HR only",
                   (long long)person_id);
}

int perf_may_manage(Request *req, const char *field, int64_t person_id, Error *err) {
  int manages = 0;
  if (req->user.role == ROLE_HR) return 0;
  if (store_perf_manages(req->db, req->user.id, person_id, &manages, err)) return -1;
  if (manages) return 0;
  error_set(err, 403, "Forbidden", "user %lld is not one of your reports", (long long)person_id);
  return error_field(err, field, "is not one of your reports: only their line managers and HR record this");
}

int perf_record_visible(Request *req, const StoreTable *table, const char *person_field, json_t **out, Error *err) {
  if (store_record_get(req->db, table, req->id, out, err)) return -1;
  if (!*out) return error_set(err, 404, "Not found", "%s %lld does not exist", table->entity, (long long)req->id);
  return perf_may_see(req, ival(*out, person_field), err);
}

int perf_resource_visible(const ResourceDef *def, Request *req, Response *res, ResourceAction then, Error *err) {
  json_t *r = NULL;
  int rc = perf_record_visible(req, def->table, "person_id", &r, err);
  json_decref(r);
  return rc ? -1 : then(def, req, res, err);
}

int perf_person_rows(Request *req, PerfPersonList list, json_t **rows, Error *err) {
  static const char *const allowed[] = {"person_id", NULL};
  Query q = {0};
  int64_t person = 0;
  int rc = api_query_parse(req, allowed, &q, err) || api_query_id(&q, "person_id", &person, err) ? -1 : 0;
  if (!rc && !person) rc = error_field(err, "person_id", "is required: whose records to list");
  if (!rc) rc = perf_may_see(req, person, err) || list(req->db, person, rows, err) ? -1 : 0;
  api_query_free(&q);
  return rc;
}

int perf_fields_unchanged(const json_t *before, const json_t *record, const char *const *fields) {
  int same = 1;
  for (const char *const *f = fields; *f; f++) {
    const json_t *a = json_object_get(before, *f), *b = json_object_get(record, *f);
    same &= json_equal(a, b) || ((!a || json_is_null(a)) && (!b || json_is_null(b)));
  }
  return same;
}

/* Team figures: HR, the service's managers, and the team's own leader. */
static int may_see_team(Request *req, int64_t team_id, Error *err) {
  Role r = req->user.role;
  if (r == ROLE_HR || r == ROLE_CS_MANAGER || r == ROLE_QUALITY_MANAGER) return 0;
  if (r == ROLE_TEAM_LEADER && ival(req->user.user, "team_id") == team_id) return 0;
  return error_set(err, 403, "Forbidden", "team %lld's KPIs are for its leader, the service's managers and HR",
                   (long long)team_id);
}

/* --- series of periods ------------------------------------------------------------------------------ */
typedef struct Series {
  KpiPeriod period;
  int n;
  long long start[MAX_PERIODS + 1]; /* start[n] is the end of the last period */
  KpiTally tally[MAX_PERIODS];
} Series;

static int period_of(const Series *s, long long day) {
  for (int i = 0; i < s->n; i++)
    if (day >= s->start[i] && day < s->start[i + 1]) return i;
  return -1;
}

static void tally_rows(Series *s, const json_t *rows, const char *day_field, int is_qa) {
  size_t i;
  json_t *r;
  json_array_foreach(rows, i, r) {
    int p = period_of(s, time_day_of(sval(r, day_field)));
    if (p < 0) continue;
    KpiTally t = {0};
    if (is_qa) {
      t.qa_score_centi = ival(r, "score_centi");
      t.qa_n = 1;
    } else {
      t = (KpiTally){.handled = ival(r, "handled"), .first_response_seconds = ival(r, "first_response_seconds"),
                     .first_response_n = ival(r, "first_response_n"),
                     .resolution_seconds = ival(r, "resolution_seconds"), .resolution_n = ival(r, "resolution_n"),
                     .fcr = ival(r, "fcr"), .reopened = ival(r, "reopened"), .sla_met = ival(r, "sla_met"),
                     .sla_judged = ival(r, "sla_judged"), .csat_n = ival(r, "csat_n"),
                     .csat_satisfied = ival(r, "csat_satisfied")};
    }
    kpi_tally_add(&s->tally[p], &t);
  }
}

/* Fills *s with the periods covering the days from..to (inclusive) of one
 * person or team: three queries whatever the number of cases. */
static int series_load(Request *req, int64_t user, int64_t team, KpiPeriod period, long long from, long long to,
                       Series *s, Error *err) {
  memset(s, 0, sizeof *s);
  s->period = period;
  for (long long d = kpi_period_start(from, period); d <= to; d = kpi_period_next(d, period)) {
    if (s->n == MAX_PERIODS) return error_field(err, "from", "asks for more than %d periods", MAX_PERIODS);
    s->start[s->n++] = d;
  }
  s->start[s->n] = kpi_period_next(s->start[s->n - 1], period);
  char lo[TIME_DATE_SIZE], hi[TIME_DATE_SIZE], lo_at[TIME_TEXT_SIZE], hi_at[TIME_TEXT_SIZE];
  time_date_text(s->start[0], lo);
  time_date_text(s->start[s->n], hi);
  snprintf(lo_at, sizeof lo_at, "%sT00:00:00Z", lo);
  snprintf(hi_at, sizeof hi_at, "%sT00:00:00Z", hi);
  json_t *cases = NULL, *csat = NULL, *qa = NULL;
  int rc = store_kpi_case_days(req->db, user, team, lo_at, hi_at, &cases, err) ||
           store_kpi_csat_days(req->db, user, team, lo_at, hi_at, &csat, err) ||
           store_qa_scored_reviews(req->db, user, team, lo_at, hi_at, &qa, err);
  if (!rc) {
    tally_rows(s, cases, "day", 0);
    tally_rows(s, csat, "day", 0);
    tally_rows(s, qa, "submitted_at", 1);
  }
  json_decref(cases);
  json_decref(csat);
  json_decref(qa);
  return rc ? -1 : 0;
}

/* A value as JSON: rounded to two decimals, null when there is no data. */
static json_t *value_json(const KpiTally *t, Kpi k) {
  double v;
  if (!kpi_value(t, k, &v)) return json_null();
  return json_real((double)(long long)(v * 100 + (v < 0 ? -0.5 : 0.5)) / 100);
}

static json_t *series_json(const Series *s) {
  json_t *periods = json_array();
  for (int i = 0; i < s->n; i++) {
    char key[KPI_KEY_SIZE], start[TIME_DATE_SIZE];
    kpi_period_key(s->start[i], s->period, key);
    time_date_text(s->start[i], start);
    json_t *values = json_object();
    for (int k = 0; k < KPI_COUNT; k++) json_object_set_new(values, kpi_name((Kpi)k), value_json(&s->tally[i], (Kpi)k));
    json_array_append_new(periods, json_pack("{s:s, s:s, s:o}", "period", key, "start", start, "values", values));
  }
  return periods;
}

static json_t *kpi_catalogue(void) {
  json_t *list = json_array();
  for (int k = 0; k < KPI_COUNT; k++)
    json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "name", kpi_name((Kpi)k), "unit", kpi_unit((Kpi)k),
                                          "higher_is_better", kpi_higher_is_better((Kpi)k)));
  return list;
}

/* The period parameter (default month). */
static int query_period(const Query *q, KpiPeriod *period, Error *err) {
  static const char *const periods[] = {"week", "month", NULL};
  const char *name = NULL;
  if (api_query_choice(q, "period", periods, &name, err)) return -1;
  *period = KPI_MONTH;
  if (name) kpi_period_parse(name, period);
  return 0;
}

/* The days from..to (default: the 180 days up to today). */
static int query_days(Request *req, const Query *q, long long *from, long long *to, Error *err) {
  const char *f = api_query_text(q, "from"), *t = api_query_text(q, "to");
  if (f && time_check_date(f)) error_field(err, "from", "must be a date YYYY-MM-DD");
  if (t && time_check_date(t)) error_field(err, "to", "must be a date YYYY-MM-DD");
  if (error_has_fields(err)) return -1;
  *to = t ? time_date_days(t) : time_day_of(req->now);
  *from = f ? time_date_days(f) : *to - 179;
  if (*from > *to) return error_field(err, "to", "is before from");
  return 0;
}

int kpis_get(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"user_id", "team_id", "period", "from", "to", NULL};
  Query q = {0};
  int64_t user = 0, team = 0;
  KpiPeriod period;
  long long from = 0, to = 0;
  Series *s = NULL;
  int rc = -1;
  if (api_query_parse(req, allowed, &q, err) || api_query_id(&q, "user_id", &user, err) ||
      api_query_id(&q, "team_id", &team, err) || query_period(&q, &period, err) ||
      query_days(req, &q, &from, &to, err))
    goto done;
  if ((user != 0) == (team != 0)) {
    error_field(err, user ? "team_id" : "user_id", "give exactly one of user_id and team_id");
    goto done;
  }
  if (user ? perf_may_see(req, user, err) : may_see_team(req, team, err)) goto done;
  s = malloc(sizeof *s);
  if (!s || series_load(req, user, team, period, from, to, s, err)) goto done;
  json_t *body = json_pack("{s:s, s:o, s:o}", "period", period == KPI_WEEK ? "week" : "month", "kpis",
                           kpi_catalogue(), "periods", series_json(s));
  json_object_set_new(body, user ? "user_id" : "team_id", json_integer(user ? user : team));
  api_send_json(res, 200, body);
  rc = 0;
done:
  free(s);
  api_query_free(&q);
  return rc;
}

/* --- scorecards and signals ---------------------------------------------------------------------------- */
/* The standard of kpi among standards (the first of that KPI), or NULL. */
static json_t *standard_of(json_t *standards, Kpi kpi) {
  size_t i;
  json_t *st;
  json_array_foreach(standards, i, st) if (strcmp(sval(st, "kpi"), kpi_name(kpi)) == 0) return st;
  return NULL;
}

/* One KPI of a scorecard: its trend over s (the running period last), and,
 * judged on the completed periods only, its latest value ("current"), the
 * standard and how many of those periods in a row are below it; "signal"
 * when that run reached the standard's signal_periods. */
static json_t *scorecard_line(const Series *s, Kpi k, json_t *standard) {
  double values[MAX_PERIODS];
  int available[MAX_PERIODS];
  int done = s->n - 1; /* completed periods; s->n is at least 2 */
  json_t *trend = json_array();
  for (int i = 0; i < s->n; i++) {
    char key[KPI_KEY_SIZE];
    kpi_period_key(s->start[i], s->period, key);
    available[i] = kpi_value(&s->tally[i], k, &values[i]);
    json_array_append_new(trend, json_pack("{s:s, s:o, s:b}", "period", key, "value", value_json(&s->tally[i], k),
                                           "complete", i < done));
  }
  json_t *line = json_pack("{s:s, s:s, s:b, s:o, s:o}", "kpi", kpi_name(k), "unit", kpi_unit(k), "higher_is_better",
                           kpi_higher_is_better(k), "trend", trend, "current", value_json(&s->tally[done - 1], k));
  if (!standard) {
    json_object_set_new(line, "standard", json_null());
    return line;
  }
  double target = (double)ival(standard, "target");
  int below = kpi_periods_below(k, values, available, done, target);
  json_object_set(line, "standard", standard);
  json_object_set_new(line, "meets", available[done - 1] ? json_boolean(kpi_meets(k, values[done - 1], target))
                                                          : json_null());
  json_object_set_new(line, "periods_below", json_integer(below));
  json_object_set_new(line, "signal", json_boolean(below >= ival(standard, "signal_periods")));
  return line;
}

/* The scorecard of person (a users row): the SCORECARD_PERIODS completed
 * periods before today's and the running one, each KPI in its standard's
 * signal period (fallback when it has none). */
static int scorecard_build(Request *req, const json_t *person, KpiPeriod fallback, json_t **out, Error *err) {
  json_t *standards = NULL;
  if (store_perf_standards_for(req->db, ival(person, "team_id"), sval(person, "role"), &standards, err)) return -1;
  Series *s[2] = {NULL, NULL};
  json_t *lines = json_array();
  long long today = time_day_of(req->now);
  int rc = 0;
  for (int k = 0; k < KPI_COUNT && !rc; k++) {
    json_t *st = standard_of(standards, (Kpi)k);
    KpiPeriod p = fallback;
    if (st) kpi_period_parse(sval(st, "signal_period"), &p);
    if (!s[p]) {
      long long from = kpi_period_start(today, p);
      for (int i = 0; i < SCORECARD_PERIODS; i++) from = kpi_period_start(from - 1, p);
      s[p] = malloc(sizeof *s[p]);
      if (!s[p]) rc = error_set(err, 500, "Internal error", "out of memory");
      else rc = series_load(req, ival(person, "id"), 0, p, from, today, s[p], err);
    }
    if (!rc) {
      json_t *line = scorecard_line(s[p], (Kpi)k, st);
      json_object_set_new(line, "period", json_string(p == KPI_WEEK ? "week" : "month"));
      json_array_append_new(lines, line);
    }
  }
  free(s[0]);
  free(s[1]);
  json_decref(standards);
  if (rc) {
    json_decref(lines);
    return -1;
  }
  *out = json_pack("{s:I, s:s, s:o}", "person_id", (json_int_t)ival(person, "id"), "person_name",
                   sval(person, "display_name"), "kpis", lines);
  return 0;
}

int perf_scorecard(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"period", NULL};
  Query q = {0};
  KpiPeriod period;
  json_t *person = NULL, *card = NULL;
  int rc = -1;
  if (api_query_parse(req, allowed, &q, err) || query_period(&q, &period, err) || perf_may_see(req, req->id, err) ||
      store_record_get(req->db, &store_users, req->id, &person, err) ||
      scorecard_build(req, person, period, &card, err))
    goto done;
  api_send_json(res, 200, card);
  rc = 0;
done:
  json_decref(person);
  api_query_free(&q);
  return rc;
}

int perf_kpi_current(Request *req, int64_t person_id, Kpi kpi, double *value, Error *err) {
  Series *s = malloc(sizeof *s);
  if (!s) return error_set(err, 500, "Internal error", "out of memory");
  long long today = time_day_of(req->now);
  int rc = series_load(req, person_id, 0, KPI_MONTH, today, today, s, err);
  int found = !rc && kpi_value(&s->tally[0], kpi, value);
  free(s);
  return rc ? -1 : found;
}

int perf_kpi_team_best(Request *req, int64_t team_id, Kpi kpi, double *best, Error *err) {
  Series *s = malloc(sizeof *s);
  if (!s) return error_set(err, 500, "Internal error", "out of memory");
  long long today = time_day_of(req->now);
  int rc = series_load(req, 0, team_id, KPI_MONTH, today - 364, today, s, err), found = 0;
  for (int i = 0; !rc && i < s->n; i++) {
    double v;
    if (kpi_value(&s->tally[i], kpi, &v) && (!found || !kpi_meets(kpi, *best, v))) *best = v, found = 1;
  }
  free(s);
  return rc ? -1 : found;
}

/* A signal's words: a prompt to look and talk, never a verdict. */
static json_t *signal_of(const json_t *person, const json_t *line) {
  const json_t *st = json_object_get(line, "standard");
  char text[400];
  snprintf(text, sizeof text,
           "%s has been below the standard of %lld %s for %s for %lld %ss in a row. Look at the evidence and talk "
           "with them: this is a prompt, not a judgement.",
           sval(person, "display_name"), (long long)ival(st, "target"), sval(line, "unit"), sval(line, "kpi"),
           (long long)ival(line, "periods_below"), sval(line, "period"));
  return json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:O, s:s}", "person_id", (json_int_t)ival(person, "id"),
                   "person_name", sval(person, "display_name"), "kpi", sval(line, "kpi"), "period",
                   sval(line, "period"), "target", (json_int_t)ival(st, "target"), "periods_below",
                   (json_int_t)ival(line, "periods_below"), "trend", json_object_get(line, "trend"), "message", text);
}

int perf_signals(Request *req, Response *res, Error *err) {
  json_t *reports = NULL, *signals = json_array();
  if (store_perf_reports(req->db, req->user.id, &reports, err)) {
    json_decref(signals);
    return -1;
  }
  size_t i;
  json_t *person;
  int rc = 0;
  json_array_foreach(reports, i, person) {
    json_t *card = NULL;
    if ((rc = scorecard_build(req, person, KPI_MONTH, &card, err))) break;
    size_t j;
    json_t *line;
    json_array_foreach(json_object_get(card, "kpis"), j, line) if (json_is_true(json_object_get(line, "signal")))
        json_array_append_new(signals, signal_of(person, line));
    json_decref(card);
  }
  json_decref(reports);
  if (rc) {
    json_decref(signals);
    return -1;
  }
  api_send_json(res, 200, json_pack("{s:o}", "items", signals));
  return 0;
}
