// Shared helpers for the API tests: the run context that run.mjs hands over,
// an HTTP client (cookie session with CSRF token, or bearer token), the
// problem+json assertion, the CLI runner, a small OpenAPI schema check, SQL on
// the test store behind the server's back, and, for the tests that need
// them, a second server and an SMTP sink.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

if (!process.env.FD_API_CONTEXT) throw new Error('run the API tests through tests/api/run.mjs');
/** {base, bin, db, store, users: {role: {username, password}}, tokens: {role: token}, addresses: {use: loopback address},
 *  smtpPort (where the server mails SLA escalations), serveArgs (the server's options but --listen)} */
export const ctx = JSON.parse(process.env.FD_API_CONTEXT);
export const openapiPath = fileURLToPath(new URL('../../docs/openapi.json', import.meta.url));
export const openapi = JSON.parse(readFileSync(openapiPath, 'utf8'));

let seq = 0;
/** A string unique to this run and call, usable as a search word ("t" + letters/digits). */
export const uniq = (prefix = 't') => `${prefix}${process.pid.toString(36)}${(Date.now() % 1e6).toString(36)}${(seq++).toString(36)}`;

/** Runs the forgedesk CLI against the test store: {status, stdout, stderr}. */
export function cli(args, input) {
  const r = spawnSync(ctx.bin, args, { input, encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr.trim() };
}

/** Sends one request over node:http from a chosen loopback source address
 *  (so per-address sign-in throttling stays confined to one test). The path
 *  goes out exactly as given: no URL normalisation of "..". */
export function fromAddress(localAddress, method, path, { body, headers = {} } = {}) {
  const data = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const h = { ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}), ...headers };
  const { hostname, port } = new URL(ctx.base);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path, method, headers: h, localAddress }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const hdrs = new Headers();
        for (const [k, v] of Object.entries(res.headers)) for (const x of [v].flat()) hdrs.append(k, x);
        resolve(wrap(res.statusCode, hdrs, text, `${method} ${path}`));
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

function wrap(status, headers, text, what) {
  let json;
  if (/json/.test(headers.get('content-type') ?? '') && text) {
    try { json = JSON.parse(text); } catch { json = undefined; }
  }
  return { status, headers, text, json, what, toString: () => `${what} → ${status} ${text.slice(0, 600)}` };
}

/** A client with an optional session cookie + CSRF token, or bearer token. */
export class Client {
  constructor({ cookie, csrf, token, user } = {}) {
    Object.assign(this, { cookie, csrf, token, user });
  }

  /** opts: body (object → JSON; string/Buffer/Uint8Array sent raw), headers,
   *  csrf (false leaves out X-CSRF-Token), ifMatch (a version number or raw string), key (Idempotency-Key). */
  async req(method, path, { body, headers = {}, csrf = true, ifMatch, key } = {}) {
    const h = {};
    if (body !== undefined) h['content-type'] = 'application/json';
    if (this.cookie) h.cookie = this.cookie;
    if (this.token) h.authorization = `Bearer ${this.token}`;
    if (this.cookie && csrf && this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    if (ifMatch !== undefined) h['if-match'] = typeof ifMatch === 'number' ? `"${ifMatch}"` : ifMatch;
    if (key !== undefined) h['idempotency-key'] = key;
    Object.assign(h, headers);
    const raw = body === undefined || typeof body === 'string' || body instanceof Uint8Array;
    const res = await fetch(new URL(path, ctx.base), { method, headers: h, body: raw ? body : JSON.stringify(body), redirect: 'manual' });
    return wrap(res.status, res.headers, await res.text(), `${method} ${path}`);
  }
  get(path, o) { return this.req('GET', path, o); }
  post(path, body, o) { return this.req('POST', path, { ...o, body }); }
  patch(path, body, o) { return this.req('PATCH', path, { ...o, body }); }
  del(path, o) { return this.req('DELETE', path, o); }

  /** GET expecting 200; returns the JSON body. */
  async read(path) {
    const r = await this.get(path);
    assert.equal(r.status, 200, String(r));
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/, `content-type of ${r}`);
    return r.json;
  }

  /** POST expecting 201 + Location; returns the created record. */
  async create(path, body, o) {
    const r = await this.post(path, body, o);
    assert.equal(r.status, 201, String(r));
    assert.ok(r.json?.id, `no id in ${r}`);
    assert.ok(r.headers.get('location')?.endsWith(`${path}/${r.json.id}`), `Location ${r.headers.get('location')} for ${r}`);
    return r.json;
  }

  /** Every item of a collection, following `next` (limit 200). */
  async all(path) {
    const items = [];
    let url = withQuery(path, { limit: 200 });
    for (let pages = 0; pages < 1000; pages++) {
      const page = await this.read(url);
      items.push(...page.items);
      if (page.next == null) return items;
      url = withQuery(path, { limit: 200, after: page.next });
    }
    throw new Error(`${path}: paging never ended`);
  }
}

/** path + query string from an object (undefined values left out). */
export function withQuery(path, params) {
  const qs = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
  return qs.size ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

export const anon = new Client();

/** The raw sign-in answer. */
export const signInRaw = (username, password) => anon.post('/api/v1/session', { username, password });

/** The raw sign-in answer to a request from a given loopback source address. */
export const signInFrom = (address, username, password) => fromAddress(address, 'POST', '/api/v1/session', { body: { username, password } });

/** Signs in a role's user (see run.mjs) and returns a cookie client. */
export const signIn = (role) => signInAs(ctx.users[role]);

/** Signs in with {username, password} and returns a cookie client. */
export async function signInAs({ username, password }) {
  const r = await signInRaw(username, password);
  assert.equal(r.status, 200, `sign-in as ${username}: ${r}`);
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('fd_session='));
  assert.ok(cookie, `no fd_session cookie: ${r.headers.getSetCookie()}`);
  assert.equal(typeof r.json.csrf_token, 'string', String(r));
  return new Client({ cookie, csrf: r.json.csrf_token, user: r.json.user });
}

/** Adds a new user with a role (through the CLI, so roles run.mjs does not
 *  prepare, such as hr, can be tested) and signs them in. */
export async function signInNewUser(role) {
  const u = { username: uniq(role.replace('_', '')), password: `Pw-${role}-${process.pid}-secret` };
  const made = cli(['user', 'add', '--db', ctx.db, '--username', u.username, '--display-name', `New ${role}`, '--role', role, '--password-stdin'], `${u.password}\n`);
  assert.equal(made.status, 0, made.stderr);
  return signInAs(u);
}

/** A bearer-token client for a role (tokens made by run.mjs). */
export const bearer = (role) => new Client({ token: ctx.tokens[role] });

/** Asserts an RFC 9457 answer with this status, naming `field` in errors when given. */
export function problem(res, status, field) {
  assert.equal(res.status, status, String(res));
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/, `content-type of ${res}`);
  assert.equal(res.json?.status, status, `problem status in ${res}`);
  assert.equal(typeof res.json.title, 'string', `problem title in ${res}`);
  if (field !== undefined) {
    assert.ok(Array.isArray(res.json.errors), `no errors[] in ${res}`);
    assert.ok(res.json.errors.some((e) => e.field === field && typeof e.message === 'string'), `errors does not name "${field}": ${res}`);
  }
  return res.json;
}

// ---- a small checker for the OpenAPI component schemas (the subset this document uses) ----
function resolve(s) {
  while (s?.$ref) s = s.$ref.split('/').slice(1).reduce((o, k) => o[k], openapi);
  return s;
}
function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (Number.isInteger(v)) return 'integer';
  return typeof v;
}
function check(v, schema, at, out) {
  const s = resolve(schema);
  if (!s) return;
  const types = s.type === undefined ? null : [s.type].flat();
  const t = typeOf(v);
  if (types && !types.includes(t) && !(t === 'integer' && types.includes('number'))) return out.push(`${at}: ${JSON.stringify(v)} is not ${types}`);
  if (s.enum && !s.enum.includes(v)) out.push(`${at}: ${JSON.stringify(v)} not in ${s.enum}`);
  if ('const' in s && s.const !== v) out.push(`${at}: ${JSON.stringify(v)} is not ${s.const}`);
  if (t === 'array' && s.items) v.forEach((x, i) => check(x, s.items, `${at}[${i}]`, out));
  if (t === 'object' && s.properties) {
    for (const k of s.required ?? []) if (!(k in v)) out.push(`${at}: missing ${k}`);
    for (const [k, x] of Object.entries(v)) {
      if (s.properties[k]) check(x, s.properties[k], `${at}.${k}`, out);
      else if (s.additionalProperties === undefined || s.additionalProperties === false) out.push(`${at}: undocumented field ${k}`);
    }
  }
}
/** Asserts that a value matches components/schemas/<name>: types, enums, required and no undocumented fields. */
export function conforms(value, name) {
  const out = [];
  check(value, { $ref: `#/components/schemas/${name}` }, name, out);
  assert.deepEqual(out, [], `${name} does not match docs/openapi.json: ${out.join('; ')}`);
}

/** Minimal valid bodies for each resource, with a unique word in the name fields. */
export const make = {
  account: (o = {}) => ({ name: `Account ${uniq()}`, ...o }),
  contact: (account_id, o = {}) => ({ account_id, name: `Contact ${uniq()}`, audience: 'technical', lawful_basis: 'contract', ...o }),
  interaction: (account_id, o = {}) => ({ account_id, channel: 'phone', direction: 'inbound', summary: `Called about ${uniq()}`, ...o }),
  part: (o = {}) => ({ part_number: `P-${uniq()}`, name: `Part ${uniq()}`, ...o }),
  order: (account_id, o = {}) => ({ account_id, number: `SO-${uniq()}`, ordered_on: '2026-02-10', lines: [{ part_number: 'BRG-6204', quantity: 1, unit_price_minor: 100 }], ...o }),
  asset: (account_id, o = {}) => ({ account_id, serial: `SN-${uniq()}`, ...o }),
};

/** Runs one SQL statement on the test store with the database's own client
 *  (sqlite3 and psql are installed by scripts/install-deps.sh). */
export function sql(statement) {
  const [cmd, args] = ctx.store === 'sqlite'
    ? ['sqlite3', ['-cmd', '.timeout 10000', ctx.db.replace(/^sqlite:/, ''), statement]] // waits for the servers' writes
    : ['psql', [ctx.db, '-q', '-v', 'ON_ERROR_STOP=1', '-c', statement]];
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  assert.ifError(r.error);
  assert.equal(r.status, 0, `${cmd}: ${r.stderr}`);
  return r.stdout;
}

// ---- more servers and a mail sink, for the multi-server and mail tests ----
/** A tiny SMTP server that speaks just enough for libcurl and keeps each message. */
export function smtpSink(port) {
  const messages = [];
  const server = net.createServer((socket) => {
    let buffered = '', inData = false, mail = { to: [], data: '' };
    socket.write('220 sink ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffered += chunk.toString('utf8');
      for (let i; (i = buffered.indexOf('\r\n')) >= 0;) {
        const line = buffered.slice(0, i);
        buffered = buffered.slice(i + 2);
        if (inData) {
          if (line === '.') { inData = false; messages.push(mail); mail = { to: [], data: '' }; socket.write('250 queued\r\n'); }
          else mail.data += `${line.startsWith('..') ? line.slice(1) : line}\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 sink\r\n');
        else if (verb === 'MAIL') { mail.from = /<(.*)>/.exec(line)?.[1]; socket.write('250 ok\r\n'); }
        else if (verb === 'RCPT') { mail.to.push(/<(.*)>/.exec(line)?.[1]); socket.write('250 ok\r\n'); }
        else if (verb === 'DATA') { inData = true; socket.write('354 go ahead\r\n'); }
        else if (verb === 'QUIT') { socket.end('221 bye\r\n'); }
        else socket.write('250 ok\r\n');
      }
    });
    socket.on('error', () => {});
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ messages, close: () => new Promise((r) => server.close(r)) })));
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts one more `serve` on the test store (the same options as the main one) and waits until it answers:
 *  {proc, exited (a promise of {code, signal}), base (its URL)}. */
export async function startServer(port) {
  const proc = spawn(ctx.bin, ['serve', ...ctx.serveArgs, '--listen', `127.0.0.1:${port}`, '--threads', '1'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).ok) return { proc, exited, base: `http://127.0.0.1:${port}` }; } catch { /* not yet */ }
    await sleep(100);
  }
  proc.kill('SIGKILL');
  throw new Error(`a second server on port ${port} did not start`);
}
