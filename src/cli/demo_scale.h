/* The large generated dataset (`forgedesk demo --scale large`, docs/PERFORMANCE.md). */
#ifndef FORGEDESK_DEMO_SCALE_H
#define FORGEDESK_DEMO_SCALE_H

#include <stdint.h>

#include "store/store.h"

typedef struct DemoScaleCounts {
  int64_t teams, agents, accounts, cases, interactions, orders, invitations, answers, reviews, objectives, buckets;
} DemoScaleCounts;

/* Adds to the demo company, deterministically from seed: 12 more teams
 * with 200 agents and their leaders, 2,000 accounts with a contact each,
 * and two years of history ending yesterday: `cases` cases (with their SLA
 * clocks and first replies), five interactions, half an order and 0.4
 * survey invitations a case (three in four answered), a QA review for one
 * case in fifty and an objective per agent; then builds every roll-up.
 * Bulk rows go in transactions of many thousand rows. The agents sign in
 * with password (its hash made once). */
int demo_scale(Db *db, uint64_t seed, const char *password, const char *password_hash, int64_t cases,
               DemoScaleCounts *out, Error *err);

#endif
