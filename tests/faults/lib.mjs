// Shared parts of the fault tests: fresh stores, `serve` processes to start
// and kill, SQL on a store behind the server's back, a write load whose
// ledger remembers every write the server acknowledged (and the ones whose
// fate a fault left unknown), and the check of a store after a fault: the
// ledger, the invariants that tie a record to its companions, SQLite's
// integrity check and `forgedesk audit verify`.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

if (!process.env.FD_FAULTS_CONTEXT) throw new Error('run the fault tests through tests/faults/run.mjs');
/** {bin, root, port (first of five ports this run may use), seed, pg: {dir, port, url}, work (the run's folder)} */
export const ctx = JSON.parse(process.env.FD_FAULTS_CONTEXT);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A reproducible random stream (mulberry32). */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  next.pick = (xs) => xs[Math.floor(next() * xs.length)];
  return next;
}

/** Runs the forgedesk CLI: {status, stdout, stderr}. */
export function cli(args, input) {
  const r = spawnSync(ctx.bin, args, { input, encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr.trim() };
}

/** The CLI without blocking (the load goes on meanwhile): a promise of {status, stdout, stderr}. */
export function cliAsync(args) {
  const proc = spawn(ctx.bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  proc.stdout.on('data', (c) => { stdout += c; });
  proc.stderr.on('data', (c) => { stderr += c; });
  return new Promise((resolve) => proc.on('exit', (status) => resolve({ status, stdout: stdout.trim(), stderr: stderr.trim() })));
}

function cliOk(args, input) {
  const r = cli(args, input);
  assert.equal(r.status, 0, `forgedesk ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return r.stdout;
}

export const tempDir = (name) => mkdtempSync(path.join(ctx.work, `${name}-`));
export const sqliteFile = (url) => url.replace(/^sqlite:/, '');

/** A new, empty store ("sqlite" in dir, or a new database in the test cluster), with the schema, an admin and
 *  an API token: {url, kind, token}. */
export function newStore(kind, name, dir = tempDir(name)) {
  let url;
  if (kind === 'sqlite') {
    url = `sqlite:${path.join(dir, `${name}.db`)}`;
  } else {
    const db = `faults_${name}_${process.pid}`.replace(/[^a-z0-9_]/g, '_');
    psql(ctx.pg.url, `CREATE DATABASE ${db}`);
    url = ctx.pg.url.replace(/\/[^/]*$/, `/${db}`);
  }
  cliOk(['init', '--db', url]);
  const username = `faults-admin-${name}`;
  cliOk(['user', 'add', '--db', url, '--username', username, '--display-name', 'Fault tests', '--role', 'admin', '--password-stdin'], 'Pw-faults-admin-secret\n');
  const token = cliOk(['token', 'create', '--db', url, '--username', username]);
  return { url, kind, token, dir };
}

function psql(url, statement) {
  const r = spawnSync('psql', [url, '-qAt', '-v', 'ON_ERROR_STOP=1', '-c', statement], { encoding: 'utf8' });
  assert.ifError(r.error);
  assert.equal(r.status, 0, `psql: ${r.stderr}`);
  return r.stdout;
}

/** Rows of a query on the store as objects, through the database's own client. */
export function rows(url, statement) {
  if (url.startsWith('sqlite:')) {
    const r = spawnSync('sqlite3', ['-json', sqliteFile(url), statement], { encoding: 'utf8' });
    assert.ifError(r.error);
    assert.equal(r.status, 0, `sqlite3: ${r.stderr}`);
    return r.stdout.trim() ? JSON.parse(r.stdout) : [];
  }
  return JSON.parse(psql(url, `SELECT COALESCE(json_agg(q), '[]') FROM (${statement}) q`));
}

/** Waits until no session of a killed server is left on a PostgreSQL store: a COMMIT it sent just before it
 *  died may still be running in its backend, and the checks must see what that leaves. */
export async function settleSessions(store) {
  if (store.kind !== 'postgresql') return;
  const others = 'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()';
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(50)) if (!rows(store.url, others).length) return;
  throw new Error(`sessions of a killed server still open on ${store.url} after 30 s`);
}

/** Stops (halt, mode fast or immediate) or starts again (resume) the cluster of the PostgreSQL tests with
 *  scripts/pg-cluster.sh, without blocking the load meanwhile. */
export function pgCluster(action, mode) {
  const args = action === 'halt' ? ['halt', ctx.pg.dir, mode] : ['resume', ctx.pg.dir, String(ctx.pg.port)];
  const proc = spawn(path.join(ctx.root, 'scripts/pg-cluster.sh'), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (c) => { stderr += c; });
  return new Promise((resolve, reject) => proc.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg-cluster.sh ${args.join(' ')}: exit ${code}: ${stderr}`)))));
}

/** `forgedesk serve` on a store: {proc, base, exited (promise of {code, signal}), stop(), kill()}. */
export async function startServer(store, port, { schedulerInterval = 1 } = {}) {
  const args = ['serve', '--db', store.url, '--listen', `127.0.0.1:${port}`, '--threads', '2', '--scheduler-interval', String(schedulerInterval)];
  const proc = spawn(ctx.bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr.on('data', (c) => { log = (log + c).slice(-4000); });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  let gone = null;
  exited.then((e) => { gone = e; });
  const base = `http://127.0.0.1:${port}`;
  const server = {
    proc, base, exited, log: () => log, gone: () => gone,
    kill: async () => { proc.kill('SIGKILL'); return exited; },
    stop: async () => {
      if (gone) return gone;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      const e = await exited;
      clearTimeout(t);
      return e;
    },
  };
  for (let i = 0; i < 200; i++) {
    if (gone) throw new Error(`serve exited (${JSON.stringify(gone)}) before answering:\n${log}`);
    try {
      const r = await request(base, null, 'GET', '/api/v1/health');
      if (r.status === 200) return server;
    } catch { /* not listening yet */ }
    await sleep(50);
  }
  proc.kill('SIGKILL');
  throw new Error(`serve did not answer on ${base}:\n${log}`);
}

/** One HTTP request; resolves {status, headers, json, text} or rejects on a network error. */
export function request(base, token, method, p, { body, headers = {}, agent } = {}) {
  const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (data) Object.assign(h, { 'content-type': 'application/json', 'content-length': data.length });
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: p, method, headers: h, agent: agent ?? false, timeout: 30_000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, json, text, toString: () => `${method} ${p} → ${res.statusCode} ${text.slice(0, 400)}` });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(data);
  });
}

/** Creates one account through server, or with kind 'case' one case of an acknowledged
 * account (so the write looks a reference up), recording it in ledger when acknowledged;
 * the answer. */
export async function probeWrite(server, store, ledger, kind = 'account') {
  const unique = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}`;
  const name = `Faults probe ${unique}`;
  const path = kind === 'case' ? '/api/v1/cases' : '/api/v1/accounts';
  const body = kind === 'case' ? { account_id: [...ledger.accounts.keys()][0], type: 'enquiry', subject: name, priority: 3 } : { name };
  let r;
  try {
    r = await request(server.base, store.token, 'POST', path, { body });
  } catch {
    return null;
  }
  const created = kind === 'case' ? { kind, subject: name, owner: -1 } : { kind, name };
  if (r.status === 201) {
    if (kind === 'case') ledger.cases.set(r.json.id, { owner: -1, subject: name, type: 'enquiry', version: 1, priority: 3, status: 'new', outbound_replies: 0, unknown: null });
    else ledger.accounts.set(r.json.id, { name });
    ledger.stats.acknowledged++;
  } else if (r.status === 503) {
    ledger.unknownCreates.push(created);
  }
  return r;
}

/** Asserts a problem+json answer that says when to retry: 503 or 507 with Retry-After. */
export function assertRetryProblem(r, statuses = [503, 507]) {
  assert.ok(statuses.includes(r.status), `expected ${statuses.join(' or ')}: ${r}`);
  assert.match(r.headers['content-type'] ?? '', /^application\/problem\+json/, `content-type of ${r}`);
  assert.equal(r.json?.status, r.status, `problem status in ${r}`);
  assert.ok(Number(r.headers['retry-after']) > 0, `no Retry-After in ${r}`);
}

// ---- the write load and its ledger ----

const CASE_TYPES = ['technical_support', 'complaint', 'enquiry', 'return'];
const caseFields = (c) => ({ version: c.version, priority: c.priority, status: c.status, outbound_replies: c.outbound_replies });

/** What a store must hold: every acknowledged write, and the writes a fault left unknown (each must be there
 *  whole or not at all). Cases belong to one worker, which changes them one request at a time. */
export class Ledger {
  constructor() {
    this.accounts = new Map(); // id → {name}
    this.cases = new Map(); // id → {owner, subject, type, version, priority, status, outbound_replies, unknown}
    this.events = new Map(); // id → {case_id, kind, body}
    this.unknownCreates = []; // {kind: 'account'|'case'|'event', name|subject|body, owner, case_id}
    this.stats = { acknowledged: 0, unknown: 0, refused: 0, landed: 0 }; // landed: unanswered writes found stored
  }
}

/** Concurrent writers on one server: accounts, cases (some complaints), replies, notes, edits and status moves.
 *  Every answer is checked: 2xx must be right, 503/507 must be problem+json with Retry-After (accept503:
 *  a fault is under way), anything else is an error; a request without an answer is an unknown write. */
export class Load {
  constructor(server, store, ledger, random, { workers = 6, accept503 = false, reads = false, expectAnswers = false } = {}) {
    Object.assign(this, { server, store, ledger, random, nworkers: workers, accept503, reads, expectAnswers });
    this.errors = [];
    this.running = false;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: workers });
    this.answered503 = 0;
  }

  start() {
    this.running = true;
    this.done = Promise.all(Array.from({ length: this.nworkers }, (_, w) => this.worker(w)));
  }

  async stop() {
    this.running = false;
    await this.done;
    this.agent.destroy();
  }

  async send(method, p, body, headers) {
    try {
      return await request(this.server.base, this.store.token, method, p, { body, headers, agent: this.agent });
    } catch {
      return null; // no answer: the server died under the request
    }
  }

  /** Sorts an answer: 'ok', 'unknown' (no answer, or a 503: a lost PostgreSQL COMMIT may have committed) or
   *  'refused' (an error answer that changed nothing); wrong answers are recorded as errors. */
  judge(r, okStatus) {
    if (!r) {
      if (this.expectAnswers) this.errors.push('a request got no answer: serve closed the connection');
      return 'unknown';
    }
    if (r.status === okStatus) return 'ok';
    if ((r.status === 503 || r.status === 507) && this.accept503) {
      try { assertRetryProblem(r); } catch (e) { this.errors.push(e.message); }
      this.answered503++;
      this.backOff = true; // the worker waits a moment before its next request
      return r.status === 503 ? 'unknown' : 'refused';
    }
    this.errors.push(`unexpected answer ${r}`);
    return 'refused';
  }

  async worker(w) {
    const L = this.ledger;
    const mine = () => [...L.cases.entries()].filter(([, c]) => c.owner === w && !c.unknown && c.status !== 'closed');
    while (this.running) {
      if (this.backOff) {
        this.backOff = false;
        await sleep(50);
      }
      const roll = this.random();
      const own = mine();
      const accounts = [...L.accounts.keys()];
      const unique = `${w}x${Math.floor(this.random() * 1e12).toString(36)}`;
      if (!accounts.length || roll < 0.08) {
        const name = `Faults account ${unique}`;
        const r = await this.send('POST', '/api/v1/accounts', { name });
        const v = this.judge(r, 201);
        if (v === 'ok') {
          if (r.json.name !== name) this.errors.push(`account answered with another name: ${r}`);
          L.accounts.set(r.json.id, { name });
        } else if (v === 'unknown') L.unknownCreates.push({ kind: 'account', name });
        this.count(v);
      } else if (!own.length || roll < 0.3) {
        const subject = `Faults case ${unique}`;
        const body = { account_id: this.random.pick(accounts), type: this.random.pick(CASE_TYPES), subject, priority: this.random.int(1, 4) };
        const r = await this.send('POST', '/api/v1/cases', body);
        const v = this.judge(r, 201);
        if (v === 'ok') {
          const c = { owner: w, subject, type: body.type, version: 1, priority: body.priority, status: 'new', outbound_replies: 0, unknown: null };
          if (r.json.subject !== subject || r.json.version !== 1 || r.json.priority !== body.priority) this.errors.push(`case answered wrong: ${r}`);
          L.cases.set(r.json.id, c);
        } else if (v === 'unknown') L.unknownCreates.push({ kind: 'case', subject, owner: w });
        this.count(v);
      } else if (this.reads && roll < 0.4) {
        const [id, c] = this.random.pick(own);
        const r = await this.send('GET', `/api/v1/cases/${id}`);
        if (this.judge(r, 200) === 'ok' && !c.unknown) {
          const got = caseFields(r.json);
          if (JSON.stringify(got) !== JSON.stringify(caseFields(c))) this.errors.push(`case ${id} read ${JSON.stringify(got)}, acknowledged ${JSON.stringify(caseFields(c))}`);
        }
      } else {
        const [id, c] = this.random.pick(own);
        await this.changeCase(id, c, unique);
      }
    }
  }

  async changeCase(id, c, unique) {
    const L = this.ledger;
    const roll = this.random();
    let r, expect, event;
    if (roll < 0.35) {
      const body = `Faults reply ${unique}`;
      expect = { ...c, version: c.version + 1, outbound_replies: c.outbound_replies + 1 };
      event = { case_id: id, kind: 'reply', body };
      r = await this.send('POST', `/api/v1/cases/${id}/replies`, { body });
    } else if (roll < 0.6) {
      const body = `Faults note ${unique}`;
      expect = { ...c };
      event = { case_id: id, kind: 'note', body };
      r = await this.send('POST', `/api/v1/cases/${id}/notes`, { body });
    } else if (roll < 0.8) {
      const priority = this.random.int(1, 4);
      expect = { ...c, version: c.version + 1, priority };
      r = await this.send('PATCH', `/api/v1/cases/${id}`, { priority }, { 'if-match': `"${c.version}"` });
    } else {
      const status = c.status === 'open' ? 'waiting_on_customer' : 'open';
      expect = { ...c, version: c.version + 1, status };
      r = await this.send('POST', `/api/v1/cases/${id}/status`, { status });
    }
    const v = this.judge(r, event ? 201 : 200);
    if (v === 'ok') {
      if (event) {
        if (r.json.body !== event.body || r.json.case_id !== id) this.errors.push(`event answered wrong: ${r}`);
        L.events.set(r.json.id, event);
      } else if (JSON.stringify(caseFields(r.json)) !== JSON.stringify(caseFields(expect))) {
        this.errors.push(`case ${id} answered ${JSON.stringify(caseFields(r.json))}, expected ${JSON.stringify(caseFields(expect))}`);
      }
      Object.assign(c, expect, { unknown: null });
    } else if (v === 'unknown') {
      c.unknown = { expect, event };
    }
    this.count(v);
  }

  count(verdict) {
    const key = { ok: 'acknowledged', unknown: 'unknown', refused: 'refused' }[verdict];
    this.ledger.stats[key]++;
  }
}

/** Checks the store against the ledger and settles the unknown writes (each found whole or not at all), then
 *  the invariants, SQLite's integrity and the audit chain. Returns a list of problems (empty: all is well). */
export function checkStore(store, ledger) {
  const problems = [];
  const url = store.url;
  const dbCases = new Map(rows(url, 'SELECT id, subject, version, priority, status, outbound_replies FROM cases').map((c) => [c.id, c]));
  const dbAccounts = new Map(rows(url, 'SELECT id, name FROM accounts').map((a) => [a.id, a]));
  const dbEvents = new Map(rows(url, "SELECT id, case_id, kind, body FROM case_events WHERE kind IN ('reply', 'note')").map((e) => [e.id, e]));
  const eventsByBody = new Map([...dbEvents.values()].map((e) => [e.body, e]));
  const bodyCount = new Map();
  for (const e of dbEvents.values()) bodyCount.set(e.body, (bodyCount.get(e.body) ?? 0) + 1);
  for (const [id, a] of ledger.accounts) if (dbAccounts.get(id)?.name !== a.name) problems.push(`acknowledged account ${id} (${a.name}) is missing or changed`);
  for (const [id, e] of ledger.events) {
    const got = dbEvents.get(id);
    if (!got || got.body !== e.body || got.case_id !== e.case_id || got.kind !== e.kind) problems.push(`acknowledged ${e.kind} ${id} on case ${e.case_id} is missing or changed`);
  }
  for (const [id, c] of ledger.cases) {
    const got = dbCases.get(id);
    if (!got) { problems.push(`acknowledged case ${id} is missing`); continue; }
    const now = JSON.stringify(caseFields(got));
    if (!c.unknown) {
      if (now !== JSON.stringify(caseFields(c))) problems.push(`case ${id} holds ${now}, acknowledged ${JSON.stringify(caseFields(c))}`);
      continue;
    }
    // a change without an answer: the case holds it whole, with its event, or not at all
    const { expect, event } = c.unknown;
    const stored = event ? bodyCount.get(event.body) ?? 0 : 0;
    if (stored > 1) problems.push(`an unanswered ${event.kind} on case ${id} was stored ${stored} times`);
    let landed;
    if (event?.kind === 'note') { // a note leaves the case as it was
      if (now !== JSON.stringify(caseFields(c))) problems.push(`case ${id} holds ${now} after a note, acknowledged ${JSON.stringify(caseFields(c))}`);
      landed = stored === 1;
    } else {
      landed = now === JSON.stringify(caseFields(expect)) && (!event || stored === 1);
      const absent = now === JSON.stringify(caseFields(c)) && stored === 0;
      if (!landed && !absent) problems.push(`case ${id} holds ${now} (${stored} of its unanswered ${event?.kind ?? 'change'}): neither the acknowledged ${JSON.stringify(caseFields(c))} nor the unanswered ${JSON.stringify(caseFields(expect))} whole`);
    }
    if (landed) {
      ledger.stats.landed++;
      Object.assign(c, expect);
      if (event) ledger.events.set(eventsByBody.get(event.body).id, event);
    }
    c.unknown = null;
  }
  const subjects = new Map();
  for (const c of dbCases.values()) subjects.set(c.subject, (subjects.get(c.subject) ?? 0) + 1);
  const names = new Map();
  for (const a of dbAccounts.values()) names.set(a.name, (names.get(a.name) ?? 0) + 1);
  for (const u of ledger.unknownCreates) {
    const n = u.kind === 'account' ? names.get(u.name) ?? 0 : subjects.get(u.subject) ?? 0;
    if (n > 1) problems.push(`an unanswered ${u.kind} create was stored ${n} times`);
    if (n !== 1) continue;
    ledger.stats.landed++;
    if (u.kind === 'account') {
      const a = [...dbAccounts.values()].find((x) => x.name === u.name);
      ledger.accounts.set(a.id, { name: u.name });
    } else {
      const c = [...dbCases.values()].find((x) => x.subject === u.subject);
      if (c.version !== 1) problems.push(`an unanswered case create is at version ${c.version}`);
      ledger.cases.set(c.id, { owner: u.owner, subject: u.subject, ...caseFields(c), unknown: null });
    }
  }
  ledger.unknownCreates = [];
  problems.push(...checkInvariants(store));
  return problems;
}

/** What must hold in any store whatever happened to it: no record without the rows written with it. */
export const INVARIANTS = [
  ['a case without its SLA row', 'SELECT c.id FROM cases c LEFT JOIN case_sla s ON s.case_id = c.id WHERE s.case_id IS NULL'],
  ['a complaint case without its complaint record', "SELECT c.id FROM cases c LEFT JOIN complaints p ON p.case_id = c.id WHERE c.type = 'complaint' AND p.case_id IS NULL"],
  ['a case without its creation in the audit trail', "SELECT c.id FROM cases c WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'case' AND a.entity_id = c.id AND a.action = 'create')"],
  ['an account without its creation in the audit trail', "SELECT x.id FROM accounts x WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'account' AND a.entity_id = x.id AND a.action = 'create')"],
  ['a reply or note without its audit entry', "SELECT e.id FROM case_events e WHERE e.kind IN ('reply', 'note') AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'case_event' AND a.entity_id = e.id AND a.action = 'create')"],
  ['an audit entry for a case, account or event that is not there', "SELECT a.seq FROM audit_log a WHERE a.action = 'create' AND ((a.entity = 'case' AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = a.entity_id)) OR (a.entity = 'account' AND NOT EXISTS (SELECT 1 FROM accounts x WHERE x.id = a.entity_id)) OR (a.entity = 'case_event' AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.id = a.entity_id)))"],
  ["a case whose version is not one more than its audited changes", "SELECT c.id FROM cases c WHERE c.version <> 1 + (SELECT COUNT(*) FROM audit_log a WHERE a.entity = 'case' AND a.entity_id = c.id AND a.action = 'update')"],
  ['a case whose reply count is not its replies', "SELECT c.id FROM cases c WHERE c.outbound_replies <> (SELECT COUNT(*) FROM case_events e WHERE e.case_id = c.id AND e.kind = 'reply' AND e.direction = 'outbound')"],
  ["a status move without its timeline event", "SELECT c.id FROM cases c WHERE c.status <> 'new' AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.kind = 'status_change' AND e.to_status = c.status)"],
  ['an audit head that is not the last entry', 'SELECT h.seq FROM audit_head h WHERE h.seq <> (SELECT COUNT(*) FROM audit_log) OR h.seq <> (SELECT COALESCE(MAX(seq), 0) FROM audit_log)'],
];

/** `forgedesk kpi verify`, where this forgedesk has it: the KPI figures recomputed from the records. */
export function kpiVerify(url) {
  return cli(['kpi', 'verify', '--db', url]);
}

export function checkInvariants(store) {
  const problems = [];
  for (const [what, q] of INVARIANTS) {
    const bad = rows(store.url, q);
    if (bad.length) problems.push(`${what}: ${JSON.stringify(bad.slice(0, 5))}${bad.length > 5 ? ` and ${bad.length - 5} more` : ''}`);
  }
  if (store.kind === 'sqlite') {
    const integrity = rows(store.url, 'PRAGMA integrity_check').map((r) => Object.values(r)[0]);
    if (integrity.join() !== 'ok') problems.push(`integrity_check: ${integrity.join('; ')}`);
    const fk = rows(store.url, 'PRAGMA foreign_key_check');
    if (fk.length) problems.push(`foreign_key_check: ${JSON.stringify(fk.slice(0, 5))}`);
  }
  const audit = cli(['audit', 'verify', '--db', store.url]);
  if (audit.status !== 0) problems.push(`audit verify: exit ${audit.status}: ${audit.stdout} ${audit.stderr}`);
  const kpi = kpiVerify(store.url);
  if (kpi.status !== 0) problems.push(`kpi verify: exit ${kpi.status}: ${kpi.stdout} ${kpi.stderr}`);
  return problems;
}
