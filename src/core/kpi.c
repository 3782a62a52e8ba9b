/* The KPIs; see kpi.h. Days are counted from 1970-01-01, a Thursday, so
 * (day + 3) % 7 is the weekday with Monday 0. */
#include "core/kpi.h"

#include <stdio.h>
#include <string.h>

#include "util/timeutil.h"

static const struct {
  const char *name, *unit;
  int higher_is_better;
} kpis[KPI_COUNT] = {
    [KPI_CASES_HANDLED] = {"cases_handled", "cases", 1},
    [KPI_FIRST_RESPONSE] = {"first_response_minutes", "minutes", 0},
    [KPI_RESOLUTION] = {"resolution_hours", "hours", 0},
    [KPI_FCR] = {"first_contact_resolution", "%", 1},
    [KPI_SLA] = {"sla_compliance", "%", 1},
    [KPI_CSAT] = {"csat", "%", 1},
    [KPI_QA] = {"qa_score", "points", 1},
    [KPI_REOPEN] = {"reopen_rate", "%", 0},
};

int kpi_parse(const char *name, Kpi *kpi) {
  for (int k = 0; k < KPI_COUNT; k++)
    if (strcmp(name, kpis[k].name) == 0) {
      *kpi = (Kpi)k;
      return 0;
    }
  return -1;
}

const char *kpi_name(Kpi kpi) { return kpis[kpi].name; }
const char *kpi_unit(Kpi kpi) { return kpis[kpi].unit; }
int kpi_higher_is_better(Kpi kpi) { return kpis[kpi].higher_is_better; }

int kpi_period_parse(const char *name, KpiPeriod *period) {
  if (strcmp(name, "week") == 0) *period = KPI_WEEK;
  else if (strcmp(name, "month") == 0) *period = KPI_MONTH;
  else return -1;
  return 0;
}

static long long weekday(long long day) { return ((day + 3) % 7 + 7) % 7; }

long long kpi_period_start(long long day, KpiPeriod period) {
  if (period == KPI_WEEK) return day - weekday(day);
  char date[TIME_DATE_SIZE];
  time_date_text(day, date);
  memcpy(date + 8, "01", 2);
  return time_date_days(date);
}

long long kpi_period_next(long long start, KpiPeriod period) {
  if (period == KPI_WEEK) return start + 7;
  return kpi_period_start(start + 31, KPI_MONTH);
}

void kpi_period_key(long long day, KpiPeriod period, char out[KPI_KEY_SIZE]) {
  char date[TIME_DATE_SIZE];
  if (period == KPI_MONTH) {
    time_date_text(day, date);
    snprintf(out, KPI_KEY_SIZE, "%.7s", date);
    return;
  }
  long long thursday = day - weekday(day) + 3;
  time_date_text(thursday, date);
  char january[TIME_DATE_SIZE];
  snprintf(january, sizeof january, "%.4s-01-01", date);
  int week = (int)((thursday - time_date_days(january)) / 7 + 1); /* 1..53 */
  memcpy(out, date, 4);
  memcpy(out + 4, "-W", 2);
  out[6] = (char)('0' + week / 10);
  out[7] = (char)('0' + week % 10);
  out[8] = '\0';
}

void kpi_tally_add(KpiTally *a, const KpiTally *b) {
  a->handled += b->handled;
  a->first_response_seconds += b->first_response_seconds;
  a->first_response_n += b->first_response_n;
  a->resolution_seconds += b->resolution_seconds;
  a->resolution_n += b->resolution_n;
  a->fcr += b->fcr;
  a->reopened += b->reopened;
  a->sla_met += b->sla_met;
  a->sla_judged += b->sla_judged;
  a->csat_satisfied += b->csat_satisfied;
  a->csat_n += b->csat_n;
  a->qa_score_centi += b->qa_score_centi;
  a->qa_n += b->qa_n;
}

/* part / whole as a value in *value scaled by scale; 0 when whole is 0. */
static int ratio(int64_t part, int64_t whole, double scale, double *value) {
  if (whole <= 0) return 0;
  *value = (double)part * scale / (double)whole;
  return 1;
}

int kpi_value(const KpiTally *t, Kpi kpi, double *value) {
  switch (kpi) {
  case KPI_CASES_HANDLED:
    *value = (double)t->handled;
    return 1;
  case KPI_FIRST_RESPONSE: return ratio(t->first_response_seconds, t->first_response_n, 1.0 / 60, value);
  case KPI_RESOLUTION: return ratio(t->resolution_seconds, t->resolution_n, 1.0 / 3600, value);
  case KPI_FCR: return ratio(t->fcr, t->handled, 100, value);
  case KPI_SLA: return ratio(t->sla_met, t->sla_judged, 100, value);
  case KPI_CSAT: return ratio(t->csat_satisfied, t->csat_n, 100, value);
  case KPI_QA: return ratio(t->qa_score_centi, t->qa_n, 0.01, value);
  case KPI_REOPEN: return ratio(t->reopened, t->handled, 100, value);
  case KPI_COUNT: break;
  }
  return 0;
}

int kpi_meets(Kpi kpi, double value, double target) {
  return kpis[kpi].higher_is_better ? value >= target : value <= target;
}

int kpi_periods_below(Kpi kpi, const double *values, const int *available, int n, double target) {
  int run = 0;
  for (int i = n - 1; i >= 0 && available[i] && !kpi_meets(kpi, values[i], target); i--) run++;
  return run;
}
