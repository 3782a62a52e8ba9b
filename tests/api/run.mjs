#!/usr/bin/env node
// Runs the HTTP API tests: prepares a store (users, tokens), starts
// `forgedesk serve` on it, runs tests/api/*.test.mjs with node:test against the
// server, stops the server and prints "N passed, N failed".
//
// Environment: FORGEDESK_BIN (default build/forgedesk), FORGEDESK_DB (a store
// URL, sqlite:/path/file.db or postgresql://…; default a fresh SQLite file),
// FORGEDESK_PORT (default 18090). Extra arguments filter the test files by name.
// The server's SLA scheduler runs every FORGEDESK_SCHEDULER_INTERVAL seconds
// (default 1) and mails escalations to an SMTP sink the SLA tests open on
// FORGEDESK_PORT + 10 (ctx.smtpPort); it takes mail over LMTP on FORGEDESK_PORT + 20
// (ctx.lmtpPort).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { runTestFiles } from '../node-runner.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const rawBin = process.env.FORGEDESK_BIN || 'build/forgedesk';
const bin = path.isAbsolute(rawBin) || existsSync(rawBin) ? path.resolve(rawBin) : path.resolve(root, rawBin);
const port = Number(process.env.FORGEDESK_PORT || 18090);
const base = `http://127.0.0.1:${port}`;
const work = mkdtempSync(path.join(tmpdir(), 'forgedesk-api-'));
const db = process.env.FORGEDESK_DB && process.env.FORGEDESK_DB !== 'sqlite' ? process.env.FORGEDESK_DB : `sqlite:${path.join(work, 'forgedesk.db')}`;
const store = db.startsWith('sqlite:') ? 'sqlite' : 'postgresql';

function fail(message) {
  console.error(`api tests: ${message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

function cli(args, input) {
  const r = spawnSync(bin, args, { input, encoding: 'utf8', timeout: 60_000 });
  if (r.error || r.status !== 0) fail(`${path.basename(bin)} ${args.join(' ')} → ${r.error ?? `exit ${r.status}`}\n${r.stderr}`);
  return r.stdout.trim();
}

if (!existsSync(bin)) fail(`no server binary at ${bin} (build it, or set FORGEDESK_BIN)`);

// ---- the store: schema, one user per role, API tokens ----
cli(['init', '--db', db]);
const runId = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`; // usernames stay unique when a store is reused
const roles = { admin: 'admin', agent: 'agent', auditor: 'auditor', team_leader: 'team_leader', cs_manager: 'cs_manager', quality_manager: 'quality_manager', throttled: 'agent', revoked: 'agent' };
const users = {};
for (const [name, role] of Object.entries(roles)) {
  const u = { username: `api-${name.replace('_', '-')}-${runId}`, password: `Pw-${name}-${process.pid}-secret`, role };
  cli(['user', 'add', '--db', db, '--username', u.username, '--display-name', `API ${name}`, '--role', role, '--password-stdin'], `${u.password}\n`);
  users[name] = u;
}
const tokens = { admin: cli(['token', 'create', '--db', db, '--username', users.admin.username]), auditor: cli(['token', 'create', '--db', db, '--username', users.auditor.username]) };

// ---- the server ----
const logPath = path.join(work, 'server.log');
const log = openSync(logPath, 'a');
const schedulerInterval = process.env.FORGEDESK_SCHEDULER_INTERVAL || '1';
const smtpPort = port + 10;
const serveArgs = ['--db', db, '--scheduler-interval', schedulerInterval, '--smtp', `smtp://127.0.0.1:${smtpPort}`, '--mail-from', 'forgedesk-tests@localhost'];
const lmtpPort = port + 20; // the mail tests deliver over LMTP here
const server = spawn(bin, ['serve', ...serveArgs, '--listen', `127.0.0.1:${port}`, '--threads', '2', '--lmtp', `127.0.0.1:${lmtpPort}`], { stdio: ['ignore', log, log] });
let exited = null;
const exitedP = new Promise((resolve) => server.on('exit', (code, signal) => resolve((exited = { code, signal }))));

async function stopServer() {
  if (exited) return exited;
  server.kill('SIGTERM');
  const t = setTimeout(() => server.kill('SIGKILL'), 10_000);
  const r = await exitedP;
  clearTimeout(t);
  return r;
}
const serverLog = () => (existsSync(logPath) ? readFileSync(logPath, 'utf8').split('\n').slice(-40).join('\n') : '');

const deadline = Date.now() + 20_000;
for (;;) {
  if (exited) fail(`server exited (${JSON.stringify(exited)}) before answering:\n${serverLog()}`);
  try {
    const r = await fetch(`${base}/api/v1/health`);
    if (r.ok) break;
  } catch { /* not listening yet */ }
  if (Date.now() > deadline) { await stopServer(); fail(`server did not answer GET /api/v1/health within 20 s:\n${serverLog()}`); }
  await new Promise((r) => setTimeout(r, 100));
}

// ---- the tests ----
// Loopback source addresses of this run for the sign-in and survey-link
// throttling tests, so that neither they nor an earlier run on the same store
// throttle anyone else.
const net = `127.${1 + Math.floor(Math.random() * 254)}.${Math.floor(Math.random() * 256)}`;
const addresses = { wrong: `${net}.3`, throttled: `${net}.2`, flood: `${net}.4`, other: `${net}.5`, links: `${net}.6`, linkFlood: `${net}.7`, usedLinks: `${net}.8` };
process.env.FD_API_CONTEXT = JSON.stringify({ base, bin, db, store, users, tokens, addresses, smtpPort, lmtpPort, serveArgs });
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.test.mjs') && (!filters.length || filters.some((x) => f.includes(x))))
  // audit last: its `audit verify` then checks the chain over everything the run changed
  .sort((a, b) => (a.startsWith('audit') - b.startsWith('audit')) || a.localeCompare(b))
  .map((f) => path.join(here, f));
console.log(`api tests: ${files.length} files against ${base} (${store}: ${db})`);

const counts = await runTestFiles(files, 120_000);

const crashed = exited; // set when the server died on its own during the tests
// Stop it while a client still holds a keep-alive connection, as clients will.
if (!crashed) await fetch(`${base}/api/v1/health`).then((r) => r.text()).catch(() => {});
const stopped = await stopServer();
if (crashed || (stopped.signal && stopped.signal !== 'SIGTERM') || (stopped.code !== null && stopped.code !== 0)) {
  console.log(`server ${crashed ? 'died during the tests' : 'did not stop cleanly on SIGTERM'} (${JSON.stringify(stopped)})`);
  counts.fail += 1;
}
if (counts.fail) console.log(`server log (last lines):\n${serverLog()}`);
if (!counts.fail) rmSync(work, { recursive: true, force: true });
else console.log(`store and server log kept in ${work}`);
console.log(`${counts.pass} passed, ${counts.fail} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
process.exit(counts.fail || !counts.pass ? 1 : 0);
