// An account's timeline merges interactions, orders and asset service events, newest first.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { conforms, make, problem, signIn, withQuery } from './lib.mjs';

let c;
let account;
const made = {};
before(async () => {
  c = await signIn('admin');
  account = await c.create('/api/v1/accounts', make.account());
  const other = await c.create('/api/v1/accounts', make.account());
  // made newest-first on purpose, so the order comes from the dates, not from creation
  const asset = await c.create('/api/v1/assets', make.asset(account.id));
  const ev = await c.post(`/api/v1/assets/${asset.id}/service-events`, { occurred_on: '2026-03-10', kind: 'inspection', summary: 'Annual inspection passed' });
  assert.equal(ev.status, 201, String(ev));
  made.service_event = { ...ev.json, asset_id: asset.id };
  made.order = await c.create('/api/v1/orders', make.order(account.id, { ordered_on: '2026-02-10' }));
  made.interaction = await c.create('/api/v1/interactions', make.interaction(account.id, { occurred_at: '2026-01-10T10:00:00Z', summary: 'Enquiry about spare seals' }));
  // another account's records stay out of this timeline
  await c.create('/api/v1/interactions', make.interaction(other.id, { occurred_at: '2026-02-01T10:00:00Z' }));
});

const timeline = (q = {}) => c.read(withQuery(`/api/v1/accounts/${account.id}/timeline`, q));

test('lists the service event, the order and the interaction, newest first', async () => {
  const page = await timeline();
  conforms(page, 'TimelineItemList');
  assert.deepEqual(page.items.map((x) => x.kind), ['service_event', 'order', 'interaction']);
  assert.equal(page.next, null);
  const [ev, order, interaction] = page.items;
  assert.equal(ev.id, made.service_event.id);
  assert.equal(ev.ref.asset_id, made.service_event.asset_id);
  assert.equal(order.id, made.order.id);
  assert.equal(order.ref.order_id, made.order.id);
  assert.equal(interaction.id, made.interaction.id);
  assert.equal(interaction.ref.interaction_id, made.interaction.id);
  assert.equal(interaction.summary, 'Enquiry about spare seals');
  assert.deepEqual(page.items.map((x) => x.at.slice(0, 10)), ['2026-03-10', '2026-02-10', '2026-01-10']);
});

test('pages with limit and after', async () => {
  const first = await timeline({ limit: 2 });
  assert.deepEqual(first.items.map((x) => x.kind), ['service_event', 'order']);
  assert.equal(typeof first.next, 'string');
  const second = await timeline({ limit: 2, after: first.next });
  assert.deepEqual(second.items.map((x) => x.kind), ['interaction']);
  assert.equal(second.next, null);
});

test('of an account that does not exist answers 404', async () => {
  problem(await c.get('/api/v1/accounts/999999999/timeline'), 404);
});

test('items on the same day page without loss or repetition', async () => {
  const acct = await c.create('/api/v1/accounts', make.account());
  const asset = await c.create('/api/v1/assets', make.asset(acct.id));
  const ids = [];
  for (let i = 0; i < 3; i++) ids.push(`order:${(await c.create('/api/v1/orders', make.order(acct.id, { ordered_on: '2026-04-01' }))).id}`);
  for (let i = 0; i < 3; i++) {
    const r = await c.post(`/api/v1/assets/${asset.id}/service-events`, { occurred_on: '2026-04-01', kind: 'service', summary: `Visit ${i}` });
    ids.push(`service_event:${r.json.id}`);
  }
  ids.push(`interaction:${(await c.create('/api/v1/interactions', make.interaction(acct.id, { occurred_at: '2026-04-01T00:00:00Z' }))).id}`);
  const seen = [];
  let after;
  for (let i = 0; i < 20; i++) {
    const page = await c.read(withQuery(`/api/v1/accounts/${acct.id}/timeline`, { limit: 2, after }));
    seen.push(...page.items.map((x) => `${x.kind}:${x.id}`));
    if (!(after = page.next)) break;
  }
  assert.deepEqual([...seen].sort(), [...ids].sort());
});
