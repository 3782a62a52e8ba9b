// Lists page with limit/after without losing or repeating records; filters restrict.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { make, signIn, uniq, withQuery } from './lib.mjs';

let c;
before(async () => { c = await signIn('admin'); });

/** Follows `next` from the first page; returns the pages' items. */
async function pages(path, limit) {
  const out = [];
  let after;
  for (let i = 0; i < 50; i++) {
    const page = await c.read(withQuery(path, { limit, after }));
    assert.deepEqual(Object.keys(page).sort(), ['items', 'next'], 'list envelope');
    out.push(page.items);
    if (page.next === null) return out;
    assert.equal(typeof page.next, 'string');
    after = page.next;
  }
  throw new Error('paging did not end');
}

test('7 contacts page as 3, 3, 1 with no duplicates and next null at the end', async () => {
  const account = (await c.create('/api/v1/accounts', make.account())).id;
  const made = [];
  for (let i = 0; i < 7; i++) made.push((await c.create('/api/v1/contacts', make.contact(account))).id);
  const got = await pages(`/api/v1/contacts?account_id=${account}`, 3);
  assert.deepEqual(got.map((p) => p.length), [3, 3, 1]);
  const ids = got.flat().map((x) => x.id);
  assert.equal(new Set(ids).size, 7, 'duplicates across pages');
  assert.deepEqual([...ids].sort((a, b) => a - b), made);
  assert.ok(got.flat().every((x) => x.account_id === account));
});

test('7 accounts found by q page as 3, 3, 1; limit=7 is one page; the default limit takes all', async () => {
  const word = uniq('pg');
  const made = [];
  for (let i = 0; i < 7; i++) made.push((await c.create('/api/v1/accounts', make.account({ name: `${word} Castings ${i}` }))).id);
  const path = withQuery('/api/v1/accounts', { q: word });
  const got = await pages(path, 3);
  assert.deepEqual(got.map((p) => p.length), [3, 3, 1]);
  assert.deepEqual(got.flat().map((x) => x.id).sort((a, b) => a - b), made);
  assert.deepEqual((await pages(path, 7)).map((p) => p.length), [7]);
  const all = await c.read(path);
  assert.equal(all.items.length, 7);
  assert.equal(all.next, null);
});

test('sort=name orders by name across pages', async () => {
  const word = uniq('srt');
  for (const n of ['Delta', 'Alpha', 'Charlie', 'Bravo', 'Echo']) await c.create('/api/v1/accounts', make.account({ name: `${n} ${word}` }));
  const got = (await pages(withQuery('/api/v1/accounts', { q: word, sort: 'name' }), 2)).flat().map((x) => x.name.split(' ')[0]);
  assert.deepEqual(got, ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo']);
});

test('filters restrict: status and tier on accounts, account_id on contacts, interactions, orders and assets', async () => {
  const word = uniq('flt');
  const mk = (o) => c.create('/api/v1/accounts', make.account({ name: `${word} ${uniq()}`, ...o }));
  const lost = [await mk({ status: 'lost', tier: 'A' }), await mk({ status: 'lost', tier: 'C' })];
  const active = await mk({ status: 'active', tier: 'A' });
  const ids = async (q) => (await c.read(withQuery('/api/v1/accounts', { q: word, ...q }))).items.map((x) => x.id).sort((a, b) => a - b);
  assert.deepEqual(await ids({ status: 'lost' }), lost.map((x) => x.id));
  assert.deepEqual(await ids({ status: 'active' }), [active.id]);
  assert.deepEqual(await ids({ status: 'at_risk' }), []);
  assert.deepEqual(await ids({ tier: 'A' }), [lost[0].id, active.id]);
  assert.deepEqual(await ids({ status: 'lost', tier: 'A' }), [lost[0].id]);

  const [a, b] = lost.map((x) => x.id);
  const children = {
    contacts: (id) => make.contact(id), interactions: (id) => make.interaction(id),
    orders: (id) => make.order(id), assets: (id) => make.asset(id),
  };
  for (const [path, body] of Object.entries(children)) {
    const mine = (await c.create(`/api/v1/${path}`, body(a))).id;
    await c.create(`/api/v1/${path}`, body(b));
    const page = await c.read(`/api/v1/${path}?account_id=${a}`);
    assert.deepEqual(page.items.map((x) => x.id), [mine], `${path}?account_id`);
  }
});

test('interactions filter by contact_id', async () => {
  const account = (await c.create('/api/v1/accounts', make.account())).id;
  const [x, y] = [await c.create('/api/v1/contacts', make.contact(account)), await c.create('/api/v1/contacts', make.contact(account))];
  const mine = await c.create('/api/v1/interactions', make.interaction(account, { contact_id: x.id }));
  await c.create('/api/v1/interactions', make.interaction(account, { contact_id: y.id }));
  assert.deepEqual((await c.read(`/api/v1/interactions?contact_id=${x.id}`)).items.map((i) => i.id), [mine.id]);
});

test('sort=-updated_at puts the most recently changed first', async () => {
  const word = uniq('upd');
  const made = [];
  for (let i = 0; i < 3; i++) made.push(await c.create('/api/v1/accounts', make.account({ name: `${word} ${i}` })));
  await new Promise((r) => setTimeout(r, 1100)); // updated_at has whole seconds
  const r = await c.patch(`/api/v1/accounts/${made[1].id}`, { city: 'Hull' }, { ifMatch: 1 });
  assert.equal(r.status, 200, String(r));
  const page = await c.read(withQuery('/api/v1/accounts', { q: word, sort: '-updated_at' }));
  assert.equal(page.items[0].id, made[1].id);
  assert.ok(page.items.every((x, i, xs) => i === 0 || xs[i - 1].updated_at >= x.updated_at), 'not newest first');
});

test('records with equal sort keys are neither lost nor repeated across pages', async () => {
  const word = uniq('tie');
  const made = [];
  for (let i = 0; i < 5; i++) made.push((await c.create('/api/v1/accounts', make.account({ name: `Same Name ${word}` }))).id);
  for (const sort of ['name', '-updated_at', undefined]) {
    const got = (await pages(withQuery('/api/v1/accounts', { q: word, sort }), 2)).flat().map((x) => x.id);
    assert.deepEqual([...got].sort((a, b) => a - b), made, `sort=${sort}`);
  }
});

test('the server accepts its own cursors, also after records with the longest names', async () => {
  const word = uniq('lng');
  const made = [];
  // 200 characters that fold to 390 ("ß" → "ss"): the longest sort keys there are
  for (const tail of ['ß', 'ä']) made.push((await c.create('/api/v1/accounts', make.account({ name: `${word} ${tail.repeat(200 - word.length - 1)}` }))).id);
  for (const sort of [undefined, 'name']) {
    const got = await pages(withQuery('/api/v1/accounts', { q: word, sort }), 1);
    assert.deepEqual(got.flat().map((x) => x.id).sort((a, b) => a - b), made, `sort=${sort}`);
  }
});
