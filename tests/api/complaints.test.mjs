// Complaints (ISO 10002, docs/CASES.md): a complaint taken through every
// step; the guards that refuse closing without root cause and resolution, or
// a systemic cause without a CAPA; safety escalation; bad input that writes
// nothing; CAPAs and their effectiveness check; who must not; the Pareto.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { conforms, make, problem, signIn, uniq, withQuery } from './lib.mjs';

let agent, leader, quality, auditor, account;
before(async () => {
  [agent, leader, quality, auditor] = await Promise.all(['agent', 'team_leader', 'quality_manager', 'auditor'].map(signIn));
  account = await agent.create('/api/v1/accounts', make.account());
});

const newComplaint = async () => (await agent.create('/api/v1/cases', { account_id: account.id, type: 'complaint', subject: `Seal ${uniq()} failed` })).id;
const complaint = (id) => agent.read(`/api/v1/cases/${id}/complaint`);
const step = (c, id, name, fields = {}) => c.post(`/api/v1/cases/${id}/complaint/steps`, { step: name, ...fields });
async function stepped(c, id, name, fields) {
  const r = await step(c, id, name, fields);
  assert.equal(r.status, 200, String(r));
  assert.equal(r.json.step, name);
  conforms(r.json, 'Complaint');
  return r.json;
}
const timeline = async (id) => (await agent.read(withQuery(`/api/v1/cases/${id}/timeline`, { limit: 200 }))).items;
const audit = async (entity, id) => (await signIn('admin').then((a) => a.read(withQuery('/api/v1/audit', { entity, id, limit: 200 })))).items;
const capa = (id, o = {}) => ({ case_id: id, title: `Tighten seal inspection ${uniq()}`, owner_id: quality.user.id, due_on: '2026-06-30', ...o });
/** Takes a complaint to root_cause with the given root-cause fields. */
async function toRootCause(id, cause = { cause_category: 'material', five_whys: ['Seal leaked', 'Undersize batch'] }) {
  await stepped(agent, id, 'acknowledged');
  await stepped(agent, id, 'assessed', { severity: 'major', impact: 'Line 3 stopped for 4 hours' });
  await stepped(agent, id, 'investigated', { investigation: 'Batch 2291 seals measured undersize' });
  return stepped(leader, id, 'root_cause', cause);
}

describe('the steps', () => {
  test('a complaint case gets its record at received, with what the next step needs', async () => {
    const id = await newComplaint();
    const c = await complaint(id);
    conforms(c, 'Complaint');
    assert.equal(c.step, 'received');
    assert.equal(c.escalation_level, 'front_line');
    assert.deepEqual(c.next, [{ step: 'acknowledged', missing: [], permitted: true }]);
    const other = await agent.create('/api/v1/cases', { account_id: account.id, type: 'enquiry', subject: 'A question' });
    problem(await agent.get(`/api/v1/cases/${other.id}/complaint`), 404);
    problem(await agent.get('/api/v1/cases/999999999/complaint'), 404);
  });

  test('a complaint goes through every step, each on the timeline and in the audit trail', async () => {
    const id = await newComplaint();
    await toRootCause(id);
    const decided = await stepped(leader, id, 'decided', { remedy: 'replace', resolution: 'Replacement seals shipped' });
    assert.equal(decided.remedy, 'replace');
    assert.ok((await stepped(agent, id, 'communicated', { note: 'Phoned the buyer' })).communicated_at);
    const closed = await stepped(leader, id, 'closed');
    assert.ok(closed.closed_at);
    assert.equal((await agent.read(`/api/v1/cases/${id}`)).status, 'resolved', 'closing the complaint resolves its case');
    const done = await stepped(agent, id, 'followed_up', { satisfied: true, follow_up_note: 'Happy with the new seals' });
    assert.equal(done.satisfied, true);
    assert.deepEqual(done.next, []);
    const events = (await timeline(id)).filter((e) => e.kind === 'complaint_step').reverse();
    assert.deepEqual(events.map((e) => [e.step, e.visibility]), [
      ['acknowledged', 'public'], ['assessed', 'internal'], ['investigated', 'internal'], ['root_cause', 'internal'],
      ['decided', 'internal'], ['communicated', 'public'], ['closed', 'public'], ['followed_up', 'public']]);
    events.forEach((e) => conforms(e, 'CaseEvent'));
    assert.equal(events[2].body, 'Batch 2291 seals measured undersize');
    const entries = await audit('complaint', id);
    assert.equal(entries.length, 9, 'created and eight steps');
    assert.equal(entries.at(-1).before.step, 'closed');
    assert.equal(entries.at(-1).after.step, 'followed_up');
  });

  test('closing is refused until the root cause and the resolution exist, listing them (409)', async () => {
    const id = await newComplaint();
    await stepped(agent, id, 'acknowledged');
    const early = problem(await step(leader, id, 'closed'), 409);
    conforms(early, 'Problem');
    assert.deepEqual(early.expected, ['assessed']);
    assert.deepEqual(early.missing, ['severity', 'impact', 'investigation', 'root_cause', 'remedy', 'resolution']);
    await stepped(agent, id, 'assessed', { severity: 'minor', impact: 'Cosmetic scratch' });
    await stepped(agent, id, 'investigated', { investigation: 'Packaging rubbed in transit' });
    const p = problem(await step(leader, id, 'root_cause'), 409);
    assert.deepEqual(p.missing, ['root_cause']);
    const c = await leader.read(`/api/v1/cases/${id}/complaint`);
    assert.equal(c.step, 'investigated');
    assert.deepEqual(c.next[0], { step: 'root_cause', missing: ['root_cause'], permitted: true });
    await stepped(leader, id, 'root_cause', { five_whys: ['Box too small'] });
    assert.deepEqual(problem(await step(leader, id, 'decided', { remedy: 'credit' }), 409).missing, ['resolution']);
    const late = problem(await step(leader, id, 'closed'), 409);
    assert.deepEqual([late.expected, late.missing], [['decided'], ['remedy', 'resolution']]);
  });

  test('a step out of order names the expected next step and changes nothing', async () => {
    const id = await newComplaint();
    const before = await complaint(id);
    const p = problem(await step(agent, id, 'investigated', { investigation: 'x' }), 409);
    assert.deepEqual(p.expected, ['acknowledged']);
    assert.deepEqual(await complaint(id), before);
  });

  test('a systemic root cause is escalated and cannot close without a CAPA', async () => {
    const id = await newComplaint();
    const rc = await toRootCause(id, { cause_category: 'method', systemic: true });
    assert.equal(rc.escalation_level, 'quality_manager');
    await stepped(leader, id, 'decided', { remedy: 'repair', resolution: 'Repaired on site' });
    await stepped(agent, id, 'communicated');
    assert.deepEqual(problem(await step(leader, id, 'closed'), 409).missing, ['capa']);
    await quality.create('/api/v1/capas', capa(id));
    await stepped(leader, id, 'closed');
  });

  test('a safety complaint goes to the quality manager at once', async () => {
    const id = await newComplaint();
    await stepped(agent, id, 'acknowledged');
    const c = await stepped(agent, id, 'assessed', { severity: 'safety', impact: 'Hot surface burnt an operator' });
    assert.equal(c.escalation_level, 'quality_manager');
    assert.equal(c.escalations.length, 1);
    assert.equal(c.escalations[0].level, 'quality_manager');
    assert.equal(c.escalations[0].reason, 'safety complaint');
    const e = (await timeline(id)).find((x) => x.kind === 'escalation');
    assert.equal(e.visibility, 'internal');
  });

  test('a customer who rejects the remedy sends the complaint back to decided', async () => {
    const id = await newComplaint();
    await toRootCause(id);
    await stepped(leader, id, 'decided', { remedy: 'explain', resolution: 'Within tolerance' });
    await stepped(agent, id, 'communicated');
    const again = await stepped(leader, id, 'decided', { remedy: 'replace', resolution: 'Replaced after all' });
    assert.equal(again.remedy, 'replace');
  });
});

describe('escalations', () => {
  test('a reason is required (422 naming reason) and nothing is recorded', async () => {
    const id = await newComplaint();
    problem(await agent.post(`/api/v1/cases/${id}/complaint/escalations`, { level: 'team_leader' }), 422, 'reason');
    problem(await agent.post(`/api/v1/cases/${id}/complaint/escalations`, { level: 'team_leader', reason: '' }), 422, 'reason');
    problem(await agent.post(`/api/v1/cases/${id}/complaint/escalations`, { level: 'boss', reason: 'x' }), 422, 'level');
    assert.equal((await complaint(id)).escalations.length, 0);
  });

  test('an escalation raises the level; the same level again is refused', async () => {
    const id = await newComplaint();
    const r = await agent.post(`/api/v1/cases/${id}/complaint/escalations`, { level: 'director', reason: 'Key account threatens to leave' });
    assert.equal(r.status, 201, String(r));
    conforms(r.json, 'ComplaintEscalation');
    assert.equal((await complaint(id)).escalation_level, 'director');
    problem(await agent.post(`/api/v1/cases/${id}/complaint/escalations`, { level: 'team_leader', reason: 'x' }), 409);
  });
});

describe('bad input writes nothing', () => {
  test('unknown step, unknown 6M category, empty five-whys item, a field of another step', async () => {
    const id = await newComplaint();
    await stepped(agent, id, 'acknowledged');
    await stepped(agent, id, 'assessed', { severity: 'major', impact: 'Leak' });
    await stepped(agent, id, 'investigated', { investigation: 'Found it' });
    const before = await complaint(id);
    const events = (await timeline(id)).length;
    problem(await step(leader, id, 'pondered'), 422, 'step');
    problem(await leader.post(`/api/v1/cases/${id}/complaint/steps`, {}), 422, 'step');
    problem(await step(leader, id, 'root_cause', { cause_category: 'money' }), 422, 'cause_category');
    problem(await step(leader, id, 'root_cause', { five_whys: ['Leak', ''] }), 422, 'five_whys');
    problem(await step(leader, id, 'root_cause', { five_whys: ['   '] }), 422, 'five_whys');
    problem(await step(leader, id, 'root_cause', { five_whys: [] }), 422, 'five_whys');
    problem(await step(leader, id, 'root_cause', { five_whys: 'because' }), 422, 'five_whys');
    problem(await step(leader, id, 'root_cause', { five_whys: ['a', 'b', 'c', 'd', 'e', 'f'] }), 422, 'five_whys');
    problem(await step(leader, id, 'root_cause', { cause_category: 'man', remedy: 'credit' }), 422, 'remedy');
    problem(await step(leader, id, 'root_cause', { systemic: 'yes', cause_category: 'man' }), 422, 'systemic');
    problem(await leader.post(`/api/v1/cases/${id}/complaint/steps`, '{"step":'), 400);
    assert.deepEqual(await complaint(id), before);
    assert.equal((await timeline(id)).length, events);
  });
});

describe('CAPAs', () => {
  test('raised from a complaint, listed by filters, checked for effectiveness once done', async () => {
    const id = await newComplaint();
    const made = await quality.create('/api/v1/capas', capa(id, { due_on: '2026-05-01' }));
    conforms(made, 'Capa');
    assert.equal(made.status, 'open');
    assert.equal(made.owner_name, quality.user.display_name);
    const listed = await agent.read(withQuery('/api/v1/capas', { case_id: id }));
    assert.deepEqual(listed.items.map((x) => x.id), [made.id]);
    assert.ok((await agent.read(withQuery('/api/v1/capas', { owner_id: quality.user.id, status: 'open' }))).items.every((x) => x.status === 'open' && x.owner_id === quality.user.id));
    const early = await quality.patch(`/api/v1/capas/${made.id}`, { effectiveness: 'verified_effective', effectiveness_note: 'No leaks' }, { ifMatch: made.version });
    problem(early, 422, 'effectiveness');
    const done = (await quality.patch(`/api/v1/capas/${made.id}`, { status: 'done' }, { ifMatch: made.version })).json;
    problem(await quality.patch(`/api/v1/capas/${made.id}`, { effectiveness: 'verified_effective' }, { ifMatch: done.version }), 422, 'effectiveness_note');
    const r = await quality.patch(`/api/v1/capas/${made.id}`, { effectiveness: 'verified_effective', effectiveness_note: 'No leaks in 3 months' }, { ifMatch: done.version });
    assert.equal(r.status, 200, String(r));
    assert.equal(r.json.verified_by_id, quality.user.id);
    assert.ok(r.json.verified_at);
    const entries = await audit('capa', made.id);
    assert.deepEqual(entries.map((e) => e.action), ['create', 'update', 'update']);
  });

  test('a CAPA needs a complaint case and valid fields', async () => {
    const other = await agent.create('/api/v1/cases', { account_id: account.id, type: 'enquiry', subject: 'A question' });
    problem(await quality.post('/api/v1/capas', capa(other.id)), 422, 'case_id');
    const id = await newComplaint();
    problem(await quality.post('/api/v1/capas', capa(id, { due_on: '30/06/2026' })), 422, 'due_on');
    problem(await quality.post('/api/v1/capas', capa(id, { status: 'finished' })), 422, 'status');
    problem(await quality.post('/api/v1/capas', capa(id, { verified_at: '2026-01-01T00:00:00Z' })), 422, 'verified_at');
    assert.equal((await agent.read(withQuery('/api/v1/capas', { case_id: id }))).items.length, 0);
  });
});

describe('who must not', () => {
  test('an agent cannot take root cause, decision or closure, nor raise or verify a CAPA', async () => {
    const id = await newComplaint();
    await stepped(agent, id, 'acknowledged');
    await stepped(agent, id, 'assessed', { severity: 'major', impact: 'Leak' });
    await stepped(agent, id, 'investigated', { investigation: 'Found it' });
    problem(await step(agent, id, 'root_cause', { cause_category: 'machine' }), 403);
    assert.equal((await complaint(id)).step, 'investigated');
    assert.equal((await complaint(id)).next[0].permitted, false);
    problem(await agent.post('/api/v1/capas', capa(id)), 403);
    const made = await quality.create('/api/v1/capas', capa(id, { status: 'done' }));
    problem(await agent.patch(`/api/v1/capas/${made.id}`, { effectiveness: 'verified_effective', effectiveness_note: 'x' }, { ifMatch: made.version }), 403);
    assert.deepEqual(await quality.read(`/api/v1/capas/${made.id}`), made);
    problem(await leader.patch(`/api/v1/capas/${made.id}`, { status: 'open' }, { ifMatch: made.version }), 403);
  });

  test('an auditor reads but cannot advance a step or escalate', async () => {
    const id = await newComplaint();
    const before = await auditor.read(`/api/v1/cases/${id}/complaint`);
    problem(await step(auditor, id, 'acknowledged'), 403);
    problem(await auditor.post(`/api/v1/cases/${id}/complaint/escalations`, { level: 'director', reason: 'x' }), 403);
    problem(await auditor.post('/api/v1/capas', capa(id)), 403);
    assert.ok(Array.isArray((await auditor.read('/api/v1/capas')).items));
    assert.deepEqual(await auditor.read(`/api/v1/cases/${id}/complaint`), before);
  });

  test('a complaint case stays a complaint', async () => {
    const id = await newComplaint();
    const c = await agent.read(`/api/v1/cases/${id}`);
    problem(await agent.patch(`/api/v1/cases/${id}`, { type: 'enquiry' }, { ifMatch: c.version }), 409);
    assert.equal((await agent.read(`/api/v1/cases/${id}`)).type, 'complaint');
  });
});

describe('reports', () => {
  test('the Pareto of root causes counts categories, most first, with cumulative percentage', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const r = await agent.read(withQuery('/api/v1/reports/complaints/pareto', { from: today, to: today }));
    conforms(r, 'ComplaintPareto');
    const counts = r.categories.map((x) => x.count);
    assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
    assert.equal(r.total, counts.reduce((a, b) => a + b, 0));
    if (r.categories.length) assert.equal(r.categories.at(-1).cumulative_percent, 100);
    problem(await agent.get(withQuery('/api/v1/reports/complaints/pareto', { from: today })), 400);
    problem(await agent.get(withQuery('/api/v1/reports/complaints/pareto', { from: '2026-13-01', to: today })), 400);
  });
});

describe('complaints over time', () => {
  const over = (params) => agent.get(withQuery('/api/v1/reports/complaints', params));
  const read = async (params) => {
    const r = await over(params);
    assert.equal(r.status, 200, String(r));
    conforms(r.json, 'ComplaintsOverTime');
    return r.json;
  };
  const now = new Date();
  const today = now.toISOString().slice(0, 10);
  const thisMonth = today.slice(0, 7);
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  const range = { from: `${lastMonth}-01`, to: today };
  const byKey = (report) => Object.fromEntries(report.groups.map((g) => [String(g.key), g]));
  /** Groups most first, each's counts adding up to its total, the totals to the report's. */
  function consistent(report) {
    const totals = report.groups.map((g) => g.total);
    assert.deepEqual(totals, [...totals].sort((a, b) => b - a));
    for (const g of report.groups) {
      assert.equal(g.counts.length, report.months.length);
      assert.equal(g.counts.reduce((a, b) => a + b, 0), g.total, g.label);
    }
    assert.equal(report.total, totals.reduce((a, b) => a + b, 0));
  }

  test('complaints are counted per month by category, product and account', async () => {
    const before = await read({ ...range, group_by: 'category' });
    const mine = await agent.create('/api/v1/accounts', make.account());
    const [seal, pump] = await Promise.all([make.part(), make.part()].map((p) => signIn('admin').then((a) => a.create('/api/v1/parts', p))));
    const open = async (part_id) => (await agent.create('/api/v1/cases', { account_id: mine.id, type: 'complaint', subject: `Report ${uniq()}`, ...(part_id ? { part_id } : {}) })).id;
    const ids = [await open(seal.id), await open(seal.id), await open(pump.id), await open(null)];
    await toRootCause(ids[0]);
    await toRootCause(ids[1]);
    await toRootCause(ids[2], { cause_category: 'method', five_whys: ['Wrong torque', 'Old work instruction'] });

    const after = await read({ ...range, group_by: 'category' });
    assert.deepEqual(after.months, [lastMonth, thisMonth]);
    assert.deepEqual([after.group_by, after.from, after.to], ['category', range.from, range.to]);
    consistent(after);
    assert.equal(after.total - before.total, 4);
    const was = byKey(before), is = byKey(after);
    const grew = (key) => [0, 1].map((m) => is[key].counts[m] - (was[key]?.counts[m] ?? 0));
    assert.deepEqual(grew('material'), [0, 2]);
    assert.deepEqual(grew('method'), [0, 1]);
    assert.deepEqual(grew('null'), [0, 1]);
    assert.equal(is.null.label, 'not yet known');

    const products = await read({ ...range, group_by: 'product' });
    consistent(products);
    const parts = byKey(products);
    assert.deepEqual(parts[seal.id], { key: seal.id, label: `${seal.part_number} ${seal.name}`, counts: [0, 2], total: 2 });
    assert.deepEqual(parts[pump.id], { key: pump.id, label: `${pump.part_number} ${pump.name}`, counts: [0, 1], total: 1 });
    assert.ok(products.groups.indexOf(parts[seal.id]) < products.groups.indexOf(parts[pump.id]));
    assert.equal(parts.null.label, 'no part');

    const accounts = await read({ ...range, group_by: 'account' });
    consistent(accounts);
    assert.ok(accounts.groups.filter((g) => g.key !== null).length <= 10, 'the top ten accounts, the rest together');
    assert.deepEqual(byKey(accounts)[mine.id], { key: mine.id, label: mine.name, counts: [0, 4], total: 4 });
  });

  test('by default by category over the last twelve months', async () => {
    const r = await read({});
    assert.equal(r.group_by, 'category');
    assert.equal(r.to, today);
    assert.equal(r.months.length, 12);
    assert.equal(r.months.at(-1), thisMonth);
    assert.equal(r.from, `${r.months[0]}-01`);
    consistent(r);
    assert.equal((await read({ from: '2020-01-01', to: '2024-12-31' })).months.length, 60);
  });

  test('bad input is refused naming the field', async () => {
    problem(await over({ group_by: 'team' }), 400, 'group_by');
    problem(await over({ from: '2026-02-30' }), 400, 'from');
    problem(await over({ from: today, to: 'tomorrow' }), 400, 'to');
    problem(await over({ from: '2026-05-02', to: '2026-05-01' }), 400, 'to');
    problem(await over({ from: '2020-01-01', to: '2025-01-01' }), 400, 'to');
    problem(await over({ colour: 'red' }), 400);
  });
});
