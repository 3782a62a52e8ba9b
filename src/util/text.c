/* UTF-8 checking and search folding; see text.h. */
#include "util/text.h"

#include <stdint.h>
#include <string.h>

/* Decodes one code point at s (with n bytes available); returns its byte length,
 * or 0 when the sequence is malformed. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp) {
  if (s[0] < 0x80) {
    *cp = s[0];
    return 1;
  }
  size_t len;
  uint32_t min;
  if ((s[0] & 0xE0) == 0xC0) {
    len = 2, min = 0x80, *cp = s[0] & 0x1F;
  } else if ((s[0] & 0xF0) == 0xE0) {
    len = 3, min = 0x800, *cp = s[0] & 0x0F;
  } else if ((s[0] & 0xF8) == 0xF0) {
    len = 4, min = 0x10000, *cp = s[0] & 0x07;
  } else {
    return 0;
  }
  if (len > n) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    *cp = (*cp << 6) | (s[i] & 0x3F);
  }
  if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF)) return 0;
  return len;
}

long text_utf8_length(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  long count = 0;
  size_t i = 0;
  while (i < len) {
    uint32_t cp;
    size_t step = utf8_decode(p + i, len - i, &cp);
    if (!step) return -1;
    i += step;
    count++;
  }
  return count;
}

/* Latin-1 Supplement and Latin Extended-A letters and their unaccented spelling. */
static const struct {
  uint32_t from, to;
  const char *ascii;
} latin_folds[] = {
    {0xC0, 0xC5, "a"},   {0xC6, 0xC6, "ae"},  {0xC7, 0xC7, "c"},   {0xC8, 0xCB, "e"},   {0xCC, 0xCF, "i"},
    {0xD0, 0xD0, "d"},   {0xD1, 0xD1, "n"},   {0xD2, 0xD6, "o"},   {0xD8, 0xD8, "o"},   {0xD9, 0xDC, "u"},
    {0xDD, 0xDD, "y"},   {0xDE, 0xDE, "th"},  {0xDF, 0xDF, "ss"},  {0xE0, 0xE5, "a"},   {0xE6, 0xE6, "ae"},
    {0xE7, 0xE7, "c"},   {0xE8, 0xEB, "e"},   {0xEC, 0xEF, "i"},   {0xF0, 0xF0, "d"},   {0xF1, 0xF1, "n"},
    {0xF2, 0xF6, "o"},   {0xF8, 0xF8, "o"},   {0xF9, 0xFC, "u"},   {0xFD, 0xFD, "y"},   {0xFE, 0xFE, "th"},
    {0xFF, 0xFF, "y"},   {0x100, 0x105, "a"}, {0x106, 0x10D, "c"}, {0x10E, 0x111, "d"}, {0x112, 0x11B, "e"},
    {0x11C, 0x123, "g"}, {0x124, 0x127, "h"}, {0x128, 0x131, "i"}, {0x132, 0x133, "ij"}, {0x134, 0x135, "j"},
    {0x136, 0x138, "k"}, {0x139, 0x142, "l"}, {0x143, 0x14B, "n"}, {0x14C, 0x151, "o"}, {0x152, 0x153, "oe"},
    {0x154, 0x159, "r"}, {0x15A, 0x161, "s"}, {0x162, 0x167, "t"}, {0x168, 0x173, "u"}, {0x174, 0x175, "w"},
    {0x176, 0x178, "y"}, {0x179, 0x17E, "z"}, {0x17F, 0x17F, "s"},
};

static const char *latin_fold(uint32_t cp) {
  for (size_t i = 0; i < sizeof latin_folds / sizeof latin_folds[0]; i++)
    if (cp >= latin_folds[i].from && cp <= latin_folds[i].to) return latin_folds[i].ascii;
  return NULL;
}

/* Code points outside Latin that are punctuation, spaces or symbols rather
 * than letters: they separate words as ASCII punctuation does ("O’Brien"). */
static const struct {
  uint32_t from, to;
} separator_ranges[] = {
    {0x2000, 0x2BFF},   /* general punctuation, symbols, arrows, maths, shapes */
    {0x2E00, 0x2E7F},   /* supplemental punctuation */
    {0x3000, 0x303F},   /* CJK symbols and punctuation, the ideographic space */
    {0xFE10, 0xFE1F},   /* vertical forms */
    {0xFE30, 0xFE6F},   /* CJK compatibility and small forms */
    {0xFEFF, 0xFEFF},   /* byte-order mark */
    {0xFF01, 0xFF0F},   /* fullwidth punctuation */
    {0xFF1A, 0xFF20},
    {0xFF3B, 0xFF40},
    {0xFF5B, 0xFF65},
    {0x1F000, 0x1FAFF}, /* emoji and pictographs */
};

/* Combining marks: the accent of a decomposed "u\u0308" is dropped, leaving
 * the letter it sits on, so decomposed and precomposed spellings fold alike. */
static int is_combining_mark(uint32_t cp) {
  return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
         (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F);
}

static int is_separator(uint32_t cp) {
  for (size_t i = 0; i < sizeof separator_ranges / sizeof separator_ranges[0]; i++)
    if (cp >= separator_ranges[i].from && cp <= separator_ranges[i].to) return 1;
  return 0;
}

/* The lower case of Greek and Cyrillic capitals; any other code point is
 * returned as it is. */
static uint32_t lower_greek_cyrillic(uint32_t cp) {
  if ((cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) || (cp >= 0x410 && cp <= 0x42F)) return cp + 0x20;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50; /* Ѐ … Џ */
  if (cp == 0x386) return 0x3AC;                    /* Ά */
  if (cp >= 0x388 && cp <= 0x38A) return cp + 0x25; /* Έ Ή Ί */
  if (cp == 0x38C) return 0x3CC;                    /* Ό */
  if (cp == 0x38E || cp == 0x38F) return cp + 0x3F; /* Ύ Ώ */
  return cp;
}

/* Appends code point cp (at most U+FFFF, as the folded Greek and Cyrillic are)
 * as UTF-8. */
static void put_two_byte(Buffer *out, uint32_t cp) {
  buffer_putc(out, (char)(0xC0 | (cp >> 6)));
  buffer_putc(out, (char)(0x80 | (cp & 0x3F)));
}

void text_fold(const char *s, Buffer *out) {
  const unsigned char *p = (const unsigned char *)s;
  size_t n = strlen(s), i = 0;
  int pending_space = 0, wrote = 0;
  while (i < n) {
    uint32_t cp;
    size_t step = utf8_decode(p + i, n - i, &cp);
    if (!step) { /* malformed input never reaches here from the API; skip the byte */
      i++;
      continue;
    }
    if (is_combining_mark(cp)) {
      i += step;
      continue;
    }
    const char *ascii = NULL;
    char one[2] = {0, 0};
    if (cp < 0x80) {
      if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) one[0] = (char)cp;
      else if (cp >= 'A' && cp <= 'Z') one[0] = (char)(cp - 'A' + 'a');
      if (one[0]) ascii = one;
    } else if (cp <= 0x17F) {
      ascii = latin_fold(cp);
    }
    /* other scripts are kept as they are, Greek and Cyrillic in lower case */
    int is_other_letter = cp > 0x17F && !is_separator(cp);
    if (!ascii && !is_other_letter) {
      pending_space = wrote;
    } else {
      if (pending_space) buffer_putc(out, ' ');
      pending_space = 0;
      uint32_t lower = ascii ? cp : lower_greek_cyrillic(cp);
      if (ascii) buffer_puts(out, ascii);
      else if (lower != cp) put_two_byte(out, lower);
      else buffer_append(out, s + i, step);
      wrote = 1;
    }
    i += step;
  }
}

int text_each_word(const char *folded, int (*fn)(const char *word, size_t len, void *ctx), void *ctx) {
  const char *p = folded;
  while (*p) {
    while (*p == ' ') p++;
    const char *start = p;
    while (*p && *p != ' ') p++;
    if (p > start) {
      int rc = fn(start, (size_t)(p - start), ctx);
      if (rc) return rc;
    }
  }
  return 0;
}
