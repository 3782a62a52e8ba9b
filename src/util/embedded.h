/* Files compiled into the binary (cmake/embed.cmake): the schema migrations,
 * the OpenAPI document and the built web UI. Each table ends with a NULL name. */
#ifndef FORGEDESK_EMBEDDED_H
#define FORGEDESK_EMBEDDED_H

#include <stddef.h>

typedef struct EmbeddedFile {
  const char *name; /* path relative to its folder, e.g. "001_foundation.sql" */
  const unsigned char *data; /* NUL-terminated for text use */
  size_t size;
} EmbeddedFile;

extern const EmbeddedFile embedded_migrations[];
extern const EmbeddedFile embedded_openapi[];
extern const EmbeddedFile embedded_web[];

/* Finds a file by name in a table; NULL when absent. */
const EmbeddedFile *embedded_find(const EmbeddedFile *table, const char *name);

#endif
