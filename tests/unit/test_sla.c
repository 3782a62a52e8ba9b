/* Unit tests for src/core/sla.c: the SLA clocks of cases through replies,
 * customer messages, pauses over weekends and bank holidays, reopening,
 * priority changes and the London clock changes; the scheduler's next check;
 * the validation of the policy JSON; the review reminder.
 *
 * Expected figures are worked by hand on an office calendar open Monday to
 * Friday 09:00-17:00 London time (480 minutes a day, England and Wales bank
 * holidays), June 2026 unless a row says otherwise (2026-06-01 is a Monday,
 * BST, +01:00). Priority 1 sets first_response 60, next_update 120,
 * resolution 480; priority 2 120, 240, 960; priority 3 240, none, 2400;
 * priority 4 nothing. Complaints are acknowledged within 120. */
#include "helpers.h"

#include "core/sla.h"
#include "util/timeutil.h"

#define TEST_NOW 1780272000 /* 2026-06-01T00:00:00Z: calendars are compiled around it */

#define TARGETS                                                                                     \
  "\"targets\":{\"1\":{\"first_response\":60,\"next_update\":120,\"resolution\":480},"              \
  "\"2\":{\"first_response\":120,\"next_update\":240,\"resolution\":960},"                          \
  "\"3\":{\"first_response\":240,\"resolution\":2400}},\"acknowledgement\":120,\"review_on\":\"2027-06-30\""
#define DAY "[[\"09:00\",\"17:00\"]]"
#define OFFICE                                                                                                  \
  "{\"tz\":\"Europe/London\",\"hours\":{\"mon\":" DAY ",\"tue\":" DAY ",\"wed\":" DAY ",\"thu\":" DAY ",\"fri\":" DAY \
  "},\"holidays\":[\"2026-05-25\",\"2026-08-31\",\"2026-12-25\",\"2026-12-28\"]}"
#define ALL_DAY "[[\"00:00\",\"24:00\"]]"
#define ROUND_CLOCK                                                                                                  \
  "{\"tz\":\"Europe/London\",\"hours\":{\"mon\":" ALL_DAY ",\"tue\":" ALL_DAY ",\"wed\":" ALL_DAY ",\"thu\":" ALL_DAY \
  ",\"fri\":" ALL_DAY ",\"sat\":" ALL_DAY ",\"sun\":" ALL_DAY "}}"

enum { GOLD, GOLD_INTERNAL, ROUND_THE_CLOCK, TEST_POLICIES };
static const char *const policy_json[TEST_POLICIES] = {
    [GOLD] = "{\"name\":\"Gold\",\"calendar\":" OFFICE "," TARGETS "}",
    [GOLD_INTERNAL] = "{\"name\":\"Gold internal\",\"calendar\":" OFFICE "," TARGETS
                      ",\"pause_statuses\":[\"waiting_on_customer\",\"waiting_on_internal\"]}",
    [ROUND_THE_CLOCK] = "{\"name\":\"24x7\",\"calendar\":" ROUND_CLOCK "," TARGETS "}",
};

static SlaPolicy *load(const char *text) {
  json_t *json = json_loads(text, 0, NULL);
  assert_non_null(json);
  SlaPolicy *policy = NULL;
  Error err = ERROR_INIT;
  int rc = sla_policy_parse(json, TEST_NOW, &policy, &err);
  if (rc) print_error("sla_policy_parse: %s\n", err.fields ? json_dumps(err.fields, 0) : err.detail);
  assert_int_equal(rc, 0);
  json_decref(json);
  error_clear(&err);
  return policy;
}

static time_t instant(const char *text) {
  time_t t = 0;
  if (text && time_parse(text, &t)) fail_msg("bad instant in the test: %s", text);
  return t;
}

#define MAX_EVENTS 6
#define STATUS(at, s) {SLA_EVENT_STATUS, at, s}
#define REPLY(at) {SLA_EVENT_REPLY, at, 0}
#define MESSAGE(at) {SLA_EVENT_CUSTOMER_MESSAGE, at, 0}
#define PRIORITY(at, p) {SLA_EVENT_PRIORITY, at, p}
#define ACKNOWLEDGED(at) {SLA_EVENT_ACKNOWLEDGED, at, 0}

typedef struct TestEvent {
  SlaEventKind kind;
  const char *at;
  int value;
} TestEvent;

/* A case's history as text. */
typedef struct TestCase {
  int policy;
  int priority;
  int complaint;
  const char *opened;
  TestEvent events[MAX_EVENTS];
} TestCase;

static int compute(SlaPolicy *const *policies, const TestCase *tc, time_t now, SlaClocks *out, Error *err) {
  SlaEvent events[MAX_EVENTS];
  size_t n = 0;
  while (n < MAX_EVENTS && tc->events[n].at) {
    events[n] = (SlaEvent){tc->events[n].kind, instant(tc->events[n].at), tc->events[n].value};
    n++;
  }
  SlaCase c = {tc->priority, instant(tc->opened), tc->complaint, events, n};
  return sla_clocks_compute(policies[tc->policy], &c, now, out, err);
}

static void load_all(SlaPolicy *policies[TEST_POLICIES]) {
  for (int i = 0; i < TEST_POLICIES; i++) policies[i] = load(policy_json[i]);
}

static void free_all(SlaPolicy *policies[TEST_POLICIES]) {
  for (int i = 0; i < TEST_POLICIES; i++) sla_policy_free(policies[i]);
}

/* --- clocks --------------------------------------------------------------------------- */

typedef struct ClockRow {
  const char *name;
  TestCase c;
  const char *now;
  SlaClockKind kind;
  SlaClockState state;
  const char *due; /* NULL: due not known */
  int64_t used, left, paused;
  int percent;
  SlaWarning warning;
  const char *breached_at; /* NULL: not breached */
  int breaches;
} ClockRow;

static void check_clocks(const ClockRow *rows, size_t n) {
  SlaPolicy *policies[TEST_POLICIES];
  load_all(policies);
  for (size_t i = 0; i < n; i++) {
    const ClockRow *r = &rows[i];
    SlaClocks clocks;
    Error err = ERROR_INIT;
    if (compute(policies, &r->c, instant(r->now), &clocks, &err)) {
      expect_fail("%s: failed: %s", r->name, err.detail ? err.detail : json_dumps(err.fields, 0));
      error_clear(&err);
      continue;
    }
    const SlaClock *k = &clocks.clock[r->kind];
    expect_text(r->name, sla_clock_state_name(r->state), sla_clock_state_name(k->state));
    expect_int(r->name, r->due != NULL, k->due_known);
    if (r->due && k->due_known) expect_int(r->name, instant(r->due), k->due);
    expect_int(r->name, r->used, k->used);
    expect_int(r->name, r->left, k->left);
    expect_int(r->name, r->paused, k->paused);
    expect_int(r->name, r->percent, k->percent);
    expect_text(r->name, sla_warning_name(r->warning), sla_warning_name(k->warning));
    expect_int(r->name, instant(r->breached_at), k->breached_at);
    expect_int(r->name, r->breaches ? r->breaches : r->breached_at != NULL, k->breaches);
  }
  free_all(policies);
  expect_all_rows_passed();
}

#define MON(hm) "2026-06-01T" hm ":00+01:00"
#define TUE(hm) "2026-06-02T" hm ":00+01:00"
#define WED(hm) "2026-06-03T" hm ":00+01:00"
#define FRI(hm) "2026-06-05T" hm ":00+01:00"
#define SAT(hm) "2026-06-06T" hm ":00+01:00"
#define NEXT_MON(hm) "2026-06-08T" hm ":00+01:00"

static void test_sla_first_response_met_breached_and_warned(void **state) {
  (void)state;
  static const ClockRow rows[] = {
      {"first response met by a reply inside the target", {GOLD, 1, 0, MON("09:00"), {REPLY(MON("09:40"))}},
       MON("10:30"), SLA_FIRST_RESPONSE, SLA_MET, MON("10:00"), 40, 20, 0, 66, SLA_WARNING_NONE, NULL, 0},
      {"first response breached when nobody replies by the due", {GOLD, 1, 0, MON("09:00"), {{0}}}, MON("10:30"),
       SLA_FIRST_RESPONSE, SLA_BREACHED, MON("10:00"), 90, -30, 0, 150, SLA_WARNING_BREACHED, MON("10:00"), 0},
      {"a reply after the due leaves it breached", {GOLD, 1, 0, MON("09:00"), {REPLY(MON("10:15"))}}, MON("11:00"),
       SLA_FIRST_RESPONSE, SLA_BREACHED, MON("10:00"), 75, -15, 0, 125, SLA_WARNING_BREACHED, MON("10:00"), 0},
      {"a reply at the due instant is in time", {GOLD, 1, 0, MON("09:00"), {REPLY(MON("10:00"))}}, MON("11:00"),
       SLA_FIRST_RESPONSE, SLA_MET, MON("10:00"), 60, 0, 0, 100, SLA_WARNING_SECOND, NULL, 0},
      {"the breach instant is exact across the evening closing", {GOLD, 1, 0, MON("16:30"), {{0}}}, TUE("10:00"),
       SLA_FIRST_RESPONSE, SLA_BREACHED, TUE("09:30"), 90, -30, 0, 150, SLA_WARNING_BREACHED, TUE("09:30"), 0},
      /* the 60 minutes ran out at Friday's closing: no business time passes
       * over the weekend, but the reply still comes after the due */
      {"a weekend reply after a Friday due is late", {GOLD, 1, 0, FRI("16:00"), {REPLY(SAT("10:00"))}},
       NEXT_MON("10:00"), SLA_FIRST_RESPONSE, SLA_BREACHED, FRI("17:00"), 60, 0, 0, 100, SLA_WARNING_BREACHED,
       FRI("17:00"), 0},
      {"a weekend reply before a Monday due is in time", {GOLD, 1, 0, FRI("16:30"), {REPLY(SAT("10:00"))}},
       NEXT_MON("10:00"), SLA_FIRST_RESPONSE, SLA_MET, NEXT_MON("09:30"), 30, 30, 0, 50, SLA_WARNING_NONE, NULL, 0},
      {"a case opened on a Saturday starts counting at Monday's opening", {GOLD, 1, 0, SAT("11:00"), {{0}}},
       NEXT_MON("09:30"), SLA_FIRST_RESPONSE, SLA_RUNNING, NEXT_MON("10:00"), 30, 30, 0, 50, SLA_WARNING_NONE, NULL, 0},
      {"a case opened before opening time starts counting at opening", {GOLD, 1, 0, MON("07:15"), {{0}}}, MON("09:50"),
       SLA_FIRST_RESPONSE, SLA_RUNNING, MON("10:00"), 50, 10, 0, 83, SLA_WARNING_FIRST, NULL, 0},
      {"the first warning at exactly 75 percent", {GOLD, 1, 0, MON("09:00"), {{0}}}, MON("09:45"), SLA_FIRST_RESPONSE,
       SLA_RUNNING, MON("10:00"), 45, 15, 0, 75, SLA_WARNING_FIRST, NULL, 0},
      {"just under 75 percent warns of nothing", {GOLD, 1, 0, MON("09:00"), {{0}}}, MON("09:44"), SLA_FIRST_RESPONSE,
       SLA_RUNNING, MON("10:00"), 44, 16, 0, 73, SLA_WARNING_NONE, NULL, 0},
      {"the second warning at 90 percent", {GOLD, 1, 0, MON("09:00"), {{0}}}, MON("09:55"), SLA_FIRST_RESPONSE,
       SLA_RUNNING, MON("10:00"), 55, 5, 0, 91, SLA_WARNING_SECOND, NULL, 0},
      {"first response pauses while waiting on the customer",
       {GOLD, 1, 0, MON("09:00"), {STATUS(MON("09:20"), CASE_WAITING_ON_CUSTOMER)}}, MON("12:00"), SLA_FIRST_RESPONSE,
       SLA_PAUSED, NULL, 20, 40, 160, 33, SLA_WARNING_NONE, NULL, 0},
  };
  check_clocks(rows, COUNT(rows));
}

static void test_sla_pause_stops_the_clock_over_weekends_and_holidays(void **state) {
  (void)state;
  static const ClockRow rows[] = {
      /* used Fri 13-15 and Mon 11-12: 180; paused Fri 15-17 and Mon 09-11: 240 */
      {"waiting on the customer over a weekend",
       {GOLD, 1, 0, FRI("13:00"),
        {STATUS(FRI("15:00"), CASE_WAITING_ON_CUSTOMER), STATUS(NEXT_MON("11:00"), CASE_OPEN)}},
       NEXT_MON("12:00"), SLA_RESOLUTION, SLA_RUNNING, NEXT_MON("17:00"), 180, 300, 240, 37, SLA_WARNING_NONE, NULL, 0},
      {"while paused the due is unknown and the time left frozen",
       {GOLD, 1, 0, FRI("13:00"), {STATUS(FRI("15:00"), CASE_WAITING_ON_CUSTOMER)}}, SAT("12:00"), SLA_RESOLUTION,
       SLA_PAUSED, NULL, 120, 360, 120, 25, SLA_WARNING_NONE, NULL, 0},
      /* Monday 31 August is a bank holiday: the same figures as the weekend */
      {"waiting on the customer over a bank holiday weekend",
       {GOLD, 1, 0, "2026-08-28T13:00:00+01:00",
        {STATUS("2026-08-28T15:00:00+01:00", CASE_WAITING_ON_CUSTOMER),
         STATUS("2026-09-01T11:00:00+01:00", CASE_OPEN)}},
       "2026-09-01T12:00:00+01:00", SLA_RESOLUTION, SLA_RUNNING, "2026-09-01T17:00:00+01:00", 180, 300, 240, 37,
       SLA_WARNING_NONE, NULL, 0},
      {"waiting on internal runs the clock by default",
       {GOLD, 1, 0, MON("09:00"), {STATUS(MON("10:00"), CASE_WAITING_ON_INTERNAL)}}, MON("12:00"), SLA_RESOLUTION,
       SLA_RUNNING, MON("17:00"), 180, 300, 0, 37, SLA_WARNING_NONE, NULL, 0},
      {"waiting on internal pauses where the contract says so",
       {GOLD_INTERNAL, 1, 0, MON("09:00"), {STATUS(MON("10:00"), CASE_WAITING_ON_INTERNAL)}}, MON("12:00"),
       SLA_RESOLUTION, SLA_PAUSED, NULL, 60, 420, 120, 12, SLA_WARNING_NONE, NULL, 0},
  };
  check_clocks(rows, COUNT(rows));
}

static void test_sla_resolution_reopen_and_close(void **state) {
  (void)state;
  static const ClockRow rows[] = {
      {"resolution met when resolved in time", {GOLD, 1, 0, MON("09:00"), {STATUS(MON("12:00"), CASE_RESOLVED)}},
       TUE("12:00"), SLA_RESOLUTION, SLA_MET, MON("17:00"), 180, 300, 0, 37, SLA_WARNING_NONE, NULL, 0},
      {"closing keeps the result",
       {GOLD, 1, 0, MON("09:00"), {STATUS(MON("12:00"), CASE_RESOLVED), STATUS(TUE("10:00"), CASE_CLOSED)}},
       WED("10:00"), SLA_RESOLUTION, SLA_MET, MON("17:00"), 180, 300, 0, 37, SLA_WARNING_NONE, NULL, 0},
      {"resolved after the due is breached", {GOLD, 1, 0, MON("09:00"), {STATUS(TUE("10:00"), CASE_RESOLVED)}},
       WED("10:00"), SLA_RESOLUTION, SLA_BREACHED, MON("17:00"), 540, -60, 0, 112, SLA_WARNING_BREACHED, MON("17:00"),
       0},
      /* 180 before resolving, nothing while resolved, 60 since reopening */
      {"reopening continues the resolution clock",
       {GOLD, 1, 0, MON("09:00"), {STATUS(MON("12:00"), CASE_RESOLVED), STATUS(TUE("10:00"), CASE_REOPENED)}},
       TUE("11:00"), SLA_RESOLUTION, SLA_RUNNING, TUE("15:00"), 240, 240, 0, 50, SLA_WARNING_NONE, NULL, 0},
      {"a case resolved without a reply has met its first response",
       {GOLD, 1, 0, MON("09:00"), {STATUS(MON("09:30"), CASE_RESOLVED)}}, TUE("09:00"), SLA_FIRST_RESPONSE, SLA_MET,
       MON("10:00"), 30, 30, 0, 50, SLA_WARNING_NONE, NULL, 0},
  };
  check_clocks(rows, COUNT(rows));
}

static void test_sla_priority_change_recomputes_from_opening(void **state) {
  (void)state;
  static const ClockRow rows[] = {
      {"raised to priority 1: its 60 minutes ran out at 10:00",
       {GOLD, 2, 0, MON("09:00"), {PRIORITY(MON("09:30"), 1)}}, MON("10:30"), SLA_FIRST_RESPONSE, SLA_BREACHED,
       MON("10:00"), 90, -30, 0, 150, SLA_WARNING_BREACHED, MON("10:00"), 0},
      {"lowered to priority 2: 120 minutes from opening",
       {GOLD, 1, 0, MON("09:00"), {PRIORITY(MON("09:20"), 2)}}, MON("10:30"), SLA_FIRST_RESPONSE, SLA_RUNNING,
       MON("11:00"), 90, 30, 0, 75, SLA_WARNING_FIRST, NULL, 0},
      {"a change after now is not counted yet",
       {GOLD, 2, 0, MON("09:00"), {PRIORITY(MON("11:00"), 1)}}, MON("10:30"), SLA_FIRST_RESPONSE, SLA_RUNNING,
       MON("11:00"), 90, 30, 0, 75, SLA_WARNING_FIRST, NULL, 0},
      {"priority 4 has no targets", {GOLD, 4, 0, MON("09:00"), {{0}}}, MON("10:30"), SLA_RESOLUTION,
       SLA_NOT_APPLICABLE, NULL, 0, 0, 0, 0, SLA_WARNING_NONE, NULL, 0},
      {"priority 3 has no next update target",
       {GOLD, 3, 0, MON("09:00"), {REPLY(MON("09:10")), MESSAGE(MON("09:20"))}}, MON("10:30"), SLA_NEXT_UPDATE,
       SLA_NOT_APPLICABLE, NULL, 0, 0, 0, 0, SLA_WARNING_NONE, NULL, 0},
  };
  check_clocks(rows, COUNT(rows));
}

static void test_sla_next_update_runs_only_while_awaiting_an_update(void **state) {
  (void)state;
  static const ClockRow rows[] = {
      {"no wait before the first reply: first response covers it",
       {GOLD, 1, 0, MON("09:00"), {MESSAGE(MON("09:10"))}}, MON("12:00"), SLA_NEXT_UPDATE, SLA_MET, NULL, 0, 120, 0, 0,
       SLA_WARNING_NONE, NULL, 0},
      {"a wait runs from the customer's message after a reply",
       {GOLD, 1, 0, MON("09:00"), {REPLY(MON("09:30")), MESSAGE(MON("10:00"))}}, MON("11:00"), SLA_NEXT_UPDATE,
       SLA_RUNNING, MON("12:00"), 60, 60, 0, 50, SLA_WARNING_NONE, NULL, 0},
      {"a further message does not restart the wait",
       {GOLD, 1, 0, MON("09:00"), {REPLY(MON("09:30")), MESSAGE(MON("10:00")), MESSAGE(MON("11:00"))}}, MON("11:30"),
       SLA_NEXT_UPDATE, SLA_RUNNING, MON("12:00"), 90, 30, 0, 75, SLA_WARNING_FIRST, NULL, 0},
      {"an agent's update ends the wait",
       {GOLD, 1, 0, MON("09:00"), {REPLY(MON("09:30")), MESSAGE(MON("10:00")), REPLY(MON("11:00"))}}, MON("15:00"),
       SLA_NEXT_UPDATE, SLA_MET, MON("12:00"), 60, 60, 0, 50, SLA_WARNING_NONE, NULL, 0},
      {"a new wait after a breached one counts both",
       {GOLD, 1, 0, MON("09:00"),
        {REPLY(MON("09:30")), MESSAGE(MON("10:00")), REPLY(MON("12:30")), MESSAGE(MON("13:00"))}},
       MON("14:00"), SLA_NEXT_UPDATE, SLA_RUNNING, MON("15:00"), 60, 60, 0, 50, SLA_WARNING_NONE, NULL, 1},
      {"a wait pauses while waiting on the customer",
       {GOLD, 1, 0, MON("09:00"),
        {REPLY(MON("09:30")), MESSAGE(MON("10:00")), STATUS(MON("10:30"), CASE_WAITING_ON_CUSTOMER)}},
       MON("12:00"), SLA_NEXT_UPDATE, SLA_PAUSED, NULL, 30, 90, 90, 25, SLA_WARNING_NONE, NULL, 0},
      {"resolving ends the wait",
       {GOLD, 1, 0, MON("09:00"), {REPLY(MON("09:30")), MESSAGE(MON("10:00")), STATUS(MON("10:30"), CASE_RESOLVED)}},
       MON("14:00"), SLA_NEXT_UPDATE, SLA_MET, MON("12:00"), 30, 90, 0, 25, SLA_WARNING_NONE, NULL, 0},
  };
  check_clocks(rows, COUNT(rows));
}

/* Each wait for an update is escalated on its own, so each has its number. */
static void test_sla_next_update_waits_are_numbered(void **state) {
  (void)state;
  static const struct {
    const char *name;
    TestCase c;
    int wait;
  } rows[] = {
      {"no wait yet", {GOLD, 1, 0, MON("09:00"), {REPLY(MON("09:30"))}}, 1},
      {"the first wait", {GOLD, 1, 0, MON("09:00"), {REPLY(MON("09:30")), MESSAGE(MON("10:00"))}}, 1},
      {"more messages in one wait", {GOLD, 1, 0, MON("09:00"), {REPLY(MON("09:30")), MESSAGE(MON("10:00")),
                                                                 MESSAGE(MON("10:05"))}}, 1},
      {"a met wait still counts", {GOLD, 1, 0, MON("09:00"), {REPLY(MON("09:30")), MESSAGE(MON("10:00")),
                                                               REPLY(MON("10:30")), MESSAGE(MON("11:00"))}}, 2},
      {"the third wait", {GOLD, 1, 0, MON("09:00"), {REPLY(MON("09:30")), MESSAGE(MON("10:00")), REPLY(MON("10:30")),
                                                     MESSAGE(MON("11:00")), REPLY(MON("11:10")), MESSAGE(MON("13:00"))}}, 3},
  };
  SlaPolicy *policies[TEST_POLICIES];
  load_all(policies);
  for (size_t i = 0; i < COUNT(rows); i++) {
    SlaClocks clocks;
    Error err = ERROR_INIT;
    if (compute(policies, &rows[i].c, instant(MON("14:00")), &clocks, &err)) {
      expect_fail("%s: failed: %s", rows[i].name, err.detail ? err.detail : "?");
      error_clear(&err);
      continue;
    }
    expect_int(rows[i].name, rows[i].wait, clocks.clock[SLA_NEXT_UPDATE].wait);
    expect_int(rows[i].name, 1, clocks.clock[SLA_RESOLUTION].wait);
  }
  free_all(policies);
  expect_all_rows_passed();
}

static void test_sla_complaint_acknowledgement(void **state) {
  (void)state;
  static const ClockRow rows[] = {
      {"a complaint acknowledged in time", {GOLD, 1, 1, MON("09:00"), {ACKNOWLEDGED(MON("10:00"))}}, MON("12:00"),
       SLA_ACKNOWLEDGEMENT, SLA_MET, MON("11:00"), 60, 60, 0, 50, SLA_WARNING_NONE, NULL, 0},
      {"a complaint not acknowledged is breached at the due", {GOLD, 1, 1, MON("09:00"), {{0}}}, MON("12:00"),
       SLA_ACKNOWLEDGEMENT, SLA_BREACHED, MON("11:00"), 180, -60, 0, 150, SLA_WARNING_BREACHED, MON("11:00"), 0},
      {"acknowledgement does not pause while waiting on the customer",
       {GOLD, 1, 1, MON("09:00"), {STATUS(MON("09:30"), CASE_WAITING_ON_CUSTOMER)}}, MON("10:30"),
       SLA_ACKNOWLEDGEMENT, SLA_RUNNING, MON("11:00"), 90, 30, 0, 75, SLA_WARNING_FIRST, NULL, 0},
      {"a case that is not a complaint owes no acknowledgement", {GOLD, 1, 0, MON("09:00"), {{0}}}, MON("12:00"),
       SLA_ACKNOWLEDGEMENT, SLA_NOT_APPLICABLE, NULL, 0, 0, 0, 0, SLA_WARNING_NONE, NULL, 0},
  };
  check_clocks(rows, COUNT(rows));
}

static void test_sla_clocks_across_clock_changes(void **state) {
  (void)state;
  static const ClockRow rows[] = {
      {"spring: Friday GMT breach at the closing", {GOLD, 1, 0, "2026-03-27T16:00:00Z", {{0}}},
       "2026-03-30T09:30:00+01:00", SLA_FIRST_RESPONSE, SLA_BREACHED, "2026-03-27T17:00:00Z", 90, -30, 0, 150,
       SLA_WARNING_BREACHED, "2026-03-27T17:00:00Z", 0},
      {"spring: resolution due on Monday in BST", {GOLD, 1, 0, "2026-03-27T16:00:00Z", {{0}}},
       "2026-03-30T09:30:00+01:00", SLA_RESOLUTION, SLA_RUNNING, "2026-03-30T16:00:00+01:00", 90, 390, 0, 18,
       SLA_WARNING_NONE, NULL, 0},
      {"autumn: resolution due on Monday in GMT", {GOLD, 1, 0, "2026-10-23T16:00:00+01:00", {{0}}},
       "2026-10-26T10:00:00Z", SLA_RESOLUTION, SLA_RUNNING, "2026-10-26T16:00:00Z", 120, 360, 0, 25, SLA_WARNING_NONE,
       NULL, 0},
      /* round the clock: 23:00 GMT to 03:00 BST is three real hours */
      {"a round-the-clock case counts the real hours of the spring night",
       {ROUND_THE_CLOCK, 1, 0, "2026-03-28T23:00:00Z", {{0}}}, "2026-03-29T03:00:00+01:00", SLA_RESOLUTION,
       SLA_RUNNING, "2026-03-29T08:00:00+01:00", 180, 300, 0, 37, SLA_WARNING_NONE, NULL, 0},
      /* 00:00 BST to 03:00 GMT is four real hours: the 01:00 hour happens twice */
      {"a round-the-clock case counts the repeated autumn hour",
       {ROUND_THE_CLOCK, 1, 0, "2026-10-25T00:00:00+01:00", {{0}}}, "2026-10-25T03:00:00Z", SLA_RESOLUTION,
       SLA_RUNNING, "2026-10-25T07:00:00Z", 240, 240, 0, 50, SLA_WARNING_NONE, NULL, 0},
  };
  check_clocks(rows, COUNT(rows));
}

/* The due moves later by exactly the paused business time: due = add(opened, target + paused). */
static void test_sla_due_moves_by_exactly_the_paused_minutes(void **state) {
  (void)state;
  static const struct {
    TestCase c;
    const char *now;
  } cases[] = {
      {{GOLD, 1, 0, FRI("13:00"),
        {STATUS(FRI("15:00"), CASE_WAITING_ON_CUSTOMER), STATUS(NEXT_MON("11:00"), CASE_OPEN)}},
       NEXT_MON("12:00")},
      /* used 30 + 55 + 30, paused 20 + 5 + 420 + 330 */
      {{GOLD, 2, 0, MON("16:10"),
        {STATUS(MON("16:40"), CASE_WAITING_ON_CUSTOMER), STATUS(TUE("09:05"), CASE_OPEN),
         STATUS(TUE("10:00"), CASE_WAITING_ON_CUSTOMER), STATUS(WED("14:30"), CASE_REOPENED)}},
       WED("15:00")},
      {{GOLD_INTERNAL, 1, 0, MON("09:00"),
        {STATUS(MON("09:30"), CASE_WAITING_ON_INTERNAL), STATUS(MON("10:15"), CASE_WAITING_ON_CUSTOMER),
         STATUS(MON("11:00"), CASE_OPEN)}},
       MON("15:00")},
  };
  SlaPolicy *policies[TEST_POLICIES];
  load_all(policies);
  for (size_t i = 0; i < COUNT(cases); i++) {
    SlaClocks clocks;
    Error err = ERROR_INIT;
    char row[32];
    snprintf(row, sizeof row, "history %zu", i);
    if (compute(policies, &cases[i].c, instant(cases[i].now), &clocks, &err)) fail_msg("%s: failed", row);
    const SlaClock *k = &clocks.clock[SLA_RESOLUTION];
    time_t due;
    if (calendar_add_minutes(policies[cases[i].c.policy]->calendar, instant(cases[i].c.opened), k->target + k->paused,
                             &due, &err))
      fail_msg("%s: add failed", row);
    expect_text(row, "running", sla_clock_state_name(k->state));
    expect_int(row, 1, k->due_known);
    expect_int(row, due, k->due);
    expect_int(row, k->target, k->used + k->left);
  }
  free_all(policies);
  expect_all_rows_passed();
}

/* --- the next check ------------------------------------------------------------------- */

typedef struct NextRow {
  const char *name;
  TestCase c;
  const char *now;
  const char *next; /* NULL: nothing changes without an event */
} NextRow;

static void test_sla_next_check_is_the_next_change_and_never_past(void **state) {
  (void)state;
  static const NextRow rows[] = {
      {"the first response's 75 percent comes first", {GOLD, 1, 0, MON("09:00"), {{0}}}, MON("09:10"), MON("09:45")},
      {"then its 90 percent (54 minutes)", {GOLD, 1, 0, MON("09:00"), {{0}}}, MON("09:50"), MON("09:54")},
      {"then its breach", {GOLD, 1, 0, MON("09:00"), {{0}}}, MON("09:56"), MON("10:00")},
      {"after the breach, resolution's 75 percent (360 minutes)", {GOLD, 1, 0, MON("09:00"), {{0}}}, MON("10:30"),
       MON("15:00")},
      {"across the night to the next morning", {GOLD, 1, 0, MON("16:50"), {{0}}}, MON("16:55"), TUE("09:35")},
      {"nothing while every clock is paused",
       {GOLD, 1, 0, MON("09:00"), {STATUS(MON("09:10"), CASE_WAITING_ON_CUSTOMER)}}, MON("11:00"), NULL},
      {"nothing once resolved", {GOLD, 1, 0, MON("09:00"), {STATUS(MON("09:10"), CASE_RESOLVED)}}, MON("11:00"), NULL},
      {"from a Saturday, Monday morning", {GOLD, 1, 0, FRI("16:00"), {REPLY(FRI("16:10"))}}, SAT("12:00"),
       NEXT_MON("14:00")},
  };
  SlaPolicy *policies[TEST_POLICIES];
  load_all(policies);
  for (size_t i = 0; i < COUNT(rows); i++) {
    SlaClocks clocks;
    Error err = ERROR_INIT;
    time_t now = instant(rows[i].now), next = 0;
    if (compute(policies, &rows[i].c, now, &clocks, &err)) fail_msg("%s: failed", rows[i].name);
    int found = sla_clocks_next_check(&clocks, &next);
    expect_int(rows[i].name, rows[i].next != NULL, found);
    if (found && rows[i].next) expect_int(rows[i].name, instant(rows[i].next), next);
  }
  free_all(policies);
  expect_all_rows_passed();
}

/* Every minute over two days: the next check lies ahead, and (when no event
 * comes first) at it a clock's warning or state has changed, while a second
 * before it nothing had. */
static void test_sla_next_check_marks_each_change(void **state) {
  (void)state;
  SlaPolicy *policies[TEST_POLICIES];
  load_all(policies);
  static const TestCase c = {GOLD, 1, 1, MON("16:20"), {REPLY(TUE("09:30")), MESSAGE(TUE("10:00"))}};
  for (time_t now = instant(MON("16:20")); now < instant(WED("17:00")); now += 60) {
    SlaClocks at_now, before, at_next;
    Error err = ERROR_INIT;
    time_t next;
    if (compute(policies, &c, now, &at_now, &err) || !sla_clocks_next_check(&at_now, &next)) continue;
    if (next <= now) fail_msg("next check %ld is not after now %ld", (long)next, (long)now);
    int event_first = 0;
    for (size_t e = 0; e < MAX_EVENTS && c.events[e].at; e++) event_first |= now < instant(c.events[e].at) && instant(c.events[e].at) <= next;
    if (event_first) continue;
    if (compute(policies, &c, next - 1, &before, &err) || compute(policies, &c, next, &at_next, &err))
      fail_msg("compute failed");
    int changed = 0, unchanged = 1;
    for (int k = 0; k < SLA_CLOCK_COUNT; k++) {
      changed |= at_next.clock[k].warning != at_now.clock[k].warning || at_next.clock[k].state != at_now.clock[k].state;
      unchanged &= before.clock[k].warning == at_now.clock[k].warning && before.clock[k].state == at_now.clock[k].state;
    }
    if (!changed || !unchanged) fail_msg("at %ld the next check %ld marks no change", (long)now, (long)next);
  }
  free_all(policies);
}

/* --- policies ------------------------------------------------------------------------- */

#define CAL "{\"tz\":\"UTC\",\"hours\":{\"mon\":[[\"09:00\",\"17:00\"]]}}"
#define POLICY(extra) "{\"name\":\"Gold\",\"calendar\":" CAL ",\"review_on\":\"2027-06-30\"" extra "}"

typedef struct PolicyRow {
  const char *name;
  const char *json;
  const char *field; /* the field error expected */
} PolicyRow;

static void test_sla_policy_validation_names_each_field(void **state) {
  (void)state;
  static const PolicyRow rows[] = {
      {"zero minutes", POLICY(",\"targets\":{\"1\":{\"first_response\":0}}"), "targets.1.first_response"},
      {"negative minutes", POLICY(",\"targets\":{\"2\":{\"resolution\":-5}}"), "targets.2.resolution"},
      {"minutes as text", POLICY(",\"targets\":{\"2\":{\"next_update\":\"60\"}}"), "targets.2.next_update"},
      {"an unknown priority", POLICY(",\"targets\":{\"5\":{\"resolution\":60}}"), "targets.5"},
      {"priority zero", POLICY(",\"targets\":{\"0\":{\"resolution\":60}}"), "targets.0"},
      {"an unknown clock", POLICY(",\"targets\":{\"1\":{\"reply\":60}}"), "targets.1.reply"},
      {"targets not an object", POLICY(",\"targets\":[60]"), "targets"},
      {"targets missing", POLICY(""), "targets"},
      {"an unknown status", POLICY(",\"targets\":{},\"pause_statuses\":[\"waiting\"]"), "pause_statuses[0]"},
      {"a final status cannot pause",
       POLICY(",\"targets\":{},\"pause_statuses\":[\"waiting_on_customer\",\"resolved\"]"), "pause_statuses[1]"},
      {"a status twice",
       POLICY(",\"targets\":{},\"pause_statuses\":[\"waiting_on_customer\",\"waiting_on_customer\"]"),
       "pause_statuses[1]"},
      {"thresholds decreasing", POLICY(",\"targets\":{},\"warn_at\":[90,75]"), "warn_at[1]"},
      {"thresholds equal", POLICY(",\"targets\":{},\"warn_at\":[75,75]"), "warn_at[1]"},
      {"a threshold of 0", POLICY(",\"targets\":{},\"warn_at\":[0]"), "warn_at[0]"},
      {"a threshold of 100", POLICY(",\"targets\":{},\"warn_at\":[100]"), "warn_at[0]"},
      {"three thresholds", POLICY(",\"targets\":{},\"warn_at\":[50,75,90]"), "warn_at"},
      {"acknowledgement of zero", POLICY(",\"targets\":{},\"acknowledgement\":0"), "acknowledgement"},
      {"an unknown key", POLICY(",\"targets\":{},\"escalation\":1"), "escalation"},
      {"an unreal review date",
       "{\"name\":\"Gold\",\"calendar\":" CAL ",\"targets\":{},\"review_on\":\"2027-02-30\"}", "review_on"},
      {"a review date in another form",
       "{\"name\":\"Gold\",\"calendar\":" CAL ",\"targets\":{},\"review_on\":\"30/06/2027\"}", "review_on"},
      {"no review date", "{\"name\":\"Gold\",\"calendar\":" CAL ",\"targets\":{}}", "review_on"},
      {"no name", "{\"calendar\":" CAL ",\"targets\":{},\"review_on\":\"2027-06-30\"}", "name"},
      {"an empty name", "{\"name\":\"\",\"calendar\":" CAL ",\"targets\":{},\"review_on\":\"2027-06-30\"}", "name"},
      {"no calendar", "{\"name\":\"Gold\",\"targets\":{},\"review_on\":\"2027-06-30\"}", "calendar"},
      {"the calendar's own errors are named under calendar",
       "{\"name\":\"Gold\",\"calendar\":{\"tz\":\"Mars/Olympus\",\"hours\":{\"mon\":[[\"09:00\",\"17:00\"]]}},"
       "\"targets\":{},\"review_on\":\"2027-06-30\"}",
       "calendar.tz"},
  };
  for (size_t i = 0; i < COUNT(rows); i++) {
    json_t *json = json_loads(rows[i].json, 0, NULL);
    if (!json) fail_msg("%s: bad JSON in the test", rows[i].name);
    SlaPolicy *policy = NULL;
    Error err = ERROR_INIT;
    int rc = sla_policy_parse(json, TEST_NOW, &policy, &err);
    expect_int(rows[i].name, -1, rc);
    if (!helper_field_message(&err, rows[i].field))
      expect_fail("%s: no error on %s in %s", rows[i].name, rows[i].field,
                  err.fields ? json_dumps(err.fields, 0) : "(none)");
    if (policy) expect_fail("%s: a policy was returned", rows[i].name);
    sla_policy_free(policy);
    error_clear(&err);
    json_decref(json);
  }
  expect_all_rows_passed();
}

static void test_sla_policy_defaults_and_targets(void **state) {
  (void)state;
  SlaPolicy *p = load(policy_json[GOLD]);
  assert_string_equal(p->name, "Gold");
  assert_int_equal(p->pause_statuses, 1u << CASE_WAITING_ON_CUSTOMER);
  assert_int_equal(p->nwarn, 2);
  assert_int_equal(p->warn_at[0], 75);
  assert_int_equal(p->warn_at[1], 90);
  assert_int_equal(sla_policy_target(p, 2, SLA_RESOLUTION), 960);
  assert_int_equal(sla_policy_target(p, 3, SLA_NEXT_UPDATE), 0);
  assert_int_equal(sla_policy_target(p, 4, SLA_ACKNOWLEDGEMENT), 120);
  sla_policy_free(p);
}

typedef struct ReviewRow {
  const char *name, *today;
  SlaReview expected;
} ReviewRow;

static void test_sla_review_reminder(void **state) {
  (void)state;
  static const ReviewRow rows[] = {
      {"31 days before the review date: not yet", "2027-05-30", SLA_REVIEW_NOT_DUE},
      {"30 days before: the reminder is due", "2027-05-31", SLA_REVIEW_DUE},
      {"on the review date: due", "2027-06-30", SLA_REVIEW_DUE},
      {"the day after: overdue", "2027-07-01", SLA_REVIEW_OVERDUE},
      {"a year before: not yet", "2026-06-30", SLA_REVIEW_NOT_DUE},
  };
  SlaPolicy *p = load(policy_json[GOLD]);
  for (size_t i = 0; i < COUNT(rows); i++) expect_int(rows[i].name, rows[i].expected, sla_policy_review(p, rows[i].today, 30));
  sla_policy_free(p);
  expect_all_rows_passed();
}

static void test_sla_refuses_histories_out_of_order(void **state) {
  (void)state;
  SlaPolicy *p = load(policy_json[GOLD]);
  SlaEvent events[] = {{SLA_EVENT_REPLY, instant(MON("10:00")), 0}, {SLA_EVENT_REPLY, instant(MON("09:30")), 0}};
  SlaCase c = {1, instant(MON("09:00")), 0, events, COUNT(events)};
  SlaClocks clocks;
  Error err = ERROR_INIT;
  assert_int_equal(sla_clocks_compute(p, &c, instant(MON("11:00")), &clocks, &err), -1);
  assert_non_null(helper_field_message(&err, "events[1]"));
  error_clear(&err);
  c.priority = 5;
  assert_int_equal(sla_clocks_compute(p, &c, instant(MON("11:00")), &clocks, &err), -1);
  assert_non_null(helper_field_message(&err, "priority"));
  error_clear(&err);
  sla_policy_free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sla_first_response_met_breached_and_warned),
      cmocka_unit_test(test_sla_pause_stops_the_clock_over_weekends_and_holidays),
      cmocka_unit_test(test_sla_resolution_reopen_and_close),
      cmocka_unit_test(test_sla_priority_change_recomputes_from_opening),
      cmocka_unit_test(test_sla_next_update_runs_only_while_awaiting_an_update),
      cmocka_unit_test(test_sla_next_update_waits_are_numbered),
      cmocka_unit_test(test_sla_complaint_acknowledgement),
      cmocka_unit_test(test_sla_clocks_across_clock_changes),
      cmocka_unit_test(test_sla_due_moves_by_exactly_the_paused_minutes),
      cmocka_unit_test(test_sla_next_check_is_the_next_change_and_never_past),
      cmocka_unit_test(test_sla_next_check_marks_each_change),
      cmocka_unit_test(test_sla_policy_validation_names_each_field),
      cmocka_unit_test(test_sla_policy_defaults_and_targets),
      cmocka_unit_test(test_sla_review_reminder),
      cmocka_unit_test(test_sla_refuses_histories_out_of_order),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
