/* Unit tests for src/cli/calendar.c: `forgedesk calendar due|elapsed|holidays`
 * run in-process with stdout and stderr captured, for the output format and
 * the exit codes of cli.h (2 usage, 3 rejected input with the field named). */
#include "helpers.h"

#include "cli/cli.h"
#include "util/buffer.h"

static char calendar_path[64];

static int setup(void **state) {
  (void)state;
  snprintf(calendar_path, sizeof calendar_path, "/tmp/forgedesk_cli_calendar_%ld.json", (long)getpid());
  FILE *f = fopen(calendar_path, "w");
  if (!f) return -1;
  fputs("{\"tz\":\"Europe/London\",\"hours\":{\"mon\":[[\"08:00\",\"12:30\"],[\"13:15\",\"17:00\"]],"
        "\"fri\":[[\"08:00\",\"12:30\"],[\"13:15\",\"17:00\"]]},\"holidays\":[\"2026-08-31\"]}",
        f);
  return fclose(f);
}

static int teardown(void **state) {
  (void)state;
  return unlink(calendar_path);
}

static void read_back(FILE *f, Buffer *out) {
  char chunk[4096];
  size_t n;
  fflush(f);
  rewind(f);
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buffer_append(out, chunk, n);
  fclose(f);
}

/* Runs `forgedesk calendar ARGS...` (NULL-terminated) and captures its output. */
static int run(Buffer *out, Buffer *errors, const char *const *args) {
  char *argv[16] = {"calendar"};
  int argc = 1;
  while (args[argc - 1]) {
    argv[argc] = (char *)args[argc - 1];
    argc++;
  }
  FILE *o = tmpfile(), *e = tmpfile();
  fflush(stdout);
  fflush(stderr);
  int saved_out = dup(STDOUT_FILENO), saved_err = dup(STDERR_FILENO);
  dup2(fileno(o), STDOUT_FILENO);
  dup2(fileno(e), STDERR_FILENO);
  int code = cmd_calendar(argc, argv);
  fflush(stdout);
  fflush(stderr);
  dup2(saved_out, STDOUT_FILENO);
  dup2(saved_err, STDERR_FILENO);
  close(saved_out);
  close(saved_err);
  read_back(o, out);
  read_back(e, errors);
  return code;
}

typedef struct CliCase {
  const char *name;
  const char *args[10]; /* "@" stands for the calendar file */
  int code;
  const char *out; /* the whole stdout expected, or NULL not to check */
  const char *err; /* text stderr must contain, or NULL */
} CliCase;

static void test_calendar_cli_prints_results_and_exit_codes(void **state) {
  (void)state;
  static const CliCase cases[] = {
      {"due in the zone's offset",
       {"due", "--calendar", "@", "--start", "2026-03-27T16:00:00Z", "--minutes", "195"},
       EXIT_OK,
       "2026-03-30T10:15:00+01:00\n",
       NULL},
      {"due from an instant with an offset",
       {"due", "--calendar", "@", "--start", "2026-08-28T16:30:00+01:00", "--minutes", "60"},
       EXIT_OK,
       "2026-09-04T08:30:00+01:00\n",
       NULL},
      {"elapsed minutes",
       {"elapsed", "--calendar", "@", "--start", "2026-03-27T16:00:00Z", "--end", "2026-03-30T10:15:00+01:00"},
       EXIT_OK,
       "195\n",
       NULL},
      {"holidays from a feed",
       {"holidays", FORGEDESK_SOURCE_DIR "/tests/unit/data/bank-holidays.ics"},
       EXIT_OK,
       "[\"2026-01-01\",\"2026-04-03\",\"2026-08-31\",\"2026-12-24\",\"2026-12-25\",\"2026-12-26\",\"2026-12-27\","
       "\"2026-12-28\"]\n",
       NULL},
      {"help", {"due", "--help"}, EXIT_OK, NULL, NULL},
      {"negative minutes are rejected",
       {"due", "--calendar", "@", "--start", "2026-03-27T16:00:00Z", "--minutes", "-5"},
       EXIT_REJECTED,
       "",
       "minutes: must be 0 or more"},
      {"minutes that are not a number",
       {"due", "--calendar", "@", "--start", "2026-03-27T16:00:00Z", "--minutes", "ten"},
       EXIT_REJECTED,
       "",
       "minutes: 'ten' is not a whole number"},
      {"a start that is not an instant",
       {"due", "--calendar", "@", "--start", "2026-03-27 16:00", "--minutes", "5"},
       EXIT_REJECTED,
       "",
       "start: '2026-03-27 16:00' is not an instant"},
      {"an end before the start",
       {"elapsed", "--calendar", "@", "--start", "2026-03-27T16:00:00Z", "--end", "2026-03-27T15:00:00Z"},
       EXIT_REJECTED,
       "",
       "end: the end is before the start"},
      {"a calendar that is not JSON",
       {"due", "--calendar", FORGEDESK_SOURCE_DIR "/tests/unit/data/bank-holidays.ics", "--start",
        "2026-03-27T16:00:00Z", "--minutes", "5"},
       EXIT_REJECTED,
       "",
       "Invalid calendar file"},
      {"a malformed .ics", {"holidays", "@"}, EXIT_REJECTED, "", "Invalid iCalendar file"},
      {"a missing option", {"due", "--calendar", "@", "--minutes", "5"}, EXIT_USAGE, "", "usage: forgedesk calendar due"},
      {"an unknown verb", {"when"}, EXIT_USAGE, "", "usage: forgedesk calendar due"},
      {"an unreadable file", {"holidays", "/nonexistent/feed.ics"}, EXIT_USAGE, "", "cannot read /nonexistent/feed.ics"},
  };
  for (size_t i = 0; i < COUNT(cases); i++) {
    const char *args[COUNT(cases[i].args) + 1] = {NULL};
    for (size_t a = 0; a < COUNT(cases[i].args) && cases[i].args[a]; a++)
      args[a] = strcmp(cases[i].args[a], "@") == 0 ? calendar_path : cases[i].args[a];
    Buffer out = BUFFER_INIT, errors = BUFFER_INIT;
    expect_int(cases[i].name, cases[i].code, run(&out, &errors, args));
    if (cases[i].out) expect_text(cases[i].name, cases[i].out, buffer_cstr(&out));
    if (cases[i].err && !strstr(buffer_cstr(&errors), cases[i].err))
      expect_fail("%s: expected stderr with \"%s\", got \"%s\"", cases[i].name, cases[i].err, buffer_cstr(&errors));
    buffer_free(&out);
    buffer_free(&errors);
  }
  expect_all_rows_passed();
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_calendar_cli_prints_results_and_exit_codes, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
