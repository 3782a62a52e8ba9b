// Changes leave a tamper-evident audit trail that auditors can read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cli, conforms, ctx, make, problem, signIn, sql, withQuery } from './lib.mjs';

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

test('audit entries of users never hold passwords', async () => {
  const c = await signIn('admin');
  const secret = 'Audit-secret-password-1';
  const user = await c.create('/api/v1/users', { username: `aud.${Date.now()}`, display_name: 'Audit Probe', role: 'agent', password: secret });
  await c.patch(`/api/v1/users/${user.id}`, { password: `${secret}-2` }, { ifMatch: 1 });
  const page = await c.read(withQuery('/api/v1/audit', { entity: 'user', id: user.id }));
  assert.deepEqual(page.items.map((e) => e.action), ['create', 'update']);
  const text = JSON.stringify(page);
  assert.ok(!text.includes(secret), 'password in the audit trail');
  assert.ok(!/password_hash|\$argon2|\$2[aby]\$/.test(text), 'password hash in the audit trail');
});

test('the audit trail pages', async () => {
  const auditor = await signIn('auditor');
  const first = await auditor.read('/api/v1/audit?limit=2');
  assert.equal(first.items.length, 2);
  const second = await auditor.read(withQuery('/api/v1/audit', { limit: 2, after: first.next }));
  assert.ok(second.items.every((e) => !first.items.some((f) => f.seq === e.seq)));
  assert.ok(second.items[0].seq > first.items[1].seq, 'oldest first');
});

test('the audit chain of the whole run verifies', () => {
  const r = cli(['audit', 'verify', '--db', ctx.db]);
  assert.equal(r.status, 0, `audit verify: ${r.stdout} ${r.stderr}`);
});

test('audit verify notices an entry changed behind its back', async () => {
  const c = await signIn('admin');
  const rec = await c.create('/api/v1/accounts', make.account({ city: 'Whitby' }));
  const entry = (await c.read(withQuery('/api/v1/audit', { entity: 'account', id: rec.id }))).items.find((e) => e.after?.name === rec.name);
  // reaches into the store's audit_log table (migration 001) the way an intruder would
  const tamper = (from, to) => sql(`UPDATE audit_log SET after_json = replace(after_json, '${from}', '${to}') WHERE seq = ${entry.seq}`);
  tamper('Whitby', 'Whitbx');
  try {
    const r = cli(['audit', 'verify', '--db', ctx.db]);
    assert.notEqual(r.status, 0, `audit verify passed a changed entry: ${r.stdout}`);
  } finally {
    tamper('Whitbx', 'Whitby');
  }
  assert.equal(cli(['audit', 'verify', '--db', ctx.db]).status, 0, 'restored chain does not verify');
});
