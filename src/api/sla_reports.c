/* The SLA reports: compliance (met against breached, per clock, grouped by
 * account, team, agent, priority or month of opening) and the open cases
 * most at risk of a breach. Both read the clocks as case_sla holds them,
 * which every change to a case and the scheduler keep current. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "api/sla.h"

static const char *const group_names[SLA_GROUP_COUNT + 1] = {
    [SLA_GROUP_ACCOUNT] = "account", [SLA_GROUP_TEAM] = "team",   [SLA_GROUP_AGENT] = "agent",
    [SLA_GROUP_PRIORITY] = "priority", [SLA_GROUP_MONTH] = "month", [SLA_GROUP_COUNT] = NULL};

/* A share in percent with one decimal, null when there is nothing to share. */
static json_t *percent(json_int_t part, json_int_t whole) {
  return whole ? json_real(round(1000.0 * (double)part / (double)whole) / 10.0) : json_null();
}

/* One report row: per clock {met, breached, decided, percent_met, percent_breached}. */
static json_t *compliance_group(const json_t *row) {
  json_t *g = json_pack("{s:O, s:O, s:O}", "key", json_object_get(row, "group_key"), "label",
                        json_object_get(row, "label"), "cases", json_object_get(row, "cases"));
  Buffer name = BUFFER_INIT;
  for (int k = 0; k < SLA_CLOCK_COUNT; k++) {
    const char *clock = sla_clock_kind_name((SlaClockKind)k);
    buffer_reset(&name);
    buffer_printf(&name, "%s_met", clock);
    json_int_t met = json_integer_value(json_object_get(row, buffer_cstr(&name)));
    buffer_reset(&name);
    buffer_printf(&name, "%s_breached", clock);
    json_int_t breached = json_integer_value(json_object_get(row, buffer_cstr(&name)));
    json_object_set_new(g, clock,
                        json_pack("{s:I, s:I, s:I, s:o, s:o}", "met", met, "breached", breached, "decided",
                                  met + breached, "percent_met", percent(met, met + breached), "percent_breached",
                                  percent(breached, met + breached)));
  }
  buffer_free(&name);
  return g;
}

int reports_sla_compliance(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"group_by", "from", "to", NULL};
  Query q = {0};
  const char *group_by = NULL;
  char from[TIME_TEXT_SIZE], to[TIME_TEXT_SIZE];
  json_t *rows = NULL;
  int rc = api_query_parse(req, allowed, &q, err);
  if (!rc) rc = api_query_choice(&q, "group_by", group_names, &group_by, err);
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
  if (!rc) rc = store_sla_compliance(req->db, group, from, to, &rows, err);
  if (!rc) {
    json_t *groups = json_array();
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) json_array_append_new(groups, compliance_group(row));
    api_send_json(res, 200,
                  json_pack("{s:s, s:s?, s:s?, s:o}", "group_by", group_names[group], "from",
                            api_query_text(&q, "from"), "to", api_query_text(&q, "to"), "groups", groups));
  }
  json_decref(rows);
  api_query_free(&q);
  return rc;
}

static int query_at_risk(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  (void)q;
  return store_cases_at_risk(req->db, after, limit, page, err);
}

int cases_at_risk(Request *req, Response *res, Error *err) { return api_list(req, res, NULL, query_at_risk, err); }
