/* The demo company's satisfaction data (demo_surveys.c), called by `forgedesk demo`. */
#ifndef FORGEDESK_DEMO_SURVEYS_H
#define FORGEDESK_DEMO_SURVEYS_H

#include <stdint.h>

#include "store/store.h"

/* Adds to a demo database whose cases exist: three surveys, two years of
 * invitations and answers with comments (CSAT and CES after resolved cases,
 * NPS twice a year per account), the follow-up tasks of low scores, and
 * qualitative feedback records; deterministic for a seed. Prints a summary
 * line. Returns 0, or -1 with err set. */
int demo_surveys_run(Db *db, uint64_t seed, const char *now, Error *err);

#endif
