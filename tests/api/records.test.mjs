// Create / read / change / delete for accounts, contacts, interactions,
// orders, parts and assets: versions and ETags, If-Match, Idempotency-Key.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { conforms, make, problem, signIn, uniq } from './lib.mjs';

let c; // an admin signed in with a cookie, so every write also passes the CSRF check
before(async () => { c = await signIn('admin'); });
const newAccount = async () => (await c.create('/api/v1/accounts', make.account())).id;

// For each resource: a body to create, a change, and the list query that holds
// exactly the records made from that body (to count them).
const resources = [
  { schema: 'Account', path: '/api/v1/accounts', body: async () => make.account({ tier: 'B', country: 'GB', city: 'Sheffield' }),
    change: { status: 'active', notes: 'Met at the trade fair' }, scope: (b) => `?q=${encodeURIComponent(b.name)}` },
  { schema: 'Contact', path: '/api/v1/contacts', body: async () => make.contact(await newAccount(), { email: 'jo@example.com' }),
    change: { job_title: 'Maintenance lead', consent: 'given' }, scope: (b) => `?account_id=${b.account_id}` },
  { schema: 'Interaction', path: '/api/v1/interactions', body: async () => make.interaction(await newAccount(), { occurred_at: '2026-03-02T09:30:00Z' }),
    change: { summary: 'Called back about the bearing delivery' }, scope: (b) => `?account_id=${b.account_id}` },
  { schema: 'Part', path: '/api/v1/parts', body: async () => make.part({ spec_ref: 'DIN 625', unit_price_minor: 1250 }),
    change: { description: 'Deep groove ball bearing' }, scope: (b) => `?q=${encodeURIComponent(b.name)}` },
  { schema: 'Asset', path: '/api/v1/assets', body: async () => make.asset(await newAccount(), { model: 'HX-200', installed_on: '2025-06-01' }),
    change: { site: 'Plant 2, Rotherham' }, scope: (b) => `?account_id=${b.account_id}` },
  { schema: 'Order', path: '/api/v1/orders', body: async () => make.order(await newAccount()), scope: (b) => `?account_id=${b.account_id}` },
];

/** Asserts that every field sent came back as sent. */
function echoes(record, body) {
  for (const [k, v] of Object.entries(body)) if (k !== 'lines') assert.deepEqual(record[k], v, `field ${k}`);
}

for (const r of resources) {
  describe(r.schema, () => {
    test('create answers 201 with Location, version 1, and GET returns it with ETag "1"', async () => {
      const body = await r.body();
      const rec = await c.create(r.path, body);
      conforms(rec, r.schema);
      echoes(rec, body);
      assert.equal(rec.version, 1);
      assert.match(rec.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      const got = await c.get(`${r.path}/${rec.id}`);
      assert.equal(got.status, 200, String(got));
      assert.equal(got.headers.get('etag'), '"1"');
      assert.deepEqual(got.json, rec);
    });

    test('a record that does not exist answers 404, also to PATCH', async () => {
      problem(await c.get(`${r.path}/999999999`), 404);
      if (r.change) problem(await c.patch(`${r.path}/999999999`, r.change, { ifMatch: 1 }), 404);
    });

    test('the same Idempotency-Key and body create one record; a different body answers 409', async () => {
      const body = await r.body();
      const key = uniq('key-');
      const first = await c.post(r.path, body, { key });
      const again = await c.post(r.path, body, { key });
      assert.equal(first.status, 201, String(first));
      assert.equal(again.status, 201, String(again));
      assert.equal(again.json.id, first.json.id);
      assert.equal((await c.read(r.path + r.scope(body))).items.length, 1);
      problem(await c.post(r.path, { ...body, ...(await r.body()) }, { key }), 409);
      assert.equal((await c.read(r.path + r.scope(body))).items.length, 1);
    });

    if (!r.change) {
      test('cannot be changed or deleted over the API (405)', async () => {
        const rec = await c.create(r.path, await r.body());
        problem(await c.patch(`${r.path}/${rec.id}`, { currency: 'EUR' }, { ifMatch: 1 }), 405);
        problem(await c.del(`${r.path}/${rec.id}`, { ifMatch: 1 }), 405);
        assert.deepEqual(await c.read(`${r.path}/${rec.id}`), rec);
      });
      return;
    }

    test('PATCH with the current If-Match answers 200 with version 2; stale → 412, missing → 428, both changing nothing', async () => {
      const rec = await c.create(r.path, await r.body());
      const url = `${r.path}/${rec.id}`;
      const ok = await c.patch(url, r.change, { ifMatch: 1 });
      assert.equal(ok.status, 200, String(ok));
      assert.equal(ok.json.version, 2);
      assert.equal(ok.headers.get('etag'), '"2"');
      echoes(ok.json, r.change);
      conforms(ok.json, r.schema);
      assert.equal(ok.json.id, rec.id);
      assert.equal(ok.json.created_at, rec.created_at);

      const stale = Object.fromEntries(Object.keys(r.change).map((k) => [k, rec[k] ?? null]));
      problem(await c.patch(url, stale, { ifMatch: 1 }), 412);
      problem(await c.patch(url, stale), 428);
      const now = await c.get(url);
      assert.equal(now.headers.get('etag'), '"2"');
      assert.deepEqual(now.json, ok.json);
    });

    test('PATCH with If-Match of a version that never existed answers 412', async () => {
      const rec = await c.create(r.path, await r.body());
      problem(await c.patch(`${r.path}/${rec.id}`, r.change, { ifMatch: 7 }), 412);
      assert.deepEqual(await c.read(`${r.path}/${rec.id}`), rec);
    });

    test('PATCH cannot change read-only fields', async () => {
      const rec = await c.create(r.path, await r.body());
      problem(await c.patch(`${r.path}/${rec.id}`, { id: rec.id + 1000 }, { ifMatch: 1 }), 422, 'id');
      problem(await c.patch(`${r.path}/${rec.id}`, { version: 9 }, { ifMatch: 1 }), 422, 'version');
      assert.deepEqual(await c.read(`${r.path}/${rec.id}`), rec);
    });
  });
}

describe('Account specifics', () => {
  test('defaults: status prospect; PATCH null clears an optional field', async () => {
    const rec = await c.create('/api/v1/accounts', make.account({ sector: 'Hydraulics' }));
    assert.equal(rec.status, 'prospect');
    const r = await c.patch(`/api/v1/accounts/${rec.id}`, { sector: null }, { ifMatch: 1 });
    assert.equal(r.status, 200, String(r));
    assert.equal(r.json.sector, null);
    assert.equal(r.json.name, rec.name);
  });

  test('a required field cannot be cleared with null', async () => {
    const rec = await c.create('/api/v1/accounts', make.account());
    problem(await c.patch(`/api/v1/accounts/${rec.id}`, { name: null }, { ifMatch: 1 }), 422, 'name');
    assert.deepEqual(await c.read(`/api/v1/accounts/${rec.id}`), rec);
  });

  test('account_manager_name follows account_manager_id', async () => {
    const me = c.user;
    const rec = await c.create('/api/v1/accounts', make.account({ account_manager_id: me.id }));
    assert.equal(rec.account_manager_name, me.display_name);
    problem(await c.post('/api/v1/accounts', make.account({ account_manager_id: 999999999 })), 422, 'account_manager_id');
  });

  test('DELETE needs the current If-Match: missing → 428, stale → 412, current → 204 and then 404', async () => {
    const rec = await c.create('/api/v1/accounts', make.account());
    const url = `/api/v1/accounts/${rec.id}`;
    problem(await c.del(url), 428);
    await c.patch(url, { city: 'Leeds' }, { ifMatch: 1 });
    problem(await c.del(url, { ifMatch: 1 }), 412);
    assert.equal((await c.get(url)).status, 200);
    const gone = await c.del(url, { ifMatch: 2 });
    assert.equal(gone.status, 204, String(gone));
    problem(await c.get(url), 404);
    problem(await c.del(url, { ifMatch: 2 }), 404);
  });

  test('renaming an account updates search; deleting it removes it from search', async () => {
    const word = uniq('ren');
    const rec = await c.create('/api/v1/accounts', make.account({ name: `Oldname${word} Foundry` }));
    const found = async (q) => (await c.read(`/api/v1/accounts?q=${encodeURIComponent(q)}`)).items.map((a) => a.id);
    assert.deepEqual(await found(`oldname${word}`), [rec.id]);
    assert.equal((await c.patch(`/api/v1/accounts/${rec.id}`, { name: `Newname${word} Foundry` }, { ifMatch: 1 })).status, 200);
    assert.deepEqual(await found(`oldname${word}`), []);
    assert.deepEqual(await found(`newname${word}`), [rec.id]);
    assert.equal((await c.del(`/api/v1/accounts/${rec.id}`, { ifMatch: 2 })).status, 204);
    assert.deepEqual(await found(`newname${word}`), []);
  });

  test('the id of a deleted record is never given to a new one', async () => {
    const gone = await c.create('/api/v1/accounts', make.account());
    assert.equal((await c.del(`/api/v1/accounts/${gone.id}`, { ifMatch: 1 })).status, 204);
    const next = await c.create('/api/v1/accounts', make.account());
    assert.notEqual(next.id, gone.id, 'a new account took the id of the deleted one (its audit trail now mixes both)');
  });

  test('an account that an order, interaction or asset refers to cannot be deleted (409)', async () => {
    for (const [path, body] of [['orders', make.order], ['interactions', make.interaction], ['assets', make.asset]]) {
      const acct = await c.create('/api/v1/accounts', make.account());
      await c.create(`/api/v1/${path}`, body(acct.id));
      problem(await c.del(`/api/v1/accounts/${acct.id}`, { ifMatch: 1 }), 409);
      assert.deepEqual(await c.read(`/api/v1/accounts/${acct.id}`), acct, path);
    }
  });

  test('an account that a contact refers to cannot be deleted (409)', async () => {
    const acct = await c.create('/api/v1/accounts', make.account());
    const contact = await c.create('/api/v1/contacts', make.contact(acct.id));
    problem(await c.del(`/api/v1/accounts/${acct.id}`, { ifMatch: 1 }), 409);
    assert.deepEqual(await c.read(`/api/v1/accounts/${acct.id}`), acct);
    assert.equal((await c.del(`/api/v1/contacts/${contact.id}`, { ifMatch: 1 })).status, 204);
    assert.equal((await c.del(`/api/v1/accounts/${acct.id}`, { ifMatch: 1 })).status, 204);
  });
});

describe('Contact specifics', () => {
  test('defaults consent to not_asked; an unknown account is refused', async () => {
    const rec = await c.create('/api/v1/contacts', make.contact(await newAccount()));
    assert.equal(rec.consent, 'not_asked');
    problem(await c.post('/api/v1/contacts', make.contact(999999999)), 422, 'account_id');
  });

  test('DELETE of a contact answers 204 and the contact is gone from its account', async () => {
    const rec = await c.create('/api/v1/contacts', make.contact(await newAccount()));
    assert.equal((await c.del(`/api/v1/contacts/${rec.id}`, { ifMatch: 1 })).status, 204);
    problem(await c.get(`/api/v1/contacts/${rec.id}`), 404);
    assert.equal((await c.read(`/api/v1/contacts?account_id=${rec.account_id}`)).items.length, 0);
  });
});

describe('Interaction specifics', () => {
  test('a contact or order of another account is refused (422)', async () => {
    const [a, b] = [await newAccount(), await newAccount()];
    const contact = await c.create('/api/v1/contacts', make.contact(b));
    const order = await c.create('/api/v1/orders', make.order(b));
    problem(await c.post('/api/v1/interactions', make.interaction(a, { contact_id: contact.id })), 422, 'contact_id');
    problem(await c.post('/api/v1/interactions', make.interaction(a, { order_id: order.id })), 422, 'order_id');
    assert.deepEqual((await c.read(`/api/v1/interactions?account_id=${a}`)).items, []);
  });

  test('a contact that an interaction refers to cannot be deleted (409)', async () => {
    const account = await newAccount();
    const contact = await c.create('/api/v1/contacts', make.contact(account));
    await c.create('/api/v1/interactions', make.interaction(account, { contact_id: contact.id }));
    problem(await c.del(`/api/v1/contacts/${contact.id}`, { ifMatch: 1 }), 409);
    assert.deepEqual(await c.read(`/api/v1/contacts/${contact.id}`), contact);
  });

  test('a time with an offset is refused or stored as the same instant in UTC', async () => {
    const r = await c.post('/api/v1/interactions', make.interaction(await newAccount(), { occurred_at: '2026-03-02T10:30:00+01:00' }));
    if (r.status === 201) return assert.equal(r.json.occurred_at, '2026-03-02T09:30:00Z');
    problem(r, 422, 'occurred_at');
  });

  test('user_id defaults to the caller and occurred_at to now', async () => {
    const t0 = Date.now() - 5_000;
    const rec = await c.create('/api/v1/interactions', make.interaction(await newAccount()));
    assert.equal(rec.user_id, c.user.id);
    const at = Date.parse(rec.occurred_at);
    assert.ok(at >= Math.floor(t0 / 1000) * 1000 && at <= Date.now() + 5_000, rec.occurred_at);
  });

  test('interactions cannot be deleted (405)', async () => {
    const rec = await c.create('/api/v1/interactions', make.interaction(await newAccount()));
    problem(await c.del(`/api/v1/interactions/${rec.id}`, { ifMatch: 1 }), 405);
  });
});

describe('Order specifics', () => {
  test('value_minor is the sum of quantity × unit_price_minor; lines are numbered', async () => {
    const lines = [
      { part_number: 'BRG-6204', description: 'Bearing', quantity: 3, unit_price_minor: 1250 },
      { part_number: 'SEAL-40', quantity: 12, unit_price_minor: 199 },
      { part_number: 'SHAFT-7', quantity: 1, unit_price_minor: 48500 },
    ];
    const rec = await c.create('/api/v1/orders', make.order(await newAccount(), { lines, promised_on: '2026-02-20' }));
    assert.equal(rec.value_minor, 3 * 1250 + 12 * 199 + 48500);
    assert.equal(rec.currency, 'GBP');
    assert.deepEqual(rec.lines.map((l) => l.line_no), [1, 2, 3]);
    assert.deepEqual(rec.lines.map((l) => [l.part_number, l.quantity, l.unit_price_minor]), lines.map((l) => [l.part_number, l.quantity, l.unit_price_minor]));
    assert.deepEqual(await c.read(`/api/v1/orders/${rec.id}`), rec);
  });

  test('a value that overflows 64 bits is refused, not wrapped', async () => {
    const account = await newAccount();
    const huge = [{ part_number: 'BIG-1', quantity: 2 ** 40, unit_price_minor: 2 ** 40 }];
    problem(await c.post('/api/v1/orders', make.order(account, { lines: huge })), 422);
    const many = Array.from({ length: 3 }, (_, i) => ({ part_number: `BIG-${i}`, quantity: 1, unit_price_minor: 2 ** 62 }));
    problem(await c.post('/api/v1/orders', make.order(account, { lines: many })), 422);
    assert.deepEqual((await c.read(`/api/v1/orders?account_id=${account}`)).items, []);
  });

  test('lines: an unknown part_id is refused; 500 lines are fine, 501 are not', async () => {
    const account = await newAccount();
    const r = await c.post('/api/v1/orders', make.order(account, { lines: [{ part_id: 999999999, part_number: 'X-1', quantity: 1 }] }));
    problem(r, 422);
    assert.ok(r.json.errors.some((e) => /^lines/.test(e.field) && /part_id/.test(e.field)), `field names lines[0].part_id: ${r}`);
    const line = (i) => ({ part_number: `L-${i}`, quantity: 1, unit_price_minor: 1 });
    const big = await c.create('/api/v1/orders', make.order(account, { lines: Array.from({ length: 500 }, (_, i) => line(i)) }));
    assert.equal(big.lines.length, 500);
    assert.equal(big.value_minor, 500);
    problem(await c.post('/api/v1/orders', make.order(account, { lines: Array.from({ length: 501 }, (_, i) => line(i)) })), 422, 'lines');
    assert.equal((await c.read(`/api/v1/orders?account_id=${account}`)).items.length, 1);
  });

  test('value_minor cannot be set by the client', async () => {
    problem(await c.post('/api/v1/orders', make.order(await newAccount(), { value_minor: 1 })), 422, 'value_minor');
  });

  test('a duplicate order number answers 409 and creates nothing', async () => {
    const account = await newAccount();
    const first = await c.create('/api/v1/orders', make.order(account));
    problem(await c.post('/api/v1/orders', make.order(account, { number: first.number })), 409);
    assert.equal((await c.read(`/api/v1/orders?account_id=${account}`)).items.length, 1);
  });

  test('an order needs at least one line with quantity ≥ 1', async () => {
    const account = await newAccount();
    problem(await c.post('/api/v1/orders', make.order(account, { lines: [] })), 422, 'lines');
    const r = await c.post('/api/v1/orders', make.order(account, { lines: [{ part_number: 'X-1', quantity: 0, unit_price_minor: 5 }] }));
    problem(r, 422);
    assert.ok(r.json.errors.some((e) => /^lines/.test(e.field) && /quantity/.test(e.field)), `field names lines[0].quantity: ${r}`);
    assert.equal((await c.read(`/api/v1/orders?account_id=${account}`)).items.length, 0);
  });
});

describe('Part specifics', () => {
  test('a duplicate part number answers 409', async () => {
    const first = await c.create('/api/v1/parts', make.part());
    problem(await c.post('/api/v1/parts', make.part({ part_number: first.part_number })), 409);
  });
});

describe('Asset specifics', () => {
  test('service events come back newest first', async () => {
    const asset = await c.create('/api/v1/assets', make.asset(await newAccount()));
    const url = `/api/v1/assets/${asset.id}/service-events`;
    const events = [
      { occurred_on: '2025-06-01', kind: 'installation', summary: 'Installed and commissioned' },
      { occurred_on: '2026-03-15', kind: 'repair', summary: 'Replaced the seal kit' },
      { occurred_on: '2025-12-01', kind: 'service', summary: 'Annual service' },
    ];
    const made = [];
    for (const e of events) {
      const r = await c.post(url, e);
      assert.equal(r.status, 201, String(r));
      conforms(r.json, 'ServiceEvent');
      assert.equal(r.json.user_id, c.user.id);
      made.push(r.json);
    }
    const got = await c.read(`/api/v1/assets/${asset.id}`);
    conforms(got, 'Asset');
    assert.deepEqual(got.service_events.map((e) => e.occurred_on), ['2026-03-15', '2025-12-01', '2025-06-01']);
    assert.deepEqual(got.service_events.map((e) => e.id), [made[1].id, made[2].id, made[0].id]);
  });

  test('a service event needs a known kind and an existing asset', async () => {
    const asset = await c.create('/api/v1/assets', make.asset(await newAccount()));
    problem(await c.post(`/api/v1/assets/${asset.id}/service-events`, { occurred_on: '2026-01-01', kind: 'polishing', summary: 'x' }), 422, 'kind');
    problem(await c.post('/api/v1/assets/999999999/service-events', { occurred_on: '2026-01-01', kind: 'service', summary: 'x' }), 404);
    assert.deepEqual((await c.read(`/api/v1/assets/${asset.id}`)).service_events, []);
  });
});
