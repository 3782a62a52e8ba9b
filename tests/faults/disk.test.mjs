// A full disk and a read-only database (SQLite). While the disk is full,
// writes answer 507 problem+json with Retry-After, reads go on, the CLI
// exits 1 naming the cause; when space returns, writes succeed again
// without a restart; a read-only file system stops serve and the CLI with
// a clear message, and everything works once it is writable again; nothing
// acknowledged is lost, nothing is corrupted (integrity_check, audit verify).
//
// The disk is a small tmpfs mounted for the test, filled with a file. Where
// mounting is impossible (not root, or FORGEDESK_FAULTS_NO_MOUNT=1), the
// same faults are made otherwise: a full disk by a file-size limit on the
// running server (prlimit --fsize: writes past it fail with EFBIG, which
// SQLite reports as an I/O error, so the answer is 503 and not 507), a read-only database by taking write
// permission from its folder and files and running as a user without it.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Ledger, Load, assertRetryProblem, checkStore, cli, ctx, newStore, request, rng, rows, sleep, startServer, tempDir } from './lib.mjs';

const root = process.getuid() === 0;

function tryMount(dir) {
  if (!root || process.env.FORGEDESK_FAULTS_NO_MOUNT === '1') return false;
  return spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256m,mode=0777', 'tmpfs', dir]).status === 0;
}

/** The faults, made by the tmpfs (mounted) or by limits and permissions (not). */
function faults(dir, mounted) {
  const filler = path.join(dir, 'filler');
  let server = null;
  const unprivileged = root ? ['runuser', '-u', 'nobody', '--'] : [];
  return {
    refusal: mounted ? { status: 507, detail: /full/, cli: /Insufficient storage: .*full/ } : { status: 503, detail: /could not be read or written/, cli: /Store I\/O error: / },
    how: mounted ? 'a 256 MiB tmpfs, filled with a file; remounted read-only' : 'a file-size limit on serve (prlimit --fsize); write permission taken away',
    attach(s) { server = s; },
    fill() {
      if (!mounted) {
        const largest = Math.max(...readdirSync(dir).map((f) => statSync(path.join(dir, f)).size));
        execFileSync('prlimit', ['--pid', String(server.proc.pid), `--fsize=${largest}:`]); // the soft limit alone, so it can be lifted again without privileges
        return;
      }
      const fd = openSync(filler, 'w');
      try {
        for (const size of [1 << 16, 1 << 12, 1]) {
          const chunk = Buffer.alloc(size, 1);
          try { for (;;) writeSync(fd, chunk); } catch (e) { assert.equal(e.code, 'ENOSPC'); }
        }
      } finally { closeSync(fd); }
    },
    free() {
      if (mounted) unlinkSync(filler);
      else execFileSync('prlimit', ['--pid', String(server.proc.pid), '--fsize=unlimited:']);
    },
    /** The CLI on the full disk: the limit applies to the command's own process too. */
    cliFull(args, input) {
      if (mounted) return cli(args, input);
      const largest = Math.max(...readdirSync(dir).map((f) => statSync(path.join(dir, f)).size));
      const r = spawnSync('prlimit', [`--fsize=${largest}`, ctx.bin, ...args], { input, encoding: 'utf8' });
      return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr.trim() };
    },
    readOnly() {
      if (mounted) execFileSync('mount', ['-o', 'remount,ro', dir]);
      else for (const f of [...readdirSync(dir).map((x) => path.join(dir, x)), dir]) chmodSync(f, statSync(f).isDirectory() ? 0o555 : 0o444);
    },
    writable() {
      if (mounted) execFileSync('mount', ['-o', 'remount,rw', dir]);
      else for (const f of [dir, ...readdirSync(dir).map((x) => path.join(dir, x))]) chmodSync(f, statSync(f).isDirectory() ? 0o777 : 0o666);
    },
    /** A command run as it would be against the read-only database. */
    cliReadOnly(args, input) {
      const cmd = mounted ? [ctx.bin, ...args] : [...unprivileged, ctx.bin, ...args];
      const r = spawnSync(cmd[0], cmd.slice(1), { input, encoding: 'utf8', timeout: 30_000 });
      return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr.trim() };
    },
  };
}

test('a full disk answers 507 (503 past a file-size limit) and recovers without a restart; a read-only database is refused clearly; nothing is lost or corrupted', async (t) => {
  const random = rng(ctx.seed + 11);
  const work = tempDir('disk');
  const dir = path.join(work, 'disk');
  mkdirSync(dir, { mode: 0o777 });
  chmodSync(work, 0o755);
  const mounted = tryMount(dir);
  const fault = faults(dir, mounted);
  let server = null;
  try {
    const store = newStore('sqlite', 'disk', dir);
    const ledger = new Ledger();
    server = await startServer(store, ctx.port + 3);
    fault.attach(server);
    const warm = new Load(server, store, ledger, random, { workers: 4 });
    warm.start();
    await sleep(400);
    await warm.stop();
    assert.deepEqual(warm.errors.slice(0, 5), []);

    // ---- the disk fills up under the server ----
    fault.fill();
    const accounts = [...ledger.accounts.keys()];
    const description = 'Bearing housing cracked at the flange; photos and readings follow. '.repeat(280);
    let full = null, stored = 0;
    for (let i = 0; i < 2000 && !full; i++) {
      const subject = `Faults disk case ${i} ${random().toString(36).slice(2)}`;
      const r = await request(server.base, store.token, 'POST', '/api/v1/cases', { body: { account_id: accounts[0], type: 'complaint', subject, priority: 2, description } });
      if (r.status === 201) {
        ledger.cases.set(r.json.id, { owner: -1, subject, version: 1, priority: 2, status: 'new', outbound_replies: 0, unknown: null });
        stored++;
      } else {
        assertRetryProblem(r, [fault.refusal.status]);
        assert.match(r.json.detail, fault.refusal.detail, String(r));
        full = r;
      }
    }
    assert.ok(full, `no write was refused after ${stored} large cases on the full disk`);
    const [someId, someCase] = [...ledger.cases.entries()].find(([, c]) => c.owner >= 0);
    const read = await request(server.base, store.token, 'GET', `/api/v1/cases/${someId}`);
    assert.equal(read.status, 200, `a read while the disk is full: ${read}`);
    assert.equal(read.json.version, someCase.version);
    // the CLI: an import larger than any room left in the database's files
    const csv = path.join(work, 'accounts.csv');
    writeFileSync(csv, `name,notes\n${Array.from({ length: 30000 }, (_, i) => `Faults import ${i},${'x'.repeat(900)}`).join('\n')}\n`);
    const cliOnFull = fault.cliFull(['import', 'accounts', csv, '--db', store.url]);
    assert.equal(cliOnFull.status, 1, `import on a full disk: ${JSON.stringify(cliOnFull).slice(0, 600)}`);
    assert.match(cliOnFull.stderr, fault.refusal.cli, cliOnFull.stderr);
    assert.equal(rows(store.url, "SELECT COUNT(*) AS n FROM accounts WHERE name LIKE 'Faults import %'")[0].n, 0, 'a refused import left accounts behind');

    // ---- space returns: the same server writes again ----
    fault.free();
    let again = null;
    for (let i = 0; i < 50 && again?.status !== 201; i++) {
      if (i) await sleep(100);
      again = await request(server.base, store.token, 'POST', '/api/v1/accounts', { body: { name: `Faults after the disk ${i}` } });
      if (again.status === 201) ledger.accounts.set(again.json.id, { name: `Faults after the disk ${i}` });
    }
    assert.equal(again.status, 201, `no write succeeded once space was back: ${again}`);
    const after = new Load(server, store, ledger, random, { workers: 4 });
    after.start();
    await sleep(300);
    await after.stop();
    assert.deepEqual(after.errors.slice(0, 5), [], `writes after the disk had space again; serve said:\n${server.log()}`);
    const stop = await server.stop();
    assert.equal(stop.code, 0, `serve did not stop cleanly after the full disk: ${JSON.stringify(stop)}\n${server.log()}`);
    server = null;
    assert.deepEqual(checkStore(store, ledger), [], `after the full disk (seed ${ctx.seed})`);

    // ---- the database becomes read-only ----
    fault.readOnly();
    const add = fault.cliReadOnly(['user', 'add', '--db', store.url, '--username', 'faults-ro', '--display-name', 'RO', '--role', 'agent', '--password-stdin'], 'Pw-faults-ro-secret\n');
    assert.equal(add.status, 1, `user add on a read-only database: ${JSON.stringify(add)}`);
    assert.match(add.stderr, /Store read-only: .*cannot be written/, add.stderr);
    const serve = fault.cliReadOnly(['serve', '--db', store.url, '--listen', `127.0.0.1:${ctx.port + 3}`]);
    assert.equal(serve.status, 1, `serve on a read-only database: ${JSON.stringify(serve)}`);
    assert.match(serve.stderr, /Store read-only: .*cannot be written/, serve.stderr);
    fault.writable();
    server = await startServer(store, ctx.port + 3);
    const back = await request(server.base, store.token, 'POST', '/api/v1/accounts', { body: { name: 'Faults writable again' } });
    assert.equal(back.status, 201, String(back));
    ledger.accounts.set(back.json.id, { name: 'Faults writable again' });
    assert.equal((await server.stop()).code, 0);
    server = null;
    assert.deepEqual(checkStore(store, ledger), [], `after the read-only database (seed ${ctx.seed})`);
    t.diagnostic(`disk faults by ${fault.how}: ${stored} large cases stored before the first ${fault.refusal.status}, the CLI refused with exit 1; ` +
      `${ledger.stats.acknowledged + stored} writes acknowledged in all, all present; integrity_check and audit verify pass`);
  } finally {
    if (server) await server.kill();
    if (mounted) spawnSync('umount', ['-l', dir]);
    else fault.writable();
    rmSync(work, { recursive: true, force: true });
  }
});
