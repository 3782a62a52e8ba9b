/* Growable arrays; see array.h. */
#include "util/array.h"

#include <stdlib.h>

void *array_grow(void *array, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return array;
  *cap = *cap ? *cap * 2 : 16;
  if (*cap < need) *cap = need;
  array = realloc(array, *cap * size);
  if (!array) abort();
  return array;
}
