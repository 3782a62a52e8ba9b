/* Retention metrics (DOMAIN.md §1, docs/RETENTION.md): what an account's
 * orders say about it over a period (customer at the start and end, order
 * value and frequency, recency, its own usual interval between orders),
 * the book-level rates built from those (retention, churn, repeat purchase,
 * lifetime value), the health score with its reasons, and silent attrition.
 * Pure: the caller loads the facts, these functions only compute. */
#ifndef FORGEDESK_RETENTION_H
#define FORGEDESK_RETENTION_H

#include <stddef.h>
#include <stdint.h>

#include "util/buffer.h"

#define RETENTION_MAX_LIFESPAN_YEARS 10.0 /* the expected lifespan when churn is (nearly) nil */
#define RETENTION_TREND_DAYS 180          /* the health score compares the last 180 days with the 180 before */
#define RETENTION_HEALTH_DAYS 365         /* complaints, SLA and surveys count over the last year */
#define RETENTION_CONTACT_FRESH_DAYS 30   /* contact this recent scores 100 */
#define RETENTION_CONTACT_STALE_DAYS 180  /* contact this old (or none) scores 0 */

/* One order: its date as days since 1970-01-01 and its value in minor units. */
typedef struct RetentionOrder {
  int64_t account_id;
  long day;
  int64_t value_minor;
} RetentionOrder;

/* A period of whole days, both ends included (from <= to). */
typedef struct RetentionPeriod {
  long from, to;
} RetentionPeriod;

/* What one account's orders say, over a period and up to its end. */
typedef struct AccountSummary {
  size_t orders_total;  /* orders up to the period's end */
  int64_t value_total;  /* their value */
  size_t orders;        /* orders in the period */
  int64_t value;        /* their value */
  long first_day, last_day; /* first and last order up to the period's end; -1 when none */
  int has_median;           /* at least two orders, so there is an interval */
  double median_interval;   /* days: median of the gaps between consecutive orders */
  int customer_at_start;    /* an order in the window days before the period began */
  int customer_at_end;      /* an order in the window days up to its last day */
  int64_t trend_recent, trend_previous; /* order value in the 180 days to the end and the 180 before */
} AccountSummary;

/* Summarises the n orders of one account, sorted by day (orders after the
 * period's end are ignored). window_days (>= 1) says how recently an account
 * must have ordered to count as a customer on a day. */
void retention_account_summarise(const RetentionOrder *orders, size_t n, RetentionPeriod period, long window_days,
                                 AccountSummary *out);
/* The median of the n values (sorted in place); 0 when n is 0. */
double retention_median(double *values, size_t n);
/* Days from the last order to day (recency); -1 when the account never ordered. */
long retention_recency(const AccountSummary *a, long day);
/* Orders per year at the rate of the period (orders × 365 / its length). */
double retention_frequency(size_t orders, RetentionPeriod period);

/* The book: sums over accounts, then the rates. */
typedef struct BookMetrics {
  size_t accounts;
  size_t at_start, at_end, new_customers, retained, lost; /* S, E, N; E − N; S − (E − N) */
  size_t ordering, repeat;                                /* accounts with >= 1 and >= 2 orders in the period */
  size_t orders;
  int64_t value;
  /* Computed by retention_book_finish; has_* say whether the rate exists. */
  int has_retention, has_repeat, has_orders;
  double retention_rate, churn_rate; /* (E − N) / S; lost / S */
  double repeat_rate;                /* repeat / ordering */
  double average_order_value;        /* value / orders */
  double frequency;                  /* orders per ordering account per year */
  double annual_churn;               /* churn over the period scaled to a year */
  double lifespan_years;             /* 1 / annual churn, at most RETENTION_MAX_LIFESPAN_YEARS */
  int lifespan_capped;
} BookMetrics;

void retention_book_add(BookMetrics *b, const AccountSummary *a);
void retention_book_finish(BookMetrics *b, RetentionPeriod period);
/* Customer lifetime value: average order value × orders per year ×
 * expected lifespan in years × margin (margin_percent < 0: unknown, left out). */
double retention_clv(double average_order_value, double frequency, double lifespan_years, int margin_percent);

/* --- the health score --------------------------------------------------------------- */
typedef enum {
  HEALTH_ORDER_TREND,
  HEALTH_COMPLAINTS,
  HEALTH_SLA,
  HEALTH_SURVEYS,
  HEALTH_CONTACT,
  HEALTH_COMPONENT_COUNT
} HealthComponent;

/* "order_trend", "complaints", "sla", "surveys", "contact". */
extern const char *const health_component_names[HEALTH_COMPONENT_COUNT + 1];

/* What the score is computed from. */
typedef struct HealthInputs {
  int ever_ordered;
  int64_t recent_value, previous_value; /* order value in the last 180 days and the 180 before */
  long complaints;                      /* complaints opened in the last year */
  long sla_cases, sla_breached;         /* cases under an SLA opened in the last year; those with a breach */
  long survey_answers;                  /* survey answers in the last year */
  double survey_percent;                /* their mean on a 0–100 scale where 100 is best */
  long days_since_contact;              /* since the last interaction; -1 when there was none */
} HealthInputs;

typedef struct HealthPart {
  int counted; /* 0: no evidence, left out of the score (not counted as zero) */
  int score;   /* 0–100 when counted */
  int weight;
  Buffer reason; /* owned: the reason in plain words */
} HealthPart;

typedef struct HealthScore {
  int score; /* 0–100; -1 when no weighted component was counted */
  HealthPart parts[HEALTH_COMPONENT_COUNT];
} HealthScore;

/* Scores each component, then the weighted mean of those counted (weights
 * 0–100, indexed by HealthComponent). out's reasons are owned by out
 * (health_score_free). */
void retention_health(const HealthInputs *in, const int weights[HEALTH_COMPONENT_COUNT], HealthScore *out);
void health_score_free(HealthScore *h);
/* The same score without the reasons (nothing to free): what a list sorts by. */
int retention_health_score(const HealthInputs *in, const int weights[HEALTH_COMPONENT_COUNT]);

/* --- silent attrition ----------------------------------------------------------------- */
typedef struct SilentRule {
  int min_orders;       /* history needed (default 4) */
  int multiple_percent; /* time since the last order must exceed this % of the median interval (default 200) */
} SilentRule;

/* 1 when the account has at least min_orders orders, a median interval
 * above zero, and more than multiple × median days since its last order at
 * day; 0 otherwise. */
int retention_is_silent(const AccountSummary *a, long day, SilentRule rule);
/* What a silent account's usual rhythm would bring in a year: average order
 * value over its history × 365 / median interval (0 without a median). */
double retention_value_at_risk(const AccountSummary *a);

#endif
