// `serve` killed with SIGKILL at random moments under concurrent writes,
// again and again on the same store: after each kill every write that was
// acknowledged with 2xx is there as answered, every write left without an
// answer is there whole or not at all, no record lacks the rows written
// with it (SLA row, complaint record, audit entries, timeline events), and
// the audit chain (and the KPI figures, where `kpi verify` exists) verify.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ledger, Load, checkStore, ctx, newStore, rng, settleSessions, sleep, startServer } from './lib.mjs';

const ITERATIONS = { sqlite: 12, postgresql: 4 };

for (const [offset, kind] of ['sqlite', 'postgresql'].entries()) {
  const n = ITERATIONS[kind];
  test(`serve killed with SIGKILL under write load ${n} times (${kind}): acknowledged writes survive, nothing half-written`, async (t) => {
    const random = rng(ctx.seed + offset);
    const store = newStore(kind, `crash_${kind}`);
    const ledger = new Ledger();
    const kills = [];
    for (let i = 1; i <= n; i++) {
      const server = await startServer(store, ctx.port + offset);
      const load = new Load(server, store, ledger, random, { workers: 6 });
      const acknowledged = ledger.stats.acknowledged;
      load.start();
      const after = random.int(150, 900);
      await sleep(after);
      load.running = false; // no new requests: the unanswered ones are those the kill cut off
      const exit = await server.kill();
      await load.stop();
      await settleSessions(store);
      assert.equal(exit.signal, 'SIGKILL', `serve ended by itself before the kill: ${JSON.stringify(exit)}\n${server.log()}`);
      assert.deepEqual(load.errors.slice(0, 5), [], `wrong answers before kill ${i} (seed ${ctx.seed})`);
      const problems = checkStore(store, ledger);
      assert.deepEqual(problems, [], `after kill ${i}, ${after} ms into the load (seed ${ctx.seed})`);
      kills.push(`${after} ms/${ledger.stats.acknowledged - acknowledged} acknowledged`);
    }
    const { acknowledged, unknown, landed } = ledger.stats;
    assert.ok(acknowledged > n * 10, `too little load to prove anything: ${acknowledged} writes acknowledged`);
    t.diagnostic(`${kind}: ${n} kills (${kills.join(', ')}); ${acknowledged} writes acknowledged, ${unknown} cut off by a kill (${landed} of them found stored whole, the rest not at all); ` +
      `store holds ${ledger.cases.size} cases, ${ledger.events.size} replies and notes, ${ledger.accounts.size} accounts`);
  });
}
