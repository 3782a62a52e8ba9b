// Retention (docs/RETENTION.md): an account's figures worked by hand (median
// interval, recency, order value, value at risk, health with its reasons and
// the survey component left out), silent attrition at its boundary, the
// book's counts as deltas, weights that change the score and are audited,
// campaigns that open tasks and report the orders after, PDCA initiatives
// whose check forgedesk measures; survey answers in the score on their own
// scale; bad input that changes nothing; who must not.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { anon, bearer, cli, conforms, ctx, make, problem, signIn, signInAs, uniq, withQuery } from './lib.mjs';

// A year no other test orders in (and not a leap year, so the days below are
// as counted), different per run so a reused store adds nothing.
const Y = [1991, 1993, 1995, 1997, 1999, 2001, 2003, 2005, 2007, 2009][process.pid % 10];
const day = (md) => `${Y}-${md}`;
// Orders 10, 20, 30 and 40 days apart (median 25), worth 1000 … 5000; the last on 04-11.
const ORDERS = [['01-01', 1000], ['01-11', 2000], ['01-31', 3000], ['03-02', 4000], ['04-11', 5000]];
const order = (accountId, md, value) => make.order(accountId, { ordered_on: day(md), lines: [{ part_number: 'BRG-6204', quantity: 1, unit_price_minor: value }] });

let agent, leader, manager, admin, account;
before(async () => {
  [agent, leader, manager] = await Promise.all(['agent', 'team_leader', 'cs_manager'].map(signIn));
  admin = bearer('admin');
  account = await agent.create('/api/v1/accounts', make.account({ account_manager_id: leader.user.id }));
  for (const [md, value] of ORDERS) await agent.create('/api/v1/orders', order(account.id, md, value));
});

const retention = (id, q) => agent.read(withQuery(`/api/v1/accounts/${id}/retention`, q));
const silentList = async (asOf) => agent.read(withQuery('/api/v1/retention/silent-attrition', { as_of: asOf }));
const part = (r, name) => r.health.components.find((c) => c.component === name);
const settings = () => manager.read('/api/v1/retention/settings');

describe("an account's figures", () => {
  test('worked by hand: median interval, recency, value, value at risk and the monthly trend', async () => {
    const r = await retention(account.id, { to: day('06-01') });
    conforms(r, 'RetentionAccountDetail');
    assert.equal(r.from, `${Y - 1}-06-02`, 'the default period is the 365 days up to to');
    assert.equal(r.orders_total, 5);
    assert.equal(r.orders, 5);
    assert.equal(r.order_value_minor, 15000);
    assert.equal(r.average_order_value_minor, 3000);
    assert.equal(r.last_order_on, day('04-11'));
    assert.equal(r.recency_days, 51);
    assert.equal(r.median_interval_days, 25);
    assert.equal(r.retention_status, 'new', 'no order in the year before the period began');
    assert.equal(r.silent, true, '51 days is more than twice 25');
    assert.equal(r.value_at_risk_minor, 43800, '3000 a time, every 25 days: 3000 × 365 / 25');
    assert.equal(r.clv.inputs.average_order_value_minor, 3000);
    assert.match(r.clv.formula, /average order value × purchase frequency × expected lifespan/);
    assert.equal(r.monthly_orders.length, 24);
    assert.equal(r.monthly_orders.at(-1).month, day('06').slice(0, 7));
    const jan = r.monthly_orders.find((m) => m.month === `${Y}-01`);
    assert.deepEqual(jan, { month: `${Y}-01`, orders: 3, value_minor: 6000 });
    assert.equal(r.monthly_orders.find((m) => m.month === `${Y}-02`).orders, 0);
  });

  test('the health score says why, and leaves out what it has no evidence for instead of counting it as zero', async () => {
    const r = await retention(account.id, { to: day('06-01') });
    assert.equal(part(r, 'order_trend').score, 100);
    assert.match(part(r, 'order_trend').reason, /after none in the 180 before/);
    assert.equal(part(r, 'complaints').score, 100);
    assert.equal(part(r, 'sla').counted, false);
    assert.equal(part(r, 'surveys').counted, false);
    assert.equal(part(r, 'surveys').score, null);
    assert.match(part(r, 'surveys').reason, /No survey answers .*left out/);
    assert.equal(part(r, 'contact').score, 0);
    assert.equal(part(r, 'contact').reason, 'No contact recorded');
    assert.equal(r.health.score, 77, '(30·100 + 20·100 + 15·0) / 65');
    await agent.create('/api/v1/interactions', make.interaction(account.id, { occurred_at: `${day('05-22')}T10:00:00Z` }));
    const after = await retention(account.id, { to: day('06-01') });
    assert.equal(part(after, 'contact').reason, 'Last contact 10 days ago');
    assert.equal(after.health.score, 100);
  });

  test('an account without orders has figures from nothing', async () => {
    const empty = await agent.create('/api/v1/accounts', make.account());
    const r = await retention(empty.id, {});
    conforms(r, 'RetentionAccountDetail');
    assert.equal(r.orders_total, 0);
    assert.equal(r.recency_days, null);
    assert.equal(r.median_interval_days, null);
    assert.equal(r.silent, false);
    assert.equal(part(r, 'order_trend').counted, false);
  });
});

describe('silent attrition', () => {
  test('an account is listed only once its silence exceeds twice its own median interval, complaints or not', async () => {
    const onTime = await silentList(day('05-31')); // 50 days: exactly twice 25
    conforms(onTime, 'SilentAttrition');
    assert.ok(!onTime.items.some((a) => a.account_id === account.id));
    const late = await silentList(day('06-01'));
    const mine = late.items.find((a) => a.account_id === account.id);
    assert.ok(mine, 'listed at 51 days');
    assert.equal(mine.ever_complained, false);
    assert.equal(mine.expected_order_by, day('05-06'));
    assert.equal(mine.times_usual_interval, 2);
    assert.equal(mine.value_at_risk_minor, 43800);
    assert.deepEqual(late.rule, { min_orders: 4, multiple_percent: 200 });
    assert.ok(late.value_at_risk_minor >= 43800);
    const sorted = late.items.map((a) => a.value_at_risk_minor);
    assert.deepEqual(sorted, [...sorted].sort((a, b) => b - a), 'most value at risk first');
  });

  test('too little history is not silence', async () => {
    const young = await agent.create('/api/v1/accounts', make.account());
    for (const [md] of ORDERS.slice(0, 3)) await agent.create('/api/v1/orders', make.order(young.id, { ordered_on: `${Y - 1}-${md}` }));
    assert.ok(!(await silentList(`${Y - 1}-12-01`)).items.some((a) => a.account_id === young.id), '3 orders are fewer than 4');
  });
});

describe('the book', () => {
  test('counts customers at start and end and new ones by hand, and the rates follow (E − N) / S and lost / S', async () => {
    const period = { from: `${Y + 1}-01-01`, to: `${Y + 1}-12-31` };
    const before = await agent.read(withQuery('/api/v1/retention/book', period));
    conforms(before, 'RetentionBook');
    // one retained (ordered in Y and Y+1), one lost (only Y), one new (only Y+1)
    const gone = await agent.create('/api/v1/accounts', make.account());
    await agent.create('/api/v1/orders', order(gone.id, '09-01', 100));
    const retained = await agent.create('/api/v1/accounts', make.account());
    await agent.create('/api/v1/orders', order(retained.id, '06-01', 100));
    await agent.create('/api/v1/orders', make.order(retained.id, { ordered_on: `${Y + 1}-03-01` }));
    const fresh = await agent.create('/api/v1/accounts', make.account());
    await agent.create('/api/v1/orders', make.order(fresh.id, { ordered_on: `${Y + 1}-05-01` }));
    await agent.create('/api/v1/orders', make.order(fresh.id, { ordered_on: `${Y + 1}-07-01` }));
    const b = await agent.read(withQuery('/api/v1/retention/book', period));
    assert.equal(b.customers_at_start - before.customers_at_start, 2, 'gone and retained ordered in the year before');
    assert.equal(b.customers_at_end - before.customers_at_end, 2, 'retained and fresh ordered in the year to the end');
    assert.equal(b.new_customers - before.new_customers, 1);
    assert.equal(b.lost - before.lost, 1);
    assert.equal(b.repeat_accounts - before.repeat_accounts, 1, 'fresh ordered twice');
    assert.equal(b.orders - before.orders, 3);
    const pct = (x) => Math.round(1000 * x) / 10;
    assert.equal(b.retention_rate_percent, pct((b.customers_at_end - b.new_customers) / b.customers_at_start));
    assert.equal(b.churn_rate_percent, pct(b.lost / b.customers_at_start));
    assert.equal(b.clv.inputs.margin_percent, null);
    assert.match(b.clv.formula, /margin unknown/);
  });

  test('the accounts list carries each account with its health, lowest first', async () => {
    const list = await agent.read(withQuery('/api/v1/retention/accounts', { to: day('06-01'), limit: 1000 }));
    conforms(list, 'RetentionAccountList');
    assert.ok(list.items.some((a) => a.account_id === account.id));
    const scores = list.items.map((a) => a.health.score ?? 1000);
    assert.deepEqual(scores, [...scores].sort((a, b) => a - b));
  });
});

describe('settings', () => {
  test('a CS manager changes the weights, the scores follow and the change is audited', async () => {
    const s = await settings();
    conforms(s, 'RetentionSettings');
    const r = await manager.patch('/api/v1/retention/settings', { weight_order_trend: 0, weight_contact: 0 }, { ifMatch: s.version });
    assert.equal(r.status, 200, String(r));
    try {
      const scored = await retention(account.id, { to: day('06-01') });
      assert.equal(scored.health.score, 100, 'only complaints (100) count');
      assert.equal(part(scored, 'order_trend').weight, 0);
      const trail = await admin.read(withQuery('/api/v1/audit', { entity: 'retention_settings', id: 1, limit: 200 }));
      const last = trail.items.at(-1);
      assert.equal(last.action, 'update');
      assert.equal(last.after.weight_contact, 0);
      assert.equal(last.before.weight_contact, s.weight_contact);
    } finally {
      const now = await settings();
      const back = await manager.patch('/api/v1/retention/settings', { weight_order_trend: s.weight_order_trend, weight_contact: s.weight_contact }, { ifMatch: now.version });
      assert.equal(back.status, 200, String(back));
    }
  });

  test('out-of-range weights, all weights zero and bad rules are refused naming the field, and nothing changes', async () => {
    const s = await settings();
    problem(await manager.patch('/api/v1/retention/settings', { weight_sla: 101 }, { ifMatch: s.version }), 422, 'weight_sla');
    problem(await manager.patch('/api/v1/retention/settings', { silent_multiple_percent: 99 }, { ifMatch: s.version }), 422, 'silent_multiple_percent');
    problem(await manager.patch('/api/v1/retention/settings', { silent_min_orders: 1 }, { ifMatch: s.version }), 422, 'silent_min_orders');
    problem(await manager.patch('/api/v1/retention/settings', { weight_order_trend: 0, weight_complaints: 0, weight_sla: 0, weight_surveys: 0, weight_contact: 0 }, { ifMatch: s.version }), 422, 'weight_sla');
    problem(await manager.patch('/api/v1/retention/settings', { weight_sla: null }, { ifMatch: s.version }), 422, 'weight_sla');
    problem(await manager.patch('/api/v1/retention/settings', { id: 2 }, { ifMatch: s.version }), 422, 'id');
    assert.deepEqual(await settings(), s);
  });

  test('agents and team leaders may not change the weights', async () => {
    const s = await settings();
    problem(await agent.patch('/api/v1/retention/settings', { weight_sla: 50 }, { ifMatch: s.version }), 403);
    problem(await leader.patch('/api/v1/retention/settings', { weight_sla: 50 }, { ifMatch: s.version }), 403);
    assert.deepEqual(await settings(), s);
  });
});

describe('bad periods and unknown accounts', () => {
  test('a period that ends before it starts, or a malformed date, is a 400 naming the field', async () => {
    problem(await agent.get(withQuery('/api/v1/retention/book', { from: day('05-01'), to: day('04-01') })), 400, 'to');
    problem(await agent.get(withQuery('/api/v1/retention/accounts', { from: 'yesterday' })), 400, 'from');
    problem(await agent.get(withQuery(`/api/v1/accounts/${account.id}/retention`, { to: `${Y}-02-30` })), 400, 'to');
    problem(await agent.get(withQuery('/api/v1/retention/silent-attrition', { as_of: '2026-13-01' })), 400, 'as_of');
    problem(await agent.get(withQuery('/api/v1/retention/accounts', { sort: 'revenue' })), 400, 'sort');
    problem(await agent.get(withQuery('/api/v1/retention/accounts', { limit: 0 })), 400, 'limit');
    problem(await agent.get(withQuery('/api/v1/retention/book', { period: 'year' })), 400);
  });

  test('an unknown account is a 404', async () => {
    problem(await agent.get('/api/v1/accounts/999999999/retention'), 404);
  });
});

describe('campaigns', () => {
  const campaign = (o = {}) => ({ name: `Win back ${uniq()}`, kind: 'win_back', source: 'silent_attrition', started_on: day('06-01'), window_days: 30, account_ids: [account.id], ...o });
  const tasksOf = async (id) => (await agent.all(withQuery('/api/v1/tasks', { account_id: id }))).length;

  test('a campaign from the silent list opens a task per account and reports the orders after', async () => {
    const other = await agent.create('/api/v1/accounts', make.account());
    const created = await leader.create('/api/v1/campaigns', campaign({ account_ids: [account.id, other.id], owner_id: manager.user.id }));
    conforms(created, 'Campaign');
    assert.equal(created.accounts, 2);
    assert.equal(created.due_on, day('06-15'), 'tasks due two weeks after the start');
    await agent.create('/api/v1/orders', order(account.id, '06-15', 7000));
    const detail = await agent.read(`/api/v1/campaigns/${created.id}`);
    conforms(detail, 'CampaignDetail');
    assert.equal(detail.outcome.days_compared, 30);
    assert.equal(detail.outcome.before_from, day('05-02'));
    assert.equal(detail.outcome.after_until, day('07-01'));
    const mine = detail.targets.find((t) => t.account_id === account.id);
    assert.deepEqual([mine.orders_before, mine.orders_after, mine.value_after, mine.ordered_again], [0, 1, 7000, true]);
    assert.equal(detail.targets.find((t) => t.account_id === other.id).ordered_again, false);
    assert.deepEqual([detail.outcome.ordered_again, detail.outcome.orders_after, detail.outcome.value_after_minor], [1, 1, 7000]);
    const task = await agent.read(`/api/v1/tasks/${mine.task_id}`);
    assert.equal(task.kind, 'win_back');
    assert.equal(task.owner_id, leader.user.id, "the account manager's task");
    assert.equal(task.title, created.name);
    const otherTask = await agent.read(`/api/v1/tasks/${detail.targets.find((t) => t.account_id === other.id).task_id}`);
    assert.equal(otherTask.owner_id, manager.user.id, "the campaign owner's when the account has no manager");
    const done = await agent.patch(`/api/v1/tasks/${task.id}`, { status: 'done', outcome: 'Trial order placed' }, { ifMatch: task.version });
    assert.equal(done.status, 200, String(done));
    assert.equal((await agent.read(`/api/v1/campaigns/${created.id}`)).outcome.tasks_done, 1);
    const listed = await agent.read('/api/v1/campaigns');
    conforms(listed, 'CampaignList');
    assert.equal(listed.items[0].id, created.id, 'newest first');
    const trail = await admin.read(withQuery('/api/v1/audit', { entity: 'campaign', id: created.id }));
    assert.deepEqual(trail.items[0].after.account_ids, [account.id, other.id]);
  });

  test('bad targets and dates are refused naming the field, and no task is opened', async () => {
    const tasks = await tasksOf(account.id);
    const campaigns = (await agent.all('/api/v1/campaigns')).length;
    problem(await leader.post('/api/v1/campaigns', campaign({ account_ids: [] })), 422, 'account_ids');
    problem(await leader.post('/api/v1/campaigns', campaign({ account_ids: [account.id, 999999999] })), 422, 'account_ids');
    problem(await leader.post('/api/v1/campaigns', campaign({ account_ids: [account.id, account.id] })), 422, 'account_ids');
    problem(await leader.post('/api/v1/campaigns', campaign({ account_ids: undefined })), 422, 'account_ids');
    problem(await leader.post('/api/v1/campaigns', campaign({ due_on: day('05-01') })), 422, 'due_on');
    problem(await leader.post('/api/v1/campaigns', campaign({ kind: 'discount' })), 422, 'kind');
    problem(await leader.post('/api/v1/campaigns', campaign({ window_days: 1000 })), 422, 'window_days');
    assert.equal(await tasksOf(account.id), tasks);
    assert.equal((await agent.all('/api/v1/campaigns')).length, campaigns);
  });

  test('agents may not start campaigns', async () => {
    const tasks = await tasksOf(account.id);
    problem(await agent.post('/api/v1/campaigns', campaign()), 403);
    assert.equal(await tasksOf(account.id), tasks);
  });
});

describe('improvement initiatives (PDCA)', () => {
  const initiative = (o = {}) => ({ title: `Faster quotes ${uniq()}`, problem: 'Orders fell after slow quotes', problem_kind: 'kpi', problem_ref: 'order_value', kpi: 'order_value', before_from: day('01-01'), before_to: day('01-31'), after_from: day('03-01'), after_to: day('04-30'), ...o });
  const move = (c, id, stage, o = {}) => c.post(`/api/v1/improvements/${id}/stage`, { stage, ...o });

  test('plan, do, check measured by forgedesk, then standardise', async () => {
    const created = await leader.create('/api/v1/improvements', initiative());
    conforms(created, 'Improvement');
    assert.equal(created.stage, 'plan');
    const noPlan = problem(await move(leader, created.id, 'do'), 409);
    assert.deepEqual(noPlan.missing, ['plan']);
    assert.deepEqual(noPlan.allowed, ['do', 'abandoned']);
    const planned = await leader.patch(`/api/v1/improvements/${created.id}`, { plan: 'Quote within a day' }, { ifMatch: created.version });
    assert.equal(planned.status, 200, String(planned));
    assert.equal((await move(leader, created.id, 'do')).json.stage, 'do');
    assert.deepEqual(problem(await move(leader, created.id, 'check'), 409).missing, ['done']);
    const current = await leader.read(`/api/v1/improvements/${created.id}`);
    await leader.patch(`/api/v1/improvements/${created.id}`, { done: 'Quote desk staffed from 8am' }, { ifMatch: current.version });
    const checked = await move(leader, created.id, 'check');
    assert.equal(checked.status, 200, String(checked));
    conforms(checked.json, 'Improvement');
    const c = checked.json.check_result;
    assert.equal(c.kpi, 'order_value');
    assert.deepEqual([c.before.value, c.before.count], [6000, 3], `orders of ${Y}-01 (only this test orders in ${Y})`);
    assert.deepEqual([c.after.value, c.after.count], [9000, 2]);
    assert.equal(c.change, 3000);
    assert.equal(c.improved, true);
    assert.ok(checked.json.checked_at);
    problem(await leader.patch(`/api/v1/improvements/${created.id}`, { kpi: 'complaints' }, { ifMatch: checked.json.version }), 422, 'kpi');
    assert.deepEqual(problem(await move(leader, created.id, 'standardised'), 409).missing, ['act_note']);
    const done = await move(leader, created.id, 'standardised', { act_note: 'Same-day quotes are now the standard' });
    assert.equal(done.status, 200, String(done));
    assert.equal(done.json.stage, 'standardised');
    assert.ok(done.json.decided_at);
    problem(await leader.patch(`/api/v1/improvements/${created.id}`, { title: 'Renamed' }, { ifMatch: done.json.version }), 409);
    problem(await move(leader, created.id, 'do'), 409);
    const listed = await agent.read('/api/v1/improvements');
    conforms(listed, 'ImprovementList');
    assert.deepEqual(listed.items.find((i) => i.id === created.id)?.check_result, c, 'the list carries the check as measured');
    const trail = await admin.read(withQuery('/api/v1/audit', { entity: 'improvement', id: created.id, limit: 200 }));
    assert.deepEqual(trail.items.map((e) => e.action), ['create', 'update', 'stage', 'update', 'stage', 'stage']);
  });

  test('complaints by root-cause category are counted for each period', async () => {
    const created = await leader.create('/api/v1/improvements', initiative({ problem_kind: 'root_cause', problem_ref: 'material', kpi: 'complaints', kpi_category: 'material', plan: 'Inspect seal batches', done: 'Inspected' }));
    await move(leader, created.id, 'do');
    const checked = await move(leader, created.id, 'check');
    assert.equal(checked.status, 200, String(checked));
    assert.deepEqual([checked.json.check_result.before.value, checked.json.check_result.after.value], [0, 0], `no complaint was opened in ${Y}`);
    assert.equal(checked.json.check_result.improved, false, 'equal is not better');
    assert.equal(checked.json.check_result.category, 'material');
  });

  test('bad problems, periods and KPIs are refused naming the field, and nothing is created', async () => {
    const count = (await agent.all('/api/v1/improvements')).length;
    problem(await leader.post('/api/v1/improvements', initiative({ problem_kind: 'root_cause', problem_ref: 'money' })), 422, 'problem_ref');
    problem(await leader.post('/api/v1/improvements', initiative({ before_to: `${Y - 1}-12-01` })), 422, 'before_to');
    problem(await leader.post('/api/v1/improvements', initiative({ after_from: day('01-15') })), 422, 'after_from');
    problem(await leader.post('/api/v1/improvements', initiative({ kpi_category: 'material' })), 422, 'kpi_category');
    problem(await leader.post('/api/v1/improvements', initiative({ kpi: 'nps' })), 422, 'kpi');
    problem(await leader.post('/api/v1/improvements', initiative({ stage: 'check' })), 422, 'stage');
    problem(await leader.post('/api/v1/improvements', initiative({ after_to: 'soon' })), 422, 'after_to');
    assert.equal((await agent.all('/api/v1/improvements')).length, count);
  });

  test('a check waits until the after period is over', async () => {
    const created = await leader.create('/api/v1/improvements', initiative({ plan: 'p', done: 'd', after_to: '2999-12-31' }));
    await move(leader, created.id, 'do');
    assert.deepEqual(problem(await move(leader, created.id, 'check'), 409).missing, ['after_to']);
  });

  test('agents may read initiatives but not start or move them', async () => {
    const created = await leader.create('/api/v1/improvements', initiative());
    problem(await agent.post('/api/v1/improvements', initiative()), 403);
    problem(await move(agent, created.id, 'abandoned', { act_note: 'no' }), 403);
    assert.equal((await agent.read(`/api/v1/improvements/${created.id}`)).stage, 'plan');
  });
});

test('HR sees no retention figures, campaigns or initiatives', async () => {
  const hr = { username: uniq('hr'), password: `Pw-hr-${process.pid}-secret` };
  const made = cli(['user', 'add', '--db', ctx.db, '--username', hr.username, '--display-name', 'HR reader', '--role', 'hr', '--password-stdin'], `${hr.password}\n`);
  assert.equal(made.status, 0, made.stderr);
  const c = await signInAs(hr);
  for (const path of ['/api/v1/retention/book', '/api/v1/retention/accounts', '/api/v1/retention/silent-attrition', '/api/v1/retention/settings', `/api/v1/accounts/${account.id}/retention`, '/api/v1/campaigns', '/api/v1/improvements'])
    problem(await c.get(path), 403);
});

test('survey answers count in the health score on their own scale: a CSAT 4 is 75 and a 2 is 25', async () => {
  const survey = await manager.create('/api/v1/surveys', { name: `Relationship ${uniq()}`, type: 'csat', question: 'How satisfied are you with us?' });
  const customer = await agent.create('/api/v1/accounts', make.account());
  for (const score of [4, 2]) {
    const contact = await agent.create('/api/v1/contacts', make.contact(customer.id, { email: `${uniq('buyer')}@example.com` }));
    const inv = await leader.create('/api/v1/survey-invitations', { survey_id: survey.id, contact_id: contact.id, delivery: 'link' });
    const token = /#\/survey\/([A-Za-z0-9_-]+)$/.exec(inv.link)[1];
    const r = await anon.post('/api/v1/survey-links/answer', { token, score });
    assert.equal(r.status, 201, String(r));
  }
  const r = await retention(customer.id, {});
  assert.equal(part(r, 'surveys').counted, true);
  assert.equal(part(r, 'surveys').score, 50);
  assert.equal(part(r, 'surveys').reason, 'Survey answers average 50 out of 100 (2 answers in the last 365 days)');
});
