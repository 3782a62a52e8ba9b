/* The SLA reports: compliance (met against breached, per clock, grouped by
 * account, team, agent, priority or month of opening; in key order or worst
 * first, by every clock or one, optionally only the first few) and the open cases
 * most at risk of a breach. Both read the clocks as case_sla holds them,
 * which every change to a case and the scheduler keep current. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/sla.h"

static const char *const group_names[SLA_GROUP_COUNT + 1] = {
    [SLA_GROUP_ACCOUNT] = "account", [SLA_GROUP_TEAM] = "team",   [SLA_GROUP_AGENT] = "agent",
    [SLA_GROUP_PRIORITY] = "priority", [SLA_GROUP_MONTH] = "month", [SLA_GROUP_COUNT] = NULL};

/* A share in percent with one decimal, null when there is nothing to share. */
static json_t *percent(json_int_t part, json_int_t whole) {
  return whole ? json_real(round(1000.0 * (double)part / (double)whole) / 10.0) : json_null();
}

/* A group's targets met and decided, every clock together (its compliance),
 * and of the clock it is ordered by (the same when ordered by compliance). */
typedef struct Ranked {
  const SlaComplianceGroup *group;
  json_int_t met, decided, by_met, by_decided;
  size_t index; /* the place in key order: ties keep it */
} Ranked;

/* Lowest share met first; groups with nothing decided last; ties in key order. */
static int worst_first(const void *a, const void *b) {
  const Ranked *x = a, *y = b;
  if (!x->by_decided != !y->by_decided) return x->by_decided ? -1 : 1;
  json_int_t lhs = x->by_met * y->by_decided, rhs = y->by_met * x->by_decided; /* compared without rounding */
  if (x->by_decided && lhs != rhs) return lhs < rhs ? -1 : 1;
  return (x->index > y->index) - (x->index < y->index);
}

/* One report row: per clock {met, breached, decided, percent_met,
 * percent_breached}, and percent_met of every clock together. */
static json_t *compliance_group(const Ranked *r) {
  const SlaComplianceGroup *g = r->group;
  json_t *out = json_pack("{s:O, s:O, s:I, s:o}", "key", g->key, "label", g->label, "cases", (json_int_t)g->cases,
                          "percent_met", percent(r->met, r->decided));
  for (int k = 0; k < SLA_CLOCK_COUNT; k++) {
    json_int_t met = g->met[k], breached = g->breached[k];
    json_object_set_new(out, sla_clock_kind_name((SlaClockKind)k),
                        json_pack("{s:I, s:I, s:I, s:o, s:o}", "met", met, "breached", breached, "decided",
                                  met + breached, "percent_met", percent(met, met + breached), "percent_breached",
                                  percent(breached, met + breached)));
  }
  return out;
}

/* The order asked for: by key, worst first by compliance, or worst first by one clock. */
enum { SORT_KEY, SORT_COMPLIANCE, SORT_CLOCK };
static const char *const sort_names[] = {"key", "compliance", "first_response", "next_update", "resolution",
                                         "acknowledgement", NULL}; /* the clocks in SlaClockKind's order */
_Static_assert(sizeof sort_names / sizeof *sort_names == SORT_CLOCK + SLA_CLOCK_COUNT + 1, "a sort per clock");

/* The groups in the order sort (an index of sort_names), the first limit of them (0: all). */
static json_t *compliance_groups(const SlaComplianceGroup *groups, size_t n, int sort, int limit) {
  size_t shown = limit > 0 && (size_t)limit < n ? (size_t)limit : n;
  Ranked *ranked = n ? calloc(n, sizeof *ranked) : NULL;
  if (n && !ranked) abort();
  for (size_t i = 0; i < n; i++) {
    Ranked *r = &ranked[i];
    r->group = &groups[i];
    r->index = i;
    for (int k = 0; k < SLA_CLOCK_COUNT; k++) {
      json_int_t met = groups[i].met[k], decided = met + groups[i].breached[k];
      r->met += met;
      r->decided += decided;
      if (sort - SORT_CLOCK == k) r->by_met = met, r->by_decided = decided;
    }
    if (sort == SORT_COMPLIANCE) r->by_met = r->met, r->by_decided = r->decided;
  }
  if (sort != SORT_KEY && n) qsort(ranked, n, sizeof *ranked, worst_first);
  json_t *out = json_array();
  for (size_t i = 0; i < shown; i++) json_array_append_new(out, compliance_group(&ranked[i]));
  free(ranked);
  return out;
}

/* The largest limit a caller may ask for; without one every group is answered. */
#define COMPLIANCE_LIMIT_MAX 1000

int reports_sla_compliance(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"group_by", "from", "to", "sort", NULL};
  Query q = {0};
  const char *group_by = NULL, *sort = NULL;
  char from[TIME_TEXT_SIZE], to[TIME_TEXT_SIZE];
  SlaComplianceGroup *groups = NULL;
  size_t n = 0;
  int limit = 0;
  int rc = api_query_parse(req, allowed, &q, err);
  if (!rc) rc = api_query_choice(&q, "group_by", group_names, &group_by, err);
  if (!rc) rc = api_query_choice(&q, "sort", sort_names, &sort, err);
  if (!rc) rc = api_query_limit(&q, COMPLIANCE_LIMIT_MAX, &limit, err);
  if (!rc) rc = api_query_date_bound(&q, "from", "0001-01-01", "T00:00:00Z", from, err);
  if (!rc) rc = api_query_date_bound(&q, "to", "9999-12-31", "T23:59:59Z", to, err);
  if (!rc && strcmp(from, to) > 0) {
    error_field(err, "to", "must not be before from");
    err->status = 400;
    rc = -1;
  }
  SlaGroup group = SLA_GROUP_ACCOUNT;
  for (int g = 0; group_by && g < SLA_GROUP_COUNT; g++)
    if (strcmp(group_by, group_names[g]) == 0) group = (SlaGroup)g;
  int by = SORT_KEY;
  for (int i = 0; sort && sort_names[i]; i++)
    if (strcmp(sort, sort_names[i]) == 0) by = i;
  if (!rc) rc = store_sla_compliance(req->db, group, from, to, &groups, &n, err);
  if (!rc)
    api_send_json(res, 200,
                  json_pack("{s:s, s:s?, s:s?, s:s, s:I, s:o}", "group_by", group_names[group], "from",
                            api_query_text(&q, "from"), "to", api_query_text(&q, "to"), "sort", sort_names[by],
                            "total", (json_int_t)n, "groups", compliance_groups(groups, n, by, limit)));
  store_sla_compliance_free(groups, n);
  api_query_free(&q);
  return rc;
}

static int query_at_risk(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  (void)q;
  return store_cases_at_risk(req->db, after, limit, page, err);
}

int cases_at_risk(Request *req, Response *res, Error *err) { return api_list(req, res, NULL, query_at_risk, err); }
