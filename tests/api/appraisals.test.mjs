// Appraisals and the rest of an underperformance case over HTTP
// (docs/PERFORMANCE-MANAGEMENT.md): appraisal cycles with weights, the
// overall rating leaving out what is not rated, self-assessment by the person
// alone; confirmation letters generated from the record, editable as drafts,
// unchangeable once issued, drafts hidden from the person; the improvement
// plan's dates inside its period; evidence references that must exist, be
// about the person and be the caller's to see; the evidence pack, anonymised
// on request; and who may NOT do each of these. A refused request changes
// nothing.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { make, problem, signIn, signInAs, uniq, withQuery } from './lib.mjs';

const admin = await signIn('admin');
const auditor = await signIn('auditor');
const outsideManager = await signIn('cs_manager');
const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function person(role, o = {}) {
  const password = `Pw-${uniq()}-secret`;
  const u = await admin.create('/api/v1/users', { username: uniq(`${role}.`), display_name: `${role} ${uniq()}`, role, password, ...o });
  u.client = await signInAs({ username: u.username, password });
  return u;
}

let team, leader, ana, ben, otherLeader, hr;
before(async () => {
  team = await admin.create('/api/v1/teams', { name: `Appraisals ${uniq()}` });
  leader = await person('team_leader', { team_id: team.id });
  ana = await person('agent', { team_id: team.id, manager_id: leader.id, display_name: `Anna Kowalczyk ${uniq()}` });
  ben = await person('agent', { team_id: team.id, manager_id: leader.id });
  otherLeader = await person('team_leader');
  hr = await person('hr');
});

describe('appraisal cycles and appraisals', () => {
  let cycle;
  const weights = { weight_objectives: 40, weight_kpis: 30, weight_feedback: 20, weight_self: 10 };

  test('a cycle has a review period in order and at least one weight; HR and CS managers set it, nobody else', async () => {
    const body = { name: `Year ${uniq()}`, period_from: '2026-01-01', period_to: '2026-12-31', ...weights };
    for (const cl of [leader.client, ana.client, admin, auditor]) problem(await cl.post('/api/v1/appraisal-cycles', body), 403);
    problem(await hr.client.post('/api/v1/appraisal-cycles', { ...body, period_to: '2025-12-31' }), 422, 'period_to');
    problem(await hr.client.post('/api/v1/appraisal-cycles', { ...body, weight_objectives: 0, weight_kpis: 0, weight_feedback: 0, weight_self: 0 }), 422, 'weight_objectives');
    problem(await hr.client.post('/api/v1/appraisal-cycles', { ...body, weight_kpis: 101 }), 422, 'weight_kpis');
    cycle = await hr.client.create('/api/v1/appraisal-cycles', body);
    assert.equal(cycle.status, 'open');
    assert.ok((await ana.client.read('/api/v1/appraisal-cycles')).items.some((c) => c.id === cycle.id));
    problem(await auditor.get('/api/v1/appraisal-cycles'), 403);
  });

  test('the line rates, the person self-assesses, and the overall leaves out what is not rated', async () => {
    problem(await ana.client.post('/api/v1/appraisals', { cycle_id: cycle.id, person_id: ana.id }), 403);
    problem(await otherLeader.client.post('/api/v1/appraisals', { cycle_id: cycle.id, person_id: ana.id }), 403, 'person_id');
    problem(await leader.client.post('/api/v1/appraisals', { cycle_id: cycle.id, person_id: ana.id, self_score: 90 }), 422, 'self_assessment');
    const a = await leader.client.create('/api/v1/appraisals', { cycle_id: cycle.id, person_id: ana.id, objectives_score: 80, kpis_score: 60 });
    assert.equal(a.manager_id, leader.id);
    // 80·40 + 60·30 over 70: feedback and self not rated yet, left out, not counted as zero
    assert.equal(a.overall, 71.43);
    assert.deepEqual(a.components.map((c) => [c.component, c.weight, c.used]), [['objectives', 40, true], ['kpis', 30, true], ['feedback', 20, false], ['self_assessment', 10, false]]);
    problem(await leader.client.post('/api/v1/appraisals', { cycle_id: cycle.id, person_id: ana.id }), 422, 'person_id');
    problem(await leader.client.patch(`/api/v1/appraisals/${a.id}`, { person_id: ben.id }, { ifMatch: a.version }), 422, 'person_id');
    const mine = await ana.client.patch(`/api/v1/appraisals/${a.id}`, { self_score: 90, self_assessment: 'I closed the backlog of warranty claims in March' }, { ifMatch: a.version });
    assert.equal(mine.status, 200, String(mine));
    assert.equal(mine.json.overall, 73.75, 'weights 40/30/20/10 with 80, 60, none, 90 give 73.75, not 59');
    problem(await ana.client.patch(`/api/v1/appraisals/${a.id}`, { objectives_score: 100 }, { ifMatch: mine.json.version }), 403);
    problem(await leader.client.patch(`/api/v1/appraisals/${a.id}`, { self_score: 10 }, { ifMatch: mine.json.version }), 422, 'self_assessment');
    for (const cl of [ben.client, otherLeader.client, outsideManager, admin]) {
      problem(await cl.get(`/api/v1/appraisals/${a.id}`), 403);
      problem(await cl.get(withQuery('/api/v1/appraisals', { person_id: ana.id })), 403);
      problem(await cl.patch(`/api/v1/appraisals/${a.id}`, { manager_comment: 'x' }, { ifMatch: mine.json.version }), 403);
    }
    problem(await auditor.get(`/api/v1/appraisals/${a.id}`), 403);
    assert.equal((await hr.client.read(withQuery('/api/v1/appraisals', { person_id: ana.id }))).items[0].overall, 73.75);
    const done = await leader.client.patch(`/api/v1/appraisals/${a.id}`, { manager_comment: 'A strong year', status: 'completed' }, { ifMatch: mine.json.version });
    assert.equal(done.status, 200, String(done));
    assert.ok(done.json.completed_at);
    problem(await leader.client.patch(`/api/v1/appraisals/${a.id}`, { feedback_score: 70 }, { ifMatch: done.json.version }), 409);
    problem(await ana.client.patch(`/api/v1/appraisals/${a.id}`, { self_score: 95 }, { ifMatch: done.json.version }), 409);
    const audit = await admin.read(withQuery('/api/v1/audit', { entity: 'appraisal', id: a.id }));
    assert.deepEqual(audit.items.map((e) => e.action), ['create', 'update', 'update']);
  });

  test('an appraisal is completed only with a rating, and a closed cycle takes no new appraisals', async () => {
    const c = await hr.client.create('/api/v1/appraisal-cycles', { name: `Half ${uniq()}`, period_from: '2026-01-01', period_to: '2026-06-30', weight_objectives: 0, weight_kpis: 100, weight_feedback: 0, weight_self: 0 });
    const a = await hr.client.create('/api/v1/appraisals', { cycle_id: c.id, person_id: ben.id, objectives_score: 70 });
    assert.equal(a.overall, null, 'objectives carry no weight in this cycle: no overall yet');
    problem(await hr.client.patch(`/api/v1/appraisals/${a.id}`, { status: 'completed' }, { ifMatch: a.version }), 422, 'status');
    assert.equal((await hr.client.read(`/api/v1/appraisals/${a.id}`)).version, a.version, 'nothing changed');
    const closed = await hr.client.patch(`/api/v1/appraisal-cycles/${c.id}`, { status: 'closed' }, { ifMatch: c.version });
    assert.equal(closed.status, 200, String(closed));
    problem(await leader.client.post('/api/v1/appraisals', { cycle_id: c.id, person_id: ana.id }), 422, 'cycle_id');
  });
});

describe('underperformance case letters, plan, evidence and pack', () => {
  const causes = { training: 'Completed the pumps course', resources: 'Has the test rig', workload: 'Average queue', personal_circumstances: 'None raised', health: 'None raised; adjustments offered' };
  const evidence = [{ kind: 'kpi', period: '2026-10', note: 'SLA compliance 55% against a standard of 90%' }];
  const stage = (client, id, body) => client.post(`/api/v1/performance-cases/${id}/stages`, body);
  const letters = async (client, id) => (await client.read(`/api/v1/performance-cases/${id}/letters`)).items;
  let c;

  test('evidence must exist, be about the person and be the caller\'s to see; a refusal names it and changes nothing', async () => {
    const account = await admin.create('/api/v1/accounts', make.account());
    const theirs = await admin.create('/api/v1/cases', { account_id: account.id, type: 'complaint', subject: `Seal ${uniq()} failed`, assignee_id: ana.id });
    const others = await admin.create('/api/v1/cases', { account_id: account.id, type: 'complaint', subject: `Seal ${uniq()} failed`, assignee_id: ben.id });
    const question = await admin.create('/api/v1/cases', { account_id: account.id, type: 'enquiry', subject: `Manual ${uniq()}`, assignee_id: ana.id });
    const open = (ev) => leader.client.post('/api/v1/performance-cases', { person_id: ana.id, kind: 'capability', concern: 'Cases breach the SLA', evidence: ev });
    problem(await open([{ kind: 'complaint', note: 'Customer complained', ref_id: 99999999 }]), 422, 'evidence[0].ref_id');
    problem(await open([{ kind: 'complaint', note: 'Customer complained', ref_id: others.id }]), 422, 'evidence[0].ref_id');
    problem(await open([{ kind: 'complaint', note: 'Not a complaint', ref_id: question.id }]), 422, 'evidence[0].ref_id');
    problem(await open([{ kind: 'complaint', note: 'No reference' }]), 422, 'evidence[0].ref_id');
    problem(await open([{ kind: 'qa_review', note: 'Failed review', ref_id: 99999999 }]), 422, 'evidence[0].ref_id');
    problem(await open([{ kind: 'customer_feedback', note: 'Unhappy customer', ref_id: 99999999 }]), 422, 'evidence[0].ref_id');
    problem(await open([{ kind: 'kpi', note: 'SLA low' }]), 422, 'evidence[0].period');
    problem(await open([{ kind: 'kpi', note: 'SLA low', period: '2026-13' }]), 422, 'evidence[0].period');
    problem(await open([{ kind: 'observation', note: 'Seen on the floor', ref_id: 5 }]), 422, 'evidence[0].ref_id');
    // HR does not read cases: a complaint is not HR's to link
    problem(await hr.client.post('/api/v1/performance-cases', { person_id: ana.id, kind: 'capability', concern: 'x', evidence: [{ kind: 'complaint', note: 'Complaint', ref_id: theirs.id }] }), 422, 'evidence[0].ref_id');
    assert.equal((await hr.client.read(withQuery('/api/v1/performance-cases', { person_id: ana.id }))).items.length, 0, 'nothing was opened');
    c = await leader.client.create('/api/v1/performance-cases', { person_id: ana.id, kind: 'capability', concern: 'Cases breach the SLA', evidence: [...evidence, { kind: 'complaint', note: 'Customer complained about a late answer', ref_id: theirs.id }] });
    const bad = await leader.client.patch(`/api/v1/performance-cases/${c.id}`, { evidence: [{ kind: 'complaint', note: 'x', ref_id: others.id }] }, { ifMatch: c.version });
    problem(bad, 422, 'evidence[0].ref_id');
    const after = await leader.client.read(`/api/v1/performance-cases/${c.id}`);
    assert.equal(after.version, c.version);
    assert.equal(after.evidence.length, 2);
    // evidence already linked is not checked again: HR, who may not see the complaint, can still change the case
    const hrChange = await hr.client.patch(`/api/v1/performance-cases/${c.id}`, { concern: 'Cases breach the SLA' }, { ifMatch: after.version });
    assert.equal(hrChange.status, 200, String(hrChange));
    c = hrChange.json;
  });

  test('each next stage says what it still needs; stages out of order or dated wrongly are refused and change nothing', async () => {
    let now = await leader.client.read(`/api/v1/performance-cases/${c.id}`);
    assert.deepEqual(now.next.map((n) => n.stage), ['informal_discussion', 'formal_meeting']);
    const formal = now.next.find((n) => n.stage === 'formal_meeting').needs;
    assert.ok(formal.some((n) => /informal discussion, or a recorded reason/.test(n)), formal.join('; '));
    assert.ok(formal.some((n) => /causes considered/.test(n)));
    assert.ok(!formal.some((n) => /objective evidence/.test(n)), 'the evidence is there');
    problem(await stage(leader.client, c.id, { stage: 'outcome', on: day(1), outcome: 'improved_closed' }), 422, 'stage');
    problem(await stage(leader.client, c.id, { stage: 'appeal', on: day(1), appeal_result: 'upheld' }), 422, 'stage');
    assert.equal((await stage(leader.client, c.id, { stage: 'informal_discussion', on: day(2), notes: 'Went through the October figures together' })).status, 200);
    problem(await stage(leader.client, c.id, { stage: 'informal_discussion', on: day(1) }), 422, 'stage');
    now = await leader.client.read(`/api/v1/performance-cases/${c.id}`);
    await leader.client.patch(`/api/v1/performance-cases/${c.id}`, { causes }, { ifMatch: now.version });
    const noticeLate = problem(await stage(leader.client, c.id, { stage: 'formal_meeting', on: day(10), notice_on: day(10), companion_offered: true }), 422, 'notice_on');
    assert.match(noticeLate.detail, /written notice dated before the meeting/);
    problem(await stage(leader.client, c.id, { stage: 'formal_meeting', on: day(10), notice_on: day(3) }), 422, 'companion_offered');
    problem(await stage(leader.client, c.id, { stage: 'formal_meeting', on: day(1), notice_on: day(0), companion_offered: true }), 422, 'stage');
    now = await leader.client.read(`/api/v1/performance-cases/${c.id}`);
    assert.equal(now.stages.length, 1, 'the refused stages changed nothing');
    assert.deepEqual(now.next.find((n) => n.stage === 'formal_meeting').needs.length, 2, 'only the notice and the companion remain');
    assert.equal((await leader.client.read(`/api/v1/performance-cases/${c.id}/letters`)).items.length, 0, 'an informal discussion has no letter');
  });

  test('the formal meeting\'s notice is a letter generated from the record, edited as a draft, unchangeable once issued', async () => {
    const r = await stage(leader.client, c.id, { stage: 'formal_meeting', on: day(10), notice_on: day(3), companion_offered: true, companion: 'Priya Das (Unite)', response: 'October had two colleagues off sick' });
    assert.equal(r.status, 200, String(r));
    const [notice] = await letters(leader.client, c.id);
    assert.equal(notice.kind, 'formal_meeting_notice');
    assert.equal(notice.status, 'draft');
    assert.equal(notice.subject, `Invitation to a formal capability meeting on ${day(10)}`);
    assert.ok(notice.body.startsWith(`${day(3)}\n\nDear ${ana.display_name},`), notice.body);
    for (const part of ['Cases breach the SLA', 'SLA compliance 55% against a standard of 90%', 'right to be accompanied', 'Priya Das (Unite) will accompany you', leader.display_name])
      assert.ok(notice.body.includes(part), `${part} in ${notice.body}`);
    // the person does not see a draft
    assert.equal((await letters(ana.client, c.id)).length, 0);
    problem(await ana.client.get(`/api/v1/performance-letters/${notice.id}`), 404);
    for (const cl of [ben.client, otherLeader.client, outsideManager, admin]) {
      problem(await cl.get(`/api/v1/performance-letters/${notice.id}`), 403);
      problem(await cl.get(`/api/v1/performance-cases/${c.id}/letters`), 403);
      problem(await cl.post(`/api/v1/performance-letters/${notice.id}/issue`), 403);
    }
    problem(await ana.client.post(`/api/v1/performance-letters/${notice.id}/issue`), 404);
    problem(await leader.client.patch(`/api/v1/performance-letters/${notice.id}`, { status: 'issued' }, { ifMatch: notice.version }), 422, 'status');
    const edited = await leader.client.patch(`/api/v1/performance-letters/${notice.id}`, { body: `${notice.body}\nThe meeting is in room 2 at 10:00.` }, { ifMatch: notice.version });
    assert.equal(edited.status, 200, String(edited));
    const issued = await leader.client.post(`/api/v1/performance-letters/${notice.id}/issue`);
    assert.equal(issued.status, 200, String(issued));
    assert.equal(issued.json.status, 'issued');
    assert.equal(issued.json.issued_by_id, leader.id);
    assert.match(issued.json.body, /room 2 at 10:00/);
    problem(await leader.client.patch(`/api/v1/performance-letters/${notice.id}`, { body: 'Changed after' }, { ifMatch: issued.json.version }), 409);
    problem(await leader.client.post(`/api/v1/performance-letters/${notice.id}/issue`), 409);
    assert.equal((await ana.client.read(`/api/v1/performance-letters/${notice.id}`)).body, issued.json.body);
    const audit = await admin.read(withQuery('/api/v1/audit', { entity: 'performance_letter', id: notice.id }));
    assert.deepEqual(audit.items.map((e) => e.action), ['create', 'update', 'issue']);
  });

  test('the improvement plan\'s objectives, milestones and review dates fall within its period', async () => {
    const objective = await leader.client.create('/api/v1/objectives', { level: 'personal', owner_id: ana.id, title: 'SLA compliance to 85%', description: 'Answer every priority case within its SLA', metric: 'sla_compliance', baseline: 60, target: 85, deadline: day(70) });
    const bens = await leader.client.create('/api/v1/objectives', { level: 'personal', owner_id: ben.id, title: 'Ben\'s objective', metric: 'cases_handled' });
    const plan = { stage: 'improvement_plan', on: day(11), plan_ends_on: day(70), support: ['Mentoring with a senior engineer'], objective_ids: [objective.id], milestones: [{ title: 'SLA compliance 75%', due_on: day(40) }], review_dates: [day(25), day(55)] };
    problem(await stage(leader.client, c.id, { ...plan, plan_ends_on: day(11) }), 422, 'plan_ends_on');
    problem(await stage(leader.client, c.id, { ...plan, milestones: [{ title: 'Too late', due_on: day(80) }] }), 422, 'milestones[0]');
    problem(await stage(leader.client, c.id, { ...plan, review_dates: [day(5)] }), 422, 'review_dates[0]');
    problem(await stage(leader.client, c.id, { ...plan, objective_ids: [bens.id] }), 422, 'objective_ids[0]');
    assert.equal((await leader.client.read(`/api/v1/performance-cases/${c.id}`)).stages.length, 2, 'nothing changed');
    const r = await stage(leader.client, c.id, plan);
    assert.equal(r.status, 200, String(r));
    const note = (await letters(leader.client, c.id)).find((l) => l.kind === 'improvement_note');
    for (const part of ['SLA compliance to 85%', `- by ${day(40)}: SLA compliance 75%`, '- Mentoring with a senior engineer', `- ${day(25)}`, `ends on ${day(70)}`])
      assert.ok(note.body.includes(part), `${part} in ${note.body}`);
  });

  test('the evidence pack is the whole case as one printable page, names replaced on request', async () => {
    const r = await leader.client.get(`/api/v1/performance-cases/${c.id}/evidence-pack`);
    assert.equal(r.status, 200, String(r));
    assert.match(r.headers.get('content-type'), /^text\/html/);
    assert.match(r.headers.get('content-security-policy') ?? '', /default-src 'none'.*sandbox/);
    for (const part of ['Evidence pack: capability case', 'Cases breach the SLA', 'informal_discussion', 'formal_meeting', 'improvement_plan', 'SLA compliance 55%', 'Invitation to a formal capability meeting', 'SLA compliance to 85%', 'Completed the pumps course', ana.display_name, 'Priya Das'])
      assert.ok(r.text.includes(part), `${part} in the pack`);
    const anon = await leader.client.get(withQuery(`/api/v1/performance-cases/${c.id}/evidence-pack`, { anonymise: 'true' }));
    assert.equal(anon.status, 200);
    assert.ok(anon.text.includes('Employee A') && anon.text.includes('Manager 1'));
    for (const name of [ana.display_name, 'Anna', 'Kowalczyk', leader.display_name, 'Priya Das'])
      assert.ok(!anon.text.includes(name), `${name} left in the anonymised pack`);
    assert.ok(anon.text.includes('SLA compliance 55%'), 'the evidence stays');
    problem(await leader.client.get(withQuery(`/api/v1/performance-cases/${c.id}/evidence-pack`, { anonymise: 'maybe' })), 400);
    for (const cl of [ben.client, otherLeader.client, outsideManager, admin, auditor]) problem(await cl.get(`/api/v1/performance-cases/${c.id}/evidence-pack`), 403);
    const hostile = await leader.client.create('/api/v1/performance-cases', { person_id: ana.id, kind: 'conduct', concern: '<script>alert(1)</script> & "late"', evidence: [{ kind: 'observation', note: '<img src=x onerror=alert(2)>' }] });
    const escaped = await leader.client.get(`/api/v1/performance-cases/${hostile.id}/evidence-pack`);
    assert.equal(escaped.status, 200);
    assert.ok(!escaped.text.includes('<script>alert') && !escaped.text.includes('<img src=x'), 'text from the record is never markup');
    assert.ok(escaped.text.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp;') && escaped.text.includes('&lt;img src=x onerror=alert(2)&gt;'), 'it is shown as written');
    const own = await ana.client.get(`/api/v1/performance-cases/${c.id}/evidence-pack`);
    assert.equal(own.status, 200);
    assert.ok(!own.text.includes('Improvement note and performance improvement plan'), 'the person\'s pack leaves out drafts');
  });
});
