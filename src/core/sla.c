/* SLA policies (parsing and validating the JSON form) and the clocks of a
 * case (a walk over its history in business seconds); see sla.h and
 * docs/SLA.md. */
#include "core/sla.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buffer.h"
#include "util/timeutil.h"

static const char *const sla_clock_kind_names[SLA_CLOCK_COUNT] = {
    [SLA_FIRST_RESPONSE] = "first_response",
    [SLA_NEXT_UPDATE] = "next_update",
    [SLA_RESOLUTION] = "resolution",
    [SLA_ACKNOWLEDGEMENT] = "acknowledgement",
};
static const char *const sla_clock_state_names[] = {
    [SLA_NOT_APPLICABLE] = "not_applicable", [SLA_RUNNING] = "running", [SLA_PAUSED] = "paused",
    [SLA_MET] = "met",                       [SLA_BREACHED] = "breached",
};
static const char *const sla_warning_names[] = {
    [SLA_WARNING_NONE] = "none",
    [SLA_WARNING_FIRST] = "first",
    [SLA_WARNING_SECOND] = "second",
    [SLA_WARNING_BREACHED] = "breached",
};

const char *sla_clock_kind_name(SlaClockKind kind) { return sla_clock_kind_names[kind]; }
const char *sla_clock_state_name(SlaClockState state) { return sla_clock_state_names[state]; }
const char *sla_warning_name(SlaWarning warning) { return sla_warning_names[warning]; }

/* --- policies ------------------------------------------------------------------------- */

/* The field name prefix + key into b (reset first), for error messages. */
static const char *sla_field_name(Buffer *b, const char *prefix, const char *key) {
  buffer_reset(b);
  buffer_printf(b, "%s%s", prefix, key);
  return buffer_cstr(b);
}

static void sla_parse_minutes(const json_t *value, const char *field, int64_t *out, Error *err) {
  json_int_t n = json_is_integer(value) ? json_integer_value(value) : 0;
  if (n < 1 || n > SLA_MINUTES_MAX)
    error_field(err, field, "must be a whole number of business minutes from 1 to %d", SLA_MINUTES_MAX);
  else *out = n;
}

static void sla_parse_name(SlaPolicy *p, const json_t *value, time_t now, Error *err) {
  (void)now;
  const char *name = json_string_value(value);
  if (!name || !*name) error_field(err, "name", "must be a non-empty string");
  else p->name = strdup(name);
  if (name && *name && !p->name) abort();
}

/* The calendar's own field errors are kept, under "calendar.". */
static void sla_parse_calendar(SlaPolicy *p, const json_t *value, time_t now, Error *err) {
  Error inner = ERROR_INIT;
  if (calendar_parse(value, now, &p->calendar, &inner) == 0) return;
  error_adopt_fields(err, &inner, "calendar.", "calendar");
}

static void sla_parse_priority_targets(SlaPolicy *p, int priority, const json_t *value, const char *field,
                                       Error *err) {
  if (!json_is_object(value)) {
    error_field(err, field, "must be an object of first_response, next_update and resolution");
    return;
  }
  Buffer name = BUFFER_INIT, prefix = BUFFER_INIT;
  buffer_printf(&prefix, "%s.", field);
  const char *key;
  const json_t *minutes;
  json_object_foreach((json_t *)value, key, minutes) {
    int kind = 0;
    while (kind < SLA_PRIORITY_CLOCKS && strcmp(sla_clock_kind_names[kind], key) != 0) kind++;
    const char *member = sla_field_name(&name, buffer_cstr(&prefix), key);
    if (kind == SLA_PRIORITY_CLOCKS)
      error_field(err, member, "unknown member; a priority has first_response, next_update and resolution");
    else sla_parse_minutes(minutes, member, &p->targets[priority - 1][kind], err);
  }
  buffer_free(&name);
  buffer_free(&prefix);
}

static void sla_parse_targets(SlaPolicy *p, const json_t *value, time_t now, Error *err) {
  (void)now;
  if (!json_is_object(value)) {
    error_field(err, "targets", "must be an object with priorities \"1\" to \"4\" as keys");
    return;
  }
  Buffer name = BUFFER_INIT;
  const char *key;
  const json_t *targets;
  json_object_foreach((json_t *)value, key, targets) {
    const char *field = sla_field_name(&name, "targets.", key);
    if (strlen(key) != 1 || key[0] < '1' || key[0] > '0' + SLA_PRIORITIES)
      error_field(err, field, "unknown priority; priorities are 1 to %d", SLA_PRIORITIES);
    else sla_parse_priority_targets(p, key[0] - '0', targets, field, err);
  }
  buffer_free(&name);
}

/* Calls parse_item on each element of the array value, with the element's
 * field name ("field[i]"). */
static void sla_parse_each(SlaPolicy *p, const json_t *value, const char *field,
                           void (*parse_item)(SlaPolicy *p, const json_t *item, size_t i, const char *name, Error *err),
                           Error *err) {
  Buffer name = BUFFER_INIT;
  size_t i;
  const json_t *item;
  json_array_foreach(value, i, item) {
    buffer_reset(&name);
    buffer_printf(&name, "%s[%zu]", field, i);
    parse_item(p, item, i, buffer_cstr(&name), err);
  }
  buffer_free(&name);
}

static void sla_parse_pause_status(SlaPolicy *p, const json_t *item, size_t i, const char *name, Error *err) {
  (void)i;
  const char *text = json_string_value(item);
  CaseStatus status;
  if (!text || case_status_parse(text, &status))
    error_field(err, name, "unknown status; use new, open, waiting_on_customer, waiting_on_internal or reopened");
  else if (case_status_is_final(status)) error_field(err, name, "%s stops the clocks; it cannot pause them", text);
  else if (p->pause_statuses & (1u << status)) error_field(err, name, "%s is listed twice", text);
  else p->pause_statuses |= 1u << status;
}

static void sla_parse_pause_statuses(SlaPolicy *p, const json_t *value, time_t now, Error *err) {
  (void)now;
  if (!json_is_array(value)) {
    error_field(err, "pause_statuses", "must be an array of case statuses");
    return;
  }
  p->pause_statuses = 0;
  sla_parse_each(p, value, "pause_statuses", sla_parse_pause_status, err);
}

static void sla_parse_warning(SlaPolicy *p, const json_t *item, size_t i, const char *name, Error *err) {
  json_int_t pct = json_is_integer(item) ? json_integer_value(item) : 0;
  if (pct < 1 || pct > 99) error_field(err, name, "must be a whole percentage from 1 to 99");
  else if (p->nwarn && pct <= p->warn_at[p->nwarn - 1]) error_field(err, name, "must be above warn_at[%zu]", i - 1);
  else p->warn_at[p->nwarn++] = (int)pct;
}

static void sla_parse_warn_at(SlaPolicy *p, const json_t *value, time_t now, Error *err) {
  (void)now;
  if (!json_is_array(value) || json_array_size(value) > SLA_WARNINGS_MAX) {
    error_field(err, "warn_at", "must be an array of at most %d percentages", SLA_WARNINGS_MAX);
    return;
  }
  p->nwarn = 0;
  sla_parse_each(p, value, "warn_at", sla_parse_warning, err);
}

static void sla_parse_acknowledgement(SlaPolicy *p, const json_t *value, time_t now, Error *err) {
  (void)now;
  sla_parse_minutes(value, "acknowledgement", &p->acknowledgement, err);
}

static void sla_parse_review_on(SlaPolicy *p, const json_t *value, time_t now, Error *err) {
  (void)now;
  const char *date = json_string_value(value);
  if (!date || time_check_date(date)) error_field(err, "review_on", "must be a real date, YYYY-MM-DD");
  else p->review_on = time_date_days(date);
}

static const struct {
  const char *key;
  int required;
  void (*parse)(SlaPolicy *p, const json_t *value, time_t now, Error *err);
} sla_members[] = {
    {"name", 1, sla_parse_name},
    {"calendar", 1, sla_parse_calendar},
    {"targets", 1, sla_parse_targets},
    {"pause_statuses", 0, sla_parse_pause_statuses},
    {"warn_at", 0, sla_parse_warn_at},
    {"acknowledgement", 0, sla_parse_acknowledgement},
    {"review_on", 1, sla_parse_review_on},
};
#define SLA_MEMBERS (sizeof sla_members / sizeof sla_members[0])

int sla_policy_parse(const json_t *json, time_t now, SlaPolicy **out, Error *err) {
  *out = NULL;
  if (!json_is_object(json)) return error_field(err, "policy", "an SLA policy is a JSON object");
  SlaPolicy *p = calloc(1, sizeof *p);
  if (!p) abort();
  p->pause_statuses = 1u << CASE_WAITING_ON_CUSTOMER;
  p->warn_at[0] = 75, p->warn_at[1] = 90, p->nwarn = 2;
  const char *key;
  const json_t *value;
  json_object_foreach((json_t *)json, key, value) {
    size_t m = 0;
    while (m < SLA_MEMBERS && strcmp(sla_members[m].key, key) != 0) m++;
    if (m == SLA_MEMBERS)
      error_field(err, key,
                  "unknown member; a policy has name, calendar, targets, pause_statuses, warn_at, "
                  "acknowledgement and review_on");
  }
  for (size_t m = 0; m < SLA_MEMBERS; m++) {
    value = json_object_get(json, sla_members[m].key);
    if (value) sla_members[m].parse(p, value, now, err);
    else if (sla_members[m].required) error_field(err, sla_members[m].key, "required");
  }
  if (error_has_fields(err)) {
    sla_policy_free(p);
    return -1;
  }
  *out = p;
  return 0;
}

void sla_policy_free(SlaPolicy *policy) {
  if (!policy) return;
  free(policy->name);
  calendar_free(policy->calendar);
  free(policy);
}

int64_t sla_policy_target(const SlaPolicy *policy, int priority, SlaClockKind kind) {
  if (kind == SLA_ACKNOWLEDGEMENT) return policy->acknowledgement;
  return policy->targets[priority - 1][kind];
}

SlaReview sla_policy_review(const SlaPolicy *policy, const char *today, int lead_days) {
  long long days_left = policy->review_on - time_date_days(today);
  if (days_left < 0) return SLA_REVIEW_OVERDUE;
  return days_left <= lead_days ? SLA_REVIEW_DUE : SLA_REVIEW_NOT_DUE;
}

/* --- clocks --------------------------------------------------------------------------- */

typedef enum SlaMode { SLA_MODE_IDLE, SLA_MODE_RUNNING, SLA_MODE_PAUSED } SlaMode;

/* One clock during the walk, in business seconds. */
typedef struct SlaWalkClock {
  int64_t target;    /* 0 = no target */
  int pending;       /* something is owed (it may still not run: a final status) */
  SlaMode mode;      /* as of the last event */
  int64_t used, paused;
  time_t breached_at; /* 0 = not (yet) */
  int breaches_done;  /* next_update: earlier waits breached */
  int waits;          /* next_update: waits for an update begun */
  int stopped;        /* has stopped at least once: due_at_stop is set */
  time_t due_at_stop;
} SlaWalkClock;

typedef struct SlaWalk {
  const SlaPolicy *policy;
  CaseStatus status;
  int replied; /* an outbound reply has been sent: customer messages now await updates */
  SlaWalkClock clock[SLA_CLOCK_COUNT];
} SlaWalk;

static SlaMode sla_walk_mode(const SlaWalk *w, SlaClockKind kind) {
  const SlaWalkClock *k = &w->clock[kind];
  if (!k->target || !k->pending || case_status_is_final(w->status)) return SLA_MODE_IDLE;
  /* Acknowledging receipt of a complaint is owed whoever's turn it is. */
  if (kind != SLA_ACKNOWLEDGEMENT && (w->policy->pause_statuses & (1u << w->status))) return SLA_MODE_PAUSED;
  return SLA_MODE_RUNNING;
}

/* Counts [from, to) to every clock that runs or is paused in it. */
static int sla_walk_advance(SlaWalk *w, time_t from, time_t to, Error *err) {
  const Calendar *cal = w->policy->calendar;
  int64_t business = -1;
  for (int i = 0; i < SLA_CLOCK_COUNT; i++) {
    SlaWalkClock *k = &w->clock[i];
    if (k->mode == SLA_MODE_IDLE || to == from) continue;
    if (business < 0 && calendar_elapsed_seconds(cal, from, to, &business, err)) return -1;
    if (k->mode == SLA_MODE_PAUSED) {
      k->paused += business;
      continue;
    }
    /* The target runs out in this stretch (or had, before a final status
     * stopped the clock exactly on time and a reopening resumed it). */
    if (!k->breached_at && k->used + business >= k->target &&
        calendar_add_seconds(cal, from, k->used < k->target ? k->target - k->used : 0, &k->breached_at, err))
      return -1;
    k->used += business;
  }
  return 0;
}

/* After an event at t: each clock's new mode; a clock that stops keeps its due. */
static int sla_walk_settle(SlaWalk *w, time_t t, Error *err) {
  for (int i = 0; i < SLA_CLOCK_COUNT; i++) {
    SlaWalkClock *k = &w->clock[i];
    SlaMode mode = sla_walk_mode(w, (SlaClockKind)i);
    if (k->mode != SLA_MODE_IDLE && mode == SLA_MODE_IDLE) {
      /* Stopping at the very instant the target runs out is in time. */
      if (k->breached_at == t) k->breached_at = 0;
      k->stopped = 1;
      if (k->breached_at) k->due_at_stop = k->breached_at;
      else if (calendar_add_seconds(w->policy->calendar, t, k->target - k->used, &k->due_at_stop, err)) return -1;
    }
    k->mode = mode;
  }
  return 0;
}

static void sla_walk_apply(SlaWalk *w, const SlaEvent *e) {
  SlaWalkClock *update = &w->clock[SLA_NEXT_UPDATE];
  switch (e->kind) {
  case SLA_EVENT_STATUS: {
    int was_final = case_status_is_final(w->status);
    w->status = (CaseStatus)e->value;
    if (case_status_is_final(w->status)) {
      update->pending = 0;
      w->clock[SLA_RESOLUTION].pending = 0;
    } else if (was_final) {
      w->clock[SLA_RESOLUTION].pending = 1; /* the same clock resumes */
    }
    break;
  }
  case SLA_EVENT_REPLY:
    w->clock[SLA_FIRST_RESPONSE].pending = 0;
    update->pending = 0;
    w->replied = 1;
    break;
  case SLA_EVENT_CUSTOMER_MESSAGE:
    /* A wait starts at the first unanswered message; more messages do not restart it. */
    if (w->replied && !update->pending) {
      update->breaches_done += update->breached_at != 0;
      update->waits++;
      update->used = update->paused = 0;
      update->breached_at = 0;
      update->stopped = 0;
      update->pending = 1;
    }
    break;
  case SLA_EVENT_ACKNOWLEDGED:
    w->clock[SLA_ACKNOWLEDGEMENT].pending = 0;
    break;
  case SLA_EVENT_PRIORITY:
    break; /* its targets were chosen before the walk */
  }
}

/* The priority at now, checking every event's order and value. */
static int sla_case_check(const SlaCase *c, time_t now, int *priority, Error *err) {
  char field[48];
  if (c->priority < 1 || c->priority > SLA_PRIORITIES)
    return error_field(err, "priority", "must be 1 to %d", SLA_PRIORITIES);
  if (now < c->opened_at) return error_field(err, "now", "is before the case was opened");
  *priority = c->priority;
  for (size_t i = 0; i < c->nevents; i++) {
    const SlaEvent *e = &c->events[i];
    snprintf(field, sizeof field, "events[%zu]", i);
    if (e->at < (i ? c->events[i - 1].at : c->opened_at))
      return error_field(err, field, "is before the case was opened or the event before it");
    snprintf(field, sizeof field, "events[%zu].value", i);
    if (e->kind == SLA_EVENT_STATUS && (e->value < 0 || e->value >= CASE_STATUS_COUNT))
      return error_field(err, field, "is not a case status");
    if (e->kind == SLA_EVENT_PRIORITY && (e->value < 1 || e->value > SLA_PRIORITIES))
      return error_field(err, field, "must be a priority from 1 to %d", SLA_PRIORITIES);
    if (e->kind == SLA_EVENT_PRIORITY && e->at <= now) *priority = e->value;
  }
  return 0;
}

/* The earliest of the instants ahead of now at which k crosses a warning
 * threshold or runs out, into *next (left 0 when none). */
static int sla_clock_next(const SlaPolicy *policy, const SlaWalkClock *k, time_t now, time_t due, time_t *next,
                          Error *err) {
  *next = due;
  for (int i = 0; i < policy->nwarn; i++) {
    int64_t threshold = (k->target * policy->warn_at[i] + 99) / 100;
    time_t at;
    if (threshold <= k->used) continue;
    if (calendar_add_seconds(policy->calendar, now, threshold - k->used, &at, err)) return -1;
    if (at < *next) *next = at;
  }
  return 0;
}

static int sla_clock_report(const SlaPolicy *policy, const SlaWalkClock *k, time_t now, SlaClock *out, Error *err) {
  memset(out, 0, sizeof *out);
  if (!k->target) return 0;
  out->target = k->target / 60;
  out->used = k->used / 60;
  out->left = out->target - out->used;
  out->paused = k->paused / 60;
  out->percent = (int)(k->used * 100 / k->target);
  out->breached_at = k->breached_at;
  out->breaches = k->breaches_done + (k->breached_at != 0);
  out->wait = k->waits ? k->waits : 1;
  for (int i = 0; i < policy->nwarn; i++)
    if (k->used * 100 >= (int64_t)policy->warn_at[i] * k->target) out->warning = (SlaWarning)(SLA_WARNING_FIRST + i);
  if (k->breached_at) {
    out->state = SLA_BREACHED;
    out->warning = SLA_WARNING_BREACHED;
    out->due_known = 1;
    out->due = k->breached_at;
  } else if (k->mode == SLA_MODE_RUNNING) {
    out->state = SLA_RUNNING;
    out->due_known = 1;
    if (calendar_add_seconds(policy->calendar, now, k->target - k->used, &out->due, err) ||
        sla_clock_next(policy, k, now, out->due, &out->next_change, err))
      return -1;
  } else if (k->mode == SLA_MODE_PAUSED) {
    out->state = SLA_PAUSED;
  } else {
    out->state = SLA_MET;
    out->due_known = k->stopped;
    out->due = k->stopped ? k->due_at_stop : 0;
  }
  return 0;
}

int sla_clocks_compute(const SlaPolicy *policy, const SlaCase *c, time_t now, SlaClocks *out, Error *err) {
  memset(out, 0, sizeof *out);
  if (sla_case_check(c, now, &out->priority, err)) return -1;
  SlaWalk w = {.policy = policy, .status = CASE_NEW};
  for (int i = 0; i < SLA_CLOCK_COUNT; i++) w.clock[i].target = sla_policy_target(policy, out->priority, i) * 60;
  if (!c->is_complaint) w.clock[SLA_ACKNOWLEDGEMENT].target = 0;
  w.clock[SLA_FIRST_RESPONSE].pending = w.clock[SLA_RESOLUTION].pending = w.clock[SLA_ACKNOWLEDGEMENT].pending = 1;
  if (sla_walk_settle(&w, c->opened_at, err)) return -1;
  time_t t = c->opened_at;
  for (size_t i = 0; i < c->nevents && c->events[i].at <= now; i++) {
    if (sla_walk_advance(&w, t, c->events[i].at, err)) return -1;
    t = c->events[i].at;
    sla_walk_apply(&w, &c->events[i]);
    if (sla_walk_settle(&w, t, err)) return -1;
  }
  if (sla_walk_advance(&w, t, now, err)) return -1;
  for (int i = 0; i < SLA_CLOCK_COUNT; i++)
    if (sla_clock_report(policy, &w.clock[i], now, &out->clock[i], err)) return -1;
  return 0;
}

int sla_clocks_next_check(const SlaClocks *clocks, time_t *at) {
  int found = 0;
  for (int i = 0; i < SLA_CLOCK_COUNT; i++) {
    time_t next = clocks->clock[i].next_change;
    if (next && (!found || next < *at)) {
      *at = next;
      found = 1;
    }
  }
  return found;
}
