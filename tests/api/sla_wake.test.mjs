// A change that makes cases due (a policy's targets, a calendar) brings the
// scheduler's pass right after its commit, not an interval later: a server
// whose scheduler waits an hour shows the at-risk list recomputed at once.
// The server runs on a SQLite store of its own, so that the main test
// server's scheduler (every second) cannot do the work in its place.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { cli, ctx, sleep, uniq } from './lib.mjs';

const port = Number(new URL(ctx.base).port) + 27;
const base = `http://127.0.0.1:${port}`;
const dir = mkdtempSync(path.join(tmpdir(), 'forgedesk-wake-'));
const db = `sqlite:${path.join(dir, 'wake.db')}`;
let proc, exited, token;

/** One JSON request to this file's server as its admin: {status, json}. */
async function call(method, urlPath, body, version) {
  const headers = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (version !== undefined) headers['if-match'] = `"${version}"`;
  const res = await fetch(`${base}${urlPath}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined, text };
}
async function created(urlPath, body) {
  const r = await call('POST', urlPath, body);
  assert.equal(r.status, 201, `POST ${urlPath}: ${r.status} ${r.text}`);
  return r.json;
}

before(async () => {
  for (const args of [['init', '--db', db], ['user', 'add', '--db', db, '--username', 'wake-admin', '--display-name', 'Wake admin', '--role', 'admin', '--password-stdin']]) {
    const r = cli(args, 'Wake-admin-secret-1\n');
    assert.equal(r.status, 0, r.stderr);
  }
  const t = cli(['token', 'create', '--db', db, '--username', 'wake-admin']);
  assert.equal(t.status, 0, t.stderr);
  token = t.stdout;
  proc = spawn(ctx.bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--threads', '1', '--scheduler-interval', '3600'], { stdio: ['ignore', 'ignore', 'inherit'] });
  exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`${base}/api/v1/health`)).ok) return; } catch { /* not yet */ }
    await sleep(100);
  }
  throw new Error('the server with an hourly scheduler did not start');
});

after(async () => {
  proc?.kill('SIGTERM');
  assert.deepEqual(await exited, { code: 0, signal: null });
  rmSync(dir, { recursive: true, force: true });
});

test('after a policy or calendar change the at-risk list is recomputed at once, not an hour later', async () => {
  const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));
  const calendar = await created('/api/v1/calendars', { name: `Always ${uniq()}`, calendar: { tz: 'UTC', hours } });
  const targets = (minutes) => Object.fromEntries([1, 2, 3, 4].map((p) => [p, { first_response: minutes }]));
  const reviewOn = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
  const policy = await created('/api/v1/sla-policies', { name: `Wake ${uniq()}`, calendar_id: calendar.id, targets: targets(600), review_on: reviewOn, is_default: true });
  const account = await created('/api/v1/accounts', { name: `Wake account ${uniq()}`, status: 'active' });
  const c = await created('/api/v1/cases', { account_id: account.id, type: 'enquiry', priority: 3, subject: 'Valve stuck' });
  const dueAfter = (minutes) => new Date(Date.parse(c.opened_at) + minutes * 60_000).toISOString().replace('.000Z', 'Z');
  const listed = async () => (await call('GET', '/api/v1/cases/at-risk')).json.items.find((x) => x.id === c.id)?.due_at;
  assert.equal(await listed(), dueAfter(600)); // the case's own write computed its clocks

  // Waits for the at-risk list to show due; the scheduler waits an hour unless woken.
  const shows = async (due) => {
    for (let i = 0; i < 100 && (await listed()) !== due; i++) await sleep(100);
    assert.equal(await listed(), due);
  };
  const longer = await call('PATCH', `/api/v1/sla-policies/${policy.id}`, { targets: targets(900) }, policy.version);
  assert.equal(longer.status, 200, longer.text);
  await shows(dueAfter(900));

  // A calendar closed on the case's day and the next pushes the due time later still.
  const day = new Date(c.opened_at).getUTCDay();
  const names = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
  const closed = { ...hours };
  delete closed[names[day]];
  const edited = await call('PATCH', `/api/v1/calendars/${calendar.id}`, { calendar: { tz: 'UTC', hours: closed } }, calendar.version);
  assert.equal(edited.status, 200, edited.text);
  const due = cli(['calendar', 'due', '--calendar', writeCalendar(closed), '--start', c.opened_at, '--minutes', '900']);
  assert.equal(due.status, 0, due.stderr);
  await shows(new Date(due.stdout).toISOString().replace('.000Z', 'Z'));
});

/** The calendar as a file for `forgedesk calendar due`: its path. */
function writeCalendar(hours) {
  const file = path.join(dir, `calendar-${uniq()}.json`);
  writeFileSync(file, JSON.stringify({ tz: 'UTC', hours }));
  return file;
}
