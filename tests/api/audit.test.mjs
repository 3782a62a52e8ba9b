// Changes leave a tamper-evident audit trail that auditors can read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cli, conforms, ctx, make, problem, signIn, withQuery } from './lib.mjs';

test('a create and a PATCH are listed for the auditor as create then update, with before and after', async () => {
  const c = await signIn('admin');
  const auditor = await signIn('auditor');
  const rec = await c.create('/api/v1/accounts', make.account({ city: 'Leeds' }));
  const r = await c.patch(`/api/v1/accounts/${rec.id}`, { city: 'Bradford' }, { ifMatch: 1 });
  assert.equal(r.status, 200, String(r));

  const page = await auditor.read(withQuery('/api/v1/audit', { entity: 'account', id: rec.id }));
  conforms(page, 'AuditEntryList');
  assert.deepEqual(page.items.map((e) => e.action), ['create', 'update']);
  const [created, updated] = page.items;
  for (const e of page.items) {
    assert.equal(e.entity, 'account');
    assert.equal(e.entity_id, rec.id);
    assert.equal(e.actor_id, c.user.id);
    assert.equal(e.actor, c.user.username);
    assert.ok(typeof e.hash === 'string' && e.hash.length >= 32, `hash ${e.hash}`);
  }
  assert.ok(created.seq < updated.seq);
  assert.notEqual(created.hash, updated.hash);
  assert.equal(created.before, null);
  assert.equal(created.after.city, 'Leeds');
  assert.equal(updated.before.city, 'Leeds');
  assert.equal(updated.after.city, 'Bradford');
  assert.equal(updated.after.name, rec.name);
});

test('a refused change leaves no audit entry', async () => {
  const c = await signIn('admin');
  const rec = await c.create('/api/v1/accounts', make.account());
  problem(await c.patch(`/api/v1/accounts/${rec.id}`, { city: 'Hull' }, { ifMatch: 5 }), 412);
  const page = await c.read(withQuery('/api/v1/audit', { entity: 'account', id: rec.id }));
  assert.deepEqual(page.items.map((e) => e.action), ['create']);
});

test('a delete is audited with the record as it was', async () => {
  const c = await signIn('admin');
  const rec = await c.create('/api/v1/accounts', make.account());
  assert.equal((await c.del(`/api/v1/accounts/${rec.id}`, { ifMatch: 1 })).status, 204);
  const page = await c.read(withQuery('/api/v1/audit', { entity: 'account', id: rec.id }));
  assert.deepEqual(page.items.map((e) => e.action), ['create', 'delete']);
  assert.equal(page.items[1].before.name, rec.name);
  assert.equal(page.items[1].after, null);
});

test('the audit chain of the whole run verifies', () => {
  const r = cli(['audit', 'verify', '--db', ctx.db]);
  assert.equal(r.status, 0, `audit verify: ${r.stdout} ${r.stderr}`);
});
