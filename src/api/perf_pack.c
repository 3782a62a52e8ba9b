/* The evidence pack of an underperformance case
 * (docs/PERFORMANCE-MANAGEMENT.md): the whole case as one printable HTML
 * page — the concern, its timeline of stages, the meetings (the case's own
 * and the one-to-ones since it was opened), the person's objectives, the
 * evidence and causes considered, and the letters. With anonymise=true the
 * names of everyone involved are replaced by roles ("Employee A",
 * "Manager 1"), in the free text too, for use as a portfolio example. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/performance.h"
#include "util/timeutil.h"

#define MAX_NAMES 64

static int64_t ival(const json_t *o, const char *name) { return json_integer_value(json_object_get(o, name)); }
static const char *sval(const json_t *o, const char *name) { return json_string_value(json_object_get(o, name)); }

typedef struct Pack {
  Buffer html;
  int anonymise;
  int n;
  char *name[MAX_NAMES]; /* longest first within each person: the full name, then each word */
  char alias[MAX_NAMES][24];
  int managers;
} Pack;

/* Adds a person's full name and each of its words of three letters or more. */
static void add_person(Pack *p, const char *full, const char *alias) {
  if (!full || !*full || p->n >= MAX_NAMES) return;
  for (int i = 0; i < p->n; i++)
    if (strcmp(p->name[i], full) == 0) return;
  p->name[p->n] = strdup(full);
  snprintf(p->alias[p->n++], sizeof p->alias[0], "%s", alias);
  const char *w = full;
  while (*w && p->n < MAX_NAMES) {
    size_t len = strcspn(w, " -");
    if (len >= 3 && len < strlen(full)) {
      p->name[p->n] = strndup(w, len);
      snprintf(p->alias[p->n++], sizeof p->alias[0], "%s", alias);
    }
    w += len;
    w += strspn(w, " -");
  }
}

static void add_manager(Pack *p, const char *name) {
  for (int i = 0; name && i < p->n; i++)
    if (strcmp(p->name[i], name) == 0) return;
  char alias[24];
  snprintf(alias, sizeof alias, "Manager %d", ++p->managers);
  add_person(p, name, alias);
}

static void add_user(Request *req, Pack *p, int64_t id, Error *err) {
  json_t *u = NULL;
  if (id && !store_record_get(req->db, &store_users, id, &u, err) && u) add_manager(p, sval(u, "display_name"));
  json_decref(u);
}

static void escape(Buffer *b, const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    switch (s[i]) {
    case '&': buffer_puts(b, "&amp;"); break;
    case '<': buffer_puts(b, "&lt;"); break;
    case '>': buffer_puts(b, "&gt;"); break;
    case '"': buffer_puts(b, "&quot;"); break;
    default: buffer_putc(b, s[i]);
    }
  }
}

/* The name of p that starts s as a whole word, or -1. */
static int name_at(const Pack *p, const char *start, const char *s) {
  if (s > start && isalnum((unsigned char)s[-1])) return -1;
  for (int i = 0; i < p->n; i++) {
    size_t len = strlen(p->name[i]);
    if (strncasecmp(s, p->name[i], len) == 0 && !isalnum((unsigned char)s[len])) return i;
  }
  return -1;
}

/* Text, escaped, its names replaced when anonymising. */
static void text(Pack *p, const char *s) {
  if (!s) return;
  if (!p->anonymise) {
    escape(&p->html, s, strlen(s));
    return;
  }
  for (const char *c = s; *c;) {
    int i = name_at(p, s, c);
    if (i >= 0) {
      buffer_puts(&p->html, p->alias[i]);
      c += strlen(p->name[i]);
    } else {
      escape(&p->html, c++, 1);
    }
  }
}

static void tag(Pack *p, const char *open, const char *s, const char *close) {
  buffer_puts(&p->html, open);
  text(p, s);
  buffer_puts(&p->html, close);
}

/* A row of a definition list, when the value is there. */
static void item(Pack *p, const char *label, const char *value) {
  if (!value || !*value) return;
  buffer_printf(&p->html, "<dt>%s</dt>", label);
  tag(p, "<dd>", value, "</dd>");
}

static void list_of_texts(Pack *p, const char *label, const json_t *list) {
  if (!json_array_size(list)) return;
  buffer_printf(&p->html, "<dt>%s</dt><dd><ul>", label);
  size_t i;
  json_t *v;
  json_array_foreach(list, i, v) {
    if (json_is_object(v)) {
      buffer_puts(&p->html, "<li>");
      text(p, sval(v, "due_on"));
      buffer_puts(&p->html, ": ");
      text(p, sval(v, "title"));
      buffer_puts(&p->html, "</li>");
    } else {
      tag(p, "<li>", json_string_value(v), "</li>");
    }
  }
  buffer_puts(&p->html, "</ul></dd>");
}

static void stages(Pack *p, const json_t *c) {
  static const char *const labels[][2] = {
      {"notice_on", "Written notice given"}, {"companion", "Companion"}, {"skip_informal_reason", "Informal stage skipped because"},
      {"plan_ends_on", "Improvement period ends"}, {"outcome", "Outcome"}, {"appeal_result", "Appeal"},
      {"serious_impact_reason", "Serious impact"}, {"exceptional_reason", "Exceptional reason"},
      {"notes", "Notes"}, {"response", "The person's response"}};
  buffer_puts(&p->html, "<h2>Timeline</h2><ol class=\"timeline\">");
  tag(p, "<li><h3>Opened ", sval(c, "created_at"), "</h3></li>");
  size_t i;
  json_t *s;
  json_array_foreach(json_object_get(c, "stages"), i, s) {
    buffer_puts(&p->html, "<li><h3>");
    text(p, sval(s, "on"));
    buffer_puts(&p->html, " — ");
    text(p, sval(s, "stage"));
    buffer_puts(&p->html, "</h3><dl>");
    for (size_t k = 0; k < sizeof labels / sizeof labels[0]; k++) item(p, labels[k][1], sval(s, labels[k][0]));
    if (json_object_get(s, "companion_offered"))
      item(p, "Right to be accompanied offered", json_is_true(json_object_get(s, "companion_offered")) ? "yes" : "no");
    list_of_texts(p, "Support", json_object_get(s, "support"));
    list_of_texts(p, "Milestones", json_object_get(s, "milestones"));
    list_of_texts(p, "Reviews on", json_object_get(s, "review_dates"));
    buffer_puts(&p->html, "</dl></li>");
  }
  buffer_puts(&p->html, "</ol>");
}

static void evidence(Pack *p, const json_t *c) {
  static const char *const causes[] = {"training", "resources", "workload", "personal_circumstances", "health", NULL};
  buffer_puts(&p->html, "<h2>Evidence</h2><table><tr><th>Kind</th><th>Period or record</th><th>What it shows</th></tr>");
  size_t i;
  json_t *e;
  json_array_foreach(json_object_get(c, "evidence"), i, e) {
    tag(p, "<tr><td>", sval(e, "kind"), "</td><td>");
    if (sval(e, "period")) text(p, sval(e, "period"));
    if (json_is_integer(json_object_get(e, "ref_id"))) buffer_printf(&p->html, "#%lld", (long long)ival(e, "ref_id"));
    tag(p, "</td><td>", sval(e, "note"), "</td></tr>");
  }
  buffer_puts(&p->html, "</table><h2>Causes considered</h2><dl>");
  const json_t *found = json_object_get(c, "causes");
  for (int k = 0; causes[k]; k++) item(p, causes[k], sval(found, causes[k]));
  if (!json_is_object(found)) buffer_puts(&p->html, "<dd>Not yet recorded.</dd>");
  buffer_puts(&p->html, "</dl>");
}

static void meetings(Pack *p, const json_t *rows, const char *since) {
  buffer_puts(&p->html, "<h2>One-to-ones</h2>");
  size_t i;
  json_t *m;
  int shown = 0;
  json_array_foreach(rows, i, m) {
    if (strcmp(sval(m, "held_on"), since) < 0) continue;
    shown++;
    tag(p, "<section class=\"meeting\"><h3>", sval(m, "held_on"), "</h3><dl>");
    item(p, "Manager", sval(m, "manager_name"));
    item(p, "Goal", sval(m, "goal"));
    item(p, "Reality", sval(m, "reality"));
    item(p, "Options", sval(m, "options"));
    item(p, "Way forward", sval(m, "way_forward"));
    buffer_puts(&p->html, "</dl></section>");
  }
  if (!shown) buffer_puts(&p->html, "<p>None since three months before the case was opened.</p>");
}

static void objectives(Pack *p, const json_t *rows) {
  buffer_puts(&p->html, "<h2>Objectives</h2><table><tr><th>Objective</th><th>Metric</th><th>Baseline</th>"
                        "<th>Target</th><th>Deadline</th><th>Status</th></tr>");
  size_t i;
  json_t *o;
  json_array_foreach(rows, i, o) {
    tag(p, "<tr><td>", sval(o, "title"), "</td>");
    tag(p, "<td>", sval(o, "metric"), "</td>");
    buffer_printf(&p->html, "<td>%lld</td><td>%lld</td>", (long long)ival(o, "baseline"), (long long)ival(o, "target"));
    tag(p, "<td>", sval(o, "deadline"), "</td>");
    tag(p, "<td>", sval(o, "status"), "</td></tr>");
  }
  buffer_puts(&p->html, "</table>");
}

static void letters(Pack *p, const json_t *rows) {
  buffer_puts(&p->html, "<h2>Letters</h2>");
  size_t i;
  json_t *l;
  json_array_foreach(rows, i, l) {
    tag(p, "<section class=\"letter\"><h3>", sval(l, "subject"), "</h3><p class=\"status\">");
    if (sval(l, "issued_at")) tag(p, "Issued ", sval(l, "issued_at"), "");
    else buffer_puts(&p->html, "Draft, not issued");
    tag(p, "</p><pre>", sval(l, "body"), "</pre></section>");
  }
  if (!json_array_size(rows)) buffer_puts(&p->html, "<p>No letters yet.</p>");
}

static const char style[] =
    "body{font:11pt/1.45 Georgia,serif;max-width:48em;margin:2em auto;color:#111}h1{font-size:18pt}"
    "h2{font-size:14pt;border-bottom:1px solid #999;margin-top:1.6em}h3{font-size:11pt;margin:.6em 0 .2em}"
    "table{border-collapse:collapse;width:100%}td,th{border:1px solid #bbb;padding:.25em .4em;text-align:left;"
    "vertical-align:top}dt{font-weight:bold}dd{margin:0 0 .3em 1.5em}pre{white-space:pre-wrap;font:inherit;"
    "border-left:3px solid #ccc;padding-left:1em}.status{color:#555;font-style:italic}"
    "section,li{break-inside:avoid}@media print{body{margin:0}}";

int perf_cases_pack(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"anonymise", NULL};
  static const char *const flags[] = {"true", "false", NULL};
  Query q = {0};
  const char *anonymise = NULL;
  json_t *c = NULL, *talks = NULL, *goals = NULL, *mail = NULL;
  Pack p = {.html = BUFFER_INIT};
  int rc = api_query_parse(req, allowed, &q, err) || api_query_choice(&q, "anonymise", flags, &anonymise, err) ||
           perf_record_visible(req, &store_perf_cases, "person_id", &c, err);
  p.anonymise = anonymise && strcmp(anonymise, "true") == 0;
  int64_t person = rc ? 0 : ival(c, "person_id");
  if (!rc)
    rc = store_one_to_ones_list(req->db, person, &talks, err) ||
         store_perf_objectives_list(req->db, person, &goals, err) || perf_letters_of(req, c, &mail, err);
  if (!rc) {
    add_person(&p, sval(c, "person_name"), "Employee A");
    add_user(req, &p, ival(c, "manager_id"), err);
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(c, "stages"), i, v) {
      add_user(req, &p, ival(v, "recorded_by_id"), err);
      if (sval(v, "companion")) add_person(&p, sval(v, "companion"), "the companion");
    }
    json_array_foreach(talks, i, v) add_manager(&p, sval(v, "manager_name"));
    rc = err->status ? -1 : 0;
  }
  if (!rc) {
    /* one-to-ones from three months before the case was opened */
    char since[TIME_DATE_SIZE];
    time_date_text(time_day_of(sval(c, "created_at")) - 91, since);
    buffer_puts(&p.html, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Evidence pack</title>"
                         "<style>");
    buffer_puts(&p.html, style);
    buffer_printf(&p.html, "</style></head><body><h1>Evidence pack: %s case %lld</h1><dl>",
                  strcmp(sval(c, "kind"), "conduct") == 0 ? "conduct" : "capability", (long long)req->id);
    item(&p, "About", sval(c, "person_name"));
    item(&p, "Current stage", sval(c, "stage"));
    item(&p, "Opened", sval(c, "created_at"));
    item(&p, "The concern", sval(c, "concern"));
    buffer_puts(&p.html, "</dl>");
    if (p.anonymise) buffer_puts(&p.html, "<p class=\"status\">Names are replaced by roles: an anonymised example.</p>");
    stages(&p, c);
    evidence(&p, c);
    meetings(&p, talks, since);
    objectives(&p, goals);
    letters(&p, mail);
    buffer_printf(&p.html, "<p class=\"status\">Generated %s by forgedesk.</p></body></html>\n", req->now);
    buffer_reset(&res->body);
    buffer_append(&res->body, p.html.data, p.html.len);
    res->status = 200;
    res->content_type = "text/html; charset=utf-8";
  }
  for (int i = 0; i < p.n; i++) free(p.name[i]);
  buffer_free(&p.html);
  json_decref(c);
  json_decref(talks);
  json_decref(goals);
  json_decref(mail);
  api_query_free(&q);
  return rc ? -1 : 0;
}
