// Follow-up tasks: defaults, the outcome rule, links kept inside the account,
// filters, the audit trail, the account timeline, and who may not read or
// write them.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { anon, bearer, conforms, make, problem, signIn, signInNewUser, withQuery } from './lib.mjs';

const tasks = '/api/v1/tasks';
let agent, leader, auditor, account, other;
const task = (o = {}) => ({ kind: 'proactive_contact', account_id: account.id, due_on: '2026-03-10', title: 'Call about the spring order', ...o });

before(async () => {
  [agent, leader, auditor] = await Promise.all(['agent', 'team_leader', 'auditor'].map(signIn));
  account = await agent.create('/api/v1/accounts', make.account());
  other = await agent.create('/api/v1/accounts', make.account());
});

describe('tasks', () => {
  test('a new task is open, owned by its creator unless someone is named, and matches the schema', async () => {
    const t = await agent.create(tasks, task());
    conforms(t, 'Task');
    assert.equal(t.status, 'open');
    assert.equal(t.owner_id, agent.user.id);
    assert.equal(t.account_name, account.name);
    assert.equal(t.completed_at, null);
    assert.equal(t.survey_response_id, null);
    const named = await agent.create(tasks, task({ owner_id: leader.user.id, kind: 'win_back' }));
    assert.equal(named.owner_id, leader.user.id);
    assert.equal(named.owner_name, leader.user.display_name);
  });

  test('a task is done only with an outcome; finishing stamps completed_at and reopening clears it', async () => {
    const t = await agent.create(tasks, task());
    problem(await agent.patch(`${tasks}/${t.id}`, { status: 'done' }, { ifMatch: t.version }), 422, 'outcome');
    const done = (await agent.patch(`${tasks}/${t.id}`, { status: 'done', outcome: 'Ordered again' }, { ifMatch: t.version })).json;
    assert.equal(done.status, 'done');
    assert.ok(done.completed_at);
    const reopened = (await agent.patch(`${tasks}/${t.id}`, { status: 'open' }, { ifMatch: done.version })).json;
    assert.equal(reopened.completed_at, null);
    const cancelled = (await agent.patch(`${tasks}/${t.id}`, { status: 'cancelled', outcome: null }, { ifMatch: reopened.version })).json;
    assert.equal(cancelled.status, 'cancelled');
    assert.ok(cancelled.completed_at);
  });

  test('bad input is refused naming the field and nothing is stored', async () => {
    const before = (await agent.all(withQuery(tasks, { account_id: account.id }))).length;
    problem(await agent.post(tasks, task({ kind: 'gossip' })), 422, 'kind');
    problem(await agent.post(tasks, task({ due_on: '2026-02-30' })), 422, 'due_on');
    problem(await agent.post(tasks, task({ title: '' })), 422, 'title');
    problem(await agent.post(tasks, task({ account_id: 999999999 })), 422, 'account_id');
    problem(await agent.post(tasks, task({ survey_response_id: 1 })), 422, 'survey_response_id');
    const foreign = await agent.create('/api/v1/contacts', make.contact(other.id));
    problem(await agent.post(tasks, task({ contact_id: foreign.id })), 422, 'contact_id');
    const foreignCase = await agent.create('/api/v1/cases', { account_id: other.id, type: 'enquiry', subject: 'Elsewhere' });
    problem(await agent.post(tasks, task({ case_id: foreignCase.id })), 422, 'case_id');
    problem(await agent.get(withQuery(tasks, { status: 'finished' })), 400);
    problem(await agent.get(withQuery(tasks, { kind: 'gossip' })), 400);
    assert.equal((await agent.all(withQuery(tasks, { account_id: account.id }))).length, before);
  });

  test('the list filters by owner, account, status and kind, soonest due first', async () => {
    const acct = await agent.create('/api/v1/accounts', make.account());
    const late = await agent.create(tasks, task({ account_id: acct.id, due_on: '2026-06-01' }));
    const soon = await agent.create(tasks, task({ account_id: acct.id, due_on: '2026-04-01', kind: 'loyalty_review' }));
    const theirs = await agent.create(tasks, task({ account_id: acct.id, due_on: '2026-05-01', owner_id: leader.user.id }));
    const ids = async (q) => (await auditor.all(withQuery(tasks, { account_id: acct.id, ...q }))).map((t) => t.id);
    assert.deepEqual(await ids({}), [soon.id, theirs.id, late.id]);
    assert.deepEqual(await ids({ owner_id: leader.user.id }), [theirs.id]);
    assert.deepEqual(await ids({ kind: 'loyalty_review' }), [soon.id]);
    await agent.patch(`${tasks}/${late.id}`, { status: 'done', outcome: 'Spoke to buyer' }, { ifMatch: late.version });
    assert.deepEqual(await ids({ status: 'open' }), [soon.id, theirs.id]);
    assert.deepEqual(await ids({ status: 'done' }), [late.id]);
  });

  test('every change is audited with the task before and after', async () => {
    const t = await agent.create(tasks, task());
    await agent.patch(`${tasks}/${t.id}`, { notes: 'Left a message' }, { ifMatch: t.version });
    const entries = (await bearer('admin').read(withQuery('/api/v1/audit', { entity: 'task', id: t.id }))).items;
    assert.deepEqual(entries.map((e) => e.action), ['create', 'update']);
    assert.equal(entries[1].after.notes, 'Left a message');
  });

  test('tasks show on the account timeline, to those who may read them', async () => {
    const acct = await agent.create('/api/v1/accounts', make.account());
    const t = await agent.create(tasks, task({ account_id: acct.id, title: 'Visit the plant' }));
    const items = (await agent.read(`/api/v1/accounts/${acct.id}/timeline`)).items;
    const item = items.find((i) => i.kind === 'task');
    assert.equal(item.id, t.id);
    assert.equal(item.title, 'Visit the plant');
    assert.equal(item.status, 'open');
    assert.equal(item.ref.task_id, t.id);
    conforms(item, 'TimelineItem');
    const hr = await signInNewUser('hr');
    assert.deepEqual((await hr.read(`/api/v1/accounts/${acct.id}/timeline`)).items, []);
  });

  test('HR may not read tasks, an auditor may not write them, anonymous may do neither', async () => {
    const t = await agent.create(tasks, task());
    const hr = await signInNewUser('hr');
    problem(await hr.get(tasks), 403);
    problem(await hr.get(`${tasks}/${t.id}`), 403);
    problem(await auditor.post(tasks, task()), 403);
    problem(await auditor.patch(`${tasks}/${t.id}`, { title: 'Mine now' }, { ifMatch: t.version }), 403);
    problem(await anon.get(tasks), 401);
    assert.deepEqual(await agent.read(`${tasks}/${t.id}`), t);
  });
});
