// Staff and teams: admins create and change them; passwords never come back.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { cli, Client, conforms, ctx, problem, signIn, signInAs, signInRaw, uniq } from './lib.mjs';

let admin;
before(async () => { admin = await signIn('admin'); });

test('an admin creates a team and a user who can then sign in', async () => {
  const team = await admin.create('/api/v1/teams', { name: `Spares desk ${uniq()}` });
  conforms(team, 'Team');
  const body = { username: uniq('new.'), display_name: 'Nadia Okafor', email: 'nadia@example.com', role: 'agent', team_id: team.id, password: 'First-password-1' };
  const user = await admin.create('/api/v1/users', body);
  conforms(user, 'User');
  assert.ok(!('password' in user) && !('password_hash' in user));
  assert.equal(user.active, true);
  assert.equal(user.team_id, team.id);
  const r = await signInRaw(body.username, body.password);
  assert.equal(r.status, 200, String(r));
  assert.equal(r.json.user.id, user.id);
});

test('PATCH changes a user, and a new password replaces the old', async () => {
  const body = { username: uniq('chg.'), display_name: 'Tom Reyes', role: 'agent', password: 'Old-password-1' };
  const user = await admin.create('/api/v1/users', body);
  const r = await admin.patch(`/api/v1/users/${user.id}`, { display_name: 'Tomás Reyes', role: 'team_leader', password: 'New-password-2' }, { ifMatch: 1 });
  assert.equal(r.status, 200, String(r));
  assert.equal(r.json.display_name, 'Tomás Reyes');
  assert.equal(r.json.role, 'team_leader');
  assert.equal(r.json.version, 2);
  assert.equal((await signInRaw(body.username, 'New-password-2')).status, 200);
});

test('a deactivated user cannot sign in, and their open session and token stop working', async () => {
  const body = { username: uniq('off.'), display_name: 'Left the company', role: 'agent', password: 'Some-password-1' };
  const user = await admin.create('/api/v1/users', body);
  const session = await signInAs(body);
  const token = cli(['token', 'create', '--db', ctx.db, '--username', body.username]).stdout;
  assert.equal((await new Client({ token }).get('/api/v1/accounts')).status, 200);
  assert.equal((await admin.patch(`/api/v1/users/${user.id}`, { active: false }, { ifMatch: 1 })).status, 200);
  problem(await signInRaw(body.username, body.password), 401);
  problem(await session.get('/api/v1/accounts'), 401);
  problem(await new Client({ token }).get('/api/v1/accounts'), 401);
});

test('a demoted admin loses admin rights in the session already open', async () => {
  const body = { username: uniq('dem.'), display_name: 'Briefly Admin', role: 'admin', password: 'Some-password-2' };
  const user = await admin.create('/api/v1/users', body);
  const session = await signInAs(body);
  assert.equal((await admin.patch(`/api/v1/users/${user.id}`, { role: 'agent' }, { ifMatch: 1 })).status, 200);
  const name = `Demoted team ${uniq()}`;
  problem(await session.post('/api/v1/teams', { name }), 403);
  assert.ok(!(await admin.all('/api/v1/teams')).some((t) => t.name === name));
});

test('bad users are refused: duplicate username 409, bad username, unknown role, short password 422', async () => {
  const taken = (await admin.create('/api/v1/users', { username: uniq('dup.'), display_name: 'First', role: 'agent', password: 'Password-123' })).username;
  const base = { display_name: 'X', role: 'agent', password: 'Password-123' };
  const before = (await admin.all('/api/v1/users')).length;
  problem(await admin.post('/api/v1/users', { ...base, username: taken }), 409);
  problem(await admin.post('/api/v1/users', { ...base, username: 'Has Spaces' }), 422, 'username');
  problem(await admin.post('/api/v1/users', { ...base, username: uniq('r.'), role: 'overlord' }), 422, 'role');
  problem(await admin.post('/api/v1/users', { ...base, username: uniq('p.'), password: 'short' }), 422, 'password');
  assert.equal((await admin.all('/api/v1/users')).length, before);
});

test('an agent can list staff but cannot create teams', async () => {
  const agent = await signIn('agent');
  const users = await agent.read('/api/v1/users');
  assert.ok(users.items.length > 0);
  users.items.forEach((u) => assert.ok(!('password' in u) && !('password_hash' in u)));
  const name = `Agent team ${uniq()}`;
  problem(await agent.post('/api/v1/teams', { name }), 403);
  assert.ok(!(await admin.all('/api/v1/teams')).some((t) => t.name === name));
});
