/* `forgedesk demo`, the performance part (docs/PERFORMANCE-MANAGEMENT.md):
 * an organisational and a team objective, the KPI standards that serve
 * them, personal objectives (one SMART and active, one draft that fails the
 * check), a year of monthly one-to-ones in Technical Support and Customer
 * Service with GROW notes and agreed actions, situation-behaviour-impact
 * feedback, an annual appraisal cycle with appraisals at different points
 * (one completed, one awaiting the self-assessment, one with a component not
 * rated), and three underperformance cases with their letters: a capability
 * case under review in its improvement plan, a conduct case at its outcome,
 * and a capability case just after its informal discussion. */
#include <stdio.h>
#include <string.h>

#include "api/performance.h"
#include "cli/cli.h"
#include "core/kpi.h"
#include "util/timeutil.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define DAY 86400
#define ONE_TO_ONE_MONTHS 12

typedef struct PerfDemo {
  const char *now;
} PerfDemo;

static int user_id(Db *db, const char *username, int64_t *id, int64_t *team, Error *err) {
  json_t *user = NULL;
  if (store_user_credentials(db, username, &user, err)) return -1;
  if (!user) return error_set(err, 500, "Demo error", "the demo has no user %s", username);
  *id = json_integer_value(json_object_get(user, "id"));
  json_decref(user);
  if (!team) return 0;
  if (store_record_get(db, &store_users, *id, &user, err)) return -1;
  *team = json_integer_value(json_object_get(user, "team_id"));
  json_decref(user);
  return 0;
}

static void day_text(const PerfDemo *p, int days, char out[TIME_DATE_SIZE]) {
  time_date_text(time_day_of(p->now) + days, out);
}

/* Creates (and audits) one record; the reference to values is taken. */
static int create(Db *db, const StoreTable *t, json_t *values, const char *now, int64_t *id, Error *err) {
  int64_t ignored;
  int rc = cli_record_create(db, t, values, now, id ? id : &ignored, err);
  json_decref(values);
  return rc;
}

static const struct {
  const char *username, *situation, *behaviour, *impact, *kind;
  int days_ago;
} feedback[] = {
    {"marek.nowak", "The Hallam Pumps pressure-loss case in the spring",
     "Called the site engineer back within the hour and walked him through the bleed procedure step by step",
     "The line was running again the same afternoon and the customer wrote to thank us", "praise", 75},
    {"jack.turner", "The weekly queue review on Monday",
     "Left three cases waiting on the customer for over a week without a reminder",
     "Two of them breached the next-update SLA and one customer complained", "development", 40},
    {"jack.turner", "The Baltic Forge spindle call last Thursday",
     "Summarised the agreed next steps in writing within ten minutes of the call",
     "The customer's maintenance lead forwarded it to his team as the plan", "praise", 9},
};

/* What each month's one-to-one was about, oldest first. */
static const struct {
  const char *goal, *reality, *options, *way_forward, *action;
} months[ONE_TO_ONE_MONTHS] = {
    {"Agree this year's objectives", "Last year's figures are in; first replies and first-contact resolution lag",
     "Pick two KPIs to focus on; a course on the new pump range", "Focus on first replies and first-contact resolution",
     "Write down the two objectives with their targets"},
    {"Settle into the new objectives", "The targets are clear; the morning queue is the hardest part of the day",
     "A morning triage slot; reply templates for common faults", "Try the triage slot for a month",
     "Book the 08:00-09:00 triage slot on the roster"},
    {"Review the triage slot", "Mornings are better; afternoons still slip when site visits run over",
     "Hand over the queue before a visit; shorter visits", "Hand over the queue to a colleague before each visit",
     "Agree a hand-over note with the team"},
    {"Look at first-contact resolution", "Repeat contacts come mostly from missing part numbers on the first call",
     "Ask for the serial and part number up front; a checklist", "Use the intake checklist on every new case",
     "Draft the intake checklist and share it at the briefing"},
    {"Check the intake checklist", "The checklist is used on most new cases; first-contact resolution is rising",
     "Share the checklist with Customer Service", "Present the checklist at the team meeting",
     "Present the checklist at the next team meeting"},
    {"Plan the summer cover", "Two colleagues are on leave in July; the queue will grow",
     "Swap shifts; defer non-urgent site visits", "Agree the cover rota with the team",
     "Put the July cover on the roster"},
    {"Review the QA scores", "The last two QA reviews marked the written summaries down",
     "Use the summary template; read two good examples", "Send a written summary after every technical call",
     "Read the two example summaries QA shared"},
    {"Look back on the summer", "The queue grew in July but no case breached its resolution target",
     "Keep the cover rota for August; thank the team", "Keep the rota until the end of August",
     "Review the rota at the end of August"},
    {"Half-year check on the objectives", "First replies meet the standard most weeks; FCR is two points short",
     "More technical training; pair with a senior engineer on hard cases", "Pair on two hard cases a week",
     "Agree the pairing slots with a senior engineer"},
    {"Prepare for the appraisal", "The year's figures and the feedback are gathered",
     "Write the self-assessment; note what support helped", "Write the self-assessment before the review",
     "Send the self-assessment a week before the appraisal"},
    {"Follow up the appraisal", "The appraisal agreed a development objective on the new control systems",
     "The manufacturer's course; shadowing a commissioning visit", "Book the course for next quarter",
     "Book the control-systems course"},
    {"Plan the winter peak", "Breakdown calls rise in the cold months; stand-by is thin",
     "A stand-by rota; a quick-reference sheet for winter faults", "Draft the winter quick-reference sheet",
     "Share the quick-reference sheet at the briefing"},
};

static int write_one_to_ones(Db *db, const PerfDemo *p, int64_t manager, const char *username, Error *err) {
  int64_t person;
  if (user_id(db, username, &person, NULL, err)) return -1;
  for (int m = 0; m < ONE_TO_ONE_MONTHS; m++) {
    int days_ago = (ONE_TO_ONE_MONTHS - m) * 30 - 5;
    char held[TIME_DATE_SIZE], due[TIME_DATE_SIZE];
    day_text(p, -days_ago, held);
    day_text(p, -days_ago + 14, due);
    json_t *actions = json_pack("[{s:s, s:I, s:s, s:b}]", "title", months[m].action, "owner_id", (json_int_t)person,
                                "due_on", due, "done", m < ONE_TO_ONE_MONTHS - 1);
    json_t *values = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "person_id", (json_int_t)person,
                               "manager_id", (json_int_t)manager, "held_on", held, "person_preparation",
                               "What went well since last time, and where I am stuck", "manager_preparation",
                               "Look at the scorecard and last month's actions first", "goal", months[m].goal,
                               "reality", months[m].reality, "options", months[m].options, "way_forward",
                               months[m].way_forward, "actions", actions);
    if (create(db, &store_one_to_ones, values, p->now, NULL, err)) return -1;
  }
  return 0;
}

static json_t *causes_considered(void) {
  return json_pack("{s:s, s:s, s:s, s:s, s:s}", "training", "Completed the product course in the spring",
                   "resources", "Has the tools and access the role needs", "workload",
                   "Queue in line with the team's", "personal_circumstances", "None raised when asked",
                   "health", "None raised; reasonable adjustments offered");
}

/* The letters of a case's stages, as recording each stage drafted them;
 * each issued by the manager on its stage's day but the latest stage's,
 * still a draft to review. */
static int write_letters(Db *db, const PerfDemo *p, int64_t case_id, const char *manager, int64_t author,
                         Error *err) {
  json_t *c = NULL;
  if (store_record_get(db, &store_perf_cases, case_id, &c, err)) return -1;
  const json_t *stages = json_object_get(c, "stages");
  int rc = 0;
  for (size_t i = 0; !rc && i < json_array_size(stages); i++) {
    json_t *letter = NULL;
    rc = perf_letter_compose(db, c, i, manager, author, &letter, err);
    if (rc || !letter) continue;
    if (i + 1 < json_array_size(stages)) {
      char at[TIME_TEXT_SIZE];
      snprintf(at, sizeof at, "%sT16:00:00Z", json_string_value(json_object_get(json_array_get(stages, i), "on")));
      json_object_set_new(letter, "status", json_string("issued"));
      json_object_set_new(letter, "issued_by_id", json_integer(author));
      json_object_set_new(letter, "issued_at", json_string(at));
    }
    rc = create(db, &store_perf_letters, letter, p->now, NULL, err);
  }
  json_decref(c);
  return rc;
}

/* A capability case about Jack (first-reply times): informal discussion,
 * formal meeting, an improvement plan with its objective, milestones,
 * support and review dates, and its first review; a conduct case about
 * Sophie (customer data sent to a personal address) at a first written
 * warning, the informal stage skipped with its reason; and a capability
 * case about Amy just after its informal discussion. */
static int write_cases(Db *db, const PerfDemo *p, int64_t tom, int64_t jack, Error *err) {
  int64_t sophie, hr, amy, priya, plan_objective, jack_case, sophie_case, ignored;
  char d[9][TIME_DATE_SIZE], month[KPI_KEY_SIZE];
  static const int offsets[9] = {-60, -35, -28, -27, 35, -7, 7, 21, -12};
  for (int i = 0; i < 9; i++) day_text(p, offsets[i], d[i]);
  kpi_period_key(time_day_of(p->now) - 40, KPI_MONTH, month);
  if (user_id(db, "sophie.bennett", &sophie, NULL, err) || user_id(db, "rachel.hughes", &hr, NULL, err) ||
      user_id(db, "amy.shah", &amy, NULL, err) || user_id(db, "priya.nair", &priya, NULL, err) ||
      create(db, &store_perf_objectives,
             json_pack("{s:s, s:s, s:s, s:I, s:s, s:i, s:i, s:s, s:s, s:I}", "level", "personal", "title",
                       "First replies within the team's standard", "description",
                       "Send the first reply on new cases within 120 minutes on average each month", "owner_id",
                       (json_int_t)jack, "metric", "first_response_minutes", "baseline", 170, "target", 120,
                       "deadline", d[4], "status", "active", "created_by_id", (json_int_t)tom),
             p->now, &plan_objective, err))
    return -1;
  json_t *stages = json_pack(
      "[{s:s, s:s, s:s, s:I}, {s:s, s:s, s:s, s:b, s:s, s:s, s:I},"
      " {s:s, s:s, s:s, s:[s, s], s:[I], s:[{s:s, s:s}, {s:s, s:s}], s:[s, s], s:I}, {s:s, s:s, s:s, s:I}]",
      "stage", "informal_discussion", "on", d[0], "notes",
      "Went through the first-reply times of the last two months together", "recorded_by_id", (json_int_t)tom,
      "stage", "formal_meeting", "on", d[1], "notice_on", d[0], "companion_offered", 1, "companion",
      "Owen Davies (colleague)", "response", "Mornings are hard while the site visits run over", "recorded_by_id",
      (json_int_t)tom, "stage", "improvement_plan", "on", d[2], "plan_ends_on", d[4], "support",
      "Morning triage slot on the roster", "Weekly mentoring with Owen Davies", "objective_ids",
      (json_int_t)plan_objective, "milestones", "title", "First replies within 150 minutes on average", "due_on",
      d[5], "title", "First replies within 120 minutes on average", "due_on", d[7], "review_dates", d[5], d[7],
      "recorded_by_id", (json_int_t)tom, "stage", "review", "on", d[5], "notes",
      "First replies down to 140 minutes on average; the triage slot helps, the afternoons still slip",
      "recorded_by_id", (json_int_t)tom);
  json_t *evidence = json_pack("[{s:s, s:s, s:s}]", "kind", "kpi", "note",
                               "First response above the team's 120-minute standard for three months", "period",
                               month);
  if (create(db, &store_perf_cases,
             json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:o, s:o}", "person_id", (json_int_t)jack, "manager_id",
                       (json_int_t)tom, "kind", "capability", "concern",
                       "First replies regularly take longer than the team's standard", "stage", "review",
                       "evidence", evidence, "causes", causes_considered(), "stages", stages),
             p->now, &jack_case, err) ||
      write_letters(db, p, jack_case, "Tom Reid", tom, err))
    return -1;
  stages = json_pack("[{s:s, s:s, s:s, s:b, s:s, s:I}, {s:s, s:s, s:s, s:s, s:s, s:I}]", "stage", "formal_meeting",
                     "on", d[3], "notice_on", d[1], "companion_offered", 1, "skip_informal_reason",
                     "A breach of customer confidentiality is not handled informally", "recorded_by_id",
                     (json_int_t)hr, "stage", "outcome", "on", d[3], "outcome", "first_written_warning", "notes",
                     "Customer drawings under a confidentiality agreement left the company's systems", "response",
                     "Meant to work on them at home; did not think of the agreement", "recorded_by_id",
                     (json_int_t)hr);
  evidence = json_pack("[{s:s, s:s}]", "kind", "observation", "note",
                       "A customer's drawings were mailed to a personal address");
  if (create(db, &store_perf_cases,
             json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:o, s:o}", "person_id", (json_int_t)sophie, "manager_id",
                       (json_int_t)hr, "kind", "conduct", "concern",
                       "Sent a customer's drawings to a personal mail address", "stage", "outcome", "evidence",
                       evidence, "causes", causes_considered(), "stages", stages),
             p->now, &sophie_case, err) ||
      write_letters(db, p, sophie_case, "Rachel Hughes", hr, err))
    return -1;
  stages = json_pack("[{s:s, s:s, s:s, s:I}]", "stage", "informal_discussion", "on", d[8], "notes",
                     "Talked through three order changes entered with the wrong quantities; agreed to read back "
                     "each change to the customer",
                     "recorded_by_id", (json_int_t)priya);
  evidence = json_pack("[{s:s, s:s}, {s:s, s:s, s:s}]", "kind", "observation", "note",
                       "Three order changes in a fortnight entered with the wrong quantity", "kind", "kpi", "note",
                       "Reopen rate twice the team's in the month", "period", month);
  return create(db, &store_perf_cases,
                json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:o}", "person_id", (json_int_t)amy, "manager_id",
                          (json_int_t)priya, "kind", "capability", "concern",
                          "Order changes are entered with the wrong quantities", "stage", "informal_discussion",
                          "evidence", evidence, "stages", stages),
                p->now, &ignored, err);
}

/* The annual appraisal cycle, weighted 40/30/20/10: Marek's completed,
 * Owen's awaiting his self-assessment, Jack's with objectives not rated (left
 * out of the overall, not counted as zero). */
static int write_appraisals(Db *db, const PerfDemo *p, int64_t tom, Error *err) {
  char from[TIME_DATE_SIZE], to[TIME_DATE_SIZE], name[64];
  int64_t cycle;
  day_text(p, -365, from);
  day_text(p, -10, to);
  snprintf(name, sizeof name, "Annual review %.4s", to);
  if (create(db, &store_perf_cycles,
             json_pack("{s:s, s:s, s:s, s:i, s:i, s:i, s:i, s:s}", "name", name, "period_from", from, "period_to", to,
                       "weight_objectives", 40, "weight_kpis", 30, "weight_feedback", 20, "weight_self", 10, "status",
                       "open"),
             p->now, &cycle, err))
    return -1;
  static const struct {
    const char *username;
    int objectives, kpis, feedback, self; /* -1: not rated */
    const char *self_assessment, *comment;
    int completed;
  } rows[] = {
      {"marek.nowak", 85, 78, 90, 80, "Reached the first-contact objective and wrote the intake checklist",
       "A strong year: the checklist is now used by both teams", 1},
      {"owen.davies", 75, 82, 80, -1, NULL, "Reliable on the hardest hydraulic cases; mentoring Jack well", 0},
      {"jack.turner", -1, 55, 65, 70, "The triage slot helped; I need more practice with the afternoon queue",
       "Objectives are rated after the improvement plan ends", 0},
  };
  for (size_t i = 0; i < COUNT(rows); i++) {
    int64_t person;
    if (user_id(db, rows[i].username, &person, NULL, err)) return -1;
    json_t *v = json_pack("{s:I, s:I, s:I, s:s}", "cycle_id", (json_int_t)cycle, "person_id", (json_int_t)person,
                          "manager_id", (json_int_t)tom, "status", rows[i].completed ? "completed" : "open");
    const int scores[] = {rows[i].objectives, rows[i].kpis, rows[i].feedback, rows[i].self};
    static const char *const names[] = {"objectives_score", "kpis_score", "feedback_score", "self_score"};
    for (int k = 0; k < 4; k++)
      if (scores[k] >= 0) json_object_set_new(v, names[k], json_integer(scores[k]));
    if (rows[i].self_assessment) json_object_set_new(v, "self_assessment", json_string(rows[i].self_assessment));
    json_object_set_new(v, "manager_comment", json_string(rows[i].comment));
    if (rows[i].completed) json_object_set_new(v, "completed_at", json_string(p->now));
    if (create(db, &store_perf_appraisals, v, p->now, NULL, err)) return -1;
  }
  return 0;
}

static int write_performance(Db *db, void *ctx, Error *err) {
  const PerfDemo *p = ctx;
  int64_t helen, tom, tom_team, marek, jack, org, team, ignored;
  char soon[TIME_DATE_SIZE], later[TIME_DATE_SIZE];
  day_text(p, 120, soon);
  day_text(p, 270, later);
  if (user_id(db, "helen.carter", &helen, NULL, err) || user_id(db, "tom.reid", &tom, &tom_team, err) ||
      user_id(db, "marek.nowak", &marek, NULL, err) || user_id(db, "jack.turner", &jack, NULL, err))
    return -1;
  if (create(db, &store_perf_objectives,
             json_pack("{s:s, s:s, s:s, s:I, s:s, s:i, s:i, s:s, s:s, s:I}", "level", "organisation", "title",
                       "Keep our service promises", "description",
                       "Meet the service levels our contracts promise on at least 92% of cases", "owner_id",
                       (json_int_t)helen, "metric", "sla_compliance", "baseline", 85, "target", 92, "deadline", later,
                       "status", "active", "created_by_id", (json_int_t)helen),
             p->now, &org, err) ||
      create(db, &store_perf_objectives,
             json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:s, s:i, s:i, s:s, s:s, s:I}", "level", "team", "title",
                       "Resolve technical cases at first contact", "description",
                       "Raise first-contact resolution in Technical Support from 55% to 65%", "owner_id",
                       (json_int_t)tom, "team_id", (json_int_t)tom_team, "parent_id", (json_int_t)org, "metric",
                       "first_contact_resolution", "baseline", 55, "target", 65, "deadline", later, "status", "active",
                       "created_by_id", (json_int_t)tom),
             p->now, &team, err))
    return -1;
  static const struct {
    const char *kpi, *role;
    int target, periods, team_level;
  } standards[] = {{"sla_compliance", "agent", 90, 3, 0},   {"qa_score", "agent", 75, 3, 0},
                   {"first_response_minutes", NULL, 120, 2, 1}, {"first_contact_resolution", NULL, 60, 3, 1}};
  for (size_t i = 0; i < COUNT(standards); i++) {
    json_t *v = json_pack("{s:s, s:i, s:I, s:i, s:s}", "kpi", standards[i].kpi, "target", standards[i].target,
                          "objective_id", (json_int_t)(standards[i].team_level ? team : org), "signal_periods",
                          standards[i].periods, "signal_period", "month");
    if (standards[i].role) json_object_set_new(v, "role", json_string(standards[i].role));
    else json_object_set_new(v, "team_id", json_integer(tom_team));
    if (create(db, &store_perf_standards, v, p->now, NULL, err)) return -1;
  }
  if (create(db, &store_perf_objectives,
             json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:i, s:i, s:s, s:s, s:I}", "level", "personal", "title",
                       "Resolve hydraulic cases at first contact", "description",
                       "Use the intake checklist so that 60% of my cases are resolved at first contact",
                       "owner_id", (json_int_t)marek, "parent_id", (json_int_t)team, "metric",
                       "first_contact_resolution", "baseline", 50, "target", 60, "deadline", soon, "status",
                       "active", "created_by_id", (json_int_t)tom),
             p->now, &ignored, err) ||
      create(db, &store_perf_objectives,
             json_pack("{s:s, s:s, s:s, s:I, s:s, s:I}", "level", "personal", "title", "Do better on the phones",
                       "description", "Do better with customers on the phone", "owner_id", (json_int_t)jack,
                       "status", "draft", "created_by_id", (json_int_t)jack),
             p->now, &ignored, err))
    return -1;
  for (size_t i = 0; i < COUNT(feedback); i++) {
    int64_t person;
    char given[TIME_DATE_SIZE];
    day_text(p, -feedback[i].days_ago, given);
    if (user_id(db, feedback[i].username, &person, NULL, err) ||
        create(db, &store_perf_feedback,
               json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s}", "person_id", (json_int_t)person, "author_id",
                         (json_int_t)tom, "given_on", given, "kind", feedback[i].kind, "situation",
                         feedback[i].situation, "behaviour", feedback[i].behaviour, "impact", feedback[i].impact),
               p->now, NULL, err))
      return -1;
  }
  int64_t priya;
  if (user_id(db, "priya.nair", &priya, NULL, err)) return -1;
  static const char *const toms[] = {"marek.nowak", "jack.turner", "owen.davies"}, *const priyas[] = {"amy.shah",
                                                                                                    "sophie.bennett"};
  for (size_t i = 0; i < COUNT(toms); i++)
    if (write_one_to_ones(db, p, tom, toms[i], err)) return -1;
  for (size_t i = 0; i < COUNT(priyas); i++)
    if (write_one_to_ones(db, p, priya, priyas[i], err)) return -1;
  return write_cases(db, p, tom, jack, err) || write_appraisals(db, p, tom, err) ? -1 : 0;
}

int demo_performance(Db *db, const char *now, Error *err) {
  PerfDemo p = {.now = now};
  return cli_transaction(db, write_performance, &p, err);
}
