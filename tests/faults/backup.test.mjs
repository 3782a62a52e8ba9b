// `forgedesk backup` while serve takes concurrent writes, and `forgedesk
// restore` into a fresh database: the backup holds every write acknowledged
// before it began, passes the invariants, integrity_check and audit verify;
// the restored database has exactly the backup's content, table by table;
// restore refuses to overwrite a database without --force, a database a
// running serve has open at all, and a damaged or missing backup. The same
// for PostgreSQL with pg_dump and pg_restore, as the README documents.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, truncateSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Ledger, Load, checkInvariants, cli, cliAsync, ctx, newStore, request, rng, rows, sleep, sqliteFile, startServer } from './lib.mjs';

/** Every table of a SQLite database, schema and rows, as text (sqlite3 .dump). */
function dump(url) {
  const r = spawnSync('sqlite3', [sqliteFile(url), '.dump'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** What the ledger holds acknowledged now: the writes a backup taken from now on must contain. */
const acknowledgedNow = (ledger) => ({
  accounts: [...ledger.accounts.keys()],
  events: [...ledger.events.keys()],
  cases: [...ledger.cases.entries()].filter(([, c]) => !c.unknown).map(([id, c]) => [id, c.version]),
});

function missingFrom(url, acked) {
  const cases = new Map(rows(url, 'SELECT id, version FROM cases').map((c) => [c.id, c.version]));
  const accounts = new Set(rows(url, 'SELECT id FROM accounts').map((a) => a.id));
  const events = new Set(rows(url, 'SELECT id FROM case_events').map((e) => e.id));
  return [
    ...acked.accounts.filter((id) => !accounts.has(id)).map((id) => `account ${id}`),
    ...acked.events.filter((id) => !events.has(id)).map((id) => `event ${id}`),
    ...acked.cases.filter(([id, v]) => !(cases.get(id) >= v)).map(([id, v]) => `case ${id} at version ${v}`),
  ];
}

test('forgedesk backup under write load, restore to a fresh database: identical content, every earlier acknowledged write', async (t) => {
  const random = rng(ctx.seed + 13);
  const store = newStore('sqlite', 'backup');
  const ledger = new Ledger();
  const server = await startServer(store, ctx.port + 4, { schedulerInterval: 0 });
  try {
    const load = new Load(server, store, ledger, random, { workers: 6 });
    load.start();
    await sleep(random.int(300, 600));
    const acked = acknowledgedNow(ledger);
    const ackedBefore = ledger.stats.acknowledged;
    const file = path.join(store.dir, 'copy.db');
    const made = await cliAsync(['backup', '--db', store.url, file]);
    const duringBackup = ledger.stats.acknowledged - ackedBefore;
    await sleep(200);
    await load.stop();
    assert.equal(made.status, 0, `backup under load: ${JSON.stringify(made)}`);
    assert.deepEqual(load.errors.slice(0, 5), []);
    const backup = { url: `sqlite:${file}`, kind: 'sqlite' };
    assert.deepEqual(missingFrom(backup.url, acked), [], 'writes acknowledged before the backup began');
    assert.deepEqual(checkInvariants(backup), [], 'the backup');

    const fresh = { url: `sqlite:${path.join(store.dir, 'restored.db')}`, kind: 'sqlite' };
    const restored = cli(['restore', '--db', fresh.url, file]);
    assert.equal(restored.status, 0, JSON.stringify(restored));
    assert.match(restored.stdout, /audit trail intact, \d+ entries/);
    const content = dump(backup.url);
    assert.equal(dump(fresh.url), content, 'the restored database differs from the backup');
    assert.deepEqual(checkInvariants(fresh), [], 'the restored database');

    // refusals, each leaving the target as it was
    const again = cli(['restore', '--db', fresh.url, file]);
    assert.equal(again.status, 3, JSON.stringify(again));
    assert.match(again.stderr, /already holds a database; restore replaces it only with --force/);
    const live = cli(['restore', '--db', store.url, '--force', file]);
    assert.equal(live.status, 3, JSON.stringify(live));
    assert.match(live.stderr, /open in another process/);
    const missing = path.join(store.dir, 'no-such-backup.db');
    const none = cli(['restore', '--db', `sqlite:${path.join(store.dir, 'other.db')}`, missing]);
    assert.equal(none.status, 3, JSON.stringify(none));
    assert.equal(existsSync(missing), false, 'restore created the backup it could not find');
    const damaged = path.join(store.dir, 'damaged.db');
    copyFileSync(file, damaged);
    truncateSync(damaged, Math.floor(statSync(damaged).size / 2));
    const bad = cli(['restore', '--db', fresh.url, '--force', damaged]);
    assert.equal(bad.status, 3, JSON.stringify(bad));
    assert.match(bad.stderr, /not an intact SQLite database|Backup damaged/);
    assert.equal(dump(fresh.url), content, 'a refused restore changed the database');
    const forced = cli(['restore', '--db', fresh.url, '--force', file]);
    assert.equal(forced.status, 0, JSON.stringify(forced));
    assert.equal(dump(fresh.url), content);

    // with the server idle, a backup is the live database exactly
    const idle = path.join(store.dir, 'idle.db');
    assert.equal(cli(['backup', '--db', store.url, idle]).status, 0);
    assert.equal(dump(`sqlite:${idle}`), dump(store.url), 'a backup of an idle server differs from its database');

    // and a server on the restored copy serves what was acknowledged before the backup
    await server.stop();
    const second = await startServer({ ...fresh, token: store.token }, ctx.port + 4, { schedulerInterval: 0 });
    try {
      const [id, version] = acked.cases[0];
      const r = await request(second.base, store.token, 'GET', `/api/v1/cases/${id}`);
      assert.equal(r.status, 200, String(r));
      assert.ok(r.json.version >= version);
    } finally {
      await second.stop();
    }
    const tables = rows(fresh.url, "SELECT COUNT(*) AS n FROM sqlite_schema WHERE type = 'table'")[0].n;
    t.diagnostic(`sqlite backup: ${duringBackup} writes acknowledged while it ran; ${acked.accounts.length + acked.cases.length + acked.events.length} ` +
      `records acknowledged before it all in it; restored copy identical in all ${tables} tables (${content.split('\n').filter((l) => l.startsWith('INSERT')).length} rows)`);
  } finally {
    await server.stop();
  }
});

test('PostgreSQL: pg_dump under write load, pg_restore into a fresh database: every earlier acknowledged write, audit verify passes', async (t) => {
  const random = rng(ctx.seed + 17);
  const store = newStore('postgresql', 'pgdump');
  const ledger = new Ledger();
  const server = await startServer(store, ctx.port + 4, { schedulerInterval: 0 });
  const file = path.join(store.dir, 'forgedesk.dump');
  let acked, made;
  try {
    const load = new Load(server, store, ledger, random, { workers: 6 });
    load.start();
    await sleep(random.int(300, 600));
    acked = acknowledgedNow(ledger);
    made = spawnSync('pg_dump', ['--format=custom', `--file=${file}`, store.url], { encoding: 'utf8' });
    await sleep(200);
    await load.stop();
    assert.deepEqual(load.errors.slice(0, 5), []);
  } finally {
    await server.stop();
  }
  assert.equal(made.status, 0, made.stderr);
  const fresh = { url: store.url.replace(/\/[^/]*$/, `/faults_pgrestore_${process.pid}`), kind: 'postgresql' };
  const created = spawnSync('psql', [ctx.pg.url, '-qc', `CREATE DATABASE faults_pgrestore_${process.pid}`], { encoding: 'utf8' });
  assert.equal(created.status, 0, created.stderr);
  const restored = spawnSync('pg_restore', ['--no-owner', `--dbname=${fresh.url}`, file], { encoding: 'utf8' });
  assert.equal(restored.status, 0, restored.stderr);
  assert.deepEqual(missingFrom(fresh.url, acked), [], 'writes acknowledged before pg_dump began');
  assert.deepEqual(checkInvariants(fresh), [], 'the restored PostgreSQL database');
  const n = acked.accounts.length + acked.cases.length + acked.events.length;
  t.diagnostic(`postgresql pg_dump/pg_restore: ${n} records acknowledged before the dump all restored; invariants and audit verify pass`);
});
