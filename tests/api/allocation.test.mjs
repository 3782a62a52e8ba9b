// Skills, rosters and work allocation over HTTP (docs/TEAM.md): the skill
// catalogue, levels and goals with their bad input and who may change them;
// rosters and availability; a new case allocated by the rules with the
// rationale of each candidate; stretch cases and their mentor's notice;
// manual overrides and their reason; suggest and manual modes; the fairness
// report; and with two servers on one PostgreSQL database, every case
// allocated once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { conforms, ctx, make, problem, signIn, signInAs, sleep, smtpSink, startServer, uniq, withQuery } from './lib.mjs';

const admin = await signIn('admin');
const manager = await signIn('cs_manager');
const auditor = await signIn('auditor');
const hoursFromNow = (h) => new Date(Date.now() + h * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const daysFromNow = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const allDays = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));

/** A team with a leader, signed in, and people of given roles. */
async function makeTeam(label) {
  const team = await admin.create('/api/v1/teams', { name: `${label} ${uniq()}` });
  const password = `Pw-${uniq()}-secret`;
  const leaderUser = await admin.create('/api/v1/users', { username: uniq('lead.'), display_name: `Leader ${uniq()}`, role: 'team_leader', team_id: team.id, password });
  const leader = await signInAs({ username: leaderUser.username, password });
  const person = async (name, role = 'agent') => {
    const u = await admin.create('/api/v1/users', { username: uniq(`${name.toLowerCase()}.`), display_name: `${name} ${uniq()}`, email: `${name.toLowerCase()}-${uniq()}@example.com`, role, team_id: team.id, password });
    u.client = await signInAs({ username: u.username, password });
    return u;
  };
  return { team, leader, leaderUser, person };
}

describe('skills, rosters and allocation', () => {
  let t, other, hyd, ger, ana, ben, cai, dev, account, sink;
  after(async () => sink?.close());
  before(async () => {
    sink = await smtpSink(ctx.smtpPort);
    t = await makeTeam('Allocation');
    other = await makeTeam('Other');
    hyd = await t.leader.create('/api/v1/skills', { name: uniq('hyd'), label: 'Hydraulics' });
    ger = await t.leader.create('/api/v1/skills', { name: uniq('ger'), label: 'German', case_level: 1 });
    // Ana and Ben are qualified in hydraulics, Cai is learning it with Ana as mentor, Dev is absent.
    [ana, ben, cai, dev] = [await t.person('Ana'), await t.person('Ben'), await t.person('Cai'), await t.person('Dev')];
    for (const [u, levels] of [[ana, { [hyd.name]: 3, [ger.name]: 1 }], [ben, { [hyd.name]: 2 }], [cai, { [hyd.name]: 1 }], [dev, { [hyd.name]: 4 }]]) {
      const r = await t.leader.req('PUT', `/api/v1/users/${u.id}/skills`, { body: { levels } });
      assert.equal(r.status, 200, String(r));
      conforms(r.json, 'UserSkills');
    }
    const goal = await t.leader.create('/api/v1/development-goals', { user_id: cai.id, skill_id: hyd.id, target_level: 3, due_on: daysFromNow(120), mentor_id: ana.id });
    assert.equal(goal.status, 'open');
    conforms(goal, 'DevelopmentGoal');
    conforms(hyd, 'Skill');
    await t.leader.create('/api/v1/roster', { user_id: dev.id, kind: 'absence', starts_at: hoursFromNow(-1), ends_at: hoursFromNow(72), reason: 'holiday' });
    // A calendar open all week for the team; cases whose SLA targets are far off (or that have none: a
    // fresh store has no policy, and this file leaves the default to the SLA tests), so risk follows priority alone.
    const calendar = await manager.create('/api/v1/calendars', { name: `Always ${uniq()}`, calendar: { tz: 'UTC', hours: allDays } });
    const long = { first_response: 100000 };
    let policy = null;
    if ((await manager.all('/api/v1/sla-policies')).some((p) => p.is_default)) {
      policy = await manager.create('/api/v1/sla-policies', { name: `Long ${uniq()}`, calendar_id: calendar.id, targets: { 1: long, 2: long, 3: long, 4: long }, review_on: daysFromNow(400), is_default: false });
    }
    account = await manager.create('/api/v1/accounts', make.account(policy ? { sla_policy_id: policy.id } : {}));
    const r = await t.leader.req('PUT', `/api/v1/teams/${t.team.id}/allocation`, { body: { mode: 'automatic', calendar_id: calendar.id } });
    assert.equal(r.status, 200, String(r));
    assert.equal(r.json.mode, 'automatic');
    conforms(r.json, 'TeamAllocation');
    conforms(await ana.client.read(`/api/v1/teams/${other.team.id}/allocation`), 'TeamAllocation');
  });

  const openCase = (o = {}) => t.leader.create('/api/v1/cases', { account_id: account.id, type: 'technical_support', subject: `Pump ${uniq()}`, team_id: t.team.id, required_skills: [hyd.name], ...o });
  const allocations = async (id) => (await t.leader.read(`/api/v1/cases/${id}/allocations`)).items;

  test('the skill catalogue: team leaders and managers add skills, agents only read; names are tags, unique', async () => {
    problem(await ana.client.post('/api/v1/skills', { name: uniq('x'), label: 'X' }), 403);
    problem(await t.leader.post('/api/v1/skills', { name: 'Not A Tag', label: 'X' }), 422, 'name');
    problem(await t.leader.post('/api/v1/skills', { name: uniq('x'), label: 'X', case_level: 5 }), 422, 'case_level');
    problem(await t.leader.post('/api/v1/skills', { name: hyd.name, label: 'Again' }), 409);
    const listed = await ana.client.all('/api/v1/skills');
    assert.ok(listed.some((s) => s.id === hyd.id && s.case_level === 2));
    assert.equal(listed.find((s) => s.id === ger.id).case_level, 1);
  });

  test('levels: unknown skills and levels out of range are refused naming them, and nothing changes', async () => {
    const levelsOf = async () => (await ana.client.read(withQuery('/api/v1/skills/matrix', { team_id: t.team.id }))).people.find((p) => p.user_id === ben.id).levels;
    const was = await levelsOf();
    assert.deepEqual(was, { [hyd.name]: 2 });
    problem(await t.leader.req('PUT', `/api/v1/users/${ben.id}/skills`, { body: { levels: { [hyd.name]: 3, klingon: 2 } } }), 422, 'levels.klingon');
    problem(await t.leader.req('PUT', `/api/v1/users/${ben.id}/skills`, { body: { levels: { [hyd.name]: 5 } } }), 422, `levels.${hyd.name}`);
    problem(await t.leader.req('PUT', `/api/v1/users/${ben.id}/skills`, { body: { levels: { [hyd.name]: -1 } } }), 422, `levels.${hyd.name}`);
    problem(await t.leader.req('PUT', `/api/v1/users/${ben.id}/skills`, { body: {} }), 422, 'levels');
    assert.deepEqual(await levelsOf(), was);
    // Only their own team's leader, or a manager; agents never.
    problem(await other.leader.req('PUT', `/api/v1/users/${ben.id}/skills`, { body: { levels: { [hyd.name]: 1 } } }), 403);
    problem(await ben.client.req('PUT', `/api/v1/users/${ben.id}/skills`, { body: { levels: { [hyd.name]: 4 } } }), 403);
    problem(await auditor.req('PUT', `/api/v1/users/${ben.id}/skills`, { body: { levels: { [hyd.name]: 4 } } }), 403);
    assert.deepEqual(await levelsOf(), was);
    const audit = await admin.read(withQuery('/api/v1/audit', { entity: 'user_skills', id: ben.id }));
    assert.deepEqual(audit.items.at(-1).after, { levels: { [hyd.name]: 2 } });
  });

  test('the skills matrix shows levels and development goals with their mentor', async () => {
    const m = await auditor.read(withQuery('/api/v1/skills/matrix', { team_id: t.team.id }));
    conforms(m, 'SkillMatrix');
    assert.ok(m.skills.some((s) => s.name === hyd.name));
    const row = m.people.find((p) => p.user_id === cai.id);
    assert.deepEqual(row.levels, { [hyd.name]: 1 });
    assert.equal(row.goals.length, 1);
    assert.equal(row.goals[0].target_level, 3);
    assert.equal(row.goals[0].mentor_id, ana.id);
    assert.equal(m.people.find((p) => p.user_id === dev.id).presence, 'absent');
    problem(await auditor.get('/api/v1/skills/matrix'), 400, 'team_id');
  });

  test('goals: the mentor must hold the target level, the target must be above the level now', async () => {
    problem(await t.leader.post('/api/v1/development-goals', { user_id: cai.id, skill_id: hyd.id, target_level: 4, due_on: daysFromNow(90), mentor_id: ana.id }), 422, 'mentor_id');
    problem(await t.leader.post('/api/v1/development-goals', { user_id: ben.id, skill_id: hyd.id, target_level: 2, due_on: daysFromNow(90), mentor_id: dev.id }), 422, 'target_level');
    problem(await t.leader.post('/api/v1/development-goals', { user_id: cai.id, skill_id: hyd.id, target_level: 3, due_on: daysFromNow(90), mentor_id: cai.id }), 422, 'mentor_id');
    problem(await t.leader.post('/api/v1/development-goals', { user_id: cai.id, skill_id: hyd.id, target_level: 9, due_on: daysFromNow(90), mentor_id: ana.id }), 422, 'target_level');
    problem(await other.leader.post('/api/v1/development-goals', { user_id: cai.id, skill_id: ger.id, target_level: 1, due_on: daysFromNow(90), mentor_id: ana.id }), 403);
    assert.equal((await ana.client.all(withQuery('/api/v1/development-goals', { user_id: cai.id }))).length, 1);
  });

  test('rosters: bad entries are refused naming the field; leaders of other teams and agents may not change them', async () => {
    const at = { user_id: ben.id, kind: 'shift', starts_at: hoursFromNow(30), ends_at: hoursFromNow(38) };
    problem(await t.leader.post('/api/v1/roster', { ...at, ends_at: hoursFromNow(29) }), 422, 'ends_at');
    problem(await t.leader.post('/api/v1/roster', { ...at, ends_at: hoursFromNow(50) }), 422, 'ends_at');
    problem(await t.leader.post('/api/v1/roster', { ...at, reason: 'holiday' }), 422, 'reason');
    problem(await t.leader.post('/api/v1/roster', { ...at, kind: 'absence' }), 422, 'reason');
    problem(await t.leader.post('/api/v1/roster', { ...at, kind: 'absence', reason: 'sickness' }), 422, 'reason');
    problem(await other.leader.post('/api/v1/roster', at), 403);
    problem(await ben.client.post('/api/v1/roster', at), 403);
    const entry = await t.leader.create('/api/v1/roster', { ...at, kind: 'absence', reason: 'training' });
    conforms(entry, 'RosterEntry');
    problem(await other.leader.del(`/api/v1/roster/${entry.id}`, { ifMatch: entry.version }), 403);
    const listed = await ana.client.all(withQuery('/api/v1/roster', { team_id: t.team.id, from: daysFromNow(0), to: daysFromNow(3) }));
    assert.ok(listed.some((e) => e.id === entry.id && e.user_id === ben.id));
    assert.equal((await t.leader.del(`/api/v1/roster/${entry.id}`, { ifMatch: entry.version })).status, 204);
  });

  test('availability: the absent person is not available now nor in the next hours', async () => {
    const a = await ana.client.read(withQuery(`/api/v1/teams/${t.team.id}/availability`, { hours: 4 }));
    assert.equal(a.slot_minutes, 30);
    conforms(a, 'TeamAvailability');
    const row = (u) => a.people.find((p) => p.user_id === u.id);
    assert.equal(row(dev).presence, 'absent');
    assert.deepEqual(row(dev).slots, Array(8).fill(0));
    assert.equal(row(ana).presence, 'available');
    assert.deepEqual(row(ana).slots, Array(8).fill(1));
    assert.equal(a.available_now, a.people.filter((p) => p.presence === 'available').length);
    problem(await ana.client.get(withQuery(`/api/v1/teams/${t.team.id}/availability`, { hours: 100 })), 400, 'hours');
  });

  test('a new case goes to the qualified person with the least workload; the rationale says why for each', async () => {
    // Ana and Ben hold nothing yet: Ana's wider margin takes the first, Ben the second; Cai is learning; Dev is away.
    const first = await openCase({ priority: 2 });
    assert.equal(first.assignee_id, ana.id);
    const second = await openCase({ priority: 2 });
    assert.notEqual(second.assignee_id, first.assignee_id, 'the one with less workload gets the next one');
    const [rec] = await allocations(second.id);
    conforms(rec, 'CaseAllocation');
    assert.equal(rec.kind, 'automatic');
    assert.equal(rec.rule, 'least_workload');
    assert.equal(rec.risk, 'medium');
    assert.equal(rec.assignee_id, second.assignee_id);
    const byId = Object.fromEntries(rec.rationale.candidates.map((c) => [c.user_id, c]));
    assert.equal(byId[second.assignee_id].verdict, 'chosen');
    assert.equal(byId[first.assignee_id].verdict, 'qualified');
    assert.match(byId[first.assignee_id].text, /more workload \(3 points\)/);
    assert.equal(byId[dev.id].verdict, 'absent');
    assert.equal(byId[cai.id].verdict, 'stretch_risk', 'a learner gets no stretch case at medium risk');
    assert.match(rec.summary, /^Given to .+ \(chosen: qualified, with the least workload \(0 points\)\)\. The SLA risk is medium/);
    assert.equal(rec.rationale.candidates[0].verdict, 'chosen', 'the chosen one is listed first');
    // the timeline tells it internally
    const events = (await t.leader.read(`/api/v1/cases/${second.id}/timeline`)).items.filter((e) => e.kind === 'assignment_change' && e.to_assignee_id === second.assignee_id);
    assert.equal(events.length, 1);
    assert.equal(events[0].body, rec.summary);
    assert.equal(events[0].visibility, 'internal');
  });

  test('a low-risk case goes to the learner as a stretch case, and their mentor is told', async () => {
    const c = await openCase({ priority: 4 });
    assert.equal(c.assignee_id, cai.id);
    const [rec] = await allocations(c.id);
    assert.equal(rec.rule, 'stretch');
    assert.equal(rec.stretch, 1);
    assert.equal(rec.mentor_id, ana.id);
    assert.match(rec.summary, /stretch case/);
    const audit = await admin.read(withQuery('/api/v1/audit', { entity: 'case_allocation', id: rec.id }));
    assert.equal(audit.items.length, 1);
    assert.deepEqual(audit.items[0].after, rec, 'the audit entry holds the decision as stored, names and all');
    // the scheduler mails the mentor once
    const mine = () => sink.messages.filter((m) => m.data.includes(`Stretch case ${c.id}:`));
    for (let i = 0; i < 100 && mine().length === 0; i++) await sleep(100);
    await sleep(1500);
    assert.equal(mine().length, 1, 'one mail to the mentor');
    assert.deepEqual(mine()[0].to, [ana.email]);
    assert.match(mine()[0].data, new RegExp(`${cai.display_name} was given case ${c.id} as a stretch case`));
  });

  test('a case nobody can take stays unassigned with the reason; a P1 needs one level more', async () => {
    const c = await openCase({ priority: 3, required_skills: [hyd.name, 'klingon'] });
    assert.equal(c.assignee_id, null);
    const [rec] = await allocations(c.id);
    assert.equal(rec.rule, 'nobody');
    assert.equal(rec.assignee_id, null);
    assert.deepEqual(rec.rationale.needs.map((n) => [n.skill, n.level, n.known]), [[hyd.name, 2, true], ['klingon', 1, false]]);
    assert.ok(rec.rationale.candidates.every((x) => ['lacks_skill', 'absent'].includes(x.verdict)), JSON.stringify(rec.rationale.candidates));
    assert.equal(rec.rationale.candidates.find((x) => x.user_id === ana.id).text, 'lacks klingon at level 1');
    const urgent = await openCase({ priority: 1 });
    assert.equal(urgent.assignee_id, ana.id, 'a P1 hydraulics case needs level 3: only Ana (Dev is away)');
    assert.equal((await allocations(urgent.id))[0].rule, 'high_risk');
  });

  test('assigning by hand: not to an absent person, not past the rules without a reason; with one it is recorded', async () => {
    const c = await openCase({ priority: 2 });
    const before = await allocations(c.id);
    problem(await t.leader.post(`/api/v1/cases/${c.id}/assignment`, { assignee_id: dev.id, reason: 'He knows this pump' }), 422, 'assignee_id');
    const other = [ana, ben].find((u) => u.id !== c.assignee_id);
    problem(await t.leader.post(`/api/v1/cases/${c.id}/assignment`, { assignee_id: other.id }), 422, 'reason');
    problem(await t.leader.post(`/api/v1/cases/${c.id}/assignment`, { assignee_id: c.assignee_id, reason: 'again' }), 409);
    problem(await auditor.post(`/api/v1/cases/${c.id}/assignment`, { assignee_id: other.id, reason: 'x' }), 403);
    // A PATCH of the assignee is refused in an automatic team: the reason has to be given.
    problem(await t.leader.patch(`/api/v1/cases/${c.id}`, { assignee_id: other.id }, { ifMatch: c.version }), 422, 'assignee_id');
    const unchanged = await t.leader.read(`/api/v1/cases/${c.id}`);
    assert.equal(unchanged.assignee_id, c.assignee_id);
    assert.equal(unchanged.version, c.version);
    assert.equal((await allocations(c.id)).length, before.length);
    const r = await t.leader.post(`/api/v1/cases/${c.id}/assignment`, { assignee_id: other.id, reason: 'The customer asked for them' });
    assert.equal(r.status, 200, String(r));
    assert.equal(r.json.kind, 'manual');
    assert.equal(r.json.rule, 'manual');
    assert.equal(r.json.reason, 'The customer asked for them');
    assert.match(r.json.summary, /^Assigned by hand to .+ by Leader .+: "The customer asked for them"\./);
    assert.equal((await t.leader.read(`/api/v1/cases/${c.id}`)).assignee_id, other.id);
    const audit = await admin.read(withQuery('/api/v1/audit', { entity: 'case_allocation', id: r.json.id }));
    assert.deepEqual(audit.items[0].after, r.json, 'the audit entry holds the decision as stored, with who decided');
  });

  test('allocating an unassigned case on request; an assigned one is refused', async () => {
    const c = await openCase({ priority: 3, required_skills: ['klingon'] });
    const again = await t.leader.post(`/api/v1/cases/${c.id}/allocate`);
    assert.equal(again.status, 200, String(again));
    assert.equal(again.json.rule, 'nobody');
    const patched = await t.leader.patch(`/api/v1/cases/${c.id}`, { required_skills: [ger.name] }, { ifMatch: c.version });
    assert.equal(patched.json.assignee_id, null, 'changing the skills alone does not allocate');
    const r = await ben.client.post(`/api/v1/cases/${c.id}/allocate`);
    if (r.status === 409) {
      // the scheduler's sweep of unassigned cases (every pass) got there first, by the same rules
      assert.equal((await t.leader.read(`/api/v1/cases/${c.id}`)).assignee_id, ana.id, 'only Ana speaks German');
    } else {
      assert.equal(r.status, 201, String(r));
      assert.equal(r.json.assignee_id, ana.id, 'only Ana speaks German');
    }
    problem(await ben.client.post(`/api/v1/cases/${c.id}/allocate`), 409);
    problem(await auditor.post(`/api/v1/cases/${c.id}/allocate`), 403);
    assert.equal((await allocations(c.id)).length, 3);
  });

  test('suggest mode records a suggestion and assigns nobody; manual mode records assignments by PATCH', async () => {
    const s = await makeTeam('Suggest');
    const sam = await s.person('Sam');
    assert.equal((await admin.req('PUT', `/api/v1/users/${sam.id}/skills`, { body: { levels: { [ger.name]: 2 } } })).status, 200);
    assert.equal((await s.leader.req('PUT', `/api/v1/teams/${s.team.id}/allocation`, { body: { mode: 'suggest' } })).status, 200);
    problem(await other.leader.req('PUT', `/api/v1/teams/${s.team.id}/allocation`, { body: { mode: 'automatic' } }), 403);
    problem(await sam.client.req('PUT', `/api/v1/teams/${s.team.id}/allocation`, { body: { mode: 'automatic' } }), 403);
    problem(await s.leader.req('PUT', `/api/v1/teams/${s.team.id}/allocation`, { body: { mode: 'sometimes' } }), 422, 'mode');
    const c = await s.leader.create('/api/v1/cases', { account_id: account.id, type: 'enquiry', subject: `Quote ${uniq()}`, team_id: s.team.id, required_skills: [ger.name] });
    assert.equal(c.assignee_id, null);
    const [rec] = (await s.leader.read(`/api/v1/cases/${c.id}/allocations`)).items;
    assert.equal(rec.kind, 'suggestion');
    assert.equal(rec.assignee_id, sam.id);
    const suggestion = await sam.client.read(`/api/v1/cases/${c.id}/allocation-suggestion`);
    assert.equal(suggestion.assignee_id, sam.id);
    assert.equal(suggestion.mode, 'suggest');
    conforms(suggestion, 'AllocationSuggestion');
    // Accepting the suggestion needs no reason.
    const r = await s.leader.post(`/api/v1/cases/${c.id}/assignment`, { assignee_id: sam.id });
    assert.equal(r.status, 200, String(r));
    assert.equal(r.json.rule, 'accepted');
    // A manual team: a PATCH assignment is recorded with its rationale.
    assert.equal((await s.leader.req('PUT', `/api/v1/teams/${s.team.id}/allocation`, { body: { mode: 'manual' } })).status, 200);
    const m = await s.leader.create('/api/v1/cases', { account_id: account.id, type: 'enquiry', subject: `Quote ${uniq()}`, team_id: s.team.id });
    assert.equal((await s.leader.read(`/api/v1/cases/${m.id}/allocations`)).items.length, 0);
    const patched = await s.leader.patch(`/api/v1/cases/${m.id}`, { assignee_id: sam.id }, { ifMatch: m.version });
    assert.equal(patched.status, 200, String(patched));
    const [byHand] = (await s.leader.read(`/api/v1/cases/${m.id}/allocations`)).items;
    assert.equal(byHand.kind, 'manual');
    assert.equal(byHand.assignee_id, sam.id);
  });

  test('the fairness report counts what each person received, with outliers, for leaders of the team and managers', async () => {
    const r = await t.leader.read(withQuery('/api/v1/reports/allocation-fairness', { team_id: t.team.id }));
    conforms(r, 'AllocationFairness');
    const row = (u) => r.people.find((p) => p.user_id === u.id);
    assert.equal(row(cai).stretch, 1);
    assert.equal(row(dev).cases, 0);
    assert.equal(row(ana).priorities['1'], 1);
    const total = r.people.reduce((n, p) => n + p.cases, 0);
    assert.ok(Math.abs(r.mean.cases - total / r.people.length) < 0.01);
    assert.equal(row(dev).outliers.cases, 'low');
    for (const p of r.people) assert.equal(p.cases, p.priorities['1'] + p.priorities['2'] + p.priorities['3'] + p.priorities['4']);
    assert.equal((await manager.read(withQuery('/api/v1/reports/allocation-fairness', { team_id: t.team.id }))).people.length, r.people.length);
    problem(await other.leader.get(withQuery('/api/v1/reports/allocation-fairness', { team_id: t.team.id })), 403);
    problem(await ana.client.get(withQuery('/api/v1/reports/allocation-fairness', { team_id: t.team.id })), 403);
    problem(await manager.get('/api/v1/reports/allocation-fairness'), 400, 'team_id');
    problem(await manager.get(withQuery('/api/v1/reports/allocation-fairness', { team_id: t.team.id, from: '2026-05-02', to: '2026-05-01' })), 400, 'to');
    const empty = await manager.read(withQuery('/api/v1/reports/allocation-fairness', { team_id: t.team.id, from: '2020-01-01', to: '2020-12-31' }));
    assert.ok(empty.people.every((p) => p.cases === 0 && p.outliers.cases === null));
  });
});

describe('a case is allocated once, also by two servers on one database', () => {
  let u, second, cases = [], absences = [];
  const bases = () => [ctx.base, second?.base ?? ctx.base];
  before(async () => {
    u = await makeTeam('Race');
    const people = [u.leaderUser, await u.person('Ria'), await u.person('Rob'), await u.person('Ray')];
    // On PostgreSQL a second server shares the store and sweeps too.
    if (ctx.store === 'postgresql') second = await startServer(Number(new URL(ctx.base).port) + 13);
    for (const p of people) absences.push(await u.leader.create('/api/v1/roster', { user_id: p.id, kind: 'absence', starts_at: hoursFromNow(-1), ends_at: hoursFromNow(2), reason: 'training' }));
    assert.equal((await u.leader.req('PUT', `/api/v1/teams/${u.team.id}/allocation`, { body: { mode: 'automatic' } })).status, 200);
    const account = await u.leader.create('/api/v1/accounts', make.account());
    for (let i = 0; i < 12; i++) cases.push(await u.leader.create('/api/v1/cases', { account_id: account.id, type: 'enquiry', subject: `Race ${uniq()}`, team_id: u.team.id }));
  });
  after(async () => {
    if (second) {
      second.proc.kill('SIGTERM');
      assert.deepEqual(await second.exited, { code: 0, signal: null }, 'the second server stops cleanly');
    }
  });

  test('while everyone is away the cases wait unassigned, each with the reason', async () => {
    for (const c of cases) {
      assert.equal(c.assignee_id, null);
      const items = (await u.leader.read(`/api/v1/cases/${c.id}/allocations`)).items;
      assert.deepEqual(items.map((a) => a.rule), ['nobody']);
      assert.ok(items[0].rationale.candidates.every((x) => x.verdict === 'absent'));
    }
  });

  test('asked at once on both servers, each case is given once: one 201, one 409', async () => {
    assert.equal((await u.leader.req('PUT', `/api/v1/teams/${u.team.id}/allocation`, { body: { mode: 'manual' } })).status, 200);
    for (const a of absences) assert.equal((await u.leader.del(`/api/v1/roster/${a.id}`, { ifMatch: a.version })).status, 204);
    const raced = cases.slice(0, 6);
    const answers = await Promise.all(raced.flatMap((c) => bases().map((b) => u.leader.post(`${b}/api/v1/cases/${c.id}/allocate`))));
    for (let i = 0; i < raced.length; i++) {
      const pair = answers.slice(2 * i, 2 * i + 2).map((r) => r.status).sort();
      assert.deepEqual(pair, [201, 409], `case ${raced[i].id}: ${answers.slice(2 * i, 2 * i + 2).map(String)}`);
    }
  });

  test('the sweeps of both servers give every waiting case once', async () => {
    assert.equal((await u.leader.req('PUT', `/api/v1/teams/${u.team.id}/allocation`, { body: { mode: 'automatic' } })).status, 200);
    const deadline = Date.now() + 30_000;
    for (const c of cases) {
      while (!(await u.leader.read(`/api/v1/cases/${c.id}`)).assignee_id) {
        assert.ok(Date.now() < deadline, `case ${c.id} was not allocated`);
        await sleep(300);
      }
    }
    await sleep(2500); // more passes must change nothing
    for (const c of cases) {
      const now = await u.leader.read(`/api/v1/cases/${c.id}`);
      const given = (await u.leader.read(`/api/v1/cases/${c.id}/allocations`)).items.filter((a) => a.assignee_id);
      assert.equal(given.length, 1, `case ${c.id} allocations ${JSON.stringify(given.map((a) => a.id))}`);
      assert.equal(given[0].assignee_id, now.assignee_id);
      const events = (await u.leader.read(`/api/v1/cases/${c.id}/timeline`)).items.filter((e) => e.kind === 'assignment_change' && e.to_assignee_id);
      assert.equal(events.length, 1, `case ${c.id} timeline`);
    }
    // the work was spread: four people, twelve cases
    const r = await u.leader.read(withQuery('/api/v1/reports/allocation-fairness', { team_id: u.team.id }));
    assert.deepEqual(r.people.map((p) => p.cases), [3, 3, 3, 3]);
  });
});
