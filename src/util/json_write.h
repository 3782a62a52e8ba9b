/* Compact JSON text into a Buffer: byte for byte what jansson's json_dumps
 * writes with JSON_COMPACT (and JSON_SORT_KEYS when sorted), at a fraction
 * of its cost: strings are copied in runs rather than decoded character by
 * character, and nothing is allocated but the Buffer's growth. */
#ifndef FORGEDESK_JSON_WRITE_H
#define FORGEDESK_JSON_WRITE_H

#include <jansson.h>

#include "util/buffer.h"

enum { JSON_WRITE_SORTED = 1 }; /* object keys in strcmp order: the canonical form */

void json_write(Buffer *out, const json_t *v, unsigned flags);

#endif
