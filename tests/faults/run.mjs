#!/usr/bin/env node
// Runs the fault tests (tests/faults/*.test.mjs): `serve` killed under write
// load, PostgreSQL restarted under load, a full and a read-only disk, backup
// and restore under load. Each test makes its own stores and servers.
//
// Environment: FORGEDESK_BIN (default build/forgedesk); FORGEDESK_PORT, the
// first of five ports the servers under test may use (default 18090);
// FORGEDESK_FAULT_SEED, the seed of every random choice (default: a random
// one; always printed, so a failure can be run again the same way);
// FORGEDESK_PG_DIR and FORGEDESK_PG_PORT, a cluster made by
// scripts/pg-cluster.sh that the tests may stop and start (without
// FORGEDESK_PG_DIR one is made on FORGEDESK_PG_PORT, default 25433, and
// removed afterwards). Extra arguments filter the test files by name.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { runTestFiles } from '../node-runner.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const rawBin = process.env.FORGEDESK_BIN || 'build/forgedesk';
const bin = path.isAbsolute(rawBin) || existsSync(rawBin) ? path.resolve(rawBin) : path.resolve(root, rawBin);
if (!existsSync(bin)) {
  console.error(`fault tests: no binary at ${bin}`);
  process.exit(1);
}
const port = Number(process.env.FORGEDESK_PORT || 18090);
const seed = Number(process.env.FORGEDESK_FAULT_SEED || Math.floor(Math.random() * 2 ** 31));
const pgPort = Number(process.env.FORGEDESK_PG_PORT || 25433);
let pgDir = process.env.FORGEDESK_PG_DIR;
let ownCluster = null;
if (!pgDir) {
  ownCluster = mkdtempSync(path.join(tmpdir(), 'forgedesk-faults-pg-'));
  pgDir = path.join(ownCluster, 'pg');
  spawnSync('chmod', ['711', ownCluster]);
  const r = spawnSync(path.join(root, 'scripts/pg-cluster.sh'), ['start', pgDir, String(pgPort)], { encoding: 'utf8' });
  if (r.status !== 0) {
    rmSync(ownCluster, { recursive: true, force: true });
    console.error(`fault tests: cannot start PostgreSQL: ${r.stderr}`);
    process.exit(1);
  }
}
const pg = { dir: pgDir, port: pgPort, url: `postgresql://forgedesk@127.0.0.1:${pgPort}/forgedesk` };
const work = mkdtempSync(path.join(tmpdir(), 'forgedesk-faults-')); // every store of the run; kept when a test fails
spawnSync('chmod', ['755', work]); // the read-only test may run a command as another user in it
process.env.FD_FAULTS_CONTEXT = JSON.stringify({ bin, root, port, seed, pg, work });
console.log(`fault tests: seed ${seed} (FORGEDESK_FAULT_SEED=${seed} repeats this run), ports ${port}..${port + 4}, PostgreSQL ${pgDir}`);

const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.test.mjs') && (!filters.length || filters.some((x) => f.includes(x))))
  .sort()
  .map((f) => path.join(here, f));
const counts = await runTestFiles(files, 300_000);
if (ownCluster) {
  spawnSync(path.join(root, 'scripts/pg-cluster.sh'), ['stop', pgDir]);
  rmSync(ownCluster, { recursive: true, force: true });
}
if (counts.fail) console.log(`stores kept in ${work}`);
else rmSync(work, { recursive: true, force: true });
console.log(`${counts.pass} passed, ${counts.fail} failed (seed ${seed})`);
process.exit(counts.fail || !counts.pass ? 1 : 0);
