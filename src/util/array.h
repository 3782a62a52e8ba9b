/* Growable arrays of any element type: the one capacity-doubling helper, for
 * code that keeps an array and its count and capacity side by side. */
#ifndef FORGEDESK_ARRAY_H
#define FORGEDESK_ARRAY_H

#include <stddef.h>

/* Returns array (of elements of `size` bytes, *cap of them allocated) grown
 * to hold at least `need`, updating *cap; the same pointer when it already
 * does. The caller owns the result and frees it. Aborts on out-of-memory, as
 * buffer_append does. */
void *array_grow(void *array, size_t *cap, size_t need, size_t size);

#endif
