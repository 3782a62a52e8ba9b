// Cases: the status workflow (docs/CASES.md), replies and notes on the case
// timeline and who may see them, first-contact resolution, reopening, who
// must not change cases, bad input that changes nothing, versions, filters
// and paging.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { anon, cli, conforms, ctx, make, problem, signIn, signInAs, uniq, withQuery } from './lib.mjs';

let agent, leader, admin, auditor;
let account;
before(async () => {
  [agent, leader, admin, auditor] = await Promise.all(['agent', 'team_leader', 'admin', 'auditor'].map(signIn));
  account = await agent.create('/api/v1/accounts', make.account());
});

const cases = '/api/v1/cases';
const newCase = (o = {}) => agent.create(cases, { account_id: account.id, type: 'technical_support', subject: `Pump ${uniq()} leaks`, ...o });
const move = (c, id, status, o = {}) => c.post(`${cases}/${id}/status`, { status, ...o });
/** Moves expecting 200; returns the case. */
async function moved(c, id, status, o) {
  const r = await move(c, id, status, o);
  assert.equal(r.status, 200, String(r));
  assert.equal(r.json.status, status);
  assert.equal(r.headers.get('etag'), `"${r.json.version}"`);
  return r.json;
}
const reply = (id, body, direction) => agent.post(`${cases}/${id}/replies`, direction ? { body, direction } : { body });
const timeline = async (id, q = {}) => (await agent.read(withQuery(`${cases}/${id}/timeline`, { limit: 200, ...q }))).items;

describe('workflow', () => {
  test('a new case is new, version 1, with defaults, and matches the documented shape', async () => {
    const c = await newCase({ required_skills: ['hydraulics', 'german'] });
    conforms(c, 'Case');
    assert.equal(c.status, 'new');
    assert.equal(c.version, 1);
    assert.equal(c.priority, 3);
    assert.equal(c.reopen_count, 0);
    assert.equal(c.first_contact_resolution, false);
    assert.deepEqual(c.required_skills, ['hydraulics', 'german']);
    assert.equal(c.account_name, account.name);
    assert.equal(c.resolved_at, null);
    assert.deepEqual(await agent.read(`${cases}/${c.id}`), c);
  });

  test('new → open → waiting_on_customer → open → resolved → closed, each recorded on the timeline', async () => {
    const c = await newCase();
    const path = ['open', 'waiting_on_customer', 'open', 'resolved', 'closed'];
    let last = c;
    for (const s of path) last = await moved(agent, c.id, s);
    assert.equal(last.version, 1 + path.length);
    assert.ok(last.resolved_at && last.closed_at);
    const events = (await timeline(c.id)).filter((e) => e.kind === 'status_change').reverse();
    assert.deepEqual(events.map((e) => [e.from_status, e.to_status]),
      [['new', 'open'], ['open', 'waiting_on_customer'], ['waiting_on_customer', 'open'], ['open', 'resolved'], ['resolved', 'closed']]);
    for (const e of events) {
      conforms(e, 'CaseEvent');
      assert.equal(e.visibility, 'public');
      assert.equal(e.author_id, agent.user.id);
    }
  });

  test('a refused move answers 409 with the allowed next statuses and changes nothing', async () => {
    const c = await newCase();
    await moved(agent, c.id, 'open');
    const before = await agent.read(`${cases}/${c.id}`);
    const p = problem(await move(agent, c.id, 'closed'), 409);
    conforms(p, 'Problem');
    assert.deepEqual(p.allowed, ['waiting_on_customer', 'waiting_on_internal', 'resolved']);
    assert.deepEqual(problem(await move(agent, c.id, 'new'), 409).allowed, ['waiting_on_customer', 'waiting_on_internal', 'resolved']);
    assert.deepEqual(problem(await move(agent, c.id, 'reopened', { reason: 'x' }), 409).allowed.length, 3);
    assert.deepEqual(await agent.read(`${cases}/${c.id}`), before);
    assert.equal((await timeline(c.id)).filter((e) => e.kind === 'status_change').length, 1);
  });

  test('closing a new case and reopening need a reason (422 naming reason)', async () => {
    const c = await newCase();
    problem(await move(agent, c.id, 'closed'), 422, 'reason');
    problem(await move(agent, c.id, 'closed', { reason: '' }), 422, 'reason');
    const closed = await moved(agent, c.id, 'closed', { reason: 'duplicate of another case' });
    assert.equal(closed.resolved_at, null);
    const [e] = await timeline(c.id, { visibility: 'public' });
    assert.equal(e.body, 'duplicate of another case');
  });

  test('a closed case: an agent may not reopen it, a team leader may, and the reopen count goes up', async () => {
    const c = await newCase();
    await moved(agent, c.id, 'resolved');
    await moved(agent, c.id, 'closed');
    assert.deepEqual(problem(await move(agent, c.id, 'reopened', { reason: 'still leaking' }), 409).allowed, []);
    assert.deepEqual(problem(await move(leader, c.id, 'open'), 409).allowed, ['reopened']);
    const reopened = await moved(leader, c.id, 'reopened', { reason: 'still leaking' });
    assert.equal(reopened.reopen_count, 1);
    assert.equal(reopened.resolved_at, null);
    assert.equal(reopened.closed_at, null);
    await moved(agent, c.id, 'resolved');
    const again = await moved(agent, c.id, 'reopened', { reason: 'leaking again' });
    assert.equal(again.reopen_count, 2);
    assert.equal(again.first_contact_resolution, false);
  });

  test('a reply to a closed case is refused (409) and not recorded', async () => {
    const c = await newCase();
    await moved(agent, c.id, 'resolved');
    await moved(agent, c.id, 'closed');
    const n = (await timeline(c.id)).length;
    problem(await reply(c.id, 'one more thing'), 409);
    assert.equal((await timeline(c.id)).length, n);
    assert.equal((await agent.read(`${cases}/${c.id}`)).outbound_replies, 0);
  });
});

describe('first-contact resolution', () => {
  test('one answer and nothing more from the customer: resolved at first contact', async () => {
    const c = await newCase();
    const r = await reply(c.id, 'Fit the seal kit SK-204; it ships today.');
    assert.equal(r.status, 201, String(r));
    const done = await moved(agent, c.id, 'resolved');
    assert.equal(done.first_contact_resolution, true);
    assert.equal(done.outbound_replies, 1);
  });

  test('the customer writing again means it was not', async () => {
    const c = await newCase();
    await reply(c.id, 'Try the seal kit.');
    await reply(c.id, 'That did not help.', 'inbound');
    const done = await moved(agent, c.id, 'resolved');
    assert.equal(done.first_contact_resolution, false);
    assert.equal(done.inbound_replies, 1);
  });

  test('a second reply from us means it was not', async () => {
    const c = await newCase();
    await reply(c.id, 'Try the seal kit.');
    await reply(c.id, 'Also check the pressure.');
    assert.equal((await moved(agent, c.id, 'resolved')).first_contact_resolution, false);
  });

  test('reopening clears it and a later resolution does not bring it back', async () => {
    const c = await newCase();
    assert.equal((await moved(agent, c.id, 'resolved')).first_contact_resolution, true);
    assert.equal((await moved(agent, c.id, 'reopened', { reason: 'not fixed' })).first_contact_resolution, false);
    assert.equal((await moved(agent, c.id, 'resolved')).first_contact_resolution, false);
  });

  test("the customer's reply ends a wait on the customer: the case is open again", async () => {
    const c = await newCase();
    await moved(agent, c.id, 'waiting_on_customer');
    const r = await reply(c.id, 'Here are the photos.', 'inbound');
    assert.equal(r.status, 201, String(r));
    conforms(r.json, 'CaseEvent');
    assert.equal(r.json.direction, 'inbound');
    assert.equal((await agent.read(`${cases}/${c.id}`)).status, 'open');
    const [last] = (await timeline(c.id)).filter((e) => e.kind === 'status_change');
    assert.deepEqual([last.from_status, last.to_status], ['waiting_on_customer', 'open']);
  });
});

describe('timeline visibility', () => {
  test('an internal note is on the staff timeline but in no public view', async () => {
    const acct = await agent.create('/api/v1/accounts', make.account());
    const c = await newCase({ account_id: acct.id, description: 'The pump on line 2 drips oil.' });
    const secret = uniq('secret');
    const note = await agent.post(`${cases}/${c.id}/notes`, { body: `Customer overtightened it, ${secret}` });
    assert.equal(note.status, 201, String(note));
    conforms(note.json, 'CaseEvent');
    assert.equal(note.json.visibility, 'internal');
    await reply(c.id, 'We will send a technician.');
    await moved(agent, c.id, 'resolved');

    const all = await timeline(c.id);
    assert.deepEqual(all.map((e) => e.kind), ['status_change', 'reply', 'note']);
    const pub = await timeline(c.id, { visibility: 'public' });
    assert.deepEqual(pub.map((e) => e.kind), ['status_change', 'reply']);
    assert.ok(!JSON.stringify(pub).includes(secret));
    assert.deepEqual((await timeline(c.id, { visibility: 'internal' })).map((e) => e.kind), ['note']);

    const acctLine = await agent.read(`/api/v1/accounts/${acct.id}/timeline`);
    conforms(acctLine, 'TimelineItemList');
    const item = acctLine.items.find((x) => x.kind === 'case');
    assert.equal(item.id, c.id);
    assert.equal(item.title, c.subject);
    assert.equal(item.status, 'resolved');
    assert.equal(item.ref.case_id, c.id);
    assert.ok(!JSON.stringify(acctLine).includes(secret), 'a note leaked into the account timeline');
  });

  test('a note may not carry a direction, and notes do not count as replies', async () => {
    const c = await newCase();
    problem(await agent.post(`${cases}/${c.id}/notes`, { body: 'x', direction: 'inbound' }), 422, 'direction');
    await agent.post(`${cases}/${c.id}/notes`, { body: 'checked stock' });
    const after = await agent.read(`${cases}/${c.id}`);
    assert.equal(after.version, 1);
    assert.equal(after.inbound_replies + after.outbound_replies, 0);
  });

  test('the timeline pages newest first without loss or repetition', async () => {
    const c = await newCase();
    for (let i = 0; i < 5; i++) await agent.post(`${cases}/${c.id}/notes`, { body: `note ${i}` });
    const seen = [];
    let after;
    for (let i = 0; i < 10; i++) {
      const page = await agent.read(withQuery(`${cases}/${c.id}/timeline`, { limit: 2, after }));
      conforms(page, 'CaseEventList');
      seen.push(...page.items.map((e) => e.body));
      if (!(after = page.next)) break;
    }
    assert.deepEqual(seen, ['note 4', 'note 3', 'note 2', 'note 1', 'note 0']);
  });

  test('the timeline of a case that does not exist answers 404', async () => {
    problem(await agent.get(`${cases}/999999999/timeline`), 404);
    problem(await agent.get(`${cases}/1/timeline?visibility=secret`), 400, 'visibility');
  });
});

describe('changes', () => {
  test('PATCH changes priority and subject, not status; If-Match is required and checked', async () => {
    const c = await newCase();
    problem(await agent.patch(`${cases}/${c.id}`, { priority: 1 }), 428);
    problem(await agent.patch(`${cases}/${c.id}`, { priority: 1 }, { ifMatch: 7 }), 412);
    problem(await agent.patch(`${cases}/${c.id}`, { status: 'closed' }, { ifMatch: 1 }), 422, 'status');
    const r = await agent.patch(`${cases}/${c.id}`, { priority: 1, subject: 'Line down: pump seal' }, { ifMatch: 1 });
    assert.equal(r.status, 200, String(r));
    assert.equal(r.json.priority, 1);
    assert.equal(r.json.version, 2);
    assert.equal(r.json.status, 'new');
    assert.equal(r.headers.get('etag'), '"2"');
    problem(await agent.patch(`${cases}/${c.id}`, { priority: 2 }, { ifMatch: 1 }), 412);
    assert.equal((await agent.read(`${cases}/${c.id}`)).priority, 1);
  });

  test('a status move with a stale If-Match answers 412; a reply makes a new version', async () => {
    const c = await newCase();
    await reply(c.id, 'On it.');
    const now = await agent.read(`${cases}/${c.id}`);
    assert.equal(now.version, 2);
    problem(await agent.post(`${cases}/${c.id}/status`, { status: 'open' }, { ifMatch: 1 }), 412);
    assert.equal((await agent.read(`${cases}/${c.id}`)).status, 'new');
    const r = await agent.post(`${cases}/${c.id}/status`, { status: 'open' }, { ifMatch: 2 });
    assert.equal(r.status, 200, String(r));
  });

  test('a case created without a team goes to its creator\'s team; a team given is kept', async () => {
    const [home, other] = await Promise.all([1, 2].map(() => admin.create('/api/v1/teams', { name: `Desk ${uniq()}` })));
    const body = { username: uniq('desk.'), display_name: 'Dana Price', role: 'agent', team_id: home.id, password: 'Desk-password-1' };
    await admin.create('/api/v1/users', body);
    const member = await signInAs(body);
    const fields = { account_id: account.id, type: 'enquiry', subject: `Lead time ${uniq()}` };
    assert.equal((await member.create(cases, fields)).team_id, home.id);
    assert.equal((await member.create(cases, { ...fields, team_id: other.id })).team_id, other.id);
    assert.equal((await newCase()).team_id, null, 'a creator without a team leaves the case without one');
  });

  test('a new assignee or team is an internal assignment event, and the change is audited', async () => {
    const team = await admin.create('/api/v1/teams', { name: `Team ${uniq()}` });
    const c = await newCase();
    const r = await agent.patch(`${cases}/${c.id}`, { assignee_id: agent.user.id, team_id: team.id }, { ifMatch: 1 });
    assert.equal(r.status, 200, String(r));
    assert.equal(r.json.assignee_name, agent.user.display_name);
    const r2 = await agent.patch(`${cases}/${c.id}`, { priority: 2 }, { ifMatch: 2 });
    assert.equal(r2.status, 200, String(r2));
    const events = await timeline(c.id);
    assert.equal(events.length, 1, 'only the assignment made an event');
    const [e] = events;
    assert.equal(e.kind, 'assignment_change');
    assert.equal(e.visibility, 'internal');
    assert.deepEqual([e.from_assignee_id, e.to_assignee_id, e.from_team_id, e.to_team_id], [null, agent.user.id, null, team.id]);
    assert.equal((await timeline(c.id, { visibility: 'public' })).length, 0);

    await moved(agent, c.id, 'open');
    await agent.post(`${cases}/${c.id}/notes`, { body: 'audited note' });
    const audit = await auditor.read(withQuery('/api/v1/audit', { entity: 'case', id: c.id }));
    assert.deepEqual(audit.items.map((x) => x.action), ['create', 'update', 'update', 'update']);
    const status = audit.items[3];
    assert.equal(status.before.status, 'new');
    assert.equal(status.after.status, 'open');
    const notes = await auditor.read(withQuery('/api/v1/audit', { entity: 'case_event' }));
    assert.ok(notes.items.some((x) => x.action === 'create' && x.after?.body === 'audited note'));
  });

  test('the contact, order and asset must belong to the case\'s account', async () => {
    const other = await agent.create('/api/v1/accounts', make.account());
    const contact = await agent.create('/api/v1/contacts', make.contact(other.id));
    const asset = await agent.create('/api/v1/assets', make.asset(other.id));
    const before = (await agent.all(withQuery(cases, { account_id: account.id }))).length;
    problem(await agent.post(cases, { account_id: account.id, type: 'return', subject: 'RMA', contact_id: contact.id }), 422, 'contact_id');
    problem(await agent.post(cases, { account_id: account.id, type: 'return', subject: 'RMA', asset_id: asset.id }), 422, 'asset_id');
    assert.equal((await agent.all(withQuery(cases, { account_id: account.id }))).length, before);
    const ok = await newCase({ account_id: other.id, contact_id: contact.id, asset_id: asset.id, channel: 'email' });
    assert.equal(ok.contact_id, contact.id);
  });
});

describe('who must not', () => {
  test('an auditor reads cases but cannot open, change, reply, note or move one', async () => {
    const c = await newCase();
    assert.equal((await auditor.read(`${cases}/${c.id}`)).id, c.id);
    const n = (await agent.all(cases)).length;
    problem(await auditor.post(cases, { account_id: account.id, type: 'enquiry', subject: 'no' }), 403);
    problem(await auditor.patch(`${cases}/${c.id}`, { priority: 1 }, { ifMatch: 1 }), 403);
    problem(await auditor.post(`${cases}/${c.id}/replies`, { body: 'no' }), 403);
    problem(await auditor.post(`${cases}/${c.id}/notes`, { body: 'no' }), 403);
    problem(await move(auditor, c.id, 'open'), 403);
    assert.equal((await agent.all(cases)).length, n);
    assert.deepEqual(await agent.read(`${cases}/${c.id}`), c);
    assert.equal((await timeline(c.id)).length, 0);
  });

  test('without signing in: 401, nothing written', async () => {
    const c = await newCase();
    problem(await anon.get(cases), 401);
    problem(await anon.get(`${cases}/${c.id}`), 401);
    problem(await anon.get(`${cases}/${c.id}/timeline`), 401);
    problem(await anon.post(cases, { account_id: account.id, type: 'enquiry', subject: 'anon' }), 401);
    problem(await anon.post(`${cases}/${c.id}/replies`, { body: 'anon' }), 401);
    problem(await anon.post(`${cases}/${c.id}/status`, { status: 'open' }), 401);
    assert.deepEqual(await agent.read(`${cases}/${c.id}`), c);
  });

  test('HR reads neither cases nor the cases on an account timeline', async () => {
    const hr = { username: uniq('hr'), password: `Pw-hr-${process.pid}-secret` };
    const made = cli(['user', 'add', '--db', ctx.db, '--username', hr.username, '--display-name', 'HR', '--role', 'hr', '--password-stdin'], `${hr.password}\n`);
    assert.equal(made.status, 0, made.stderr);
    const h = await signInAs(hr);
    const acct = await agent.create('/api/v1/accounts', make.account());
    const c = await newCase({ account_id: acct.id });
    problem(await h.get(cases), 403);
    problem(await h.get(`${cases}/${c.id}`), 403);
    problem(await h.get(`${cases}/${c.id}/timeline`), 403);
    assert.deepEqual((await h.read(`/api/v1/accounts/${acct.id}/timeline`)).items, []);
    assert.equal((await agent.read(`/api/v1/accounts/${acct.id}/timeline`)).items.length, 1);
  });
});

describe('bad input changes nothing', () => {
  const ids = async () => (await agent.all(cases)).map((x) => x.id);
  async function refusedCreate(body, field) {
    const before = await ids();
    problem(await agent.post(cases, body), 422, field);
    assert.deepEqual(await ids(), before);
  }
  const good = () => ({ account_id: account.id, type: 'enquiry', subject: 'Price of seal kits' });

  test('unknown type, priority 0 or 5, unknown or read-only fields, missing subject, unknown account', async () => {
    await refusedCreate({ ...good(), type: 'gripe' }, 'type');
    await refusedCreate({ ...good(), priority: 0 }, 'priority');
    await refusedCreate({ ...good(), priority: 5 }, 'priority');
    await refusedCreate({ ...good(), priority: '1' }, 'priority');
    await refusedCreate({ ...good(), colour: 'red' }, 'colour');
    await refusedCreate({ ...good(), status: 'open' }, 'status');
    await refusedCreate({ ...good(), reopen_count: 3 }, 'reopen_count');
    await refusedCreate({ ...good(), subject: '' }, 'subject');
    await refusedCreate({ account_id: account.id, type: 'enquiry' }, 'subject');
    await refusedCreate({ ...good(), account_id: 999999999 }, 'account_id');
    await refusedCreate({ ...good(), channel: 'pigeon' }, 'channel');
    await refusedCreate({ ...good(), required_skills: 'hydraulics' }, 'required_skills');
    await refusedCreate({ ...good(), required_skills: ['Hydraulics'] }, 'required_skills');
    await refusedCreate({ ...good(), required_skills: ['a', 'a'] }, 'required_skills');
    await refusedCreate({ ...good(), required_skills: Array.from({ length: 11 }, (_, i) => `s${i}`) }, 'required_skills');
  });

  test('an unknown status, an empty reply, an unknown direction or field: 4xx naming it, the case unchanged', async () => {
    const c = await newCase();
    problem(await move(agent, c.id, 'pending'), 422, 'status');
    problem(await agent.post(`${cases}/${c.id}/status`, {}), 422, 'status');
    problem(await move(agent, c.id, 'open', { why: 'x' }), 422, 'why');
    problem(await reply(c.id, ''), 422, 'body');
    problem(await agent.post(`${cases}/${c.id}/replies`, {}), 422, 'body');
    problem(await reply(c.id, 'hi', 'sideways'), 422, 'direction');
    problem(await agent.post(`${cases}/${c.id}/replies`, { body: 'hi', cc: 'x' }), 422, 'cc');
    problem(await agent.post(`${cases}/${c.id}/notes`, { body: '' }), 422, 'body');
    problem(await agent.post(`${cases}/${c.id}/replies`, '{"body":'), 400);
    problem(await agent.post(`${cases}/999999999/replies`, { body: 'hi' }), 404);
    problem(await move(agent, 999999999, 'open'), 404);
    assert.deepEqual(await agent.read(`${cases}/${c.id}`), c);
    assert.equal((await timeline(c.id)).length, 0);
  });

  test('bad list parameters answer 400 naming them', async () => {
    for (const [query, field] of [['status=bogus', 'status'], ['type=gripe', 'type'], ['priority=5', 'priority'], ['priority=0', 'priority'],
      ['assignee_id=x', 'assignee_id'], ['sort=colour', 'sort'], ['after=nope', 'after']]) {
      problem(await agent.get(`${cases}?${query}`), 400, field);
    }
    problem(await agent.get(`${cases}?colour=red`), 400);
  });
});

describe('lists', () => {
  let acct;
  const made = {};
  before(async () => {
    acct = await agent.create('/api/v1/accounts', make.account());
    const mk = (o) => newCase({ account_id: acct.id, ...o });
    made.low = await mk({ priority: 4, type: 'enquiry', subject: 'Catalogue request' });
    made.urgent = await mk({ priority: 1, type: 'complaint', subject: 'Gearbox failure on line 3', assignee_id: leader.user.id });
    made.rma = await mk({ priority: 2, type: 'return', subject: 'Return faulty gearbox bearings' });
    made.change = await mk({ priority: 2, type: 'order_change', subject: 'Rush order for seals' });
    made.internal = await mk({ priority: 3, type: 'internal_request', subject: 'Drawing check for production' });
    await moved(agent, made.rma.id, 'open');
  });
  const list = async (q) => (await agent.all(withQuery(cases, { account_id: acct.id, ...q }))).map((x) => x.id);

  test('filter by status, type, priority, assignee and account', async () => {
    assert.equal((await list({})).length, 5);
    assert.deepEqual(await list({ status: 'open' }), [made.rma.id]);
    assert.deepEqual(await list({ type: 'complaint' }), [made.urgent.id]);
    assert.deepEqual((await list({ priority: 2 })).sort(), [made.rma.id, made.change.id].sort());
    assert.deepEqual(await list({ assignee_id: leader.user.id }), [made.urgent.id]);
    assert.deepEqual(await list({ status: 'new', type: 'return' }), []);
    // several statuses, separated by commas: the rma case is open, the other four new
    assert.deepEqual((await list({ status: 'open,new' })).sort(), (await list({})).sort());
    assert.deepEqual(await list({ status: 'resolved,open' }), [made.rma.id]);
    for (const status of ['open,bogus', 'open,', ',open', 'open_']) problem(await agent.get(withQuery(cases, { status })), 400, 'status');
    const page = await agent.read(withQuery(cases, { account_id: acct.id }));
    conforms(page, 'CaseList');
  });

  test('q finds subjects by word prefixes, case ignored', async () => {
    assert.deepEqual((await list({ q: 'GEARB' })).sort(), [made.urgent.id, made.rma.id].sort());
    assert.deepEqual(await list({ q: 'gearbox bear' }), [made.rma.id]);
    assert.deepEqual(await list({ q: 'zzqx' }), []);
  });

  test('sorts: newest change first by default, newest opened, or by priority', async () => {
    const byUpdate = await agent.all(withQuery(cases, { account_id: acct.id }));
    const key = (x) => `${x.updated_at}|${String(x.id).padStart(12, '0')}`;
    assert.deepEqual(byUpdate.map(key), byUpdate.map(key).sort().reverse());
    // all opened within moments of each other: ties go newest id first
    assert.deepEqual(await list({ sort: '-opened_at' }), Object.values(made).map((x) => x.id).sort((a, b) => b - a));
    const byPriority = await agent.all(withQuery(cases, { account_id: acct.id, sort: 'priority' }));
    assert.deepEqual(byPriority.map((x) => x.priority), [1, 2, 2, 3, 4]);
  });

  test('pages with limit and after without loss or repetition', async () => {
    for (const sort of [undefined, '-opened_at', 'priority']) {
      const seen = [];
      let after;
      for (let i = 0; i < 10; i++) {
        const page = await agent.read(withQuery(cases, { account_id: acct.id, limit: 2, sort, after }));
        seen.push(...page.items.map((x) => x.id));
        if (!(after = page.next)) break;
      }
      assert.deepEqual([...seen].sort(), (await list({})).sort(), `sort ${sort}`);
      assert.equal(new Set(seen).size, 5, `sort ${sort}`);
    }
  });
});
