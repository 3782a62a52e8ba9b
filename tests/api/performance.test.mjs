// Performance management over HTTP (docs/PERFORMANCE-MANAGEMENT.md): KPIs of
// a person and a team per month and ISO week on hand-worked cases, CSAT and
// QA hidden when there is nothing to show; standards and the scorecard; the
// underperformance signal a line manager sees; objectives with the SMART
// check and the refusal to make a non-SMART objective active; feedback
// flagged when it is about personality; one-to-ones with GROW, actions and
// follow-up; and, for every endpoint, who may NOT see or write a person's
// records (colleagues, other team leaders, managers outside the line,
// admins without HR, auditors).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { make, problem, signIn, signInAs, sql, uniq, withQuery } from './lib.mjs';

const admin = await signIn('admin');
const auditor = await signIn('auditor');
const outsideManager = await signIn('cs_manager');
const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const q = (s) => s.replaceAll("'", "''");

async function person(role, o = {}) {
  const password = `Pw-${uniq()}-secret`;
  const u = await admin.create('/api/v1/users', { username: uniq(`${role}.`), display_name: `${role} ${uniq()}`, role, password, ...o });
  u.client = await signInAs({ username: u.username, password });
  return u;
}

/** A resolved case of assignee, with its first outbound reply (if any) and its SLA state. */
function resolvedCase(accountId, assignee, { opened, reply, resolved, fcr = 0, reopens = 0, sla = 'met' }) {
  const subject = `KPI case ${uniq()}`;
  sql(`INSERT INTO cases (account_id, assignee_id, team_id, type, priority, status, subject, name_key, opened_at, resolved_at,
       first_contact_resolution, reopen_count, created_at, updated_at) VALUES (${accountId}, ${assignee.id}, ${assignee.team_id}, 'question', 3,
       'resolved', '${q(subject)}', '${q(subject.toLowerCase())}', '${opened}', '${resolved}', ${fcr}, ${reopens}, '${opened}', '${resolved}')`);
  const id = `(SELECT id FROM cases WHERE subject = '${q(subject)}')`;
  if (reply) sql(`INSERT INTO case_events (case_id, kind, visibility, direction, body, at) VALUES (${id}, 'reply', 'public', 'outbound', 'On it', '${reply}')`);
  sql(`INSERT INTO case_sla (case_id, priority, state, first_response, next_update, resolution, acknowledgement, computed_at)
       VALUES (${id}, 3, '${sla}', '${sla}', 'met', '${sla}', 'met', '${resolved}')`);
}

describe('performance management', () => {
  let team, otherTeam, head, leader, ana, ben, cai, otherLeader, hr, account, orgObjective;
  before(async () => {
    team = await admin.create('/api/v1/teams', { name: `Perf ${uniq()}` });
    otherTeam = await admin.create('/api/v1/teams', { name: `Perf other ${uniq()}` });
    head = await person('cs_manager');
    leader = await person('team_leader', { team_id: team.id, manager_id: head.id });
    [ana, ben, cai] = [await person('agent', { team_id: team.id, manager_id: leader.id }), await person('agent', { team_id: team.id, manager_id: leader.id }), await person('agent', { team_id: team.id, manager_id: leader.id })];
    otherLeader = await person('team_leader', { team_id: otherTeam.id });
    hr = await person('hr');
    account = await admin.create('/api/v1/accounts', make.account());
    // Ana, October 2026: 30 min and 60 min to first reply, 2 h and 4 h to resolve, one at first contact,
    // one reopened, one SLA met and one breached. November: no reply recorded, 6 h, first contact, met.
    resolvedCase(account.id, ana, { opened: '2026-10-05T08:00:00Z', reply: '2026-10-05T08:30:00Z', resolved: '2026-10-05T10:00:00Z', fcr: 1 });
    resolvedCase(account.id, ana, { opened: '2026-10-12T09:00:00Z', reply: '2026-10-12T10:00:00Z', resolved: '2026-10-12T13:00:00Z', reopens: 1, sla: 'breached' });
    resolvedCase(account.id, ana, { opened: '2026-11-02T08:00:00Z', resolved: '2026-11-02T14:00:00Z', fcr: 1 });
    // Cai breaches the SLA in each of the last two completed months.
    const now = new Date();
    for (const month of [now.getUTCMonth() - 1, now.getUTCMonth() - 2]) {
      const at = new Date(Date.UTC(now.getUTCFullYear(), month, 1, 0, 0, 1)).toISOString().replace(/\.\d{3}Z$/, 'Z');
      resolvedCase(account.id, cai, { opened: at, resolved: at, sla: 'breached' });
    }
    orgObjective = await outsideManager.create('/api/v1/objectives', { level: 'organisation', title: 'Keep our promises to customers', description: 'Meet the service levels we sell in every contract', metric: 'sla_compliance', baseline: 85, target: 92, deadline: day(300), status: 'active' });
  });

  test('a person\'s KPIs per month and ISO week, from the cases they resolved', async () => {
    const months = await ana.client.read(withQuery('/api/v1/kpis', { user_id: ana.id, period: 'month', from: '2026-10-01', to: '2026-11-30' }));
    assert.deepEqual(months.periods.map((p) => p.period), ['2026-10', '2026-11']);
    assert.deepEqual(months.periods[0].values, { cases_handled: 2, first_response_minutes: 45, resolution_hours: 3, first_contact_resolution: 50, sla_compliance: 50, csat: null, qa_score: null, reopen_rate: 50 });
    assert.deepEqual(months.periods[1].values, { cases_handled: 1, first_response_minutes: null, resolution_hours: 6, first_contact_resolution: 100, sla_compliance: 100, csat: null, qa_score: null, reopen_rate: 0 });
    const weeks = await leader.client.read(withQuery('/api/v1/kpis', { user_id: ana.id, period: 'week', from: '2026-10-05', to: '2026-10-18' }));
    assert.deepEqual(weeks.periods.map((p) => [p.period, p.values.cases_handled, p.values.resolution_hours]), [['2026-W41', 1, 2], ['2026-W42', 1, 4]]);
    // The team's figure is its people's together (Cai's cases fall in whichever months the test runs in).
    const october = { period: 'month', from: '2026-10-01', to: '2026-10-31' };
    const teamMonths = await leader.client.read(withQuery('/api/v1/kpis', { team_id: team.id, ...october }));
    const cais = await leader.client.read(withQuery('/api/v1/kpis', { user_id: cai.id, ...october }));
    assert.equal(teamMonths.periods[0].values.cases_handled, 2 + cais.periods[0].values.cases_handled);
  });

  test('KPIs are refused to colleagues, other leaders, managers outside the line, admins and auditors', async () => {
    const path = withQuery('/api/v1/kpis', { user_id: ana.id });
    for (const c of [ana.client, leader.client, head.client, hr.client]) assert.equal((await c.get(path)).status, 200);
    for (const c of [ben.client, otherLeader.client, outsideManager, admin]) problem(await c.get(path), 403);
    problem(await auditor.get(path), 403);
    problem(await ana.client.get(withQuery('/api/v1/kpis', { team_id: team.id })), 403);
    problem(await otherLeader.client.get(withQuery('/api/v1/kpis', { team_id: team.id })), 403);
  });

  test('bad KPI queries name the parameter', async () => {
    problem(await ana.client.get(withQuery('/api/v1/kpis', { user_id: ana.id, period: 'year' })), 400, 'period');
    problem(await ana.client.get(withQuery('/api/v1/kpis', { user_id: ana.id, team_id: team.id })), 422, 'team_id');
    problem(await ana.client.get('/api/v1/kpis'), 422, 'user_id');
    problem(await ana.client.get(withQuery('/api/v1/kpis', { user_id: ana.id, from: '2026-13-01' })), 422, 'from');
    problem(await ana.client.get(withQuery('/api/v1/kpis', { user_id: ana.id, from: '2026-11-02', to: '2026-11-01' })), 422, 'to');
    problem(await ana.client.get(withQuery('/api/v1/kpis', { user_id: ana.id, period: 'week', from: '2020-01-01', to: '2026-01-01' })), 422, 'from');
  });

  test('standards serve an objective; the scorecard and the signal for the line manager', async () => {
    problem(await leader.client.post('/api/v1/kpi-standards', { kpi: 'sla_compliance', team_id: team.id, target: 90, objective_id: orgObjective.id }), 403);
    problem(await outsideManager.post('/api/v1/kpi-standards', { kpi: 'sla_compliance', role: 'agent', team_id: team.id, target: 90, objective_id: orgObjective.id }), 422, 'role');
    problem(await outsideManager.post('/api/v1/kpi-standards', { kpi: 'happiness', team_id: team.id, target: 90, objective_id: orgObjective.id }), 422, 'kpi');
    const personal = await ana.client.create('/api/v1/objectives', { level: 'personal', title: 'Mine' });
    problem(await outsideManager.post('/api/v1/kpi-standards', { kpi: 'sla_compliance', team_id: team.id, target: 90, objective_id: personal.id }), 422, 'objective_id');
    const standard = await outsideManager.create('/api/v1/kpi-standards', { kpi: 'sla_compliance', team_id: team.id, target: 90, objective_id: orgObjective.id, signal_periods: 2 });
    assert.equal(standard.signal_period, 'month');
    const card = await leader.client.read(`/api/v1/people/${cai.id}/scorecard`);
    const sla = card.kpis.find((k) => k.kpi === 'sla_compliance');
    assert.equal(sla.standard.target, 90);
    assert.equal(sla.standard.objective_title, orgObjective.title);
    assert.equal(sla.current, 0);
    assert.equal(sla.meets, false);
    assert.equal(sla.periods_below, 2);
    assert.equal(sla.signal, true);
    assert.equal(sla.trend.length, 7, 'six completed months and the running one');
    assert.deepEqual(sla.trend.map((p) => p.complete), [true, true, true, true, true, true, false]);
    assert.equal(card.kpis.find((k) => k.kpi === 'csat').current, null, 'CSAT without answers is hidden, not 0');
    assert.equal(card.kpis.find((k) => k.kpi === 'qa_score').standard, null);
    for (const c of [ben.client, otherLeader.client, outsideManager, admin]) problem(await c.get(`/api/v1/people/${cai.id}/scorecard`), 403);
    assert.equal((await cai.client.get(`/api/v1/people/${cai.id}/scorecard`)).status, 200);
    const mine = (await leader.client.read('/api/v1/performance/signals')).items.filter((s) => s.person_id === cai.id);
    assert.equal(mine.length, 1);
    assert.match(mine[0].message, /not a judgement/);
    assert.equal((await head.client.read('/api/v1/performance/signals')).items.filter((s) => s.person_id === cai.id).length, 1, 'up the chain');
    assert.equal((await otherLeader.client.read('/api/v1/performance/signals')).items.length, 0);
    assert.equal((await cai.client.read('/api/v1/performance/signals')).items.length, 0);
    problem(await auditor.get('/api/v1/performance/signals'), 403);
  });

  test('objectives: a draft shows which SMART letters fail, and cannot become active until they hold', async () => {
    const draft = await ana.client.create('/api/v1/objectives', { level: 'personal', title: 'Do better', description: 'I will do better with my customers' });
    assert.equal(draft.status, 'draft');
    assert.equal(draft.smart.holds, false);
    const letters = Object.fromEntries(draft.smart.letters.map((l) => [l.letter, l]));
    assert.match(letters.specific.why, /"do better" is not a concrete outcome/);
    assert.match(letters.measurable.why, /no metric/);
    assert.match(letters.relevant.why, /not linked/);
    assert.match(letters.time_bound.why, /no deadline/);
    const r = await ana.client.patch(`/api/v1/objectives/${draft.id}`, { status: 'active' }, { ifMatch: draft.version });
    const p = problem(r, 422, 'status');
    assert.ok(p.errors.some((e) => /specific fails/.test(e.message)), String(r));
    const smart = await leader.client.create('/api/v1/objectives', { level: 'personal', owner_id: ana.id, title: 'Resolve cases sooner', description: 'Resolve my cases within four hours on average each month', metric: 'resolution_hours', baseline: 6, target: 4, deadline: day(120), parent_id: orgObjective.id, status: 'active' });
    assert.equal(smart.smart.holds, true);
    assert.equal(smart.created_by_id, leader.id);
    const live = await ana.client.post('/api/v1/objectives/smart-check', { title: 'Try harder', description: 'Try harder on the phones', deadline: day(10), parent_id: orgObjective.id });
    assert.equal(live.status, 200, String(live));
    assert.deepEqual(live.json.letters.map((l) => [l.letter, l.holds]), [['specific', false], ['measurable', false], ['achievable', false], ['relevant', true], ['time_bound', true]]);
    problem(await ana.client.post('/api/v1/objectives/smart-check', { target: 'ten' }), 422, 'target');
    problem(await ben.client.post('/api/v1/objectives/smart-check', { owner_id: ana.id, title: 'x' }), 403, 'owner_id');
    assert.equal((await leader.client.post('/api/v1/objectives/smart-check', { owner_id: ana.id, title: 'x' })).status, 200);
    const far = await ana.client.create('/api/v1/objectives', { level: 'personal', title: 'Everything', description: 'Resolve every case in record time', metric: 'sla_compliance', baseline: 40, target: 90, deadline: day(30), parent_id: orgObjective.id });
    assert.match(far.smart.letters.find((l) => l.letter === 'achievable').why, /change of 125%/);
    problem(await ana.client.post('/api/v1/objectives', { level: 'team', title: 'Team', team_id: team.id }), 403);
    problem(await leader.client.post('/api/v1/objectives', { level: 'team', title: 'Team', team_id: team.id, parent_id: draft.id }), 422, 'parent_id');
    problem(await leader.client.post('/api/v1/objectives', { level: 'personal', owner_id: otherLeader.id, title: 'Theirs' }), 403, 'owner_id');
    problem(await ana.client.post('/api/v1/objectives', { level: 'personal', title: 'x', deadline: '2026-02-30' }), 422, 'deadline');
    for (const c of [ben.client, otherLeader.client, outsideManager, admin]) problem(await c.get(`/api/v1/objectives/${smart.id}`), 403);
    for (const c of [ben.client, otherLeader.client]) problem(await c.get(withQuery('/api/v1/objectives', { owner_id: ana.id })), 403);
    assert.equal((await hr.client.read(withQuery('/api/v1/objectives', { owner_id: ana.id }))).items.length >= 3, true);
    assert.ok((await ben.client.read('/api/v1/objectives')).items.some((o) => o.id === orgObjective.id), 'organisational objectives are for all');
    assert.ok(!(await ben.client.read('/api/v1/objectives')).items.some((o) => o.level === 'personal'));
    const audit = await admin.read(withQuery('/api/v1/audit', { entity: 'objective', id: smart.id }));
    assert.equal(audit.items[0].action, 'create');
  });

  test('feedback: situation, behaviour, impact; personality is flagged before it is saved', async () => {
    const fb = { person_id: ana.id, given_on: day(0), kind: 'development', situation: 'Call with Hallam Pumps on Tuesday', impact: 'The customer had to repeat the fault twice' };
    const flagged = problem(await leader.client.post('/api/v1/performance-feedback', { ...fb, behaviour: 'Has a bad attitude' }), 422, 'behaviour');
    assert.match(flagged.errors[0].message, /describe what they said or did/);
    const saved = await leader.client.create('/api/v1/performance-feedback', { ...fb, behaviour: 'Interrupted the customer twice while they described the fault' });
    assert.equal(saved.author_id, leader.id);
    for (const c of [ben.client, otherLeader.client, outsideManager, admin]) problem(await c.post('/api/v1/performance-feedback', { ...fb, behaviour: 'Interrupted the customer twice while they spoke' }), 403);
    problem(await ana.client.post('/api/v1/performance-feedback', { ...fb, behaviour: 'Interrupted the customer twice while they spoke' }), 403, 'person_id');
    assert.equal((await ana.client.read(withQuery('/api/v1/performance-feedback', { person_id: ana.id }))).items.length, 1);
    assert.equal((await hr.client.read(withQuery('/api/v1/performance-feedback', { person_id: ana.id }))).items.length, 1);
    for (const c of [ben.client, otherLeader.client, outsideManager, admin]) problem(await c.get(withQuery('/api/v1/performance-feedback', { person_id: ana.id })), 403);
    problem(await ana.client.get('/api/v1/performance-feedback'), 422, 'person_id');
  });

  test('one-to-ones: GROW, agreed actions, follow-up of the previous meeting, and who may change what', async () => {
    const first = await leader.client.create('/api/v1/one-to-ones', { person_id: ana.id, held_on: day(-14), goal: 'Faster first replies', reality: 'Replies take 45 minutes on average', options: 'Templates; triage slot', way_forward: 'Try the triage slot', actions: [{ title: 'Book the triage slot', owner_id: ana.id, due_on: day(-7), done: false }, { title: 'Share the templates', owner_id: leader.id, due_on: day(-10), done: true }] });
    assert.equal(first.manager_id, leader.id);
    assert.equal(first.follow_up, null);
    const second = await leader.client.create('/api/v1/one-to-ones', { person_id: ana.id, held_on: day(0), manager_preparation: 'Look at October figures' });
    assert.equal(second.follow_up.one_to_one_id, first.id);
    assert.equal(second.follow_up.open, 1);
    const prep = await ana.client.patch(`/api/v1/one-to-ones/${second.id}`, { person_preparation: 'I want to talk about the triage slot' }, { ifMatch: second.version });
    assert.equal(prep.status, 200, String(prep));
    problem(await ana.client.patch(`/api/v1/one-to-ones/${second.id}`, { goal: 'Something else' }, { ifMatch: prep.json.version }), 403);
    problem(await leader.client.post('/api/v1/one-to-ones', { person_id: ana.id, held_on: day(0), actions: [{ title: 'Ben helps', owner_id: ben.id, due_on: day(7) }] }), 422, 'actions[0]');
    problem(await leader.client.post('/api/v1/one-to-ones', { person_id: ana.id, held_on: 'tomorrow' }), 422, 'held_on');
    problem(await otherLeader.client.post('/api/v1/one-to-ones', { person_id: ana.id, held_on: day(0) }), 403, 'person_id');
    for (const c of [ben.client, otherLeader.client, outsideManager, admin]) {
      problem(await c.get(`/api/v1/one-to-ones/${second.id}`), 403);
      problem(await c.get(withQuery('/api/v1/one-to-ones', { person_id: ana.id })), 403);
    }
    problem(await auditor.get(`/api/v1/one-to-ones/${second.id}`), 403);
    assert.equal((await hr.client.read(withQuery('/api/v1/one-to-ones', { person_id: ana.id }))).items.length, 2);
    const audit = await admin.read(withQuery('/api/v1/audit', { entity: 'one_to_one', id: second.id }));
    assert.deepEqual(audit.items.map((e) => e.action), ['create', 'update']);
  });
});

describe('underperformance cases', () => {
  let team, leader, ana, ben, otherLeader, hr;
  const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const causes = { training: 'Completed the hydraulics course', resources: 'Has the tools', workload: 'Average queue', personal_circumstances: 'None raised', health: 'None raised; adjustments offered' };
  const evidence = [{ kind: 'kpi', period: '2026-10', note: 'SLA compliance 50% against a standard of 90%' }];
  before(async () => {
    team = await admin.create('/api/v1/teams', { name: `Cases ${uniq()}` });
    leader = await person('team_leader', { team_id: team.id });
    [ana, ben] = [await person('agent', { team_id: team.id, manager_id: leader.id }), await person('agent', { team_id: team.id, manager_id: leader.id })];
    otherLeader = await person('team_leader');
    hr = await person('hr');
  });
  const stage = (client, id, body) => client.post(`/api/v1/performance-cases/${id}/stages`, body);

  test('a capability case from informal discussion through a formal meeting to an improvement plan and a review', async () => {
    const c = await leader.client.create('/api/v1/performance-cases', { person_id: ana.id, kind: 'capability', concern: 'Cases breach the SLA', evidence });
    assert.equal(c.stage, 'opened');
    const skip = problem(await stage(leader.client, c.id, { stage: 'formal_meeting', on: day(10), notice_on: day(3), companion_offered: true }), 422, 'stage');
    assert.match(skip.detail, /needs a recorded informal discussion, or a recorded reason for skipping it/);
    assert.equal((await leader.client.read(`/api/v1/performance-cases/${c.id}`)).stages.length, 0, 'a refused stage changes nothing');
    assert.equal((await stage(leader.client, c.id, { stage: 'informal_discussion', on: day(1), notes: 'Talked through the October figures' })).status, 200);
    const noCauses = problem(await stage(leader.client, c.id, { stage: 'formal_meeting', on: day(10), notice_on: day(3), companion_offered: true }), 422, 'stage');
    assert.match(noCauses.detail, /causes considered first/);
    const patched = await leader.client.patch(`/api/v1/performance-cases/${c.id}`, { causes }, { ifMatch: (await leader.client.read(`/api/v1/performance-cases/${c.id}`)).version });
    assert.equal(patched.status, 200, String(patched));
    problem(await stage(leader.client, c.id, { stage: 'formal_meeting', on: day(10), notice_on: day(3) }), 422, 'companion_offered');
    problem(await stage(leader.client, c.id, { stage: 'formal_meeting', on: day(10), notice_on: day(12), companion_offered: true }), 422, 'notice_on');
    assert.equal((await stage(leader.client, c.id, { stage: 'formal_meeting', on: day(10), notice_on: day(3), companion_offered: true, companion: 'A colleague', response: 'Workload was high in October' })).status, 200);
    problem(await stage(leader.client, c.id, { stage: 'improvement_plan', on: day(11) }), 422, 'plan_ends_on');
    assert.equal((await stage(leader.client, c.id, { stage: 'improvement_plan', on: day(11), plan_ends_on: day(70), support: ['Mentoring with a senior engineer'] })).status, 200);
    const early = problem(await stage(leader.client, c.id, { stage: 'outcome', on: day(12), outcome: 'first_written_warning' }), 422, 'stage');
    assert.match(early.detail, /stage changes must follow the order/);
    const r = await stage(leader.client, c.id, { stage: 'review', on: day(40), notes: 'Improving' });
    assert.equal(r.status, 200, String(r));
    assert.deepEqual(r.json.stages.map((s) => s.stage), ['informal_discussion', 'formal_meeting', 'improvement_plan', 'review']);
    const sanction = problem(await stage(leader.client, c.id, { stage: 'outcome', on: day(41), outcome: 'first_written_warning' }), 422, 'stage');
    assert.match(sanction.detail, /no sanction before a completed improvement period/);
    problem(await stage(leader.client, c.id, { stage: 'review', on: day(30) }), 422, 'stage');
    const audit = await admin.read(withQuery('/api/v1/audit', { entity: 'performance_case', id: c.id }));
    assert.ok(audit.items.filter((e) => e.action === 'stage').length === 4);
    for (const cl of [ben.client, otherLeader.client, outsideManager, admin]) problem(await cl.get(`/api/v1/performance-cases/${c.id}`), 403);
    problem(await otherLeader.client.post(`/api/v1/performance-cases/${c.id}/stages`, { stage: 'review', on: day(50) }), 403);
    for (const cl of [ana.client, hr.client]) assert.equal((await cl.get(`/api/v1/performance-cases/${c.id}`)).status, 200);
    problem(await ana.client.post(`/api/v1/performance-cases/${c.id}/stages`, { stage: 'review', on: day(50) }), 403);
    problem(await ben.client.get(withQuery('/api/v1/performance-cases', { person_id: ana.id })), 403);
    assert.equal((await hr.client.read(withQuery('/api/v1/performance-cases', { person_id: ana.id }))).items.length, 1);
  });

  test('a conduct case cannot have an improvement plan and its warnings start with the first', async () => {
    const c = await hr.client.create('/api/v1/performance-cases', { person_id: ben.id, kind: 'conduct', concern: 'Shared a customer\'s drawings outside the company', evidence: [{ kind: 'observation', note: 'Mail of 3 November to a personal address' }], causes });
    assert.equal((await stage(hr.client, c.id, { stage: 'formal_meeting', on: day(7), notice_on: day(2), companion_offered: true, skip_informal_reason: 'A breach of confidentiality is not handled informally' })).status, 200);
    const plan = problem(await stage(hr.client, c.id, { stage: 'improvement_plan', on: day(8), plan_ends_on: day(60) }), 422, 'stage');
    assert.match(plan.detail, /conduct case goes the disciplinary route/);
    const final = problem(await stage(hr.client, c.id, { stage: 'outcome', on: day(8), outcome: 'final_written_warning' }), 422, 'stage');
    assert.match(final.detail, /starts with a first written warning/);
    assert.equal((await stage(hr.client, c.id, { stage: 'outcome', on: day(8), outcome: 'final_written_warning', serious_impact_reason: 'Drawings under NDA reached a competitor' })).status, 200);
    assert.equal((await stage(hr.client, c.id, { stage: 'appeal', on: day(15), notes: 'Appeal heard by the CS manager', appeal_result: 'upheld' })).status, 200);
    problem(await hr.client.patch(`/api/v1/performance-cases/${c.id}`, { kind: 'capability' }, { ifMatch: (await hr.client.read(`/api/v1/performance-cases/${c.id}`)).version }), 422, 'kind');
    problem(await leader.client.post('/api/v1/performance-cases', { person_id: ana.id, kind: 'capability', concern: 'x', evidence: [{ kind: 'rumour', note: 'heard' }] }), 422, 'evidence[0]');
    problem(await leader.client.post('/api/v1/performance-cases', { person_id: ana.id, kind: 'capability', concern: 'x', causes: { training: 'ok' } }), 422, 'causes');
    problem(await otherLeader.client.post('/api/v1/performance-cases', { person_id: ana.id, kind: 'capability', concern: 'x' }), 403, 'person_id');
    problem(await ana.client.post('/api/v1/performance-cases', { person_id: ana.id, kind: 'capability', concern: 'x' }), 403);
  });
});
