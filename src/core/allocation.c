/* Work allocation: the decision of who takes a case, with a verdict per
 * candidate, and the sentences that explain it; see allocation.h for the
 * rules and docs/TEAM.md for why they are these. */
#include "core/allocation.h"

#include <assert.h>

const char *const allocation_mode_names[] = {"manual", "suggest", "automatic", NULL};

int allocation_case_points(int priority, time_t due, time_t now) {
  int points = priority >= 1 && priority <= 4 ? 5 - priority : 1;
  if (due && due - now <= ALLOCATION_URGENT_SECONDS) return points * 3;
  if (due && due - now <= ALLOCATION_SOON_SECONDS) return points * 2;
  return points;
}

AllocationRisk allocation_case_risk(int priority, time_t due, time_t now) {
  if (priority <= 1 || (due && due - now < ALLOCATION_URGENT_SECONDS)) return ALLOCATION_RISK_HIGH;
  if (priority >= 3 && (!due || due - now > ALLOCATION_SOON_SECONDS)) return ALLOCATION_RISK_LOW;
  return ALLOCATION_RISK_MEDIUM;
}

int allocation_required_level(int skill_case_level, int priority) {
  int level = skill_case_level + (priority <= 1 ? 1 : 0);
  return level > ALLOCATION_LEVEL_MAX ? ALLOCATION_LEVEL_MAX : level;
}

/* Whether a is preferred to b under rule (both candidates of that rule). */
static int better(const AllocationCandidate *a, int64_t a_id, const AllocationCandidate *b, int64_t b_id,
                  AllocationRule rule) {
  if (rule == ALLOCATION_RULE_HIGH_RISK && a->urgent != b->urgent) return a->urgent < b->urgent;
  if (a->load != b->load) return a->load < b->load;
  if (a->margin != b->margin) return a->margin > b->margin;
  if (a->open != b->open) return a->open < b->open;
  return a_id < b_id;
}

/* Sets c's verdict from the person's presence, workload and skills. */
static void judge(const AllocationTeam *t, const AllocationPerson *p, const AllocationCase *k,
                  AllocationCandidate *c) {
  static const Verdict by_presence[] = {[PRESENCE_ABSENT] = VERDICT_ABSENT, [PRESENCE_OFF_SHIFT] = VERDICT_OFF_SHIFT,
                                        [PRESENCE_INACTIVE] = VERDICT_INACTIVE};
  c->missing = -1;
  if (p->presence != PRESENCE_AVAILABLE) {
    c->verdict = by_presence[p->presence];
    return;
  }
  if (c->load >= t->max_load) {
    c->verdict = VERDICT_FULL;
    return;
  }
  int stretch = 0;
  for (size_t n = 0; n < k->nneeds; n++) {
    int s = k->needs[n].skill, need = k->needs[n].level;
    int level = s >= 0 ? p->levels[s] : 0;
    if (level >= need) {
      c->margin += level - need;
      continue;
    }
    /* One level short with a goal that reaches it: a stretch, for one skill at most. */
    if (s >= 0 && !stretch && level + 1 == need && p->goals[s] >= need) {
      stretch = 1;
      c->missing = (int)n;
      continue;
    }
    c->verdict = VERDICT_LACKS_SKILL;
    c->missing = (int)n;
    return;
  }
  c->verdict = stretch ? VERDICT_STRETCH : VERDICT_QUALIFIED;
}

void allocation_decide(const AllocationTeam *t, const AllocationCase *k, time_t now, AllocationCandidate *cands,
                       AllocationDecision *out) {
  for (size_t i = 0; i < t->npeople; i++) cands[i] = (AllocationCandidate){0};
  for (size_t i = 0; i < t->nopen; i++) {
    const AllocationOpenCase *o = &t->open[i];
    assert(o->person >= 0 && (size_t)o->person < t->npeople);
    AllocationCandidate *c = &cands[o->person];
    c->load += allocation_case_points(o->priority, o->due, now);
    c->open++;
    c->urgent += o->due && o->due - now <= ALLOCATION_URGENT_SECONDS;
    c->open_stretch += o->stretch;
  }
  out->risk = allocation_case_risk(k->priority, k->due, now);
  out->complexity = 0;
  for (size_t n = 0; n < k->nneeds; n++) out->complexity += k->needs[n].level;
  int best = -1, best_stretch = -1;
  AllocationRule rule = out->risk == ALLOCATION_RISK_HIGH ? ALLOCATION_RULE_HIGH_RISK : ALLOCATION_RULE_LEAST_WORKLOAD;
  for (size_t i = 0; i < t->npeople; i++) {
    AllocationCandidate *c = &cands[i];
    judge(t, &t->people[i], k, c);
    if (c->verdict == VERDICT_QUALIFIED) {
      if (best < 0 || better(c, t->people[i].id, &cands[best], t->people[best].id, rule)) best = (int)i;
    } else if (c->verdict == VERDICT_STRETCH) {
      if (out->risk != ALLOCATION_RISK_LOW) c->verdict = VERDICT_STRETCH_RISK;
      else if (c->open_stretch >= ALLOCATION_STRETCH_OPEN_MAX) c->verdict = VERDICT_STRETCH_FULL;
      else if (best_stretch < 0 || better(c, t->people[i].id, &cands[best_stretch], t->people[best_stretch].id,
                                          ALLOCATION_RULE_STRETCH))
        best_stretch = (int)i;
    }
  }
  out->stretch_need = -1;
  if (best_stretch >= 0) {
    out->rule = ALLOCATION_RULE_STRETCH;
    out->chosen = best_stretch;
    out->stretch_need = cands[best_stretch].missing;
  } else if (best >= 0) {
    out->rule = rule;
    out->chosen = best;
  } else {
    out->rule = ALLOCATION_RULE_NOBODY;
    out->chosen = -1;
  }
  if (out->chosen >= 0) cands[out->chosen].verdict = VERDICT_CHOSEN;
}

/* --- names and sentences ------------------------------------------------------------------ */

const char *allocation_rule_name(AllocationRule rule) {
  static const char *const names[] = {"least_workload", "high_risk", "stretch", "nobody"};
  return names[rule];
}

const char *allocation_risk_name(AllocationRisk risk) {
  static const char *const names[] = {"low", "medium", "high"};
  return names[risk];
}

const char *allocation_verdict_name(Verdict v) {
  static const char *const names[] = {"chosen", "qualified", "stretch", "inactive", "absent",
                                      "off_shift", "full", "lacks_skill", "stretch_full", "stretch_risk"};
  return names[v];
}

const char *presence_name(Presence p) {
  static const char *const names[] = {"available", "absent", "off_shift", "inactive"};
  return names[p];
}

void allocation_explain_rule(const AllocationDecision *d, Buffer *out) {
  static const char *const risk_words[] = {"low", "medium", "high"};
  switch (d->rule) {
  case ALLOCATION_RULE_STRETCH:
    buffer_printf(out, "The SLA risk is low, so a person developing a required skill got it as a stretch case; "
                         "their mentor is told.");
    break;
  case ALLOCATION_RULE_HIGH_RISK:
    buffer_printf(out, "The SLA risk is high, so the qualified person with the fewest cases near breach got it "
                       "(then the least workload).");
    break;
  case ALLOCATION_RULE_LEAST_WORKLOAD:
    buffer_printf(out, "The SLA risk is %s, so the qualified person with the least workload got it.",
                  risk_words[d->risk]);
    break;
  case ALLOCATION_RULE_NOBODY:
    buffer_printf(out, "Nobody available holds the required skills with room in their workload; the case waits "
                       "unassigned and is tried again.");
    break;
  }
}

void allocation_explain_candidate(const AllocationCandidate *c, const AllocationDecision *d, const AllocationCase *k,
                                  const char *const *need_names, Buffer *out) {
  const char *skill = c->missing >= 0 ? need_names[c->missing] : "";
  int need = c->missing >= 0 ? k->needs[c->missing].level : 0;
  switch (c->verdict) {
  case VERDICT_CHOSEN:
    if (d->rule == ALLOCATION_RULE_STRETCH)
      buffer_printf(out, "chosen as a stretch case: working towards %s level %d, with %d points of workload", skill,
                    need, c->load);
    else if (d->rule == ALLOCATION_RULE_HIGH_RISK)
      buffer_printf(out, "chosen: qualified, %d case%s near breach and %d points of workload", c->urgent,
                    c->urgent == 1 ? "" : "s", c->load);
    else
      buffer_printf(out, "chosen: qualified, with the least workload (%d points)", c->load);
    break;
  case VERDICT_QUALIFIED:
    if (d->rule == ALLOCATION_RULE_STRETCH)
      buffer_printf(out, "qualified (%d points of workload), but a stretch case went to someone developing the skill",
                    c->load);
    else if (d->rule == ALLOCATION_RULE_HIGH_RISK)
      buffer_printf(out, "qualified, but %d case%s near breach and %d points of workload", c->urgent,
                    c->urgent == 1 ? "" : "s", c->load);
    else
      buffer_printf(out, "qualified, but more workload (%d points)", c->load);
    break;
  case VERDICT_STRETCH:
    buffer_printf(out, "could take it as a stretch case (%s level %d), but has more workload (%d points)", skill, need,
                  c->load);
    break;
  case VERDICT_INACTIVE: buffer_printf(out, "not an active user"); break;
  case VERDICT_ABSENT: buffer_printf(out, "absent"); break;
  case VERDICT_OFF_SHIFT: buffer_printf(out, "not on shift"); break;
  case VERDICT_FULL: buffer_printf(out, "at the team's workload limit (%d points)", c->load); break;
  case VERDICT_LACKS_SKILL: buffer_printf(out, "lacks %s at level %d", skill, need); break;
  case VERDICT_STRETCH_FULL:
    buffer_printf(out, "developing %s, but already holds %d open stretch cases", skill, c->open_stretch);
    break;
  case VERDICT_STRETCH_RISK:
    buffer_printf(out, "developing %s, but the case's SLA risk is too high for a stretch case", skill);
    break;
  }
}

const char *allocation_outlier(double value, double mean, size_t group_size) {
  if (group_size < 3 || mean <= 0) return NULL;
  if (value > 1.5 * mean) return "high";
  if (value < 0.5 * mean) return "low";
  return NULL;
}
