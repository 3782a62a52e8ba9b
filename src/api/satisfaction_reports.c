/* The satisfaction report and the theme counts (docs/SATISFACTION.md): the
 * store counts answers per group and score, the core turns each group's
 * counts into CSAT, NPS and CES on each scale separately, with the number of
 * answers and the small-sample mark beside every figure, and the response
 * rate of the invitations sent in the period. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/surveys.h"
#include "core/satisfaction.h"

static const char *const group_names[SATISFACTION_GROUP_COUNT + 1] = {
    [SATISFACTION_GROUP_MONTH] = "month",         [SATISFACTION_GROUP_TEAM] = "team",
    [SATISFACTION_GROUP_AGENT] = "agent",         [SATISFACTION_GROUP_ACCOUNT] = "account",
    [SATISFACTION_GROUP_CASE_TYPE] = "case_type", [SATISFACTION_GROUP_PRODUCT] = "product",
    [SATISFACTION_GROUP_SURVEY] = "survey",       [SATISFACTION_GROUP_COUNT] = NULL};

/* The period of a report: from..to dates (to: today; from: the first of the
 * month a year before to) as the instants [start, end). */
static int report_period(Request *req, const Query *q, char from[11], char to[11], char start[TIME_TEXT_SIZE],
                         char end[TIME_TEXT_SIZE], Error *err) {
  const char *given_to = api_query_text(q, "to"), *given_from = api_query_text(q, "from");
  snprintf(to, 11, "%.10s", given_to ? given_to : req->now);
  if (given_from) snprintf(from, 11, "%.10s", given_from);
  else snprintf(from, 11, "%04d-%.2s-01", (int)(strtol(to, NULL, 10) % 10000 + 9999) % 10000, strlen(to) >= 7 ? to + 5 : "01");
  return api_day_span(given_from ? given_from : from, given_to ? given_to : to, start, end, err);
}

/* The group of key in groups (an object keyed by the key's text), made with
 * its label when new. */
static json_t *group_of(json_t *groups, json_t *order, const json_t *row) {
  const json_t *key = json_object_get(row, "group_key");
  char text[64];
  if (json_is_integer(key)) snprintf(text, sizeof text, "%lld", (long long)json_integer_value(key));
  else snprintf(text, sizeof text, "%s", json_is_string(key) ? json_string_value(key) : "");
  json_t *g = json_object_get(groups, text);
  if (g) return g;
  g = json_pack("{s:O, s:O, s:[], s:I, s:I, s:n, s:b}", "key", key, "label", json_object_get(row, "label"), "figures",
                "invited", (json_int_t)0, "answered", (json_int_t)0, "response_rate", "response_rate_small_sample", 1);
  json_object_set_new(groups, text, g);
  json_array_append(order, g);
  return g;
}

static json_t *figure_json(const SatisfactionSample *s) {
  SatisfactionFigure f = satisfaction_figure(s);
  json_t *out = json_pack("{s:s, s:{s:i, s:i, s:b}, s:I, s:b}", "survey_type", survey_type_name(s->type), "scale",
                          "min", s->scale.min, "max", s->scale.max, "high_is_good", s->scale.high_is_good, "answers",
                          (json_int_t)f.answers, "small_sample", f.small_sample);
  json_object_set_new(out, "value", f.defined ? json_real(f.value) : json_null());
  /* What the good, middle and bad ends are called: CSAT, NPS, CES (effort), CES (agreement). */
  static const char *const names[4][3] = {{"satisfied", "neutral", "dissatisfied"},
                                          {"promoters", "passives", "detractors"},
                                          {"low_effort", "neutral", "high_effort"},
                                          {"easy", "neutral", "hard"}};
  const char *const *n = names[s->type == SURVEY_CES && s->scale.high_is_good ? 3 : s->type];
  json_object_set_new(out, n[0], json_integer(f.good));
  json_object_set_new(out, n[1], json_integer(f.neutral));
  json_object_set_new(out, n[2], json_integer(f.bad));
  return out;
}

/* Folds the score rows into samples, one per (group, type, scale), and the
 * samples into figures: answers on different scales never share a figure. */
static void add_figures(json_t *groups, json_t *order, const json_t *rows) {
  SatisfactionSample *samples = NULL;
  json_t **owners = NULL;
  size_t n = 0, i;
  const json_t *row;
  json_array_foreach(rows, i, row) {
    json_t *g = group_of(groups, order, row);
    SurveyType t;
    if (survey_type_parse(json_string_value(json_object_get(row, "survey_type")), &t)) continue;
    SurveyScale scale = {(int)json_integer_value(json_object_get(row, "scale_min")),
                         (int)json_integer_value(json_object_get(row, "scale_max")),
                         json_integer_value(json_object_get(row, "high_is_good")) != 0};
    size_t k = 0;
    while (k < n && !(owners[k] == g && samples[k].type == t && samples[k].scale.min == scale.min &&
                      samples[k].scale.max == scale.max && samples[k].scale.high_is_good == scale.high_is_good))
      k++;
    if (k == n) {
      samples = realloc(samples, (n + 1) * sizeof *samples);
      owners = realloc(owners, (n + 1) * sizeof *owners);
      samples[n] = (SatisfactionSample){.type = t, .scale = scale};
      owners[n++] = g;
    }
    satisfaction_sample_add(&samples[k], (int)json_integer_value(json_object_get(row, "score")),
                            json_integer_value(json_object_get(row, "count")));
  }
  for (size_t j = 0; j < n; j++) json_array_append_new(json_object_get(owners[j], "figures"), figure_json(&samples[j]));
  free(samples);
  free(owners);
}

static void add_rates(json_t *groups, json_t *order, const json_t *rows) {
  size_t i;
  const json_t *row;
  json_array_foreach(rows, i, row) {
    json_t *g = group_of(groups, order, row);
    int64_t invited = json_integer_value(json_object_get(row, "invited"));
    int64_t answered = json_integer_value(json_object_get(row, "answered"));
    ResponseRate r = satisfaction_response_rate(invited, answered);
    json_object_set_new(g, "invited", json_integer(invited));
    json_object_set_new(g, "answered", json_integer(answered));
    json_object_set_new(g, "response_rate", r.defined ? json_real(r.percent) : json_null());
    json_object_set_new(g, "response_rate_small_sample", json_boolean(invited < SATISFACTION_SMALL_SAMPLE));
  }
}

/* Orders groups by their key (months in time order; others by label). */
static int by_key(const void *a, const void *b) {
  const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
  const char *lx = json_string_value(json_object_get(x, "label")), *ly = json_string_value(json_object_get(y, "label"));
  return strcmp(lx ? lx : "", ly ? ly : "");
}

static json_t *sorted(json_t *order) {
  size_t n = json_array_size(order);
  json_t **items = n ? malloc(n * sizeof *items) : NULL, *out = json_array();
  for (size_t i = 0; i < n; i++) items[i] = json_array_get(order, i);
  if (n) qsort(items, n, sizeof *items, by_key);
  for (size_t i = 0; i < n; i++) json_array_append(out, items[i]);
  free(items);
  return out;
}

int reports_satisfaction(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"group_by", "from", "to", "survey_type", "account_id", "team_id",
                                        "agent_id", "case_type", "part_id", NULL};
  static const char *const types[] = {"csat", "nps", "ces", NULL};
  Query q = {0};
  const char *group_by = NULL;
  char from[11], to[11], start[TIME_TEXT_SIZE], end[TIME_TEXT_SIZE];
  SatisfactionQuery sq = {0};
  json_t *scores = NULL, *invited = NULL;
  int rc = api_query_parse(req, allowed, &q, err);
  if (!rc) rc = api_query_choice(&q, "group_by", group_names, &group_by, err);
  if (!rc) rc = api_query_choice(&q, "survey_type", types, &sq.survey_type, err);
  if (!rc)
    rc = api_query_id(&q, "account_id", &sq.account_id, err) || api_query_id(&q, "team_id", &sq.team_id, err) ||
         api_query_id(&q, "agent_id", &sq.agent_id, err) || api_query_id(&q, "part_id", &sq.part_id, err);
  if (!rc) rc = report_period(req, &q, from, to, start, end, err);
  for (int g = 0; !rc && group_by && g < SATISFACTION_GROUP_COUNT; g++)
    if (strcmp(group_by, group_names[g]) == 0) sq.group = (SatisfactionGroup)g;
  sq.case_type = api_query_text(&q, "case_type");
  sq.from = start, sq.to = end;
  if (!rc) rc = store_satisfaction_scores(req->db, &sq, &scores, err);
  if (!rc) rc = store_satisfaction_invited(req->db, &sq, &invited, err);
  if (!rc) {
    json_t *groups = json_object(), *order = json_array();
    add_figures(groups, order, scores);
    add_rates(groups, order, invited);
    api_send_json(res, 200,
                  json_pack("{s:s, s:s, s:s, s:i, s:o}", "group_by", group_names[sq.group], "from", from, "to", to,
                            "small_sample_below", SATISFACTION_SMALL_SAMPLE, "groups", sorted(order)));
    json_decref(groups);
    json_decref(order);
  }
  json_decref(scores), json_decref(invited);
  api_query_free(&q);
  return rc;
}

int reports_feedback_themes(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"from", "to", "account_id", NULL};
  Query q = {0};
  char from[11], to[11], start[TIME_TEXT_SIZE], end[TIME_TEXT_SIZE];
  int64_t account_id = 0;
  json_t *rows = NULL;
  int rc = api_query_parse(req, allowed, &q, err);
  if (!rc) rc = api_query_id(&q, "account_id", &account_id, err);
  if (!rc) rc = report_period(req, &q, from, to, start, end, err);
  /* Feedback is dated: compare its dates with the period's days. */
  char end_day[11];
  snprintf(end_day, sizeof end_day, "%.10s", end);
  if (!rc) rc = store_feedback_themes(req->db, from, end_day, account_id, &rows, err);
  if (!rc) {
    json_t *counts = json_object(), *items = json_array(); /* "month|theme" -> count */
    size_t i, j;
    json_t *row, *theme;
    json_array_foreach(rows, i, row) json_array_foreach(json_object_get(row, "themes"), j, theme) {
      char key[80];
      snprintf(key, sizeof key, "%s|%s", json_string_value(json_object_get(row, "month")), json_string_value(theme));
      json_t *c = json_object_get(counts, key);
      if (c) json_integer_set(c, json_integer_value(c) + 1);
      else json_object_set_new(counts, key, json_integer(1));
    }
    const char *key;
    json_t *c;
    json_object_foreach(counts, key, c) {
      json_array_append_new(items, json_pack("{s:s%, s:s, s:O}", "month", key, (size_t)7, "theme", key + 8, "count", c));
    }
    api_send_json(res, 200, json_pack("{s:s, s:s, s:o}", "from", from, "to", to, "themes", items));
    json_decref(counts);
  }
  json_decref(rows);
  api_query_free(&q);
  return rc;
}
