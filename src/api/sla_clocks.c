/* The SLA clocks of stored cases: compiled policies cached per process, a
 * case's history read from its timeline and handed to sla_clocks_compute,
 * the answer shown on the case and kept in case_sla for the scheduler and
 * the reports, and each warning or breach escalated exactly once. See
 * docs/SLA.md. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "api/mail.h"
#include "api/sla.h"

#define CACHE_MAX_AGE_SECONDS (24 * 3600) /* recompile daily so the horizon stays around now */

/* --- the cache of compiled policies ------------------------------------------------------- */
typedef struct CachedPolicy {
  int64_t policy_id, version, calendar_id, calendar_version;
  time_t compiled_at;
  SlaPolicy *policy; /* owned */
  int users;         /* acquired and not yet released */
  int stale;         /* replaced: freed when the last user releases it */
  struct CachedPolicy *next;
} CachedPolicy;

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static CachedPolicy *cache;
static atomic_int notify_enabled;

void sla_set_notify(int notify) { atomic_store(&notify_enabled, notify); }
int sla_notify_enabled(void) { return atomic_load(&notify_enabled); }

/* Unlinks and frees the stale entries nobody uses; the lock is held. */
static void cache_sweep(void) {
  for (CachedPolicy **p = &cache; *p;) {
    CachedPolicy *e = *p;
    if (e->stale && e->users == 0) {
      *p = e->next;
      sla_policy_free(e->policy);
      free(e);
    } else {
      p = &e->next;
    }
  }
}

/* The fresh entry for these keys, or NULL; the lock is held. */
static CachedPolicy *cache_find(int64_t policy_id, int64_t version, int64_t calendar_id, int64_t calendar_version,
                                time_t now) {
  for (CachedPolicy *e = cache; e; e = e->next)
    if (!e->stale && e->policy_id == policy_id && e->version == version && e->calendar_id == calendar_id &&
        e->calendar_version == calendar_version && now - e->compiled_at < CACHE_MAX_AGE_SECONDS)
      return e;
  return NULL;
}

int sla_policy_acquire(Db *db, int64_t policy_id, const SlaPolicy **out, Error *err) {
  StoreSlaPolicyVersions keys;
  *out = NULL;
  if (store_sla_policy_versions(db, policy_id, &keys, err)) return -1;
  if (!keys.found) return error_set(err, 404, "Not found", "sla_policy %lld does not exist", (long long)policy_id);
  int64_t version = keys.version, calendar_id = keys.calendar_id, calendar_version = keys.calendar_version;
  time_t now = time(NULL);
  pthread_mutex_lock(&cache_lock);
  CachedPolicy *hit = cache_find(policy_id, version, calendar_id, calendar_version, now);
  if (hit) hit->users++;
  pthread_mutex_unlock(&cache_lock);
  if (hit) {
    *out = hit->policy;
    return 0;
  }
  /* A miss reads the whole policy with its calendar, at the versions read
   * just now: the same transaction sees the same rows. */
  json_t *source = NULL;
  if (store_sla_policy_source(db, policy_id, &source, err)) return -1;
  if (!source) return error_set(err, 404, "Not found", "sla_policy %lld does not exist", (long long)policy_id);
  /* Compiling takes some 20 ms: done outside the lock, so two threads may
   * both compile a policy once; the later one replaces the earlier. */
  SlaPolicy *policy = NULL;
  json_t *core = sla_policy_core_json(source, json_object_get(source, "calendar"));
  int rc = sla_policy_parse(core, now, &policy, err);
  json_decref(core);
  json_decref(source);
  if (rc) return -1;
  CachedPolicy *entry = calloc(1, sizeof *entry);
  if (!entry) abort();
  *entry = (CachedPolicy){policy_id, version, calendar_id, calendar_version, now, policy, 1, 0, NULL};
  pthread_mutex_lock(&cache_lock);
  for (CachedPolicy *e = cache; e; e = e->next)
    if (e->policy_id == policy_id) e->stale = 1;
  entry->next = cache;
  cache = entry;
  cache_sweep();
  pthread_mutex_unlock(&cache_lock);
  *out = policy;
  return 0;
}

void sla_policy_release(const SlaPolicy *policy) {
  if (!policy) return;
  pthread_mutex_lock(&cache_lock);
  for (CachedPolicy *e = cache; e; e = e->next)
    if (e->policy == policy) e->users--;
  cache_sweep();
  pthread_mutex_unlock(&cache_lock);
}

void sla_policy_cache_clear(void) {
  pthread_mutex_lock(&cache_lock);
  for (CachedPolicy *e = cache; e; e = e->next) e->stale = 1;
  cache_sweep();
  pthread_mutex_unlock(&cache_lock);
}

/* --- a case's clocks ------------------------------------------------------------------------ */

/* What one computation found: the case as stored, the policy (NULL when none
 * applies), and the clocks when computed is set (else err_detail says why). */
typedef struct CaseClocks {
  json_t *source; /* owned */
  int64_t policy_id;
  const SlaPolicy *policy; /* acquired */
  int computed;
  SlaClocks clocks;
  char *err_detail; /* owned: why the clocks could not be computed */
} CaseClocks;

static void case_clocks_free(CaseClocks *cc) {
  json_decref(cc->source);
  sla_policy_release(cc->policy);
  free(cc->err_detail);
}

static time_t instant_of(const json_t *v) {
  time_t t = 0;
  return json_is_string(v) && time_parse(json_string_value(v), &t) == 0 ? t : 0;
}

/* The timeline rows as the clocks' events: status changes, replies and a
 * complaint's acknowledged step (the ISO 10002 acknowledgement, which the
 * acknowledgement clock waits for; a reply alone does not acknowledge). */
static SlaEvent *case_events(const json_t *rows, size_t *n) {
  SlaEvent *events = calloc(json_array_size(rows) + 1, sizeof *events);
  if (!events) abort();
  size_t i, count = 0;
  json_t *row;
  json_array_foreach(rows, i, row) {
    const char *kind = json_string_value(json_object_get(row, "kind"));
    const char *direction = json_string_value(json_object_get(row, "direction"));
    SlaEvent e = {.at = instant_of(json_object_get(row, "at"))};
    CaseStatus status;
    if (strcmp(kind, "status_change") == 0) {
      if (case_status_parse(json_string_value(json_object_get(row, "to_status")), &status)) continue;
      e.kind = SLA_EVENT_STATUS, e.value = (int)status;
    } else if (strcmp(kind, "complaint_step") == 0) {
      e.kind = SLA_EVENT_ACKNOWLEDGED;
    } else if (direction && strcmp(direction, "inbound") == 0) {
      e.kind = SLA_EVENT_CUSTOMER_MESSAGE;
    } else {
      e.kind = SLA_EVENT_REPLY;
    }
    events[count++] = e;
  }
  *n = count;
  return events;
}

/* Computes case_id's clocks at now into *cc. Returns 0 (cc->source NULL when
 * there is no such case), or -1 on a store error. A case whose history the
 * clocks refuse (an instant outside the calendar's horizon) is reported in
 * cc->err_detail rather than failing the caller. */
static int case_clocks(Db *db, int64_t case_id, time_t now, CaseClocks *cc, Error *err) {
  json_t *rows = NULL;
  memset(cc, 0, sizeof *cc);
  if (store_case_sla_source(db, case_id, &cc->source, &rows, err)) return -1;
  if (!cc->source) return 0;
  cc->policy_id = json_integer_value(json_object_get(cc->source, "policy_id"));
  if (cc->policy_id && sla_policy_acquire(db, cc->policy_id, &cc->policy, err)) {
    json_decref(rows);
    return -1;
  }
  if (!cc->policy) {
    json_decref(rows);
    return 0;
  }
  const char *type = json_string_value(json_object_get(cc->source, "type"));
  SlaCase c = {.priority = (int)json_integer_value(json_object_get(cc->source, "priority")),
               .opened_at = instant_of(json_object_get(cc->source, "opened_at")),
               .is_complaint = type && strcmp(type, "complaint") == 0};
  SlaEvent *events = case_events(rows, &c.nevents);
  c.events = events;
  Error inner = ERROR_INIT;
  /* Events stamped after now (a clock step between reading now and writing) count from now. */
  if (sla_clocks_compute(cc->policy, &c, now < c.opened_at ? c.opened_at : now, &cc->clocks, &inner) == 0)
    cc->computed = 1;
  else
    cc->err_detail = strdup(inner.detail ? inner.detail : "the clocks could not be computed");
  error_clear(&inner);
  free(events);
  json_decref(rows);
  return 0;
}

static json_t *instant_json(time_t t) {
  char text[TIME_TEXT_SIZE];
  time_format(t, text);
  return json_string(text);
}

static json_t *clock_json(const SlaClock *k) {
  int known = k->state != SLA_NOT_APPLICABLE;
  return json_pack("{s:s, s:I, s:o, s:I, s:I, s:I, s:i, s:s, s:i}", "state", sla_clock_state_name(k->state),
                   "target_minutes", (json_int_t)k->target, "due",
                   known && k->due_known ? instant_json(k->due) : json_null(), "used_minutes", (json_int_t)k->used,
                   "left_minutes", (json_int_t)k->left, "paused_minutes", (json_int_t)k->paused, "percent",
                   k->percent, "warning", sla_warning_name(k->warning), "breaches", k->breaches);
}

/* Sets record's "sla" from computed clocks: null when no policy applies. */
static void describe_clocks(const CaseClocks *cc, json_t *record) {
  json_t *sla = json_null();
  if (cc->policy) {
    sla = json_pack("{s:I}", "policy_id", (json_int_t)cc->policy_id);
    if (cc->computed) {
      json_object_set_new(sla, "priority", json_integer(cc->clocks.priority));
      for (int k = 0; k < SLA_CLOCK_COUNT; k++)
        json_object_set_new(sla, sla_clock_kind_name((SlaClockKind)k), clock_json(&cc->clocks.clock[k]));
    } else {
      json_object_set_new(sla, "error", json_string(cc->err_detail));
    }
  }
  json_object_set_new(record, "sla", sla);
}

int sla_case_describe(Db *db, json_t *record, time_t now, Error *err) {
  CaseClocks cc;
  if (case_clocks(db, json_integer_value(json_object_get(record, "id")), now, &cc, err)) return -1;
  describe_clocks(&cc, record);
  case_clocks_free(&cc);
  return 0;
}

/* --- storing and escalating ------------------------------------------------------------------ */

/* Worse first: what a list of cases sorts and a report counts by. */
static const SlaClockState worst_order[] = {SLA_BREACHED, SLA_RUNNING, SLA_PAUSED, SLA_MET, SLA_NOT_APPLICABLE};

static const char *const level_names[] = {[SLA_WARNING_FIRST] = "warning_1", [SLA_WARNING_SECOND] = "warning_2",
                                          [SLA_WARNING_BREACHED] = "breach"};

/* Records one level of one clock unless recorded before: the row, an
 * internal timeline event naming whom it went to, and the audit entry. */
static int escalate(Db *db, const CaseClocks *cc, SlaClockKind kind, SlaWarning level, const AuditActor *actor,
                    const char *now, int notify, Error *err) {
  int64_t case_id = json_integer_value(json_object_get(cc->source, "id")), leader = 0, manager = 0, id = 0;
  if (store_sla_leaders(db, json_integer_value(json_object_get(cc->source, "assignee_id")),
                        json_integer_value(json_object_get(cc->source, "team_id")), &leader, &manager, err))
    return -1;
  int64_t to = level == SLA_WARNING_BREACHED ? manager : leader;
  if (store_sla_escalation_insert(db, case_id, sla_clock_kind_name(kind), level_names[level],
                                  cc->clocks.clock[kind].wait, to,
                                  notify && to ? "pending" : "not_sent", now, &id, err))
    return -1;
  if (!id) return 0; /* recorded already, by an earlier pass or another server */
  json_t *row = NULL;
  if (store_sla_escalation_get(db, id, &row, err)) return -1;
  const char *name = json_string_value(json_object_get(row, "notify_user_name"));
  Buffer body = BUFFER_INIT;
  buffer_printf(&body, "SLA %s: %s %s; %s %s", level == SLA_WARNING_BREACHED ? "breach" : "warning",
                sla_clock_kind_name(kind), level == SLA_WARNING_BREACHED ? "breached" : "at risk",
                name ? "escalated to" : "nobody to escalate to", name ? name : "(no team leader or manager)");
  json_t *event = json_pack("{s:s, s:s, s:s}", "kind", "sla_escalation", "visibility", "internal", "body",
                            buffer_cstr(&body));
  int64_t event_id;
  int rc = store_case_event_insert(db, case_id, event, now, &event_id, err);
  if (!rc) rc = store_audit_append(db, actor, "sla_escalation", id, "create", NULL, row, now, err);
  if (!rc && notify && to)
    rc = mail_queue_escalation(db, row, json_string_value(json_object_get(cc->source, "subject")), now, err);
  buffer_free(&body);
  json_decref(event);
  json_decref(row);
  return rc;
}

/* The levels a clock has reached that call for an escalation: warnings while
 * it still runs (a warning passed before the clock was met is moot), the
 * breach once it is breached. */
static int escalate_clock(Db *db, const CaseClocks *cc, SlaClockKind kind, const AuditActor *actor, const char *now,
                          int notify, Error *err) {
  const SlaClock *k = &cc->clocks.clock[kind];
  if (k->state == SLA_BREACHED) return escalate(db, cc, kind, SLA_WARNING_BREACHED, actor, now, notify, err);
  if (k->state != SLA_RUNNING && k->state != SLA_PAUSED) return 0;
  for (int level = SLA_WARNING_FIRST; level <= (int)k->warning && level < SLA_WARNING_BREACHED; level++)
    if (escalate(db, cc, kind, (SlaWarning)level, actor, now, notify, err)) return -1;
  return 0;
}

void sla_clocks_index_row(const SlaClocks *clocks, StoreCaseSla *s, char due[TIME_TEXT_SIZE],
                          char next[TIME_TEXT_SIZE]) {
  time_t due_at = 0, next_at = 0;
  s->state = sla_clock_state_name(SLA_NOT_APPLICABLE);
  s->due_at = s->at_risk = s->next_check_at = NULL;
  s->next_update_breaches = 0;
  for (int k = 0; k < SLA_CLOCK_COUNT; k++) {
    const SlaClock *c = clocks ? &clocks->clock[k] : NULL;
    s->clocks[k] = sla_clock_state_name(c ? c->state : SLA_NOT_APPLICABLE);
    if (c && c->state == SLA_RUNNING && c->due_known && (!due_at || c->due < due_at)) {
      due_at = c->due;
      s->at_risk = sla_clock_kind_name((SlaClockKind)k);
    }
  }
  if (clocks) {
    int worst = (int)(sizeof worst_order / sizeof worst_order[0]) - 1;
    for (int k = 0; k < SLA_CLOCK_COUNT; k++)
      for (int w = 0; w < worst; w++)
        if (clocks->clock[k].state == worst_order[w]) worst = w;
    s->state = sla_clock_state_name(worst_order[worst]);
    s->next_update_breaches = clocks->clock[SLA_NEXT_UPDATE].breaches;
    if (sla_clocks_next_check(clocks, &next_at)) {
      time_format(next_at, next);
      s->next_check_at = next;
    }
  }
  if (due_at) {
    time_format(due_at, due);
    s->due_at = due;
  }
}

int sla_case_refresh(Db *db, int64_t case_id, const AuditActor *actor, const char *now, int notify, json_t *describe,
                     Error *err) {
  time_t t = 0;
  CaseClocks cc;
  time_parse(now, &t);
  if (case_clocks(db, case_id, t, &cc, err)) return -1;
  if (!cc.source) {
    case_clocks_free(&cc);
    return error_set(err, 404, "Not found", "case %lld does not exist", (long long)case_id);
  }
  char due[TIME_TEXT_SIZE], next[TIME_TEXT_SIZE];
  StoreCaseSla s = {.case_id = case_id, .policy_id = cc.policy ? cc.policy_id : 0,
                    .priority = (int)json_integer_value(json_object_get(cc.source, "priority"))};
  sla_clocks_index_row(cc.computed ? &cc.clocks : NULL, &s, due, next);
  int rc = store_case_sla_put(db, &s, now, err);
  for (int k = 0; !rc && cc.computed && k < SLA_CLOCK_COUNT; k++)
    rc = escalate_clock(db, &cc, (SlaClockKind)k, actor, now, notify, err);
  if (!rc && describe) describe_clocks(&cc, describe);
  case_clocks_free(&cc);
  return rc;
}

int sla_case_changed(Request *req, int64_t case_id, json_t *describe, Error *err) {
  return sla_case_refresh(req->db, case_id, &req->actor, req->now, sla_notify_enabled(), describe, err);
}
