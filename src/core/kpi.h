/* Service KPIs of a person or a team (docs/PERFORMANCE-MANAGEMENT.md): the
 * eight KPIs, the ISO weeks and months they are reported by, their values
 * from the tallies the store sums per day, how a value compares with its
 * standard, and the run of periods below standard that raises a signal.
 * Pure arithmetic, no I/O. */
#ifndef FORGEDESK_KPI_H
#define FORGEDESK_KPI_H

#include <stdint.h>

typedef enum {
  KPI_CASES_HANDLED,  /* cases resolved, count */
  KPI_FIRST_RESPONSE, /* mean minutes from opening to the first outbound reply */
  KPI_RESOLUTION,     /* mean hours from opening to resolution */
  KPI_FCR,            /* % of resolved cases resolved at first contact */
  KPI_SLA,            /* % of resolved cases whose SLA clocks were all met */
  KPI_CSAT,           /* % of CSAT answers that are satisfied (4 or 5) */
  KPI_QA,             /* mean score of submitted QA reviews, 0-100 */
  KPI_REOPEN,         /* % of resolved cases that were reopened */
  KPI_COUNT
} Kpi;

typedef enum { KPI_WEEK, KPI_MONTH } KpiPeriod;

/* Sums of one period (or day); what every KPI's value is computed from. */
typedef struct KpiTally {
  int64_t handled;
  int64_t first_response_seconds, first_response_n;
  int64_t resolution_seconds, resolution_n;
  int64_t fcr, reopened;
  int64_t sla_met, sla_judged;
  int64_t csat_satisfied, csat_n;
  int64_t qa_score_centi, qa_n; /* sum of scores in hundredths of a point */
} KpiTally;

/* Parses a KPI name ("first_response_minutes"); 0, or -1 when unknown. */
int kpi_parse(const char *name, Kpi *kpi);
const char *kpi_name(Kpi kpi);
/* The unit a value is given in ("cases", "minutes", "hours", "%", "points"). */
const char *kpi_unit(Kpi kpi);
/* 1 when a higher value is better, 0 when lower is better. */
int kpi_higher_is_better(Kpi kpi);
/* Parses "week" or "month"; 0, or -1 when unknown. */
int kpi_period_parse(const char *name, KpiPeriod *period);

/* The first day (days since 1970-01-01) of the period holding day: its ISO
 * week's Monday or the first of its month. */
long long kpi_period_start(long long day, KpiPeriod period);
/* The first day of the period after the one starting on start. */
long long kpi_period_next(long long start, KpiPeriod period);
#define KPI_KEY_SIZE 9 /* "2026-W05" or "2026-01" and its NUL */
/* The period's name: the ISO week "YYYY-Www" (its year is the ISO year,
 * the year of the week's Thursday) or the month "YYYY-MM". */
void kpi_period_key(long long day, KpiPeriod period, char out[KPI_KEY_SIZE]);

/* Adds b's sums into a. */
void kpi_tally_add(KpiTally *a, const KpiTally *b);
/* The KPI's value in *value: 1 when the tally holds data for it, 0 when it
 * has none (no cases, no answers, no reviews): the KPI is then not shown,
 * never shown as zero. */
int kpi_value(const KpiTally *t, Kpi kpi, double *value);
/* 1 when value meets the target in the KPI's direction (equal meets). */
int kpi_meets(Kpi kpi, double value, double target);
/* How many of the last periods in a row are below target: values[i] is
 * period i's value when available[i], oldest first. A period without data
 * ends the run: there is no evidence in it either way. */
int kpi_periods_below(Kpi kpi, const double *values, const int *available, int n, double target);

#endif
