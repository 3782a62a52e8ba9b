// PostgreSQL stopped (fast, then as if it crashed, then fast again) and
// started again under concurrent reads and writes: serve stays up, answers
// every request either rightly or 503 problem+json with Retry-After while
// the database is away, takes up its connections again by itself, and
// keeps every write it acknowledged.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ledger, Load, assertRetryProblem, checkStore, ctx, newStore, pgCluster, probeWrite, rng, sleep, startServer } from './lib.mjs';

const OUTAGES = ['fast', 'immediate', 'fast'];

test(`PostgreSQL restarted under load ${OUTAGES.length} times: 503 with Retry-After meanwhile, serve reconnects, acknowledged writes survive`, async (t) => {
  const random = rng(ctx.seed + 7);
  const store = newStore('postgresql', 'restart');
  const ledger = new Ledger();
  const server = await startServer(store, ctx.port + 2);
  const figures = [];
  let clusterUp = true;
  try {
    for (const [i, mode] of OUTAGES.entries()) {
      const load = new Load(server, store, ledger, random, { workers: 6, accept503: true, reads: true, expectAnswers: true });
      load.start();
      await sleep(random.int(300, 700));
      const before = { acknowledged: ledger.stats.acknowledged, answered503: load.answered503 };
      clusterUp = false;
      let took = Date.now();
      await pgCluster('halt', mode);
      const halted = Date.now() - took;
      const down = random.int(500, 1500);
      await sleep(down);
      const during = await probeWrite(server, store, ledger);
      assert.ok(during, 'serve did not answer while PostgreSQL was down');
      assertRetryProblem(during, [503]);
      assert.match(during.json.detail, /PostgreSQL/, String(during));
      // a write that looks a reference up is refused as the outage, never as a missing record
      const caseDuring = await probeWrite(server, store, ledger, 'case');
      assert.ok(caseDuring, 'serve did not answer a case while PostgreSQL was down');
      assertRetryProblem(caseDuring, [503]);
      took = Date.now();
      await pgCluster('resume');
      const resumed = Date.now() - took;
      clusterUp = true;
      // no restart, no signal: the next transactions find the server again
      let after = null, tries = 0;
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; tries++) {
        after = await probeWrite(server, store, ledger);
        if (after?.status !== 503) break;
        await sleep(100);
      }
      assert.equal(after?.status, 201, `no write succeeded within 30 s of PostgreSQL's return: ${after}`);
      await sleep(300);
      await load.stop();
      assert.equal(server.gone(), null, `serve exited: ${JSON.stringify(server.gone())}\n${server.log()}`);
      assert.deepEqual(load.errors.slice(0, 5), [], `wrong answers around outage ${i + 1} (${mode}, seed ${ctx.seed})`);
      assert.ok(load.answered503 > before.answered503, `no request met the outage ${i + 1}`);
      const problems = checkStore(store, ledger);
      assert.deepEqual(problems, [], `after outage ${i + 1} (${mode}, seed ${ctx.seed})`);
      figures.push(`${mode} stop (pg_ctl ${halted} ms), ${down} ms down, start (pg_ctl ${resumed} ms): ${load.answered503 - before.answered503} answers 503, ${tries + 1} probe(s) after the start`);
    }
    const stopped = await server.stop();
    assert.equal(stopped.code, 0, `serve did not stop cleanly after the outages: ${JSON.stringify(stopped)}\n${server.log()}`);
  } finally {
    if (!clusterUp) await pgCluster('resume').catch(() => {});
    await server.kill();
  }
  const { acknowledged, unknown, landed } = ledger.stats;
  t.diagnostic(`postgresql restarts: ${figures.join('; ')}; ${acknowledged} writes acknowledged, ${unknown} writes answered 503 ` +
    `(${landed} of them stored whole all the same: a COMMIT whose answer the outage cut off; the rest not at all); serve never restarted`);
});
