/* Roll-ups of the report figures (docs/ROLLUPS.md): per person or account
 * and day, the sums the KPI, SLA and satisfaction reports are made of.
 *
 * Each kind of roll-up is one raw query, grouped by bucket (key, day), written
 * once here and used three ways: for one bucket (the scheduler recomputing a
 * marked bucket), for the marked buckets of a period (a report reading what
 * the scheduler has not yet recomputed), and for every bucket (`kpi verify`).
 * Triggers (migration 015) mark the buckets a change touches; nothing here
 * runs in a user's write. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store_internal.h"
#include "util/timeutil.h"

/* A day's instants run from "YYYY-MM-DD" (inclusive) to "YYYY-MM-DDU"
 * (exclusive): every "YYYY-MM-DDT…Z" sorts between the two, as text. The
 * same bound after a day, compared with days, admits that day and no later. */
#define DAY_END "U"
#define DAY_TEXT_SIZE 16

/* The raw rows of a bucket kind's table, "from" joining them in: one bucket
 * ($1 key, $2 day, $3 the day's end), or the marked buckets of days [$1, $2)
 * (an optional key in $3) with rollup_dirty as d. */
#define ONE_BUCKET(key, at) " AND " key " = $1 AND " at " >= $2 AND " at " < $3"
#define JOINED(marks, kind, table, key, at)                                                            \
  marks " d JOIN " table " ON d.kind = '" kind "' AND " key " = d.key_id AND " at " >= d.day AND " at \
  " < d.day || '" DAY_END "'"
/* The buckets a batch of marks claimed (the temporary table rollup_claim, see refresh_claimed). */
#define CLAIMS "rollup_claim"
#define MARKED_RANGE(lo, hi, key) " AND d.day >= " lo " AND d.day < " hi " AND (CAST($3 AS BIGINT) = 0 OR d.key_id = $3)"
#define MARKED_IN(key) MARKED_RANGE("$1", "$2", key)
#define CLEAN(kind, key) \
  " NOT EXISTS (SELECT 1 FROM rollup_dirty d WHERE d.kind = '" kind "' AND d.key_id = " key " AND d.day = x.day)"

/* --- cases per assignee and day resolved ------------------------------------------------------------ */
#define SECONDS_SQLITE(a, b) "CAST(ROUND((julianday(" b ") - julianday(" a ")) * 86400) AS BIGINT)"
#define SECONDS_PG(a, b) \
  "CAST(EXTRACT(EPOCH FROM (CAST(" b " AS TIMESTAMPTZ) - CAST(" a " AS TIMESTAMPTZ))) AS BIGINT)"
#define AGENT_CASES_COLUMNS                                                                                   \
  "user_id, day, handled, first_response_seconds, first_response_n, resolution_seconds, resolution_n, fcr, " \
  "reopened, sla_met, sla_judged"
#define AGENT_CASES_RAW(seconds, from, where)                                                                     \
  "SELECT user_id, day, COUNT(*) AS handled, CAST(COALESCE(SUM(" seconds("opened_at", "first_at") "), 0) AS "    \
  "BIGINT) AS first_response_seconds, COUNT(first_at) AS first_response_n, CAST(SUM(" seconds("opened_at",       \
  "resolved_at") ") AS BIGINT) AS resolution_seconds, COUNT(*) AS resolution_n, CAST(SUM(fcr) AS BIGINT) AS "   \
  "fcr, CAST(SUM(CASE WHEN reopen_count > 0 THEN 1 ELSE 0 END) AS BIGINT) AS reopened, CAST(SUM(CASE WHEN sla = " \
  "'met' THEN 1 ELSE 0 END) AS BIGINT) AS sla_met, CAST(SUM(CASE WHEN sla IN ('met', 'breached') THEN 1 ELSE 0 " \
  "END) AS BIGINT) AS sla_judged FROM (SELECT c.assignee_id AS user_id, SUBSTR(c.resolved_at, 1, 10) AS day, "  \
  "c.opened_at, c.resolved_at, c.first_contact_resolution AS fcr, c.reopen_count, s.state AS sla, (SELECT "     \
  "MIN(e.at) FROM case_events e WHERE e.case_id = c.id AND e.kind = 'reply' AND e.direction = 'outbound') AS "   \
  "first_at FROM " from " LEFT JOIN case_sla s ON s.case_id = c.id WHERE c.assignee_id IS NOT NULL AND "        \
  "c.resolved_at IS NOT NULL" where ") x GROUP BY user_id, day"
#define AGENT_CASES_JOINED(marks) JOINED(marks, "agent_cases", "cases c", "c.assignee_id", "c.resolved_at")
#define AGENT_CASES_MARKED AGENT_CASES_JOINED("rollup_dirty")
#define AGENT_CASES_ONE ONE_BUCKET("c.assignee_id", "c.resolved_at")

/* --- CSAT answers per agent and day --------------------------------------------------------------- */
#define AGENT_CSAT_COLUMNS "user_id, day, csat_n, csat_satisfied"
#define AGENT_CSAT_RAW(seconds, from, where)                                                                 \
  "SELECT r.agent_id AS user_id, SUBSTR(r.answered_at, 1, 10) AS day, COUNT(*) AS csat_n, CAST(SUM(CASE WHEN " \
  "r.score >= r.scale_max - 1 THEN 1 ELSE 0 END) AS BIGINT) AS csat_satisfied FROM " from " WHERE "            \
  "r.survey_type = 'csat' AND r.agent_id IS NOT NULL" where " GROUP BY r.agent_id, SUBSTR(r.answered_at, 1, 10)"
#define AGENT_CSAT_JOINED(marks) JOINED(marks, "agent_csat", "survey_responses r", "r.agent_id", "r.answered_at")
#define AGENT_CSAT_MARKED AGENT_CSAT_JOINED("rollup_dirty")
#define AGENT_CSAT_ONE ONE_BUCKET("r.agent_id", "r.answered_at")

/* --- cases per account and day opened --------------------------------------------------------------- */
#define ACCOUNT_SLA_SUMS                                                                                    \
  "opened, complaints, sla_cases, sla_breached, first_response_met, first_response_breached, next_update_met, " \
  "next_update_breached, resolution_met, resolution_breached, acknowledgement_met, acknowledgement_breached"
#define ACCOUNT_SLA_COLUMNS "account_id, day, " ACCOUNT_SLA_SUMS
#define UNDER_POLICY(cond) "CAST(SUM(CASE WHEN s.policy_id IS NOT NULL AND " cond " THEN 1 ELSE 0 END) AS BIGINT)"
#define CLOCK_SUMS(clock) \
  ", " UNDER_POLICY("s." clock " = 'met'") " AS " clock "_met, " UNDER_POLICY("s." clock " = 'breached'") " AS " clock "_breached"
#define ACCOUNT_SLA_RAW(seconds, from, where)                                                                   \
  "SELECT c.account_id, SUBSTR(c.opened_at, 1, 10) AS day, COUNT(*) AS opened, CAST(SUM(CASE WHEN c.type = "   \
  "'complaint' THEN 1 ELSE 0 END) AS BIGINT) AS complaints, " UNDER_POLICY("1 = 1") " AS sla_cases, "          \
  UNDER_POLICY("s.state = 'breached'") " AS sla_breached" CLOCK_SUMS("first_response") CLOCK_SUMS("next_update") \
  CLOCK_SUMS("resolution") CLOCK_SUMS("acknowledgement") " FROM " from " LEFT JOIN case_sla s ON s.case_id = "   \
  "c.id WHERE 1 = 1" where " GROUP BY c.account_id, SUBSTR(c.opened_at, 1, 10)"
#define ACCOUNT_SLA_JOINED(marks) JOINED(marks, "account_sla", "cases c", "c.account_id", "c.opened_at")
#define ACCOUNT_SLA_MARKED ACCOUNT_SLA_JOINED("rollup_dirty")
#define ACCOUNT_SLA_ONE ONE_BUCKET("c.account_id", "c.opened_at")

/* --- SLA clocks per account and day opened, by team and priority, and by assignee (migration 020) ------ */
/* The compliance report by team, priority or agent reads the all-accounts
 * sums of these rows per day; 0 stands for no team or no assignee. */
#define SLA_GROUP_SUMS                                                                                    \
  "sla_cases, first_response_met, first_response_breached, next_update_met, next_update_breached, "       \
  "resolution_met, resolution_breached, acknowledgement_met, acknowledgement_breached"
/* The bucket's cases under a policy, per select (their group's columns, grouped by group). */
#define SLA_BY_RAW(select, group, from, where)                                                               \
  "SELECT c.account_id, SUBSTR(c.opened_at, 1, 10) AS day, " select ", COUNT(*) AS sla_cases"                \
  CLOCK_SUMS("first_response") CLOCK_SUMS("next_update") CLOCK_SUMS("resolution") CLOCK_SUMS("acknowledgement") \
  " FROM " from " JOIN case_sla s ON s.case_id = c.id WHERE s.policy_id IS NOT NULL" where " GROUP BY "        \
  "c.account_id, SUBSTR(c.opened_at, 1, 10), " group
/* Every account's rows of a day summed, per keys. */
#define SLA_BY_ALL_RAW(keys, from, where)                                                                      \
  "SELECT 0 AS all_id, x.day, " keys SUM_X("sla_cases") SUM_X("first_response_met") SUM_X("first_response_breached") \
  SUM_X("next_update_met") SUM_X("next_update_breached") SUM_X("resolution_met") SUM_X("resolution_breached")    \
  SUM_X("acknowledgement_met") SUM_X("acknowledgement_breached") " FROM " from " WHERE 1 = 1" where             \
  " GROUP BY x.day, " keys
#define ACCOUNT_TEAM_SLA_COLUMNS "account_id, day, team_id, priority, " SLA_GROUP_SUMS
#define ACCOUNT_TEAM_SLA_RAW(seconds, from, where) \
  SLA_BY_RAW("COALESCE(c.team_id, 0) AS team_id, c.priority", "COALESCE(c.team_id, 0), c.priority", from, where)
#define ACCOUNT_TEAM_SLA_JOINED(marks) JOINED(marks, "account_team_sla", "cases c", "c.account_id", "c.opened_at")
#define ACCOUNT_TEAM_SLA_MARKED ACCOUNT_TEAM_SLA_JOINED("rollup_dirty")
#define ALL_TEAM_SLA_COLUMNS "all_id, day, team_id, priority, " SLA_GROUP_SUMS
#define ALL_TEAM_SLA_RAW(seconds, from, where) SLA_BY_ALL_RAW("x.team_id, x.priority", from, where)
#define ACCOUNT_AGENT_SLA_COLUMNS "account_id, day, user_id, " SLA_GROUP_SUMS
#define ACCOUNT_AGENT_SLA_RAW(seconds, from, where) \
  SLA_BY_RAW("COALESCE(c.assignee_id, 0) AS user_id", "COALESCE(c.assignee_id, 0)", from, where)
#define ACCOUNT_AGENT_SLA_JOINED(marks) JOINED(marks, "account_agent_sla", "cases c", "c.account_id", "c.opened_at")
#define ACCOUNT_AGENT_SLA_MARKED ACCOUNT_AGENT_SLA_JOINED("rollup_dirty")
#define ALL_AGENT_SLA_COLUMNS "all_id, day, user_id, " SLA_GROUP_SUMS
#define ALL_AGENT_SLA_RAW(seconds, from, where) SLA_BY_ALL_RAW("x.user_id", from, where)

/* --- survey answers per account, day and score -------------------------------------------------------- */
#define SURVEY_SUMS "filter_type, survey_type, scale_min, scale_max, high_is_good, score, answers"
#define ACCOUNT_SURVEY_COLUMNS "account_id, day, " SURVEY_SUMS
#define SURVEY_GROUP "r.account_id, SUBSTR(r.answered_at, 1, 10), s.type, r.survey_type, r.scale_min, r.scale_max, " \
  "r.high_is_good, r.score"
#define ACCOUNT_SURVEY_RAW(seconds, from, where)                                                                 \
  "SELECT r.account_id, SUBSTR(r.answered_at, 1, 10) AS day, s.type AS filter_type, r.survey_type, r.scale_min, " \
  "r.scale_max, r.high_is_good, r.score, COUNT(*) AS answers FROM " from " JOIN surveys s ON s.id = r.survey_id " \
  "WHERE 1 = 1" where " GROUP BY " SURVEY_GROUP
#define ACCOUNT_SURVEY_JOINED(marks) JOINED(marks, "account_survey", "survey_responses r", "r.account_id", "r.answered_at")
#define ACCOUNT_SURVEY_MARKED ACCOUNT_SURVEY_JOINED("rollup_dirty")
#define ACCOUNT_SURVEY_ONE ONE_BUCKET("r.account_id", "r.answered_at")

/* --- survey invitations sent per account and day ----------------------------------------------------- */
#define INVITE_SUMS "filter_type, invited, answered"
#define ACCOUNT_INVITE_COLUMNS "account_id, day, " INVITE_SUMS
#define ACCOUNT_INVITE_RAW(seconds, from, where)                                                                \
  "SELECT r.account_id, SUBSTR(r.sent_at, 1, 10) AS day, s.type AS filter_type, COUNT(*) AS invited, "          \
  "COUNT(r.answered_at) AS answered FROM " from " JOIN surveys s ON s.id = r.survey_id WHERE r.sent_at IS NOT " \
  "NULL AND r.mail_status IN ('sent', 'not_mailed')" where " GROUP BY r.account_id, SUBSTR(r.sent_at, 1, 10), s.type"
#define ACCOUNT_INVITE_JOINED(marks) JOINED(marks, "account_invite", "survey_invitations r", "r.account_id", "r.sent_at")
#define ACCOUNT_INVITE_MARKED ACCOUNT_INVITE_JOINED("rollup_dirty")
#define ACCOUNT_INVITE_ONE ONE_BUCKET("r.account_id", "r.sent_at")

/* --- all accounts per day, summed from the account roll-ups ------------------------------------------ */
#define ALL_ONE " AND CAST($1 AS BIGINT) = 0 AND x.day >= $2 AND x.day < $3"
#define SUM_X(column) ", CAST(SUM(x." column ") AS BIGINT) AS " column
#define ALL_SLA_COLUMNS "all_id, day, " ACCOUNT_SLA_SUMS
#define ACCOUNT_SLA_SUM_X                                                                                   \
  SUM_X("opened") SUM_X("complaints") SUM_X("sla_cases") SUM_X("sla_breached") SUM_X("first_response_met") \
  SUM_X("first_response_breached") SUM_X("next_update_met") SUM_X("next_update_breached")                  \
  SUM_X("resolution_met") SUM_X("resolution_breached") SUM_X("acknowledgement_met")                        \
  SUM_X("acknowledgement_breached")
#define ALL_SLA_RAW(seconds, from, where) \
  "SELECT 0 AS all_id, x.day" ACCOUNT_SLA_SUM_X " FROM " from " WHERE 1 = 1" where " GROUP BY x.day"
#define SCORE_KEYS "x.filter_type, x.survey_type, x.scale_min, x.scale_max, x.high_is_good, x.score"
#define ALL_SURVEY_COLUMNS "all_id, day, " SURVEY_SUMS
#define ALL_SURVEY_RAW(seconds, from, where)                                                                   \
  "SELECT 0 AS all_id, x.day, " SCORE_KEYS SUM_X("answers") " FROM " from " WHERE 1 = 1" where " GROUP BY x.day, " \
  SCORE_KEYS
#define ALL_INVITE_COLUMNS "all_id, day, " INVITE_SUMS
#define ALL_INVITE_RAW(seconds, from, where)                                                                  \
  "SELECT 0 AS all_id, x.day, x.filter_type" SUM_X("invited") SUM_X("answered") " FROM " from " WHERE 1 = 1" \
  where " GROUP BY x.day, x.filter_type"
/* --- account_sla per account and month opened, summed from its days (migration 021) ------------------ */
/* A month's bucket day is "YYYY-MM": its days sort from it (inclusive) to it with DAY_END (exclusive). */
#define ACCOUNT_MONTH_SLA_RAW(seconds, from, where)                                                    \
  "SELECT x.account_id, SUBSTR(x.day, 1, 7) AS day" ACCOUNT_SLA_SUM_X " FROM " from " WHERE 1 = 1" where \
  " GROUP BY x.account_id, SUBSTR(x.day, 1, 7)"
/* --- every account's survey answers and invitations per month, summed from their days (migration 023) --- */
#define ALL_MONTH_SURVEY_RAW(seconds, from, where)                                                                \
  "SELECT 0 AS all_id, SUBSTR(x.day, 1, 7) AS day, " SCORE_KEYS SUM_X("answers") " FROM " from " WHERE 1 = 1" where \
  " GROUP BY SUBSTR(x.day, 1, 7), " SCORE_KEYS
#define ALL_MONTH_INVITE_RAW(seconds, from, where)                                                           \
  "SELECT 0 AS all_id, SUBSTR(x.day, 1, 7) AS day, x.filter_type" SUM_X("invited") SUM_X("answered") " FROM " \
  from " WHERE 1 = 1" where " GROUP BY SUBSTR(x.day, 1, 7), x.filter_type"
/* Marks of an all-accounts month (SQL giving "YYYY-MM") of kind, or of any account's day of it of kind base. */
#define ALL_MONTH_MARKED(base, kind, month)                                                                     \
  " EXISTS (SELECT 1 FROM rollup_dirty d WHERE d.kind IN ('" base "', '" kind "') AND d.day >= " month " AND " \
  "d.day < " month " || '" DAY_END "')"
/* Marks of an account's month (SQL key and month) or of any of its days: then the stored month is stale. */
#define MONTH_MARKS " FROM rollup_dirty d WHERE d.kind IN ('account_sla', 'account_month_sla') AND "
#define MONTH_MARKED(key, month) \
  " EXISTS (SELECT 1" MONTH_MARKS "d.key_id = " key " AND d.day >= " month " AND d.day < " month " || '" DAY_END "')"
/* The account rows of the whole months [$4, $5) ("YYYY-MM" of the first, the last's with DAY_END): the
 * clean months stored (each probed for marks only when the period has any), and the marked ones as their
 * fresh days (the marks lead: no marks, no days read). */
#define ACCOUNT_MONTHS_FRESH                                                                                       \
  "SELECT " ACCOUNT_SLA_COLUMNS " FROM rollup_account_month_sla x WHERE x.day >= $4 AND x.day < $5 AND (NOT "      \
  "EXISTS (SELECT 1" MONTH_MARKS "d.day >= $4 AND d.day < $5) OR NOT" MONTH_MARKED("x.account_id", "x.day") ")"   \
  " UNION ALL SELECT " ACCOUNT_SLA_COLUMNS " FROM (SELECT DISTINCT "                                              \
  "d.key_id, SUBSTR(d.day, 1, 7) AS month" MONTH_MARKS "d.day >= $4 AND d.day < $5) m JOIN rollup_account_sla x "  \
  "ON x.account_id = m.key_id AND x.day >= m.month AND x.day < m.month || '" DAY_END "' WHERE"                     \
  CLEAN("account_sla", "x.account_id") " UNION ALL " ACCOUNT_SLA_RAW(SECONDS_SQLITE, ACCOUNT_SLA_MARKED,           \
  MARKED_RANGE("$4", "$5", "account_id"))

/* The days of [lo, hi) marked (the index leads: no marks, no rows read). */
#define MARKED_DAYS(lo, hi, base, all)                                                                         \
  " x.day IN (SELECT d.day FROM rollup_dirty d WHERE d.kind IN ('" base "', '" all "') AND d.day >= " lo " AND " \
  "d.day < " hi ")"
/* A day is clean for the all-accounts roll-up when neither it nor any of
 * its account buckets is marked. */
#define DAY_MARKED(base, all) \
  " EXISTS (SELECT 1 FROM rollup_dirty d WHERE d.kind IN ('" base "', '" all "') AND d.day = x.day)"

/* A kind's rows for the days [lo, hi) (key $3, 0 any): the clean stored
 * buckets (that also meet the condition extra), then the marked ones
 * computed from the raw rows. */
#define FRESH_RANGE(lo, hi, kind, raw, seconds, table, columns, key, marked, extra)                            \
  FRESH_KEYED(lo, hi, kind, raw, seconds, table, columns, key, "(CAST($3 AS BIGINT) = 0 OR x." key " = $3)", marked, \
              extra)
/* The same with the stored rows chosen by key_test alone. */
#define FRESH_KEYED(lo, hi, kind, raw, seconds, table, columns, key, key_test, marked, extra)                   \
  "SELECT " columns " FROM " table " x WHERE x.day >= " lo " AND x.day < " hi " AND " key_test " AND"            \
  CLEAN(kind, "x." key) extra " UNION ALL " raw(seconds, marked, MARKED_RANGE(lo, hi, key))
#define FRESH_IF(kind, raw, seconds, table, columns, key, marked, extra) \
  FRESH_RANGE("$1", "$2", kind, raw, seconds, table, columns, key, marked, extra)
#define FRESH(kind, raw, seconds, table, columns, key, marked) \
  FRESH_IF(kind, raw, seconds, table, columns, key, marked, "")
/* All accounts' rows for the days [lo, hi) ($3 0) that also meet the
 * condition extra, the stored days read from from (as x): the clean days
 * stored, the others summed from the accounts' fresh rows. */
#define FRESH_ALL_RANGE(lo, hi, from, extra, base, all, columns, base_raw, base_table, base_columns, base_marked)  \
  "SELECT " columns " FROM " from " WHERE x.day >= " lo " AND x.day < " hi " AND NOT" DAY_MARKED(base, all) extra \
  " UNION ALL SELECT * FROM (" FRESH_RANGE(lo, hi, base, base_raw, SECONDS_SQLITE, base_table, base_columns,      \
  "account_id", base_marked, " AND" MARKED_DAYS(lo, hi, base, all) extra) ") y"
/* The same for the days [$1, $2). */
#define FRESH_ALL(base, all, table, columns, base_raw, base_table, base_columns, base_marked) \
  FRESH_ALL_RANGE("$1", "$2", table " x", "", base, all, columns, base_raw, base_table, base_columns, base_marked)

/* What `kpi verify` compares: every stored clean bucket against the raw
 * rows, both ways; rows {side, then the table's columns}. The raw rows are
 * computed once for both ways (a CTE named twice). */
#define DIFF(raw, seconds, table, columns, base, clean)                                                         \
  "WITH r AS MATERIALIZED (" raw(seconds, base, "") ") SELECT 'raw' AS side, x.* FROM (SELECT * FROM r EXCEPT " \
  "SELECT " columns " FROM " table ") x WHERE" clean " UNION ALL SELECT 'rollup' AS side, x.* FROM (SELECT "    \
  columns " FROM " table " EXCEPT SELECT * FROM r) x WHERE" clean

typedef struct RollupKind {
  const char *name;
  const char *sql_clear;      /* $1 key, $2 day */
  const char *sql_fill[2];    /* SQLite, PostgreSQL: $1 key, $2 day, $3 the day's end */
  const char *sql_clear_claimed; /* the same for every bucket of the kind in rollup_claim */
  const char *sql_fill_claimed[2];
  /* The raw rows in the claims' days, and the claimed buckets from a scan of those days (NULL: the kinds
   * summed from roll-ups, whose claims are always joined). */
  const char *sql_count_range, *sql_fill_range[2];
  const char *sql_diff[2];
} RollupKind;

/* The claims' days of a kind, for at: from the first to the end of the last. */
#define CLAIMED_DAYS(kind, at)                                                                              \
  " AND " at " >= (SELECT MIN(day) FROM " CLAIMS " WHERE kind = '" kind "') AND " at " < (SELECT MAX(day) " \
  "FROM " CLAIMS " WHERE kind = '" kind "') || '" DAY_END "'"
#define CLAIMED_BUCKET(kind, key) \
  " WHERE (g." key ", g.day) IN (SELECT key_id, day FROM " CLAIMS " WHERE kind = '" kind "')"
#define RANGE_SQL(kind, raw, table, columns, key, base, at)                                                     \
  "SELECT COUNT(*) FROM " base " WHERE 1 = 1" CLAIMED_DAYS(kind, at),                                           \
  {"INSERT INTO " table " (" columns ") SELECT * FROM (" raw(SECONDS_SQLITE, base, CLAIMED_DAYS(kind, at)) ") g" \
   CLAIMED_BUCKET(kind, key),                                                                                   \
   "INSERT INTO " table " (" columns ") SELECT * FROM (" raw(SECONDS_PG, base, CLAIMED_DAYS(kind, at)) ") g"     \
   CLAIMED_BUCKET(kind, key)}
#define KIND_CLEAN(kind, raw, table, columns, key, one, base, claimed, range, clean)                         \
  {                                                                                                          \
    kind, "DELETE FROM " table " WHERE " key " = $1 AND day = $2",                                      \
        {"INSERT INTO " table " (" columns ") " raw(SECONDS_SQLITE, base, one),                              \
         "INSERT INTO " table " (" columns ") " raw(SECONDS_PG, base, one)},                                 \
        "DELETE FROM " table " WHERE (" key ", day) IN (SELECT key_id, day FROM " CLAIMS " WHERE kind = '" kind \
        "')",                                                                                                \
        {"INSERT INTO " table " (" columns ") " raw(SECONDS_SQLITE, claimed, ""),                             \
         "INSERT INTO " table " (" columns ") " raw(SECONDS_PG, claimed, "")},                                \
        range, {DIFF(raw, SECONDS_SQLITE, table, columns, base, clean), DIFF(raw, SECONDS_PG, table, columns, base, clean)}, \
  }
#define KIND(kind, raw, table, columns, key, one, base, joined, at)                                  \
  KIND_CLEAN(kind, raw, table, columns, key, one, base, joined(CLAIMS),                           \
             RANGE_SQL(kind, raw, table, columns, key, base, at), CLEAN(kind, "x." key))
#define NO_RANGE NULL, {NULL, NULL}
#define KIND_ALL(base_kind, kind, raw, table, columns, base_table)                                     \
  KIND_CLEAN(kind, raw, table, columns, "all_id", ALL_ONE, base_table " x",                      \
             JOINED(CLAIMS, kind, base_table " x", "0", "x.day"), NO_RANGE, " NOT" DAY_MARKED(base_kind, kind))

static const RollupKind kinds[] = {
    KIND("agent_cases", AGENT_CASES_RAW, "rollup_agent_cases", AGENT_CASES_COLUMNS, "user_id",
         AGENT_CASES_ONE, "cases c", AGENT_CASES_JOINED, "c.resolved_at"),
    KIND("agent_csat", AGENT_CSAT_RAW, "rollup_agent_csat", AGENT_CSAT_COLUMNS, "user_id", AGENT_CSAT_ONE,
         "survey_responses r", AGENT_CSAT_JOINED, "r.answered_at"),
    KIND("account_sla", ACCOUNT_SLA_RAW, "rollup_account_sla", ACCOUNT_SLA_COLUMNS, "account_id",
         ACCOUNT_SLA_ONE, "cases c", ACCOUNT_SLA_JOINED, "c.opened_at"),
    KIND("account_team_sla", ACCOUNT_TEAM_SLA_RAW, "rollup_account_team_sla",
         ACCOUNT_TEAM_SLA_COLUMNS, "account_id", ACCOUNT_SLA_ONE, "cases c", ACCOUNT_TEAM_SLA_JOINED, "c.opened_at"),
    KIND_ALL("account_team_sla", "all_team_sla", ALL_TEAM_SLA_RAW, "rollup_all_team_sla", ALL_TEAM_SLA_COLUMNS,
             "rollup_account_team_sla"),
    KIND("account_agent_sla", ACCOUNT_AGENT_SLA_RAW, "rollup_account_agent_sla",
         ACCOUNT_AGENT_SLA_COLUMNS, "account_id", ACCOUNT_SLA_ONE, "cases c", ACCOUNT_AGENT_SLA_JOINED, "c.opened_at"),
    KIND_ALL("account_agent_sla", "all_agent_sla", ALL_AGENT_SLA_RAW, "rollup_all_agent_sla", ALL_AGENT_SLA_COLUMNS,
             "rollup_account_agent_sla"),
    KIND("account_survey", ACCOUNT_SURVEY_RAW, "rollup_account_survey", ACCOUNT_SURVEY_COLUMNS,
         "account_id", ACCOUNT_SURVEY_ONE, "survey_responses r", ACCOUNT_SURVEY_JOINED, "r.answered_at"),
    KIND("account_invite", ACCOUNT_INVITE_RAW, "rollup_account_invite", ACCOUNT_INVITE_COLUMNS,
         "account_id", ACCOUNT_INVITE_ONE, "survey_invitations r", ACCOUNT_INVITE_JOINED, "r.sent_at"),
    KIND_ALL("account_sla", "all_sla", ALL_SLA_RAW, "rollup_all_sla", ALL_SLA_COLUMNS, "rollup_account_sla"),
    KIND_CLEAN("account_month_sla", ACCOUNT_MONTH_SLA_RAW, "rollup_account_month_sla", ACCOUNT_SLA_COLUMNS,
               "account_id", ONE_BUCKET("x.account_id", "x.day"), "rollup_account_sla x",
               JOINED(CLAIMS, "account_month_sla", "rollup_account_sla x", "x.account_id", "x.day"), NO_RANGE,
               " NOT" MONTH_MARKED("x.account_id", "x.day")),
    KIND_ALL("account_survey", "all_survey", ALL_SURVEY_RAW, "rollup_all_survey", ALL_SURVEY_COLUMNS,
             "rollup_account_survey"),
    KIND_ALL("account_invite", "all_invite", ALL_INVITE_RAW, "rollup_all_invite", ALL_INVITE_COLUMNS,
             "rollup_account_invite"),
    KIND_CLEAN("all_month_survey", ALL_MONTH_SURVEY_RAW, "rollup_all_month_survey", ALL_SURVEY_COLUMNS, "all_id",
               ALL_ONE, "rollup_account_survey x",
               JOINED(CLAIMS, "all_month_survey", "rollup_account_survey x", "0", "x.day"), NO_RANGE,
               " NOT" ALL_MONTH_MARKED("account_survey", "all_month_survey", "x.day")),
    KIND_CLEAN("all_month_invite", ALL_MONTH_INVITE_RAW, "rollup_all_month_invite", ALL_INVITE_COLUMNS, "all_id",
               ALL_ONE, "rollup_account_invite x",
               JOINED(CLAIMS, "all_month_invite", "rollup_account_invite x", "0", "x.day"), NO_RANGE,
               " NOT" ALL_MONTH_MARKED("account_invite", "all_month_invite", "x.day")),
};
#define KIND_COUNT (sizeof kinds / sizeof kinds[0])

static const RollupKind *kind_named(const char *name) {
  for (size_t k = 0; k < KIND_COUNT; k++)
    if (name && strcmp(kinds[k].name, name) == 0) return &kinds[k];
  return NULL;
}

/* --- recomputing marked buckets --------------------------------------------------------------------- */
/* Marks of the per-account and per-person kinds, or of the kinds summed
 * from them (the all-accounts days, the account months), never both in one
 * transaction (see store_rollup_catch_up). */
/* The retention roll-up's marks are retention_rollup.c's, taken after both classes. The all-accounts
 * months (all_month_…) are among the all_… kinds. */
#define SUMMED "(kind LIKE 'all\\_%' ESCAPE '\\' OR kind = 'account_month_sla')"
#define NOT_SUMMED "NOT " SUMMED " AND kind <> 'account_retention'"
#define CLAIM(which) "SELECT kind, key_id, day, gen FROM rollup_dirty WHERE " which " ORDER BY kind, key_id, day LIMIT $1"
#define SKIP_LOCKED " FOR UPDATE SKIP LOCKED"
static const char *const sql_claim[2][2] = {
    {CLAIM(NOT_SUMMED), CLAIM(SUMMED)},
    /* A mark a writer has bumped and not yet committed is locked: left for a later pass. */
    {CLAIM(NOT_SUMMED) SKIP_LOCKED, CLAIM(SUMMED) SKIP_LOCKED}};
static const char sql_unmark[] = "DELETE FROM rollup_dirty WHERE kind = $1 AND key_id = $2 AND day = $3 AND gen = $4";
static const char sql_pending[] = "SELECT COUNT(*) FROM rollup_dirty";
/* A bucket of a summed kind marked (on PostgreSQL its mark locked until commit, as a writer's). */
static const char *const sql_mark_summed[2] = {
    "INSERT INTO rollup_dirty (kind, key_id, day) SELECT $1, $3, $2 WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty "
    "WHERE kind = $1 AND key_id = $3 AND day = $2)",
    "INSERT INTO rollup_dirty (kind, key_id, day) VALUES ($1, $3, $2) ON CONFLICT (kind, key_id, day) DO UPDATE "
    "SET gen = rollup_dirty.gen + 1"};

/* What a recomputed bucket of a kind marks (X(kind, summed kind, keyed, day length)): the all-accounts day and month
 * (key 0), the account's month (account_month_sla, day "YYYY-MM"), the account's retention row (day "",
 * read by retention_rollup.c). */
#define SUMMED_KINDS(X)                                  \
  X("account_agent_sla", "all_agent_sla", 0, 10)         \
  X("account_invite", "all_invite", 0, 10)               \
  X("account_invite", "all_month_invite", 0, 7)          \
  X("account_sla", "all_sla", 0, 10)                     \
  X("account_sla", "account_month_sla", 1, 7)            \
  X("account_sla", "account_retention", 1, 0)            \
  X("account_survey", "all_survey", 0, 10)               \
  X("account_survey", "all_month_survey", 0, 7)          \
  X("account_survey", "account_retention", 1, 0)         \
  X("account_team_sla", "all_team_sla", 0, 10)
#define SUMMED_STRUCT(base, summed, keyed, length) {base, summed, keyed, length},
static const struct {
  const char *base, *summed;
  int keyed, length;
} summed_kinds[] = {SUMMED_KINDS(SUMMED_STRUCT)};
#define RETENTION_KIND "account_retention"

static int refresh_bucket(Db *db, const RollupKind *k, int64_t key, const char *day, int64_t gen, Error *err) {
  char end[DAY_TEXT_SIZE];
  snprintf(end, sizeof end, "%.10s" DAY_END, day);
  DbParam clear[] = {DB_INT(key), DB_TEXT(day)};
  DbParam fill[] = {DB_INT(key), DB_TEXT(day), DB_TEXT(end)};
  DbParam unmark[] = {DB_TEXT(k->name), DB_INT(key), DB_TEXT(day), DB_INT(gen)};
  return db_exec(db, k->sql_clear, clear, 2, NULL, err) ||
                 db_exec(db, k->sql_fill[db->kind == DB_POSTGRES], fill, 3, NULL, err) ||
                 db_exec(db, sql_unmark, unmark, 4, NULL, err)
             ? -1
             : 0;
}

/* Orders "kind|day|key" texts, so every transaction marks buckets in one order and two never wait on each other. */
static int by_text(const void *a, const void *b) {
  return strcmp(json_string_value(*(json_t *const *)a), json_string_value(*(json_t *const *)b));
}

/* Adds the marks a recomputed bucket makes to a set of marks to make (keys "kind|day|key", the key in 20 digits). */
static void mark_later(json_t *marks, const char *kind, const char *day, int64_t key) {
  for (size_t i = 0; i < sizeof summed_kinds / sizeof summed_kinds[0]; i++) {
    if (strcmp(summed_kinds[i].base, kind) != 0) continue;
    char text[80];
    snprintf(text, sizeof text, "%s|%.*s|%020lld", summed_kinds[i].summed, summed_kinds[i].length, day,
             (long long)(summed_kinds[i].keyed ? key : 0));
    json_object_set_new(marks, text, json_true());
  }
}

/* Marks the summed buckets of the buckets recomputed (the all-accounts
 * days, the account months) and the retention rows of their accounts, in
 * the order of their texts. */
static int mark_summed(Db *db, json_t *marks, Error *err) {
  size_t n = json_object_size(marks), i = 0;
  json_t **keys = n ? malloc(n * sizeof *keys) : NULL, *v;
  const char *key;
  json_object_foreach(marks, key, v) keys[i++] = json_string(key);
  if (n) qsort(keys, n, sizeof *keys, by_text);
  int rc = 0;
  for (i = 0; i < n; i++) {
    char kind[32], day[DAY_TEXT_SIZE];
    const char *text = json_string_value(keys[i]), *bar = strchr(text, '|'), *last = strrchr(text, '|');
    snprintf(kind, sizeof kind, "%.*s", (int)(bar - text), text);
    snprintf(day, sizeof day, "%.*s", (int)(last - bar - 1), bar + 1);
    int64_t id = strtoll(last + 1, NULL, 10);
    DbParam p[] = {DB_TEXT(kind), DB_TEXT(day), DB_INT(id)};
    if (rc) {
    } else if (strcmp(kind, RETENTION_KIND) == 0) {
      rc = store_retention_rollup_mark(db, id, err);
    } else if (db_exec(db, sql_mark_summed[db->kind == DB_POSTGRES], p, 3, NULL, err)) {
      rc = -1;
    }
    json_decref(keys[i]);
  }
  free(keys);
  return rc;
}

/* Recomputes the marks of one class (all-accounts or not) bucket by bucket. */
static int refresh_each(Db *db, json_t *marks, int *done, Error *err) {
  json_t *summed = json_object();
  int rc = 0;
  size_t i;
  json_t *m;
  json_array_foreach(marks, i, m) {
    const char *name = json_string_value(json_object_get(m, "kind")), *day = json_string_value(json_object_get(m, "day"));
    const RollupKind *k = kind_named(name);
    if (!k) {
      rc = error_set(err, 500, "Store error", "unknown roll-up kind %s", name ? name : "?");
      break;
    }
    int64_t key = json_integer_value(json_object_get(m, "key_id"));
    rc = refresh_bucket(db, k, key, day, json_integer_value(json_object_get(m, "gen")), err);
    if (rc) break;
    mark_later(summed, k->name, day, key);
    (*done)++;
  }
  if (!rc) rc = mark_summed(db, summed, err);
  json_decref(summed);
  return rc;
}

/* --- many marks at once: set statements ------------------------------------------------------------ */
/* A batch asked for BULK_MARKS marks or more is recomputed kind by kind:
 * the marks are claimed into the temporary table rollup_claim (on
 * PostgreSQL those no other transaction holds, locked as one by one), each
 * kind's claimed buckets deleted and inserted again by the same grouped
 * query joined to the claims, the marks deleted at the generation claimed,
 * and the summed buckets of those recomputed marked in the order of
 * mark_summed: the same rows and marks as bucket by bucket, in a few dozen
 * statements instead of three a bucket. */
#define BULK_MARKS 500
static const char sql_claims_table[] =
    "CREATE TEMP TABLE IF NOT EXISTS " CLAIMS " (kind TEXT NOT NULL, key_id BIGINT NOT NULL, day TEXT NOT NULL, "
    "gen BIGINT NOT NULL, PRIMARY KEY (kind, key_id, day))";
#define INTO_CLAIMS "INSERT INTO " CLAIMS " (kind, key_id, day, gen) "
static const char *const sql_claims_fill[2][2] = {
    {INTO_CLAIMS CLAIM(NOT_SUMMED), INTO_CLAIMS CLAIM(SUMMED)},
    {INTO_CLAIMS CLAIM(NOT_SUMMED) SKIP_LOCKED, INTO_CLAIMS CLAIM(SUMMED) SKIP_LOCKED}};
static const char sql_claims_unmark[] =
    "DELETE FROM rollup_dirty WHERE (kind, key_id, day, gen) IN (SELECT kind, key_id, day, gen FROM " CLAIMS ")";
static const char sql_claims_kinds[] = "SELECT kind, COUNT(*) AS n FROM " CLAIMS " GROUP BY kind ORDER BY kind";
static const char sql_claims_clear[] = "DELETE FROM " CLAIMS;
#define SUMMED_VALUES(base, summed, keyed, length) ", ('" base "', '" summed "', " #keyed ", " #length ")"
/* (The first row of the VALUES names no kind: it gives the list its start.) */
#define CLAIMS_SUMMED(collate)                                                                                    \
  "SELECT k, i, d FROM (SELECT DISTINCT m.column2 AS k, CASE WHEN m.column3 = 1 THEN c.key_id ELSE 0 END AS i, " \
  "SUBSTR(c.day, 1, m.column4) AS d FROM " CLAIMS " c JOIN (VALUES ('', '', 0, 0)" SUMMED_KINDS(SUMMED_VALUES)    \
  ") m ON m.column1 = c.kind) s WHERE true ORDER BY k" collate ", d" collate ", i"
static const char *const sql_claims_mark_summed[2] = {
    "INSERT INTO rollup_dirty (kind, key_id, day) " CLAIMS_SUMMED("") " ON CONFLICT (kind, key_id, day) DO NOTHING",
    "INSERT INTO rollup_dirty (kind, key_id, day) " CLAIMS_SUMMED(" COLLATE \"C\"")
    " ON CONFLICT (kind, key_id, day) DO UPDATE SET gen = rollup_dirty.gen + 1"};

/* A kind's claimed buckets recomputed: by a scan of the claims' days when
 * the claims are many and dense (at least RANGE_MARKS, and at least one
 * for every RANGE_DENSITY raw rows of those days, as after an import or a
 * migration: a scan of a day range costs a third of reaching the same rows
 * bucket by bucket), otherwise joined to the claims. */
#define RANGE_MARKS 100
#define RANGE_DENSITY 8
static int fill_claimed(Db *db, const RollupKind *k, int64_t claims, Error *err) {
  int pg = db->kind == DB_POSTGRES, found = 0;
  int64_t rows = 0;
  if (db_exec(db, k->sql_clear_claimed, NULL, 0, NULL, err)) return -1;
  if (k->sql_count_range && claims >= RANGE_MARKS &&
      db_fetch_int(db, k->sql_count_range, NULL, 0, &rows, &found, err))
    return -1;
  int range = found && rows <= claims * RANGE_DENSITY;
  return db_exec(db, range ? k->sql_fill_range[pg] : k->sql_fill_claimed[pg], NULL, 0, NULL, err);
}

/* Recomputes every bucket in rollup_claim and marks the summed buckets of those recomputed; empties it. */
static int rebuild_claims(Db *db, Error *err) {
  json_t *kinds_claimed = NULL;
  int rc = db_fetch_all(db, sql_claims_kinds, NULL, 0, &kinds_claimed, err);
  size_t i;
  json_t *row;
  json_array_foreach(kinds_claimed, i, row) {
    const char *name = json_string_value(json_object_get(row, "kind"));
    const RollupKind *k = kind_named(name);
    if (rc) break;
    if (!k) rc = error_set(err, 500, "Store error", "unknown roll-up kind %s", name);
    else rc = fill_claimed(db, k, json_integer_value(json_object_get(row, "n")), err);
  }
  json_decref(kinds_claimed);
  return rc || db_exec(db, sql_claims_mark_summed[db->kind == DB_POSTGRES], NULL, 0, NULL, err) ||
                 db_exec(db, sql_claims_clear, NULL, 0, NULL, err)
             ? -1
             : 0;
}

static int refresh_claimed(Db *db, int all, int limit, int *done, Error *err) {
  DbParam p[] = {DB_INT(limit)};
  int64_t claimed = 0;
  if (db_exec(db, sql_claims_table, NULL, 0, NULL, err) ||
      db_exec(db, sql_claims_fill[db->kind == DB_POSTGRES][all], p, 1, &claimed, err) ||
      db_exec(db, sql_claims_unmark, NULL, 0, NULL, err) || rebuild_claims(db, err))
    return -1;
  *done = (int)claimed;
  return 0;
}

/* The buckets of the cases $1..$2 (what the insert triggers of cases, case_sla and case_events mark): the
 * assignee's day of resolution, the account's day of opening (three kinds). */
#define CASES_BUCKETS                                                                                           \
  "SELECT k, i, d, 0 FROM (SELECT 'agent_cases' AS k, assignee_id AS i, SUBSTR(resolved_at, 1, 10) AS d FROM "  \
  "cases WHERE id BETWEEN $1 AND $2 AND assignee_id IS NOT NULL AND resolved_at IS NOT NULL UNION SELECT m.k, "  \
  "c.account_id, SUBSTR(c.opened_at, 1, 10) FROM cases c CROSS JOIN (SELECT 'account_sla' AS k UNION ALL SELECT " \
  "'account_team_sla' UNION ALL SELECT 'account_agent_sla') m WHERE c.id BETWEEN $1 AND $2) x WHERE true"
static const char sql_claim_cases[] = INTO_CLAIMS CASES_BUCKETS;
/* On PostgreSQL the marks are locked until the commit, as a writer's. */
static const char sql_mark_cases_pg[] = "INSERT INTO rollup_dirty (kind, key_id, day, gen) " CASES_BUCKETS
                                        " ON CONFLICT (kind, key_id, day) DO UPDATE SET gen = rollup_dirty.gen + 1";

int store_rollup_cases_written(Db *db, int64_t first_id, int64_t last_id, Error *err) {
  DbParam p[] = {DB_INT(first_id), DB_INT(last_id)};
  if (db->kind == DB_POSTGRES) return db_exec(db, sql_mark_cases_pg, p, 2, NULL, err);
  return db_exec(db, sql_claims_table, NULL, 0, NULL, err) || db_exec(db, sql_claim_cases, p, 2, NULL, err) ||
                 rebuild_claims(db, err)
             ? -1
             : 0;
}

/* One batch of up to limit marks of one class (all-accounts or not). */
static int refresh(Db *db, int all, int limit, int *done, Error *err) {
  *done = 0;
  if (limit >= BULK_MARKS) return refresh_claimed(db, all, limit, done, err);
  json_t *marks = NULL;
  DbParam p[] = {DB_INT(limit)};
  int rc = db_fetch_all(db, sql_claim[db->kind == DB_POSTGRES][all], p, 1, &marks, err);
  if (!rc) rc = refresh_each(db, marks, done, err);
  json_decref(marks);
  return rc;
}

int store_rollup_pending(Db *db, int64_t *count, Error *err) {
  int found = 0;
  return db_fetch_int(db, sql_pending, NULL, 0, count, &found, err);
}

int store_rollup_verify_parts(void) { return (int)KIND_COUNT + 1; }

/* Part 0 is the retention rows, the longest on large stores: a verify on
 * several connections starts it first. */
int store_rollup_verify_part(Db *db, int part, int limit, json_t *differences, int64_t *count, Error *err) {
  if (part-- == 0) return store_retention_rollup_verify(db, limit, differences, count, err);
  json_t *rows = NULL;
  if (db_fetch_all(db, kinds[part].sql_diff[db->kind == DB_POSTGRES], NULL, 0, &rows, err)) return -1;
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    if ((int64_t)json_array_size(differences) < limit)
      json_array_append_new(differences, json_pack("{s:s, s:O}", "rollup", kinds[part].name, "row", row));
  }
  *count += (int64_t)json_array_size(rows);
  json_decref(rows);
  return 0;
}

/* --- the reports' reads -------------------------------------------------------------------------------- */
/* The days [lo, hi) of the instants [from, to) when both are midnights, or
 * [from, to] when to is a day's last second (the end is then to's day with
 * DAY_END); -1 when the period does not fall on whole days. */
static int whole_days(const char *from, const char *to, char lo[DAY_TEXT_SIZE], char hi[DAY_TEXT_SIZE]) {
  if (strlen(from) != 20 || strlen(to) != 20 || strcmp(from + 10, "T00:00:00Z") != 0) return -1;
  snprintf(lo, DAY_TEXT_SIZE, "%.10s", from);
  if (strcmp(to + 10, "T00:00:00Z") == 0) snprintf(hi, DAY_TEXT_SIZE, "%.10s", to);
  else if (strcmp(to + 10, "T23:59:59Z") == 0) snprintf(hi, DAY_TEXT_SIZE, "%.10s" DAY_END, to);
  else return -1;
  return 0;
}

/* KPI sums per day, of one person ($3) and/or one team's people ($4). The
 * team's people are picked from the day index's entries before any stored
 * row is read (a month of a 200-person desk is 6,000 rows, a team's 500). */
/* One person's ($3) or one team's ($4) stored rows. Each has its own
 * statement: behind "$3 = 0 OR user_id = $3" SQLite cannot search the
 * roll-up by its key, and a scorecard read every agent's days. */
#define OF_PERSON "x.user_id = $3"
#define OF_TEAM "x.user_id IN (SELECT id FROM users WHERE team_id = $4)"
#define KPI_CASE_DAYS(seconds, key_test)                                                                         \
  "SELECT day, CAST(SUM(handled) AS BIGINT) AS handled, CAST(SUM(first_response_seconds) AS BIGINT) AS "        \
  "first_response_seconds, CAST(SUM(first_response_n) AS BIGINT) AS first_response_n, "                         \
  "CAST(SUM(resolution_seconds) AS BIGINT) AS resolution_seconds, CAST(SUM(resolution_n) AS BIGINT) AS "        \
  "resolution_n, CAST(SUM(fcr) AS BIGINT) AS fcr, CAST(SUM(reopened) AS BIGINT) AS reopened, CAST(SUM(sla_met) " \
  "AS BIGINT) AS sla_met, CAST(SUM(sla_judged) AS BIGINT) AS sla_judged FROM (" FRESH_KEYED("$1", "$2",         \
  "agent_cases", AGENT_CASES_RAW, seconds, "rollup_agent_cases", AGENT_CASES_COLUMNS, "user_id", key_test,      \
  AGENT_CASES_MARKED, "") ") k JOIN users u ON u.id = k.user_id WHERE CAST($4 AS BIGINT) = 0 OR u.team_id = $4 " \
  "GROUP BY day ORDER BY day"
#define KPI_CSAT_DAYS(key_test)                                                                                  \
  "SELECT day, CAST(SUM(csat_n) AS BIGINT) AS csat_n, CAST(SUM(csat_satisfied) AS BIGINT) AS csat_satisfied FROM " \
  "(" FRESH_KEYED("$1", "$2", "agent_csat", AGENT_CSAT_RAW, SECONDS_SQLITE, "rollup_agent_csat",                 \
  AGENT_CSAT_COLUMNS, "user_id", key_test, AGENT_CSAT_MARKED, "") ") k JOIN users u ON u.id = k.user_id WHERE "  \
  "CAST($4 AS BIGINT) = 0 OR u.team_id = $4 GROUP BY day ORDER BY day"
/* [store: 0 SQLite, 1 PostgreSQL][0 a person, 1 a team] */
static const char *const sql_kpi_case_days[2][2] = {
    {KPI_CASE_DAYS(SECONDS_SQLITE, OF_PERSON), KPI_CASE_DAYS(SECONDS_SQLITE, OF_TEAM)},
    {KPI_CASE_DAYS(SECONDS_PG, OF_PERSON), KPI_CASE_DAYS(SECONDS_PG, OF_TEAM)}};
static const char *const sql_kpi_csat_days[2] = {KPI_CSAT_DAYS(OF_PERSON), KPI_CSAT_DAYS(OF_TEAM)};

static int kpi_days(Db *db, const char *sql, int64_t user_id, int64_t team_id, const char *from, const char *to,
                    json_t **rows, Error *err) {
  char lo[DAY_TEXT_SIZE], hi[DAY_TEXT_SIZE];
  if (whole_days(from, to, lo, hi))
    return error_set(err, 500, "Store error", "KPI periods are whole days, not %s to %s", from, to);
  DbParam p[] = {DB_TEXT(lo), DB_TEXT(hi), DB_INT(user_id), DB_INT(team_id)};
  return db_fetch_all(db, sql, p, 4, rows, err);
}

int store_kpi_case_days(Db *db, int64_t user_id, int64_t team_id, const char *from, const char *to, json_t **rows,
                        Error *err) {
  return kpi_days(db, sql_kpi_case_days[db->kind == DB_POSTGRES][user_id == 0], user_id, team_id, from, to, rows,
                  err);
}

int store_kpi_csat_days(Db *db, int64_t user_id, int64_t team_id, const char *from, const char *to, json_t **rows,
                        Error *err) {
  return kpi_days(db, sql_kpi_csat_days[user_id == 0], user_id, team_id, from, to, rows, err);
}

/* SLA compliance by account, month of opening, team, agent or priority. */
#define SUM_AS(column) ", CAST(SUM(" column ") AS BIGINT) AS " column
#define CLOCK_TOTALS                                                                                      \
  SUM_AS("first_response_met") SUM_AS("first_response_breached") SUM_AS("next_update_met")               \
  SUM_AS("next_update_breached") SUM_AS("resolution_met") SUM_AS("resolution_breached")                  \
  SUM_AS("acknowledgement_met") SUM_AS("acknowledgement_breached")
/* By account: the days [$1, $4) and [$5, $2) before and after the months [$4, $5), those months, and, taken
 * away, the days [$6, $7) and [$8, $9) of those months outside the period (MonthPlan);
 * an account's rows (a month, days) are summed as they are read (store_sla_groups_read), not by SQL, and
 * each row finds its account by id (CROSS JOIN: SQLite keeps the rows the outer loop). */
#define ACCOUNT_DAYS_FRESH(lo, hi)                                                                           \
  FRESH_RANGE(lo, hi, "account_sla", ACCOUNT_SLA_RAW, SECONDS_SQLITE, "rollup_account_sla", ACCOUNT_SLA_COLUMNS, \
              "account_id", ACCOUNT_SLA_MARKED, "")
/* Account-day rows with every sum negated. */
#define LESS(rows)                                                                                                \
  "SELECT account_id, day, -opened, -complaints, -sla_cases, -sla_breached, -first_response_met, "              \
  "-first_response_breached, -next_update_met, -next_update_breached, -resolution_met, -resolution_breached, "  \
  "-acknowledgement_met, -acknowledgement_breached FROM (" rows ") less"
#define SLA_BY_ACCOUNT                                                                                             \
  "SELECT a.id AS group_key, a.name AS label, k.sla_cases, k.first_response_met, k.first_response_breached, "    \
  "k.next_update_met, k.next_update_breached, k.resolution_met, k.resolution_breached, k.acknowledgement_met, "  \
  "k.acknowledgement_breached FROM (" ACCOUNT_DAYS_FRESH("$1", "$4") " UNION ALL " ACCOUNT_MONTHS_FRESH           \
  " UNION ALL " ACCOUNT_DAYS_FRESH("$5", "$2") " UNION ALL " LESS(ACCOUNT_DAYS_FRESH("$6", "$7")) " UNION ALL "     \
  LESS(ACCOUNT_DAYS_FRESH("$8", "$9")) ") k CROSS JOIN accounts a WHERE a.id = k.account_id"
/* By the case's own team and priority, or its agent: every account's day summed (0 read as none). */
#define SLA_GROUPS_ROLLUP(key, label, join, fresh)                                                           \
  "SELECT " key " AS group_key, " label " AS label, CAST(SUM(sla_cases) AS BIGINT) AS cases" CLOCK_TOTALS   \
  " FROM (" fresh ") k" join " GROUP BY " key ", " label " HAVING SUM(sla_cases) > 0 ORDER BY " key
#define TEAM_SLA_FRESH                                                                                        \
  FRESH_ALL("account_team_sla", "all_team_sla", "rollup_all_team_sla", ALL_TEAM_SLA_COLUMNS,                 \
            ACCOUNT_TEAM_SLA_RAW, "rollup_account_team_sla", ACCOUNT_TEAM_SLA_COLUMNS, ACCOUNT_TEAM_SLA_MARKED)
#define AGENT_SLA_FRESH                                                                                           \
  FRESH_ALL("account_agent_sla", "all_agent_sla", "rollup_all_agent_sla", ALL_AGENT_SLA_COLUMNS,                \
            ACCOUNT_AGENT_SLA_RAW, "rollup_account_agent_sla", ACCOUNT_AGENT_SLA_COLUMNS, ACCOUNT_AGENT_SLA_MARKED)

static const char *const sql_sla_compliance[SLA_GROUP_COUNT] = {
    [SLA_GROUP_ACCOUNT] = SLA_BY_ACCOUNT,
    [SLA_GROUP_TEAM] =
        SLA_GROUPS_ROLLUP("NULLIF(k.team_id, 0)", "t.name", " LEFT JOIN teams t ON t.id = k.team_id", TEAM_SLA_FRESH),
    [SLA_GROUP_AGENT] = SLA_GROUPS_ROLLUP("NULLIF(k.user_id, 0)", "u.display_name",
                                          " LEFT JOIN users u ON u.id = k.user_id", AGENT_SLA_FRESH),
    [SLA_GROUP_PRIORITY] = SLA_GROUPS_ROLLUP("k.priority", "k.priority", "", TEAM_SLA_FRESH),
    [SLA_GROUP_MONTH] =
        "SELECT SUBSTR(k.day, 1, 7) AS group_key, SUBSTR(k.day, 1, 7) AS label, CAST(SUM(sla_cases) AS BIGINT) AS "
        "cases" CLOCK_TOTALS " FROM (" FRESH_ALL("account_sla", "all_sla", "rollup_all_sla", ALL_SLA_COLUMNS,
        ACCOUNT_SLA_RAW, "rollup_account_sla", ACCOUNT_SLA_COLUMNS, ACCOUNT_SLA_MARKED) ") k GROUP BY "
        "SUBSTR(k.day, 1, 7) HAVING SUM(sla_cases) > 0 ORDER BY SUBSTR(k.day, 1, 7)",
};

static int month_days(int year, int month) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return days[month - 1] + (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0));
}

/* How SLA compliance by account reads the days [lo, hi) (as whole_days
 * gives them): the months [first, end) ("YYYY-MM" of the first, the last's
 * with DAY_END) from the month roll-up, less the days [cut[0], cut[1]) and
 * [cut[2], cut[3]), and the days outside the months from the day roll-up.
 * The months are the whole ones, and a month the period covers more than
 * half of, read as the month less the days it leaves out. No month: first,
 * end and the cuts are all hi. */
typedef struct MonthPlan {
  char first[DAY_TEXT_SIZE], end[DAY_TEXT_SIZE], cut[4][DAY_TEXT_SIZE];
} MonthPlan;

static void month_text(int index, const char *suffix, char out[DAY_TEXT_SIZE]) {
  snprintf(out, DAY_TEXT_SIZE, "%04d-%02d%s", index / 12, index % 12 + 1, suffix);
}

static void month_plan(const char *lo, const char *hi, MonthPlan *plan) {
  int y0 = 0, m0 = 0, d0 = 0, y1 = 0, m1 = 0, d1 = 0;
  sscanf(lo, "%4d-%2d-%2d", &y0, &m0, &d0);
  sscanf(hi, "%4d-%2d-%2d", &y1, &m1, &d1);
  int a = y0 * 12 + m0 - 1, b = y1 * 12 + m1 - 1, days0 = month_days(y0, m0), days1 = month_days(y1, m1);
  int inclusive = hi[10] == DAY_END[0], head = d0 != 1, tail = !inclusive || d1 != days1;
  int first = head ? a + 1 : a, last = inclusive && !tail ? b : b - 1;
  for (int c = 0; c < 4; c++) snprintf(plan->cut[c], DAY_TEXT_SIZE, "%s", hi);
  if (inclusive && a == b && head && tail) { /* within one month */
    if (2 * (d1 - d0 + 1) > days0) {
      first = last = a;
      month_text(a, "", plan->cut[0]);
      snprintf(plan->cut[1], DAY_TEXT_SIZE, "%s", lo);
      month_text(a, DAY_END, plan->cut[3]);
    }
  } else if (inclusive) {
    if (head && 2 * (days0 - d0 + 1) > days0) {
      first = a;
      month_text(a, "", plan->cut[0]);
      snprintf(plan->cut[1], DAY_TEXT_SIZE, "%s", lo);
    }
    if (tail && 2 * d1 > days1) {
      last = b;
      month_text(b, DAY_END, plan->cut[3]);
    }
  }
  if (first > last) {
    snprintf(plan->first, DAY_TEXT_SIZE, "%s", hi);
    snprintf(plan->end, DAY_TEXT_SIZE, "%s", hi);
    return;
  }
  month_text(first, "", plan->first);
  month_text(last, DAY_END, plan->end);
}

/* The whole months of the days [lo, hi): [first, end) ("YYYY-MM" of the
 * first, the last's with DAY_END); none: both hi. */
static void whole_months(const char *lo, const char *hi, char first[DAY_TEXT_SIZE], char end[DAY_TEXT_SIZE]) {
  int y0 = 0, m0 = 0, d0 = 0, y1 = 0, m1 = 0, d1 = 0;
  sscanf(lo, "%4d-%2d-%2d", &y0, &m0, &d0);
  sscanf(hi, "%4d-%2d-%2d", &y1, &m1, &d1);
  int a = y0 * 12 + m0 - 1 + (d0 != 1), b = y1 * 12 + m1 - 1;
  if (hi[10] != DAY_END[0] || d1 != month_days(y1, m1)) b--; /* hi's month is whole only when its last day is in */
  if (a > b) {
    snprintf(first, DAY_TEXT_SIZE, "%s", hi);
    snprintf(end, DAY_TEXT_SIZE, "%s", hi);
    return;
  }
  month_text(a, "", first);
  month_text(b, DAY_END, end);
}

int store_rollup_sla_compliance(Db *db, SlaGroup group, const char *from, const char *to,
                                SlaComplianceGroup **groups, size_t *n, int *answered, Error *err) {
  char lo[DAY_TEXT_SIZE], hi[DAY_TEXT_SIZE];
  MonthPlan m;
  *answered = 0;
  if (whole_days(from, to, lo, hi)) return 0;
  month_plan(lo, hi, &m);
  DbParam p[] = {DB_TEXT(lo),       DB_TEXT(hi),       DB_INT(0),         DB_TEXT(m.first), DB_TEXT(m.end),
                 DB_TEXT(m.cut[0]), DB_TEXT(m.cut[1]), DB_TEXT(m.cut[2]), DB_TEXT(m.cut[3])};
  int by_account = group == SLA_GROUP_ACCOUNT;
  *answered = 1;
  return store_sla_groups_read(db, sql_sla_compliance[group], p, by_account ? 9 : 3, by_account, groups, n, err);
}

/* Satisfaction answers and invitations by month or account, filtered by
 * survey type ($4) and account ($3). */
#define SCORES_ROLLUP(key, label)                                                                                   \
  "SELECT " key " AS group_key, " label " AS label, k.survey_type, k.scale_min, k.scale_max, k.high_is_good, "     \
  "k.score, CAST(SUM(k.answers) AS BIGINT) AS count FROM (" FRESH("account_survey", ACCOUNT_SURVEY_RAW,             \
  SECONDS_SQLITE, "rollup_account_survey", ACCOUNT_SURVEY_COLUMNS, "account_id", ACCOUNT_SURVEY_MARKED) ") k "     \
  "JOIN accounts a ON a.id = k.account_id WHERE CAST($4 AS TEXT) IS NULL OR k.filter_type = $4 GROUP BY " key ", " \
  label ", k.survey_type, k.scale_min, k.scale_max, k.high_is_good, k.score"
#define INVITED_ROLLUP(key, label)                                                                               \
  "SELECT " key " AS group_key, " label " AS label, CAST(SUM(k.invited) AS BIGINT) AS invited, "                \
  "CAST(SUM(k.answered) AS BIGINT) AS answered FROM (" FRESH("account_invite", ACCOUNT_INVITE_RAW,               \
  SECONDS_SQLITE, "rollup_account_invite", ACCOUNT_INVITE_COLUMNS, "account_id", ACCOUNT_INVITE_MARKED) ") k "  \
  "JOIN accounts a ON a.id = k.account_id WHERE CAST($4 AS TEXT) IS NULL OR k.filter_type = $4 GROUP BY " key \
  ", " label
/* All accounts by month: no join, every answer's account exists. The days
 * [$1, $5) and [$6, $2) before and after the whole months [$5, $6) ("YYYY-MM"
 * of the first, the last's with DAY_END), and those months: the clean ones
 * stored (each probed for marks only when the period has any), and the days
 * of the marked ones (the marks lead: no marks, no days read). */
#define DAYS_OF_MARKED_MONTHS(base, kind, table)                                                                   \
  "(SELECT DISTINCT SUBSTR(d.day, 1, 7) AS month FROM rollup_dirty d WHERE d.kind IN ('" base "', '" kind "') AND " \
  "d.day >= $5 AND d.day < $6) m JOIN " table " x ON x.day >= m.month AND x.day < m.month || '" DAY_END "'"
#define ALL_MONTHS_FRESH(base, all, kind, table, columns, base_raw, base_table, base_columns, base_marked)          \
  "SELECT " columns " FROM " table " x WHERE x.day >= $5 AND x.day < $6 AND (NOT EXISTS (SELECT 1 FROM "          \
  "rollup_dirty d WHERE d.kind IN ('" base "', '" kind "') AND d.day >= $5 AND d.day < $6) OR NOT"                 \
  ALL_MONTH_MARKED(base, kind, "x.day") ") UNION ALL " FRESH_ALL_RANGE("$5", "$6", DAYS_OF_MARKED_MONTHS(base,    \
  kind, "rollup_" all), " AND" ALL_MONTH_MARKED(base, kind, "SUBSTR(x.day, 1, 7)"), base, all, columns, base_raw,   \
  base_table, base_columns, base_marked)
#define ALL_BY_MONTH(base, all, kind, columns, base_raw, base_columns, base_marked)                                \
  FRESH_ALL_RANGE("$1", "$5", "rollup_" all " x", "", base, all, columns, base_raw, "rollup_" base, base_columns, \
                  base_marked) " UNION ALL " ALL_MONTHS_FRESH(base, all, kind, "rollup_" kind, columns, base_raw,  \
  "rollup_" base, base_columns, base_marked) " UNION ALL " FRESH_ALL_RANGE("$6", "$2", "rollup_" all " x", "",   \
  base, all, columns, base_raw, "rollup_" base, base_columns, base_marked)
#define SCORES_ALL                                                                                                 \
  "SELECT SUBSTR(k.day, 1, 7) AS group_key, SUBSTR(k.day, 1, 7) AS label, k.survey_type, k.scale_min, k.scale_max, " \
  "k.high_is_good, k.score, CAST(SUM(k.answers) AS BIGINT) AS count FROM (" ALL_BY_MONTH("account_survey",         \
  "all_survey", "all_month_survey", ALL_SURVEY_COLUMNS, ACCOUNT_SURVEY_RAW, ACCOUNT_SURVEY_COLUMNS,                \
  ACCOUNT_SURVEY_MARKED) ") k WHERE CAST($4 AS TEXT) IS NULL OR k.filter_type = $4 GROUP BY SUBSTR(k.day, 1, 7), " \
  "k.survey_type, k.scale_min, k.scale_max, k.high_is_good, k.score"
#define INVITED_ALL                                                                                               \
  "SELECT SUBSTR(k.day, 1, 7) AS group_key, SUBSTR(k.day, 1, 7) AS label, CAST(SUM(k.invited) AS BIGINT) AS "    \
  "invited, CAST(SUM(k.answered) AS BIGINT) AS answered FROM (" ALL_BY_MONTH("account_invite", "all_invite",      \
  "all_month_invite", ALL_INVITE_COLUMNS, ACCOUNT_INVITE_RAW, ACCOUNT_INVITE_COLUMNS, ACCOUNT_INVITE_MARKED)      \
  ") k WHERE CAST($4 AS TEXT) IS NULL OR k.filter_type = $4 GROUP BY SUBSTR(k.day, 1, 7)"
#define BY_MONTH(q) q("SUBSTR(k.day, 1, 7)", "SUBSTR(k.day, 1, 7)")
#define BY_ACCOUNT(q) q("k.account_id", "a.name")
/* [invited][by account][all accounts] */
static const char *const sql_satisfaction[2][2][2] = {
    {{BY_MONTH(SCORES_ROLLUP), SCORES_ALL}, {BY_ACCOUNT(SCORES_ROLLUP), BY_ACCOUNT(SCORES_ROLLUP)}},
    {{BY_MONTH(INVITED_ROLLUP), INVITED_ALL}, {BY_ACCOUNT(INVITED_ROLLUP), BY_ACCOUNT(INVITED_ROLLUP)}}};

int store_rollup_satisfaction(Db *db, const SatisfactionQuery *q, int invited, json_t **rows, int *answered,
                              Error *err) {
  char lo[DAY_TEXT_SIZE], hi[DAY_TEXT_SIZE];
  *answered = 0;
  if ((q->group != SATISFACTION_GROUP_MONTH && q->group != SATISFACTION_GROUP_ACCOUNT) || q->team_id ||
      q->agent_id || q->part_id || q->case_type || whole_days(q->from, q->to, lo, hi))
    return 0;
  char first[DAY_TEXT_SIZE], end[DAY_TEXT_SIZE];
  whole_months(lo, hi, first, end);
  DbParam p[] = {DB_TEXT(lo), DB_TEXT(hi), DB_INT(q->account_id), DB_TEXT(q->survey_type), DB_TEXT(first),
                 DB_TEXT(end)};
  *answered = 1;
  int by_account = q->group == SATISFACTION_GROUP_ACCOUNT, all = !by_account && q->account_id == 0;
  return db_fetch_all(db, sql_satisfaction[invited][by_account][all], p, all ? 6 : 4, rows, err);
}

/* The per-account and per-person marks first, then the all-accounts days
 * they marked, in separate transactions: a transaction that recomputes
 * account buckets waits (on PostgreSQL) for the all-accounts marks it
 * touches, one that recomputes all-accounts days waits for nothing, so two
 * servers never wait on each other in a circle. */
int store_rollup_catch_up(Db *db, int batch, int budget_ms, int64_t *done, int *left, Error *err) {
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  *done = 0;
  *left = 1;
  for (int all = 0; all < 2; all++) {
    for (;;) {
      int n = 0;
      if (db_begin_write_unsynced(db, err)) return -1;
      if (refresh(db, all, batch, &n, err)) {
        db_rollback(db);
        return -1;
      }
      if (db_commit(db, err)) return -1;
      *done += n;
      if (n < batch) break;
      if (budget_ms > 0 && time_ms_since(&start) >= budget_ms) return 0;
    }
  }
  return store_retention_rollup_catch_up(db, batch, &start, budget_ms, done, left, err);
}
