/* Data protection's pure parts (docs/PRIVACY.md): finding a person's
 * identifying strings in text and replacing them (erasure), and the table of
 * retention kinds with their periods (what is anonymised or deleted, and
 * after how long). */
#ifndef FORGEDESK_PRIVACY_H
#define FORGEDESK_PRIVACY_H

#include <stddef.h>

#include "util/timeutil.h"

#define PRIVACY_ERASED "[erased]"   /* what replaces a person's name, address or number */
#define PRIVACY_REMOVED "[removed]" /* what replaces a text whose retention period ended */
#define PRIVACY_MAX_TERMS 3
#define PRIVACY_MIN_TERM 3 /* shorter strings would erase unrelated words */

/* The strings that identify one person (name, email address, phone), each
 * borrowed. Terms shorter than PRIVACY_MIN_TERM characters are left out by
 * privacy_terms_add, so "Al" does not erase every "also". */
typedef struct PrivacyTerms {
  const char *term[PRIVACY_MAX_TERMS];
  int n;
} PrivacyTerms;

/* Adds s (may be NULL) unless it is too short, blank or already there, or the
 * list is full. */
void privacy_terms_add(PrivacyTerms *t, const char *s);

/* A copy of text with every occurrence of every term replaced by
 * PRIVACY_ERASED, letters compared without regard to ASCII case; NULL when
 * text (may be NULL) holds none. The caller frees the copy. */
char *privacy_scrub_text(const char *text, const PrivacyTerms *t);

/* The LIKE pattern (for `lower(column) LIKE pattern ESCAPE '!'`) that finds
 * term anywhere in a text: lower-cased, with %, _ and ! escaped by '!'.
 * The caller frees it. */
char *privacy_like_pattern(const char *term);

/* --- retention periods ------------------------------------------------------ */
typedef enum {
  RETAIN_CLOSED_CASES,    /* texts of cases closed longer ago: anonymised */
  RETAIN_MAIL_BODIES,     /* bodies and attachments of mail: removed */
  RETAIN_SURVEY_COMMENTS, /* free-text survey answers: removed, scores kept */
  RETAIN_AUDIT_PERSONAL,  /* contacts' personal fields in audit entries: erased */
  RETAIN_SESSIONS,        /* ended sign-in sessions: deleted */
  RETAIN_QUARANTINE,      /* quarantined unreadable mail: deleted */
  RETAIN_IDEMPOTENCY,     /* stored answers of repeated requests: deleted */
  RETAIN_KIND_COUNT
} PrivacyRetentionKind;

typedef struct PrivacyRetentionInfo {
  const char *name;    /* "closed_cases" */
  const char *action;  /* "anonymise", "delete" */
  const char *summary; /* what happens, in a sentence */
  int default_days;    /* 0: kept until someone sets a period */
} PrivacyRetentionInfo;

const PrivacyRetentionInfo *privacy_retention_info(PrivacyRetentionKind kind);
/* 0 and *kind set when name is a retention kind, -1 otherwise. */
int privacy_retention_parse(const char *name, PrivacyRetentionKind *kind);
/* The instant `days` days before now (RFC 3339 UTC): records older than it
 * are due. Returns -1 when now is not an instant. */
int privacy_retention_cutoff(const char *now, int days, char out[TIME_TEXT_SIZE]);
/* When a record of time `at` falls due under a period of days: at + days. */
int privacy_retention_due_at(const char *at, int days, char out[TIME_TEXT_SIZE]);

#endif
