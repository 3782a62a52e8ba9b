// Requests racing each other: versions, idempotency and unique values hold.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { make, problem, signIn, uniq } from './lib.mjs';

let c;
before(async () => { c = await signIn('admin'); });
const N = 8;
const statuses = (rs) => rs.map((r) => r.status).sort();

test(`${N} PATCHes racing with the same If-Match: exactly one wins, the rest get 412`, async () => {
  const rec = await c.create('/api/v1/accounts', make.account());
  const url = `/api/v1/accounts/${rec.id}`;
  const rs = await Promise.all(Array.from({ length: N }, (_, i) => c.patch(url, { city: `City ${i}` }, { ifMatch: 1 })));
  assert.deepEqual(statuses(rs), [200, ...Array(N - 1).fill(412)], rs.map(String).join('\n'));
  rs.filter((r) => r.status === 412).forEach((r) => problem(r, 412));
  const won = rs.find((r) => r.status === 200).json;
  const now = await c.read(url);
  assert.equal(now.version, 2);
  assert.equal(now.city, won.city);
});

test(`${N} identical POSTs racing with one Idempotency-Key create one record`, async () => {
  const body = make.account();
  const key = uniq('race-');
  const rs = await Promise.all(Array.from({ length: N }, () => c.post('/api/v1/accounts', body, { key })));
  for (const r of rs) assert.ok(r.status === 201 || r.status === 409, String(r));
  const ids = new Set(rs.filter((r) => r.status === 201).map((r) => r.json.id));
  assert.equal(ids.size, 1, `ids ${[...ids]}`);
  assert.equal((await c.read(`/api/v1/accounts?q=${encodeURIComponent(body.name)}`)).items.length, 1);
  // once settled, a retry returns the first answer
  const again = await c.post('/api/v1/accounts', body, { key });
  assert.equal(again.status, 201, String(again));
  assert.equal(again.json.id, [...ids][0]);
});

test(`${N} orders racing for one number: one 201, the rest 409`, async () => {
  const account = (await c.create('/api/v1/accounts', make.account())).id;
  const number = `SO-${uniq()}`;
  const rs = await Promise.all(Array.from({ length: N }, () => c.post('/api/v1/orders', make.order(account, { number }))));
  assert.deepEqual(statuses(rs), [201, ...Array(N - 1).fill(409)], rs.map(String).join('\n'));
  assert.equal((await c.read(`/api/v1/orders?account_id=${account}`)).items.length, 1);
});

test('parallel creates all succeed with distinct ids', async () => {
  const account = (await c.create('/api/v1/accounts', make.account())).id;
  const rs = await Promise.all(Array.from({ length: 20 }, () => c.post('/api/v1/contacts', make.contact(account))));
  rs.forEach((r) => assert.equal(r.status, 201, String(r)));
  assert.equal(new Set(rs.map((r) => r.json.id)).size, 20);
  assert.equal((await c.all(`/api/v1/contacts?account_id=${account}`)).length, 20);
});
