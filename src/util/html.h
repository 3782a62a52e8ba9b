/* Readable HTML from JSON: the subject access bundle's document
 * (docs/PRIVACY.md). Every text is escaped, so nothing a customer or a
 * colleague wrote can become markup or script. */
#ifndef FORGEDESK_HTML_H
#define FORGEDESK_HTML_H

#include <jansson.h>

#include "util/buffer.h"

/* Appends s with &, <, >, " and ' written as entities. */
void html_escape(Buffer *out, const char *s);
/* Appends a whole page titled title: each member of sections (an object of
 * arrays of row objects, or of single objects) as a heading and a table of
 * its rows; nested values are shown as compact JSON text. */
void html_document(Buffer *out, const char *title, const char *note, const json_t *sections);

#endif
