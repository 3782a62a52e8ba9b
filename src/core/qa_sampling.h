/* Sampling for QA spot checks (docs/QUALITY.md): which week a date falls in,
 * and which of a person's closed cases and interactions are drawn for
 * review. The draw is random but reproducible: the same rule seed, person,
 * week and candidates always give the same sample. Pure, no I/O. */
#ifndef FORGEDESK_QA_SAMPLING_H
#define FORGEDESK_QA_SAMPLING_H

#include <stddef.h>
#include <stdint.h>

/* The seed of one person's draw in one week: mixes the rule's seed, the
 * person's id and the week's Monday ("YYYY-MM-DD"). */
uint64_t qa_sample_seed(uint64_t rule_seed, int64_t person_id, const char *monday);

/* The Monday of the ISO week that a date (days since 1970-01-01, as
 * time_date_days gives) falls in, in the same day count. */
long long qa_week_monday(long long days);

/* Draws min(k, n) distinct indices of [0, n) without replacement (a partial
 * Fisher-Yates shuffle seeded with seed) into out, which has room for k;
 * returns how many were drawn. The candidates must be given in a stable
 * order (e.g. by id) for the draw to be reproducible. */
size_t qa_sample_pick(size_t n, size_t k, uint64_t seed, size_t *out);

#endif
