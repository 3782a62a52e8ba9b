#!/usr/bin/env bash
# Dashboards on the large dataset (docs/PERFORMANCE.md, "Dashboards at
# scale"): `forgedesk serve` (SQLite, 2 loops) answering the team KPI month
# view, an agent's scorecard, SLA compliance by account (the 20 worst), the
# NPS trend and the at-risk accounts, for SECONDS under eight clients
# (`wrk -t2 -c8`: a busy desk, its p99 holding the queueing of eight
# requests on two cores) and for half as long under one (`wrk -t1 -c1`: one
# request at a time, as the baseline runs); p50 and p99 from wrk's latency
# distribution. Each is measured as dashboards are read, from the answer
# cache (the same question on unchanged data, measured once the scheduler
# has stopped committing), and fresh, every request sending `Cache-Control:
# no-cache` so that each answer is computed again from the roll-ups, as
# after every write. Baseline in the same run: Debian's sqlite3 shell
# computing the same figures from the raw tables with the queries the
# reports ran before the roll-ups, QA scores included (each run three times,
# the median kept). Prints each figure, its baseline and the ratio baseline
# / p99. The dataset is made once with `forgedesk demo --scale large` and kept
# as build/large-CASES.db (a copy is served, so runs start alike).
# With FORGEDESK_BENCH_PG=postgresql://… (an empty database, or one a previous
# run copied the dataset into) the same dataset is copied there
# (bench/pg-copy.sh) and served from PostgreSQL instead; the
# baseline is still the sqlite3 shell on the SQLite copy.
# Usage: bench/dashboards.sh [SECONDS] [CASES] (defaults 10 and 1000000).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/scale-lib.sh 10 "$@"

pg=${FORGEDESK_BENCH_PG:-}
dataset_copy
if [ -n "$pg" ]; then
  pg_dataset "$pg"
  url=$pg
  q() { psql "$pg" -tAq -c "$1"; }
else
  url=sqlite:$db
  q() { sqlite3 "$db" "$1"; }
fi
token=$("$bin" token create --db "$url" --username lead.01)
team=$(q "SELECT team_id FROM users WHERE username = 'lead.01'")
agent=$(q "SELECT id FROM users WHERE username = 'agent.001'")
month_from=$(date -u -d "$(date -u +%Y-%m-01) -1 month" +%F)
month_to=$(date -u -d "$(date -u +%Y-%m-01) -1 day" +%F)
month_end=$(date -u +%Y-%m-01)
card_from=$(date -u -d "$(date -u +%Y-%m-01) -6 month" +%F)
tomorrow=$(date -u -d tomorrow +%F)
today=$(date -u +%F)
year_from=$(date -u -d "$(date -u +%Y-%m-01) -12 month" +%F)
echo "dataset ($url): $(q "SELECT (SELECT COUNT(*) FROM cases) || ' cases, ' || (SELECT COUNT(*) FROM interactions) || ' interactions, ' || (SELECT COUNT(*) FROM orders) || ' orders, ' || (SELECT COUNT(*) FROM survey_responses) || ' survey answers, ' || (SELECT SUM(n) FROM (SELECT COUNT(*) AS n FROM rollup_agent_cases UNION ALL SELECT COUNT(*) FROM rollup_agent_csat UNION ALL SELECT COUNT(*) FROM rollup_account_sla UNION ALL SELECT COUNT(*) FROM rollup_account_month_sla UNION ALL SELECT COUNT(*) FROM rollup_account_team_sla UNION ALL SELECT COUNT(*) FROM rollup_account_agent_sla UNION ALL SELECT COUNT(*) FROM rollup_account_survey UNION ALL SELECT COUNT(*) FROM rollup_account_invite UNION ALL SELECT COUNT(*) FROM rollup_account_retention) r) || ' per-person and per-account roll-up rows'")"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"

serve_on "$url"

# The raw queries the reports ran before the roll-ups (src/store/rollups.c keeps them as the raw side).
case_days() { # WHERE clause on c and u
  echo "SELECT day, COUNT(*), SUM(CAST(ROUND((julianday(first_at) - julianday(opened_at)) * 86400) AS BIGINT)),
    COUNT(first_at), SUM(CAST(ROUND((julianday(resolved_at) - julianday(opened_at)) * 86400) AS BIGINT)), SUM(fcr),
    SUM(reopen_count > 0), SUM(sla = 'met'), SUM(sla IN ('met', 'breached')) FROM (SELECT SUBSTR(c.resolved_at, 1, 10) AS day,
    c.opened_at, c.resolved_at, c.first_contact_resolution AS fcr, c.reopen_count, s.state AS sla, (SELECT MIN(e.at) FROM
    case_events e WHERE e.case_id = c.id AND e.kind = 'reply' AND e.direction = 'outbound') AS first_at FROM cases c JOIN
    users u ON u.id = c.assignee_id LEFT JOIN case_sla s ON s.case_id = c.id WHERE $1) GROUP BY day ORDER BY day;"
}
csat_days() {
  echo "SELECT SUBSTR(r.answered_at, 1, 10), COUNT(*), SUM(r.score >= r.scale_max - 1) FROM survey_responses r JOIN users u
    ON u.id = r.agent_id WHERE r.survey_type = 'csat' AND $1 GROUP BY 1;"
}
qa_days() {
  echo "SELECT SUBSTR(r.submitted_at, 1, 10), COUNT(*), SUM(r.score_centi), SUM(r.passed) FROM qa_reviews r JOIN users u
    ON u.id = r.agent_id WHERE r.status = 'submitted' AND r.kind <> 'calibration' AND $1 GROUP BY 1;"
}
clocks() { for c in first_response next_update resolution acknowledgement; do printf ', SUM(s.%s = %s), SUM(s.%s = %s)' "$c" "'met'" "$c" "'breached'"; done; }
# outcomes TEST: the four clocks' "(s.clock TEST)" added up (one case's targets met, or decided)
outcomes() { printf '(s.%s %s) + ' first_response "$1" next_update "$1" resolution "$1"; printf '(s.acknowledgement %s)' "$1"; }
worst=20 # SLA compliance by account: the worst accounts, as a dashboard shows them
baseline_sql() {
  case $1 in
  team) case_days "c.resolved_at >= '${month_from}T00:00:00Z' AND c.resolved_at < '${month_end}T00:00:00Z' AND u.team_id = $team"
        csat_days "r.answered_at >= '${month_from}T00:00:00Z' AND r.answered_at < '${month_end}T00:00:00Z' AND u.team_id = $team"
        qa_days "r.submitted_at >= '${month_from}T00:00:00Z' AND r.submitted_at < '${month_end}T00:00:00Z' AND u.team_id = $team" ;;
  agent) case_days "c.resolved_at >= '${card_from}T00:00:00Z' AND c.resolved_at < '${tomorrow}T00:00:00Z' AND c.assignee_id = $agent"
         csat_days "r.answered_at >= '${card_from}T00:00:00Z' AND r.answered_at < '${tomorrow}T00:00:00Z' AND r.agent_id = $agent"
         qa_days "r.submitted_at >= '${card_from}T00:00:00Z' AND r.submitted_at < '${tomorrow}T00:00:00Z' AND r.agent_id = $agent" ;;
  sla) echo "SELECT a.id, a.name, COUNT(*) $(clocks), SUM($(outcomes "= 'met'")) AS met, SUM($(outcomes "IN ('met', 'breached')"))
         AS decided FROM case_sla s JOIN cases c ON c.id = s.case_id JOIN accounts a ON a.id = c.account_id WHERE s.policy_id
         IS NOT NULL AND c.opened_at >= '${month_from}T00:00:00Z' AND c.opened_at <= '${month_to}T23:59:59Z' GROUP BY a.id,
         a.name ORDER BY decided = 0, CAST(met AS REAL) / decided, a.id LIMIT $worst;" ;;
  nps) for t in "r.answered_at" "r.sent_at"; do
         tbl=survey_responses; [ "$t" = r.sent_at ] && tbl=survey_invitations
         extra="r.survey_type, r.scale_min, r.scale_max, r.high_is_good, r.score,"; [ "$t" = r.sent_at ] && extra="COUNT(r.answered_at),"
         cond=""; [ "$t" = r.sent_at ] && cond="AND r.mail_status IN ('sent', 'not_mailed')"
         group=", r.survey_type, r.scale_min, r.scale_max, r.high_is_good, r.score"; [ "$t" = r.sent_at ] && group=""
         echo "SELECT SUBSTR($t, 1, 7), $extra COUNT(*) FROM $tbl r JOIN surveys s ON s.id = r.survey_id JOIN accounts a ON
           a.id = r.account_id WHERE $t >= '${year_from}T00:00:00Z' AND $t < '${tomorrow}T00:00:00Z' AND s.type = 'nps' $cond
           GROUP BY SUBSTR($t, 1, 7)$group;"
       done ;;
  risk) echo "SELECT account_id, ordered_on, value_minor FROM orders WHERE ordered_on <= '$today' ORDER BY account_id, ordered_on;
         SELECT a.id, COALESCE(k.complaints, 0), COALESCE(k.sla_cases, 0), COALESCE(k.sla_breached, 0), i.last_contact_at,
         r.answers FROM accounts a LEFT JOIN (SELECT c.account_id, SUM(c.type = 'complaint') AS complaints, SUM(s.policy_id IS
         NOT NULL) AS sla_cases, SUM(s.policy_id IS NOT NULL AND s.state = 'breached') AS sla_breached FROM cases c LEFT JOIN
         case_sla s ON s.case_id = c.id WHERE c.opened_at >= '$(date -u +%Y)-01-01T00:00:00Z' AND c.opened_at <= '${today}T23:59:59Z'
         GROUP BY c.account_id) k ON k.account_id = a.id LEFT JOIN (SELECT account_id, MAX(occurred_at) AS last_contact_at FROM
         interactions WHERE occurred_at <= '${today}T23:59:59Z' GROUP BY account_id) i ON i.account_id = a.id LEFT JOIN (SELECT
         account_id, COUNT(*) AS answers FROM survey_responses WHERE answered_at >= '$(date -u +%Y)-01-01T00:00:00Z' GROUP BY
         account_id) r ON r.account_id = a.id ORDER BY a.id;" ;;
  esac
}
# baseline NAME: milliseconds, median of three runs of the sqlite3 shell
baseline() {
  baseline_sql "$1" >"$work/$1.sql"
  for _ in 1 2 3; do
    s=$(date +%s%N)
    sqlite3 "$db" <"$work/$1.sql" >/dev/null
    echo $(( ($(date +%s%N) - s) / 1000000 ))
  done | sort -n | sed -n 2p
}
# measure PATH CLIENTS [HEADER]: "req/s p50_ms p99_ms" from wrk, with CLIENTS
# connections: two wrk threads for eight clients, SECONDS long; one for one,
# half as long (its requests are the quicker, and make bench keeps to 15 min)
measure() {
  local threads=2 seconds=$duration
  [ "$2" -gt 1 ] || { threads=1; seconds=$(((duration + 1) / 2)); }
  wrk -t"$threads" -c"$2" -d"${seconds}s" --latency -H "Authorization: Bearer $token" ${3:+-H "$3"} \
    "http://127.0.0.1:$port$1" >"$work/wrk.out"
  wrk_latency "$work/wrk.out"
}
status() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:$port$1"; }
# settle PATH: waits (at most 3 min) until PATH's answer has come from the
# cache three seconds running. A dataset made hours before has cases whose
# clocks have since passed a threshold; the scheduler's first pass records
# them, and each of its commits starts the cache afresh.
settle() {
  local hits=0
  for _ in $(seq 180); do
    curl -s -D - -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$port$1" | grep -qi '^cache-status:.*; hit' &&
      hits=$((hits + 1)) || hits=0
    [ "$hits" -ge 3 ] && return
    sleep 1
  done
  echo "the data kept changing for 3 min: the cached figures below include fresh answers" >&2
}

row='%-7s %7s %8s %8s %7s %9s %9s %7s %11s %7s %7s\n'
ratio() { awk -v b="$1" -v p="$2" 'BEGIN {printf "%.3gx", b / p}'; }
# shellcheck disable=SC2059
printf "$row" figure clients p50_ms p99_ms req/s fresh_p50 fresh_p99 req/s baseline_ms ratio fresh
for name in team agent sla nps risk; do
  case $name in
  team) path="/api/v1/kpis?team_id=$team&period=month&from=$month_from&to=$month_to" ;;
  agent) path="/api/v1/people/$agent/scorecard" ;;
  sla) path="/api/v1/reports/sla-compliance?group_by=account&sort=compliance&limit=$worst&from=$month_from&to=$month_to" ;;
  nps) path="/api/v1/reports/satisfaction?group_by=month&survey_type=nps" ;;
  risk) path="/api/v1/retention/accounts?limit=50" ;;
  esac
  code=$(status "$path")
  [ "$code" = 200 ] || { echo "$path answered $code" >&2; exit 1; }
  echo "$name: GET $path"
  settle "$path"
  base=$(baseline "$name")
  for clients in 8 1; do
    read -r rps p50 p99 < <(measure "$path" "$clients")
    read -r fresh_rps fresh_p50 fresh_p99 < <(measure "$path" "$clients" "Cache-Control: no-cache")
    # shellcheck disable=SC2059
    printf "$row" "$name" "$clients" "$p50" "$p99" "$rps" "$fresh_p50" "$fresh_p99" "$fresh_rps" "$base" \
      "$(ratio "$base" "$p99")" "$(ratio "$base" "$fresh_p99")"
  done
done
echo "ratio: baseline / p99 (target: 100x, p99 under 20 ms); fresh: every answer computed again (Cache-Control: no-cache)"
