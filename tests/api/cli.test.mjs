// The command line against the test store: CSV import (all or nothing, every
// bad row reported by line and column, --skip-bad with its rejects file),
// staff accounts (list, passwd, disable), SQLite backup, and the refusal of a
// database newer than the binary.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { bearer, cli, ctx, signInRaw, uniq, withQuery } from './lib.mjs';

const work = mkdtempSync(path.join(tmpdir(), 'forgedesk-cli-'));
after(() => rmSync(work, { recursive: true, force: true }));
const admin = bearer('admin');

/** Writes text to a file in the work folder and returns its path. */
function file(name, text) {
  const p = path.join(work, name);
  writeFileSync(p, text);
  return p;
}

/** The accounts whose name contains word (a uniq() string). */
const accountsNamed = async (word) => (await admin.read(withQuery('/api/v1/accounts', { q: word, limit: 200 }))).items;

describe('import', () => {
  test('good accounts and their contacts are all imported, with accents and quoted commas intact', async () => {
    const w = uniq('imp');
    const accounts = file(`${w}-accounts.csv`,
      `name,sector,tier,status,country,city\r\n"Müller ${w} GmbH",Machine tools,A,active,DE,Stuttgart\r\n` +
      `"Dales ${w}, Ltd",Agricultural machinery,B,prospect,GB,Skipton\r\n`);
    const r = cli(['import', 'accounts', accounts, '--db', ctx.db]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /imported 2 accounts/);
    const names = (await accountsNamed(w)).map((a) => a.name).sort();
    assert.deepEqual(names, [`Dales ${w}, Ltd`, `Müller ${w} GmbH`]);

    const contacts = file(`${w}-contacts.csv`,
      `account,name,audience,lawful_basis,email\nMüller ${w} GmbH,Jürgen Weiß,technical,contract,jw@example.de\n"Dales ${w}, Ltd",Ann Hebden,commercial,legitimate_interests,\n`);
    const c = cli(['import', 'contacts', contacts, '--db', ctx.db]);
    assert.equal(c.status, 0, c.stderr);
    const [muller] = (await accountsNamed(w)).filter((a) => a.name.startsWith('Müller'));
    const people = (await admin.read(withQuery('/api/v1/contacts', { account_id: muller.id }))).items;
    assert.deepEqual(people.map((p) => [p.name, p.audience, p.email]), [['Jürgen Weiß', 'technical', 'jw@example.de']]);
  });

  test('one bad row rejects the whole file, and each bad row is named by line and column', async () => {
    const w = uniq('bad');
    const csv = file(`${w}.csv`,
      `name,tier,country\nGood ${w} Ltd,A,GB\nTier ${w} Ltd,Z,GB\n,B,GB\nCountry ${w} Ltd,C,England\n`);
    const r = cli(['import', 'accounts', csv, '--db', ctx.db]);
    assert.equal(r.status, 3, `exit 3 for rejected rows: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`${w}\\.csv:3: column tier: `));
    assert.match(r.stderr, new RegExp(`${w}\\.csv:4: column name: `));
    assert.match(r.stderr, new RegExp(`${w}\\.csv:5: column country: `));
    assert.doesNotMatch(r.stderr, /:2: /, 'the good row is not reported');
    assert.match(r.stderr, /nothing was imported/);
    assert.deepEqual(await accountsNamed(w), [], 'not even the good row was written');
  });

  test('--skip-bad imports the good rows and writes the bad ones, with their error, to the rejects file', async () => {
    const w = uniq('skip');
    const csv = file(`${w}.csv`, `name,tier\nKept ${w} Ltd,B\nDropped ${w} Ltd,Q\n`);
    const rejects = path.join(work, `${w}-rejects.csv`);
    const r = cli(['import', 'accounts', csv, '--db', ctx.db, '--skip-bad', '--rejects', rejects]);
    assert.equal(r.status, 3, 'rows were rejected, so the exit code says so');
    assert.match(r.stdout, /imported 1 accounts/);
    assert.deepEqual((await accountsNamed(w)).map((a) => a.name), [`Kept ${w} Ltd`]);
    const lines = readFileSync(rejects, 'utf8').trim().split(/\r?\n/);
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^name,tier,error$/);
    assert.match(lines[1], new RegExp(`^Dropped ${w} Ltd,Q,.*tier`));
  });

  test('a malformed CSV (a quote never closed) is refused naming its line', async () => {
    const w = uniq('quote');
    const r = cli(['import', 'accounts', file(`${w}.csv`, `name,tier\n"Open ${w} Ltd,A\n`), '--db', ctx.db]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, new RegExp(`${w}\\.csv:2`));
    assert.deepEqual(await accountsNamed(w), []);
  });

  test('orders: rows sharing a number make one order with its lines, and the value is their sum', async () => {
    const w = uniq('ord');
    const acct = cli(['import', 'accounts', file(`${w}-a.csv`, `name\nOrders ${w} Ltd\n`), '--db', ctx.db]);
    assert.equal(acct.status, 0, acct.stderr);
    const number = `SO-${w}`;
    const csv = file(`${w}.csv`, 'number,account,ordered_on,promised_on,part_number,description,quantity,unit_price_minor\n' +
      `${number},Orders ${w} Ltd,2026-11-02,2026-11-20,HC-63-40-250,Cylinder,2,41000\n` +
      `${number},Orders ${w} Ltd,2026-11-02,2026-11-20,SK-63-40,Seal kit,5,2350\n`);
    const r = cli(['import', 'orders', csv, '--db', ctx.db]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /imported 1 orders \(2 lines\)/);
    const [account] = await accountsNamed(w);
    const [order] = (await admin.read(withQuery('/api/v1/orders', { account_id: account.id }))).items;
    assert.equal(order.number, number);
    assert.equal(order.value_minor, 2 * 41000 + 5 * 2350);
  });
});

describe('staff accounts', () => {
  test('user list shows a new user; passwd changes the password; disable stops sign-in', async () => {
    const username = uniq('cli.');
    const add = cli(['user', 'add', '--db', ctx.db, '--username', username, '--display-name', 'Cli Person', '--role', 'agent', '--password-stdin'], 'First-password-1\n');
    assert.equal(add.status, 0, add.stderr);
    assert.match(cli(['user', 'list', '--db', ctx.db]).stdout, new RegExp(username));
    assert.equal((await signInRaw(username, 'First-password-1')).status, 200);

    const passwd = cli(['user', 'passwd', '--db', ctx.db, '--username', username, '--password-stdin'], 'Second-password-2\n');
    assert.equal(passwd.status, 0, passwd.stderr);
    assert.equal((await signInRaw(username, 'First-password-1')).status, 401, 'the old password no longer works');
    assert.equal((await signInRaw(username, 'Second-password-2')).status, 200);

    assert.equal(cli(['user', 'disable', '--db', ctx.db, '--username', username]).status, 0);
    assert.equal((await signInRaw(username, 'Second-password-2')).status, 401, 'a disabled user cannot sign in');
  });

  test('bad values are refused with exit 3 and the field named; an unknown user is refused', () => {
    const role = cli(['user', 'add', '--db', ctx.db, '--username', uniq('r.'), '--display-name', 'X', '--role', 'overlord', '--password-stdin'], 'Some-password-1\n');
    assert.equal(role.status, 3, role.stderr);
    assert.match(role.stderr, /role/);
    const missing = cli(['user', 'disable', '--db', ctx.db, '--username', uniq('nobody.')]);
    assert.notEqual(missing.status, 0);
  });
});

describe('SQLite files', () => {
  // These use a SQLite file of their own whatever store the run tests: the
  // schema check is the migration code both stores share, and backup is
  // SQLite's online copy.
  const sqlite = (dbPath, sql) => spawnSync('sqlite3', [dbPath, sql], { encoding: 'utf8' });

  test('a database newer than the binary is refused by init and serve, and left as it was', () => {
    const dbPath = path.join(work, 'newer.db');
    const db = `sqlite:${dbPath}`;
    assert.equal(cli(['init', '--db', db]).status, 0);
    const bump = sqlite(dbPath, "INSERT INTO schema_migrations (version, name, applied_at) SELECT max(version) + 1, 'from the future', '2099-01-01T00:00:00Z' FROM schema_migrations");
    assert.equal(bump.status, 0, bump.stderr);
    const version = () => sqlite(dbPath, 'SELECT max(version) FROM schema_migrations').stdout.trim();
    const before = version();
    const init = cli(['init', '--db', db]);
    assert.notEqual(init.status, 0);
    assert.match(init.stderr, /newer/i);
    const serve = cli(['serve', '--db', db, '--listen', '127.0.0.1:1']);
    assert.notEqual(serve.status, 0);
    assert.match(serve.stderr, /newer|too new/i);
    assert.equal(version(), before, 'the refused database is unchanged');
  });

  test('backup copies a SQLite database, records and audit trail alike', () => {
    const dbPath = path.join(work, 'source.db');
    const db = `sqlite:${dbPath}`;
    assert.equal(cli(['init', '--db', db]).status, 0);
    const w = uniq('bk');
    assert.equal(cli(['import', 'accounts', file(`${w}.csv`, `name\nBackup ${w} Ltd\nSecond ${w} Ltd\n`), '--db', db]).status, 0);
    const copy = path.join(work, 'copy.db');
    const r = cli(['backup', '--db', db, copy]);
    assert.equal(r.status, 0, r.stderr);
    const count = (p, table) => sqlite(p, `SELECT count(*) FROM ${table}`).stdout.trim();
    assert.equal(count(copy, 'accounts'), '2');
    assert.equal(count(copy, 'audit_log'), count(dbPath, 'audit_log'));
    assert.equal(cli(['audit', 'verify', '--db', `sqlite:${copy}`]).status, 0, "the copy's audit chain verifies");
  });
});
