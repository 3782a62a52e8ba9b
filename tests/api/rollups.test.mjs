// The report roll-ups (docs/ROLLUPS.md) against the records they sum: a
// randomised mix (its seed printed; FORGEDESK_ROLLUP_SEED replays one) of
// case creations, reassignments (to another agent, team, account or
// priority), resolutions, reopenings, replies, changes made behind the API's
// back, deletions, survey answers, interactions and orders (placed, moved to
// another day, value or account, deleted), while a second
// `serve` shares the store and both schedulers recompute marked buckets.
// Then the reports and the retention figures read the same before and after every bucket is
// recomputed, `forgedesk kpi verify` finds the roll-ups equal to the raw
// records (exit 0), and a roll-up row altered in the database is reported
// (exit 3) — and never shown while its bucket is marked.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bearer, cli, ctx, make, signInAs, sleep, sql, startServer, uniq, withQuery } from './lib.mjs';

const seed = Number(process.env.FORGEDESK_ROLLUP_SEED || 20261201);
console.log(`roll-up mix seed ${seed} (FORGEDESK_ROLLUP_SEED=${seed} replays it)`);
/** mulberry32: the same numbers for the same seed. */
function rng(s) {
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(seed);
const pick = (list) => list[Math.floor(random() * list.length)];
const admin = bearer('admin');
const q = (s) => s.replaceAll("'", "''");
/** The first word of a query's output (sqlite3's or psql's, header and all) that looks like re. */
const scalar = (out, re) => out.split(/\s+/).find((w) => re.test(w));
/** An instant in October or November 2026 ("YYYY-MM-DDTHH:MM:SSZ"). */
const instant = () => new Date(Date.UTC(2026, 9, 1) + Math.floor(random() * 61 * 86_400) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** A day in the two years before 2026-11-30 ("YYYY-MM-DD"). */
const orderDay = () => new Date(Date.UTC(2024, 11, 1) + Math.floor(random() * 730) * 86_400_000).toISOString().slice(0, 10);
const later = (at, hours) => new Date(Date.parse(at) + hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

const verify = () => cli(['kpi', 'verify', '--db', ctx.db]);
/** Periods of SLA compliance by account: whole months, months with a few days before and after (read as days),
 * most of a month (read as the month less the days left out: at the start, the end, both), a few days. */
const slaRanges = [['2026-10-01', '2026-11-30'], ['2026-11-01', '2026-11-30'], ['2026-09-28', '2026-11-03'],
  ['2026-10-05', '2026-11-20'], ['2026-10-04', '2026-10-31'], ['2026-11-01', '2026-11-25'], ['2026-10-02', '2026-10-30'],
  ['2026-10-10', '2026-10-12'], ['2026-11-30', '2026-12-01']];
/** Periods of the satisfaction trend of every account: the default (a year to today), whole months (the month
 * roll-up), months with days before and after them (read as days), a month's first days, a few days. */
const satisfactionRanges = [[], ['2026-10-01', '2026-11-30'], ['2026-09-28', '2026-11-03'], ['2026-10-01', '2026-10-20'],
  ['2026-10-10', '2026-10-12']];
/** The satisfaction trend of every account from the records with SQL: {"month type": answers}, {month: [invited, answered]}. */
function rawTrend(from, to, type) {
  const within = (at) => `${at} >= '${from}T00:00:00Z' AND ${at} <= '${to}T23:59:59Z'${type ? ` AND s.type = '${type}'` : ''}`;
  const rows = (text) => text.split(/\s+/).filter((w) => w.startsWith('row:')).map((w) => w.slice(4).split(':'));
  const answers = rows(sql(`SELECT 'row:' || SUBSTR(r.answered_at, 1, 7) || ':' || r.survey_type || ':' || COUNT(*) AS r FROM survey_responses r
    JOIN surveys s ON s.id = r.survey_id WHERE ${within('r.answered_at')} GROUP BY SUBSTR(r.answered_at, 1, 7), r.survey_type`));
  const invited = rows(sql(`SELECT 'row:' || SUBSTR(r.sent_at, 1, 7) || ':' || COUNT(*) || ':' || COUNT(r.answered_at) AS r FROM survey_invitations r
    JOIN surveys s ON s.id = r.survey_id WHERE r.mail_status IN ('sent', 'not_mailed') AND ${within('r.sent_at')} GROUP BY SUBSTR(r.sent_at, 1, 7)`));
  return { answers: Object.fromEntries(answers.map(([m, t, n]) => [`${m} ${t}`, Number(n)])),
    invited: Object.fromEntries(invited.map(([m, n, a]) => [m, [Number(n), Number(a)]])) };
}
/** The same figures as a satisfaction report gives them. */
function reportTrend(report) {
  const answers = {}, invited = {};
  for (const g of report.groups) {
    for (const f of g.figures) answers[`${g.key} ${f.survey_type}`] = (answers[`${g.key} ${f.survey_type}`] ?? 0) + f.answers;
    if (g.invited || g.answered) invited[g.key] = [g.invited, g.answered];
  }
  return { answers, invited };
}
const clocks = ['first_response', 'next_update', 'resolution', 'acknowledgement'];
/** SLA compliance by account computed from the records with SQL: {account id: [cases, met and breached per clock]}. */
function rawCompliance(ids, from, to) {
  const out = sql(`SELECT 'row:' || c.account_id || ':' || COUNT(*) ${clocks.map((k) => `|| ':' || SUM(CASE WHEN s.${k} = 'met' THEN 1 ELSE 0 END) || ':' || SUM(CASE WHEN s.${k} = 'breached' THEN 1 ELSE 0 END)`).join(' ')} AS r
    FROM case_sla s JOIN cases c ON c.id = s.case_id WHERE s.policy_id IS NOT NULL AND c.account_id IN (${ids.join(', ')})
    AND c.opened_at >= '${from}T00:00:00Z' AND c.opened_at <= '${to}T23:59:59Z' GROUP BY c.account_id`);
  return Object.fromEntries(out.split(/\s+/).filter((w) => w.startsWith('row:')).map((w) => {
    const [id, ...counts] = w.slice(4).split(':').map(Number);
    return [id, counts];
  }));
}
const refresh = () => {
  const r = cli(['kpi', 'refresh', '--db', ctx.db]);
  assert.equal(r.status, 0, r.stderr);
};

describe('report roll-ups', () => {
  let team, team2, leader, agents, accounts, survey, npsSurvey, contact, second, policyName;
  const cases = []; // {id, version, status}

  before(async () => {
    second = await startServer(Number(new URL(ctx.base).port) + 3);
    team = await admin.create('/api/v1/teams', { name: `Rollup ${uniq()}` });
    team2 = await admin.create('/api/v1/teams', { name: `Rollup other ${uniq()}` });
    const password = `Pw-${uniq()}-secret`;
    const lead = await admin.create('/api/v1/users', { username: uniq('rollead.'), display_name: `Rollup leader ${uniq()}`, role: 'team_leader', team_id: team.id, password });
    leader = await signInAs({ username: lead.username, password }); // sees the team's and its people's KPIs
    agents = [];
    for (let i = 0; i < 3; i++)
      agents.push(await admin.create('/api/v1/users', { username: uniq('roll.'), display_name: `Rollup agent ${uniq()}`, role: 'agent', team_id: team.id, manager_id: lead.id, password }));
    accounts = [await admin.create('/api/v1/accounts', make.account()), await admin.create('/api/v1/accounts', make.account())];
    contact = await admin.create('/api/v1/contacts', make.contact(accounts[0].id));
    // The past cases' clocks name a policy of their own, written beside the API's (never the default,
    // which the SLA tests set up).
    const allDays = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));
    const calendar = await admin.create('/api/v1/calendars', { name: `Rollup always ${uniq()}`, calendar: { tz: 'UTC', hours: allDays } });
    policyName = `Rollup ${uniq()}`;
    sql(`INSERT INTO sla_policies (name, calendar_id, targets, pause_statuses, warn_at, review_on, is_default, created_at, updated_at)
         VALUES ('${policyName}', ${calendar.id}, '{"3": {"first_response": 100000}}', '[]', '[]', '2030-01-01', 0, '2026-10-01T00:00:00Z', '2026-10-01T00:00:00Z')`);
    survey = await admin.create('/api/v1/surveys', { name: `Rollup survey ${uniq()}`, type: 'csat', question: 'How did we do?' });
    npsSurvey = await admin.create('/api/v1/surveys', { name: `Rollup NPS ${uniq()}`, type: 'nps', question: 'Would you recommend us?' });
  });

  /** A survey answer (NPS, or CSAT: every other one unless told) about one of the agents, invited at `at` and
   * answered two hours later. */
  let answered = 0;
  function answer(at, nps = answered++ % 2 === 1) {
    const token = uniq('tok'), s = nps ? npsSurvey : survey;
    sql(`INSERT INTO survey_invitations (survey_id, account_id, contact_id, agent_id, team_id, delivery, token_hash, send_after, mail_status, sent_at, answered_at, created_at)
         VALUES (${s.id}, ${accounts[0].id}, ${contact.id}, ${pick(agents).id}, ${team.id}, 'link', '${token}', '${at}', 'not_mailed', '${at}', '${later(at, 2)}', '${at}')`);
    const inv = `(SELECT id FROM survey_invitations WHERE token_hash = '${token}')`;
    sql(`INSERT INTO survey_responses (invitation_id, survey_id, account_id, contact_id, team_id, agent_id, survey_type, question, score, scale_min, scale_max, high_is_good, low_score, answered_at)
         SELECT id, survey_id, account_id, contact_id, team_id, agent_id, '${nps ? 'nps' : 'csat'}', 'How did we do?', ${nps ? Math.floor(random() * 11) : 1 + Math.floor(random() * 5)},
         ${nps ? 0 : 1}, ${nps ? 10 : 5}, 1, 0, answered_at FROM survey_invitations WHERE id = ${inv}`);
  }
  after(async () => {
    second.proc.kill('SIGTERM');
    await second.exited;
  });

  /** A case opened at `opened` and resolved later, with its reply and clocks, written as an import would. */
  function pastCase(opened) {
    const subject = `Rollup past ${uniq()}`, who = pick(agents);
    sql(`INSERT INTO cases (account_id, assignee_id, team_id, type, priority, status, subject, name_key, opened_at, resolved_at,
         first_contact_resolution, reopen_count, created_at, updated_at) VALUES (${pick(accounts).id}, ${who.id}, ${team.id}, 'enquiry', 3,
         'resolved', '${q(subject)}', '${q(subject.toLowerCase())}', '${opened}', '${later(opened, 1 + Math.floor(random() * 90))}',
         ${random() < 0.5 ? 1 : 0}, ${random() < 0.2 ? 1 : 0}, '${opened}', '${opened}')`);
    const id = `(SELECT id FROM cases WHERE subject = '${q(subject)}')`;
    if (random() < 0.7) sql(`INSERT INTO case_events (case_id, kind, visibility, direction, body, at) VALUES (${id}, 'reply', 'public', 'outbound', 'On it', '${later(opened, 0.5)}')`);
    const state = pick(['met', 'breached', 'not_applicable']);
    sql(`INSERT INTO case_sla (case_id, policy_id, priority, state, first_response, next_update, resolution, acknowledgement, computed_at)
         VALUES (${id}, (SELECT MAX(id) FROM sla_policies WHERE name = '${policyName}'), 3, '${state}', '${state}', 'met', '${state}', 'not_applicable', '${opened}')`);
  }

  /** One step of the mix. */
  async function step(i) {
    const roll = random();
    const open = cases.filter((c) => c.status !== 'resolved');
    const resolved = cases.filter((c) => c.status === 'resolved');
    if (roll < 0.25 || cases.length < 4) { // a new case through the API
      const c = await admin.create('/api/v1/cases', { account_id: pick(accounts).id, type: pick(['enquiry', 'complaint', 'technical_support']), subject: `Rollup ${uniq()}`, priority: 1 + Math.floor(random() * 4), team_id: team.id, assignee_id: pick(agents).id });
      cases.push({ id: c.id, version: c.version, status: c.status });
    } else if (roll < 0.40 && open.length) { // resolved
      const c = pick(open);
      const r = await admin.post(`/api/v1/cases/${c.id}/status`, { status: 'resolved' });
      assert.equal(r.status, 200, String(r));
      Object.assign(c, { version: r.json.version, status: 'resolved' });
    } else if (roll < 0.50 && resolved.length) { // reopened
      const c = pick(resolved);
      const r = await admin.post(`/api/v1/cases/${c.id}/status`, { status: 'reopened', reason: `Came back ${i}` });
      assert.equal(r.status, 200, String(r));
      Object.assign(c, { version: r.json.version, status: 'reopened' });
    } else if (roll < 0.62) { // reassigned (resolved ones too: the figures move from one person, team or priority to another)
      const c = pick(cases);
      const r = await admin.patch(`/api/v1/cases/${c.id}`, { assignee_id: random() < 0.15 ? null : pick(agents).id, account_id: pick(accounts).id,
        team_id: pick([team.id, team2.id]), priority: 1 + Math.floor(random() * 4) }, { ifMatch: c.version });
      assert.equal(r.status, 200, String(r));
      c.version = r.json.version;
    } else if (roll < 0.72) { // a reply to the customer (the first one is the first response)
      const c = pick(cases);
      const r = await admin.post(`/api/v1/cases/${c.id}/replies`, { body: `Update ${i}` });
      assert.ok([200, 201].includes(r.status), String(r));
      if (r.json?.case?.version) c.version = r.json.case.version;
      else c.version = (await admin.read(`/api/v1/cases/${c.id}`)).version;
    } else if (roll < 0.82) { // a case of the past resolved on another day, written as an import would
      pastCase(instant());
    } else if (roll < 0.88) { // a past case resolved on another day, its SLA judged again
      sql(`UPDATE cases SET resolved_at = '${instant()}' WHERE id = (SELECT MAX(id) FROM cases WHERE subject LIKE 'Rollup past %' AND team_id IN (${team.id}, ${team2.id}))`);
      sql(`UPDATE case_sla SET state = '${pick(['met', 'breached'])}', first_response = '${pick(['met', 'breached'])}' WHERE case_id = (SELECT MIN(id) FROM cases WHERE subject LIKE 'Rollup past %' AND team_id IN (${team.id}, ${team2.id}))`);
      sql(`UPDATE cases SET priority = ${1 + Math.floor(random() * 4)}, assignee_id = ${pick([...agents.map((a) => a.id), 'NULL'])}, team_id = ${pick([team.id, team2.id])} WHERE id = (SELECT MAX(id) FROM cases WHERE subject LIKE 'Rollup past %' AND team_id IN (${team.id}, ${team2.id}))`);
    } else if (roll < 0.93) { // a past case deleted with its timeline and clocks, as a purge would
      const victim = `(SELECT MIN(id) FROM cases WHERE subject LIKE 'Rollup past %' AND team_id IN (${team.id}, ${team2.id}))`;
      const id = scalar(sql(`SELECT ${victim} AS victim`), /^\d+$/);
      if (id) {
        for (const t of ['case_events', 'case_sla', 'search_terms']) sql(t === 'search_terms' ? `DELETE FROM search_terms WHERE entity = 'case' AND entity_id = ${id}` : `DELETE FROM ${t} WHERE case_id = ${id}`);
        sql(`DELETE FROM cases WHERE id = ${id}`);
      }
    } else if (roll < 0.945) { // an interaction through the API, or one moved to another account and time behind its back
      const ids = accounts.map((a) => a.id).join(', ');
      const id = random() < 0.5 && scalar(sql(`SELECT MIN(id) AS i FROM interactions WHERE account_id IN (${ids})`), /^\d+$/);
      if (id) sql(`UPDATE interactions SET account_id = ${pick(accounts).id}, occurred_at = '${instant()}' WHERE id = ${id}`);
      else await admin.create('/api/v1/interactions', make.interaction(pick(accounts).id, { occurred_at: instant() }));
    } else if (roll < 0.96) { // an order placed through the API
      await admin.create('/api/v1/orders', { account_id: pick(accounts).id, number: uniq('RO-'), ordered_on: orderDay(), currency: 'GBP',
        lines: [{ part_number: 'RO-1', quantity: 1 + Math.floor(random() * 5), unit_price_minor: 1000 + Math.floor(random() * 9000) }] });
    } else if (roll < 0.98) { // an order moved to another day, value and account, or deleted, as the ERP's import would
      const ids = accounts.map((a) => a.id).join(', ');
      const id = scalar(sql(`SELECT MIN(id) AS o FROM orders WHERE account_id IN (${ids}) AND number LIKE 'RO-%'`), /^\d+$/);
      if (id && random() < 0.5) sql(`UPDATE orders SET ordered_on = '${orderDay()}', value_minor = value_minor + 7, account_id = ${pick(accounts).id} WHERE id = ${id}`);
      else if (id) for (const t of ['order_lines WHERE order_id', 'orders WHERE id']) sql(`DELETE FROM ${t} = ${id}`);
    } else { // a survey answer about one of the agents
      answer(instant());
    }
  }

  /** The dashboards' figures for the mix's team, agents and accounts. */
  async function figures() {
    const out = {};
    const months = { period: 'month', from: '2026-10-01', to: '2026-12-31' };
    out.team = await leader.read(withQuery('/api/v1/kpis', { team_id: team.id, ...months }));
    for (const a of agents) out[`agent ${a.id}`] = await leader.read(withQuery('/api/v1/kpis', { user_id: a.id, ...months }));
    const period = { from: '2026-10-01', to: new Date().toISOString().slice(0, 10) };
    const ours = { account: (g) => accounts.some((a) => a.id === g.key), team: (g) => g.key === team.id || g.key === team2.id,
      agent: (g) => agents.some((a) => a.id === g.key) || g.key === null, priority: () => true, month: () => true };
    for (const [group_by, mine] of Object.entries(ours)) {
      const r = await admin.read(withQuery('/api/v1/reports/sla-compliance', { group_by, ...period }));
      out[`sla ${group_by}`] = r.groups.filter(mine);
    }
    // By account over whole months (the month roll-up), days around them, and days only.
    for (const [from, to] of slaRanges) {
      const r = await admin.read(withQuery('/api/v1/reports/sla-compliance', { group_by: 'account', from, to }));
      out[`sla account ${from} ${to}`] = r.groups.filter(ours.account);
    }
    out.satisfaction = await admin.read(withQuery('/api/v1/reports/satisfaction', { group_by: 'month', account_id: accounts[0].id, ...period }));
    // The trend of every account (the NPS trend): whole months from the month roll-up, the days around them from the days'.
    for (const [from, to] of satisfactionRanges)
      for (const survey_type of [undefined, 'nps'])
        out[`trend ${from} ${to} ${survey_type}`] = await admin.read(withQuery('/api/v1/reports/satisfaction', { group_by: 'month', from, to, survey_type }));
    const mine = (items) => items.filter((e) => accounts.some((a) => a.id === e.account_id));
    out.retention = mine((await admin.read(withQuery('/api/v1/retention/accounts', { limit: 1000, sort: 'name' }))).items);
    // The at-risk list (lowest health first): the roll-up's first rows by health, and the accounts it does not hold.
    out['at risk'] = await admin.read(withQuery('/api/v1/retention/accounts', { limit: 1000 }));
    out['at risk first'] = await admin.read(withQuery('/api/v1/retention/accounts', { limit: 3 }));
    out.silent = mine((await admin.read('/api/v1/retention/silent-attrition')).items);
    for (const a of accounts) out[`retention ${a.id}`] = await admin.read(`/api/v1/accounts/${a.id}/retention`);
    return out;
  }

  test('after a random mix on two servers the reports are the same before and after every bucket is recomputed, and verify finds no difference', async () => {
    for (let i = 0; i < 120; i++) await step(i);
    // Cases on the days some periods of SLA compliance by account leave out of a month, and on their edges.
    for (const at of ['2026-10-01T09:00:00Z', '2026-10-03T23:59:59Z', '2026-10-04T00:00:00Z', '2026-10-31T15:00:00Z',
      '2026-11-20T23:59:59Z', '2026-11-21T08:00:00Z', '2026-11-30T16:00:00Z']) pastCase(at);
    // Survey answers on the edges of the trend's periods (the answer two hours after the invitation).
    for (const at of ['2026-09-30T21:00:00Z', '2026-10-01T00:00:00Z', '2026-10-11T12:00:00Z', '2026-10-20T21:59:59Z',
      '2026-10-31T23:00:00Z', '2026-11-03T20:00:00Z', '2026-11-30T21:30:00Z']) for (const nps of [true, false]) answer(at, nps);
    const fresh = await figures(); // marked buckets computed from the records, the rest from the roll-ups
    refresh();
    assert.deepEqual(await figures(), fresh, 'the reports read the same from the roll-ups alone');
    const v = verify();
    assert.equal(v.status, 0, `kpi verify: ${v.stdout}${v.stderr}`);
    assert.match(v.stdout, /roll-ups match the records \(0 buckets still marked/);
    assert.ok(fresh.team.periods.some((p) => Object.values(p.values).some((v) => v !== null)), 'the mix gave the team figures');
    assert.ok(fresh['sla account'].length > 0 && fresh.satisfaction.groups.length > 0, 'and SLA and satisfaction figures');
    assert.ok(fresh.retention.some((e) => e.orders_total > 0 && e.complaints > 0), 'and retention figures with orders and complaints');
    assert.equal(fresh['sla team'].length, 2, 'SLA compliance of both teams');
    assert.ok(fresh['sla agent'].length > 1 && fresh['sla priority'].length > 1, 'and by agent and priority');
    // By account, every period answers what the records say, from the roll-ups as from the marked buckets.
    const ids = accounts.map((a) => a.id);
    for (const [from, to] of slaRanges) {
      const expected = rawCompliance(ids, from, to);
      const got = Object.fromEntries(fresh[`sla account ${from} ${to}`].map((g) => [g.key, [g.cases, ...clocks.flatMap((k) => [g[k].met, g[k].breached])]]));
      assert.deepEqual(got, expected, `SLA compliance by account from ${from} to ${to}`);
    }
    assert.ok(Object.keys(rawCompliance(ids, '2026-10-05', '2026-11-20')).length > 0, 'the mix gave the accounts cases under a policy in the period');
    // The trend of every account answers what the records say, for every period and type.
    for (const [from, to] of satisfactionRanges)
      for (const type of [undefined, 'nps']) {
        const r = fresh[`trend ${from} ${to} ${type}`];
        assert.deepEqual(reportTrend(r), rawTrend(r.from, r.to, type), `the satisfaction trend from ${r.from} to ${r.to} (${type ?? 'every type'})`);
      }
    assert.ok(fresh['trend 2026-10-01 2026-11-30 nps'].groups.length === 2, 'NPS answers in both months');
  });

  test('the buckets rebuilt one by one (the schedulers) and all at once (kpi refresh, set statements) are the same rows', async () => {
    refresh();
    const ids = accounts.map((a) => a.id).join(', '), who = agents.map((a) => a.id).join(', ');
    // Each roll-up of the mix's accounts and agents: [kind, table, key column].
    const kinds = [['agent_cases', 'rollup_agent_cases', 'user_id', who], ['account_sla', 'rollup_account_sla', 'account_id', ids],
      ['account_team_sla', 'rollup_account_team_sla', 'account_id', ids], ['account_agent_sla', 'rollup_account_agent_sla', 'account_id', ids],
      ['account_month_sla', 'rollup_account_month_sla', 'account_id', ids]];
    const rows = () => kinds.map(([, table, key, keys]) => sql(`SELECT * FROM ${table} WHERE ${key} IN (${keys}) ORDER BY ${key}, day, 3, 4`)).join('\n');
    const marks = () => Number(scalar(sql(`SELECT COUNT(*) AS n FROM rollup_dirty WHERE kind IN (${kinds.map(([k]) => `'${k}'`).join(', ')}) AND key_id IN (${ids}, ${who})`), /^\d+$/));
    // Every bucket marked and its rows deleted, in one transaction: rebuilt, the rows are back only if recomputed.
    const unbuild = () => sql(`BEGIN; ${kinds.map(([kind, table, key, keys]) => `INSERT INTO rollup_dirty (kind, key_id, day) SELECT DISTINCT '${kind}', ${key}, day FROM ${table} WHERE ${key} IN (${keys}) ON CONFLICT (kind, key_id, day) DO NOTHING; DELETE FROM ${table} WHERE ${key} IN (${keys});`).join(' ')} COMMIT;`);
    const built = rows();
    assert.ok(built.includes(String(accounts[0].id)), 'the mix gave the accounts roll-up rows');
    unbuild();
    for (let i = 0; i < 600 && marks() > 0; i++) await sleep(100); // a pass a second, 100 buckets a pass
    assert.equal(marks(), 0, 'the schedulers rebuilt every bucket');
    assert.equal(rows(), built, 'one by one, the same rows');
    unbuild();
    refresh(); // at once (a scheduler's pass may take some of the marks first)
    assert.equal(rows(), built, 'all at once, the same rows');
    assert.equal(verify().status, 0);
  });

  test('a roll-up row altered in the database is reported by verify (exit 3), and a marked bucket is read from the records', async () => {
    refresh();
    const who = agents[0].id;
    const row = scalar(sql(`SELECT day FROM rollup_agent_cases WHERE user_id = ${who} ORDER BY day LIMIT 1`), /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(row, 'the mix resolved a case of the first agent');
    const before = await figures();
    sql(`UPDATE rollup_agent_cases SET handled = handled + 1000 WHERE user_id = ${who} AND day = '${row}'`);
    const v = verify();
    assert.equal(v.status, 3, `kpi verify: ${v.stdout}${v.stderr}`);
    assert.match(v.stdout, /roll-ups differ from the records: 2 rows/);
    assert.match(v.stdout, new RegExp(`agent_cases .*"day":"${row}".*"side":"rollup"`));
    // Marked, the bucket is computed from the records whatever the roll-up row says.
    sql(`INSERT INTO rollup_dirty (kind, key_id, day) VALUES ('agent_cases', ${who}, '${row}')`);
    assert.deepEqual(await figures(), before);
    refresh(); // recomputing the bucket repairs the row
    assert.equal(verify().status, 0);
    assert.deepEqual(await figures(), before);
    // The same for a day of the SLA compliance by team and priority (all accounts summed).
    const day = scalar(sql(`SELECT MIN(day) AS day FROM rollup_all_team_sla WHERE team_id = ${team.id}`), /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(day, 'the mix gave the team cases under a policy');
    sql(`UPDATE rollup_all_team_sla SET sla_cases = sla_cases + 7 WHERE team_id = ${team.id} AND day = '${day}'`);
    const altered = verify();
    assert.equal(altered.status, 3, `kpi verify: ${altered.stdout}${altered.stderr}`);
    assert.match(altered.stdout, new RegExp(`all_team_sla .*"day":"${day}".*"side":"rollup"`));
    sql(`INSERT INTO rollup_dirty (kind, key_id, day) VALUES ('all_team_sla', 0, '${day}')`);
    assert.deepEqual(await figures(), before, 'a marked day is summed from the accounts');
    refresh();
    assert.equal(verify().status, 0);
    // The same for an account's month of SLA compliance: marked, or one of its days marked, it is summed from the days.
    const month = scalar(sql(`SELECT MIN(day) AS day FROM rollup_account_month_sla WHERE account_id = ${accounts[0].id} AND sla_cases > 0`), /^\d{4}-\d{2}$/);
    assert.ok(month, 'the mix gave the first account cases under a policy');
    const alter = () => sql(`UPDATE rollup_account_month_sla SET sla_cases = sla_cases + 5, first_response_met = first_response_met + 3 WHERE account_id = ${accounts[0].id} AND day = '${month}'`);
    alter();
    const monthly = verify();
    assert.equal(monthly.status, 3, `kpi verify: ${monthly.stdout}${monthly.stderr}`);
    assert.match(monthly.stdout, new RegExp(`account_month_sla .*"day":"${month}".*"side":"rollup"`));
    sql(`INSERT INTO rollup_dirty (kind, key_id, day) VALUES ('account_month_sla', ${accounts[0].id}, '${month}')`);
    assert.deepEqual(await figures(), before, 'a marked month is summed from its days');
    refresh();
    assert.equal(verify().status, 0);
    alter();
    const dayOf = scalar(sql(`SELECT MIN(day) AS day FROM rollup_account_sla WHERE account_id = ${accounts[0].id} AND day >= '${month}' AND day < '${month}U'`), /^\d{4}-\d{2}-\d{2}$/);
    sql(`INSERT INTO rollup_dirty (kind, key_id, day) VALUES ('account_sla', ${accounts[0].id}, '${dayOf}')`);
    assert.deepEqual(await figures(), before, 'a month with a day marked is summed from its days');
    refresh(); // recomputing the day marks its month, which is then recomputed too
    assert.equal(verify().status, 0);
    assert.deepEqual(await figures(), before);
    // The same for a month of every account's survey answers and invitations (the satisfaction trend).
    for (const [table, kind, base, change] of [['rollup_all_month_survey', 'all_month_survey', 'account_survey', 'answers = answers + 9'],
      ['rollup_all_month_invite', 'all_month_invite', 'account_invite', 'invited = invited + 4, answered = answered + 2']]) {
      const damage = () => sql(`UPDATE ${table} SET ${change} WHERE day = '2026-10'`);
      damage();
      const damaged = verify();
      assert.equal(damaged.status, 3, `kpi verify: ${damaged.stdout}${damaged.stderr}`);
      assert.match(damaged.stdout, new RegExp(`${kind} .*"day":"2026-10".*"side":"rollup"`));
      sql(`INSERT INTO rollup_dirty (kind, key_id, day) VALUES ('${kind}', 0, '2026-10')`);
      assert.deepEqual(await figures(), before, `a marked month (${kind}) is summed from its days`);
      refresh();
      assert.equal(verify().status, 0);
      damage();
      sql(`INSERT INTO rollup_dirty (kind, key_id, day) VALUES ('${base}', ${accounts[0].id}, '2026-10-11')`);
      assert.deepEqual(await figures(), before, `a month with an account's day marked (${base}) is summed from its days`);
      refresh(); // recomputing the day marks the month, which is then recomputed too
      assert.equal(verify().status, 0);
      assert.deepEqual(await figures(), before);
    }
  });

  test('a retention row altered in the database is reported by verify, never shown while its account is marked, and repaired', async () => {
    refresh();
    const who = accounts[0].id;
    assert.match(sql(`SELECT COUNT(*) AS n FROM rollup_account_retention WHERE account_id = ${who}`), /\b1\b/);
    const before = await figures();
    sql(`UPDATE rollup_account_retention SET complaints = complaints + 40, orders_total = orders_total + 3 WHERE account_id = ${who}`);
    const v = verify();
    assert.equal(v.status, 3, `kpi verify: ${v.stdout}${v.stderr}`);
    assert.match(v.stdout, /roll-ups differ from the records: 2 rows/);
    assert.match(v.stdout, new RegExp(`account_retention .*"account_id":${who},.*"side":"rollup"`));
    // Marked (as a new order would mark it), the account is computed from the records.
    sql(`INSERT INTO rollup_dirty (kind, key_id, day) VALUES ('account_retention', ${who}, '')`);
    assert.deepEqual(await figures(), before);
    refresh();
    assert.equal(verify().status, 0);
    assert.deepEqual(await figures(), before);
    // An order counts the moment it is written, before any recomputation.
    const today = new Date().toISOString().slice(0, 10);
    await admin.create('/api/v1/orders', { account_id: who, number: uniq('RO-'), ordered_on: today, currency: 'GBP', lines: [{ part_number: 'RO-1', quantity: 2, unit_price_minor: 2500 }] });
    const now = await admin.read(`/api/v1/accounts/${who}/retention`);
    assert.equal(now.orders_total, before[`retention ${who}`].orders_total + 1);
    assert.equal(now.last_order_on, today);
    const listed = (await admin.read(withQuery('/api/v1/retention/accounts', { limit: 1000, sort: 'name' }))).items.find((e) => e.account_id === who);
    assert.equal(listed.orders_total, now.orders_total);
    const atRisk = (await admin.read(withQuery('/api/v1/retention/accounts', { limit: 1000 }))).items.find((e) => e.account_id === who);
    assert.equal(atRisk.orders_total, now.orders_total, 'the at-risk list counts the order before any recomputation');
    refresh();
    assert.equal(verify().status, 0);
  });

  test('an account without a retention row yet is figured from the records, and a deleted one takes its row with it', async () => {
    refresh();
    const before = await figures();
    const made = await admin.create('/api/v1/accounts', { name: uniq('Retention row ') });
    const rowsOf = () => sql(`SELECT COUNT(*) AS n FROM rollup_account_retention WHERE account_id = ${made.id}`);
    const own = () => admin.read(`/api/v1/accounts/${made.id}/retention`);
    // The servers' schedulers write a missing row within a pass (a second here), so the figures were read
    // without one only when the row is absent before and after them: taken away and read again otherwise.
    let lacking = null;
    for (let attempt = 1; !lacking; attempt++) {
      assert.ok(attempt <= 10, 'a scheduler wrote the new account\'s row during every read');
      sql(`DELETE FROM rollup_account_retention WHERE account_id = ${made.id}`);
      const read = { ...(await figures()), own: await own() };
      if (/\b0\b/.test(rowsOf())) lacking = read;
    }
    assert.equal(lacking.own.orders_total, 0);
    refresh();
    assert.match(rowsOf(), /\b1\b/);
    assert.deepEqual({ ...(await figures()), own: await own() }, lacking, 'the same figures from its row as from the records');
    const gone = await admin.del(`/api/v1/accounts/${made.id}`, { ifMatch: made.version });
    assert.equal(gone.status, 204, String(gone));
    assert.match(rowsOf(), /\b0\b/, 'the deleted account\'s row went with it');
    assert.deepEqual(await figures(), before);
    assert.equal(verify().status, 0);
  });

  test('the at-risk list reads the health kept in the retention rows: a damaged one is reported and not shown while marked, and new weights are used at once', async () => {
    refresh();
    const who = accounts[0].id;
    const before = await figures();
    const list = before['at risk'];
    assert.equal(list.sort, 'health');
    assert.ok(list.items.some((e) => e.account_id === who), 'the first account is on the list');
    assert.deepEqual(before['at risk first'].items, list.items.slice(0, 3), 'the first three are the list\'s first three');
    assert.equal(before['at risk first'].total, list.total);
    const health = list.items.map((e) => [e.health.score ?? 1000, e.account_id]);
    assert.deepEqual(health, [...health].sort((a, b) => a[0] - b[0] || a[1] - b[1]), 'lowest health first, then by id');
    // A row claiming the best health (or the worst) is reported by verify, and not used while the account is marked.
    for (const damaged of [0, 100]) {
      sql(`UPDATE rollup_account_retention SET health = ${damaged} WHERE account_id = ${who}`);
      const v = verify();
      assert.equal(v.status, 3, `kpi verify: ${v.stdout}${v.stderr}`);
      assert.match(v.stdout, new RegExp(`account_retention .*"account_id":${who},.*"health":${damaged}.*"side":"rollup"`));
      sql(`INSERT INTO rollup_dirty (kind, key_id, day) VALUES ('account_retention', ${who}, '')`);
      assert.deepEqual(await figures(), before, 'a marked account is computed from the records');
      refresh();
      assert.equal(verify().status, 0);
    }
    // New weights: the rows of the old ones are not used (every account computed from the records) until recomputed.
    const manager = bearer('admin');
    const s = await manager.read('/api/v1/retention/settings');
    const patched = await manager.patch('/api/v1/retention/settings', { weight_order_trend: 0, weight_complaints: 60 }, { ifMatch: s.version });
    assert.equal(patched.status, 200, String(patched));
    const reweighed = await figures();
    assert.notDeepEqual(reweighed['at risk'].items.map((e) => e.health.score), list.items.map((e) => e.health.score), 'the weights move the scores');
    const order = reweighed['at risk'].items.map((e) => [e.health.score ?? 1000, e.account_id]);
    assert.deepEqual(order, [...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]), 'lowest health first with the new weights');
    refresh();
    assert.equal(verify().status, 0);
    assert.match(sql(`SELECT COUNT(*) AS n FROM rollup_account_retention WHERE account_id = ${who} AND weights = '0,60,20,15,15'`), /\b1\b/);
    assert.deepEqual(await figures(), reweighed, 'the rows recomputed with the new weights give the same list');
    const back = await manager.patch('/api/v1/retention/settings', { weight_order_trend: s.weight_order_trend, weight_complaints: s.weight_complaints }, { ifMatch: patched.json.version });
    assert.equal(back.status, 200, String(back));
    refresh();
    assert.deepEqual(await figures(), before);
  });
});
