/* Continuous improvement after PDCA (DOMAIN.md §3, docs/RETENTION.md): an
 * initiative's stages as one transition table with what each move needs,
 * and the KPIs forgedesk measures before and after to check it, with which
 * way is better. Pure: no I/O. */
#ifndef FORGEDESK_IMPROVEMENT_H
#define FORGEDESK_IMPROVEMENT_H

#include <stddef.h>

typedef enum {
  IMPROVEMENT_PLAN,
  IMPROVEMENT_DO,
  IMPROVEMENT_CHECK,
  IMPROVEMENT_STANDARDISED, /* act: the change becomes the standard */
  IMPROVEMENT_ABANDONED,    /* act: the change is dropped */
  IMPROVEMENT_STAGE_COUNT
} ImprovementStage;

/* The KPIs a check can measure for a period. */
typedef enum {
  KPI_COMPLAINTS,     /* complaints opened (optionally of one root-cause category); lower is better */
  KPI_SLA_COMPLIANCE, /* % of decided SLA-covered cases with no target breached; higher is better */
  KPI_ORDER_VALUE,    /* value of the orders placed; higher is better */
  KPI_CSAT,           /* % of CSAT answers that are 4 or 5; higher is better */
  KPI_COUNT
} ImprovementKpi;

/* What a move may still lack, as bits. */
typedef enum {
  IMPROVEMENT_MISSING_PLAN = 1u << 0,     /* the plan text */
  IMPROVEMENT_MISSING_KPI = 1u << 1,      /* the KPI and both periods */
  IMPROVEMENT_MISSING_DONE = 1u << 2,     /* what was done */
  IMPROVEMENT_MISSING_AFTER = 1u << 3,    /* the after period has not ended yet */
  IMPROVEMENT_MISSING_ACT_NOTE = 1u << 4, /* why it is standardised or abandoned */
  IMPROVEMENT_MISSING_COUNT = 5
} ImprovementMissing;

/* What is known about an initiative; strings borrowed, NULL or "" when not written. */
typedef struct Improvement {
  ImprovementStage stage;
  const char *plan, *done, *act_note;
  int has_kpi;     /* a KPI and both periods are set */
  int after_ended; /* the after period's last day is before today */
} Improvement;

typedef enum {
  IMPROVEMENT_MOVE_ALLOWED,
  IMPROVEMENT_MOVE_NOT_NEXT, /* the table has no such move */
  IMPROVEMENT_MOVE_INCOMPLETE,
} ImprovementVerdict;

/* Names in enum order, NULL-terminated. */
extern const char *const improvement_stage_names[], *const improvement_kpi_names[];
/* The index of name in names, or -1. */
int improvement_name_parse(const char *const *names, const char *name);
const char *improvement_missing_name(ImprovementMissing bit);
/* Whether i may move to `to`; *missing (may be NULL) receives what it lacks. */
ImprovementVerdict improvement_move_check(const Improvement *i, ImprovementStage to, unsigned *missing);
/* The stages the table has from `from` (out holds IMPROVEMENT_STAGE_COUNT); returns how many. */
size_t improvement_next_stages(ImprovementStage from, ImprovementStage *out);
/* 1 when the initiative is closed (standardised or abandoned): nothing changes any more. */
int improvement_is_closed(ImprovementStage s);
/* 1 when lower values of kpi are better. */
int improvement_kpi_lower_is_better(ImprovementKpi kpi);
/* 1 when after is better than before for kpi, 0 when not (equal is not better). */
int improvement_kpi_improved(ImprovementKpi kpi, double before, double after);

#endif
