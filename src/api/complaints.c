/* The complaint of a complaint case: its record, one step at a time by the
 * table in src/core/complaint_workflow.c (what a step needs, who may take
 * it), its escalations and the complaint reports (the Pareto of root
 * causes, complaints per month by category, product or account). Every step is audited
 * and recorded on the case timeline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/cases.h"
#include "api/complaints.h"
#include "api/sla.h"
#include "core/complaint_workflow.h"

#define MAX_TEXT_CHARS 20000
#define MAX_WHYS 5

static int is_complaint_case(const json_t *c) {
  const char *type = json_string_value(json_object_get(c, "type"));
  return type && strcmp(type, case_type_name(CASE_COMPLAINT)) == 0;
}

int complaints_follow_case(Request *req, const json_t *before, const json_t *after, Error *err) {
  if (before && is_complaint_case(before) && !is_complaint_case(after))
    return error_set(err, 409, "Complaint case", "a complaint case stays a complaint; open a new case instead");
  if (!is_complaint_case(after) || (before && is_complaint_case(before))) return 0;
  int64_t id = json_integer_value(json_object_get(after, "id"));
  json_t *complaint = NULL;
  int rc = store_complaint_insert(req->db, id, req->now, err);
  if (!rc) rc = store_record_get(req->db, &store_complaints, id, &complaint, err);
  if (!rc) rc = resource_audit(req, "complaint", id, "create", NULL, complaint, err);
  json_decref(complaint);
  return rc;
}

/* Booleans as booleans, whatever the backend stores; satisfied stays null until asked. */
static void complaint_finish(json_t *c) {
  json_object_set_new(c, "systemic", json_boolean(json_integer_value(json_object_get(c, "systemic"))));
  json_t *satisfied = json_object_get(c, "satisfied");
  if (json_is_integer(satisfied)) json_object_set_new(c, "satisfied", json_boolean(json_integer_value(satisfied)));
}

/* The complaint of the request's case; 404 when there is no such case or it is no complaint. */
static int load_complaint(Request *req, json_t **out, Error *err) {
  int exists = 0;
  if (store_record_get(req->db, &store_complaints, req->id, out, err)) return -1;
  if (*out) {
    complaint_finish(*out);
    return 0;
  }
  if (store_record_exists(req->db, &store_cases, req->id, &exists, err)) return -1;
  return error_set(err, 404, "Not found", exists ? "case %lld is not a complaint" : "case %lld does not exist",
                   (long long)req->id);
}

static int parsed(const char *const *names, const json_t *record, const char *field) {
  int i = complaint_name_parse(names, json_string_value(json_object_get(record, field)));
  return i < 0 ? 0 : i;
}

/* What the core needs to know of a stored complaint (strings borrowed from record). */
static int complaint_facts(Request *req, const json_t *record, Complaint *c, Error *err) {
  int64_t capas = 0;
  if (store_capa_count_for_case(req->db, req->id, &capas, err)) return -1;
  const json_t *satisfied = json_object_get(record, "satisfied");
  *c = (Complaint){
      .step = (ComplaintStep)parsed(complaint_step_names, record, "step"),
      .severity = (ComplaintSeverity)parsed(complaint_severity_names, record, "severity"),
      .impact = json_string_value(json_object_get(record, "impact")),
      .investigation = json_string_value(json_object_get(record, "investigation")),
      .whys = (int)json_array_size(json_object_get(record, "five_whys")),
      .category = (ComplaintCause)parsed(complaint_cause_names, record, "cause_category"),
      .systemic = json_is_true(json_object_get(record, "systemic")),
      .has_capa = capas > 0,
      .remedy = (ComplaintRemedy)parsed(complaint_remedy_names, record, "remedy"),
      .resolution = json_string_value(json_object_get(record, "resolution")),
      .satisfied = json_is_boolean(satisfied) ? json_is_true(satisfied) : -1,
      .escalation = (EscalationLevel)parsed(escalation_level_names, record, "escalation_level"),
  };
  return 0;
}

static json_t *missing_list(unsigned missing) {
  json_t *list = json_array();
  for (unsigned i = 0; i < MISSING_COUNT; i++)
    if (missing & (1u << i)) json_array_append_new(list, json_string(complaint_missing_name(1u << i)));
  return list;
}

static json_t *next_step_names(ComplaintStep from) {
  ComplaintStep next[COMPLAINT_STEP_COUNT];
  size_t n = complaint_next_steps(from, next);
  json_t *list = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(list, json_string(complaint_step_name(next[i])));
  return list;
}

/* The answer: the record with its escalations and, for each step that may
 * follow, what it still needs and whether this user may take it. */
static int complaint_view(Request *req, json_t *record, Error *err) {
  Complaint c;
  json_t *escalations = NULL;
  if (complaint_facts(req, record, &c, err) || store_complaint_escalations(req->db, req->id, &escalations, err))
    return -1;
  json_object_set_new(record, "escalations", escalations);
  ComplaintStep next[COMPLAINT_STEP_COUNT];
  size_t n = complaint_next_steps(c.step, next);
  json_t *steps = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(steps, json_pack("{s:s, s:o, s:b}", "step", complaint_step_name(next[i]), "missing",
                                           missing_list(complaint_missing_for(&c, next[i])), "permitted",
                                           complaint_step_role_allowed(c.step, next[i], req->user.role)));
  json_object_set_new(record, "next", steps);
  return 0;
}

int complaints_get(Request *req, Response *res, Error *err) {
  json_t *record = NULL;
  if (load_complaint(req, &record, err) || complaint_view(req, record, err)) {
    json_decref(record);
    return -1;
  }
  res->etag_version = json_integer_value(json_object_get(record, "version"));
  api_send_json(res, 200, record);
  return 0;
}

/* --- steps ------------------------------------------------------------------------------------ */
#define STEP_FIELD {"step", FIELD_ENUM, FIELD_REQUIRED, 0, 0, complaint_step_names, NULL}
#define NOTE_FIELD {"note", FIELD_TEXT, 0, 0, 2000, NULL, NULL}
#define END_FIELDS {NULL, 0, 0, 0, 0, NULL, NULL}
/* What each step takes besides its name; the guards, not these tables, say
 * what is required (a 409 listing what is missing). */
static const FieldSpec plain_fields[] = {STEP_FIELD, NOTE_FIELD, END_FIELDS};
static const FieldSpec assessed_fields[] = {
    STEP_FIELD,
    {"severity", FIELD_ENUM, 0, 0, 0, complaint_severity_names + 1, NULL},
    {"impact", FIELD_TEXT, 0, 1, 2000, NULL, NULL},
    END_FIELDS,
};
static const FieldSpec investigated_fields[] = {
    STEP_FIELD, {"investigation", FIELD_TEXT, 0, 1, MAX_TEXT_CHARS, NULL, NULL}, END_FIELDS};
static const FieldSpec root_cause_fields[] = {
    STEP_FIELD,
    {"five_whys", FIELD_TEXTS, 0, 1, MAX_WHYS, NULL, NULL},
    {"cause_category", FIELD_ENUM, 0, 0, 0, complaint_cause_names + 1, NULL},
    {"systemic", FIELD_BOOL, 0, 0, 0, NULL, NULL},
    END_FIELDS,
};
static const FieldSpec decided_fields[] = {
    STEP_FIELD,
    {"remedy", FIELD_ENUM, 0, 0, 0, complaint_remedy_names + 1, NULL},
    {"resolution", FIELD_TEXT, 0, 1, MAX_TEXT_CHARS, NULL, NULL},
    END_FIELDS,
};
static const FieldSpec followed_up_fields[] = {
    STEP_FIELD,
    {"satisfied", FIELD_BOOL, 0, 0, 0, NULL, NULL},
    {"follow_up_note", FIELD_TEXT, 0, 1, 2000, NULL, NULL},
    END_FIELDS,
};

static const struct {
  const FieldSpec *fields;
  const char *stamp; /* the time field the step sets, or NULL */
  const char *body;  /* the field whose text the timeline entry carries, or NULL for the note */
} step_rules[COMPLAINT_STEP_COUNT] = {
    [COMPLAINT_RECEIVED] = {plain_fields, NULL, NULL},
    [COMPLAINT_ACKNOWLEDGED] = {plain_fields, "acknowledged_at", NULL},
    [COMPLAINT_ASSESSED] = {assessed_fields, NULL, "impact"},
    [COMPLAINT_INVESTIGATED] = {investigated_fields, NULL, "investigation"},
    [COMPLAINT_ROOT_CAUSE] = {root_cause_fields, NULL, "cause_category"},
    [COMPLAINT_DECIDED] = {decided_fields, NULL, "resolution"},
    [COMPLAINT_COMMUNICATED] = {plain_fields, "communicated_at", "resolution"},
    [COMPLAINT_CLOSED] = {plain_fields, "closed_at", NULL},
    [COMPLAINT_FOLLOWED_UP] = {followed_up_fields, "followed_up_at", NULL},
};

/* Records an escalation of the request's complaint to level (audited, and an
 * internal timeline entry). */
static int record_escalation(Request *req, const char *level, const char *reason, json_t **out, Error *err) {
  int64_t id = 0, event_id = 0;
  json_t *escalation = NULL;
  int rc = store_complaint_escalation_insert(req->db, req->id, level, reason, req->user.id, req->now, &id, err);
  if (!rc) rc = store_complaint_escalation_get(req->db, id, &escalation, err);
  if (!rc) rc = resource_audit(req, "complaint_escalation", id, "create", NULL, escalation, err);
  if (!rc) {
    Buffer body = BUFFER_INIT;
    buffer_printf(&body, "escalated to %s: %s", level, reason);
    rc = cases_add_event(req, req->id,
                         json_pack("{s:s, s:s, s:s}", "kind", "escalation", "visibility", "internal", "body",
                                   buffer_cstr(&body)),
                         &event_id, err);
    buffer_free(&body);
  }
  if (!rc && out) *out = escalation;
  else json_decref(escalation);
  return rc;
}

/* The refusal of a step out of order: 409 naming the steps that may come
 * next and what the step asked for would still need. */
static int refuse_order(const Complaint *c, ComplaintStep to, Error *err) {
  error_set(err, 409, "Step refused", "a complaint at %s cannot go to %s", complaint_step_name(c->step),
            complaint_step_name(to));
  error_extend(err, "expected", next_step_names(c->step));
  error_extend(err, "missing", missing_list(complaint_missing_for(c, to)));
  return -1;
}

/* Stores merged (the complaint at step `to`) over before, with the
 * escalation it needs, the timeline entry, the audit and, on closing, the
 * case's resolution. */
static int write_step(Request *req, const json_t *before, json_t *merged, ComplaintStep to, int escalate,
                      const Complaint *c, Error *err) {
  int64_t event_id = 0;
  json_t *after = NULL;
  int rc = 0;
  if (escalate) rc = record_escalation(req, json_string_value(json_object_get(merged, "escalation_level")),
                                       complaint_escalation_reason(c), NULL, err);
  if (!rc) rc = store_record_update(req->db, &store_complaints, req->id,
                                    json_integer_value(json_object_get(before, "version")), merged, req->now, err);
  const char *body_field = step_rules[to].body ? step_rules[to].body : "note";
  if (!rc)
    rc = cases_add_event(req, req->id,
                         json_pack("{s:s, s:s, s:s, s:O?}", "kind", "complaint_step", "visibility",
                                   complaint_step_is_public(to) ? "public" : "internal", "step", complaint_step_name(to),
                                   "body", json_object_get(merged, body_field)),
                         &event_id, err);
  if (!rc && to == COMPLAINT_CLOSED) {
    json_t *kase = NULL;
    rc = resource_load(&case_resource, req, req->id, &kase, err);
    const char *status = rc ? "" : json_string_value(json_object_get(kase, "status"));
    if (!rc && strcmp(status, "resolved") != 0 && strcmp(status, "closed") != 0)
      rc = cases_move(req, CASE_RESOLVED, "the complaint was closed", err);
    json_decref(kase);
  }
  /* the acknowledged step stops the acknowledgement clock */
  if (!rc && to == COMPLAINT_ACKNOWLEDGED) rc = sla_case_changed(req, req->id, err);
  if (!rc) rc = load_complaint(req, &after, err);
  if (!rc) rc = resource_audit(req, "complaint", req->id, "update", before, after, err);
  json_decref(after);
  return rc;
}

int complaints_take_step(Request *req, Response *res, Error *err) {
  json_t *input = NULL, *before = NULL, *merged = NULL, *record = NULL;
  int rc = api_read_body(req, &input, err);
  int to_index = rc ? -1 : complaint_name_parse(complaint_step_names, json_string_value(json_object_get(input, "step")));
  ComplaintStep to = to_index < 0 ? COMPLAINT_RECEIVED : (ComplaintStep)to_index;
  if (!rc) rc = api_validate(req->db, input, to_index < 0 ? plain_fields : step_rules[to].fields, NULL, 0, err);
  if (!rc) rc = load_complaint(req, &before, err);
  Complaint c;
  if (!rc) rc = complaint_facts(req, before, &c, err);
  if (!rc && complaint_step_check(&c, to, NULL) == COMPLAINT_STEP_NOT_NEXT) rc = refuse_order(&c, to, err);
  if (!rc && !complaint_step_role_allowed(c.step, to, req->user.role))
    rc = error_set(err, 403, "Forbidden", "your role may not take a complaint to %s", complaint_step_name(to));
  int escalate = 0;
  if (!rc) {
    merged = json_deep_copy(before);
    json_object_del(merged, "escalations");
    json_object_update(merged, input); /* the note goes to the timeline only: it is no column */
    json_object_set_new(merged, "step", json_string(complaint_step_name(to)));
    if (step_rules[to].stamp) json_object_set_new(merged, step_rules[to].stamp, json_string(req->now));
    rc = complaint_facts(req, merged, &c, err);
  }
  EscalationLevel level;
  if (!rc && complaint_needs_escalation(&c, &level)) {
    /* Safety, critical and systemic complaints go up at once, as the step is taken. */
    escalate = 1;
    c.escalation = level;
    json_object_set_new(merged, "escalation_level", json_string(escalation_level_name(level)));
  }
  unsigned missing = 0;
  if (!rc && (missing = complaint_missing_for(&c, to))) {
    error_set(err, 409, "Step refused", "the complaint cannot go to %s until what is missing is recorded",
              complaint_step_name(to));
    error_extend(err, "missing", missing_list(missing));
    rc = -1;
  }
  if (!rc) rc = write_step(req, before, merged, to, escalate, &c, err);
  if (!rc) rc = load_complaint(req, &record, err);
  if (!rc) rc = complaint_view(req, record, err);
  json_decref(input);
  json_decref(before);
  json_decref(merged);
  if (rc) {
    json_decref(record);
    return -1;
  }
  res->etag_version = json_integer_value(json_object_get(record, "version"));
  api_send_json(res, 200, record);
  return 0;
}

/* --- escalations by hand ------------------------------------------------------------------------ */
int complaints_escalate(Request *req, Response *res, Error *err) {
  static const FieldSpec fields[] = {
      {"level", FIELD_ENUM, FIELD_REQUIRED, 0, 0, escalation_level_names, NULL},
      {"reason", FIELD_TEXT, FIELD_REQUIRED, 1, 2000, NULL, NULL},
      END_FIELDS,
  };
  json_t *input = NULL, *before = NULL, *merged = NULL, *after = NULL, *escalation = NULL;
  int rc = api_read_body(req, &input, err);
  if (!rc) rc = api_validate(req->db, input, fields, NULL, 0, err);
  if (!rc) rc = load_complaint(req, &before, err);
  const char *level = json_string_value(json_object_get(input, "level"));
  if (!rc && complaint_name_parse(escalation_level_names, level) <=
                 parsed(escalation_level_names, before, "escalation_level"))
    rc = error_set(err, 409, "Escalation refused", "the complaint is already with %s; escalate to a higher level",
                   json_string_value(json_object_get(before, "escalation_level")));
  if (!rc) rc = record_escalation(req, level, json_string_value(json_object_get(input, "reason")), &escalation, err);
  if (!rc) {
    merged = json_deep_copy(before);
    json_object_set_new(merged, "escalation_level", json_string(level));
    rc = store_record_update(req->db, &store_complaints, req->id,
                             json_integer_value(json_object_get(before, "version")), merged, req->now, err);
  }
  if (!rc) rc = load_complaint(req, &after, err);
  if (!rc) rc = resource_audit(req, "complaint", req->id, "update", before, after, err);
  json_decref(input);
  json_decref(before);
  json_decref(merged);
  json_decref(after);
  if (rc) {
    json_decref(escalation);
    return -1;
  }
  api_send_json(res, 201, escalation);
  return 0;
}

/* --- reports ------------------------------------------------------------------------------------ */

static int pareto_query(Request *req, const Query *q, json_t **out, Error *err) {
  const char *from = api_query_text(q, "from"), *to = api_query_text(q, "to");
  char start[TIME_TEXT_SIZE], end[TIME_TEXT_SIZE];
  json_t *rows = NULL;
  if (api_day_span(from, to, start, end, err) || store_complaint_pareto(req->db, start, end, &rows, err)) return -1;
  json_int_t total = 0, running = 0;
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) total += json_integer_value(json_object_get(row, "count"));
  json_array_foreach(rows, i, row) {
    running += json_integer_value(json_object_get(row, "count"));
    json_object_set_new(row, "cumulative_percent", json_real(total ? 100.0 * (double)running / (double)total : 0));
  }
  *out = json_pack("{s:s, s:s, s:I, s:o}", "from", from, "to", to, "total", total, "categories", rows);
  return 0;
}

int complaints_pareto(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"from", "to", NULL};
  Query q = {0};
  json_t *body = NULL;
  int rc = api_query_parse(req, allowed, &q, err);
  if (!rc) rc = pareto_query(req, &q, &body, err);
  api_query_free(&q);
  if (rc) return -1;
  api_send_json(res, 200, body);
  return 0;
}

#define TOP_ACCOUNTS 10
static const char *const group_names[COMPLAINT_GROUP_COUNT + 1] = {
    [COMPLAINT_GROUP_CATEGORY] = "category", [COMPLAINT_GROUP_PRODUCT] = "product",
    [COMPLAINT_GROUP_ACCOUNT] = "account", [COMPLAINT_GROUP_COUNT] = NULL};
/* The label of a group whose key is null: no category, no part, the accounts past the top ten. */
static const char *const null_labels[COMPLAINT_GROUP_COUNT] = {
    [COMPLAINT_GROUP_CATEGORY] = "not yet known", [COMPLAINT_GROUP_PRODUCT] = "no part",
    [COMPLAINT_GROUP_ACCOUNT] = "other accounts"};

/* Months since year 0 of a text starting "YYYY-MM". */
static int month_number(const char *text) { return atoi(text) * 12 + atoi(text + 5) - 1; }

/* A new group {key, label, counts: zeros, total: 0}; key is stolen. */
static json_t *month_group(json_t *key, const char *label, int months) {
  json_t *counts = json_array();
  for (int m = 0; m < months; m++) json_array_append_new(counts, json_integer(0));
  return json_pack("{s:o, s:s, s:o, s:I}", "key", key, "label", label, "counts", counts, "total", (json_int_t)0);
}

/* Adds count complaints in month m to group g. */
static void month_group_add(json_t *g, int m, json_int_t count) {
  json_t *counts = json_object_get(g, "counts");
  json_array_set_new(counts, (size_t)m, json_integer(json_integer_value(json_array_get(counts, (size_t)m)) + count));
  json_object_set_new(g, "total", json_integer(json_integer_value(json_object_get(g, "total")) + count));
}

/* Most complaints first; equal totals by label. */
static int by_total(const void *a, const void *b) {
  const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
  json_int_t tx = json_integer_value(json_object_get(x, "total")), ty = json_integer_value(json_object_get(y, "total"));
  if (tx != ty) return tx < ty ? 1 : -1;
  return strcmp(json_string_value(json_object_get(x, "label")), json_string_value(json_object_get(y, "label")));
}

/* The text of a group's key, to index the groups by: an id, a name or "" for null. */
static const char *key_text(const json_t *key, char buf[32]) {
  if (!json_is_integer(key)) return json_is_string(key) ? json_string_value(key) : "";
  snprintf(buf, 32, "%lld", (long long)json_integer_value(key));
  return buf;
}

/* The groups of rows (store_complaints_by_month) with their counts per month
 * from `first` (a month number), most complaints first; for accounts the top
 * ten and the rest summed under a null key. Returns a new array. */
static json_t *month_groups(const json_t *rows, ComplaintGroup group, int first, int months) {
  json_t *index = json_object(), *row, *g;
  size_t i, n, kept = 0;
  char buf[32];
  json_array_foreach(rows, i, row) {
    json_t *key = json_object_get(row, "group_key");
    const char *text = key_text(key, buf), *label = json_string_value(json_object_get(row, "label"));
    if (!(g = json_object_get(index, text))) {
      g = month_group(json_deep_copy(key), json_is_null(key) ? null_labels[group] : label ? label : "", months);
      json_object_set_new(index, text, g);
    }
    month_group_add(g, month_number(json_string_value(json_object_get(row, "month"))) - first,
                    json_integer_value(json_object_get(row, "count")));
  }
  n = json_object_size(index);
  json_t **sorted = malloc((n + 1) * sizeof *sorted), *other = NULL;
  const char *name;
  i = 0;
  json_object_foreach(index, name, g) sorted[i++] = g;
  qsort(sorted, n, sizeof *sorted, by_total);
  for (i = 0; i < n; i++) {
    if (group != COMPLAINT_GROUP_ACCOUNT || i < TOP_ACCOUNTS) {
      sorted[kept++] = json_incref(sorted[i]);
      continue;
    }
    if (!other) other = month_group(json_null(), null_labels[group], months);
    for (int m = 0; m < months; m++)
      month_group_add(other, m, json_integer_value(json_array_get(json_object_get(sorted[i], "counts"), (size_t)m)));
  }
  if (other) {
    sorted[kept++] = other;
    qsort(sorted, kept, sizeof *sorted, by_total);
  }
  json_t *groups = json_array();
  for (i = 0; i < kept; i++) json_array_append_new(groups, sorted[i]);
  free(sorted);
  json_decref(index);
  return groups;
}

int reports_complaints(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"group_by", "from", "to", NULL};
  Query q = {0};
  const char *group_by = NULL;
  char today[11], year_back[32], start[TIME_TEXT_SIZE], end[TIME_TEXT_SIZE], limit[32];
  json_t *rows = NULL;
  int rc = api_query_parse(req, allowed, &q, err);
  if (!rc) rc = api_query_choice(&q, "group_by", group_names, &group_by, err);
  ComplaintGroup group = COMPLAINT_GROUP_CATEGORY;
  for (int g = 0; group_by && g < COMPLAINT_GROUP_COUNT; g++)
    if (strcmp(group_by, group_names[g]) == 0) group = (ComplaintGroup)g;
  /* By default the last twelve months: to today (UTC), from the first day of the eleventh month before. */
  const char *from = api_query_text(&q, "from"), *to = api_query_text(&q, "to");
  snprintf(today, sizeof today, "%.10s", req->now);
  if (!to) to = today;
  if (!from && !time_check_date(to)) {
    int m = month_number(to) - 11;
    snprintf(year_back, sizeof year_back, "%04d-%02d-01", m / 12, m % 12 + 1);
    from = year_back;
  } else if (!from) from = today;
  if (!rc) rc = api_day_span(from, to, start, end, err);
  if (!rc) snprintf(limit, sizeof limit, "%04d%s", atoi(from) + 5, from + 4);
  if (!rc && strcmp(to, limit) >= 0) {
    error_field(err, "to", "must be less than five years after from");
    err->status = 400;
    rc = -1;
  }
  int first = rc ? 0 : month_number(from), months = rc ? 0 : month_number(to) - first + 1;
  if (!rc) rc = store_complaints_by_month(req->db, group, start, end, &rows, err);
  if (!rc) {
    json_t *month_list = json_array(), *groups = month_groups(rows, group, first, months);
    char month[32];
    for (int m = first; m < first + months; m++) {
      snprintf(month, sizeof month, "%04d-%02d", m / 12, m % 12 + 1);
      json_array_append_new(month_list, json_string(month));
    }
    json_int_t total = 0;
    size_t i;
    json_t *g;
    json_array_foreach(groups, i, g) total += json_integer_value(json_object_get(g, "total"));
    api_send_json(res, 200,
                  json_pack("{s:s, s:s, s:s, s:o, s:o, s:I}", "group_by", group_names[group], "from", from, "to", to,
                            "months", month_list, "groups", groups, "total", total));
  }
  json_decref(rows);
  api_query_free(&q);
  return rc;
}
