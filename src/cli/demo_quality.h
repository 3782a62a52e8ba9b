/* The demo company's quality checks and team meetings (demo_quality.c),
 * written after the rest of `forgedesk demo`. */
#ifndef FORGEDESK_DEMO_QUALITY_H
#define FORGEDESK_DEMO_QUALITY_H

#include <stdint.h>

#include "store/store.h"

/* Adds to a demo store that already holds staff and cases: three QA
 * scorecards, a sampling rule per team, a year of weekly spot checks scored
 * (some failing, with their corrective actions), two calibration sessions
 * and a year of team meetings with action items — all audited, in one
 * transaction. The same seed gives the same data. */
int demo_quality(Db *db, uint64_t seed, Error *err);

#endif
