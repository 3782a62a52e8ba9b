/* The demo's satisfaction data; see demo_surveys.h. Answers follow each
 * account's mood (a few accounts are unhappy and score low), so the
 * dashboard has trends to show; low scores get their follow-up tasks, most
 * of them done. Everything goes through the store and the audit trail. */
#include "cli/demo_surveys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/rng.h"
#include "core/satisfaction.h"
#include "util/timeutil.h"

#define DAY 86400
#define NPS_EVERY_DAYS 182
#define DEMO_FEEDBACK 48

typedef struct DemoSurveys {
  Rng rng;
  const char *now;
  time_t today;
  int64_t csat, ces, nps; /* survey ids */
  json_t *survey[SURVEY_TYPE_COUNT];
  size_t invitations, answers, tasks, feedback;
} DemoSurveys;

static const char *const good_comments[] = {
    "Quick answer and the right part first time.", "Engineer knew the machine inside out.",
    "Thanks for sorting the paperwork so fast.", "Clear updates all the way through.", NULL};
static const char *const bad_comments[] = {
    "Took three calls before anyone owned it.", "Delivery date slipped twice without warning.",
    "Had to chase for the certificate of conformity.", "The replacement seal leaked again.", NULL};

static size_t count_of(const char *const *list) {
  size_t n = 0;
  while (list[n]) n++;
  return n;
}

static int64_t id_of(const json_t *r, const char *name) { return json_integer_value(json_object_get(r, name)); }

static int add_survey(Db *db, DemoSurveys *s, SurveyType type, json_t *values, Error *err) {
  int64_t id = 0;
  json_t *stored = NULL;
  int rc = store_record_insert(db, &store_surveys, values, s->now, &id, err);
  if (!rc) rc = store_record_get(db, &store_surveys, id, &stored, err);
  if (!rc) rc = store_audit_append(db, &cli_actor, "survey", id, "create", NULL, stored, s->now, err);
  json_decref(values);
  s->survey[type] = stored;
  return rc;
}

static int add_surveys(Db *db, DemoSurveys *s, Error *err) {
  int rc = add_survey(db, s, SURVEY_CSAT,
                      json_pack("{s:s, s:s, s:s, s:i, s:i, s:b, s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:b}", "name",
                                "How did we do?", "type", "csat", "question",
                                "How satisfied are you with how we handled your request?", "scale_min", 1,
                                "scale_max", 5, "high_is_good", 1, "low_label", "Very dissatisfied", "high_label",
                                "Very satisfied", "comment_prompt", "Anything you would like to tell us?",
                                "trigger_kind", "case_resolved", "delay_hours", 2, "cap_days", 14, "expires_days",
                                14, "active", 1),
                      err);
  if (!rc)
    rc = add_survey(db, s, SURVEY_CES,
                    json_pack("{s:s, s:s, s:s, s:i, s:i, s:b, s:s, s:s, s:s, s:[s], s:i, s:i, s:i, s:b}", "name",
                              "Effort after technical support", "type", "ces", "question",
                              "How much effort did you personally have to put in to get this solved?", "scale_min",
                              1, "scale_max", 7, "high_is_good", 0, "low_label", "Very little", "high_label",
                              "A great deal", "trigger_kind", "case_resolved", "case_types", "technical_support",
                              "delay_hours", 4, "cap_days", 14, "expires_days", 14, "active", 1),
                    err);
  if (!rc)
    rc = add_survey(db, s, SURVEY_NPS,
                    json_pack("{s:s, s:s, s:s, s:i, s:i, s:b, s:s, s:s, s:s, s:[s], s:s, s:i, s:i, s:i, s:i, s:b}", "name",
                              "Twice-yearly relationship survey", "type", "nps", "question",
                              "How likely are you to recommend Hallam Fluid Power to a colleague?", "scale_min", 0,
                              "scale_max", 10, "high_is_good", 1, "low_label", "Not at all likely", "high_label",
                              "Extremely likely", "comment_prompt", "What is the main reason for your score?",
                              "custom_questions", "What one thing should we improve?", "trigger_kind",
                              "relationship", "every_days", NPS_EVERY_DAYS, "delay_hours", 0, "cap_days", 30, "expires_days", 30, "active", 1),
                    err);
  return rc;
}

/* A score for an account's mood (0 content .. 2 unhappy) on a survey's
 * scale, drawn towards the good end for content accounts. */
static int draw_score(DemoSurveys *s, SurveyType type, int mood) {
  static const int csat[3][5] = {{2, 3, 10, 40, 45}, {5, 10, 25, 35, 25}, {25, 25, 25, 15, 10}};
  static const int ces[3][7] = {{30, 30, 20, 10, 5, 3, 2}, {10, 20, 25, 20, 12, 8, 5}, {3, 7, 10, 20, 20, 20, 20}};
  static const int nps[3][11] = {{0, 0, 1, 1, 1, 2, 4, 10, 20, 30, 31},
                                 {1, 1, 2, 3, 5, 8, 10, 20, 25, 15, 10},
                                 {5, 8, 10, 12, 12, 12, 12, 12, 9, 5, 3}};
  if (type == SURVEY_CSAT) return 1 + (int)rng_weighted(&s->rng, csat[mood], 5);
  if (type == SURVEY_CES) return 1 + (int)rng_weighted(&s->rng, ces[mood], 7);
  return (int)rng_weighted(&s->rng, nps[mood], 11);
}

/* A third of accounts drift: those whose id falls on a 10 or 20 mark score lower in the second year. */
static int mood_of(int64_t account_id, time_t at, time_t today) {
  int late = at > today - 365 * DAY;
  if (account_id % 10 == 0) return late ? 2 : 1;
  if (account_id % 7 == 0) return 1;
  return 0;
}

/* One invitation sent at `sent`, answered (60%) a day or two later; a low
 * answer's follow-up task goes to the account manager, done if old enough. */
static int survey_contact(Db *db, DemoSurveys *s, SurveyType type, const json_t *account, int64_t contact_id,
                          const json_t *kase, time_t sent, Error *err) {
  const json_t *survey = s->survey[type];
  char sent_at[TIME_TEXT_SIZE], expires[TIME_TEXT_SIZE], answered_at[TIME_TEXT_SIZE];
  time_format(sent, sent_at);
  time_format(sent + id_of(survey, "expires_days") * DAY, expires);
  time_t answered = sent + (time_t)rng_range(&s->rng, 2 * 3600, 3 * DAY);
  int answers = rng_chance(&s->rng, 60) && answered < s->today;
  time_format(answered, answered_at);
  StoreSurveyInvitation v = {.survey_id = id_of(survey, "id"), .account_id = id_of(account, "id"),
                             .contact_id = contact_id, .case_id = id_of(kase, "id"), .team_id = id_of(kase, "team_id"),
                             .agent_id = id_of(kase, "assignee_id"), .part_id = id_of(kase, "part_id"),
                             .case_type = json_string_value(json_object_get(kase, "type")), .delivery = "email",
                             .send_after = sent_at, .mail_status = "sent", .sent_at = sent_at, .expires_at = expires};
  int64_t inv = 0, id = 0;
  if (store_survey_invitation_insert(db, &v, sent_at, &inv, err)) return -1;
  s->invitations++;
  if (!answers) return 0;
  int answered_ok = 0;
  if (store_survey_invitation_answer(db, inv, answered_at, &answered_ok, err)) return -1;
  int score = draw_score(s, type, mood_of(id_of(account, "id"), sent, s->today));
  SurveyScale scale = {(int)id_of(survey, "scale_min"), (int)id_of(survey, "scale_max"),
                       json_is_true(json_object_get(survey, "high_is_good"))};
  int low = satisfaction_is_low(type, scale, score);
  const char *const *comments = low ? bad_comments : good_comments;
  const char *comment = rng_chance(&s->rng, low ? 80 : 35) ? comments[rng_below(&s->rng, count_of(comments))] : NULL;
  json_t *answer = json_pack("{s:I, s:O, s:O, s:I, s:O?, s:O?, s:O?, s:O?, s:O?, s:s, s:O, s:i, s:O, s:O, s:O, s:b, s:s?, s:[]}",
                             "invitation_id", (json_int_t)inv, "survey_id", json_object_get(survey, "id"),
                             "account_id", json_object_get(account, "id"), "contact_id", (json_int_t)contact_id,
                             "case_id", json_object_get(kase, "id"), "team_id", json_object_get(kase, "team_id"),
                             "agent_id", json_object_get(kase, "assignee_id"), "case_type", json_object_get(kase, "type"),
                             "part_id", json_object_get(kase, "part_id"), "survey_type", survey_type_name(type),
                             "question", json_object_get(survey, "question"), "score", score, "scale_min",
                             json_object_get(survey, "scale_min"), "scale_max", json_object_get(survey, "scale_max"),
                             "high_is_good", json_object_get(survey, "high_is_good"), "low_score", low, "comment",
                             comment, "answers");
  json_t *stored = NULL;
  int rc = store_record_insert(db, &store_survey_responses, answer, answered_at, &id, err);
  if (!rc) rc = store_record_get(db, &store_survey_responses, id, &stored, err);
  if (!rc) rc = store_audit_append(db, &cli_actor, "survey_response", id, "create", NULL, stored, answered_at, err);
  json_decref(answer), json_decref(stored);
  s->answers++;
  int64_t owner = id_of(account, "account_manager_id");
  if (rc || !low || !owner) return rc;
  char due[TIME_TEXT_SIZE], done_at[TIME_TEXT_SIZE];
  time_format(answered + 2 * DAY, done_at);
  memcpy(due, done_at, 10);
  due[10] = '\0';
  int done = answered < s->today - 14 * DAY;
  json_t *task = json_pack("{s:s, s:O, s:I, s:O?, s:I, s:I, s:s, s:s, s:s?, s:s, s:s?, s:s?}", "kind",
                           "survey_follow_up", "account_id", json_object_get(account, "id"), "contact_id",
                           (json_int_t)contact_id, "case_id", json_object_get(kase, "id"), "survey_response_id",
                           (json_int_t)id, "owner_id", (json_int_t)owner, "due_on", due, "status",
                           done ? "done" : "open", "outcome", done ? "Called the customer, agreed next steps" : NULL,
                           "title", "Follow up a low survey answer", "notes", comment, "completed_at",
                           done ? done_at : NULL);
  int64_t task_id = 0;
  rc = store_record_insert(db, &store_tasks, task, answered_at, &task_id, err);
  json_decref(task);
  stored = NULL;
  if (!rc) rc = store_record_get(db, &store_tasks, task_id, &stored, err);
  if (!rc) rc = store_audit_append(db, &cli_actor, "task", task_id, "create", NULL, stored, answered_at, err);
  json_decref(stored);
  s->tasks++;
  return rc;
}

static time_t instant(const json_t *r, const char *name) {
  time_t t = 0;
  const char *text = json_string_value(json_object_get(r, name));
  if (text) time_parse(text, &t);
  return t;
}

/* Calls fn for every record of a list the store pages through. */
typedef int (*PageFetch)(Db *db, StoreCursor after, StorePage *page, Error *err);
typedef int (*ItemFn)(Db *db, DemoSurveys *s, const json_t *item, Error *err);
static int for_each(Db *db, DemoSurveys *s, PageFetch fetch, ItemFn fn, Error *err) {
  StoreCursor after = {NULL, 0};
  char *key = NULL;
  int rc = 0, more = 1;
  while (!rc && more) {
    StorePage page = {0};
    if ((rc = fetch(db, after, &page, err))) break;
    size_t i;
    json_t *item;
    json_array_foreach(page.items, i, item) if (!rc) rc = fn(db, s, item, err);
    more = page.more;
    free(key);
    key = page.next_key ? strdup(page.next_key) : NULL;
    after = (StoreCursor){key, page.next_id};
    store_page_free(&page);
  }
  free(key);
  return rc;
}

static int resolved_cases(Db *db, StoreCursor after, StorePage *page, Error *err) {
  CaseFilter f;
  memset(&f, 0, sizeof f);
  f.status = "resolved,closed";
  f.sort = CASE_SORT_OPENED;
  return store_cases_list(db, &f, after, 200, page, err);
}

/* CSAT after a third of the resolved cases with a contact (CES too for technical support). */
static int survey_case(Db *db, DemoSurveys *s, const json_t *kase, Error *err) {
  if (!json_is_integer(json_object_get(kase, "contact_id")) || !rng_chance(&s->rng, 35)) return 0;
  json_t *account = NULL;
  int rc = store_record_get(db, &store_accounts, id_of(kase, "account_id"), &account, err);
  time_t sent = instant(kase, "resolved_at") + (time_t)id_of(s->survey[SURVEY_CSAT], "delay_hours") * 3600;
  if (!rc) rc = survey_contact(db, s, SURVEY_CSAT, account, id_of(kase, "contact_id"), kase, sent, err);
  if (!rc && strcmp(json_string_value(json_object_get(kase, "type")), "technical_support") == 0)
    rc = survey_contact(db, s, SURVEY_CES, account, id_of(kase, "contact_id"), kase, sent + 3600, err);
  json_decref(account);
  return rc;
}

static int all_accounts(Db *db, StoreCursor after, StorePage *page, Error *err) {
  AccountFilter f;
  memset(&f, 0, sizeof f);
  return store_accounts_list(db, &f, after, 200, page, err);
}

/* NPS from each account's first contact every half year over two years. */
static int survey_relationship(Db *db, DemoSurveys *s, const json_t *account, Error *err) {
  StorePage contacts = {0};
  StoreSearch none = {0};
  int rc = store_contacts_list(db, &none, id_of(account, "id"), (StoreCursor){NULL, 0}, 1, &contacts, err);
  json_t *contact = json_array_get(contacts.items, 0);
  for (int round = 3; contact && !rc && round >= 0; round--) {
    time_t sent = s->today - (time_t)round * NPS_EVERY_DAYS * DAY - (time_t)rng_range(&s->rng, 1, 60) * DAY;
    rc = survey_contact(db, s, SURVEY_NPS, account, id_of(contact, "id"), NULL, sent, err);
  }
  store_page_free(&contacts);
  return rc;
}

static int add_feedback(Db *db, DemoSurveys *s, Error *err) {
  static const char *const kinds[] = {"focus_group", "site_visit", "mystery_shopping", "free_comment"};
  static const struct {
    const char *title, *summary, *themes[3];
  } notes[] = {
      {"Maintenance managers' round table", "Want spare kits shipped with the machine.", {"spares", "delivery", NULL}},
      {"Visit to the press shop", "Operators found the new valve manuals clearer.", {"documentation", NULL, NULL}},
      {"Mystery call to the help line", "Answered in two rings, but transferred twice.", {"responsiveness", "ownership", NULL}},
      {"Comment at the trade show", "Lead times are longer than the competition's.", {"delivery", "price", NULL}},
      {"Site visit after a seal failure", "Asked for a root-cause report in writing.", {"quality", "communication", NULL}},
      {"Buyers' focus group", "Invoices hard to match to orders.", {"invoicing", NULL, NULL}},
  };
  for (int i = 0; i < DEMO_FEEDBACK; i++) {
    size_t k = rng_below(&s->rng, sizeof notes / sizeof notes[0]);
    char on[TIME_TEXT_SIZE];
    time_format(s->today - (time_t)rng_range(&s->rng, 1, 729) * DAY, on);
    on[10] = '\0';
    json_t *themes = json_array();
    for (int t = 0; t < 3 && notes[k].themes[t]; t++) json_array_append_new(themes, json_string(notes[k].themes[t]));
    json_t *record = json_pack("{s:s, s:s, s:s, s:s, s:o}", "kind", kinds[k % 4], "occurred_on", on, "title",
                               notes[k].title, "summary", notes[k].summary, "themes", themes);
    int64_t id = 0;
    json_t *stored = NULL;
    int rc = store_record_insert(db, &store_feedback_records, record, s->now, &id, err);
    if (!rc) rc = store_record_get(db, &store_feedback_records, id, &stored, err);
    if (!rc) rc = store_audit_append(db, &cli_actor, "feedback_record", id, "create", NULL, stored, s->now, err);
    json_decref(record), json_decref(stored);
    if (rc) return -1;
    s->feedback++;
  }
  return 0;
}

static int write_surveys(Db *db, void *ctx, Error *err) {
  DemoSurveys *s = ctx;
  if (add_surveys(db, s, err) || for_each(db, s, resolved_cases, survey_case, err) ||
      for_each(db, s, all_accounts, survey_relationship, err) || add_feedback(db, s, err))
    return -1;
  return 0;
}

int demo_surveys_run(Db *db, uint64_t seed, const char *now, Error *err) {
  DemoSurveys s = {.now = now};
  rng_seed(&s.rng, seed ^ 0x5a7150f7u);
  time_parse(now, &s.today);
  int rc = cli_transaction(db, write_surveys, &s, err);
  for (int t = 0; t < SURVEY_TYPE_COUNT; t++) json_decref(s.survey[t]);
  if (!rc)
    printf("  %zu survey invitations, %zu answers, %zu follow-up tasks, %zu feedback records\n", s.invitations,
           s.answers, s.tasks, s.feedback);
  return rc;
}
