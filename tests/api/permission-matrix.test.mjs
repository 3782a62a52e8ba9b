// The permission matrix (tests/api/permission-matrix.txt, docs/SECURITY.md):
// every route of the route table × every role (and no one signed in), plus
// the routes where whose record it is matters, asked about the caller's own
// record, a report's and a stranger's. Each cell's expected answer is written
// down in the table by hand; this test asks the running server every cell and
// lists every cell that answers otherwise. A route in the route table without
// a row, or a row without a route, fails the test.
//
// A cell "y": the request passes (any answer but 401 or 403, and no 5xx);
// "n": refused — 403 for a signed-in role, 401 for no one. The role rows ask
// about a record that does not exist with a body no handler accepts, so
// nothing is ever written: what they show is who gets past the permission
// check. The subject rows use real people and teams made here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { bearer, cli, Client, ctx, fromAddress, uniq } from './lib.mjs';

const ROLES = ['agent', 'team_leader', 'cs_manager', 'quality_manager', 'hr', 'admin', 'auditor', 'anonymous'];
const COLUMNS = ['ag', 'tl', 'csm', 'qm', 'hr', 'adm', 'aud', 'anon']; // the table's short names, in ROLES' order
const NO_SUCH_ID = 2147480001;
const PROBE_BODY = { permission_matrix_probe: true };
const tablePath = new URL('./permission-matrix.txt', import.meta.url);

/** The table's rows: {method, path, subject, expect: {role: 'y'|'n'}, line}. */
function readTable() {
  const rows = [];
  let header = null;
  readFileSync(tablePath, 'utf8').split('\n').forEach((text, i) => {
    const words = text.replace(/#.*/, '').trim().split(/\s+/).filter(Boolean);
    if (!words.length) return;
    if (!header) {
      header = words;
      assert.deepEqual(header, ['method', 'path', 'subject', ...COLUMNS], `line ${i + 1}: the header names the columns`);
      return;
    }
    assert.equal(words.length, header.length, `line ${i + 1} has ${words.length} columns, not ${header.length}: ${text}`);
    const [method, path, subject, ...cells] = words;
    for (const c of cells) assert.ok(c === 'y' || c === 'n' || (c === 'h' && subject !== '-'), `line ${i + 1}: "${c}" is not y, n or (on a subject row) h`);
    rows.push({ method, path, subject, expect: Object.fromEntries(ROLES.map((r, k) => [r, cells[k]])), line: i + 1 });
  });
  return rows;
}

// ---- the subjects: whose record a subject row asks about ----
// team North: the team leader (line manager: the CS manager), the agent and
// `report` (both reporting to the team leader); team South: its own leader and
// `stranger`, outside every caller's line. The other roles are in no team.
const SUBJECTS = ['-', 'self', 'report', 'stranger', 'north', 'south'];

/** A submitted QA review of each subject's resolved case, by person id (made in before()). */
const reviewOf = {};

/** How to ask a subject row's route about a subject: (subject's id) → {path, body}. */
const person = (query) => (id) => ({ path: `${query}${id}` });
const RECIPES = {
  'GET /api/v1/people/{id}/scorecard': (id) => ({ path: `/api/v1/people/${id}/scorecard` }),
  'GET /api/v1/kpis': (id, subject) => ({ path: `/api/v1/kpis?${subject === 'north' || subject === 'south' ? 'team_id' : 'user_id'}=${id}` }),
  'GET /api/v1/objectives': person('/api/v1/objectives?owner_id='),
  'GET /api/v1/performance-feedback': person('/api/v1/performance-feedback?person_id='),
  'GET /api/v1/one-to-ones': person('/api/v1/one-to-ones?person_id='),
  'GET /api/v1/performance-cases': person('/api/v1/performance-cases?person_id='),
  'GET /api/v1/appraisals': person('/api/v1/appraisals?person_id='),
  'GET /api/v1/qa/reviews/{id}': (id) => ({ path: `/api/v1/qa/reviews/${reviewOf[id]}`, shown: 200 }), // a real record: through means shown
  'GET /api/v1/qa/scores': (id, subject) => ({ path: `/api/v1/qa/scores?${subject === 'north' || subject === 'south' ? 'team_id' : 'agent_id'}=${id}` }),
  'PUT /api/v1/users/{id}/skills': (id) => ({ path: `/api/v1/users/${id}/skills`, body: PROBE_BODY }),
  'PUT /api/v1/teams/{id}/allocation': (id) => ({ path: `/api/v1/teams/${id}/allocation`, body: PROBE_BODY }),
  'GET /api/v1/reports/allocation-fairness': person('/api/v1/reports/allocation-fairness?team_id='),
};

/** The request of a role row: no such record, a body nobody accepts. */
function probe(row) {
  const path = row.path.replace(/\{id\}/g, String(NO_SUCH_ID));
  return ['POST', 'PATCH', 'PUT'].includes(row.method) ? { path, body: PROBE_BODY } : { path };
}

describe('the permission matrix', () => {
  const rows = readTable();
  const tokens = {};
  const ids = {};
  let address;

  before(async () => {
    const admin = bearer('admin');
    const made = async (path, body) => {
      const r = await admin.post(path, body);
      assert.equal(r.status, 201, String(r));
      return r.json;
    };
    const north = await made('/api/v1/teams', { name: `Matrix North ${uniq()}` });
    const south = await made('/api/v1/teams', { name: `Matrix South ${uniq()}` });
    const user = (role, o = {}) => made('/api/v1/users', { username: uniq(`matrix.${role}.`), display_name: `Matrix ${role}`, role, password: `Pw-${uniq()}-secret`, ...o });
    const callers = {};
    callers.cs_manager = await user('cs_manager');
    callers.team_leader = await user('team_leader', { team_id: north.id, manager_id: callers.cs_manager.id });
    callers.agent = await user('agent', { team_id: north.id, manager_id: callers.team_leader.id });
    for (const role of ['quality_manager', 'hr', 'admin', 'auditor']) callers[role] = await user(role);
    const report = await user('agent', { team_id: north.id, manager_id: callers.team_leader.id });
    const southLeader = await user('team_leader', { team_id: south.id });
    const stranger = await user('agent', { team_id: south.id, manager_id: southLeader.id });
    for (const [role, u] of Object.entries(callers)) {
      const r = cli(['token', 'create', '--db', ctx.db, '--username', u.username]);
      assert.equal(r.status, 0, r.stderr);
      tokens[role] = r.stdout;
      ids[role] = { self: u.id, report: report.id, stranger: stranger.id, north: north.id, south: south.id };
    }
    // a resolved case of the report's and of the stranger's, each reviewed by the quality manager
    const quality = new Client({ token: tokens.quality_manager });
    const card = await quality.post('/api/v1/qa/scorecards', { name: `Matrix ${uniq()}`, pass_mark: 50, criteria: [{ key: 'reply', label: 'Clear reply', scale: 'pass_fail', weight: 1 }] });
    assert.equal(card.status, 201, String(card));
    const account = await made('/api/v1/accounts', { name: `Matrix account ${uniq()}` });
    for (const p of [report, stranger]) {
      const c = await made('/api/v1/cases', { account_id: account.id, type: 'enquiry', subject: `Matrix ${uniq()}`, assignee_id: p.id });
      assert.equal((await admin.post(`/api/v1/cases/${c.id}/status`, { status: 'resolved' })).status, 200);
      const review = await quality.post('/api/v1/qa/reviews', { scorecard_id: card.json.id, case_id: c.id, ratings: [{ key: 'reply', rating: 1 }] });
      assert.equal(review.status, 201, String(review));
      reviewOf[p.id] = review.json.id;
    }
    ids.anonymous = { ...ids.agent }; // no one signed in is asked about the agent as "self"
    // the anonymous and public probes come from an address of their own, so
    // that no throttling of sign-ins and survey links spills into other tests
    address = ctx.addresses.other.replace(/\.\d+$/, '.9');
  });

  test('every route in the route table has exactly one role row, and every row names a route', () => {
    const routes = JSON.parse(cli(['routes']).stdout).map((r) => `${r.method} ${r.path}`);
    const roleRows = rows.filter((r) => r.subject === '-').map((r) => `${r.method} ${r.path}`);
    const missing = routes.filter((r) => !roleRows.includes(r));
    assert.deepEqual(missing, [], `routes without a row in tests/api/permission-matrix.txt: write down who may use them`);
    const unknown = rows.map((r) => `${r.method} ${r.path}`).filter((r) => !routes.includes(r));
    assert.deepEqual(unknown, [], 'rows for routes that do not exist');
    const twice = roleRows.filter((r, i) => roleRows.indexOf(r) !== i);
    assert.deepEqual(twice, [], 'routes with more than one role row');
    for (const r of rows) {
      assert.ok(SUBJECTS.includes(r.subject), `line ${r.line}: no subject "${r.subject}" (one of ${SUBJECTS})`);
      if (r.subject !== '-') assert.ok(RECIPES[`${r.method} ${r.path}`], `line ${r.line}: no recipe in this test for asking ${r.method} ${r.path} about a subject`);
    }
  });

  test('every cell answers as the table says, on this store', async (t) => {
    const wrong = [];
    let cells = 0;
    // signing out last: it is harmless to a token, but keeps the order obvious
    const ordered = [...rows].sort((a, b) => (a.method === 'DELETE' && a.path === '/api/v1/session') - (b.method === 'DELETE' && b.path === '/api/v1/session'));
    for (const row of ordered) {
      for (const role of ROLES) {
        const { path, body, shown } = row.subject === '-' ? probe(row) : RECIPES[`${row.method} ${row.path}`](ids[role][row.subject], row.subject);
        const headers = role === 'anonymous' ? {} : { authorization: `Bearer ${tokens[role]}` };
        if (row.method === 'PATCH' || row.method === 'DELETE') headers['if-match'] = '"1"';
        const res = await fromAddress(address, row.method, path, { body, headers });
        cells++;
        const refusedAs = role === 'anonymous' ? 401 : 403;
        const expected = row.expect[role];
        const through = shown ? res.status === shown : ![401, 403].includes(res.status) && res.status < 500;
        const ok = expected === 'y' ? through : res.status === (expected === 'h' ? 404 : refusedAs);
        if (!ok) wrong.push(`line ${row.line}: ${row.method} ${row.path} [${row.subject}] as ${role}: expected ${expected === 'y' ? shown ?? 'through' : expected === 'h' ? 404 : refusedAs}, got ${res.status} ${res.text.slice(0, 160)}`);
      }
    }
    t.diagnostic(`${cells} cells: ${rows.length} rows × ${ROLES.length} callers on ${ctx.store}`);
    assert.deepEqual(wrong, [], `${wrong.length} of ${cells} cells differ from tests/api/permission-matrix.txt`);
  });
});
