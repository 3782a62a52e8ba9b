/* Work allocation through the API: a team's view for the core (people with
 * their presence, the skill matrix, the open cases they hold), the decision
 * recorded with its rationale for every assignment (by the rules, a
 * suggestion or by hand), the guarded assignment that gives a case once
 * even with several servers, the sweep of unassigned cases and the fairness
 * report. See docs/TEAM.md. */
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "api/allocation.h"
#include "api/cases.h"
#include "api/mail.h"
#include "api/sla.h"

#define MAX_NEEDS 10    /* a case names at most 10 required skills */
#define SWEEP_CASES 50  /* unassigned cases tried per pass */

/* --- compiled team calendars ------------------------------------------------------------------- */
/* Compiled calendars are immutable, so an entry is never freed while the
 * process runs (a changed calendar, or a day gone by, adds an entry): no
 * reference counts, at the price of one stale entry per edit or day until
 * exit. An entry serves for a day so that its compiled horizon stays
 * around now, as the SLA policies' cache does. */
#define CALENDAR_CACHE_SECONDS (24 * 3600)

typedef struct CachedCalendar {
  int64_t id, version;
  time_t compiled_at;
  Calendar *calendar; /* owned */
  struct CachedCalendar *next;
} CachedCalendar;

static pthread_mutex_t calendar_lock = PTHREAD_MUTEX_INITIALIZER;
static CachedCalendar *calendar_cache;

static const Calendar *cache_lookup(int64_t id, int64_t version, time_t now) {
  const Calendar *found = NULL;
  pthread_mutex_lock(&calendar_lock);
  for (CachedCalendar *c = calendar_cache; c && !found; c = c->next)
    if (c->id == id && c->version == version && now - c->compiled_at < CALENDAR_CACHE_SECONDS) found = c->calendar;
  pthread_mutex_unlock(&calendar_lock);
  return found;
}

/* Calendar id compiled at its stored version into *out (NULL when there is
 * no such calendar). Only a miss reads the calendar's text. */
static int team_calendar(Db *db, int64_t id, time_t now, const Calendar **out, Error *err) {
  int64_t version = 0;
  int found = 0;
  *out = NULL;
  if (store_calendar_version(db, id, &version, &found, err)) return -1;
  if (!found) return 0;
  *out = cache_lookup(id, version, now);
  if (*out) return 0;
  json_t *record = NULL;
  if (store_record_get(db, &store_calendars, id, &record, err)) return -1;
  Calendar *compiled = NULL;
  /* parsed at the version read now, which may be newer than the one above:
   * it is cached under the version it really has */
  int64_t read_version = json_integer_value(json_object_get(record, "version"));
  if (record && calendar_parse(json_object_get(record, "calendar"), now, &compiled, err) == 0) {
    CachedCalendar *e = calloc(1, sizeof *e);
    if (!e) abort();
    *e = (CachedCalendar){id, read_version, now, compiled, NULL};
    pthread_mutex_lock(&calendar_lock);
    e->next = calendar_cache;
    calendar_cache = e;
    pthread_mutex_unlock(&calendar_lock);
    *out = compiled;
  }
  int rc = record && !*out ? -1 : 0;
  json_decref(record);
  return rc;
}

void allocation_calendar_cache_clear(void) {
  pthread_mutex_lock(&calendar_lock);
  while (calendar_cache) {
    CachedCalendar *e = calendar_cache;
    calendar_cache = e->next;
    calendar_free(e->calendar);
    free(e);
  }
  pthread_mutex_unlock(&calendar_lock);
}

/* --- a team's view ------------------------------------------------------------------------------ */
static int64_t id_of(const json_t *row, const char *name) { return json_integer_value(json_object_get(row, name)); }

static time_t instant_of(const json_t *row, const char *name) {
  time_t t = 0;
  const char *text = json_string_value(json_object_get(row, name));
  return text && time_parse(text, &t) == 0 ? t : 0;
}

/* The matrix column of skill id (its place in the catalogue), or -1. */
static int skill_column(const TeamView *v, int64_t id) {
  for (size_t i = 0; i < v->rows->nskills; i++)
    if (v->rows->skills[i].id == id) return (int)i;
  return -1;
}

static int skill_column_by_name(const TeamView *v, const char *name) {
  for (size_t i = 0; i < v->rows->nskills; i++)
    if (strcmp(v->rows->skills[i].name, name) == 0) return (int)i;
  return -1;
}

int allocation_team_person(const TeamView *v, int64_t id) {
  for (size_t i = 0; i < v->team.npeople; i++)
    if (v->people[i].id == id) return (int)i;
  return -1;
}

static void *zalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size);
  if (!p) abort();
  return p;
}

/* Fills the arrays of v from its rows at now: the roster entries that
 * overlap the window around now, the open cases but except_case (kept rows
 * have more of both than a decision sees). */
static void build_view(TeamView *v, time_t now, int64_t except_case) {
  const StoreAllocationTeam *r = v->rows;
  size_t np = r->npeople, ns = r->nskills;
  v->people = zalloc(np, sizeof *v->people);
  v->levels = zalloc(np * ns, 1);
  v->goals = zalloc(np * ns, 1);
  v->span_start = zalloc(np + 1, sizeof *v->span_start);
  v->spans = zalloc(r->nroster, sizeof *v->spans);
  v->open = zalloc(r->nopen, sizeof *v->open);
  for (size_t i = 0; i < np; i++)
    v->people[i] = (AllocationPerson){.id = r->people[i].id, .levels = v->levels + i * ns, .goals = v->goals + i * ns};
  v->team = (AllocationTeam){.people = v->people, .npeople = np, .nskills = ns, .open = v->open, .max_load = v->max_load};
  for (size_t i = 0; i < r->nlevels; i++) {
    int p = allocation_team_person(v, r->levels[i].user_id), s = skill_column(v, r->levels[i].skill_id);
    if (p >= 0 && s >= 0) v->levels[(size_t)p * ns + (size_t)s] = (unsigned char)r->levels[i].level;
  }
  for (size_t i = 0; i < r->ngoals; i++) {
    int p = allocation_team_person(v, r->goals[i].user_id), s = skill_column(v, r->goals[i].skill_id);
    unsigned char target = (unsigned char)r->goals[i].target_level;
    if (p >= 0 && s >= 0 && target > v->goals[(size_t)p * ns + (size_t)s]) v->goals[(size_t)p * ns + (size_t)s] = target;
  }
  /* Each person's spans together: count, place, then presence. */
  int *owner = zalloc(r->nroster, sizeof *owner);
  for (size_t i = 0; i < r->nroster; i++) {
    int in_window = r->roster[i].ends_at > now - ROSTER_WINDOW_SECONDS &&
                    r->roster[i].starts_at < now + ROSTER_WINDOW_SECONDS;
    owner[i] = in_window ? allocation_team_person(v, r->roster[i].user_id) : -1;
    if (owner[i] >= 0) v->span_start[owner[i] + 1]++;
  }
  for (size_t p = 0; p < np; p++) v->span_start[p + 1] += v->span_start[p];
  size_t *fill = zalloc(np, sizeof *fill);
  for (size_t i = 0; i < r->nroster; i++) {
    if (owner[i] < 0) continue;
    const StoreTeamSpan *span = &r->roster[i];
    v->spans[v->span_start[owner[i]] + fill[owner[i]]++] = (RosterSpan){span->starts_at, span->ends_at, span->absence};
  }
  free(fill);
  free(owner);
  for (size_t i = 0; i < np; i++) {
    v->people[i].presence =
        r->people[i].active
            ? roster_presence(v->spans + v->span_start[i], v->span_start[i + 1] - v->span_start[i], v->calendar, now)
            : PRESENCE_INACTIVE;
  }
  for (size_t i = 0; i < r->nopen; i++) {
    int p = allocation_team_person(v, r->open[i].assignee_id);
    /* held by someone who works no queue (a quality manager), or the case being decided */
    if (p < 0 || r->open[i].case_id == except_case) continue;
    v->open[v->team.nopen++] = (AllocationOpenCase){p, r->open[i].priority, r->open[i].due_at, r->open[i].stretch};
  }
}

/* Reads team_id's rows afresh into v's own. */
static int read_rows(Db *db, int64_t team_id, time_t now, int64_t except_case, TeamView *v, Error *err) {
  char from[TIME_TEXT_SIZE], to[TIME_TEXT_SIZE];
  time_format(now - ROSTER_WINDOW_SECONDS, from);
  time_format(now + ROSTER_WINDOW_SECONDS, to);
  v->rows = &v->own;
  return store_allocation_team(db, team_id, from, to, except_case, &v->own, err);
}

/* Reads team_id's rows into v at now, kept ones where the store keeps them. */
static int load_rows(Db *db, int64_t team_id, time_t now, int64_t except_case, TeamView *v, Error *err) {
  if (store_allocation_team_kept(db, team_id, now, ROSTER_WINDOW_SECONDS, &v->rows, err)) return -1;
  return v->rows ? 0 : read_rows(db, team_id, now, except_case, v, err);
}

#ifndef NDEBUG
#define SAME_ARRAY(a, b, n) ((n) == 0 || memcmp((a), (b), (n) * sizeof *(a)) == 0)
/* Whether two views of one team at one instant would decide alike: a kept
 * view against one read afresh, in debug builds. */
static int views_agree(const TeamView *a, const TeamView *b) {
  const StoreAllocationTeam *x = a->rows, *y = b->rows;
  size_t np = a->team.npeople, ns = a->team.nskills;
  int same = x->has_settings == y->has_settings && strcmp(x->mode, y->mode) == 0 && x->max_load == y->max_load &&
             x->calendar_id == y->calendar_id && np == b->team.npeople && ns == b->team.nskills &&
             a->team.nopen == b->team.nopen && x->ngoals == y->ngoals && SAME_ARRAY(a->levels, b->levels, np * ns) &&
             SAME_ARRAY(a->goals, b->goals, np * ns) && SAME_ARRAY(a->span_start, b->span_start, np + 1);
  for (size_t i = 0; same && i < a->span_start[np]; i++) /* field by field: structs have padding */
    same = a->spans[i].from == b->spans[i].from && a->spans[i].to == b->spans[i].to &&
           a->spans[i].absence == b->spans[i].absence;
  for (size_t i = 0; same && i < a->team.nopen; i++)
    same = a->open[i].person == b->open[i].person && a->open[i].priority == b->open[i].priority &&
           a->open[i].due == b->open[i].due && a->open[i].stretch == b->open[i].stretch;
  for (size_t i = 0; same && i < np; i++)
    same = a->people[i].id == b->people[i].id && a->people[i].presence == b->people[i].presence &&
           strcmp(x->people[i].name, y->people[i].name) == 0 && strcmp(x->people[i].role, y->people[i].role) == 0;
  for (size_t i = 0; same && i < ns; i++)
    same = x->skills[i].id == y->skills[i].id && x->skills[i].case_level == y->skills[i].case_level &&
           strcmp(x->skills[i].name, y->skills[i].name) == 0;
  for (size_t i = 0; same && i < x->ngoals; i++)
    same = x->goals[i].id == y->goals[i].id && x->goals[i].mentor_id == y->goals[i].mentor_id &&
           x->goals[i].target_level == y->goals[i].target_level && strcmp(x->goals[i].skill, y->goals[i].skill) == 0 &&
           strcmp(x->goals[i].due_on, y->goals[i].due_on) == 0 &&
           strcmp(x->goals[i].mentor_name, y->goals[i].mentor_name) == 0;
  return same;
}
#endif

int allocation_team_load(Db *db, int64_t team_id, time_t now, int64_t except_case, TeamView *v, Error *err) {
  memset(v, 0, sizeof *v);
  v->team_id = team_id;
  v->mode = ALLOCATION_MANUAL;
  v->max_load = ALLOCATION_DEFAULT_MAX_LOAD;
  int rc = load_rows(db, team_id, now, except_case, v, err);
  if (!rc && v->rows->has_settings) {
    for (int m = 0; m < ALLOCATION_MODE_COUNT; m++)
      if (strcmp(v->rows->mode, allocation_mode_names[m]) == 0) v->mode = (AllocationMode)m;
    v->max_load = v->rows->max_load;
    if (v->rows->calendar_id) rc = team_calendar(db, v->rows->calendar_id, now, &v->calendar, err);
  }
  if (rc) {
    allocation_team_free(v);
    return -1;
  }
  build_view(v, now, except_case);
#ifndef NDEBUG
  if (v->rows != &v->own) { /* kept rows must give the view that reading afresh gives */
    TeamView fresh;
    memset(&fresh, 0, sizeof fresh);
    fresh.team_id = team_id;
    fresh.calendar = v->calendar; /* checked by its version at every decision, not kept with the rows */
    int read = read_rows(db, team_id, now, except_case, &fresh, err);
    assert(read == 0);
    build_view(&fresh, now, except_case);
    assert(views_agree(v, &fresh));
    allocation_team_free(&fresh);
  }
#endif
  return 0;
}

void allocation_team_free(TeamView *v) {
  if (v->rows && v->rows != &v->own) store_allocation_team_release(v->rows);
  store_allocation_team_free(&v->own);
  free(v->people);
  free(v->levels);
  free(v->goals);
  free(v->spans);
  free(v->span_start);
  free(v->open);
  memset(v, 0, sizeof *v);
}

/* --- a decision and its rationale --------------------------------------------------------------- */
typedef struct Decision {
  AllocationNeed needs[MAX_NEEDS];
  const char *names[MAX_NEEDS];
  AllocationCase kase;
  AllocationCandidate *candidates; /* owned, one per person */
  AllocationDecision d;
} Decision;

/* Decides kase (an allocation source row) for the team of v at now. */
static void decide(const TeamView *v, const json_t *kase, time_t now, Decision *x) {
  memset(x, 0, sizeof *x);
  int priority = (int)id_of(kase, "priority");
  size_t i;
  json_t *name;
  json_array_foreach(json_object_get(kase, "required_skills"), i, name) {
    if (x->kase.nneeds == MAX_NEEDS) break;
    const char *text = json_string_value(name);
    int column = skill_column_by_name(v, text);
    int level = column >= 0 ? v->rows->skills[column].case_level : 1;
    x->names[x->kase.nneeds] = text;
    x->needs[x->kase.nneeds++] = (AllocationNeed){column, allocation_required_level(level, priority)};
  }
  x->kase.priority = priority;
  x->kase.due = instant_of(kase, "due_at");
  x->kase.needs = x->needs;
  x->candidates = zalloc(v->team.npeople, sizeof *x->candidates);
  allocation_decide(&v->team, &x->kase, now, x->candidates, &x->d);
}

static const char *person_name(const TeamView *v, int p) { return v->rows->people[p].name; }

/* The candidates in the order a reader wants them: the one chosen, those
 * who could have taken it, then those who could not. */
static json_t *candidates_json(const TeamView *v, const Decision *x) {
  static const int order[] = {0, 1, 1, 2, 2, 2, 2, 2, 1, 1}; /* by Verdict */
  json_t *out = json_array();
  Buffer text = BUFFER_INIT;
  for (int pass = 0; pass < 3; pass++)
    for (size_t i = 0; i < v->team.npeople; i++) {
      const AllocationCandidate *c = &x->candidates[i];
      if (order[c->verdict] != pass) continue;
      buffer_reset(&text);
      allocation_explain_candidate(c, &x->d, &x->kase, x->names, &text);
      json_array_append_new(
          out, json_pack("{s:I, s:s, s:s, s:s, s:i, s:i, s:i, s:i, s:s}", "user_id", (json_int_t)v->people[i].id,
                         "name", person_name(v, (int)i), "verdict", allocation_verdict_name(c->verdict), "presence",
                         presence_name(v->people[i].presence), "load", c->load, "open", c->open, "urgent", c->urgent,
                         "open_stretch", c->open_stretch, "text", buffer_cstr(&text)));
    }
  buffer_free(&text);
  return out;
}

static json_t *needs_json(const Decision *x) {
  json_t *out = json_array();
  for (size_t n = 0; n < x->kase.nneeds; n++)
    json_array_append_new(out, json_pack("{s:s, s:i, s:b}", "skill", x->names[n], "level", x->needs[n].level,
                                         "known", x->needs[n].skill >= 0));
  return out;
}

/* What one assignment or suggestion records. */
typedef struct Outcome {
  const char *kind;  /* automatic, suggestion, manual */
  const char *rule;  /* the core's rule, or manual / accepted */
  int64_t assignee;  /* 0 none */
  const char *reason;
  int64_t decided_by;
  const char *decided_by_name;
} Outcome;

/* The decision in plain words into summary. */
static void summarise(const TeamView *v, const Decision *x, const Outcome *o, Buffer *summary) {
  Buffer rule = BUFFER_INIT;
  allocation_explain_rule(&x->d, &rule);
  int chosen = x->d.chosen;
  if (strcmp(o->kind, "manual") == 0) {
    int p = allocation_team_person(v, o->assignee);
    buffer_printf(summary, "Assigned by hand to %s by %s", p >= 0 ? person_name(v, p) : "someone outside the team",
                  o->decided_by_name ? o->decided_by_name : "the system");
    if (o->reason) buffer_printf(summary, ": \"%s\"", o->reason);
    buffer_puts(summary, ".");
    if (chosen >= 0 && v->people[chosen].id != o->assignee)
      buffer_printf(summary, " The rules would have chosen %s.", person_name(v, chosen));
    else if (chosen >= 0)
      buffer_puts(summary, " That is the rules' own choice.");
  } else if (chosen < 0) {
    buffer_printf(summary, "Not assigned. %s", buffer_cstr(&rule));
  } else {
    Buffer why = BUFFER_INIT;
    allocation_explain_candidate(&x->candidates[chosen], &x->d, &x->kase, x->names, &why);
    buffer_printf(summary, "%s %s (%s). %s", strcmp(o->kind, "suggestion") == 0 ? "Suggested for" : "Given to",
                  person_name(v, chosen), buffer_cstr(&why), buffer_cstr(&rule));
    buffer_free(&why);
  }
  buffer_free(&rule);
}

/* The open goal of person p in need n's skill, or NULL. */
static const StoreTeamGoal *stretch_goal(const TeamView *v, int p, const Decision *x) {
  if (x->d.stretch_need < 0) return NULL;
  int64_t skill = v->rows->skills[x->needs[x->d.stretch_need].skill].id;
  for (size_t i = 0; i < v->rows->ngoals; i++) {
    const StoreTeamGoal *g = &v->rows->goals[i];
    if (g->user_id == v->people[p].id && g->skill_id == skill && g->target_level >= x->needs[x->d.stretch_need].level)
      return g;
  }
  return NULL;
}

/* Stores the decision x about case kase as o, audited by actor; a stretch
 * case tells the mentor. *id the allocation record. */
static int record(Db *db, const AuditActor *actor, const char *now, const TeamView *v, const json_t *kase,
                  const Decision *x, const Outcome *o, int notify, int64_t *id, Error *err) {
  Buffer summary = BUFFER_INIT, rule = BUFFER_INIT;
  summarise(v, x, o, &summary);
  allocation_explain_rule(&x->d, &rule);
  int stretch = strcmp(o->kind, "automatic") == 0 && x->d.rule == ALLOCATION_RULE_STRETCH;
  const StoreTeamGoal *goal = stretch ? stretch_goal(v, x->d.chosen, x) : NULL;
  int chosen = x->d.chosen;
  json_t *rationale = json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}", "rule", allocation_rule_name(x->d.rule),
                                "rule_text", buffer_cstr(&rule), "rules_choice_id",
                                chosen >= 0 ? json_integer(v->people[chosen].id) : json_null(), "rules_choice_name",
                                chosen >= 0 ? json_string(person_name(v, chosen)) : json_null(), "needs",
                                needs_json(x), "candidates", candidates_json(v, x));
  StoreAllocation a = {.case_id = id_of(kase, "id"), .team_id = v->team_id, .assignee_id = o->assignee,
                       .mentor_id = goal ? goal->mentor_id : 0, .decided_by = o->decided_by,
                       .kind = o->kind, .rule = o->rule, .risk = allocation_risk_name(x->d.risk), .reason = o->reason,
                       .summary = buffer_cstr(&summary), .priority = x->kase.priority,
                       .complexity = x->d.complexity, .stretch = stretch, .rationale = rationale};
  json_t *row = NULL;
  int rc = store_case_allocation_insert(db, &a, now, id, err);
  int holder = o->assignee ? allocation_team_person(v, o->assignee) : -1;
  const char *const names[3] = {holder >= 0 ? person_name(v, holder) : NULL, goal ? goal->mentor_name : NULL,
                                o->decided_by_name};
  if (!rc) rc = store_case_allocation_written(db, &a, *id, now, names, &row, err);
  if (!rc) rc = store_audit_append(db, actor, "case_allocation", *id, "create", NULL, row, now, err);
  if (!rc && goal) {
    Buffer body = BUFFER_INIT;
    int64_t notice = 0;
    buffer_printf(&body, "%s was given case %lld as a stretch case towards %s level %lld (your mentee's goal, due %s).",
                  person_name(v, chosen), (long long)a.case_id, goal->skill, (long long)goal->target_level,
                  goal->due_on);
    int queued = 0;
    if (notify) rc = mail_queue_stretch_notice(db, a.mentor_id, a.case_id, buffer_cstr(&body), now, &queued, err);
    if (!rc)
      rc = store_allocation_notice_insert(db, *id, a.case_id, a.mentor_id, buffer_cstr(&body),
                                          !notify ? "not_sent" : queued ? "queued" : "failed", now, &notice, err);
    buffer_free(&body);
  }
  json_decref(row);
  json_decref(rationale);
  buffer_free(&summary);
  buffer_free(&rule);
  return rc;
}

/* The timeline event and audit entry of a case's new assignee; before is
 * the case as it was stored. */
static int note_assignment(Db *db, const AuditActor *actor, const char *now, const json_t *before, int64_t to,
                           int64_t allocation_id, Error *err) {
  int64_t case_id = id_of(before, "id"), event_id = 0;
  json_t *allocation = NULL, *after = NULL;
  int rc = store_case_allocation_get(db, allocation_id, &allocation, err);
  json_t *event = rc ? NULL
                     : json_pack("{s:s, s:s, s:O?, s:I, s:O}", "kind", "assignment_change", "visibility", "internal",
                                 "from_assignee_id", json_object_get(before, "assignee_id"), "to_assignee_id",
                                 (json_int_t)to, "body", json_object_get(allocation, "summary"));
  if (event && actor->id) json_object_set_new(event, "author_id", json_integer(actor->id));
  if (!rc) rc = store_case_event_insert(db, case_id, event, now, &event_id, err);
  if (!rc) rc = store_record_get(db, &store_cases, case_id, &after, err);
  if (!rc) rc = store_audit_append(db, actor, "case", case_id, "update", before, after, now, err);
  json_decref(event);
  json_decref(allocation);
  json_decref(after);
  return rc;
}

typedef enum { ALLOCATED, NOBODY, TAKEN, NO_TEAM } AllocateResult;

/* Allocates case_id by the rules if it is still unassigned, as actor. A
 * decision that finds nobody is recorded only when record_nobody is set.
 * *result says what happened; *allocation_id the record written (0 none). */
static int allocate(Db *db, const AuditActor *actor, const char *now, int64_t case_id, int record_nobody, int notify,
                    AllocateResult *result, int64_t *allocation_id, Error *err) {
  json_t *kase = NULL, *before = NULL;
  time_t t = 0;
  time_parse(now, &t);
  *allocation_id = 0;
  if (store_allocation_case(db, case_id, &kase, err)) return -1;
  if (!kase) return error_set(err, 404, "Not found", "case %lld does not exist", (long long)case_id);
  /* Decisions in a team are taken one at a time: after the lock the case
   * and the workloads are read as the previous decision left them. */
  int64_t team_id = id_of(kase, "team_id");
  if (team_id && !id_of(kase, "assignee_id")) {
    json_decref(kase);
    kase = NULL;
    if (store_team_allocation_lock(db, team_id, err) || store_allocation_case(db, case_id, &kase, err)) return -1;
  }
  *result = id_of(kase, "assignee_id") ? TAKEN : !id_of(kase, "team_id") ? NO_TEAM : NOBODY;
  if (*result != NOBODY) {
    json_decref(kase);
    return 0;
  }
  TeamView v;
  Decision x = {0};
  int rc = allocation_team_load(db, id_of(kase, "team_id"), t, id_of(kase, "id"), &v, err);
  if (rc) {
    json_decref(kase);
    return -1;
  }
  /* The sweep (the one caller that records no "nobody") gives cases only in
   * teams that allocate automatically. It chose this case by the mode it
   * read before the team's lock; read again after it, the mode may have
   * become manual while the roster it reads now is already newer. */
  if (!record_nobody && v.mode != ALLOCATION_AUTOMATIC) {
    allocation_team_free(&v);
    json_decref(kase);
    return 0;
  }
  decide(&v, kase, t, &x);
  Outcome o = {"automatic", allocation_rule_name(x.d.rule), 0, NULL, 0, NULL};
  if (x.d.chosen >= 0) {
    int assigned = 0;
    o.assignee = v.people[x.d.chosen].id;
    rc = store_record_get(db, &store_cases, case_id, &before, err);
    if (!rc) rc = store_case_assign_unassigned(db, case_id, o.assignee, now, &assigned, err);
    if (!rc && !assigned) *result = TAKEN; /* another transaction was first: write nothing */
    if (!rc && assigned) {
      *result = ALLOCATED;
      rc = record(db, actor, now, &v, kase, &x, &o, notify, allocation_id, err);
      if (!rc) rc = note_assignment(db, actor, now, before, o.assignee, *allocation_id, err);
    }
  } else if (record_nobody) {
    rc = record(db, actor, now, &v, kase, &x, &o, notify, allocation_id, err);
  }
  free(x.candidates);
  allocation_team_free(&v);
  json_decref(kase);
  json_decref(before);
  return rc;
}

/* --- presence of one person ---------------------------------------------------------------------- */
/* Refuses (422 on field) giving a case to someone absent now, or inactive.
 * v is the case's team; someone outside it is judged by their own roster. */
static int check_presence(Db *db, const TeamView *v, int64_t user_id, time_t now, const char *field, Error *err) {
  int p = allocation_team_person(v, user_id);
  Presence presence = p >= 0 ? v->people[p].presence : PRESENCE_AVAILABLE;
  if (p < 0) {
    json_t *user = NULL;
    if (store_record_get(db, &store_users, user_id, &user, err)) return -1;
    int active = user && json_integer_value(json_object_get(user, "active"));
    json_decref(user);
    TeamView own;
    if (!active) presence = PRESENCE_INACTIVE;
    else if (allocation_team_load(db, json_integer_value(json_object_get(user, "team_id")), now, 0, &own, err) == 0) {
      int q = allocation_team_person(&own, user_id);
      if (q >= 0) presence = own.people[q].presence;
      allocation_team_free(&own);
    } else {
      return -1;
    }
  }
  if (presence == PRESENCE_ABSENT) return error_field(err, field, "is absent now (see the roster)");
  if (presence == PRESENCE_INACTIVE) return error_field(err, field, "is not an active user");
  return 0;
}

/* --- the cases hook --------------------------------------------------------------------------------- */
/* Records an assignment made by hand to `to` on case_id (its allocation
 * source kase) by the request's user, after checking the person is present
 * and, in automatic and suggest teams, that a reason overrides the rules.
 * *id the allocation record. */
static int record_manual(Request *req, const json_t *kase, int64_t to, const char *reason, int64_t *id, Error *err) {
  time_t t = 0;
  time_parse(req->now, &t);
  TeamView v;
  Decision x = {0};
  if (allocation_team_load(req->db, id_of(kase, "team_id"), t, id_of(kase, "id"), &v, err)) return -1;
  decide(&v, kase, t, &x);
  int rules_choice = x.d.chosen >= 0 && v.people[x.d.chosen].id == to;
  int rc = check_presence(req->db, &v, to, t, "assignee_id", err);
  if (!rc && v.mode != ALLOCATION_MANUAL && !rules_choice && !(reason && *reason))
    rc = error_field(err, "reason", "is required: this team allocates by the rules, which %s%s",
                     x.d.chosen >= 0 ? "choose " : "find nobody", x.d.chosen >= 0 ? person_name(&v, x.d.chosen) : "");
  Outcome o = {"manual", rules_choice && v.mode != ALLOCATION_MANUAL ? "accepted" : "manual", to,
               reason && *reason ? reason : NULL, req->user.id,
               json_string_value(json_object_get(req->user.user, "display_name"))};
  if (!rc) rc = record(req->db, &req->actor, req->now, &v, kase, &x, &o, 0, id, err);
  free(x.candidates);
  allocation_team_free(&v);
  return rc;
}

int allocation_case_changed(Request *req, const json_t *before, const json_t *after, Error *err) {
  int64_t case_id = id_of(after, "id"), to = id_of(after, "assignee_id"), from = before ? id_of(before, "assignee_id") : 0;
  int team_changed = before && id_of(before, "team_id") != id_of(after, "team_id");
  if (to == from && !(to == 0 && team_changed) && before) return 0;
  json_t *kase = NULL, *settings = NULL;
  int64_t id = 0;
  int rc = store_allocation_case(req->db, case_id, &kase, err);
  if (!rc && id_of(kase, "team_id")) rc = store_team_allocation_get(req->db, id_of(kase, "team_id"), &settings, err);
  const char *mode = settings ? json_string_value(json_object_get(settings, "mode")) : "manual";
  if (rc) {
    /* nothing */
  } else if (to && to != from) {
    if (strcmp(mode, "manual") != 0)
      rc = error_field(err, "assignee_id",
                       "this team allocates %s: leave it out, or assign through POST /api/v1/cases/%lld/assignment "
                       "with a reason",
                       strcmp(mode, "automatic") == 0 ? "automatically" : "by suggestion", (long long)case_id);
    else
      rc = record_manual(req, kase, to, NULL, &id, err);
  } else if (!to && strcmp(mode, "automatic") == 0) {
    AllocateResult result;
    rc = allocate(req->db, &req->actor, req->now, case_id, 1, sla_notify_enabled(), &result, &id, err);
  } else if (!to && strcmp(mode, "suggest") == 0) {
    time_t t = 0;
    time_parse(req->now, &t);
    TeamView v;
    Decision x = {0};
    rc = allocation_team_load(req->db, id_of(kase, "team_id"), t, id_of(kase, "id"), &v, err);
    if (!rc) {
      decide(&v, kase, t, &x);
      Outcome o = {"suggestion", allocation_rule_name(x.d.rule), x.d.chosen >= 0 ? v.people[x.d.chosen].id : 0, NULL,
                   0, NULL};
      rc = record(req->db, &req->actor, req->now, &v, kase, &x, &o, 0, &id, err);
      free(x.candidates);
      allocation_team_free(&v);
    }
  }
  json_decref(kase);
  json_decref(settings);
  return rc;
}

/* --- routes on a case -------------------------------------------------------------------------------- */
static int answer_allocation(Response *res, Db *db, int64_t id, int status, Error *err) {
  json_t *row = NULL;
  if (store_case_allocation_get(db, id, &row, err)) return -1;
  api_send_json(res, status, row);
  return 0;
}

static int load_source(Request *req, json_t **kase, Error *err) {
  if (store_allocation_case(req->db, req->id, kase, err)) return -1;
  if (!*kase) return error_set(err, 404, "Not found", "case %lld does not exist", (long long)req->id);
  return 0;
}

static int query_allocations(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  (void)q;
  int exists = 0;
  if (store_record_exists(req->db, &store_cases, req->id, &exists, err)) return -1;
  if (!exists) return error_set(err, 404, "Not found", "case %lld does not exist", (long long)req->id);
  return store_case_allocations_list(req->db, req->id, after, limit, page, err);
}

int cases_allocations_list(Request *req, Response *res, Error *err) {
  return api_list(req, res, NULL, query_allocations, err);
}

int cases_allocation_suggestion(Request *req, Response *res, Error *err) {
  json_t *kase = NULL;
  time_t t = 0;
  time_parse(req->now, &t);
  if (load_source(req, &kase, err)) return -1;
  TeamView v;
  Decision x = {0};
  if (allocation_team_load(req->db, id_of(kase, "team_id"), t, id_of(kase, "id"), &v, err)) {
    json_decref(kase);
    return -1;
  }
  decide(&v, kase, t, &x);
  Outcome o = {"suggestion", allocation_rule_name(x.d.rule), 0, NULL, 0, NULL};
  Buffer summary = BUFFER_INIT, rule = BUFFER_INIT;
  summarise(&v, &x, &o, &summary);
  allocation_explain_rule(&x.d, &rule);
  int c = x.d.chosen;
  api_send_json(res, 200,
                json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:o, s:o}", "case_id", (json_int_t)req->id,
                          "mode", allocation_mode_names[v.mode], "rule", allocation_rule_name(x.d.rule), "risk",
                          allocation_risk_name(x.d.risk), "assignee_id",
                          c >= 0 ? json_integer(v.people[c].id) : json_null(), "assignee_name",
                          c >= 0 ? json_string(person_name(&v, c)) : json_null(), "summary", buffer_cstr(&summary),
                          "rule_text", buffer_cstr(&rule), "needs", needs_json(&x), "candidates",
                          candidates_json(&v, &x)));
  buffer_free(&summary);
  buffer_free(&rule);
  free(x.candidates);
  allocation_team_free(&v);
  json_decref(kase);
  return 0;
}

int cases_allocate(Request *req, Response *res, Error *err) {
  AllocateResult result;
  int64_t id = 0;
  if (allocate(req->db, &req->actor, req->now, req->id, 1, sla_notify_enabled(), &result, &id, err)) return -1;
  if (result == TAKEN)
    return error_set(err, 409, "Already assigned", "case %lld has an assignee; change it through …/assignment",
                     (long long)req->id);
  if (result == NO_TEAM)
    return error_set(err, 409, "No team", "case %lld belongs to no team; give it one first", (long long)req->id);
  return answer_allocation(res, req->db, id, result == ALLOCATED ? 201 : 200, err);
}

int cases_assign(Request *req, Response *res, Error *err) {
  static const FieldSpec fields[] = {
      {"assignee_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_users},
      {"reason", FIELD_TEXT, 0, 1, 2000, NULL, NULL},
      {NULL, 0, 0, 0, 0, NULL, NULL},
  };
  json_t *input = NULL, *kase = NULL, *before = NULL;
  int64_t version = 0, id = 0;
  int rc = api_read_body(req, &input, err);
  if (!rc) rc = api_validate(req->db, input, fields, NULL, 0, err);
  if (!rc) rc = load_source(req, &kase, err);
  int64_t to = id_of(input, "assignee_id");
  if (!rc && req->if_match && !(rc = api_if_match(req, &version, err)) && version != id_of(kase, "version"))
    rc = error_set(err, 412, "Precondition failed", "case %lld has changed since version %lld; reload it and try again",
                   (long long)req->id, (long long)version);
  if (!rc && id_of(kase, "assignee_id") == to)
    rc = error_set(err, 409, "Already assigned", "case %lld is already assigned to user %lld", (long long)req->id,
                   (long long)to);
  if (!rc) rc = record_manual(req, kase, to, json_string_value(json_object_get(input, "reason")), &id, err);
  if (!rc) rc = store_record_get(req->db, &store_cases, req->id, &before, err);
  if (!rc) rc = store_case_assign(req->db, req->id, id_of(kase, "version"), to, req->now, err);
  if (!rc) rc = note_assignment(req->db, &req->actor, req->now, before, to, id, err);
  if (!rc) rc = answer_allocation(res, req->db, id, 200, err);
  json_decref(input);
  json_decref(kase);
  json_decref(before);
  return rc;
}

/* --- the sweep ----------------------------------------------------------------------------------------- */
int allocation_sweep(Db *db, const AuditActor *actor, const char *now, int notify, Error *err) {
  json_t *rows = NULL;
  if (store_unassigned_cases(db, SWEEP_CASES, &rows, err)) return -1;
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    Error one = ERROR_INIT;
    AllocateResult result;
    int64_t id = 0;
    if (store_savepoint(db, &one) == 0 &&
        allocate(db, actor, now, id_of(row, "id"), 0, notify, &result, &id, &one) == 0)
      store_release_savepoint(db, &one);
    else
      store_rollback_to_savepoint(db);
    error_clear(&one);
  }
  json_decref(rows);
  return 0;
}

/* --- fairness -------------------------------------------------------------------------------------------- */
static json_t *outlier_json(double value, double mean, size_t n) {
  const char *o = allocation_outlier(value, mean, n);
  return o ? json_string(o) : json_null();
}

int reports_allocation_fairness(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"team_id", "from", "to", NULL};
  Query q = {0};
  int64_t team_id = 0;
  char from[TIME_TEXT_SIZE], to[TIME_TEXT_SIZE], since[TIME_TEXT_SIZE], today[TIME_TEXT_SIZE];
  time_t t = 0;
  time_parse(req->now, &t);
  time_format(t - 90 * 86400, since);
  time_format(t, today);
  since[10] = today[10] = '\0';
  json_t *rows = NULL;
  int rc = api_query_parse(req, allowed, &q, err);
  if (!rc) rc = api_query_id(&q, "team_id", &team_id, err);
  if (!rc && !team_id) {
    error_field(err, "team_id", "is required");
    err->status = 400;
    rc = -1;
  }
  if (!rc && req->user.role == ROLE_TEAM_LEADER &&
      json_integer_value(json_object_get(req->user.user, "team_id")) != team_id)
    rc = error_set(err, 403, "Forbidden", "team leaders see the fairness report of their own team only");
  if (!rc) rc = api_query_date_bound(&q, "from", since, "T00:00:00Z", from, err);
  if (!rc) rc = api_query_date_bound(&q, "to", today, "T23:59:59Z", to, err);
  if (!rc && strcmp(from, to) > 0) {
    error_field(err, "to", "must not be before from");
    err->status = 400;
    rc = -1;
  }
  if (!rc) rc = store_allocation_fairness(req->db, team_id, from, to, &rows, err);
  if (!rc) {
    size_t n = json_array_size(rows), i;
    json_t *row;
    double cases = 0, urgent = 0, complexity = 0;
    json_array_foreach(rows, i, row) {
      cases += (double)id_of(row, "cases");
      urgent += (double)(id_of(row, "p1") + id_of(row, "p2"));
      complexity += (double)id_of(row, "complexity");
    }
    if (n) cases /= (double)n, urgent /= (double)n, complexity /= (double)n;
    json_t *people = json_array();
    json_array_foreach(rows, i, row) {
      int64_t c = id_of(row, "cases"), u = id_of(row, "p1") + id_of(row, "p2"), k = id_of(row, "complexity");
      json_array_append_new(
          people,
          json_pack("{s:O, s:O, s:I, s:{s:O, s:O, s:O, s:O}, s:I, s:I, s:O, s:O, s:{s:o, s:o, s:o}}", "user_id",
                    json_object_get(row, "user_id"), "name", json_object_get(row, "name"), "cases", (json_int_t)c,
                    "priorities", "1", json_object_get(row, "p1"), "2", json_object_get(row, "p2"), "3",
                    json_object_get(row, "p3"), "4", json_object_get(row, "p4"), "urgent", (json_int_t)u,
                    "complexity", (json_int_t)k, "stretch", json_object_get(row, "stretch"), "manual",
                    json_object_get(row, "manual"), "outliers", "cases", outlier_json((double)c, cases, n), "urgent",
                    outlier_json((double)u, urgent, n), "complexity", outlier_json((double)k, complexity, n)));
    }
    api_send_json(res, 200,
                  json_pack("{s:I, s:s#, s:s#, s:{s:f, s:f, s:f}, s:o}", "team_id", (json_int_t)team_id, "from", from,
                            (int)10, "to", to, (int)10, "mean", "cases", cases, "urgent", urgent, "complexity",
                            complexity, "people", people));
  }
  json_decref(rows);
  api_query_free(&q);
  return rc;
}
