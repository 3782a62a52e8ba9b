/* The store: the one interface between forgedesk and its database, whichever
 * backend (SQLite or PostgreSQL) is behind it. All SQL lives below this file.
 * Records travel as jansson objects whose keys are column names; times are
 * RFC 3339 UTC text. Every function returns 0 on success or -1 with err set. */
#ifndef FORGEDESK_STORE_H
#define FORGEDESK_STORE_H

#include <jansson.h>
#include <stdint.h>
#include <time.h>

#include "core/privacy.h"
#include "core/retention.h"
#include "core/sla.h"
#include "util/error.h"

typedef struct Db Db;

/* --- connections and transactions ------------------------------------- */
/* Opens a connection for "sqlite:PATH" or a postgresql:// URI; the caller owns
 * *out and closes it with store_close. */
int store_open(const char *url, Db **out, Error *err);
void store_close(Db *db);
/* "sqlite" or "postgresql". */
const char *store_kind(const Db *db);
int store_begin_read(Db *db, Error *err);
/* For a connection that only reads (an event loop's): keeps each read
 * snapshot open for the next read while nothing was committed since, see
 * db_keep_reads; store_release_old_read ends one that has aged (when idle). */
void store_keep_reads(Db *db);
void store_release_old_read(Db *db);
/* Names the data the open read transaction sees (db_data_stamp): equal
 * stamps, equal data; *len 0 when this connection cannot tell. */
#define STORE_STAMP_BYTES 48
void store_data_stamp(Db *db, unsigned char out[STORE_STAMP_BYTES], size_t *len);
int store_begin_write(Db *db, Error *err);
/* A write transaction whose commit does not wait for the disk, for work
 * that is computed again from what is durable if a power cut loses it (the
 * scheduler's clocks and escalations, the roll-ups). The WAL being written
 * in order, it becomes durable with the next commit that waits (any user's
 * write, the mail queue's claim before a mail is sent) or the next
 * checkpoint; it never holds the write lock while the disk syncs. */
int store_begin_unsynced_write(Db *db, Error *err);
int store_commit(Db *db, Error *err);
void store_rollback(Db *db);
int store_savepoint(Db *db, Error *err);
int store_release_savepoint(Db *db, Error *err);
void store_rollback_to_savepoint(Db *db);
/* SQLite only: an online copy of the database into path, one consistent
 * snapshot taken without holding up writers. */
int store_backup(Db *db, const char *path, Error *err);
/* SQLite only: replaces the content of db with the backup file at path, in one
 * transaction. The backup must exist, pass SQLite's quick_check and be at a
 * schema version this binary knows (422, 409 otherwise); a db that already
 * holds tables is refused (409) unless force. */
int store_restore(Db *db, const char *path, int force, Error *err);
/* 1 when url is a SQLite database another process has open (serve running on
 * it); 0 otherwise and for PostgreSQL. Call before opening url yourself. */
int store_in_use_elsewhere(const char *url);
/* SQLite: from now on the connections this process opens leave copying the
 * WAL into the database to store_checkpoint, which serve runs on a thread of
 * its own, so no commit (a request's, the scheduler's) waits for it.
 * store_checkpoint copies what it can without blocking anyone (PASSIVE);
 * once the WAL holds 64 MiB it also has it start again from the beginning
 * (RESTART: kept read snapshots are given up, writers wait 200 ms at most;
 * after one that could not be made, none for 10 s). Once a write or a
 * checkpoint has found the disk full, writes are refused (507) without
 * touching it until a checkpoint has copied all of the WAL and truncated it.
 * Both do nothing on PostgreSQL. */
void store_defer_checkpoints(void);
int store_checkpoint(Db *db, Error *err);

/* --- schema -------------------------------------------------------------- */
int store_latest_schema_version(void);
int store_schema_version(Db *db, int *version, Error *err);
/* Applies pending migrations; *from and *to receive the versions before and
 * after. Refuses (409) a database newer than this binary. */
int store_migrate(Db *db, int *from, int *to, Error *err);

/* --- records: one table's create/read/update/delete ------------------------ */
typedef struct StoreTable {
  const char *entity;         /* audit name, e.g. "account" */
  const char *const *columns; /* writable columns in parameter order; "name_key" is derived from "name" */
  const char *sql_get;        /* $1 id */
  const char *sql_insert;     /* $1..$n columns, $n+1 now; RETURNING id */
  const char *sql_update;     /* $1..$n columns, $n+1 now, $n+2 id, $n+3 version */
  const char *sql_delete;     /* $1 id, $2 version; NULL when records are never deleted */
  const char *sql_exists;     /* $1 id */
  const char *sql_version;    /* $1 id: its version, which every change to the row bumps; may be NULL */
  int searchable;             /* names are indexed in search_terms under entity */
  const char *fold_source;    /* the field folded into "name_key" and indexed; NULL means "name" */
  const char *const *json_columns; /* columns kept as JSON text, given and returned as JSON values (may be NULL) */
} StoreTable;

extern const StoreTable store_users, store_teams, store_accounts, store_contacts, store_interactions, store_parts,
    store_assets, store_orders, store_cases, store_complaints, store_capas;

/* The stored version of record id (t->sql_version), *found 0 when none. */
int store_record_version(Db *db, const StoreTable *t, int64_t id, int64_t *version, int *found, Error *err);
/* Reads one record; *out is NULL (and 0 returned) when there is none. */
int store_record_get(Db *db, const StoreTable *t, int64_t id, json_t **out, Error *err);
/* Inserts values (an object with the table's columns; missing ones are NULL)
 * and gives the new id. */
int store_record_insert(Db *db, const StoreTable *t, const json_t *values, const char *now, int64_t *id, Error *err);
/* Replaces the writable columns of record id if it is still at version;
 * 404 when it does not exist, 412 when the version is stale. */
int store_record_update(Db *db, const StoreTable *t, int64_t id, int64_t version, const json_t *values,
                        const char *now, Error *err);
/* Deletes record id at version (404, 412 as above; 409 while referenced). */
int store_record_delete(Db *db, const StoreTable *t, int64_t id, int64_t version, Error *err);
int store_record_exists(Db *db, const StoreTable *t, int64_t id, int *exists, Error *err);

/* --- natural keys: finding records by what people call them (imports) ------- */
typedef enum {
  STORE_LOOKUP_ACCOUNT_NAME, /* accounts by name, case and accents ignored */
  STORE_LOOKUP_PART_NUMBER,  /* parts by part_number, exactly */
  STORE_LOOKUP_ORDER_NUMBER, /* orders by number, exactly */
} StoreLookup;
/* Finds the records whose key is value: *id is the lowest such id (0 when
 * none) and *matches how many there are (account names need not be unique). */
int store_lookup(Db *db, StoreLookup key, const char *value, int64_t *id, int64_t *matches, Error *err);

/* --- lists ------------------------------------------------------------------ */
/* Where a page starts: after the row with this sort key and id (key NULL and
 * id 0 for the first page). */
typedef struct StoreCursor {
  const char *key;
  int64_t id;
} StoreCursor;

/* A page of records; next_key/next_id describe the last row when more follow. */
typedef struct StorePage {
  json_t *items; /* owned array */
  int more;
  char *next_key; /* owned */
  int64_t next_id;
} StorePage;
void store_page_free(StorePage *page);

#define STORE_SEARCH_WORDS 4
typedef struct StoreSearch {
  int words; /* 0 = no search */
  char *prefix[STORE_SEARCH_WORDS];
  char *upper[STORE_SEARCH_WORDS];
} StoreSearch;
/* Builds the word-prefix search for a free-text query (folded; the longest
 * STORE_SEARCH_WORDS words are used). */
void store_search_init(StoreSearch *s, const char *query);
void store_search_free(StoreSearch *s);

typedef struct AccountFilter {
  StoreSearch search;
  const char *status, *tier;
  int64_t account_manager_id; /* 0 = any */
  int by_updated;             /* newest change first instead of by name */
} AccountFilter;

int store_accounts_list(Db *db, const AccountFilter *f, StoreCursor after, int limit, StorePage *page, Error *err);
int store_contacts_list(Db *db, const StoreSearch *search, int64_t account_id, StoreCursor after, int limit,
                        StorePage *page, Error *err);
int store_interactions_list(Db *db, int64_t account_id, int64_t contact_id, StoreCursor after, int limit,
                            StorePage *page, Error *err);
int store_orders_list(Db *db, int64_t account_id, StoreCursor after, int limit, StorePage *page, Error *err);
int store_parts_list(Db *db, const StoreSearch *search, StoreCursor after, int limit, StorePage *page, Error *err);
int store_assets_list(Db *db, int64_t account_id, StoreCursor after, int limit, StorePage *page, Error *err);
int store_users_list(Db *db, StoreCursor after, int limit, StorePage *page, Error *err);
int store_teams_list(Db *db, StoreCursor after, int limit, StorePage *page, Error *err);
/* Cases: filters (NULL or 0 = any) and the order of the list. */
typedef enum { CASE_SORT_UPDATED, CASE_SORT_OPENED, CASE_SORT_PRIORITY, CASE_SORT_COUNT } CaseSort;
typedef struct CaseFilter {
  StoreSearch search; /* words of the subject */
  const char *status; /* one status or several, comma-separated ("new,open"); NULL for any */
  const char *type;
  int64_t priority, assignee_id, team_id, account_id;
  CaseSort sort; /* newest change first, newest opened first, or most urgent and oldest first */
} CaseFilter;
int store_cases_list(Db *db, const CaseFilter *f, StoreCursor after, int limit, StorePage *page, Error *err);

/* What a status change writes to a case (times NULL to clear them). */
typedef struct StoreCaseStatus {
  const char *status;
  int first_contact_resolution, reopen_count;
  const char *resolved_at, *closed_at;
} StoreCaseStatus;
/* Sets case id's status at version (404, 412 as for store_record_update). */
int store_case_set_status(Db *db, int64_t id, int64_t version, const StoreCaseStatus *s, const char *now,
                          Error *err);
/* Counts one public reply on case id, from the customer (inbound) or from us,
 * and makes it a new version. */
int store_case_count_reply(Db *db, int64_t id, int inbound, const char *now, Error *err);
/* Adds an event to a case's timeline. event holds kind, visibility,
 * direction, body, from_/to_status, from_/to_assignee_id, from_/to_team_id,
 * author_id and step (missing ones NULL). */
int store_case_event_insert(Db *db, int64_t case_id, const json_t *event, const char *at, int64_t *id, Error *err);
int store_case_event_get(Db *db, int64_t id, json_t **out, Error *err);
/* A case's timeline, newest first; visibility NULL for every event, or
 * "public" / "internal" for those only. */
int store_case_events_list(Db *db, int64_t case_id, const char *visibility, StoreCursor after, int limit,
                           StorePage *page, Error *err);

/* --- complaints and corrective actions (store_complaints is keyed by case id;
 * it has no insert or delete of its own) --------------------------------- */
/* Creates the complaint record of complaint case case_id at step received. */
int store_complaint_insert(Db *db, int64_t case_id, const char *now, Error *err);
/* Records that complaint case_id went to level for reason (by_id 0: the system). */
int store_complaint_escalation_insert(Db *db, int64_t case_id, const char *level, const char *reason, int64_t by_id,
                                      const char *at, int64_t *id, Error *err);
int store_complaint_escalation_get(Db *db, int64_t id, json_t **out, Error *err);
/* A complaint's escalations, oldest first; *out an owned array. */
int store_complaint_escalations(Db *db, int64_t case_id, json_t **out, Error *err);
/* CAPAs: filters (0 or NULL = any); the list is soonest due first. */
typedef struct CapaFilter {
  int64_t owner_id, case_id;
  const char *status;
} CapaFilter;
int store_capas_list(Db *db, const CapaFilter *f, StoreCursor after, int limit, StorePage *page, Error *err);
/* How many CAPAs have been raised from case_id. */
int store_capa_count_for_case(Db *db, int64_t case_id, int64_t *count, Error *err);
/* Root-cause categories of the complaints opened in [from, to) (RFC 3339
 * instants): [{category, count}], most frequent first. */
int store_complaint_pareto(Db *db, const char *from, const char *to, json_t **out, Error *err);
/* Complaint cases opened in [from, to) (RFC 3339 bounds) counted per month
 * of opening and group: rows {month "YYYY-MM", group_key, label, count} in
 * no particular order. The key and label are the root-cause category (both
 * null when none is recorded), the case's part (id; "part_number name"; null
 * when none) or the account (id; name). *out is the caller's. */
typedef enum { COMPLAINT_GROUP_CATEGORY, COMPLAINT_GROUP_PRODUCT, COMPLAINT_GROUP_ACCOUNT, COMPLAINT_GROUP_COUNT } ComplaintGroup;
int store_complaints_by_month(Db *db, ComplaintGroup group, const char *from, const char *to, json_t **out,
                              Error *err);

/* --- follow-up tasks (tasks.c, docs/SATISFACTION.md) --------------------------- */
extern const StoreTable store_tasks;
/* Filters (0 or NULL = any); the list is soonest due first. */
typedef struct TaskFilter {
  int64_t owner_id, account_id;
  const char *status, *kind;
} TaskFilter;
int store_tasks_list(Db *db, const TaskFilter *f, StoreCursor after, int limit, StorePage *page, Error *err);

/* --- retention (retention.c, docs/RETENTION.md) ------------------------------------ */
/* The settings row (id 1), campaigns and improvement initiatives. */
extern const StoreTable store_retention_settings, store_campaigns, store_improvements;
/* Every order placed up to the date until (of one account, or all when
 * account_id is 0), sorted by account and date; *orders is the caller's
 * (free), *n its length. */
int store_retention_orders(Db *db, int64_t account_id, const char *until, RetentionOrder **orders, size_t *n,
                           Error *err);
/* One row per account (or only account_id when not 0), by id: {id, name,
 * status, tier, account_manager_id, manager_name, complaints, sla_cases,
 * sla_breached, last_contact_at, survey_answers, survey_tenths}: complaints
 * and cases under an SLA (and those with a breach) opened in [since,
 * until], instants; the last interaction up to until; survey answers in
 * [since, until] and their mean on 0–100 (100 best) in tenths, null when none. */
int store_retention_accounts(Db *db, int64_t account_id, const char *since, const char *until, json_t **rows,
                             Error *err);
/* One account as the whole-book retention answers read it (store_retention_book). */
typedef struct RetentionAccount {
  int64_t id, manager_id;                          /* manager_id 0: none */
  const char *name, *status, *tier, *manager_name; /* in text; tier and manager_name NULL when unset */
  char *text;                                      /* owned: the strings above */
  char last_contact_at[24];                        /* the last interaction up to the day; "" when none */
  int stored; /* 1: the facts and summary below are the retention roll-up's */
  long complaints, sla_cases, sla_breached, survey_answers;
  int has_tenths;
  int64_t survey_tenths; /* the answers' mean on 0–100 (100 best) in tenths, when has_tenths */
  AccountSummary summary; /* its orders over the 365 days up to the day */
} RetentionAccount;
/* Every account, by id (*accounts the caller's: store_retention_book_free),
 * with its last interaction up to the date day and — when stored, where the
 * retention roll-up holds them for day and window_days and the account is
 * not marked — its service facts of the year up to day (of all time when
 * ever) and its orders' summary. The others have stored 0, no facts and an
 * empty summary: the caller computes them from the raw rows. */
int store_retention_book(Db *db, const char *day, int stored, long window_days, int ever, RetentionAccount **accounts,
                         size_t *n, Error *err);
void store_retention_book_free(RetentionAccount *accounts, size_t n);
/* What an account's health score is computed from, as of day (days since 1970). */
HealthInputs store_retention_health_inputs(const RetentionAccount *a, long day);
/* The health an account sorts by: its score, or this without one (sorted last). */
#define RETENTION_HEALTH_NONE 1000
/* The accounts of the at-risk list for the date day and window_days with the weights: the first limit, lowest
 * health first (ties by id), of the accounts with orders whose retention row is current (of day, window_days and
 * weights, the account not marked), with stored 1 — then, by id, every account without a current row, with stored
 * 0 (as store_retention_book gives them). *current: how many accounts with orders have a current row. */
int store_retention_at_risk(Db *db, const char *day, long window_days, const int weights[HEALTH_COMPONENT_COUNT],
                            size_t limit, RetentionAccount **accounts, size_t *n, int64_t *current, Error *err);
/* Campaigns, newest first, each with its count of accounts. */
int store_campaigns_list(Db *db, StoreCursor after, int limit, StorePage *page, Error *err);
int store_campaign_account_insert(Db *db, int64_t campaign_id, int64_t account_id, int64_t task_id, Error *err);
/* A campaign's accounts by name with their task (id, status, outcome, owner)
 * and orders counted and valued in [before_from, started_on) and
 * [started_on, after_until) (dates): {account_id, account_name, task_id,
 * task_status, task_outcome, task_owner_id, orders_before, value_before,
 * orders_after, value_after}. */
int store_campaign_outcome(Db *db, int64_t campaign_id, const char *before_from, const char *started_on,
                           const char *after_until, json_t **rows, Error *err);
/* Improvement initiatives, open ones first, newest first; stage NULL for all. */
int store_improvements_list(Db *db, const char *stage, StoreCursor after, int limit, StorePage *page, Error *err);
/* KPIs of a period [from, to] (instants; order dates for orders): complaints
 * opened (of one 6M category, or all when category is NULL); cases under an
 * SLA whose clocks all met or one breached; orders placed and their value. */
int store_kpi_complaints(Db *db, const char *category, const char *from, const char *to, int64_t *count, Error *err);
int store_kpi_sla(Db *db, const char *from, const char *to, int64_t *met, int64_t *breached, Error *err);
int store_kpi_orders(Db *db, const char *from, const char *to, int64_t *orders, int64_t *value, Error *err);
/* CSAT answers of [from, to] (instants) in the top two scores of their scale, and all CSAT answers. */
int store_kpi_csat(Db *db, const char *from, const char *to, int64_t *satisfied, int64_t *answers, Error *err);
/* --- satisfaction: surveys, invitations, answers, feedback (surveys.c) ------------- */
extern const StoreTable store_surveys, store_survey_responses, store_feedback_records;
/* Surveys by name; trigger_kind NULL for any, active_only to leave out inactive ones. */
int store_surveys_list(Db *db, const char *trigger_kind, int active_only, StoreCursor after, int limit,
                       StorePage *page, Error *err);
/* An invitation as made: NULL texts and 0 ids are stored as NULL. */
typedef struct StoreSurveyInvitation {
  int64_t survey_id, account_id, contact_id, case_id, team_id, agent_id, part_id, created_by_id;
  const char *case_type, *delivery, *token_hash, *send_after, *mail_status, *sent_at, *expires_at;
} StoreSurveyInvitation;
int store_survey_invitation_insert(Db *db, const StoreSurveyInvitation *v, const char *now, int64_t *id,
                                   Error *err);
/* An invitation as staff see it (never its token's hash); *out NULL when none. */
int store_survey_invitation_get(Db *db, int64_t id, json_t **out, Error *err);
/* Filters of the invitation and answer lists (0 = any); newest first. */
typedef struct SurveyFilter {
  int64_t survey_id, account_id, case_id;
} SurveyFilter;
int store_survey_invitations_list(Db *db, const SurveyFilter *f, StoreCursor after, int limit, StorePage *page,
                                  Error *err);
/* *invited is 1 when the contact was invited to any survey since `since`, or
 * (case_id not 0) this survey was already sent for this case. */
int store_survey_recently_invited(Db *db, int64_t contact_id, const char *since, int64_t survey_id, int64_t case_id,
                                  int *invited, Error *err);
/* Customer accounts not asked survey_id since `since`, each with the contact
 * to ask: rows {account_id, contact_id}, at most limit. */
int store_survey_relationship_due(Db *db, int64_t survey_id, const char *since, int limit, json_t **rows,
                                  Error *err);
/* Email invitations due by now, oldest first, at most limit: rows {id,
 * survey_id, survey_name, question, expires_days, case_id, email,
 * contact_name, audience}; on PostgreSQL locked for this transaction,
 * skipping other servers' rows. */
int store_survey_invitations_due(Db *db, const char *now, int limit, json_t **rows, Error *err);
/* Marks invitation id queued for mailing (the outbound queue), its link
 * to expire at expires_at. */
int store_survey_invitation_queued(Db *db, int64_t id, const char *expires_at, Error *err);
/* Gives invitation id its link (the token's hash), made as its mail is
 * sent at sent_at, and marks it sending. */
int store_survey_invitation_link(Db *db, int64_t id, const char *token_hash, const char *sent_at, Error *err);
/* Records how mailing went: status "sent", "failed" or "queued" (to be
 * tried again) with detail. */
int store_survey_invitation_mailed(Db *db, int64_t id, const char *status, const char *detail, Error *err);
/* The invitation whose token has this hash, with its survey (name, type,
 * question, scale, labels, comment_prompt, custom_questions,
 * follow_up_owner_id); *out NULL when there is none. */
int store_survey_invitation_by_token(Db *db, const char *token_hash, json_t **out, Error *err);
/* Marks invitation id answered at now; *first is 0 when it already was. */
int store_survey_invitation_answer(Db *db, int64_t id, const char *now, int *first, Error *err);
/* Answers, newest first. */
int store_survey_responses_list(Db *db, const SurveyFilter *f, StoreCursor after, int limit, StorePage *page,
                                Error *err);
/* The satisfaction report's inputs, over [from, to) (RFC 3339 bounds), by
 * group and filters (NULL or 0 = any). */
typedef enum {
  SATISFACTION_GROUP_MONTH,
  SATISFACTION_GROUP_TEAM,
  SATISFACTION_GROUP_AGENT,
  SATISFACTION_GROUP_ACCOUNT,
  SATISFACTION_GROUP_CASE_TYPE,
  SATISFACTION_GROUP_PRODUCT,
  SATISFACTION_GROUP_SURVEY,
  SATISFACTION_GROUP_COUNT
} SatisfactionGroup;
typedef struct SatisfactionQuery {
  SatisfactionGroup group;
  const char *from, *to, *survey_type, *case_type;
  int64_t account_id, team_id, agent_id, part_id;
} SatisfactionQuery;
/* Answers counted per group and score: rows {group_key, label, survey_type,
 * scale_min, scale_max, high_is_good, score, count}. */
int store_satisfaction_scores(Db *db, const SatisfactionQuery *q, json_t **rows, Error *err);
/* Invitations sent in the period per group: rows {group_key, label, invited, answered}. */
int store_satisfaction_invited(Db *db, const SatisfactionQuery *q, json_t **rows, Error *err);
/* Feedback records, newest first (account_id 0 and kind NULL for any). */
int store_feedback_list(Db *db, int64_t account_id, const char *kind, StoreCursor after, int limit, StorePage *page,
                        Error *err);
/* The feedback records dated in [from, to) (dates): rows {month, themes}. */
int store_feedback_themes(Db *db, const char *from, const char *to, int64_t account_id, json_t **rows, Error *err);

/* The account timeline, newest first; the cursor key is "<at>|<kind>".
 * Interactions, orders and service events always appear; the kinds the
 * reader may see besides are the TIMELINE_* bits of show: cases (their
 * subject, description and status only), tasks (when opened, with their
 * title, notes and status) and survey answers (score, scale, comment). */
enum { TIMELINE_CASES = 1, TIMELINE_TASKS = 2, TIMELINE_SURVEYS = 4 };
int store_timeline(Db *db, int64_t account_id, unsigned show, StoreCursor after, int limit, StorePage *page,
                   Error *err);

/* Order lines and asset service events belong to their parent record. */
int store_order_lines(Db *db, int64_t order_id, json_t **lines, Error *err);
int store_order_line_insert(Db *db, int64_t order_id, int line_no, const json_t *line, Error *err);
int store_asset_events(Db *db, int64_t asset_id, json_t **events, Error *err);
int store_asset_event_insert(Db *db, int64_t asset_id, const json_t *event, const char *now, int64_t *id, Error *err);
int store_asset_event_get(Db *db, int64_t id, json_t **out, Error *err);

/* --- SLA: calendars, policies, case clocks, escalations (sla.c, docs/SLA.md) --- */
extern const StoreTable store_calendars, store_sla_policies;
int store_calendars_list(Db *db, StoreCursor after, int limit, StorePage *page, Error *err);
int store_sla_policies_list(Db *db, StoreCursor after, int limit, StorePage *page, Error *err);
/* The id of the default policy into *id, 0 when there is none. */
int store_sla_default_policy(Db *db, int64_t *id, Error *err);
/* Takes the default mark from every policy but keep (a new version each). */
int store_sla_policy_clear_default(Db *db, int64_t keep, const char *now, Error *err);
/* A policy with its calendar, for compiling: the policy's columns (JSON ones
 * decoded), calendar_version and calendar (the JSON form); *out NULL when
 * there is no such policy. */
int store_sla_policy_source(Db *db, int64_t policy_id, json_t **out, Error *err);
/* The versions that key a compiled policy, without the calendar's text: what
 * every clock computation asks before it takes the compiled policy from the
 * cache. found is 0 when there is no such policy. */
typedef struct StoreSlaPolicyVersions {
  int found;
  int64_t version, calendar_id, calendar_version;
} StoreSlaPolicyVersions;
int store_sla_policy_versions(Db *db, int64_t policy_id, StoreSlaPolicyVersions *out, Error *err);
/* The version of calendar id, without its text (*found 0 when there is none):
 * what a cached compiled calendar is checked against. */
int store_calendar_version(Db *db, int64_t id, int64_t *version, int *found, Error *err);
/* What a case's clocks are computed from: *out {id, type, priority, status,
 * opened_at, assignee_id, team_id, subject, policy_id (the account's, else
 * the default, else null)} or NULL when there is no such case; *events its
 * public replies and status changes {kind, direction, to_status, at} in
 * time order. Both owned by the caller. */
int store_case_sla_source(Db *db, int64_t case_id, json_t **out, json_t **events, Error *err);

/* A case's clocks as computed, for the scheduler's index and the reports.
 * clocks[k] is the state name of SlaClockKind k; times NULL when none. */
typedef struct StoreCaseSla {
  int64_t case_id, policy_id; /* policy_id 0 when no policy applies */
  int priority;
  const char *state, *due_at, *at_risk, *next_check_at;
  const char *clocks[4];
  int next_update_breaches;
} StoreCaseSla;
int store_case_sla_put(Db *db, const StoreCaseSla *s, const char *now, Error *err);
/* Up to limit case ids ({case_id} rows) whose next check is at or before
 * now, earliest first; on PostgreSQL they stay locked for this transaction
 * and rows locked by another server are skipped. */
int store_case_sla_due(Db *db, const char *now, int limit, json_t **rows, Error *err);
/* Which cases a changed policy, calendar or default touches: their next
 * check becomes now, so the scheduler recomputes them. */
typedef enum {
  STORE_RECHECK_POLICY,   /* id: the policy */
  STORE_RECHECK_CALENDAR, /* id: the calendar; every policy on it */
  STORE_RECHECK_ACCOUNT,  /* id: the account; its cases */
  STORE_RECHECK_DEFAULT,  /* id: the former default policy (0 none); and the cases that had no policy */
  STORE_RECHECK_COUNT
} StoreRecheck;
int store_case_sla_recheck(Db *db, StoreRecheck what, int64_t id, const char *now, Error *err);

/* Records an escalation of (case, target, level, wait) unless it is already
 * recorded: *id the new row's id, or 0 when it existed (exactly once, also
 * across servers: the unique key decides). wait tells the next-update
 * clock's waits apart (1 = the first; 1 for the other clocks). */
int store_sla_escalation_insert(Db *db, int64_t case_id, const char *target, const char *level, int wait,
                                int64_t user_id, const char *notify_status, const char *now, int64_t *id, Error *err);
int store_sla_escalation_get(Db *db, int64_t id, json_t **out, Error *err);
/* Escalations oldest first, of one case (case_id 0 = all). */
int store_sla_escalations_list(Db *db, int64_t case_id, StoreCursor after, int limit, StorePage *page, Error *err);
/* Whom a case's escalations notify: *leader (the assignee's manager, else
 * the team's first team leader) and *manager (the leader's manager); 0 when
 * there is nobody. */
int store_sla_leaders(Db *db, int64_t assignee_id, int64_t team_id, int64_t *leader, int64_t *manager, Error *err);
/* Records how mailing escalation id went: status "sent" or "failed". */
int store_sla_notify_done(Db *db, int64_t id, const char *status, const char *detail, const char *now, Error *err);

/* The SLA compliance report: per group, in key order, cases counted (those
 * a policy applies to, opened from `from` to `to`, RFC 3339 bounds
 * inclusive) and for each clock how many were met and how many breached.
 * *groups is the caller's (store_sla_compliance_free). */
typedef enum { SLA_GROUP_ACCOUNT, SLA_GROUP_TEAM, SLA_GROUP_AGENT, SLA_GROUP_PRIORITY, SLA_GROUP_MONTH, SLA_GROUP_COUNT } SlaGroup;
typedef struct SlaComplianceGroup {
  json_t *key, *label; /* a number, a text or null */
  int64_t cases, met[SLA_CLOCK_COUNT], breached[SLA_CLOCK_COUNT]; /* per clock, in SlaClockKind's order */
} SlaComplianceGroup;
int store_sla_compliance(Db *db, SlaGroup group, const char *from, const char *to, SlaComplianceGroup **groups,
                         size_t *n, Error *err);
void store_sla_compliance_free(SlaComplianceGroup *groups, size_t n);
/* Open cases with a running clock, the soonest due first: {id, subject,
 * priority, status, account_id, account_name, assignee_id, assignee_name,
 * team_id, policy_id, clock, due_at, sla_state}. */
int store_cases_at_risk(Db *db, StoreCursor after, int limit, StorePage *page, Error *err);

/* --- skills, rosters and work allocation (allocation.c, docs/TEAM.md) ---------- */
extern const StoreTable store_skills, store_development_goals, store_roster_entries;
/* The skill catalogue by name (a page; store_skills_all: every skill). */
int store_skills_list(Db *db, StoreCursor after, int limit, StorePage *page, Error *err);
int store_skills_all(Db *db, json_t **out, Error *err);
/* Development goals (0 or NULL = any), oldest first. */
int store_development_goals_list(Db *db, int64_t user_id, int64_t team_id, const char *status, StoreCursor after,
                                 int limit, StorePage *page, Error *err);
/* Roster entries overlapping [from, to) (RFC 3339), by start; user_id or
 * team_id 0 = any. */
typedef struct RosterFilter {
  int64_t user_id, team_id;
  const char *from, *to;
} RosterFilter;
int store_roster_list(Db *db, const RosterFilter *f, StoreCursor after, int limit, StorePage *page, Error *err);
/* A person's levels [{skill, level}] by skill name; level 0 is no row. */
int store_user_skills(Db *db, int64_t user_id, json_t **out, Error *err);
/* Replaces a person's levels by levels, an array of {skill_id, level}. */
int store_user_skills_replace(Db *db, int64_t user_id, const json_t *levels, const char *now, Error *err);

/* What an allocation decision reads about a team, as typed values (no
 * JSON rows: a decision runs on every new case): the skill catalogue by
 * name (column i of the skill matrix is skills[i]); the team's settings
 * (has_settings 0 when never set); its people (agents and team leaders, by
 * id); their levels; their open goals; their roster entries overlapping
 * [from, to); and the open cases they hold but except_case (the one being
 * decided, which must not weigh on its own holder). Team 0 reads only the
 * catalogue. Instants are 0 where the text is missing or unreadable.
 * Everything is owned (store_allocation_team_free). */
typedef struct StoreTeamSkill {
  int64_t id;
  int case_level;
  char *name;
} StoreTeamSkill;
typedef struct StoreTeamPerson {
  int64_t id;
  int active;
  char *name, *role; /* display_name, role */
} StoreTeamPerson;
typedef struct StoreTeamLevel {
  int64_t user_id, skill_id;
  int level;
} StoreTeamLevel;
typedef struct StoreTeamGoal {
  int64_t id, user_id, skill_id, mentor_id;
  int target_level;
  char *skill, *due_on, *mentor_name;
} StoreTeamGoal;
typedef struct StoreTeamSpan {
  int64_t user_id;
  time_t starts_at, ends_at;
  int absence; /* kind 'absence', else a shift */
} StoreTeamSpan;
typedef struct StoreTeamOpen {
  int64_t case_id, assignee_id;
  int priority;
  time_t due_at;
  int stretch; /* it came to its holder as a stretch case */
} StoreTeamOpen;
typedef struct StoreAllocationTeam {
  int has_settings;
  char mode[16];
  int64_t calendar_id;
  int max_load;
  StoreTeamSkill *skills;
  StoreTeamPerson *people;
  StoreTeamLevel *levels;
  StoreTeamGoal *goals;
  StoreTeamSpan *roster;
  StoreTeamOpen *open;
  size_t nskills, npeople, nlevels, ngoals, nroster, nopen;
} StoreAllocationTeam;
int store_allocation_team(Db *db, int64_t team_id, const char *from, const char *to, int64_t except_case,
                          StoreAllocationTeam *out, Error *err);
void store_allocation_team_free(StoreAllocationTeam *t);
/* The same rows kept on a SQLite connection between the decisions of its
 * write transactions, read again only when something they come from may
 * have changed: any write to the skills, users, levels, goals, roster or
 * settings, a change to a case (or its clocks or allocations) that the
 * team's people hold open or that becomes one, a rollback, another
 * connection's commit, or TEAM_KEPT_SECONDS gone by. Kept rows differ from
 * store_allocation_team's in two ways the caller must make up for: the
 * roster holds the entries overlapping [now - window, now + window +
 * TEAM_KEPT_SECONDS), and the open cases include the one being decided.
 * *out is shared, read-only, until store_allocation_team_release; it is
 * NULL (and 0 returned) where nothing is kept — PostgreSQL, or outside a
 * write transaction — and the caller reads with store_allocation_team. */
#define TEAM_KEPT_SECONDS 60
int store_allocation_team_kept(Db *db, int64_t team_id, time_t now, time_t window, const StoreAllocationTeam **out,
                               Error *err);
void store_allocation_team_release(const StoreAllocationTeam *rows);
/* A case as allocation sees it: {id, team_id, assignee_id, priority, status,
 * required_skills (decoded), version, due_at}; *out NULL when none. */
int store_allocation_case(Db *db, int64_t case_id, json_t **out, Error *err);
/* A team's allocation settings {team_id, mode, calendar_id, max_load,
 * updated_at, version}, NULL when never set; put creates or replaces them
 * (calendar_id 0 for none). */
int store_team_allocation_get(Db *db, int64_t team_id, json_t **out, Error *err);
int store_team_allocation_put(Db *db, int64_t team_id, const char *mode, int64_t calendar_id, int max_load,
                              const char *now, Error *err);
/* Gives case_id to user_id only if it has no assignee: *assigned 1 when this
 * call made the change, 0 when someone had it already (also when another
 * server's transaction assigned it first). */
int store_case_assign_unassigned(Db *db, int64_t case_id, int64_t user_id, const char *now, int *assigned,
                                 Error *err);
/* Sets case_id's assignee (0 clears it) at version (404, 412). */
int store_case_assign(Db *db, int64_t case_id, int64_t version, int64_t user_id, const char *now, Error *err);
/* One allocation decision (ids 0 for none; rationale borrowed). */
typedef struct StoreAllocation {
  int64_t case_id, team_id, assignee_id, mentor_id, decided_by;
  const char *kind, *rule, *risk, *reason, *summary;
  int priority, complexity, stretch;
  const json_t *rationale;
} StoreAllocation;
int store_case_allocation_insert(Db *db, const StoreAllocation *a, const char *now, int64_t *id, Error *err);
int store_case_allocation_get(Db *db, int64_t id, json_t **out, Error *err);
/* Allocation a, just written as id at now, as store_case_allocation_get
 * gives it, for the audit entry of the transaction that wrote it. It is
 * built from a and the display names of its assignee, mentor and decider
 * as the caller has them (names[0..2]), not read back; a->rationale stands
 * in for the stored text, the same document. A name missing (NULL) for a
 * person who is set makes it read the row instead. */
int store_case_allocation_written(Db *db, const StoreAllocation *a, int64_t id, const char *now,
                                  const char *const names[3], json_t **out, Error *err);
/* A case's allocation decisions, newest first. */
int store_case_allocations_list(Db *db, int64_t case_id, StoreCursor after, int limit, StorePage *page,
                                Error *err);
/* A mentor's notice of a stretch case: status queued (its mail is in the
 * outbound queue), failed (the mentor has no address) or not_sent (serve
 * has no --smtp). */
int store_allocation_notice_insert(Db *db, int64_t allocation_id, int64_t case_id, int64_t user_id, const char *body,
                                   const char *status, const char *now, int64_t *id, Error *err);
/* Up to limit ids ({id}) of unassigned open cases in automatic teams, oldest
 * first. */
int store_unassigned_cases(Db *db, int limit, json_t **rows, Error *err);
/* Takes team_id's allocation lock for the rest of the transaction, so that
 * the team's decisions are made one at a time even across servers, each
 * seeing the workloads the one before it left (a no-op on SQLite, whose
 * writes are one at a time anyway; none without settings). */
int store_team_allocation_lock(Db *db, int64_t team_id, Error *err);
/* Per agent and team leader of team_id, what they were assigned (by rule or
 * by hand) from `from` to `to` (RFC 3339, inclusive): {user_id, name,
 * cases, p1..p4, complexity, stretch, manual}. */
int store_allocation_fairness(Db *db, int64_t team_id, const char *from, const char *to, json_t **rows,
                              Error *err);

/* --- users, sessions, tokens and sign-in throttling -------------------------- */
/* A user with password_hash, by username; *out NULL when unknown. */
int store_user_credentials(Db *db, const char *username, json_t **out, Error *err);
int store_user_set_password(Db *db, int64_t id, const char *password_hash, const char *now, Error *err);
int store_team_by_name(Db *db, const char *name, int64_t *id, Error *err); /* *id 0 when unknown */
int store_session_insert(Db *db, const char *token_hash, int64_t user_id, const char *csrf_token, const char *now,
                         const char *expires_at, Error *err);
/* The active user behind a live session or unrevoked token (NULL when none):
 * {id, username, display_name, role, team_id, manager_id, csrf_token?}. */
int store_session_principal(Db *db, const char *token_hash, const char *now, json_t **out, Error *err);
int store_token_principal(Db *db, const char *token_hash, json_t **out, Error *err);
int store_session_delete(Db *db, const char *token_hash, Error *err);
int store_sessions_delete_for_user(Db *db, int64_t user_id, Error *err);
int store_token_insert(Db *db, int64_t user_id, const char *label, const char *token_hash, const char *now,
                       int64_t *id, Error *err);
/* Revokes a token by its hash; *found says whether a live one existed. */
int store_token_revoke(Db *db, const char *token_hash, const char *now, int *found, Error *err);
/* Counts failed sign-ins for key since window_start (0 when none recorded). */
int store_signin_failures(Db *db, const char *key, const char *window_start, int64_t *failures, Error *err);
int store_signin_failure_add(Db *db, const char *key, const char *window_start, const char *now, Error *err);
int store_signin_failures_clear(Db *db, const char *key, Error *err);

/* --- idempotency keys -------------------------------------------------------- */
/* The stored answer for (user, key): {request_hash, status, location, response}, or NULL. */
int store_idempotency_get(Db *db, int64_t user_id, const char *key, json_t **out, Error *err);
int store_idempotency_put(Db *db, int64_t user_id, const char *key, const char *request_hash, int status,
                          const char *location, const char *response, const char *now, Error *err);

/* --- audit trail --------------------------------------------------------------- */
typedef struct AuditActor {
  int64_t id; /* 0 for the system (CLI, imports) */
  const char *name;
} AuditActor;

/* Appends one entry to the hash chain inside the caller's transaction. before
 * and after are the record's states (NULL for none). */
int store_audit_append(Db *db, const AuditActor *actor, const char *entity, int64_t entity_id, const char *action,
                       const json_t *before, const json_t *after, const char *now, Error *err);
/* Entries for one entity (entity NULL = all; id 0 = all of that entity), oldest first. */
int store_audit_list(Db *db, const char *entity, int64_t id, StoreCursor after, int limit, StorePage *page,
                     Error *err);

typedef struct AuditVerification {
  int64_t entries;   /* entries checked */
  int64_t bad_seq;   /* first entry that fails, 0 when the chain is intact */
  int64_t rewritten; /* entries whose personal data an erasure rewrote, vouched for by it */
  char problem[200]; /* what is wrong with it */
} AuditVerification;
int store_audit_verify(Db *db, AuditVerification *result, Error *err);
/* Which entries store_audit_rewrite takes: those whose states mention any
 * of npatterns (1-3) LIKE patterns (privacy_like_pattern) anywhere; or,
 * npatterns 0, up to limit entries about entity written before `before`
 * after after_seq. Erasure entries are never taken. */
typedef struct StoreAuditSelection {
  char *const *patterns;
  int npatterns;
  const char *entity, *before;
  int64_t after_seq;
  int limit;
} StoreAuditSelection;
/* Changes a state (an entry's before or after, JSON) in place; returns how
 * many values it changed. */
typedef int (*StoreAuditRewriter)(json_t *state, void *ctx);
/* Rewrites the states of the selected entries with rewrite, leaving their
 * stored hashes as they are, and appends [seq, stored hash, digest of the
 * rewritten entry] to redacted for each entry changed: the caller records
 * that list in an erasure entry (entity "privacy_erasure", its after state's
 * "redacted") in the same transaction, which makes verify accept them.
 * Refuses (409) to rewrite an entry that was altered. *progress (may be
 * NULL) receives the last entry looked at and how many were. */
typedef struct StoreAuditProgress {
  int64_t last_seq, looked;
} StoreAuditProgress;
int store_audit_rewrite(Db *db, const StoreAuditSelection *sel, StoreAuditRewriter rewrite, void *ctx,
                        json_t *redacted, StoreAuditProgress *progress, Error *err);

/* --- quality checks and team communication (quality.c, docs/QUALITY.md) ------- */
extern const StoreTable store_qa_scorecards, store_qa_sampling_rules, store_qa_calibrations, store_qa_reviews,
    store_qa_actions, store_meetings, store_meeting_actions;
/* Whose records a list may show: every one (all), those of the people of
 * team_id (0: none), and the caller's own (self_id). */
typedef struct StoreScope {
  int all;
  int64_t self_id, team_id;
} StoreScope;
int store_qa_scorecards_list(Db *db, StoreCursor after, int limit, StorePage *page, Error *err);
/* Sampling rules by name, of one team (0 = all). */
int store_qa_sampling_rules_list(Db *db, int64_t team_id, StoreCursor after, int limit, StorePage *page,
                                 Error *err);
/* The active agents of a team, by id: *ids an owned array of {id}. */
int store_qa_team_agents(Db *db, int64_t team_id, json_t **ids, Error *err);
/* What a spot check can be drawn from: the person's cases resolved or
 * closed and their interactions in [from, to), source "cases",
 * "interactions" or "both"; *rows [{kind "case"|"interaction", id}] in a
 * stable order. */
int store_qa_sample_candidates(Db *db, int64_t person_id, const char *from, const char *to, const char *source,
                               json_t **rows, Error *err);
/* How many spot checks rule_id has already drawn for the person's week. */
int store_qa_week_drawn(Db *db, int64_t rule_id, int64_t person_id, const char *monday, int64_t *count,
                        Error *err);
/* Calibration sessions, latest deadline first, leaving out those that score self_id. */
int store_qa_calibrations_list(Db *db, int64_t self_id, StoreCursor after, int limit, StorePage *page, Error *err);
/* Reviews, newest first; filters 0 or NULL = any. Within the scope, the
 * person reviewed sees their own reviews only once submitted and never a
 * calibration score. */
typedef struct QaReviewFilter {
  int64_t agent_id, reviewer_id, calibration_id, case_id;
  const char *status, *kind;
} QaReviewFilter;
int store_qa_reviews_list(Db *db, const StoreScope *scope, const QaReviewFilter *f, StoreCursor after, int limit,
                          StorePage *page, Error *err);
/* Every review of a calibration session, by id; *rows owned by the caller. */
int store_qa_calibration_reviews(Db *db, int64_t calibration_id, json_t **rows, Error *err);
/* Submitted reviews that count towards QA scores (no calibration) in [from,
 * to), of one person and/or team (0 = any): [{agent_id, submitted_at,
 * score_centi, passed}] oldest first. */
int store_qa_scored_reviews(Db *db, int64_t agent_id, int64_t team_id, const char *from, const char *to,
                            json_t **rows, Error *err);
/* Corrective actions of failed reviews, soonest due first, within the scope
 * (the person's own, those they own, their team's). */
typedef struct QaActionFilter {
  int64_t agent_id, owner_id, review_id;
  const char *status;
  int open_only;
} QaActionFilter;
int store_qa_actions_list(Db *db, const StoreScope *scope, const QaActionFilter *f, StoreCursor after, int limit,
                          StorePage *page, Error *err);
/* Meetings, latest first, of one team (0 = any), within the scope: those
 * of the scope's team, organised by or attended by self_id. */
int store_meetings_list(Db *db, const StoreScope *scope, int64_t team_id, StoreCursor after, int limit,
                        StorePage *page, Error *err);
/* Meeting actions soonest due first, of one meeting and/or owner (0 = any),
 * only those not done when open_only; *rows owned by the caller. */
int store_meeting_actions_list(Db *db, int64_t meeting_id, int64_t owner_id, int open_only, json_t **rows,
                               Error *err);
/* --- the email channel (mail.c, docs/MAIL.md) ------------------------------------- */
extern const StoreTable store_mailbox_rules;
int store_mailbox_rules_list(Db *db, StoreCursor after, int limit, StorePage *page, Error *err);
/* The rule of the first of addresses (comma-separated, lower case) that has
 * one; *out NULL when none has. */
int store_mailbox_rule_for(Db *db, const char *addresses, json_t **out, Error *err);
/* Inbound mail: values has the columns of mail_messages but id; *id the new row. */
int store_mail_insert(Db *db, const json_t *values, int64_t *id, Error *err);
int store_mail_get(Db *db, int64_t id, json_t **out, Error *err);
/* Links mail id to case_id (and its timeline event, 0 none) with outcome. */
int store_mail_set_case(Db *db, int64_t id, int64_t case_id, int64_t event_id, int64_t account_id,
                        const char *outcome, Error *err);
/* The case of the first of ids (space-separated Message-IDs) that is a
 * mail of a case, in or out; *case_id 0 when none is. */
int store_mail_case_by_message_ids(Db *db, const char *ids, int64_t *case_id, Error *err);
/* Whether message_id is one forgedesk sent (its own mail come back). */
int store_mail_is_own(Db *db, const char *message_id, int *own, Error *err);
/* How many inbound mails with fingerprint arrived at or after since. */
int store_mail_count_fingerprint(Db *db, const char *fingerprint, const char *since, int64_t *count, Error *err);
/* The contact with this email address (case ignored; the lowest id), or NULL. */
int store_contact_by_email(Db *db, const char *email, json_t **out, Error *err);
/* The accounts whose contacts' addresses end in "@domain": *account_id the
 * lowest, *matches how many distinct ones. */
int store_account_by_email_domain(Db *db, const char *domain, int64_t *account_id, int64_t *matches, Error *err);
int store_mail_attachment_insert(Db *db, int64_t mail_id, int64_t case_id, const char *filename,
                                 const char *content_type, int64_t size, const char *content_base64,
                                 const char *at, int64_t *id, Error *err);
/* One attachment (with its base64 content when with_content) or NULL. */
int store_mail_attachment_get(Db *db, int64_t id, int with_content, json_t **out, Error *err);
int store_mail_attachments_set_case(Db *db, int64_t mail_id, int64_t case_id, Error *err);
/* A case's mails in time order, inbound ones with their attachments (no
 * content), outbound ones from the queue with their state. */
int store_mail_of_case(Db *db, int64_t case_id, json_t **out, Error *err);
/* The latest inbound mail of a case (NULL when none), and the Message-IDs
 * of all its mails in time order (an array of strings). */
int store_mail_last_inbound(Db *db, int64_t case_id, json_t **out, Error *err);
int store_mail_case_message_ids(Db *db, int64_t case_id, json_t **out, Error *err);
/* Mail waiting for triage (no case), newest first. */
int store_mail_triage_list(Db *db, StoreCursor after, int limit, StorePage *page, Error *err);
int store_mail_quarantine_insert(Db *db, const char *reason, int64_t size, const char *raw_base64, const char *at,
                                 int64_t *id, Error *err);
/* Quarantined mail newest first, without the raw text. */
int store_mail_quarantine_list(Db *db, StoreCursor after, int limit, StorePage *page, Error *err);

/* The outbound queue. values: kind, case_id, event_id, escalation_id,
 * to_address, subject, body, message_id, in_reply_to, refs, auto. */
int store_outbox_insert(Db *db, const json_t *values, const char *now, int64_t *id, Error *err);
int store_outbox_get(Db *db, int64_t id, json_t **out, Error *err);
typedef struct OutboxFilter {
  const char *status; /* NULL any */
  int64_t case_id;    /* 0 any */
} OutboxFilter;
/* Newest first. */
int store_outbox_list(Db *db, const OutboxFilter *f, StoreCursor after, int limit, StorePage *page, Error *err);
/* Claims up to limit mails (marks them "sending"; on PostgreSQL rows locked
 * by another server are skipped): those queued and due at now, and those
 * left "sending" since before stale_before by a server that died while it
 * sent them. *claimed an array of outbox rows. Commit before sending. */
int store_outbox_claim(Db *db, const char *now, const char *stale_before, int limit, json_t **claimed, Error *err);
/* Records a try: status "sent", or "queued" with next_attempt_at, or
 * "failed" (no more tries); error the reason of a failure. */
int store_outbox_done(Db *db, int64_t id, const char *status, const char *error, const char *next_attempt_at,
                      const char *now, Error *err);
/* Queues a failed or queued mail to go at now; *changed 0 when it was
 * sending or sent. */
int store_outbox_retry(Db *db, int64_t id, const char *now, int64_t *changed, Error *err);

/* --- performance management (performance.c, docs/PERFORMANCE-MANAGEMENT.md) --------- */
extern const StoreTable store_perf_objectives, store_perf_standards, store_perf_feedback, store_one_to_ones,
    store_perf_cases;
/* A person's underperformance cases, latest first. */
int store_perf_cases_list(Db *db, int64_t person_id, json_t **rows, Error *err);
/* Organisational and team objectives (owner_id 0), or one person's personal
 * objectives, soonest deadline first; *rows owned by the caller. */
int store_perf_objectives_list(Db *db, int64_t owner_id, json_t **rows, Error *err);
/* Every KPI standard, by KPI. */
int store_perf_standards_list(Db *db, json_t **rows, Error *err);
/* The standards that apply to a person of team_id with role: by KPI, the
 * team's before the role's (the first of each KPI applies). */
int store_perf_standards_for(Db *db, int64_t team_id, const char *role, json_t **rows, Error *err);
/* A person's feedback, latest first. */
int store_perf_feedback_list(Db *db, int64_t person_id, json_t **rows, Error *err);
/* A person's one-to-ones, latest first, and the one held before (held_on,
 * id) (*out NULL when none). */
int store_one_to_ones_list(Db *db, int64_t person_id, json_t **rows, Error *err);
int store_one_to_one_previous(Db *db, int64_t person_id, const char *held_on, int64_t id, json_t **out,
                              Error *err);
/* Whether manager_id is person_id's line manager, directly or further up. */
int store_perf_manages(Db *db, int64_t manager_id, int64_t person_id, int *manages, Error *err);
/* The active people managed by manager_id, directly or further down:
 * [{id, display_name, role, team_id, manager_id}]. */
int store_perf_reports(Db *db, int64_t manager_id, json_t **rows, Error *err);
/* Appraisal cycles, appraisals and case letters (appraisals.c). */
extern const StoreTable store_perf_cycles, store_perf_appraisals, store_perf_letters;
/* Every cycle, latest review period first. */
int store_perf_cycles_list(Db *db, json_t **rows, Error *err);
/* A person's appraisals, latest cycle first. */
int store_perf_appraisals_list(Db *db, int64_t person_id, json_t **rows, Error *err);
/* The id of person_id's appraisal in cycle_id, 0 when there is none. */
int store_perf_appraisal_in_cycle(Db *db, int64_t cycle_id, int64_t person_id, int64_t *id, Error *err);
/* A case's letters, in the order of its stages. */
int store_perf_letters_list(Db *db, int64_t case_id, json_t **rows, Error *err);
/* The sums of the KPIs per day ("YYYY-MM-DD") in [from, to), of one person
 * (user_id), or else of one team's people (team_id; with both, the
 * person's rows while in that team), summed in SQL: cases by the day they
 * were resolved [{day, handled, first_response_seconds, first_response_n,
 * resolution_seconds, resolution_n, fcr, reopened, sla_met, sla_judged}],
 * CSAT answers by the day they were given [{day, csat_n, csat_satisfied}]. */
int store_kpi_case_days(Db *db, int64_t user_id, int64_t team_id, const char *from, const char *to, json_t **rows,
                        Error *err);
int store_kpi_csat_days(Db *db, int64_t user_id, int64_t team_id, const char *from, const char *to, json_t **rows,
                        Error *err);

/* --- data protection (privacy.c, docs/PRIVACY.md) ------------------------------ */
/* Everything held about contact_id, or user_id, as an object of sections
 * (arrays of rows; audit states as JSON values); *out NULL when there is no
 * such contact or user. */
int store_privacy_contact_export(Db *db, int64_t contact_id, json_t **out, Error *err);
int store_privacy_user_export(Db *db, int64_t user_id, json_t **out, Error *err);
/* What holds a contact's data against erasure: their complaint cases not
 * yet closed, [{id, subject}] (*cases the caller's). */
int store_privacy_legal_holds(Db *db, int64_t contact_id, json_t **cases, Error *err);
int store_privacy_contact_erased(Db *db, int64_t contact_id, int *erased, Error *err);
/* Erases contact_id: replaces terms (their name, address, number; patterns
 * are their privacy_like_pattern forms) in every text that may name them,
 * removes their survey comments and mail attachments, forgets stored
 * answers naming them, and anonymises the contact record; counts, scores and
 * times stay. Not the audit trail (store_audit_rewrite). Adds to changed
 * {table: rows changed}. */
int store_privacy_erase_contact(Db *db, int64_t contact_id, const PrivacyTerms *terms, char *const *patterns,
                                const char *now, json_t *changed, Error *err);
/* Records an erasure (subject "contact") or a retention run (subject
 * "retention", kind set); *id receives its id. */
int store_privacy_erasure_insert(Db *db, const char *subject, int64_t subject_id, const char *kind,
                                 int64_t rows_changed, int64_t audit_entries, int64_t by_id, const char *now,
                                 int64_t *id, Error *err);
/* The retention periods: rows {kind, days (null: kept), progress, updated_at, version}. */
int store_privacy_retention_list(Db *db, json_t **rows, Error *err);
int store_privacy_retention_get(Db *db, const char *kind, json_t **row, Error *err);
/* Sets kind's period (days 0: kept) if it is still at version (412 otherwise). */
int store_privacy_retention_set(Db *db, const char *kind, int days, int64_t version, const char *now, Error *err);
/* Sets how far audit_personal has gone through the trail. */
int store_privacy_retention_progress(Db *db, const char *kind, int64_t seq, Error *err);
/* How many records of kind are due at cutoff (progress: audit_personal's),
 * and into next_from the time of the oldest one not yet due ("" when none):
 * it falls due a period after that. */
int store_privacy_retention_due(Db *db, PrivacyRetentionKind kind, const char *cutoff, int64_t progress,
                                int64_t *due, char *next_from, size_t next_size, Error *err);
/* Applies kind to at most limit of the records due at cutoff (not
 * audit_personal, which is store_audit_rewrite's); *changed how many. */
int store_privacy_retention_apply(Db *db, PrivacyRetentionKind kind, const char *cutoff, const char *now, int limit,
                                  int64_t *changed, Error *err);
/* --- roll-ups of the report figures (rollups.c, docs/ROLLUPS.md) ------------------------ */
/* Recomputes marked buckets from the raw rows (all-accounts days from the
 * account buckets), each clearing its mark, batch at a time, a write
 * transaction each, until none are left (*left 0) or budget_ms have passed
 * (0: no limit); *done how many. On PostgreSQL a mark another transaction
 * holds is left for later; a bucket marked again meanwhile waits for the
 * next call. */
int store_rollup_catch_up(Db *db, int batch, int budget_ms, int64_t *done, int *left, Error *err);
/* How many buckets are marked and not yet recomputed. */
int store_rollup_pending(Db *db, int64_t *count, Error *err);
/* Compares every stored bucket that is not marked with the raw rows, in
 * store_rollup_verify_parts() parts (one a roll-up kind, one the retention
 * rows), each whole in itself: each may run in a read transaction of its
 * own, on a connection of its own. Reads only. A part appends its
 * differing rows to differences while it holds fewer than limit, each
 * {rollup: kind, row: {side "raw" (computed from the records) or "rollup"
 * (stored), the bucket's columns}}, and adds their number to *count. */
int store_rollup_verify_parts(void);
int store_rollup_verify_part(Db *db, int part, int limit, json_t *differences, int64_t *count, Error *err);
/* The report figures from the roll-ups when they can give them (*answered
 * 1; the same rows as store_sla_compliance and store_satisfaction_scores,
 * or _invited when invited): SLA compliance by any grouping, and
 * satisfaction by month or account filtered by no more than survey type and
 * account, over whole days. *answered 0 otherwise. */
int store_rollup_sla_compliance(Db *db, SlaGroup group, const char *from, const char *to,
                                SlaComplianceGroup **groups, size_t *n, int *answered, Error *err);
int store_rollup_satisfaction(Db *db, const SatisfactionQuery *q, int invited, json_t **rows, int *answered,
                              Error *err);

/* Indexes the words of folded (a new record's name, text_fold) for search
 * under entity and id, as creating a searchable record does. */
int store_search_index(Db *db, const char *entity, int64_t id, const char *folded, Error *err);

/* --- imported cases (case_import.c; `forgedesk import cases`) ---------------------------- */
/* What a file of cases may name, each a JSON array of rows: accounts {id,
 * name_key, policy_id (its own or the default, null for none)}, contacts
 * {id, account_id, email (lower case)}, teams {id, name}, users {id,
 * username, email (lower case)}. */
typedef struct StoreCaseImportNames {
  json_t *accounts, *contacts, *teams, *users;
} StoreCaseImportNames;
int store_case_import_names(Db *db, StoreCaseImportNames *out, Error *err);
void store_case_import_names_free(StoreCaseImportNames *n);
/* One status change of an imported case's history. */
typedef struct StoreCaseMove {
  const char *from, *to, *at;
} StoreCaseMove;
typedef struct StoreImportedCase {
  int64_t account_id, contact_id, assignee_id, team_id; /* 0 = none */
  const char *type, *status, *subject, *name_key, *description, *channel; /* description, channel NULL = none */
  int priority, first_contact_resolution;
  const char *opened_at, *first_response_at, *resolved_at, *closed_at; /* NULL when not */
  const char *updated_at;
  StoreCaseMove moves[2]; /* its status changes, oldest first */
  int nmoves;
} StoreImportedCase;
/* Writes a case and its timeline (the first reply when there was one, the
 * status changes), its clocks (sla, whose case_id is filled in; computed at
 * now), its search words and, for a complaint, its complaint record, inside
 * the caller's transaction; *id the case's. One statement a row on SQLite,
 * one statement in all on PostgreSQL (one round trip a case). */
int store_case_import_insert(Db *db, const StoreImportedCase *c, const StoreCaseSla *sla, const char *now,
                             int64_t *id, Error *err);
/* Inside the import's transaction, before its first case: sets aside the
 * triggers that would mark roll-up buckets for every case, clock and
 * timeline row inserted (SQLite: drops them, *saved (the caller's) what
 * puts them back; PostgreSQL: disables them, locking those tables against
 * other writers until the import ends; *saved NULL) and, on SQLite when
 * rows (the file's rows, as far as known) make the import large, the
 * secondary indexes of the tables a case writes. After the last case,
 * store_case_import_restore builds those indexes again, marks the buckets
 * of the cases first_id to last_id (0: none imported) as the triggers
 * would have and puts the triggers back, still in the transaction; a
 * rollback puts everything back too. */
int store_case_import_set_aside(Db *db, int64_t rows, json_t **saved, Error *err);
int store_case_import_restore(Db *db, json_t *saved, int64_t first_id, int64_t last_id, Error *err);

/* --- bulk loading of generated history (bulk.c; `demo --scale large`) ------------------ */
/* Rows written inside the caller's transaction, one prepared statement each,
 * without audit entries or search words (history as an import would bring it). */
typedef struct StoreBulkContext {
  int64_t policy_id, scorecard_id, csat_survey_id, nps_survey_id; /* 0 when there is none */
} StoreBulkContext;
int store_bulk_context(Db *db, StoreBulkContext *out, Error *err);
/* Sets the connection up for bulk loading (a large page cache on SQLite). */
int store_bulk_prepare(Db *db, Error *err);
typedef struct StoreBulkCase {
  int64_t account_id, contact_id, assignee_id, team_id, policy_id; /* 0 = none */
  const char *type, *status, *subject, *name_key, *channel;
  int priority, fcr, reopen_count, inbound, outbound;
  const char *opened_at, *resolved_at, *closed_at; /* NULL when not */
  const char *sla_state, *first_response, *resolution, *acknowledgement; /* the clocks (NULL: no case_sla row) */
  const char *first_reply_at, *reply_body;             /* the first reply to the customer (NULL: none) */
} StoreBulkCase;
/* A case with its clocks and first reply; *id the case's. */
int store_bulk_case(Db *db, const StoreBulkCase *c, int64_t *id, Error *err);
int store_bulk_interaction(Db *db, int64_t account_id, int64_t contact_id, int64_t user_id, const char *channel,
                           const char *direction, const char *at, const char *summary, Error *err);
int store_bulk_order(Db *db, int64_t account_id, const char *number, const char *ordered_on, const char *promised_on,
                     const char *delivered_on, int64_t value_minor, const char *at, Error *err);
typedef struct StoreBulkSurvey {
  int64_t survey_id, account_id, contact_id, case_id, team_id, agent_id; /* 0 = none */
  const char *case_type, *survey_type, *question;
  const char *sent_at, *expires_at, *answered_at; /* answered_at NULL: invited, not answered */
  int score, scale_min, scale_max, low_score;     /* high is good */
} StoreBulkSurvey;
/* An invitation and, when answered, its answer. */
int store_bulk_survey(Db *db, const StoreBulkSurvey *s, Error *err);
int store_bulk_qa_review(Db *db, int64_t scorecard_id, int64_t case_id, int64_t agent_id, int64_t reviewer_id,
                         int64_t score_centi, int passed, const char *at, Error *err);

#endif
