/* Text helpers: UTF-8 checking and the folding that makes search ignore case
 * and accents ("Müller" and "MULLER" both fold to "muller"). */
#ifndef FORGEDESK_TEXT_H
#define FORGEDESK_TEXT_H

#include <stddef.h>

#include "util/buffer.h"

/* Returns the number of code points in s[0..len) when it is well-formed UTF-8
 * (no overlongs, surrogates or values above U+10FFFF), or -1 when it is not. */
long text_utf8_length(const char *s, size_t len);

/* Appends the search folding of the NUL-terminated UTF-8 string s to out:
 * lower case (Latin, Greek and Cyrillic), Latin accents removed (ß → ss,
 * æ → ae), and every run of characters that are not letters or digits
 * (Unicode punctuation, spaces and symbols included) turned into one space,
 * with no leading or trailing space. */
void text_fold(const char *s, Buffer *out);

/* Splits a folded string into its words, calling fn for each with its length.
 * Stops early and returns fn's value if fn returns non-zero; else returns 0. */
int text_each_word(const char *folded, int (*fn)(const char *word, size_t len, void *ctx), void *ctx);

#endif
