/* Scrubbing identifying strings and the retention kinds; see privacy.h. */
#include "core/privacy.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const PrivacyRetentionInfo kinds[RETAIN_KIND_COUNT] = {
    [RETAIN_CLOSED_CASES] = {"closed_cases", "anonymise",
                             "subject, description, timeline texts, mails and complaint texts of cases closed longer "
                             "ago are replaced; the case, its times and figures stay",
                             0},
    [RETAIN_MAIL_BODIES] = {"mail_bodies", "anonymise",
                            "bodies of mail in and out and the content of attachments are removed; who, when and "
                            "the case link stay",
                            0},
    [RETAIN_SURVEY_COMMENTS] = {"survey_comments", "anonymise",
                                "free-text comments and answers of survey responses are removed; scores stay", 0},
    [RETAIN_AUDIT_PERSONAL] = {"audit_personal", "anonymise",
                               "contacts' names, job titles, addresses and numbers in audit entries are erased; the "
                               "chain stays verifiable",
                               0},
    [RETAIN_SESSIONS] = {"sessions", "delete", "sign-in sessions ended longer ago are deleted", 30},
    [RETAIN_QUARANTINE] = {"quarantine", "delete", "quarantined unreadable mail is deleted", 90},
    [RETAIN_IDEMPOTENCY] = {"idempotency", "delete",
                            "answers kept for repeated requests (Idempotency-Key) are deleted", 7},
};

const PrivacyRetentionInfo *privacy_retention_info(PrivacyRetentionKind kind) {
  return kind < RETAIN_KIND_COUNT ? &kinds[kind] : NULL;
}

int privacy_retention_parse(const char *name, PrivacyRetentionKind *kind) {
  for (int k = 0; k < RETAIN_KIND_COUNT; k++)
    if (strcmp(name, kinds[k].name) == 0) {
      *kind = (PrivacyRetentionKind)k;
      return 0;
    }
  return -1;
}

static int shift_days(const char *at, int days, char out[TIME_TEXT_SIZE]) {
  time_t t;
  if (time_parse(at, &t)) return -1;
  time_format(t + (time_t)days * 86400, out);
  return 0;
}

int privacy_retention_cutoff(const char *now, int days, char out[TIME_TEXT_SIZE]) {
  return shift_days(now, -days, out);
}

int privacy_retention_due_at(const char *at, int days, char out[TIME_TEXT_SIZE]) {
  return shift_days(at, days, out);
}

void privacy_terms_add(PrivacyTerms *t, const char *s) {
  if (!s || t->n == PRIVACY_MAX_TERMS) return;
  size_t letters = 0;
  for (const char *p = s; *p; p++)
    if (!isspace((unsigned char)*p)) letters++;
  if (letters < PRIVACY_MIN_TERM) return;
  for (int i = 0; i < t->n; i++)
    if (strcasecmp(t->term[i], s) == 0) return;
  t->term[t->n++] = s;
}

/* The length of the term that starts at p, 0 when none does. The longest
 * wins, so "Anna Berg" is erased whole before "Anna" could be. */
static size_t match_at(const char *p, const PrivacyTerms *t) {
  size_t best = 0;
  for (int i = 0; i < t->n; i++) {
    size_t len = strlen(t->term[i]);
    if (len > best && strncasecmp(p, t->term[i], len) == 0) best = len;
  }
  return best;
}

char *privacy_scrub_text(const char *text, const PrivacyTerms *t) {
  if (!text || !t->n) return NULL;
  size_t len = strlen(text), found = 0;
  for (size_t i = 0; i < len;) {
    size_t m = match_at(text + i, t);
    found += m != 0;
    i += m ? m : 1;
  }
  if (!found) return NULL;
  /* Each match is at least PRIVACY_MIN_TERM bytes; the replacement may be longer. */
  char *out = malloc(len + found * sizeof PRIVACY_ERASED + 1), *w = out;
  for (size_t i = 0; i < len;) {
    size_t m = match_at(text + i, t);
    if (m) {
      memcpy(w, PRIVACY_ERASED, sizeof PRIVACY_ERASED - 1);
      w += sizeof PRIVACY_ERASED - 1;
      i += m;
    } else {
      *w++ = text[i++];
    }
  }
  *w = '\0';
  return out;
}

char *privacy_like_pattern(const char *term) {
  size_t len = strlen(term);
  char *out = malloc(2 * len + 3), *w = out;
  *w++ = '%';
  for (const char *p = term; *p; p++) {
    if (*p == '%' || *p == '_' || *p == '!') *w++ = '!';
    *w++ = (char)tolower((unsigned char)*p);
  }
  *w++ = '%';
  *w = '\0';
  return out;
}
