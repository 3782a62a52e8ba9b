/* `forgedesk demo`, the team part (docs/TEAM.md): the skill catalogue, the
 * demo staff's levels and development goals, this week's roster, how each
 * team allocates, ninety days of assignments made by hand as allocation
 * history, and a few new cases that the allocation rules then give out with
 * their rationale, exactly as serve would. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/allocation.h"
#include "api/sla.h"
#include "cli/cli.h"
#include "util/timeutil.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define HOUR 3600
#define DAY 86400
#define HISTORY_DAYS 90

static const struct {
  const char *name, *label;
  int case_level;
} skills[] = {
    {"hydraulics", "Hydraulics", 2}, {"cnc_controls", "CNC controls", 2}, {"returns", "Returns", 1},
    {"german", "German", 1},         {"key_accounts", "Key accounts", 2}, {"pneumatics", "Pneumatics", 2},
};

/* Levels per person, in the order of skills[]. */
static const struct {
  const char *username;
  int levels[COUNT(skills)];
} levels[] = {
    {"tom.reid", {4, 3, 1, 0, 3, 3}},     {"owen.davies", {4, 2, 1, 2, 1, 3}}, {"jack.turner", {3, 3, 0, 0, 1, 2}},
    {"marek.nowak", {1, 1, 1, 3, 0, 2}},  {"priya.nair", {1, 0, 3, 2, 4, 0}},  {"amy.shah", {1, 0, 3, 3, 2, 0}},
    {"sophie.bennett", {0, 0, 2, 0, 1, 0}},
};

static const struct {
  const char *username, *skill, *mentor;
  int target, months;
  const char *note;
} goals[] = {
    {"marek.nowak", "hydraulics", "owen.davies", 3, 6, "wants to reach level 3 in hydraulics by the summer"},
    {"sophie.bennett", "german", "amy.shah", 2, 4, "handles the DACH accounts' routine mail from the autumn"},
    {"jack.turner", "german", "marek.nowak", 1, 9, NULL},
};

/* This week's roster: shifts (hours from each weekday's midnight UTC) and absences (days from today). */
static const struct {
  const char *username;
  int start_hour, end_hour; /* a shift every weekday of this week and the next */
} shifts[] = {{"jack.turner", 7, 15}, {"owen.davies", 8, 17}, {"marek.nowak", 10, 19}, {"tom.reid", 8, 17}};

static const struct {
  const char *username, *reason;
  int from_day, days;
} absences[] = {{"owen.davies", "holiday", 4, 5}, {"amy.shah", "training", 1, 1}, {"jack.turner", "leave", -20, 3}};

/* New cases today, given out by the rules at the end. */
static const struct {
  const char *subject, *skill, *type;
  int priority, hours_ago;
} new_cases[] = {
    {"Cylinder rod seal weeping after refit", "hydraulics", "technical_support", 3, 3},
    {"Press brake controller shows E-217 on start-up", "cnc_controls", "technical_support", 2, 2},
    {"Pressure relief valve chatter at 180 bar", "hydraulics", "technical_support", 1, 1},
    {"Replacement filter housing for a hydraulic power unit", "hydraulics", "technical_support", 4, 1},
    {"Rückfrage zur Lieferung der Dichtungssätze", "german", "enquiry", 3, 1},
};

typedef struct Staff {
  int64_t id, team_id;
} Staff;

static int staff(Db *db, const char *username, Staff *out, Error *err) {
  json_t *user = NULL;
  if (store_user_credentials(db, username, &user, err)) return -1;
  if (!user) return error_set(err, 500, "Demo error", "the demo has no user %s", username);
  out->id = json_integer_value(json_object_get(user, "id"));
  json_decref(user);
  if (store_record_get(db, &store_users, out->id, &user, err)) return -1;
  out->team_id = json_integer_value(json_object_get(user, "team_id"));
  json_decref(user);
  return 0;
}

static void instant(time_t t, char *out) { time_format(t, out); }

static void date(time_t t, char *out) {
  time_format(t, out);
  out[10] = '\0';
}

static int add_skills_and_levels(Db *db, const char *now, int64_t *skill_ids, Error *err) {
  int rc = 0;
  for (size_t i = 0; !rc && i < COUNT(skills); i++) {
    json_t *v = json_pack("{s:s, s:s, s:i}", "name", skills[i].name, "label", skills[i].label, "case_level",
                          skills[i].case_level);
    rc = cli_record_create(db, &store_skills, v, now, &skill_ids[i], err);
    json_decref(v);
  }
  for (size_t p = 0; !rc && p < COUNT(levels); p++) {
    Staff s;
    json_t *rows = json_array(), *after = json_object();
    rc = staff(db, levels[p].username, &s, err);
    for (size_t i = 0; i < COUNT(skills); i++) {
      json_array_append_new(rows, json_pack("{s:I, s:i}", "skill_id", (json_int_t)skill_ids[i], "level", levels[p].levels[i]));
      if (levels[p].levels[i]) json_object_set_new(after, skills[i].name, json_integer(levels[p].levels[i]));
    }
    if (!rc) rc = store_user_skills_replace(db, s.id, rows, now, err);
    json_t *audited = json_pack("{s:o}", "levels", after);
    if (!rc) rc = store_audit_append(db, &cli_actor, "user_skills", s.id, "update", NULL, audited, now, err);
    json_decref(audited);
    json_decref(rows);
  }
  return rc;
}

static int64_t skill_id(const int64_t *ids, const char *name) {
  for (size_t i = 0; i < COUNT(skills); i++)
    if (strcmp(skills[i].name, name) == 0) return ids[i];
  return 0;
}

static int add_goals(Db *db, const char *now, time_t today, const int64_t *skill_ids, Error *err) {
  int rc = 0;
  for (size_t i = 0; !rc && i < COUNT(goals); i++) {
    Staff person, mentor;
    char due[TIME_TEXT_SIZE];
    date(today + (time_t)goals[i].months * 30 * DAY, due);
    int64_t id;
    rc = staff(db, goals[i].username, &person, err);
    if (!rc) rc = staff(db, goals[i].mentor, &mentor, err);
    json_t *v = json_pack("{s:I, s:I, s:i, s:s, s:I, s:s, s:s?}", "user_id", (json_int_t)person.id, "skill_id",
                          (json_int_t)skill_id(skill_ids, goals[i].skill), "target_level", goals[i].target, "due_on",
                          due, "mentor_id", (json_int_t)mentor.id, "status", "open", "note", goals[i].note);
    if (!rc) rc = cli_record_create(db, &store_development_goals, v, now, &id, err);
    json_decref(v);
  }
  return rc;
}

static int add_entry(Db *db, const char *now, int64_t user, const char *kind, time_t from, time_t to,
                     const char *reason, Error *err) {
  char a[TIME_TEXT_SIZE], b[TIME_TEXT_SIZE];
  instant(from, a);
  instant(to, b);
  int64_t id;
  json_t *v = json_pack("{s:I, s:s, s:s, s:s, s:s?}", "user_id", (json_int_t)user, "kind", kind, "starts_at", a,
                        "ends_at", b, "reason", reason);
  int rc = cli_record_create(db, &store_roster_entries, v, now, &id, err);
  json_decref(v);
  return rc;
}

static int add_roster(Db *db, const char *now, time_t today, Error *err) {
  int rc = 0;
  time_t monday = today - (time_t)(((today / DAY) + 3) % 7) * DAY; /* 1970-01-01 was a Thursday */
  for (size_t i = 0; !rc && i < COUNT(shifts); i++) {
    Staff s;
    rc = staff(db, shifts[i].username, &s, err);
    for (int day = 0; !rc && day < 14; day++) {
      if (day % 7 >= 5) continue;
      time_t midnight = monday + (time_t)day * DAY;
      rc = add_entry(db, now, s.id, "shift", midnight + shifts[i].start_hour * HOUR, midnight + shifts[i].end_hour * HOUR,
                     NULL, err);
    }
  }
  for (size_t i = 0; !rc && i < COUNT(absences); i++) {
    Staff s;
    time_t from = today + (time_t)absences[i].from_day * DAY;
    rc = staff(db, absences[i].username, &s, err);
    if (!rc) rc = add_entry(db, now, s.id, "absence", from, from + (time_t)absences[i].days * DAY, absences[i].reason, err);
  }
  return rc;
}

/* The demo's calendar (the UK office's): the hours of people without shifts. */
static int office_calendar(Db *db, int64_t *id, Error *err) {
  StorePage page = {0};
  StoreCursor first = {NULL, 0};
  if (store_calendars_list(db, first, 1, &page, err)) return -1;
  *id = json_integer_value(json_object_get(json_array_get(page.items, 0), "id"));
  store_page_free(&page);
  return 0;
}

static int set_mode(Db *db, const char *now, int64_t team, const char *mode, int64_t calendar, Error *err) {
  json_t *after = NULL;
  int rc = store_team_allocation_put(db, team, mode, calendar, ALLOCATION_DEFAULT_MAX_LOAD, now, err);
  if (!rc) rc = store_team_allocation_get(db, team, &after, err);
  if (!rc) rc = store_audit_append(db, &cli_actor, "team_allocation", team, "update", NULL, after, now, err);
  json_decref(after);
  return rc;
}

/* Ninety days of cases, each recorded as assigned by hand by its team's
 * leader when it was opened: the history the fairness report reads. */
static int add_history(Db *db, time_t today, int64_t team, int64_t leader, Error *err) {
  CaseFilter f;
  memset(&f, 0, sizeof f);
  f.team_id = team;
  f.sort = CASE_SORT_OPENED;
  char since[TIME_TEXT_SIZE];
  instant(today - HISTORY_DAYS * DAY, since);
  StoreCursor after = {NULL, 0};
  int rc = 0, more = 1;
  while (!rc && more) {
    StorePage page = {0};
    rc = store_cases_list(db, &f, after, 200, &page, err);
    size_t i;
    json_t *c;
    json_array_foreach(page.items, i, c) {
      const char *opened = json_string_value(json_object_get(c, "opened_at"));
      int64_t assignee = json_integer_value(json_object_get(c, "assignee_id"));
      if (rc || strcmp(opened, since) < 0) {
        more = 0;
        break;
      }
      if (!assignee) continue;
      int technical = json_array_size(json_object_get(c, "required_skills")) > 0;
      json_t *rationale = json_pack("{s:n, s:s, s:n, s:n, s:[], s:[]}", "rule", "rule_text",
                                    "Assigned by hand when the case was opened, before the team allocated by rules.",
                                    "rules_choice_id", "rules_choice_name", "needs", "candidates");
      StoreAllocation a = {.case_id = json_integer_value(json_object_get(c, "id")), .team_id = team,
                           .assignee_id = assignee, .decided_by = leader, .kind = "manual", .rule = "manual",
                           .risk = "low", .reason = "assigned when the case was opened",
                           .summary = "Assigned by hand when the case was opened.",
                           .priority = (int)json_integer_value(json_object_get(c, "priority")),
                           .complexity = technical ? 2 : 0, .rationale = rationale};
      int64_t id;
      rc = store_case_allocation_insert(db, &a, opened, &id, err);
      json_decref(rationale);
    }
    more = more && page.more;
    free((char *)after.key);
    after.key = page.next_key ? strdup(page.next_key) : NULL;
    after.id = page.next_id;
    store_page_free(&page);
  }
  free((char *)after.key);
  return rc;
}

/* New unassigned cases for the teams, then one allocation pass over them. */
static int add_new_cases(Db *db, const char *now, time_t t, Error *err) {
  StorePage page = {0};
  AccountFilter f;
  memset(&f, 0, sizeof f);
  StoreCursor first = {NULL, 0};
  int rc = store_accounts_list(db, &f, first, COUNT(new_cases), &page, err);
  for (size_t i = 0; !rc && i < COUNT(new_cases); i++) {
    Staff team_of;
    rc = staff(db, strcmp(new_cases[i].type, "enquiry") == 0 ? "priya.nair" : "tom.reid", &team_of, err);
    char opened[TIME_TEXT_SIZE];
    instant(t - new_cases[i].hours_ago * HOUR, opened);
    json_t *v = json_pack("{s:O, s:s, s:i, s:s, s:s, s:s, s:I, s:[s]}", "account_id",
                          json_object_get(json_array_get(page.items, i), "id"), "type", new_cases[i].type, "priority",
                          new_cases[i].priority, "subject", new_cases[i].subject, "channel", "email", "status", "new",
                          "team_id", (json_int_t)team_of.team_id, "required_skills", new_cases[i].skill);
    int64_t id = 0;
    if (!rc) rc = cli_record_create(db, &store_cases, v, opened, &id, err);
    if (!rc) rc = sla_case_refresh(db, id, &cli_actor, now, 0, NULL, err);
    json_decref(v);
  }
  store_page_free(&page);
  return rc ? -1 : allocation_sweep(db, &cli_actor, now, 0, err);
}

int demo_team(Db *db, const char *now, Error *err) {
  time_t t = 0;
  time_parse(now, &t);
  time_t today = t - t % DAY;
  int64_t skill_ids[COUNT(skills)], calendar = 0;
  Staff tech, service;
  int rc = add_skills_and_levels(db, now, skill_ids, err);
  if (!rc) rc = add_goals(db, now, today, skill_ids, err);
  if (!rc) rc = add_roster(db, now, today, err);
  if (!rc) rc = staff(db, "tom.reid", &tech, err);
  if (!rc) rc = staff(db, "priya.nair", &service, err);
  if (!rc) rc = add_history(db, today, tech.team_id, tech.id, err);
  if (!rc) rc = add_history(db, today, service.team_id, service.id, err);
  if (!rc) rc = office_calendar(db, &calendar, err);
  if (!rc) rc = set_mode(db, now, tech.team_id, "automatic", 0, err);
  if (!rc) rc = set_mode(db, now, service.team_id, "suggest", calendar, err);
  if (!rc) rc = add_new_cases(db, now, t, err);
  return rc;
}
