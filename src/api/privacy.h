/* Data protection (docs/PRIVACY.md): subject access exports of a contact or
 * a member of staff, erasure of a contact, and the retention periods with
 * their report and their runs. The routes, and the functions the CLI and
 * the scheduler share with them. */
#ifndef FORGEDESK_API_PRIVACY_H
#define FORGEDESK_API_PRIVACY_H

#include "api/api.h"

#define PRIVACY_RUN_LIMIT 200 /* records of each kind a retention run changes at most */

typedef enum { PRIVACY_CONTACT, PRIVACY_USER } PrivacySubject;

/* The subject access bundle of a contact or user: {subject, id,
 * generated_at, data (the sections), html (the same as a readable page)},
 * with the export audited as actor; 404 when there is no such subject.
 * *bundle is the caller's. */
int privacy_export(Db *db, const AuditActor *actor, PrivacySubject subject, int64_t id, const char *now,
                   json_t **bundle, Error *err);
/* Erases contact_id everywhere (store_privacy_erase_contact and the audit
 * trail) and records it in one audit entry that names no erased data; 409
 * when it was erased already or a legal hold applies (an open complaint),
 * naming it. *result {contact_id, erasure_id, changed, audit_entries} is the
 * caller's. */
int privacy_erase_contact(Db *db, const AuditActor *actor, int64_t contact_id, const char *reason, const char *now,
                          json_t **result, Error *err);
/* Each retention kind with its period, what it does, what is due at now and
 * when the next record falls due: an array, the caller's. */
int privacy_retention_report(Db *db, const char *now, json_t **rows, Error *err);
/* Applies every kind that has a period to at most limit records each, in
 * the open transaction, auditing each kind that changed something;
 * *applied [{kind, changed}] is the caller's. */
int privacy_retention_apply(Db *db, const AuditActor *actor, const char *now, int limit, json_t **applied,
                            Error *err);

int privacy_contact_export(Request *req, Response *res, Error *err);
int privacy_contact_erase(Request *req, Response *res, Error *err);
int privacy_user_export(Request *req, Response *res, Error *err);
int privacy_retention_get(Request *req, Response *res, Error *err);
int privacy_retention_put(Request *req, Response *res, Error *err);
int privacy_retention_run(Request *req, Response *res, Error *err);

#endif
