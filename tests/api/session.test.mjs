// Signing in and out: cookies, CSRF, throttling.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anon, bearer, Client, conforms, ctx, make, problem, signIn, signInFrom, signInRaw } from './lib.mjs';

test('a wrong password answers 401 problem+json and sets no session', async () => {
  // from its own loopback address, so per-address throttling touches nothing else
  const r = await signInFrom(ctx.addresses.wrong, ctx.users.agent.username, 'not-the-password');
  problem(r, 401);
  assert.ok(!r.headers.getSetCookie().some((c) => c.startsWith('fd_session=') && !/fd_session=;|Max-Age=0/i.test(c)), 'a session cookie was set');
});

test('an unknown user answers 401 like a wrong password', async () => {
  problem(await signInFrom(ctx.addresses.wrong, 'nobody-here', 'whatever-123'), 401);
});

test('sign-in sets an HttpOnly, SameSite=Strict fd_session cookie and returns the user and a CSRF token', async () => {
  const u = ctx.users.agent;
  const r = await signInRaw(u.username, u.password);
  assert.equal(r.status, 200, String(r));
  conforms(r.json, 'Session');
  assert.equal(r.json.user.username, u.username);
  assert.equal(r.json.user.role, 'agent');
  assert.ok(!('password' in r.json.user), 'password returned');
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith('fd_session='));
  assert.ok(cookie, 'no fd_session cookie');
  const attrs = cookie.split(';').slice(1).map((a) => a.trim().toLowerCase());
  assert.ok(attrs.includes('httponly'), cookie);
  assert.ok(attrs.includes('samesite=strict'), cookie);
  assert.ok(attrs.includes('path=/'), cookie);
});

test('GET /api/v1/session returns the signed-in user', async () => {
  const c = await signIn('cs_manager');
  const me = await c.read('/api/v1/session');
  assert.equal(me.user.username, ctx.users.cs_manager.username);
  assert.equal(me.user.role, 'cs_manager');
});

test('GET /api/v1/session with a bearer token names the user and has no CSRF token', async () => {
  const r = await bearer('auditor').read('/api/v1/session');
  conforms(r, 'Session');
  assert.equal(r.user.username, ctx.users.auditor.username);
  assert.equal(r.csrf_token, null);
});

test('a state-changing request with the cookie needs X-CSRF-Token', async () => {
  const c = await signIn('admin'); // allowed to create accounts, so a 403 is the CSRF check's
  const body = make.account();
  problem(await c.post('/api/v1/accounts', body, { csrf: false }), 403);
  problem(await c.post('/api/v1/accounts', body, { headers: { 'x-csrf-token': 'forged-token' }, csrf: false }), 403);
  const found = await c.read(`/api/v1/accounts?q=${encodeURIComponent(body.name)}`);
  assert.equal(found.items.length, 0, 'refused request created the account');
  const made = await c.create('/api/v1/accounts', body);
  assert.equal(made.name, body.name);
});

test('the CSRF token of one session does not work with another', async () => {
  const a = await signIn('admin');
  const b = await signIn('admin');
  const mixed = new Client({ cookie: a.cookie, csrf: b.csrf });
  problem(await mixed.post('/api/v1/accounts', make.account()), 403);
});

test('sign-out ends the session', async () => {
  const c = await signIn('team_leader');
  assert.equal((await c.get('/api/v1/session')).status, 200);
  const out = await c.del('/api/v1/session');
  assert.equal(out.status, 204, String(out));
  problem(await c.get('/api/v1/session'), 401);
  problem(await c.get('/api/v1/accounts'), 401);
});

test('sign-out needs the CSRF token', async () => {
  const c = await signIn('team_leader');
  problem(await c.del('/api/v1/session', { csrf: false }), 403);
  assert.equal((await c.get('/api/v1/session')).status, 200, 'signed out without the token');
});

test('sign-in takes JSON only', async () => {
  const u = ctx.users.agent;
  const form = new URLSearchParams({ username: u.username, password: u.password }).toString();
  problem(await anon.post('/api/v1/session', form, { headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415);
  problem(await anon.post('/api/v1/session', { username: u.username }), 422, 'password');
});

test('a garbage session cookie is not signed in', async () => {
  problem(await new Client({ cookie: 'fd_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }).get('/api/v1/session'), 401);
});

test('an unsigned request for accounts answers 401 problem+json', async () => {
  problem(await anon.get('/api/v1/accounts'), 401);
  problem(await anon.post('/api/v1/accounts', make.account()), 401);
});

test('5 failed sign-ins from one address throttle that address, not others', async () => {
  for (let i = 1; i <= 5; i++) problem(await signInFrom(ctx.addresses.flood, `nobody-${i}`, 'wrong-password'), 401);
  const u = ctx.users.cs_manager;
  problem(await signInFrom(ctx.addresses.flood, u.username, u.password), 429);
  assert.equal((await signInFrom(ctx.addresses.other, u.username, u.password)).status, 200, 'another address was throttled too');
});

test('after 5 failed sign-ins even the right password answers 429 with Retry-After', async () => {
  const u = ctx.users.throttled;
  const attempt = (password) => signInFrom(ctx.addresses.throttled, u.username, password);
  for (let i = 1; i <= 5; i++) problem(await attempt(`wrong-password-${i}`), 401);
  const r = await attempt(u.password);
  problem(r, 429);
  const retry = r.headers.get('retry-after');
  assert.match(retry ?? '', /^\d+$/, `Retry-After: ${retry}`);
  assert.ok(Number(retry) > 0 && Number(retry) <= 15 * 60, `Retry-After: ${retry}`);
  assert.ok(!r.headers.getSetCookie().some((c) => /^fd_session=[^;]+/.test(c) && !/Max-Age=0/i.test(c)), 'throttled sign-in set a session');
});
