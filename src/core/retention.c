/* The retention metrics, health score and silent-attrition rule; see
 * retention.h and docs/RETENTION.md for every formula. */
#include "core/retention.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *const health_component_names[HEALTH_COMPONENT_COUNT + 1] = {"order_trend", "complaints", "sla",
                                                                        "surveys", "contact", NULL};

static int by_value(const void *x, const void *y) {
  double a = *(const double *)x, b = *(const double *)y;
  return a < b ? -1 : a > b;
}

double retention_median(double *values, size_t n) {
  if (n == 0) return 0;
  qsort(values, n, sizeof *values, by_value);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

void retention_account_summarise(const RetentionOrder *orders, size_t n, RetentionPeriod period, long window_days,
                                 AccountSummary *out) {
  memset(out, 0, sizeof *out);
  out->first_day = out->last_day = -1;
  double *gaps = n > 1 ? malloc((n - 1) * sizeof *gaps) : NULL;
  if (n > 1 && !gaps) abort();
  size_t ngaps = 0;
  for (size_t i = 0; i < n; i++) {
    const RetentionOrder *o = &orders[i];
    if (o->day > period.to) break;
    if (out->last_day >= 0) gaps[ngaps++] = (double)(o->day - out->last_day);
    if (out->first_day < 0) out->first_day = o->day;
    out->last_day = o->day;
    out->orders_total++;
    out->value_total += o->value_minor;
    if (o->day >= period.from) {
      out->orders++;
      out->value += o->value_minor;
    }
    if (o->day < period.from && o->day >= period.from - window_days) out->customer_at_start = 1;
    if (o->day > period.to - window_days) out->customer_at_end = 1;
    if (o->day > period.to - RETENTION_TREND_DAYS) out->trend_recent += o->value_minor;
    else if (o->day > period.to - 2 * RETENTION_TREND_DAYS) out->trend_previous += o->value_minor;
  }
  out->has_median = ngaps > 0;
  out->median_interval = retention_median(gaps, ngaps);
  free(gaps);
}

long retention_recency(const AccountSummary *a, long day) { return a->last_day < 0 ? -1 : day - a->last_day; }

double retention_frequency(size_t orders, RetentionPeriod period) {
  return (double)orders * 365.0 / (double)(period.to - period.from + 1);
}

void retention_book_add(BookMetrics *b, const AccountSummary *a) {
  b->accounts++;
  b->at_start += (size_t)a->customer_at_start;
  b->at_end += (size_t)a->customer_at_end;
  b->new_customers += (size_t)(a->customer_at_end && !a->customer_at_start);
  b->retained += (size_t)(a->customer_at_end && a->customer_at_start);
  b->lost += (size_t)(a->customer_at_start && !a->customer_at_end);
  b->ordering += (size_t)(a->orders >= 1);
  b->repeat += (size_t)(a->orders >= 2);
  b->orders += a->orders;
  b->value += a->value;
}

void retention_book_finish(BookMetrics *b, RetentionPeriod period) {
  b->has_retention = b->at_start > 0;
  b->retention_rate = b->has_retention ? (double)(b->at_end - b->new_customers) / (double)b->at_start : 0;
  b->churn_rate = b->has_retention ? (double)b->lost / (double)b->at_start : 0;
  b->has_repeat = b->ordering > 0;
  b->repeat_rate = b->has_repeat ? (double)b->repeat / (double)b->ordering : 0;
  b->has_orders = b->orders > 0;
  b->average_order_value = b->has_orders ? (double)b->value / (double)b->orders : 0;
  b->frequency = b->ordering ? retention_frequency(b->orders, period) / (double)b->ordering : 0;
  b->annual_churn = b->churn_rate * 365.0 / (double)(period.to - period.from + 1);
  b->lifespan_capped = b->annual_churn <= 1.0 / RETENTION_MAX_LIFESPAN_YEARS;
  b->lifespan_years = b->lifespan_capped ? RETENTION_MAX_LIFESPAN_YEARS : 1.0 / b->annual_churn;
}

double retention_clv(double average_order_value, double frequency, double lifespan_years, int margin_percent) {
  double clv = average_order_value * frequency * lifespan_years;
  return margin_percent >= 0 ? clv * margin_percent / 100.0 : clv;
}

/* --- the health score ----------------------------------------------------------------- */

static int clamp_score(double v) { return v <= 0 ? 0 : v >= 100 ? 100 : (int)lround(v); }

/* A part's reason, when reasons are written (reason not NULL). */
static void say(Buffer *reason, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(Buffer *reason, const char *fmt, ...) {
  if (!reason) return;
  va_list ap;
  va_start(ap, fmt);
  buffer_vprintf(reason, fmt, ap);
  va_end(ap);
}

static void score_order_trend(const HealthInputs *in, HealthPart *p, Buffer *reason) {
  if (!in->ever_ordered) {
    say(reason, "No orders yet: order trend left out");
    return;
  }
  p->counted = 1;
  if (in->recent_value == 0 && in->previous_value == 0) {
    p->score = 0;
    say(reason, "No orders in the last %d days", 2 * RETENTION_TREND_DAYS);
  } else if (in->previous_value == 0) {
    p->score = 100;
    say(reason, "Ordering in the last %d days after none in the %d before", RETENTION_TREND_DAYS,
                  RETENTION_TREND_DAYS);
  } else {
    double ratio = (double)in->recent_value / (double)in->previous_value;
    p->score = clamp_score(100.0 * ratio);
    long change = lround(100.0 * (ratio - 1.0));
    if (change == 0)
      say(reason, "Order value in the last %d days is level with the %d days before",
                    RETENTION_TREND_DAYS, RETENTION_TREND_DAYS);
    else
      say(reason, "Order value in the last %d days is %ld%% %s the %d days before", RETENTION_TREND_DAYS,
                    labs(change), change < 0 ? "below" : "above", RETENTION_TREND_DAYS);
  }
}

static void score_complaints(const HealthInputs *in, HealthPart *p, Buffer *reason) {
  p->counted = 1;
  p->score = clamp_score(100.0 - 25.0 * (double)in->complaints);
  if (in->complaints == 0) say(reason, "No complaints in the last %d days", RETENTION_HEALTH_DAYS);
  else
    say(reason, "%ld complaint%s in the last %d days", in->complaints, in->complaints == 1 ? "" : "s",
                  RETENTION_HEALTH_DAYS);
}

static void score_sla(const HealthInputs *in, HealthPart *p, Buffer *reason) {
  if (in->sla_cases == 0) {
    say(reason, "No cases under an SLA in the last %d days: SLA left out", RETENTION_HEALTH_DAYS);
    return;
  }
  p->counted = 1;
  p->score = clamp_score(100.0 * (1.0 - (double)in->sla_breached / (double)in->sla_cases));
  say(reason, "%ld of %ld case%s under an SLA in the last %d days breached a target", in->sla_breached,
                in->sla_cases, in->sla_cases == 1 ? "" : "s", RETENTION_HEALTH_DAYS);
}

static void score_surveys(const HealthInputs *in, HealthPart *p, Buffer *reason) {
  if (in->survey_answers == 0) {
    say(reason, "No survey answers in the last %d days: surveys left out", RETENTION_HEALTH_DAYS);
    return;
  }
  p->counted = 1;
  p->score = clamp_score(in->survey_percent);
  say(reason, "Survey answers average %d out of 100 (%ld answer%s in the last %d days)", p->score,
                in->survey_answers, in->survey_answers == 1 ? "" : "s", RETENTION_HEALTH_DAYS);
}

static void score_contact(const HealthInputs *in, HealthPart *p, Buffer *reason) {
  p->counted = 1;
  long days = in->days_since_contact;
  if (days < 0) {
    p->score = 0;
    say(reason, "No contact recorded");
    return;
  }
  double span = RETENTION_CONTACT_STALE_DAYS - RETENTION_CONTACT_FRESH_DAYS;
  p->score = clamp_score(100.0 * (RETENTION_CONTACT_STALE_DAYS - (double)days) / span);
  if (days == 0) say(reason, "Last contact today");
  else say(reason, "Last contact %ld day%s ago", days, days == 1 ? "" : "s");
}

/* The score, and with reasons the reason of each part. */
static void health(const HealthInputs *in, const int weights[HEALTH_COMPONENT_COUNT], int reasons, HealthScore *out) {
  static void (*const scorers[HEALTH_COMPONENT_COUNT])(const HealthInputs *, HealthPart *, Buffer *) = {
      [HEALTH_ORDER_TREND] = score_order_trend, [HEALTH_COMPLAINTS] = score_complaints, [HEALTH_SLA] = score_sla,
      [HEALTH_SURVEYS] = score_surveys,         [HEALTH_CONTACT] = score_contact,
  };
  double sum = 0;
  int total = 0;
  for (int c = 0; c < HEALTH_COMPONENT_COUNT; c++) {
    HealthPart *p = &out->parts[c];
    *p = (HealthPart){.weight = weights[c], .reason = BUFFER_INIT};
    scorers[c](in, p, reasons ? &p->reason : NULL);
    if (p->counted && p->weight > 0) {
      sum += (double)p->weight * p->score;
      total += p->weight;
    }
  }
  out->score = total ? clamp_score(sum / total) : -1;
}

void retention_health(const HealthInputs *in, const int weights[HEALTH_COMPONENT_COUNT], HealthScore *out) {
  health(in, weights, 1, out);
}

int retention_health_score(const HealthInputs *in, const int weights[HEALTH_COMPONENT_COUNT]) {
  HealthScore h;
  health(in, weights, 0, &h);
  return h.score;
}

void health_score_free(HealthScore *h) {
  for (int c = 0; c < HEALTH_COMPONENT_COUNT; c++) buffer_free(&h->parts[c].reason);
}

/* --- silent attrition ------------------------------------------------------------------ */

int retention_is_silent(const AccountSummary *a, long day, SilentRule rule) {
  if (a->orders_total < (size_t)rule.min_orders || !a->has_median || a->median_interval <= 0) return 0;
  return (double)(day - a->last_day) * 100.0 > a->median_interval * rule.multiple_percent;
}

double retention_value_at_risk(const AccountSummary *a) {
  if (!a->has_median || a->median_interval <= 0 || a->orders_total == 0) return 0;
  return (double)a->value_total / (double)a->orders_total * 365.0 / a->median_interval;
}
