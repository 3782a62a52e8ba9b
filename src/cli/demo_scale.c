/* The large generated dataset: a 200-person service operation's two years
 * (docs/PERFORMANCE.md, "The large dataset"). Deterministic from the seed;
 * history is bulk-loaded (src/store/bulk.c) in large transactions, and the
 * roll-ups are then built by the scheduler's own recomputation. */
#include "cli/demo_scale.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/rng.h"
#include "util/text.h"
#include "util/timeutil.h"

#define SCALE_TEAMS 12
#define SCALE_AGENTS 200
#define SCALE_ACCOUNTS 2000
#define SCALE_DAYS 730
#define CASES_PER_TRANSACTION 10000
#define ROLLUP_BATCH 2000

static const char *const team_names[SCALE_TEAMS] = {
    "Hydraulics North", "Hydraulics South", "Pneumatics",     "Seals and Kits", "Field Service", "Key Accounts",
    "Export DACH",      "Export Benelux",   "Export Nordics", "Returns",        "Warranty",      "Order Desk"};
static const char *const first_names[] = {"Alex", "Sam", "Jo", "Chris", "Pat", "Robin", "Kim", "Lee", "Morgan",
                                          "Jamie", "Taylor", "Jordan", "Casey", "Drew", "Ellis", "Harper"};
static const char *const surnames[] = {"Walker", "Hughes", "Price", "Bennett", "Wood", "Barnes", "Ward", "Cox",
                                       "Marsh", "Hale", "Frost", "Holt", "Lowe", "Pike", "Shaw", "Tate", "Wren"};
static const char *const stems[] = {"Pennine", "Calder", "Aire", "Trent", "Humber", "Derwent", "Rother", "Don",
                                    "Neckar", "Rhein", "Maas", "Schelde", "Göta", "Loire", "Wisła", "Elbe"};
static const char *const suffixes[] = {"Engineering Ltd", "Hydraulics Ltd", "Machinery GmbH", "Fluid Power B.V.",
                                       "Industrie SAS", "Maskin AB", "Mechanika Sp. z o.o.", "Systems plc"};
static const char *const sectors[] = {"Machine tools", "Agricultural machinery", "Construction equipment",
                                      "Mining", "Marine", "Food processing"};
static const char *const subjects[] = {"Seal leak on cylinder", "Pump noise at full load", "Late delivery of order",
                                       "Wrong part delivered", "Quote for replacement valve", "Pressure drop in circuit",
                                       "Return of damaged hose", "Spare kit for press", "Invoice query",
                                       "Commissioning help"};
static const char *const channels[] = {"phone", "email", "meeting", "visit"};
static const char *const types[] = {"enquiry", "technical_support", "complaint", "return", "order_change",
                                    "internal_request"};
static const int type_weights[] = {35, 30, 8, 10, 15, 2};
static const int priority_weights[] = {5, 20, 55, 20};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

typedef struct Scale {
  Db *db;
  Rng rng;
  time_t start; /* midnight UTC, SCALE_DAYS before today */
  StoreBulkContext ctx;
  int64_t team[SCALE_TEAMS], leader[SCALE_TEAMS], agent[SCALE_AGENTS], agent_team[SCALE_AGENTS];
  int64_t account[SCALE_ACCOUNTS], contact[SCALE_ACCOUNTS];
  DemoScaleCounts *n;
} Scale;

/* An account, the busy ones more often (a long tail of small customers). */
static size_t pick_account(Scale *s) {
  uint64_t a = rng_below(&s->rng, SCALE_ACCOUNTS), b = rng_below(&s->rng, SCALE_ACCOUNTS);
  return (size_t)(a * b / SCALE_ACCOUNTS);
}

static int weekend(long day_number) {
  int weekday = (int)((day_number + 4) % 7); /* 0 Sunday; 1970-01-01 was a Thursday */
  return weekday == 0 || weekday == 6;
}

/* An instant in working hours on one of the SCALE_DAYS days, weekdays mostly. */
static time_t in_hours(Scale *s, long day) {
  return s->start + day * 86400 + 7 * 3600 + (time_t)rng_below(&s->rng, 10 * 3600);
}

static time_t pick_instant(Scale *s) {
  for (;;) {
    long day = (long)rng_below(&s->rng, SCALE_DAYS);
    if (!weekend(s->start / 86400 + day) || rng_chance(&s->rng, 15)) return in_hours(s, day);
  }
}

/* The day case i of n is opened on: cases come in order of opening, about
 * seven times as many on a weekday as on a weekend day. */
static long day_of_case(const Scale *s, int64_t i, int64_t n) {
  static long day_end[SCALE_DAYS]; /* cumulative weights */
  static long total;
  if (!total)
    for (long d = 0; d < SCALE_DAYS; d++) day_end[d] = (total += weekend(s->start / 86400 + d) ? 3 : 20);
  long at = (long)((double)i / (double)n * (double)total), lo = 0, hi = SCALE_DAYS - 1;
  while (lo < hi) {
    long mid = (lo + hi) / 2;
    if (day_end[mid] > at) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

static int people(Scale *s, const char *password, const char *hash, const char *now, Error *err) {
  char name[64], username[64], email[96];
  for (int t = 0; t < SCALE_TEAMS; t++) {
    if (cli_team_ensure(s->db, team_names[t], now, &s->team[t], err)) return -1;
    snprintf(username, sizeof username, "lead.%02d", t + 1);
    snprintf(name, sizeof name, "%s %s", first_names[t % COUNT(first_names)], surnames[(t * 7) % COUNT(surnames)]);
    snprintf(email, sizeof email, "%s@hallam-fluid.example", username);
    CliNewUser u = {username, name, "team_leader", email, password, s->team[t], 0, hash};
    if (cli_user_create(s->db, &u, now, &s->leader[t], err)) return -1;
    s->n->teams++;
  }
  for (int a = 0; a < SCALE_AGENTS; a++) {
    int t = a % SCALE_TEAMS;
    snprintf(username, sizeof username, "agent.%03d", a + 1);
    snprintf(name, sizeof name, "%s %s %d", first_names[a % COUNT(first_names)],
             surnames[(a / COUNT(first_names)) % COUNT(surnames)], a + 1);
    snprintf(email, sizeof email, "%s@hallam-fluid.example", username);
    CliNewUser u = {username, name, "agent", email, password, s->team[t], s->leader[t], hash};
    if (cli_user_create(s->db, &u, now, &s->agent[a], err)) return -1;
    s->agent_team[a] = s->team[t];
    s->n->agents++;
  }
  return 0;
}

static int accounts(Scale *s, const char *now, Error *err) {
  char name[128], person[96], email[128];
  for (int a = 0; a < SCALE_ACCOUNTS; a++) {
    snprintf(name, sizeof name, "%s %s %d", stems[a % COUNT(stems)], suffixes[(a / COUNT(stems)) % COUNT(suffixes)],
             a + 1);
    json_t *v = json_pack("{s:s, s:s, s:s, s:s}", "name", name, "sector", sectors[a % COUNT(sectors)], "tier",
                          a % 10 == 0 ? "A" : a % 3 == 0 ? "B" : "C", "status", "active");
    int rc = cli_record_create(s->db, &store_accounts, v, now, &s->account[a], err);
    json_decref(v);
    if (rc) return -1;
    snprintf(person, sizeof person, "%s %s", first_names[(a * 3) % COUNT(first_names)],
             surnames[(a * 5) % COUNT(surnames)]);
    snprintf(email, sizeof email, "buyer%d@customer%d.example", a + 1, a + 1);
    json_t *c = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "account_id", (json_int_t)s->account[a], "name", person,
                          "audience", "commercial", "lawful_basis", "contract", "consent", "given", "email", email);
    rc = cli_record_create(s->db, &store_contacts, c, now, &s->contact[a], err);
    json_decref(c);
    if (rc) return -1;
    s->n->accounts++;
  }
  return 0;
}

/* One case with its clocks, first reply, maybe a survey and a QA review. */
static int one_case(Scale *s, time_t opened, time_t now, Error *err) {
  Rng *r = &s->rng;
  size_t acc = pick_account(s), who = (size_t)rng_below(r, SCALE_AGENTS);
  const char *type = types[rng_weighted(r, type_weights, COUNT(type_weights))];
  int priority = 1 + (int)rng_weighted(r, priority_weights, COUNT(priority_weights));
  time_t resolved = opened + 1800 + (time_t)rng_below(r, rng_chance(r, 10) ? 30 * 86400 : 3 * 86400);
  int is_resolved = resolved < now - 3600 && (now - opened > 10 * 86400 || rng_chance(r, 60));
  time_t closed = resolved + 3 * 86400;
  int is_closed = is_resolved && closed < now && rng_chance(r, 60);
  int replied = rng_chance(r, 92);
  time_t reply = opened + 300 + (time_t)rng_below(r, 6 * 3600);
  if (is_resolved && reply > resolved) reply = resolved;
  int breached = rng_chance(r, 12);
  char open_at[TIME_TEXT_SIZE], resolved_at[TIME_TEXT_SIZE], closed_at[TIME_TEXT_SIZE], reply_at[TIME_TEXT_SIZE];
  char subject[96];
  time_format(opened, open_at);
  time_format(resolved, resolved_at);
  time_format(closed, closed_at);
  time_format(reply, reply_at);
  snprintf(subject, sizeof subject, "%s %u", subjects[rng_below(r, COUNT(subjects))],
           (unsigned)(1000 + rng_below(r, 9000)));
  Buffer key = BUFFER_INIT;
  text_fold(subject, &key);
  int complaint = strcmp(type, "complaint") == 0;
  StoreBulkCase c = {
      .account_id = s->account[acc], .contact_id = s->contact[acc], .assignee_id = s->agent[who],
      .team_id = s->agent_team[who], .policy_id = s->ctx.policy_id, .type = type,
      .status = is_closed ? "closed" : is_resolved ? "resolved" : rng_chance(r, 50) ? "open" : "waiting_on_customer",
      .subject = subject, .name_key = buffer_cstr(&key), .channel = channels[rng_below(r, 2)], .priority = priority,
      .fcr = is_resolved && rng_chance(r, 35), .reopen_count = is_resolved && rng_chance(r, 4),
      .inbound = 1 + (int)rng_below(r, 3), .outbound = replied, .opened_at = open_at,
      .resolved_at = is_resolved ? resolved_at : NULL, .closed_at = is_closed ? closed_at : NULL,
      .sla_state = is_resolved ? (breached ? "breached" : "met") : "running",
      .first_response = replied ? (breached && rng_chance(r, 50) ? "breached" : "met") : "running",
      .resolution = is_resolved ? (breached ? "breached" : "met") : "running",
      .acknowledgement = complaint ? "met" : "not_applicable",
      .first_reply_at = replied ? reply_at : NULL, .reply_body = "Thank you, we are looking into it."};
  int64_t id = 0;
  int rc = store_bulk_case(s->db, &c, &id, err);
  buffer_free(&key);
  if (rc) return -1;
  s->n->cases++;
  /* Three answers for every ten cases, and one invitation in four unanswered. */
  if (is_resolved && s->ctx.csat_survey_id && rng_chance(r, 40)) {
    char sent[TIME_TEXT_SIZE], expires[TIME_TEXT_SIZE], answered[TIME_TEXT_SIZE];
    time_t at = resolved + 3600;
    time_format(at, sent);
    time_format(at + 30 * 86400, expires);
    time_format(at + (time_t)rng_below(r, 3 * 86400), answered);
    int nps = rng_chance(r, 25), answers = rng_chance(r, 75);
    int score = nps ? (int)rng_weighted(r, (const int[]){2, 1, 1, 2, 2, 3, 5, 8, 14, 22, 20}, 11)
                    : 1 + (int)rng_weighted(r, (const int[]){4, 6, 12, 38, 40}, 5);
    StoreBulkSurvey v = {.survey_id = nps && s->ctx.nps_survey_id ? s->ctx.nps_survey_id : s->ctx.csat_survey_id,
                         .account_id = s->account[acc], .contact_id = s->contact[acc], .case_id = id,
                         .team_id = s->agent_team[who], .agent_id = s->agent[who], .case_type = type,
                         .survey_type = nps && s->ctx.nps_survey_id ? "nps" : "csat",
                         .question = nps ? "How likely are you to recommend us?" : "How satisfied were you?",
                         .sent_at = sent, .expires_at = expires, .answered_at = answers ? answered : NULL,
                         .score = nps && s->ctx.nps_survey_id ? score : score > 5 ? 5 : score < 1 ? 1 : score,
                         .scale_min = nps && s->ctx.nps_survey_id ? 0 : 1,
                         .scale_max = nps && s->ctx.nps_survey_id ? 10 : 5};
    v.low_score = v.score <= v.scale_min + 1;
    if (store_bulk_survey(s->db, &v, err)) return -1;
    s->n->invitations++;
    s->n->answers += answers;
  }
  if (is_resolved && s->ctx.scorecard_id && rng_chance(r, 2)) {
    char at[TIME_TEXT_SIZE];
    time_format(resolved + 2 * 86400 < now ? resolved + 2 * 86400 : resolved, at);
    int64_t score = 6000 + (int64_t)rng_below(r, 4000);
    if (store_bulk_qa_review(s->db, s->ctx.scorecard_id, id, s->agent[who], s->leader[who % SCALE_TEAMS], score,
                             score >= 8000, at, err))
      return -1;
    s->n->reviews++;
  }
  return 0;
}

/* Five interactions and half an order a case, on their own instants. */
static int contacts_and_orders(Scale *s, Error *err) {
  static const char *const summaries[] = {"Called about a delivery date", "Sent the datasheet",
                                          "Discussed the service contract", "Visited the plant",
                                          "Followed up on the quote"};
  Rng *r = &s->rng;
  char at[TIME_TEXT_SIZE];
  for (int i = 0; i < 5; i++) {
    size_t acc = pick_account(s);
    time_format(pick_instant(s), at);
    if (store_bulk_interaction(s->db, s->account[acc], s->contact[acc], s->agent[rng_below(r, SCALE_AGENTS)],
                               channels[rng_below(r, COUNT(channels))], rng_chance(r, 55) ? "inbound" : "outbound",
                               at, summaries[rng_below(r, COUNT(summaries))], err))
      return -1;
    s->n->interactions++;
  }
  if (rng_chance(r, 50)) {
    char number[32], ordered[TIME_DATE_SIZE], promised[TIME_DATE_SIZE], delivered[TIME_DATE_SIZE];
    time_t t = pick_instant(s);
    time_format(t, at);
    long long day = (long long)(t / 86400);
    time_date_text(day, ordered);
    time_date_text(day + 14, promised);
    time_date_text(day + 10 + (long long)rng_below(r, 10), delivered);
    snprintf(number, sizeof number, "SO-L%07lld", (long long)s->n->orders + 1);
    if (store_bulk_order(s->db, s->account[pick_account(s)], number, ordered, promised, delivered,
                         5000 + (int64_t)rng_below(r, 500000), at, err))
      return -1;
    s->n->orders++;
  }
  return 0;
}

static int objectives(Scale *s, const char *now, Error *err) {
  char title[128], deadline[TIME_DATE_SIZE];
  time_date_text((long long)(time(NULL) / 86400) + 180, deadline);
  for (int a = 0; a < SCALE_AGENTS; a++) {
    snprintf(title, sizeof title, "Raise first-contact resolution to %d %% by the deadline", 35 + a % 10);
    json_t *v = json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:I, s:I, s:s, s:I}", "level", "personal", "title", title,
                          "description", "Measured on the cases resolved each month", "owner_id",
                          (json_int_t)s->agent[a], "team_id", (json_int_t)s->agent_team[a], "metric",
                          "first_contact_resolution", "baseline", (json_int_t)30, "target",
                          (json_int_t)(35 + a % 10), "deadline", deadline, "created_by_id",
                          (json_int_t)s->leader[a % SCALE_TEAMS]);
    json_object_set_new(v, "status", json_string("active"));
    int64_t id = 0;
    int rc = cli_record_create(s->db, &store_perf_objectives, v, now, &id, err);
    json_decref(v);
    if (rc) return -1;
    s->n->objectives++;
  }
  return 0;
}

int demo_scale(Db *db, uint64_t seed, const char *password, const char *password_hash, int64_t cases,
               DemoScaleCounts *out, Error *err) {
  static Scale s; /* large arrays: not on the stack */
  memset(&s, 0, sizeof s);
  memset(out, 0, sizeof *out);
  s.db = db;
  s.n = out;
  rng_seed(&s.rng, seed * 7919 + 17);
  time_t now = time(NULL);
  s.start = (now / 86400 - SCALE_DAYS) * 86400;
  char now_text[TIME_TEXT_SIZE];
  time_format(now, now_text);
  if (store_bulk_prepare(db, err) || store_begin_write(db, err)) return -1;
  if (store_bulk_context(db, &s.ctx, err) || people(&s, password, password_hash, now_text, err) ||
      accounts(&s, now_text, err) || objectives(&s, now_text, err) || store_commit(db, err)) {
    store_rollback(db);
    return -1;
  }
  struct timespec began;
  clock_gettime(CLOCK_MONOTONIC, &began);
  for (int64_t done = 0; done < cases;) {
    if (store_begin_write(db, err)) return -1;
    int64_t until = done + CASES_PER_TRANSACTION < cases ? done + CASES_PER_TRANSACTION : cases;
    for (; done < until; done++) {
      if (one_case(&s, in_hours(&s, day_of_case(&s, done, cases)), now, err) || contacts_and_orders(&s, err)) {
        store_rollback(db);
        return -1;
      }
    }
    if (store_commit(db, err)) return -1;
    if (done % (CASES_PER_TRANSACTION * 10) == 0 || done == cases)
      fprintf(stderr, "forgedesk: demo: %lld of %lld cases, %.0f s\n", (long long)done, (long long)cases,
              time_ms_since(&began) / 1000);
  }
  int left = 0;
  if (store_rollup_catch_up(db, ROLLUP_BATCH, 0, &out->buckets, &left, err)) return -1;
  fprintf(stderr, "forgedesk: demo: %lld roll-up buckets built, %.0f s\n", (long long)out->buckets,
          time_ms_since(&began) / 1000);
  return 0;
}
