// Who must NOT be able to do things: each refusal leaves the data unchanged.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bearer, cli, Client, ctx, fromAddress, make, problem, signIn, uniq } from './lib.mjs';

const admin = bearer('admin');

test('an agent cannot create users, and the user count is unchanged', async () => {
  const agent = await signIn('agent');
  const before = (await admin.all('/api/v1/users')).length;
  const username = uniq('u');
  const body = { username, display_name: 'Sneaky Admin', role: 'admin', password: 'Sneaky-password-1' };
  problem(await agent.post('/api/v1/users', body), 403);
  const users = await admin.all('/api/v1/users');
  assert.equal(users.length, before);
  assert.ok(!users.some((u) => u.username === username));
});

test('an agent cannot make themselves admin', async () => {
  const agent = await signIn('agent');
  const me = agent.user;
  const { version } = await admin.read(`/api/v1/users/${me.id}`);
  problem(await agent.patch(`/api/v1/users/${me.id}`, { role: 'admin' }, { ifMatch: version }), 403);
  assert.equal((await admin.read(`/api/v1/users/${me.id}`)).role, 'agent');
});

test('an auditor cannot create or change accounts but can read the audit trail', async () => {
  const auditor = await signIn('auditor');
  const acct = await admin.create('/api/v1/accounts', make.account());
  const body = make.account();
  problem(await auditor.post('/api/v1/accounts', body), 403);
  assert.equal((await admin.read(`/api/v1/accounts?q=${encodeURIComponent(body.name)}`)).items.length, 0);
  problem(await auditor.patch(`/api/v1/accounts/${acct.id}`, { name: 'Changed by auditor' }, { ifMatch: 1 }), 403);
  problem(await auditor.del(`/api/v1/accounts/${acct.id}`, { ifMatch: 1 }), 403);
  assert.deepEqual(await admin.read(`/api/v1/accounts/${acct.id}`), acct);
  const audit = await auditor.read('/api/v1/audit');
  assert.ok(Array.isArray(audit.items));
  assert.ok('next' in audit);
});

test('an agent cannot read the audit trail', async () => {
  problem(await (await signIn('agent')).get('/api/v1/audit'), 403);
});

test('a revoked bearer token is refused', async () => {
  const made = cli(['token', 'create', '--db', ctx.db, '--username', ctx.users.revoked.username]);
  assert.equal(made.status, 0, made.stderr);
  assert.match(made.stdout, /^\S{16,}$/, 'token printed alone on stdout');
  const c = new Client({ token: made.stdout });
  assert.equal((await c.get('/api/v1/accounts')).status, 200);
  const revoked = cli(['token', 'revoke', '--db', ctx.db, '--token', made.stdout]);
  assert.equal(revoked.status, 0, revoked.stderr);
  problem(await c.get('/api/v1/accounts'), 401);
  problem(await c.post('/api/v1/accounts', make.account()), 401);
});

test('a made-up bearer token is refused', async () => {
  problem(await new Client({ token: 'fd_0000000000000000000000000000000000' }).get('/api/v1/accounts'), 401);
});

test('a cross-site form post with only the cookie is refused', async () => {
  const browser = await signIn('admin'); // allowed to create accounts, so the refusal is about the request
  const name = `Forged ${uniq()}`;
  const r = await browser.req('POST', '/api/v1/accounts', {
    body: new URLSearchParams({ name }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
    csrf: false,
  });
  assert.ok([403, 415].includes(r.status), String(r));
  problem(r, r.status);
  assert.equal((await admin.read(`/api/v1/accounts?q=${encodeURIComponent(name)}`)).items.length, 0);
});

test('an Idempotency-Key reused on another route does not replay the first answer', async () => {
  const key = uniq('route-');
  const acct = await admin.create('/api/v1/accounts', make.account(), { key });
  const r = await admin.post('/api/v1/parts', make.part(), { key });
  if (r.status === 409) return problem(r, 409);
  assert.equal(r.status, 201, String(r));
  assert.ok(r.json.part_number && r.json.id !== acct.id, `replayed the account: ${r}`);
});

test('paths that climb out of the web root are not served', async () => {
  for (const path of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2f..%2f..%2fetc%2fpasswd', '/api/v1/../../../etc/passwd']) {
    const r = await fromAddress('127.0.0.1', 'GET', path);
    assert.ok(!r.text.includes('root:'), `${path} served /etc/passwd`);
    assert.ok(r.status >= 400 || /<html/i.test(r.text), `${path}: ${r}`);
  }
});

test("one user's Idempotency-Key does not replay for another user", async () => {
  const key = uniq('shared-');
  const a = await admin.create('/api/v1/accounts', make.account(), { key });
  const other = await signIn('cs_manager');
  const b = await other.post('/api/v1/accounts', make.account(), { key });
  assert.equal(b.status, 201, String(b));
  assert.notEqual(b.json.id, a.id);
});
