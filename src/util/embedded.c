/* Lookup in the tables of embedded files; see embedded.h. */
#include "util/embedded.h"

#include <string.h>

const EmbeddedFile *embedded_find(const EmbeddedFile *table, const char *name) {
  for (const EmbeddedFile *f = table; f->name; f++)
    if (strcmp(f->name, name) == 0) return f;
  return NULL;
}
