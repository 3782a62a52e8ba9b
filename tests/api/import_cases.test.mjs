// `forgedesk import cases` against the test store (SQLite or PostgreSQL, as
// the run's): imported cases are visible through the API with the SLA
// clocks their history gives them under their account's policy, named
// records are resolved by name, every bad field is named FILE:LINE: column
// and nothing is written unless --skip-bad, the import is one audit entry,
// and the report roll-ups still match the raw records afterwards.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bearer, cli, ctx, make, signIn, sql, uniq, withQuery } from './lib.mjs';

const work = mkdtempSync(path.join(tmpdir(), 'forgedesk-import-cases-'));
after(() => rmSync(work, { recursive: true, force: true }));
const admin = bearer('admin');
const header = 'account,contact,type,priority,status,subject,description,channel,team,assignee,opened_at,first_response_at,resolved_at,closed_at';
const allDays = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));
/** An instant `minutes` before now, to the second, as RFC 3339 UTC. */
const ago = (minutes) => new Date(Math.floor(Date.now() / 1000) * 1000 - minutes * 60_000).toISOString().replace('.000Z', 'Z');
const plus = (iso, minutes) => new Date(Date.parse(iso) + minutes * 60_000).toISOString().replace('.000Z', 'Z');

let manager, agentUser, account, contact, team, policy;

function file(name, rows) {
  const p = path.join(work, name);
  writeFileSync(p, `${header}\n${rows.join('\n')}\n`);
  return p;
}
/** The cases of the test's account whose subject holds word. */
const casesWith = async (word) => (await admin.all(withQuery('/api/v1/cases', { account_id: account.id }))).filter((c) => c.subject.includes(word));
const importCases = (p, ...more) => cli(['import', 'cases', p, '--db', ctx.db, ...more]);

before(async () => {
  manager = await signIn('cs_manager');
  const calendar = await manager.create('/api/v1/calendars', { name: `Always ${uniq()}`, calendar: { tz: 'UTC', hours: allDays } });
  const policies = await manager.all('/api/v1/sla-policies');
  const body = (o) => ({ name: `Import ${uniq()}`, calendar_id: calendar.id, review_on: '2030-01-01', ...o });
  // The first policy of a store must be its default: one with long targets, so no other test's cases escalate.
  const long = { first_response: 100000 };
  if (!policies.some((p) => p.is_default))
    await manager.create('/api/v1/sla-policies', body({ is_default: true, targets: { 1: long, 2: long, 3: long, 4: long } }));
  policy = await manager.create('/api/v1/sla-policies', body({ targets: { 2: { first_response: 60, resolution: 240 }, 3: { first_response: 60, resolution: 240 } } }));
  account = await admin.create('/api/v1/accounts', make.account({ name: `Importwerk ${uniq()} GmbH`, sla_policy_id: policy.id }));
  contact = await admin.create('/api/v1/contacts', make.contact(account.id, { email: `buyer.${uniq()}@importwerk.example` }));
  team = await admin.create('/api/v1/teams', { name: `Import desk ${uniq()}` });
  agentUser = (await admin.all('/api/v1/users')).find((u) => u.username === ctx.users.agent.username);
});

describe('import cases', () => {
  test('a good file imports; the cases show through the API with their names resolved and their clocks', async () => {
    const w = uniq('good');
    const opened = ago(600);
    const recent = ago(10);
    // Account by name in other case and accents, contact by email, team by name, assignee by username or email.
    const p = file(`${w}.csv`, [
      `${account.name.toUpperCase()},${contact.email.toUpperCase()},technical_support,2,resolved,Pump noise ${w},"Noise, and heat",phone,${team.name},${agentUser.username},${opened},${plus(opened, 30)},${plus(opened, 300)},`,
      `${account.name},,complaint,3,closed,Seal leak ${w},,email,,${agentUser.email ?? agentUser.username},${opened},,${plus(opened, 120)},${plus(opened, 180)}`,
      `${account.name},,enquiry,,open,Quote ${w},,,,,${recent},,,`,
    ]);
    const r = importCases(p);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /imported 3 cases/);

    const got = await casesWith(w);
    assert.equal(got.length, 3);
    const by = (word) => got.find((c) => c.subject.startsWith(word));
    const pump = await admin.read(`/api/v1/cases/${by('Pump').id}`);
    assert.equal(pump.contact_id, contact.id);
    assert.equal(pump.team_id, team.id);
    assert.equal(pump.assignee_id, agentUser.id);
    assert.equal(pump.status, 'resolved');
    assert.equal(pump.priority, 2);
    assert.equal(pump.description, 'Noise, and heat');
    assert.equal(pump.opened_at, opened);
    assert.equal(pump.resolved_at, plus(opened, 300));
    assert.equal(pump.first_contact_resolution, true, 'one reply and no word from the customer: resolved at first contact');
    assert.equal(pump.sla.policy_id, policy.id, "the account's policy");
    assert.equal(pump.sla.first_response.state, 'met', 'answered in 30 of 60 minutes');
    assert.equal(pump.sla.resolution.state, 'breached', 'resolved in 300 of 240 minutes');

    const seal = await admin.read(`/api/v1/cases/${by('Seal').id}`);
    assert.equal(seal.status, 'closed');
    assert.equal(seal.priority, 3, 'the default priority');
    assert.equal(seal.sla.resolution.state, 'met', 'resolved in 120 of 240 minutes');
    assert.equal(seal.sla.first_response.state, 'breached', 'no reply, and resolved only after the 60 minutes');
    assert.equal((await admin.read(`/api/v1/cases/${seal.id}/complaint`)).step, 'received', 'a complaint case has its complaint record');
    const timeline = (await admin.read(`/api/v1/cases/${seal.id}/timeline`)).items;
    assert.deepEqual(timeline.filter((e) => e.kind === 'status_change').map((e) => [e.from_status, e.to_status]).reverse(),
      [['new', 'resolved'], ['resolved', 'closed']]);

    const quote = await admin.read(`/api/v1/cases/${by('Quote').id}`);
    assert.equal(quote.status, 'open');
    assert.equal(quote.sla.first_response.state, 'running');
    assert.equal(quote.sla.first_response.due, plus(recent, 60));
    // The scheduler's index holds the same clocks: the at-risk list reads it.
    const risk = (await admin.all('/api/v1/cases/at-risk')).find((c) => c.id === quote.id);
    assert.equal(risk?.due_at, plus(recent, 60));
    assert.equal(risk.clock, 'first_response');
    assert.ok(!(await admin.all('/api/v1/cases/at-risk')).some((c) => c.id === pump.id), 'a resolved case is not at risk');

    // Searchable like any case, and the import is one audit entry naming the file and the count.
    const found = (await admin.read(withQuery('/api/v1/cases', { q: w }))).items;
    assert.equal(found.length, 3);
    const audit = (await bearer('auditor').read(withQuery('/api/v1/audit', { entity: 'case_import' }))).items;
    const entry = audit.find((e) => e.after?.file === p);
    assert.ok(entry, 'an audit entry for the import');
    assert.equal(entry.after.cases, 3);
    assert.equal(entry.action, 'import');
  });

  test('the roll-ups match the raw records after an import', () => {
    const w = uniq('roll');
    // A case a day for 300 days: as many buckets as cases, rebuilt by a scan of their days (docs/ROLLUPS.md).
    const opened = ago(400 * 1440);
    const rows = Array.from({ length: 300 }, (_, i) =>
      `${account.name},,enquiry,${1 + (i % 4)},${i % 3 ? 'resolved' : 'waiting_on_customer'},Rollup ${w} ${i},,,,${agentUser.username},${plus(opened, i * 1440)},${plus(opened, i * 1440 + 20)},${i % 3 ? plus(opened, i * 1440 + 90 + i) : ''},`);
    const r = importCases(file(`${w}.csv`, rows));
    assert.equal(r.status, 0, r.stderr);
    const v = cli(['kpi', 'verify', '--db', ctx.db]);
    assert.equal(v.status, 0, `kpi verify: ${v.stdout}\n${v.stderr}`);
  });

  test('a bad field is named FILE:LINE: column, and nothing of the file is written', async () => {
    const w = uniq('bad');
    const opened = ago(600);
    const p = file(`${w}.csv`, [
      `${account.name},,enquiry,3,open,Good ${w},,,,,${opened},,,`,
      `${account.name},,enquiry,9,open,Priority ${w},,,,,${opened},,,`,
      `${account.name},,gossip,3,open,Type ${w},,,,,${opened},,,`,
      `No such account ${w},,enquiry,3,open,Account ${w},,,,,${opened},,,`,
      `${account.name},,enquiry,3,open,Time ${w},,,,,yesterday at noon,,,`,
      `${account.name},,enquiry,3,resolved,Lifecycle ${w},,,,,${opened},,,`,
      `${account.name},nobody@nowhere.example,enquiry,3,open,Contact ${w},,fax,No team ${w},nobody.${w},${opened},,,`,
      `${account.name},,enquiry,3,resolved,Order ${w},,,,,${opened},,${plus(opened, -5)},`,
      `${account.name},,enquiry,3,open,Future ${w},,,,,${plus(ago(0), 600)},,,`,
    ]);
    const r = importCases(p);
    assert.equal(r.status, 3, r.stderr);
    const at = (line, column) => assert.match(r.stderr, new RegExp(`${w}\\.csv:${line}: column ${column}: `), `line ${line} ${column}`);
    at(3, 'priority');
    at(4, 'type');
    at(5, 'account');
    at(6, 'opened_at');
    at(7, 'resolved_at');
    at(8, 'contact');
    at(8, 'channel');
    at(8, 'team');
    at(8, 'assignee');
    at(9, 'resolved_at');
    at(10, 'opened_at');
    assert.doesNotMatch(r.stderr, /:2: /, 'the good row is not reported');
    assert.match(r.stderr, /8 of 9 rows rejected/);
    assert.match(r.stderr, /nothing was imported/);
    assert.deepEqual(await casesWith(w), [], 'not even the good row was written');
  });

  test('a bad row in the middle of a file leaves nothing, and the cases written after it still count in the roll-ups', async () => {
    const w = uniq('mid');
    const opened = ago(4000);
    const triggers = () => (ctx.store === 'sqlite' ? sql("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'").trim() : '');
    const before = triggers();
    const rows = Array.from({ length: 200 }, (_, i) =>
      `${account.name},,enquiry,3,resolved,Mid ${w} ${i},,,,${agentUser.username},${plus(opened, i)},,${i === 120 ? '' : plus(opened, i + 30)},`);
    const r = importCases(file(`${w}.csv`, rows));
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stderr, new RegExp(`${w}\\.csv:122: column resolved_at: is required for a resolved case`));
    assert.match(r.stderr, /1 of 200 rows rejected; nothing was imported/);
    assert.deepEqual(await casesWith(w), [], 'not one of the 199 good rows was kept');
    assert.equal(triggers(), before, 'the roll-up triggers the import set aside are back');
    // A case written and resolved now marks its buckets as before: the roll-ups still match the records.
    const c = await admin.create('/api/v1/cases', { account_id: account.id, type: 'enquiry', subject: `After ${w}`, assignee_id: agentUser.id });
    assert.equal((await admin.post(`/api/v1/cases/${c.id}/status`, { status: 'resolved' })).status, 200);
    const v = cli(['kpi', 'verify', '--db', ctx.db]);
    assert.equal(v.status, 0, `kpi verify: ${v.stdout}\n${v.stderr}`);
  });

  test('a header naming an unknown or missing column is refused before any row', async () => {
    const w = uniq('hdr');
    const p = path.join(work, `${w}.csv`);
    writeFileSync(p, `account,type,subject,colour\n${account.name},enquiry,Header ${w},blue\n`);
    const r = importCases(p);
    assert.equal(r.status, 3);
    assert.match(r.stderr, new RegExp(`${w}\\.csv:1: unknown column 'colour'`));
    assert.match(r.stderr, new RegExp(`${w}\\.csv:1: missing column 'opened_at'`));
    assert.deepEqual(await casesWith(w), []);
  });

  test('--skip-bad imports the good rows and writes the bad ones, with their error, to the rejects file', async () => {
    const w = uniq('skip');
    const opened = ago(600);
    const p = file(`${w}.csv`, [
      `${account.name},,enquiry,3,open,Kept ${w},,,,,${opened},,,`,
      `${account.name},,enquiry,3,open,Dropped ${w},,,,,not-a-time,,,`,
      `${account.name},,return,1,new,Also kept ${w},,,,,${opened},,,`,
    ]);
    const r = importCases(p, '--skip-bad');
    assert.equal(r.status, 3, 'rows were rejected, so the exit code says so');
    assert.match(r.stdout, /imported 2 cases/);
    assert.deepEqual((await casesWith(w)).map((c) => c.subject).sort(), [`Also kept ${w}`, `Kept ${w}`]);
    const lines = readFileSync(`${p}.rejects.csv`, 'utf8').trim().split(/\r?\n/);
    assert.equal(lines.length, 2);
    assert.equal(lines[0], `${header},error`);
    assert.match(lines[1], new RegExp(`^${account.name},,enquiry,3,open,Dropped ${w},.*not-a-time.*column opened_at`));
  });

  test('an account given by id must exist; two accounts of the same name must be told apart by id', async () => {
    const w = uniq('twin');
    const name = `Twin ${w} Ltd`;
    const [a] = await Promise.all([1, 2].map(() => admin.create('/api/v1/accounts', make.account({ name }))));
    const opened = ago(600);
    const byName = importCases(file(`${w}-name.csv`, [`${name},,enquiry,3,open,Twin ${w},,,,,${opened},,,`]));
    assert.equal(byName.status, 3);
    assert.match(byName.stderr, /column account: 2 accounts are called/);
    const p = path.join(work, `${w}-id.csv`);
    writeFileSync(p, `account_id,type,subject,opened_at\n${a.id},enquiry,By id ${w},${opened}\n999999999,enquiry,Missing ${w},${opened}\n`);
    const byId = importCases(p, '--skip-bad');
    assert.equal(byId.status, 3);
    assert.match(byId.stderr, new RegExp(`${w}-id\\.csv:3: column account_id: no account has id 999999999`));
    const cases = (await admin.all(withQuery('/api/v1/cases', { account_id: a.id }))).map((c) => c.subject);
    assert.deepEqual(cases, [`By id ${w}`]);
  });
});
