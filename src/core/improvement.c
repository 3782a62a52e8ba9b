/* The PDCA stage table of improvement initiatives; see improvement.h. */
#include "core/improvement.h"

#include <string.h>

const char *const improvement_stage_names[IMPROVEMENT_STAGE_COUNT + 1] = {"plan", "do", "check", "standardised",
                                                                          "abandoned", NULL};
const char *const improvement_kpi_names[KPI_COUNT + 1] = {"complaints", "sla_compliance", "order_value", "csat",
                                                          NULL};
static const char *const missing_names[IMPROVEMENT_MISSING_COUNT] = {"plan", "kpi", "done", "after_to", "act_note"};

/* Plan → do needs the plan and the KPI that will check it; do → check needs
 * what was done and an after period that is over (the check is measured
 * then); the act step decides, with its reason; a check that shows too
 * little may go round again (check → do); an initiative may be dropped
 * before it is checked, saying why. */
static const struct {
  ImprovementStage from, to;
  unsigned needs;
} moves[] = {
    {IMPROVEMENT_PLAN, IMPROVEMENT_DO, IMPROVEMENT_MISSING_PLAN | IMPROVEMENT_MISSING_KPI},
    {IMPROVEMENT_PLAN, IMPROVEMENT_ABANDONED, IMPROVEMENT_MISSING_ACT_NOTE},
    {IMPROVEMENT_DO, IMPROVEMENT_CHECK, IMPROVEMENT_MISSING_KPI | IMPROVEMENT_MISSING_DONE | IMPROVEMENT_MISSING_AFTER},
    {IMPROVEMENT_DO, IMPROVEMENT_ABANDONED, IMPROVEMENT_MISSING_ACT_NOTE},
    {IMPROVEMENT_CHECK, IMPROVEMENT_DO, 0},
    {IMPROVEMENT_CHECK, IMPROVEMENT_STANDARDISED, IMPROVEMENT_MISSING_ACT_NOTE},
    {IMPROVEMENT_CHECK, IMPROVEMENT_ABANDONED, IMPROVEMENT_MISSING_ACT_NOTE},
};
#define MOVES (sizeof moves / sizeof moves[0])

int improvement_name_parse(const char *const *names, const char *name) {
  for (int i = 0; name && names[i]; i++)
    if (strcmp(names[i], name) == 0) return i;
  return -1;
}

const char *improvement_missing_name(ImprovementMissing bit) {
  for (unsigned i = 0; i < IMPROVEMENT_MISSING_COUNT; i++)
    if (bit == 1u << i) return missing_names[i];
  return "unknown";
}

static int blank(const char *s) { return !s || !*s; }

static unsigned unmet(const Improvement *i, unsigned needs) {
  unsigned m = 0;
  if (blank(i->plan)) m |= IMPROVEMENT_MISSING_PLAN;
  if (!i->has_kpi) m |= IMPROVEMENT_MISSING_KPI;
  if (blank(i->done)) m |= IMPROVEMENT_MISSING_DONE;
  if (!i->after_ended) m |= IMPROVEMENT_MISSING_AFTER;
  if (blank(i->act_note)) m |= IMPROVEMENT_MISSING_ACT_NOTE;
  return m & needs;
}

ImprovementVerdict improvement_move_check(const Improvement *i, ImprovementStage to, unsigned *missing) {
  if (missing) *missing = 0;
  for (size_t k = 0; k < MOVES; k++)
    if (moves[k].from == i->stage && moves[k].to == to) {
      unsigned m = unmet(i, moves[k].needs);
      if (missing) *missing = m;
      return m ? IMPROVEMENT_MOVE_INCOMPLETE : IMPROVEMENT_MOVE_ALLOWED;
    }
  return IMPROVEMENT_MOVE_NOT_NEXT;
}

size_t improvement_next_stages(ImprovementStage from, ImprovementStage *out) {
  size_t n = 0;
  for (size_t k = 0; k < MOVES; k++)
    if (moves[k].from == from) out[n++] = moves[k].to;
  return n;
}

int improvement_is_closed(ImprovementStage s) { return s == IMPROVEMENT_STANDARDISED || s == IMPROVEMENT_ABANDONED; }

int improvement_kpi_lower_is_better(ImprovementKpi kpi) { return kpi == KPI_COMPLAINTS; }

int improvement_kpi_improved(ImprovementKpi kpi, double before, double after) {
  return improvement_kpi_lower_is_better(kpi) ? after < before : after > before;
}
