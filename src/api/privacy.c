/* Subject access, erasure and retention; see privacy.h and docs/PRIVACY.md. */
#include "api/privacy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/html.h"

/* --- subject access ------------------------------------------------------------ */
static json_t *section_counts(const json_t *data) {
  json_t *counts = json_object();
  const char *name;
  json_t *v;
  json_object_foreach((json_t *)data, name, v)
    json_object_set_new(counts, name, json_integer(json_is_array(v) ? (json_int_t)json_array_size(v) : 1));
  return counts;
}

int privacy_export(Db *db, const AuditActor *actor, PrivacySubject subject, int64_t id, const char *now,
                   json_t **bundle, Error *err) {
  const char *entity = subject == PRIVACY_CONTACT ? "contact" : "user";
  json_t *data = NULL;
  *bundle = NULL;
  if ((subject == PRIVACY_CONTACT ? store_privacy_contact_export : store_privacy_user_export)(db, id, &data, err))
    return -1;
  if (!data) return error_set(err, 404, "Not found", "no %s %lld", entity, (long long)id);
  json_t *after = json_pack("{s:o}", "sections", section_counts(data));
  int rc = store_audit_append(db, actor, entity, id, "export", NULL, after, now, err);
  json_decref(after);
  if (rc) {
    json_decref(data);
    return -1;
  }
  char title[96], note[160];
  snprintf(title, sizeof title, "Everything held about %s %lld", entity, (long long)id);
  snprintf(note, sizeof note, "A subject access export made by forgedesk at %s (UK GDPR article 15).", now);
  Buffer html = BUFFER_INIT;
  html_document(&html, title, note, data);
  *bundle = json_pack("{s:s, s:I, s:s, s:o, s:s}", "subject", entity, "id", (json_int_t)id, "generated_at", now,
                      "data", data, "html", buffer_cstr(&html));
  buffer_free(&html);
  return 0;
}

static int export_route(Request *req, Response *res, PrivacySubject subject, Error *err) {
  json_t *bundle = NULL;
  if (privacy_export(req->db, &req->actor, subject, req->id, req->now, &bundle, err)) return -1;
  api_send_json(res, 200, bundle);
  return 0;
}

int privacy_contact_export(Request *req, Response *res, Error *err) {
  return export_route(req, res, PRIVACY_CONTACT, err);
}

int privacy_user_export(Request *req, Response *res, Error *err) { return export_route(req, res, PRIVACY_USER, err); }

/* --- erasure ------------------------------------------------------------------------ */
static int scrub_state(json_t *v, void *ctx);

/* The scrubbed form of x when it is a string naming a term (NULL otherwise:
 * a container is scrubbed in place); *changed counts what changed. */
static json_t *scrubbed(json_t *x, const PrivacyTerms *terms, int *changed) {
  if (!json_is_string(x)) {
    *changed += scrub_state(x, (void *)terms);
    return NULL;
  }
  char *clean = privacy_scrub_text(json_string_value(x), terms);
  if (!clean) return NULL;
  json_t *v = json_string(clean);
  free(clean);
  (*changed)++;
  return v;
}

/* Replaces the terms in every string of a state; how many it changed. */
static int scrub_state(json_t *v, void *ctx) {
  const PrivacyTerms *terms = ctx;
  int changed = 0;
  const char *key;
  size_t i;
  json_t *x, *clean;
  if (json_is_object(v)) {
    json_object_foreach(v, key, x) if ((clean = scrubbed(x, terms, &changed))) json_object_set_new(v, key, clean);
  } else if (json_is_array(v)) {
    json_array_foreach(v, i, x) if ((clean = scrubbed(x, terms, &changed))) json_array_set_new(v, i, clean);
  }
  return changed;
}

static int64_t sum_changed(const json_t *changed) {
  int64_t n = 0;
  const char *key;
  json_t *v;
  json_object_foreach((json_t *)changed, key, v) n += json_integer_value(v);
  return n;
}

/* Records an erasure or a retention run and its audit entry, whose
 * "redacted" list vouches for the audit entries rewritten. */
static int record_erasure(Db *db, const AuditActor *actor, const char *subject, int64_t subject_id, const char *kind,
                          json_t *detail, json_t *redacted, const char *now, int64_t *id, Error *err) {
  int64_t rows = json_integer_value(json_object_get(detail, "rows"));
  if (store_privacy_erasure_insert(db, subject, subject_id, kind, rows, (int64_t)json_array_size(redacted),
                                   actor->id, now, id, err))
    return -1;
  json_object_set_new(detail, "subject", json_string(subject));
  json_object_set(detail, "redacted", redacted);
  return store_audit_append(db, actor, "privacy_erasure", *id, subject_id ? "erase" : "retention", NULL, detail,
                            now, err);
}

static int refuse_held(Db *db, int64_t contact_id, Error *err) {
  json_t *holds = NULL;
  if (store_privacy_legal_holds(db, contact_id, &holds, err)) return -1;
  size_t n = json_array_size(holds);
  int64_t first = n ? json_integer_value(json_object_get(json_array_get(holds, 0), "id")) : 0;
  json_decref(holds);
  if (!n) return 0;
  return error_set(err, 409, "Legal hold",
                   "the contact has %zu complaint case%s not yet closed (case %lld): a complaint's record is "
                   "kept until it is closed; erase the contact afterwards",
                   n, n == 1 ? "" : "s", (long long)first);
}

int privacy_erase_contact(Db *db, const AuditActor *actor, int64_t contact_id, const char *reason, const char *now,
                          json_t **result, Error *err) {
  json_t *contact = NULL;
  *result = NULL;
  if (store_record_get(db, &store_contacts, contact_id, &contact, err)) return -1;
  if (!contact) return error_set(err, 404, "Not found", "no contact %lld", (long long)contact_id);
  int erased = 0, rc = store_privacy_contact_erased(db, contact_id, &erased, err);
  if (!rc && erased) rc = error_set(err, 409, "Already erased", "contact %lld was erased before", (long long)contact_id);
  if (!rc) rc = refuse_held(db, contact_id, err);
  PrivacyTerms terms = {0};
  static const char *const fields[] = {"name", "email", "phone"};
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
    privacy_terms_add(&terms, json_string_value(json_object_get(contact, fields[i])));
  char *patterns[PRIVACY_MAX_TERMS] = {0};
  for (int i = 0; i < terms.n; i++) patterns[i] = privacy_like_pattern(terms.term[i]);
  json_t *changed = json_object(), *redacted = json_array();
  if (!rc) rc = store_privacy_erase_contact(db, contact_id, &terms, patterns, now, changed, err);
  /* One pass for all terms: an entry rewritten for one term must not be
   * met again, unrecorded, for another. */
  StoreAuditSelection sel = {.patterns = patterns, .npatterns = terms.n};
  if (!rc && terms.n) rc = store_audit_rewrite(db, &sel, scrub_state, &terms, redacted, NULL, err);
  int64_t erasure_id = 0;
  if (!rc) {
    /* The reason is kept, but never with the erased strings in it. */
    char *clean = privacy_scrub_text(reason, &terms);
    json_t *detail = json_pack("{s:I, s:s, s:O, s:I}", "subject_id", (json_int_t)contact_id, "reason",
                               clean ? clean : reason, "changed", changed, "rows", (json_int_t)sum_changed(changed));
    free(clean);
    rc = record_erasure(db, actor, "contact", contact_id, NULL, detail, redacted, now, &erasure_id, err);
    json_decref(detail);
  }
  if (!rc)
    *result = json_pack("{s:I, s:I, s:s, s:O, s:I}", "contact_id", (json_int_t)contact_id, "erasure_id",
                        (json_int_t)erasure_id, "erased_at", now, "changed", changed, "audit_entries",
                        (json_int_t)json_array_size(redacted));
  for (int i = 0; i < terms.n; i++) free(patterns[i]);
  json_decref(changed);
  json_decref(redacted);
  json_decref(contact);
  return rc;
}

int privacy_contact_erase(Request *req, Response *res, Error *err) {
  static const FieldSpec fields[] = {
      {"reason", FIELD_TEXT, FIELD_REQUIRED, 1, 500, NULL, NULL},
      {NULL, 0, 0, 0, 0, NULL, NULL},
  };
  json_t *input = NULL, *result = NULL;
  int rc = api_read_body(req, &input, err);
  if (!rc) rc = api_validate(req->db, input, fields, NULL, 0, err);
  if (!rc)
    rc = privacy_erase_contact(req->db, &req->actor, req->id, json_string_value(json_object_get(input, "reason")),
                               req->now, &result, err);
  json_decref(input);
  if (rc) return -1;
  api_send_json(res, 200, result);
  return 0;
}

/* --- retention ---------------------------------------------------------------------- */
static int period_of(const json_t *row) {
  const json_t *days = json_object_get(row, "days");
  return json_is_integer(days) ? (int)json_integer_value(days) : 0;
}

static json_t *find_kind(const json_t *rows, const char *kind) {
  size_t i;
  json_t *row;
  json_array_foreach((json_t *)rows, i, row)
    if (strcmp(json_string_value(json_object_get(row, "kind")), kind) == 0) return row;
  return NULL;
}

/* One kind's line of the report. */
static int report_kind(Db *db, PrivacyRetentionKind kind, const json_t *setting, const char *now, json_t **out,
                       Error *err) {
  const PrivacyRetentionInfo *info = privacy_retention_info(kind);
  int days = period_of(setting);
  json_t *row = json_pack("{s:s, s:s, s:s, s:o, s:o, s:i, s:o}", "kind", info->name, "action", info->action, "summary",
                          info->summary, "days", days ? json_integer(days) : json_null(), "cutoff", json_null(),
                          "due_now", 0, "next_due_at", json_null());
  if (days) {
    char cutoff[TIME_TEXT_SIZE], next_from[TIME_TEXT_SIZE], next_at[TIME_TEXT_SIZE];
    int64_t due = 0;
    int rc = privacy_retention_cutoff(now, days, cutoff) ? error_set(err, 500, "Internal error", "bad clock %s", now)
                                                         : store_privacy_retention_due(
                                                               db, kind, cutoff,
                                                               json_integer_value(json_object_get(setting, "progress")),
                                                               &due, next_from, sizeof next_from, err);
    if (rc) {
      json_decref(row);
      return -1;
    }
    json_object_set_new(row, "cutoff", json_string(cutoff));
    json_object_set_new(row, "due_now", json_integer(due));
    if (*next_from && privacy_retention_due_at(next_from, days, next_at) == 0)
      json_object_set_new(row, "next_due_at", json_string(next_at));
  }
  *out = row;
  return 0;
}

int privacy_retention_report(Db *db, const char *now, json_t **rows, Error *err) {
  json_t *settings = NULL;
  *rows = NULL;
  if (store_privacy_retention_list(db, &settings, err)) return -1;
  json_t *out = json_array();
  int rc = 0;
  for (int k = 0; k < RETAIN_KIND_COUNT && !rc; k++) {
    json_t *row = NULL;
    rc = report_kind(db, (PrivacyRetentionKind)k, find_kind(settings, privacy_retention_info(k)->name), now, &row,
                     err);
    if (!rc) json_array_append_new(out, row);
  }
  json_decref(settings);
  if (rc) {
    json_decref(out);
    return -1;
  }
  *rows = out;
  return 0;
}

static const char *const personal_fields[] = {"name", "job_title", "email", "phone", NULL};

/* audit_personal's rewrite: a contact's identifying fields in an entry's state. */
static int erase_contact_fields(json_t *state, void *ctx) {
  (void)ctx;
  int changed = 0;
  for (const char *const *f = personal_fields; *f; f++) {
    json_t *v = json_object_get(state, *f);
    if (json_is_string(v) && strcmp(json_string_value(v), PRIVACY_ERASED) != 0) {
      json_object_set_new(state, *f, json_string(PRIVACY_ERASED));
      changed++;
    }
  }
  return changed;
}

/* One kind, one batch: *changed how many records. */
static int apply_kind(Db *db, const AuditActor *actor, PrivacyRetentionKind kind, const json_t *setting,
                      const char *now, int limit, int64_t *changed, Error *err) {
  int days = period_of(setting);
  char cutoff[TIME_TEXT_SIZE];
  *changed = 0;
  if (!days) return 0;
  if (privacy_retention_cutoff(now, days, cutoff)) return error_set(err, 500, "Internal error", "bad clock");
  const char *name = privacy_retention_info(kind)->name;
  json_t *redacted = json_array();
  int rc;
  if (kind == RETAIN_AUDIT_PERSONAL) {
    int64_t progress = json_integer_value(json_object_get(setting, "progress"));
    StoreAuditSelection sel = {.entity = "contact", .before = cutoff, .after_seq = progress, .limit = limit};
    StoreAuditProgress done = {progress, 0};
    rc = store_audit_rewrite(db, &sel, erase_contact_fields, NULL, redacted, &done, err);
    if (!rc && done.last_seq != progress) rc = store_privacy_retention_progress(db, name, done.last_seq, err);
    *changed = done.looked; /* every entry looked at counts, as the report counts them */
  } else {
    rc = store_privacy_retention_apply(db, kind, cutoff, now, limit, changed, err);
  }
  if (!rc && *changed) {
    int64_t id;
    json_t *detail = json_pack("{s:s, s:s, s:i, s:I}", "kind", name, "cutoff", cutoff, "days", days, "rows",
                               (json_int_t)*changed);
    rc = record_erasure(db, actor, "retention", 0, name, detail, redacted, now, &id, err);
    json_decref(detail);
  }
  json_decref(redacted);
  return rc;
}

int privacy_retention_apply(Db *db, const AuditActor *actor, const char *now, int limit, json_t **applied,
                            Error *err) {
  json_t *settings = NULL;
  *applied = NULL;
  if (store_privacy_retention_list(db, &settings, err)) return -1;
  json_t *out = json_array();
  int rc = 0;
  for (int k = 0; k < RETAIN_KIND_COUNT && !rc; k++) {
    const char *name = privacy_retention_info(k)->name;
    int64_t changed = 0;
    rc = apply_kind(db, actor, (PrivacyRetentionKind)k, find_kind(settings, name), now, limit, &changed, err);
    if (!rc) json_array_append_new(out, json_pack("{s:s, s:I}", "kind", name, "changed", (json_int_t)changed));
  }
  json_decref(settings);
  if (rc) {
    json_decref(out);
    return -1;
  }
  *applied = out;
  return 0;
}

int privacy_retention_get(Request *req, Response *res, Error *err) {
  json_t *rows = NULL;
  if (privacy_retention_report(req->db, req->now, &rows, err)) return -1;
  api_send_json(res, 200, json_pack("{s:s, s:o}", "at", req->now, "kinds", rows));
  return 0;
}

int privacy_retention_put(Request *req, Response *res, Error *err) {
  static const char *const kinds[] = {"closed_cases", "mail_bodies", "survey_comments", "audit_personal", "sessions",
                                      "quarantine", "idempotency", NULL};
  static const FieldSpec fields[] = {
      {"kind", FIELD_ENUM, FIELD_REQUIRED, 0, 0, kinds, NULL},
      {"days", FIELD_INT, 0, 1, 36500, NULL, NULL},
      {NULL, 0, 0, 0, 0, NULL, NULL},
  };
  json_t *input = NULL, *before = NULL, *after = NULL;
  int rc = api_read_body(req, &input, err);
  if (!rc && json_is_null(json_object_get(input, "days"))) json_object_del(input, "days"); /* null: kept */
  if (!rc) rc = api_validate(req->db, input, fields, NULL, 0, err);
  const char *kind = rc ? NULL : json_string_value(json_object_get(input, "kind"));
  int days = rc ? 0 : (int)json_integer_value(json_object_get(input, "days"));
  if (!rc) rc = store_privacy_retention_get(req->db, kind, &before, err);
  if (!rc && !before) rc = error_set(err, 500, "Store error", "the retention row of %s is missing", kind);
  if (!rc)
    rc = store_privacy_retention_set(req->db, kind, days, json_integer_value(json_object_get(before, "version")),
                                     req->now, err);
  if (!rc) rc = store_privacy_retention_get(req->db, kind, &after, err);
  PrivacyRetentionKind k = RETAIN_CLOSED_CASES;
  if (!rc) privacy_retention_parse(kind, &k);
  if (!rc) rc = resource_audit(req, "privacy_retention", (int64_t)k + 1, "update", before, after, err);
  json_t *row = NULL;
  if (!rc) rc = report_kind(req->db, k, after, req->now, &row, err);
  json_decref(input);
  json_decref(before);
  json_decref(after);
  if (rc) return -1;
  api_send_json(res, 200, row);
  return 0;
}

int privacy_retention_run(Request *req, Response *res, Error *err) {
  json_t *applied = NULL;
  if (privacy_retention_apply(req->db, &req->actor, req->now, PRIVACY_RUN_LIMIT, &applied, err)) return -1;
  api_send_json(res, 200, json_pack("{s:s, s:o}", "at", req->now, "applied", applied));
  return 0;
}
