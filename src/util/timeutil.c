/* RFC 3339 instants and calendar dates; see timeutil.h. */
#include "util/timeutil.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void time_format(time_t t, char out[TIME_TEXT_SIZE]) {
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, TIME_TEXT_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void time_now_text(char out[TIME_TEXT_SIZE]) { time_format(time(NULL), out); }

static int days_in_month(int year, int month) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}

static int digits(const char *s, int n) {
  for (int i = 0; i < n; i++)
    if (!isdigit((unsigned char)s[i])) return 0;
  return 1;
}

static int parse_date(const char *s, int *y, int *m, int *d) {
  if (!(digits(s, 4) && s[4] == '-' && digits(s + 5, 2) && s[7] == '-' && digits(s + 8, 2))) return -1;
  *y = atoi(s), *m = atoi(s + 5), *d = atoi(s + 8);
  if (*y < 1900 || *y > 2999 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m)) return -1;
  return 0;
}

int time_check_date(const char *s) {
  int y, m, d;
  return strlen(s) == 10 && parse_date(s, &y, &m, &d) == 0 ? 0 : -1;
}

long long time_date_days(const char *date) {
  /* Days from civil (the proleptic Gregorian calendar) by arithmetic: retention reads every order's date. */
  long long y = atoi(date), m = atoi(date + 5), d = atoi(date + 8);
  y -= m <= 2;
  long long era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
  long long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

void time_date_text(long long days, char out[TIME_DATE_SIZE]) {
  char t[TIME_TEXT_SIZE];
  time_format((time_t)(days * 86400), t);
  memcpy(out, t, TIME_DATE_SIZE - 1);
  out[TIME_DATE_SIZE - 1] = '\0';
}

long long time_day_of(const char *instant) {
  char d[TIME_DATE_SIZE] = "";
  memcpy(d, instant, strnlen(instant, TIME_DATE_SIZE - 1));
  return time_date_days(d);
}

int time_parse(const char *s, time_t *t) {
  int y, mo, d;
  if (strlen(s) < 20 || parse_date(s, &y, &mo, &d) || (s[10] != 'T' && s[10] != 't')) return -1;
  const char *p = s + 11;
  if (!(digits(p, 2) && p[2] == ':' && digits(p + 3, 2) && p[5] == ':' && digits(p + 6, 2))) return -1;
  int h = atoi(p), mi = atoi(p + 3), se = atoi(p + 6);
  if (h > 23 || mi > 59 || se > 60) return -1;
  p += 8;
  if (*p == '.') {
    p++;
    if (!isdigit((unsigned char)*p)) return -1;
    while (isdigit((unsigned char)*p)) p++;
  }
  long offset = 0;
  if (*p == 'Z' || *p == 'z') {
    p++;
  } else if ((*p == '+' || *p == '-') && digits(p + 1, 2) && p[3] == ':' && digits(p + 4, 2)) {
    int offset_hours = atoi(p + 1), offset_minutes = atoi(p + 4);
    if (offset_hours > 23 || offset_minutes > 59) return -1; /* RFC 3339 time-numoffset */
    offset = (offset_hours * 60 + offset_minutes) * 60L * (*p == '-' ? -1 : 1);
    p += 6;
  } else {
    return -1;
  }
  if (*p) return -1;
  struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi, .tm_sec = se};
  *t = timegm(&tm) - offset;
  return 0;
}

double time_ms_since(const struct timespec *start) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - start->tv_sec) * 1e3 + (double)(now.tv_nsec - start->tv_nsec) / 1e6;
}
