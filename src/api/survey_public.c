/* The public survey page's two endpoints (no sign-in): what the survey
 * behind a link asks, and its answer — stored once with the scale and
 * direction it was given on, audited, and, when the score is low, followed
 * up by a task for the account manager. A link that is malformed, unknown,
 * expired or already answered gets a polite problem that names nothing of
 * anyone's records, and nothing is written. Links that are not ours count
 * against the client's address: after ten in 15 minutes it is refused (429)
 * until the window has passed, so tokens cannot be guessed by the thousand. */
#include <stdio.h>
#include <string.h>

#include "api/surveys.h"
#include "api/throttle.h"
#include "core/satisfaction.h"
#include "http/session.h"

#define FOLLOW_UP_DAYS 2 /* a low score is followed up within two days */

static const AuditActor respondent = {0, "survey respondent"};

static const ThrottleRule link_rule = {
    10, 15 * 60, "Too many attempts",
    "Too many survey links from your network could not be recognised. Please wait 15 minutes, then open the link "
    "from your email again."};

static const char *text_of(const json_t *record, const char *name) {
  return json_string_value(json_object_get(record, name));
}
static int64_t id_of(const json_t *record, const char *name) { return json_integer_value(json_object_get(record, name)); }

/* The live invitation behind the body's token, or a polite refusal: 404 for
 * a link that is not one of ours (mistyped, tampered with, guessed), 409
 * once answered, 410 once expired. */
static int open_link(Request *req, const json_t *input, json_t **inv, Error *err) {
  const char *token = text_of(input, "token");
  *inv = NULL;
  if (token && strlen(token) == SESSION_TOKEN_TEXT - 1) {
    char hash[SESSION_HASH_HEX];
    session_hash_token(token, hash);
    if (store_survey_invitation_by_token(req->db, hash, inv, err)) return -1;
  }
  if (!*inv)
    return error_set(err, 404, "Survey link not recognised",
                     "We could not find this survey. Please check that the whole link was copied from the email.");
  if (json_is_string(json_object_get(*inv, "answered_at")))
    return error_set(err, 409, "Already answered", "This survey has already been answered. Thank you for your time.");
  const char *expires = text_of(*inv, "expires_at");
  if (!expires || strcmp(req->now, expires) >= 0)
    return error_set(err, 410, "Survey closed", "This survey link has expired. Thank you all the same.");
  return 0;
}

static int read_token(Request *req, json_t **input, Error *err) {
  if (api_read_body(req, input, err)) return -1;
  if (!json_is_string(json_object_get(*input, "token"))) return error_field(err, "token", "is required");
  return 0;
}

/* Only what the page must show: the survey's own wording and scale. */
static json_t *public_view(const json_t *inv) {
  json_t *view = json_object();
  static const char *const shown[] = {"name",       "type",           "question",         "scale_min", "scale_max",
                                      "low_label",  "high_label",     "comment_prompt",   "expires_at", NULL};
  for (const char *const *n = shown; *n; n++) json_object_set(view, *n, json_object_get(inv, *n));
  json_object_set_new(view, "high_is_good", json_boolean(id_of(inv, "high_is_good")));
  json_t *custom = json_object_get(inv, "custom_questions");
  json_object_set_new(view, "custom_questions", json_is_array(custom) ? json_incref(custom) : json_array());
  return view;
}

static int open_survey(Request *req, Response *res, Error *err) {
  json_t *input = NULL, *inv = NULL;
  int rc = read_token(req, &input, err);
  if (!rc) rc = open_link(req, input, &inv, err);
  if (!rc) api_send_json(res, 200, public_view(inv));
  json_decref(input), json_decref(inv);
  return rc;
}

/* Checks the answer against the survey: the score on its scale, the
 * comment, and no more custom answers than questions. */
static int check_answer(const json_t *input, const json_t *inv, Error *err) {
  const json_t *score = json_object_get(input, "score");
  int lo = (int)id_of(inv, "scale_min"), hi = (int)id_of(inv, "scale_max");
  if (!json_is_integer(score) || json_integer_value(score) < lo || json_integer_value(score) > hi)
    error_field(err, "score", "must be a whole number from %d to %d", lo, hi);
  const json_t *comment = json_object_get(input, "comment");
  if (comment && !json_is_null(comment) && (!json_is_string(comment) || strlen(json_string_value(comment)) > 4000))
    error_field(err, "comment", "must be a text of at most 4000 characters");
  const json_t *answers = json_object_get(input, "answers");
  size_t asked = json_array_size(json_object_get(inv, "custom_questions")), i;
  const json_t *a;
  if (answers && !json_is_null(answers) && (!json_is_array(answers) || json_array_size(answers) > asked))
    error_field(err, "answers", "must be a list of at most %zu answers, one per question", asked);
  json_array_foreach(answers, i, a) if (!json_is_string(a) || strlen(json_string_value(a)) > 2000)
      error_field(err, "answers", "must each be a text of at most 2000 characters");
  const char *name;
  json_t *v;
  json_object_foreach((json_t *)input, name, v) if (strcmp(name, "token") && strcmp(name, "score") &&
                                                    strcmp(name, "comment") && strcmp(name, "answers"))
      error_field(err, name, "is not a field of a survey answer");
  return error_has_fields(err) ? -1 : 0;
}

/* The answer as stored: the invitation's links, the survey's question,
 * scale and direction, and the custom answers beside their questions. */
static json_t *answer_record(const json_t *input, const json_t *inv, int low) {
  json_t *r = json_object();
  static const char *const copied[] = {"survey_id", "account_id", "contact_id", "case_id", "team_id",
                                       "agent_id",  "case_type",  "part_id",    "question", "scale_min",
                                       "scale_max", "high_is_good", NULL};
  for (const char *const *n = copied; *n; n++) json_object_set(r, *n, json_object_get(inv, *n));
  json_object_set(r, "invitation_id", json_object_get(inv, "id"));
  json_object_set(r, "survey_type", json_object_get(inv, "type"));
  json_object_set(r, "score", json_object_get(input, "score"));
  json_object_set_new(r, "low_score", json_boolean(low));
  const char *comment = text_of(input, "comment");
  json_object_set_new(r, "comment", comment && *comment ? json_string(comment) : json_null());
  json_t *pairs = json_array(), *answers = json_object_get(input, "answers");
  size_t i;
  json_t *q;
  json_array_foreach(json_object_get(inv, "custom_questions"), i, q) {
    json_t *a = json_array_get(answers, i);
    if (json_is_string(a) && *json_string_value(a))
      json_array_append_new(pairs, json_pack("{s:O, s:O}", "question", q, "answer", a));
  }
  json_object_set_new(r, "answers", pairs);
  return r;
}

/* Who follows up a low score: the account manager, else the case's
 * assignee, else the survey's follow-up owner; 0 when nobody is named. */
static int follow_up_owner(Request *req, const json_t *inv, int64_t *owner, Error *err) {
  json_t *account = NULL, *kase = NULL;
  int rc = store_record_get(req->db, &store_accounts, id_of(inv, "account_id"), &account, err);
  if (!rc && json_is_integer(json_object_get(inv, "case_id")))
    rc = store_record_get(req->db, &store_cases, id_of(inv, "case_id"), &kase, err);
  *owner = id_of(account, "account_manager_id");
  if (!*owner) *owner = id_of(kase, "assignee_id");
  if (!*owner) *owner = id_of(inv, "follow_up_owner_id");
  json_decref(account), json_decref(kase);
  return rc;
}

static int open_follow_up(Request *req, const json_t *inv, const json_t *answer, int64_t answer_id, Error *err) {
  int64_t owner = 0, id = 0;
  if (follow_up_owner(req, inv, &owner, err)) return -1;
  if (!owner) return 0;
  char due[TIME_TEXT_SIZE];
  time_t t;
  time_parse(req->now, &t);
  time_format(t + FOLLOW_UP_DAYS * 86400, due);
  due[10] = '\0';
  Buffer title = BUFFER_INIT;
  const char *type = text_of(inv, "type");
  buffer_printf(&title, "Follow up a low %s answer: %lld on %lld-%lld",
                strcmp(type, "nps") == 0 ? "NPS" : strcmp(type, "ces") == 0 ? "CES" : "CSAT",
                (long long)id_of(answer, "score"), (long long)id_of(inv, "scale_min"), (long long)id_of(inv, "scale_max"));
  json_t *task = json_pack("{s:s, s:O, s:O, s:O, s:I, s:I, s:s, s:s, s:s, s:O}", "kind", "survey_follow_up",
                           "account_id", json_object_get(inv, "account_id"), "contact_id",
                           json_object_get(inv, "contact_id"), "case_id", json_object_get(inv, "case_id"),
                           "survey_response_id", (json_int_t)answer_id, "owner_id", (json_int_t)owner, "due_on", due,
                           "status", "open", "title", buffer_cstr(&title), "notes", json_object_get(answer, "comment"));
  json_t *stored = NULL;
  int rc = store_record_insert(req->db, &store_tasks, task, req->now, &id, err);
  if (!rc) rc = store_record_get(req->db, &store_tasks, id, &stored, err);
  if (!rc) rc = resource_audit(req, "task", id, "create", NULL, stored, err);
  json_decref(task), json_decref(stored);
  buffer_free(&title);
  return rc;
}

static int answer_survey(Request *req, Response *res, Error *err) {
  json_t *input = NULL, *inv = NULL, *answer = NULL, *stored = NULL;
  int64_t id = 0;
  int first = 0;
  req->actor = respondent;
  int rc = read_token(req, &input, err);
  if (!rc) rc = open_link(req, input, &inv, err);
  if (!rc) rc = check_answer(input, inv, err);
  SurveyType type = SURVEY_CSAT;
  if (!rc) survey_type_parse(text_of(inv, "type"), &type);
  SurveyScale scale = {(int)id_of(inv, "scale_min"), (int)id_of(inv, "scale_max"), id_of(inv, "high_is_good") != 0};
  int low = !rc && satisfaction_is_low(type, scale, (int)id_of(input, "score"));
  if (!rc) rc = store_survey_invitation_answer(req->db, id_of(inv, "id"), req->now, &first, err);
  if (!rc && !first)
    rc = error_set(err, 409, "Already answered", "This survey has already been answered. Thank you for your time.");
  if (!rc) answer = answer_record(input, inv, low);
  if (!rc) rc = store_record_insert(req->db, &store_survey_responses, answer, req->now, &id, err);
  if (!rc) rc = store_record_get(req->db, &store_survey_responses, id, &stored, err);
  if (!rc) rc = resource_audit(req, "survey_response", id, "create", NULL, stored, err);
  if (!rc && low) rc = open_follow_up(req, inv, stored, id, err);
  if (!rc)
    api_send_json(res, 201, json_pack("{s:s}", "message", "Thank you: your answer has been recorded."));
  json_decref(input), json_decref(inv), json_decref(answer), json_decref(stored);
  return rc;
}

/* Runs one of the endpoints in a transaction of its own after the address's
 * throttle check. A link that is not ours (404) counts as a failure of the
 * address, recorded after the endpoint's work has been rolled back. */
static int run_throttled(Request *req, Response *res, Error *err, int write,
                         int (*endpoint)(Request *, Response *, Error *)) {
  ThrottleAttempt a;
  throttle_attempt_init(&a, &link_rule, req->now);
  throttle_attempt_key(&a, "survey-addr", req->peer);
  if (throttle_check(req, &a, res, err)) return -1;
  int rc = write ? store_begin_write(req->db, err) : store_begin_read(req->db, err);
  if (!rc) rc = endpoint(req, res, err);
  if (!rc) return store_commit(req->db, err);
  store_rollback(req->db);
  Error recording = ERROR_INIT;
  if (err->status == 404 && throttle_record_failure(req, &a, &recording)) {
    error_clear(err);
    *err = recording; /* the refusal could not be counted: answer the store's error */
  }
  return -1;
}

int survey_links_open(Request *req, Response *res, Error *err) { return run_throttled(req, res, err, 0, open_survey); }

int survey_links_answer(Request *req, Response *res, Error *err) {
  return run_throttled(req, res, err, 1, answer_survey);
}
