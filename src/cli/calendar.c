/* `forgedesk calendar`: business-time arithmetic from the command line (a due
 * instant, the business minutes between two instants) and holiday dates read
 * from an iCalendar feed, to try a calendar file before an SLA policy uses it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/calendar.h"
#include "util/ics.h"
#include "util/timeutil.h"

static const CliOptionSpec calendar_specs[] = {
    {"--calendar", 1}, {"--start", 1}, {"--end", 1}, {"--minutes", 1}, {NULL, 0}};

/* A problem the input caused: print it with the field named, exit 3. */
static int calendar_reject(Error *err) {
  cli_fail(err);
  error_clear(err);
  return EXIT_REJECTED;
}

/* Reads option name as an RFC 3339 instant; field errors name it without "--". */
static int calendar_instant(const CliOptions *o, const char *name, time_t *t, Error *err) {
  const char *text = cli_value(o, calendar_specs, name, "");
  if (time_parse(text, t) == 0) return 0;
  return error_field(err, name + 2, "'%s' is not an instant such as 2026-03-27T16:00:00+00:00", text);
}

/* Loads --calendar FILE, compiled around instant `around`. */
static int calendar_load(const CliOptions *o, time_t around, Calendar **cal, Error *err) {
  const char *path = cli_value(o, calendar_specs, "--calendar", "");
  json_error_t jerr;
  json_t *json = json_load_file(path, 0, &jerr);
  if (!json) return error_set(err, 422, "Invalid calendar file", "%s:%d:%d: %s", path, jerr.line, jerr.column, jerr.text);
  int rc = calendar_parse(json, around, cal, err);
  json_decref(json);
  return rc;
}

/* Prints instant t in the calendar's zone. */
static int calendar_print_instant(const Calendar *cal, time_t t, Error *err) {
  Buffer out = BUFFER_INIT;
  int rc = calendar_format_instant(cal, t, &out, err);
  if (!rc) printf("%s\n", buffer_cstr(&out));
  buffer_free(&out);
  return rc;
}

static int calendar_due(const CliOptions *o, Error *err) {
  time_t start, due;
  const char *text = cli_value(o, calendar_specs, "--minutes", "");
  char *end = NULL;
  errno = 0;
  long long minutes = strtoll(text, &end, 10);
  if (calendar_instant(o, "--start", &start, err)) return -1;
  if (!*text || *end || errno) return error_field(err, "minutes", "'%s' is not a whole number", text);
  Calendar *cal = NULL;
  int rc = calendar_load(o, start, &cal, err);
  if (!rc) rc = calendar_add_minutes(cal, start, minutes, &due, err);
  if (!rc) rc = calendar_print_instant(cal, due, err);
  calendar_free(cal);
  return rc;
}

static int calendar_elapsed(const CliOptions *o, Error *err) {
  time_t start, end;
  int64_t minutes;
  if (calendar_instant(o, "--start", &start, err) || calendar_instant(o, "--end", &end, err)) return -1;
  Calendar *cal = NULL;
  int rc = calendar_load(o, start, &cal, err);
  if (!rc) rc = calendar_elapsed_minutes(cal, start, end, &minutes, err);
  if (!rc) printf("%lld\n", (long long)minutes);
  calendar_free(cal);
  return rc;
}

static int calendar_holidays(const CliOptions *o, Error *err) {
  Buffer text = BUFFER_INIT;
  json_t *dates = NULL;
  if (cli_read_file(o->args[1], &text)) return error_set(err, 400, "Unreadable file", "%s", o->args[1]);
  int rc = ics_read_holidays(buffer_cstr(&text), &dates, err);
  buffer_free(&text);
  if (rc) return -1;
  char *json = json_dumps(dates, JSON_COMPACT);
  printf("%s\n", json);
  free(json);
  json_decref(dates);
  return 0;
}

/* The subcommands: what each needs (options, then how many arguments after
 * the verb) and its usage, printed for --help and on a usage error. */
static const struct {
  const char *verb;
  int (*run)(const CliOptions *o, Error *err);
  const char *const needs[3];
  int nargs;
  const char *usage;
} calendar_commands[] = {
    {"due", calendar_due, {"--calendar", "--start", "--minutes"}, 1,
     "usage: forgedesk calendar due --calendar FILE.json --start INSTANT --minutes N\n\n"
     "Prints the instant N business minutes after INSTANT (RFC 3339, e.g.\n"
     "2026-03-27T16:00:00Z or 2026-03-27T17:00:00+01:00) in the calendar's zone,\n"
     "e.g. 2026-03-30T10:15:00+01:00. A due time landing on a closing time is that\n"
     "closing time; --minutes 0 gives INSTANT itself. See docs/CALENDARS.md.\n"},
    {"elapsed", calendar_elapsed, {"--calendar", "--start", "--end"}, 1,
     "usage: forgedesk calendar elapsed --calendar FILE.json --start INSTANT --end INSTANT\n\n"
     "Prints the whole business minutes between the two instants (RFC 3339);\n"
     "an end before the start is refused.\n"},
    {"holidays", calendar_holidays, {NULL}, 2,
     "usage: forgedesk calendar holidays FILE.ics\n\n"
     "Prints the dates of the all-day events of an iCalendar file (such as a\n"
     "bank-holiday feed) as a JSON array, for a calendar's \"holidays\".\n"
     "Timed and recurring events are refused.\n"},
};

int cmd_calendar(int argc, char **argv) {
  static const char usage[] =
      "usage: forgedesk calendar due --calendar FILE.json --start INSTANT --minutes N\n"
      "       forgedesk calendar elapsed --calendar FILE.json --start INSTANT --end INSTANT\n"
      "       forgedesk calendar holidays FILE.ics\n\n"
      "A calendar file is JSON: {\"tz\": \"Europe/London\", \"hours\": {\"mon\":\n"
      "[[\"08:00\",\"12:30\"],[\"13:15\",\"17:00\"]], ...}, \"holidays\": [\"2026-12-25\", ...]}.\n"
      "Run `forgedesk calendar VERB --help` for each. Exit codes: 0 done; 2 usage or\n"
      "an unreadable file; 3 input rejected (a bad calendar, instant or number, named).\n";
  size_t c = 0, n = sizeof calendar_commands / sizeof calendar_commands[0];
  while (argc >= 2 && c < n && strcmp(argv[1], calendar_commands[c].verb) != 0) c++;
  CliOptions o;
  int p = cli_parse(argc, argv, calendar_specs, c < n ? calendar_commands[c].usage : usage, &o);
  if (p) return p > 0 ? EXIT_OK : EXIT_USAGE;
  int ok = c < n && o.nargs == calendar_commands[c].nargs;
  for (size_t i = 0; ok && i < 3 && calendar_commands[c].needs[i]; i++)
    ok = cli_value(&o, calendar_specs, calendar_commands[c].needs[i], NULL) != NULL;
  if (!ok) {
    fprintf(stderr, "%s", c < n ? calendar_commands[c].usage : usage);
    return EXIT_USAGE;
  }
  Error err = ERROR_INIT;
  if (calendar_commands[c].run(&o, &err) == 0) return EXIT_OK;
  if (err.status == 400) {
    error_clear(&err);
    return EXIT_USAGE; /* cli_read_file has said why */
  }
  return calendar_reject(&err);
}
