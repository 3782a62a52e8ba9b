// The answer cache of the reports (docs/API.md, "Reports and the answer
// cache"): the same question on the same data is answered from the cache
// (Cache-Status: forgedesk; hit) with the same bytes; any commit makes the
// next answer fresh and right; answers are kept per asker, so a cached
// answer never reaches someone who may not see it; Cache-Control: no-cache
// computes afresh; refusals are never kept.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { bearer, make, problem, signIn, uniq, withQuery } from './lib.mjs';

// A year nothing else orders in, different per run so a reused store adds nothing.
const Y = 1961 + (process.pid % 19);
const book = withQuery('/api/v1/retention/book', { from: `${Y}-01-01`, to: `${Y}-12-31` });
const cacheStatus = (r) => r.headers.get('cache-status') ?? '';

/** Asks path twice in a row until the second answer is a hit: the test
 *  server's scheduler may commit between two requests, which rightly makes
 *  the second one fresh. Returns both answers of the pair that hit. */
async function twice(client, path) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const first = await client.get(path);
    const second = await client.get(path);
    assert.equal(first.status, 200, String(first));
    assert.equal(second.status, 200, String(second));
    if (cacheStatus(second) === 'forgedesk; hit') return [first, second];
  }
  assert.fail(`${path}: never answered from the cache in ten tries`);
}

let agent, leader, manager;
before(async () => {
  [agent, leader, manager] = await Promise.all(['agent', 'team_leader', 'cs_manager'].map(signIn));
});

describe('the answer cache', () => {
  test('the same question on the same data gets the same bytes from the cache', async () => {
    const [first, second] = await twice(agent, book);
    assert.equal(second.text, first.text);
    assert.match(second.headers.get('content-type'), /^application\/json/);
    assert.equal(second.headers.get('cache-control'), 'no-store', 'browsers and proxies keep nothing');
  });

  test('a commit makes the next answer fresh, and the figures count it', async () => {
    const [, cached] = await twice(agent, book);
    const account = await agent.create('/api/v1/accounts', make.account());
    await agent.create('/api/v1/orders', make.order(account.id, { ordered_on: `${Y}-03-01` }));
    const after = await agent.get(book);
    assert.notEqual(cacheStatus(after), 'forgedesk; hit');
    assert.equal(after.json.orders - cached.json.orders, 1);
    assert.equal(after.json.customers_at_end - cached.json.customers_at_end, 1);
  });

  test('answers are kept per asker: one who may not see it is refused, one who may gets their own', async () => {
    const admin = bearer('admin');
    const other = await admin.create('/api/v1/teams', { name: `Cache ${uniq()}` });
    assert.notEqual(other.id, leader.user.team_id);
    const fairness = withQuery('/api/v1/reports/allocation-fairness', { team_id: other.id });
    await twice(manager, fairness);
    problem(await leader.get(fairness), 403);
    problem(await agent.get(fairness), 403);
    const own = await admin.get(fairness);
    assert.equal(own.status, 200, String(own));
    assert.notEqual(cacheStatus(own), 'forgedesk; hit', "the manager's answer is the manager's");
  });

  test('Cache-Control: no-cache computes afresh', async () => {
    await twice(agent, book);
    const fresh = await agent.get(book, { headers: { 'cache-control': 'no-cache' } });
    assert.equal(fresh.status, 200);
    assert.match(cacheStatus(fresh), /^forgedesk; fwd=request/);
  });

  test('a refusal is never kept', async () => {
    const bad = withQuery('/api/v1/retention/book', { from: `${Y}-05-01`, to: `${Y}-04-01` });
    for (let i = 0; i < 2; i++) {
      const r = await agent.get(bad);
      problem(r, 400, 'to');
      assert.equal(cacheStatus(r), '');
    }
  });
});
