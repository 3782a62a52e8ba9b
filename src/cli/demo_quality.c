/* Demo data for quality checks and team communication (docs/QUALITY.md):
 * scorecards, sampling rules, a year of spot checks drawn the way the API
 * draws them and scored by the same code, corrective actions of the failed
 * ones, calibration sessions and a year of team meetings with actions.
 * Every record is audited as the command line's actor. */
#include "cli/demo_quality.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/quality.h"
#include "cli/cli.h"
#include "core/qa_sampling.h"
#include "core/qa_scoring.h"
#include "core/rng.h"
#include "util/timeutil.h"

#define WEEKS 52
#define MAX_PEOPLE 64

typedef struct Person {
  int64_t id, team_id, manager_id;
  char role[20];
} Person;

typedef struct QualityDemo {
  uint64_t seed;
  Rng rng;
  time_t now;
  Person people[MAX_PEOPLE];
  size_t npeople;
  int64_t cards[3];                   /* technical support, complaints, phone */
  int64_t rules[2], rule_teams[2];    /* each team leader's sampling rule and its team */
} QualityDemo;

static const char *const card_json[3] = {
    "{\"name\":\"Technical support\",\"pass_mark\":80,\"description\":\"Cases of technical support and returns\","
    "\"criteria\":["
    "{\"key\":\"greeting\",\"section\":\"Opening\",\"label\":\"Greets the customer and confirms the asset or part\","
    "\"scale\":\"pass_fail\",\"weight\":1},"
    "{\"key\":\"diagnosis\",\"section\":\"Diagnosis\",\"label\":\"Finds the fault from the evidence\","
    "\"scale\":\"five_point\",\"weight\":4,\"root_cause\":true},"
    "{\"key\":\"spec\",\"section\":\"Diagnosis\",\"label\":\"Quotes the right specification or drawing\","
    "\"scale\":\"four_point\",\"weight\":2},"
    "{\"key\":\"safety\",\"section\":\"Safety\",\"label\":\"Gives the lock-out and pressure-release warning\","
    "\"scale\":\"pass_fail\",\"weight\":1,\"critical\":true},"
    "{\"key\":\"reply\",\"section\":\"Close\",\"label\":\"Written reply is clear for its reader\","
    "\"scale\":\"four_point\",\"weight\":2},"
    "{\"key\":\"next_steps\",\"section\":\"Close\",\"label\":\"Agrees next steps and a date\","
    "\"scale\":\"three_point\",\"weight\":1}]}",
    "{\"name\":\"Complaints handling\",\"pass_mark\":85,\"description\":\"ISO 10002 complaint cases\","
    "\"criteria\":["
    "{\"key\":\"acknowledged\",\"section\":\"Receipt\",\"label\":\"Acknowledged within the promised time\","
    "\"scale\":\"pass_fail\",\"weight\":2,\"critical\":true},"
    "{\"key\":\"empathy\",\"section\":\"Receipt\",\"label\":\"Recognises the impact on the customer\","
    "\"scale\":\"five_point\",\"weight\":2},"
    "{\"key\":\"root_cause\",\"section\":\"Investigation\",\"label\":\"Root cause found and explained\","
    "\"scale\":\"five_point\",\"weight\":4,\"root_cause\":true},"
    "{\"key\":\"remedy\",\"section\":\"Decision\",\"label\":\"Remedy fits the complaint\","
    "\"scale\":\"four_point\",\"weight\":3},"
    "{\"key\":\"follow_up\",\"section\":\"Closure\",\"label\":\"Followed up the customer's satisfaction\","
    "\"scale\":\"three_point\",\"weight\":1}]}",
    "{\"name\":\"Phone call\",\"pass_mark\":75,\"description\":\"Inbound calls and order changes\","
    "\"criteria\":["
    "{\"key\":\"identify\",\"label\":\"Identifies the caller and the account\",\"scale\":\"pass_fail\",\"weight\":1},"
    "{\"key\":\"listen\",\"label\":\"Listens and summarises the request\",\"scale\":\"three_point\",\"weight\":2},"
    "{\"key\":\"accuracy\",\"label\":\"Gives accurate prices and dates\",\"scale\":\"five_point\",\"weight\":3,"
    "\"critical\":true,\"root_cause\":true},"
    "{\"key\":\"close\",\"label\":\"Closes with a summary of what happens next\",\"scale\":\"three_point\","
    "\"weight\":1}]}",
};

static const char *const root_causes[] = {"knowledge", "skill", "process", "tools", "behaviour"};

static void day_text(time_t t, char out[TIME_TEXT_SIZE]) {
  time_format(t, out);
  out[10] = '\0';
}

static int load_people(Db *db, QualityDemo *q, Error *err) {
  StorePage page = {0};
  if (store_users_list(db, (StoreCursor){0}, 200, &page, err)) return -1;
  size_t i;
  json_t *u;
  json_array_foreach(page.items, i, u) {
    if (q->npeople == MAX_PEOPLE) break;
    Person *p = &q->people[q->npeople++];
    p->id = json_integer_value(json_object_get(u, "id"));
    p->team_id = json_integer_value(json_object_get(u, "team_id"));
    p->manager_id = json_integer_value(json_object_get(u, "manager_id"));
    snprintf(p->role, sizeof p->role, "%s", json_string_value(json_object_get(u, "role")));
  }
  store_page_free(&page);
  return 0;
}

static const Person *first_with_role(const QualityDemo *q, const char *role) {
  for (size_t i = 0; i < q->npeople; i++)
    if (strcmp(q->people[i].role, role) == 0) return &q->people[i];
  return NULL;
}

/* Ratings for a scorecard: mostly good, now and then poor, rarely a
 * critical miss; negative ratings of root-cause criteria name one. */
static json_t *invent_ratings(QualityDemo *q, const json_t *card) {
  json_t *ratings = json_array();
  int weak = rng_chance(&q->rng, 12);
  size_t i;
  json_t *c;
  json_array_foreach(json_object_get(card, "criteria"), i, c) {
    QaScale scale = QA_SCALE_FIVE;
    qa_scale_parse(json_string_value(json_object_get(c, "scale")), &scale);
    int lo = qa_scale_min(scale), hi = qa_scale_max(scale), critical = json_is_true(json_object_get(c, "critical"));
    int r = hi;
    if (critical) r = rng_chance(&q->rng, 4) ? lo : hi;
    else if (weak || rng_chance(&q->rng, 25)) r = (int)rng_range(&q->rng, lo, hi);
    json_t *rating = json_pack("{s:O, s:i}", "key", json_object_get(c, "key"), "rating", r);
    if (!critical && rng_chance(&q->rng, 5)) json_object_set_new(rating, "rating", json_null());
    else if (json_is_true(json_object_get(c, "root_cause")) && qa_rating_negative(scale, r))
      json_object_set_new(rating, "root_cause", json_string(root_causes[rng_below(&q->rng, 5)]));
    json_array_append_new(ratings, rating);
  }
  return ratings;
}

/* A submitted review scored by the API's own scoring, as of `at`. */
static int add_review(Db *db, QualityDemo *q, json_t *review, const json_t *card, const char *at, int64_t *id,
                      Error *err) {
  Request req = {0};
  req.db = db;
  snprintf(req.now, sizeof req.now, "%s", at);
  json_t *input = json_pack("{s:o}", "ratings", invent_ratings(q, card));
  int rc = qa_review_score_into(&req, input, review, err);
  json_decref(input);
  if (!rc) rc = cli_record_create(db, &store_qa_reviews, review, at, id, err);
  return rc;
}

/* The corrective action of a failed review: done when long past due. */
static int add_corrective_action(Db *db, QualityDemo *q, int64_t review_id, const Person *agent, int64_t owner,
                                 time_t at, Error *err) {
  static const char *const kinds[] = {"coaching", "refresher_training", "side_by_side"};
  static const char *const outcomes[] = {"Coached on the criteria missed; the next two spot checks passed",
                                         "Refresher on the lock-out procedure completed and signed off",
                                         "Shadowed a senior colleague for a morning of calls"};
  char due[TIME_TEXT_SIZE], stamp[TIME_TEXT_SIZE];
  day_text(at + 14 * 86400, due);
  int past = at + 21 * 86400 < q->now, kind = (int)rng_below(&q->rng, 3);
  time_format(at + 12 * 86400, stamp);
  json_t *a = json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "review_id", (json_int_t)review_id,
                        "agent_id", (json_int_t)agent->id, "owner_id", (json_int_t)owner, "kind", kinds[kind], "title",
                        kind == 0 ? "Coaching after a failed QA review" : kind == 1 ? "Refresher training" : "Side-by-side session",
                        "description", "Raised by a failed spot check", "due_on", due, "status",
                        past ? "done" : "open", "outcome", past ? json_string(outcomes[kind]) : json_null(), "done_at",
                        past ? json_string(stamp) : json_null());
  char when[TIME_TEXT_SIZE];
  time_format(at, when);
  int64_t id = 0;
  int rc = cli_record_create(db, &store_qa_actions, a, when, &id, err);
  json_decref(a);
  return rc;
}

/* A year of weekly spot checks of every agent, drawn as the API draws them. */
static int add_spot_checks(Db *db, QualityDemo *q, const json_t *cards[3], Error *err) {
  long long today = (long long)(q->now / 86400);
  for (size_t i = 0; i < q->npeople; i++) {
    const Person *p = &q->people[i];
    int64_t rule = p->team_id == q->rule_teams[0] ? q->rules[0] : p->team_id == q->rule_teams[1] ? q->rules[1] : 0;
    if (strcmp(p->role, "agent") != 0 || !p->manager_id || !rule) continue;
    for (int w = WEEKS; w >= 1; w--) {
      long long monday = qa_week_monday(today - 7LL * w);
      char from[TIME_TEXT_SIZE], to[TIME_TEXT_SIZE], week[TIME_TEXT_SIZE];
      time_format((time_t)(monday * 86400), from);
      time_format((time_t)((monday + 7) * 86400), to);
      day_text((time_t)(monday * 86400), week);
      json_t *candidates = NULL;
      if (store_qa_sample_candidates(db, p->id, from, to, "cases", &candidates, err)) return -1;
      size_t picked[2];
      size_t n = qa_sample_pick(json_array_size(candidates), 2, qa_sample_seed(q->seed, p->id, week), picked);
      int rc = 0;
      for (size_t k = 0; k < n && !rc; k++) {
        int64_t case_id = json_integer_value(json_object_get(json_array_get(candidates, picked[k]), "id"));
        json_t *kase = NULL;
        rc = store_record_get(db, &store_cases, case_id, &kase, err);
        const char *type = rc ? "" : json_string_value(json_object_get(kase, "type"));
        int card = strcmp(type, "complaint") == 0 ? 1 : strcmp(type, "technical_support") == 0 || strcmp(type, "return") == 0 ? 0 : 2;
        json_decref(kase);
        time_t at = (time_t)((monday + 7) * 86400 + (k + 1) * 3 * 3600 + 6 * 3600);
        char when[TIME_TEXT_SIZE], key[40];
        time_format(at, when);
        snprintf(key, sizeof key, "case:%lld", (long long)case_id);
        json_t *review = json_pack("{s:I, s:s, s:I, s:s, s:I, s:I, s:I, s:s, s:s}", "scorecard_id",
                                   (json_int_t)q->cards[card], "kind", "spot_check", "case_id", (json_int_t)case_id,
                                   "subject_key", key, "agent_id", (json_int_t)p->id, "reviewer_id",
                                   (json_int_t)p->manager_id, "sampling_rule_id", (json_int_t)rule, "sample_week",
                                   week, "status", "queued");
        int64_t id = 0;
        if (!rc) rc = add_review(db, q, review, cards[card], when, &id, err);
        if (!rc && !json_integer_value(json_object_get(review, "passed")))
          rc = add_corrective_action(db, q, id, p, p->manager_id, at, err);
        json_decref(review);
      }
      json_decref(candidates);
      if (rc) return -1;
    }
  }
  return 0;
}

/* Two calibration sessions on a recent case of the first agent: one closed
 * with three scores that disagree, one still open. */
static int add_calibrations(Db *db, QualityDemo *q, const json_t *card, Error *err) {
  const Person *agent = first_with_role(q, "agent"), *qm = first_with_role(q, "quality_manager");
  int64_t reviewers[3] = {0};
  size_t n = 0;
  for (size_t i = 0; i < q->npeople && n < 2; i++)
    if (strcmp(q->people[i].role, "team_leader") == 0) reviewers[n++] = q->people[i].id;
  if (qm) reviewers[n++] = qm->id;
  if (!agent || n < 2) return 0;
  char from[TIME_TEXT_SIZE], to[TIME_TEXT_SIZE];
  time_format(q->now - 60 * 86400, from);
  time_format(q->now, to);
  json_t *candidates = NULL;
  if (store_qa_sample_candidates(db, agent->id, from, to, "cases", &candidates, err)) return -1;
  int rc = 0;
  for (int s = 0; s < 2 && json_array_size(candidates) > (size_t)s && !rc; s++) {
    int64_t case_id = json_integer_value(json_object_get(json_array_get(candidates, (size_t)s), "id"));
    time_t opened = q->now - (s == 0 ? 20 : 2) * 86400, deadline = opened + (s == 0 ? 7 : 9) * 86400;
    char when[TIME_TEXT_SIZE], until[TIME_TEXT_SIZE], key[40];
    time_format(opened, when);
    time_format(deadline, until);
    snprintf(key, sizeof key, "case:%lld", (long long)case_id);
    json_t *session = json_pack("{s:s, s:I, s:I, s:I, s:s, s:I}", "title",
                                s == 0 ? "Calibration: diagnosis on a seal failure" : "Calibration: a returned valve",
                                "scorecard_id", (json_int_t)q->cards[0], "case_id", (json_int_t)case_id, "agent_id",
                                (json_int_t)agent->id, "deadline_at", until, "created_by_id", (json_int_t)reviewers[0]);
    int64_t id = 0;
    rc = cli_record_create(db, &store_qa_calibrations, session, when, &id, err);
    json_decref(session);
    for (size_t r = 0; r < n && !rc; r++) {
      json_t *review = json_pack("{s:I, s:s, s:I, s:s, s:I, s:I, s:I, s:s}", "scorecard_id", (json_int_t)q->cards[0],
                                 "kind", "calibration", "case_id", (json_int_t)case_id, "subject_key", key, "agent_id",
                                 (json_int_t)agent->id, "reviewer_id", (json_int_t)reviewers[r], "calibration_id",
                                 (json_int_t)id, "status", "queued");
      int64_t review_id = 0;
      time_format(opened + (time_t)(r + 1) * 86400, when);
      rc = s == 0 ? add_review(db, q, review, card, when, &review_id, err)
                  : cli_record_create(db, &store_qa_reviews, review, when, &review_id, err);
      json_decref(review);
    }
  }
  json_decref(candidates);
  return rc;
}

/* A fortnightly team meeting and a Monday briefing per team for a year. */
static int add_meetings(Db *db, QualityDemo *q, Error *err) {
  static const char *const agendas[][3] = {
      {"Last fortnight's SLA breaches", "Spot-check results", "Open complaints"},
      {"Returns backlog", "New seal-kit part numbers", "Holiday cover"},
      {"Customer feedback themes", "Calibration results", "Training needs"},
  };
  static const char *const decisions[] = {
      "Escalate waiting-on-internal cases after four business hours",
      "Quote the drawing revision in every technical reply",
      "Pair new starters with a mentor for their first ten complaints",
      "Check batch numbers before approving a return",
  };
  static const char *const actions[] = {
      "Write a troubleshooting note for spindle stalls", "Update the returns checklist",
      "Call back the three customers who scored us low", "Review the lock-out warning template",
  };
  long long today = (long long)(q->now / 86400);
  int rc = 0;
  for (size_t t = 0; t < q->npeople && !rc; t++) {
    const Person *leader = &q->people[t];
    if (strcmp(leader->role, "team_leader") != 0) continue;
    json_t *team = json_array();
    for (size_t i = 0; i < q->npeople; i++)
      if (q->people[i].team_id == leader->team_id && strcmp(q->people[i].role, "agent") == 0)
        json_array_append_new(team, json_integer(q->people[i].id));
    for (int w = WEEKS; w >= 0 && !rc; w--) {
      long long monday = qa_week_monday(today - 7LL * w);
      int full = w % 2 == 0;
      time_t at = (time_t)(monday * 86400 + (full ? 14 : 8) * 3600);
      if (at > q->now) continue;
      char when[TIME_TEXT_SIZE];
      time_format(at, when);
      size_t a = rng_below(&q->rng, 3);
      json_t *m = json_pack("{s:s, s:s, s:I, s:s, s:I, s:[s,s,s], s:O, s:s, s:[s], s:[s,s]}", "kind",
                            full ? "team_meeting" : "briefing", "title", full ? "Team meeting" : "Monday briefing",
                            "team_id", (json_int_t)leader->team_id, "held_at", when, "organiser_id",
                            (json_int_t)leader->id, "agenda", agendas[a][0], agendas[a][1], agendas[a][2],
                            "attendee_ids", team, "notes", full ? "Went through the fortnight's figures and the open items." : "Priorities for the week.",
                            "decisions", decisions[rng_below(&q->rng, 4)], "kpis", "sla_compliance", "qa_score");
      int64_t id = 0;
      rc = cli_record_create(db, &store_meetings, m, when, &id, err);
      json_decref(m);
      for (size_t k = 0; full && k < json_array_size(team) && k < 2 && !rc; k++) {
        char due[TIME_TEXT_SIZE], done_at[TIME_TEXT_SIZE];
        day_text(at + 10 * 86400, due);
        int done = at + 12 * 86400 < q->now && rng_chance(&q->rng, 85);
        time_format(at + 8 * 86400, done_at);
        json_t *x = json_pack("{s:I, s:s, s:O, s:s, s:b, s:o}", "meeting_id", (json_int_t)id, "title",
                              actions[rng_below(&q->rng, 4)], "owner_id",
                              json_array_get(team, rng_below(&q->rng, json_array_size(team))), "due_on", due, "done",
                              done, "done_at", done ? json_string(done_at) : json_null());
        int64_t action_id = 0;
        rc = cli_record_create(db, &store_meeting_actions, x, when, &action_id, err);
        json_decref(x);
      }
    }
    json_decref(team);
  }
  return rc;
}

static int write_quality(Db *db, void *ctx, Error *err) {
  QualityDemo *q = ctx;
  char now[TIME_TEXT_SIZE];
  time_format(q->now, now);
  json_t *cards[3] = {0};
  int rc = load_people(db, q, err);
  for (int i = 0; i < 3 && !rc; i++) {
    json_error_t jerr;
    cards[i] = json_loads(card_json[i], 0, &jerr);
    json_t *c = cards[i];
    json_object_set_new(c, "active", json_true());
    qa_scorecard_complete(c);
    rc = cli_record_create(db, &store_qa_scorecards, c, now, &q->cards[i], err);
  }
  size_t nrules = 0;
  for (size_t i = 0; i < q->npeople && nrules < 2 && !rc; i++) {
    const Person *p = &q->people[i];
    if (strcmp(p->role, "team_leader") != 0) continue;
    json_t *rule = json_pack("{s:s, s:I, s:I, s:I, s:i, s:s, s:I, s:b}", "name", "Weekly spot checks", "team_id",
                             (json_int_t)p->team_id, "scorecard_id", (json_int_t)q->cards[nrules == 0 ? 0 : 2],
                             "reviewer_id", (json_int_t)p->id, "per_week", 2, "source", "cases", "seed",
                             (json_int_t)(q->seed % 1000000), "active", 1);
    q->rule_teams[nrules] = p->team_id;
    rc = cli_record_create(db, &store_qa_sampling_rules, rule, now, &q->rules[nrules++], err);
    json_decref(rule);
  }
  const json_t *const_cards[3] = {cards[0], cards[1], cards[2]};
  if (!rc && nrules == 2) rc = add_spot_checks(db, q, const_cards, err);
  if (!rc) rc = add_calibrations(db, q, cards[0], err);
  if (!rc) rc = add_meetings(db, q, err);
  for (int i = 0; i < 3; i++) json_decref(cards[i]);
  return rc;
}

int demo_quality(Db *db, uint64_t seed, Error *err) {
  QualityDemo q = {.seed = seed, .now = time(NULL)};
  rng_seed(&q.rng, seed ^ 0x51a11e7ull);
  return cli_transaction(db, write_quality, &q, err);
}
