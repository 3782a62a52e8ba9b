// Bad input is answered 4xx problem+json naming the field where there is one,
// and leaves the store as it was.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ctx, make, problem, signIn } from './lib.mjs';

let c;
let account; // an account for contacts, orders and assets to refer to
before(async () => {
  c = await signIn('admin');
  account = await c.create('/api/v1/accounts', make.account());
});

const ids = async (path) => (await c.all(path)).map((x) => x.id);

/** Sends a bad request and checks the answer (status: one number, or a list
 *  of acceptable ones) and that `path`'s collection is unchanged. */
async function refused(path, send, status, field) {
  const before = await ids(path);
  const r = await send();
  const statuses = [status].flat();
  assert.ok(statuses.includes(r.status), `expected ${statuses.join(' or ')}: ${r}`);
  problem(r, r.status, field);
  assert.deepEqual(await ids(path), before, `${path} changed after ${r}`);
  return r;
}
const accounts = '/api/v1/accounts';
const postAccount = (body, o) => () => c.post(accounts, body, o);

describe('bodies', () => {
  test('malformed JSON → 400', () => refused(accounts, postAccount('{"name": "Half an object",'), 400));
  test('an empty body → 400', () => refused(accounts, postAccount(''), 400));
  test('an integer beyond 64 bits → 400 or 422', () => refused(accounts, postAccount('{"name":"Big","account_manager_id":92233720368547758080}'), [400, 422]));
  test('a name that is a number → 422 naming name', () => refused(accounts, postAccount({ name: 12 }), 422, 'name'));
  test('a missing required field → 422 naming it', () => refused(accounts, postAccount({ city: 'Derby' }), 422, 'name'));
  test('an unknown field → 422 naming it', () => refused(accounts, postAccount(make.account({ colour: 'blue' })), 422, 'colour'));
  test('a JSON array instead of an object → 400 or 422', () => refused(accounts, postAccount('[{"name":"In an array"}]'), [400, 422]));
  test('a body over 1 MiB → 413', () => refused(accounts, postAccount(make.account({ notes: 'x'.repeat(1024 * 1024 + 10) })), 413));
  test('a name of 201 characters → 422 naming name', () => refused(accounts, postAccount({ name: 'n'.repeat(201) }), 422, 'name'));
  test('notes of 4001 characters → 422 naming notes', () => refused(accounts, postAccount(make.account({ notes: 'x'.repeat(4001) })), 422, 'notes'));
  test('lengths count characters, not bytes: 200 × "ü" is a valid name', async () => {
    const rec = await c.create(accounts, { name: 'ü'.repeat(200) });
    assert.equal(rec.name, 'ü'.repeat(200));
  });
  test('invalid UTF-8 → 400', () => refused(accounts, postAccount(Buffer.concat([Buffer.from('{"name":"Caf'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')])), 400));
  test('an overlong UTF-8 encoding of "/" → 400', () => refused(accounts, postAccount(Buffer.concat([Buffer.from('{"name":"a'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')])), 400));
  test('a NUL character in a string is refused or kept whole, never cut short', async () => {
    const r = await c.post(accounts, '{"name":"Nul\\u0000Byte Ltd"}');
    if (r.status === 201) return assert.equal(r.json.name, 'Nul\u0000Byte Ltd');
    assert.ok([400, 422].includes(r.status), String(r));
    problem(r, r.status);
  });
  test('a lone surrogate escape → 400 or 422', () => refused(accounts, postAccount('{"name":"Half \\ud800 a pair"}'), [400, 422]));
  test('a duplicated key → 400 or 422', () => refused(accounts, postAccount('{"name":"First","name":"Second"}'), [400, 422]));
  test('JSON nested 50 deep → 400', () => refused(accounts, postAccount(`{"name":"Deep","notes":${'['.repeat(50)}${']'.repeat(50)}}`), 400));
  test('a chunked body over 1 MiB → 413; a small chunked body is fine', async () => {
    const chunked = (text) => new ReadableStream({
      start(ctl) {
        for (let i = 0; i < text.length; i += 65536) ctl.enqueue(new TextEncoder().encode(text.slice(i, i + 65536)));
        ctl.close();
      },
    });
    const send = (text) => fetch(new URL(accounts, ctx.base), {
      method: 'POST', duplex: 'half', body: chunked(text),
      headers: { 'content-type': 'application/json', cookie: c.cookie, 'x-csrf-token': c.csrf },
    });
    const before = await ids(accounts);
    // 1.5 MiB: over forgedesk's limit, under the transport's (2 MiB), so the
    // whole body is read and the 413 is ours, never a reset while sending
    const big = await send(JSON.stringify(make.account({ notes: 'x'.repeat(1.5 * 1024 * 1024) })));
    assert.equal(big.status, 413, await big.text());
    assert.deepEqual(await ids(accounts), before);
    const small = await send(JSON.stringify(make.account()));
    assert.equal(small.status, 201, await small.text());
  });
  test('a body that is not application/json → 415', () => refused(accounts, postAccount(JSON.stringify(make.account()), { headers: { 'content-type': 'text/plain' } }), 415));
  test('a body with an empty content type → 415', () =>
    refused(accounts, postAccount(JSON.stringify(make.account()), { headers: { 'content-type': '' } }), 415));
  test('invalid enum values → 422 naming the field', async () => {
    await refused(accounts, postAccount(make.account({ status: 'bogus' })), 422, 'status');
    await refused(accounts, postAccount(make.account({ tier: 'D' })), 422, 'tier');
    await refused('/api/v1/contacts', () => c.post('/api/v1/contacts', make.contact(account.id, { audience: 'manager' })), 422, 'audience');
    await refused('/api/v1/contacts', () => c.post('/api/v1/contacts', make.contact(account.id, { lawful_basis: 'because' })), 422, 'lawful_basis');
    await refused('/api/v1/interactions', () => c.post('/api/v1/interactions', make.interaction(account.id, { channel: 'pigeon' })), 422, 'channel');
  });
  test('malformed values → 422 naming the field', async () => {
    await refused(accounts, postAccount(make.account({ country: 'GBR' })), 422, 'country');
    await refused('/api/v1/contacts', () => c.post('/api/v1/contacts', make.contact(account.id, { email: 'no-at-sign.example.com' })), 422, 'email');
    await refused('/api/v1/parts', () => c.post('/api/v1/parts', make.part({ unit_price_minor: 12.5 })), 422, 'unit_price_minor');
    await refused('/api/v1/parts', () => c.post('/api/v1/parts', make.part({ unit_price_minor: -1 })), 422, 'unit_price_minor');
  });
  test('invalid dates and times → 422 naming the field', async () => {
    const orders = '/api/v1/orders';
    await refused(orders, () => c.post(orders, make.order(account.id, { ordered_on: '2026-02-30' })), 422, 'ordered_on');
    await refused(orders, () => c.post(orders, make.order(account.id, { ordered_on: '10/02/2026' })), 422, 'ordered_on');
    await refused(orders, () => c.post(orders, make.order(account.id, { promised_on: '2026-13-01' })), 422, 'promised_on');
    await refused('/api/v1/assets', () => c.post('/api/v1/assets', make.asset(account.id, { installed_on: 'yesterday' })), 422, 'installed_on');
    await refused(orders, () => c.post(orders, make.order(account.id, { ordered_on: '2027-02-29' })), 422, 'ordered_on');
    await refused('/api/v1/interactions', () => c.post('/api/v1/interactions', make.interaction(account.id, { occurred_at: '2026-03-02 25:00' })), 422, 'occurred_at');
    await refused('/api/v1/interactions', () => c.post('/api/v1/interactions', make.interaction(account.id, { occurred_at: '2026-03-02T24:00:00Z' })), 422, 'occurred_at');
    await refused('/api/v1/interactions', () => c.post('/api/v1/interactions', make.interaction(account.id, { occurred_at: '2026-02-30T10:00:00Z' })), 422, 'occurred_at');
  });
  test('a leap day is a valid date', async () => {
    const rec = await c.create('/api/v1/orders', make.order(account.id, { ordered_on: '2028-02-29' }));
    assert.equal(rec.ordered_on, '2028-02-29');
  });
  test('a bad PATCH changes nothing', async () => {
    const url = `${accounts}/${account.id}`;
    const before = await c.read(url);
    problem(await c.patch(url, { name: 12 }, { ifMatch: before.version }), 422, 'name');
    problem(await c.patch(url, { status: 'gone' }, { ifMatch: before.version }), 422, 'status');
    problem(await c.patch(url, { name: 'Fine', unknown_field: 1 }, { ifMatch: before.version }), 422, 'unknown_field');
    problem(await c.patch(url, '{"name":', { ifMatch: before.version }), 400);
    assert.deepEqual(await c.read(url), before);
  });
});

describe('SQL metacharacters', () => {
  const evil = "'); DROP TABLE accounts;--";
  test('are stored verbatim, found by search, and the table is still there', async () => {
    const rec = await c.create(accounts, { name: evil, notes: 'Robert"); DELETE FROM contacts; --' });
    assert.equal(rec.name, evil);
    assert.deepEqual(await c.read(`${accounts}/${rec.id}`), rec);
    const found = await c.read(`${accounts}?q=${encodeURIComponent(evil)}`);
    assert.ok(found.items.some((a) => a.id === rec.id), `q=${evil} did not find it`);
    assert.ok((await c.all(accounts)).some((a) => a.id === rec.id));
  });
  test('in q they match nothing they should not', async () => {
    for (const q of ["zzqx' OR '1'='1", 'zzqx%', 'zzqx_', "zzqx\\' --"]) {
      const r = await c.get(`${accounts}?q=${encodeURIComponent(q)}`);
      assert.equal(r.status, 200, String(r));
      assert.deepEqual(r.json.items, [], `q=${q}`);
    }
    assert.ok((await c.all(accounts)).length > 0);
  });
});

describe('query parameters', () => {
  for (const [query, field] of [['limit=0', 'limit'], ['limit=abc', 'limit'], ['limit=201', 'limit'], ['limit=-5', 'limit'],
    ['after=not-a-cursor', 'after'], ['status=bogus', 'status'], ['account_manager_id=abc', 'account_manager_id'], ['sort=colour', 'sort']]) {
    test(`GET /api/v1/accounts?${query} → 400 naming ${field}`, async () => problem(await c.get(`${accounts}?${query}`), 400, field));
  }
  test('GET /api/v1/contacts?account_id=x → 400 naming account_id', async () => problem(await c.get('/api/v1/contacts?account_id=x'), 400, 'account_id'));
  test('a record id that is not a number → 400 or 404', async () => {
    const r = await c.get(`${accounts}/abc`);
    assert.ok([400, 404].includes(r.status), String(r));
    problem(r, r.status);
  });
});

describe('headers', () => {
  test('an Idempotency-Key over 200 characters is refused (400 or 422)', () =>
    refused(accounts, postAccount(make.account(), { key: 'k'.repeat(201) }), [400, 422]));
  test('a malformed If-Match → 400 or 412, changing nothing', async () => {
    const url = `${accounts}/${account.id}`;
    const before = await c.read(url);
    const r = await c.patch(url, { city: 'York' }, { ifMatch: 'W/"abc"' });
    assert.ok([400, 412].includes(r.status), String(r));
    problem(r, r.status);
    assert.deepEqual(await c.read(url), before);
  });
});
