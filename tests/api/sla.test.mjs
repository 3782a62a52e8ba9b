// SLAs: business calendars and SLA policies as records (who may change them,
// bad input that changes nothing, holidays from .ics, exactly one default,
// review reminders), the clocks on each case and what changes them, and the
// scheduler that escalates warnings and breaches exactly once and mails them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { conforms, ctx, make, problem, signIn, sleep, smtpSink, startServer, uniq, withQuery } from './lib.mjs';

let manager, agent, auditor, admin, leader;
const calendars = '/api/v1/calendars';
const policies = '/api/v1/sla-policies';
const allDays = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));
const alwaysOpen = { tz: 'UTC', hours: allDays };
const office = { tz: 'Europe/London', hours: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']] } };
const longTargets = { 1: { first_response: 100000, resolution: 200000 }, 2: { first_response: 100000 }, 3: { first_response: 100000 }, 4: { first_response: 100000 } };
let open247; // a 24/7 calendar
let defaultPolicy;

const isoPlus = (iso, minutes) => new Date(Date.parse(iso) + minutes * 60_000).toISOString().replace('.000Z', 'Z');
const daysFromNow = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const policyBody = (o = {}) => ({ name: `Policy ${uniq()}`, calendar_id: open247.id, targets: longTargets, review_on: daysFromNow(400), ...o });

before(async () => {
  [manager, agent, auditor, admin, leader] = await Promise.all(['cs_manager', 'agent', 'auditor', 'admin', 'team_leader'].map(signIn));
  open247 = await manager.create(calendars, { name: `Always ${uniq()}`, calendar: alwaysOpen });
  // The store may already hold a default (a reused database); if not, this run's is one with long targets,
  // so that cases other tests open are not escalated.
  defaultPolicy = (await manager.all(policies)).find((p) => p.is_default);
  // Either way a policy of this run's uses open247 (the calendar DELETE must refuse).
  if (defaultPolicy) await manager.create(policies, policyBody({ is_default: false }));
  if (!defaultPolicy) {
    const r = await manager.post(policies, policyBody({ is_default: false }));
    problem(r, 422, 'is_default'); // the first policy must be the default
    defaultPolicy = await manager.create(policies, policyBody({ is_default: true }));
  }
});

describe('calendars', () => {
  test('a CS manager creates a calendar; everyone who reads cases reads it', async () => {
    const c = await manager.create(calendars, { name: `Office ${uniq()}`, calendar: office });
    conforms(c, 'Calendar');
    assert.deepEqual(c.calendar, office);
    for (const who of [agent, auditor, leader]) assert.equal((await who.read(`${calendars}/${c.id}`)).name, c.name);
    assert.ok((await auditor.all(calendars)).some((x) => x.id === c.id));
  });

  test('an agent, a team leader and an auditor cannot create or change calendars (403)', async () => {
    for (const who of [agent, leader, auditor]) {
      problem(await who.post(calendars, { name: 'x', calendar: office }), 403);
      problem(await who.patch(`${calendars}/${open247.id}`, { name: 'x' }, { ifMatch: open247.version }), 403);
      problem(await who.del(`${calendars}/${open247.id}`, { ifMatch: open247.version }), 403);
    }
    assert.equal((await agent.read(`${calendars}/${open247.id}`)).version, open247.version);
  });

  test('bad calendars are refused naming the field, and nothing is written', async () => {
    const count = (await admin.all(calendars)).length;
    const bad = [
      [{ tz: 'Mars/Olympus', hours: allDays }, 'calendar.tz'],
      [{ tz: 'UTC', hours: { mon: [['08:00', '12:00'], ['11:00', '13:00']] } }, 'calendar.hours.mon[1]'],
      [{ tz: 'UTC', hours: { mon: [['17:00', '09:00']] } }, 'calendar.hours.mon[0]'],
      [{ tz: 'UTC', hours: { mon: [['8am', '12:00']] } }, 'calendar.hours.mon[0][0]'],
      [{ tz: 'UTC', hours: {} }, 'calendar.hours'],
    ];
    for (const [calendar, field] of bad) problem(await manager.post(calendars, { name: 'Bad', calendar }), 422, field);
    problem(await manager.post(calendars, { name: 'Bad' }), 422, 'calendar');
    problem(await manager.post(calendars, { name: 'Bad', calendar: 'UTC' }), 422, 'calendar');
    problem(await manager.patch(`${calendars}/${open247.id}`, { calendar: bad[1][0] }, { ifMatch: open247.version }), 422, 'calendar.hours.mon[1]');
    assert.equal((await admin.all(calendars)).length, count);
    assert.deepEqual((await admin.read(`${calendars}/${open247.id}`)).calendar, alwaysOpen);
  });

  test('PATCH needs the current version; DELETE removes an unused calendar and refuses a used one', async () => {
    const c = await manager.create(calendars, { name: `Temp ${uniq()}`, calendar: office });
    problem(await manager.patch(`${calendars}/${c.id}`, { name: 'Renamed' }), 428);
    problem(await manager.patch(`${calendars}/${c.id}`, { name: 'Renamed' }, { ifMatch: 99 }), 412);
    const r = await manager.patch(`${calendars}/${c.id}`, { name: 'Renamed' }, { ifMatch: c.version });
    assert.equal(r.status, 200, String(r));
    problem(await manager.del(`${calendars}/${open247.id}`, { ifMatch: (await manager.read(`${calendars}/${open247.id}`)).version }), 409);
    const gone = await manager.del(`${calendars}/${c.id}`, { ifMatch: r.json.version });
    assert.equal(gone.status, 204, String(gone));
    problem(await manager.get(`${calendars}/${c.id}`), 404);
  });
});

describe('holidays from iCalendar', () => {
  const ics = (events) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//forgedesk tests//EN',
    ...events.flatMap(([start, end, summary]) => ['BEGIN:VEVENT', `UID:${uniq()}@forgedesk.test`, `DTSTAMP:20260101T000000Z`,
      `DTSTART;VALUE=DATE:${start}`, ...(end ? [`DTEND;VALUE=DATE:${end}`] : []), `SUMMARY:${summary}`, 'END:VEVENT']),
    'END:VCALENDAR', ''].join('\r\n');
  const post = (c, id, body, type = 'text/calendar', o = {}) => c.req('POST', `${calendars}/${id}/holidays`, { body, headers: { 'content-type': type }, ...o });

  test('an .ics file (text/calendar) merges its dates into the holidays, each once', async () => {
    const c = await manager.create(calendars, { name: `Office ${uniq()}`, calendar: { ...office, holidays: ['2026-12-25'] } });
    const r = await post(manager, c.id, ics([['20261225', '20261227', 'Christmas'], ['20260831', null, 'Summer bank holiday']]));
    assert.equal(r.status, 200, String(r));
    conforms(r.json, 'Calendar');
    assert.deepEqual(r.json.calendar.holidays, ['2026-08-31', '2026-12-25', '2026-12-26']);
    assert.equal(r.json.holidays_added, 2);
    assert.equal(r.json.version, c.version + 1);
    const again = await post(manager, c.id, ics([['20261226', null, 'Boxing Day']]));
    assert.equal(again.json.holidays_added, 0, String(again));
    const audit = await admin.read(withQuery('/api/v1/audit', { entity: 'calendar', id: c.id }));
    assert.deepEqual(audit.items.at(-1).after.calendar.holidays, ['2026-08-31', '2026-12-25', '2026-12-26']);
  });

  test('a malformed or timed .ics, or JSON, is refused and the calendar is unchanged', async () => {
    const c = await manager.create(calendars, { name: `Office ${uniq()}`, calendar: office });
    problem(await post(manager, c.id, 'BEGIN:VCALENDAR\r\nthis is not ical\r\n'), 422, 'ics');
    const timed = ics([['20261225', null, 'x']]).replace('DTSTART;VALUE=DATE:20261225', 'DTSTART:20261225T090000Z');
    problem(await post(manager, c.id, timed), 422, 'ics');
    problem(await post(manager, c.id, JSON.stringify({ ics: 'x' }), 'application/json'), 415);
    problem(await post(agent, c.id, ics([['20261225', null, 'x']])), 403);
    problem(await post(manager, c.id, ics([['20261225', null, 'x']]), 'text/calendar', { ifMatch: 99 }), 412);
    const now = await manager.read(`${calendars}/${c.id}`);
    assert.equal(now.version, c.version);
    assert.deepEqual(now.calendar, office);
  });
});

describe('SLA policies', () => {
  test('a CS manager creates a policy with defaults; everyone who reads cases reads it', async () => {
    const p = await manager.create(policies, policyBody());
    conforms(p, 'SlaPolicy');
    assert.deepEqual(p.pause_statuses, ['waiting_on_customer']);
    assert.deepEqual(p.warn_at, [75, 90]);
    assert.equal(p.is_default, false);
    assert.equal(p.review_due, false);
    for (const who of [agent, auditor, leader]) assert.equal((await who.read(`${policies}/${p.id}`)).name, p.name);
    assert.ok((await auditor.all(policies)).some((x) => x.id === p.id));
  });

  test('an agent cannot change an SLA policy (403), nor can an auditor, who sees it', async () => {
    const p = await manager.create(policies, policyBody());
    for (const who of [agent, auditor, leader]) {
      problem(await who.patch(`${policies}/${p.id}`, { name: 'Mine now' }, { ifMatch: p.version }), 403);
      problem(await who.post(policies, policyBody()), 403);
    }
    const seen = await auditor.read(`${policies}/${p.id}`);
    assert.equal(seen.name, p.name);
    assert.equal(seen.version, p.version);
  });

  test('bad policies are refused naming the field, and nothing is written', async () => {
    const p = await manager.create(policies, policyBody());
    const count = (await admin.all(policies)).length;
    const bad = [
      [{ targets: { 1: { first_response: -5 } } }, 'targets.1.first_response'],
      [{ targets: { 5: { first_response: 5 } } }, 'targets.5'],
      [{ targets: { 1: { reply: 5 } } }, 'targets.1.reply'],
      [{ warn_at: [90, 75] }, 'warn_at[1]'],
      [{ pause_statuses: ['closed'] }, 'pause_statuses[0]'],
      [{ review_on: '2026-02-30' }, 'review_on'],
      [{ calendar_id: 999999999 }, 'calendar_id'],
      [{ acknowledgement: 0 }, 'acknowledgement'],
    ];
    for (const [o, field] of bad) problem(await manager.post(policies, policyBody(o)), 422, field);
    problem(await manager.patch(`${policies}/${p.id}`, { targets: { 1: { resolution: -1 } } }, { ifMatch: p.version }), 422, 'targets.1.resolution');
    assert.equal((await admin.all(policies)).length, count);
    assert.deepEqual((await admin.read(`${policies}/${p.id}`)).targets, p.targets);
  });

  test('a review date within 30 days, or past, shows review_due', async () => {
    const soon = await manager.create(policies, policyBody({ review_on: daysFromNow(20) }));
    const past = await manager.create(policies, policyBody({ review_on: daysFromNow(-3) }));
    const later = await manager.create(policies, policyBody({ review_on: daysFromNow(45) }));
    assert.deepEqual([soon.review_due, soon.review], [true, 'due']);
    assert.deepEqual([past.review_due, past.review], [true, 'overdue']);
    assert.deepEqual([later.review_due, later.review], [false, 'not_due']);
  });

  test('exactly one policy is the default: a new default takes the mark, the default cannot drop it', async () => {
    const current = await manager.read(`${policies}/${defaultPolicy.id}`);
    problem(await manager.patch(`${policies}/${current.id}`, { is_default: false }, { ifMatch: current.version }), 422, 'is_default');
    const next = await manager.create(policies, policyBody({ is_default: true }));
    assert.equal(next.is_default, true);
    const former = await manager.read(`${policies}/${current.id}`);
    assert.equal(former.is_default, false);
    assert.deepEqual((await manager.all(policies)).filter((p) => p.is_default).map((p) => p.id), [next.id]);
    const back = await manager.patch(`${policies}/${former.id}`, { is_default: true }, { ifMatch: former.version });
    assert.equal(back.status, 200, String(back));
    assert.deepEqual((await manager.all(policies)).filter((p) => p.is_default).map((p) => p.id), [former.id]);
  });

  test('an account names its policy; an unknown one is refused', async () => {
    problem(await agent.post('/api/v1/accounts', make.account({ sla_policy_id: 999999999 })), 422, 'sla_policy_id');
    const a = await agent.create('/api/v1/accounts', make.account({ sla_policy_id: defaultPolicy.id }));
    assert.equal(a.sla_policy_id, defaultPolicy.id);
    conforms(a, 'Account');
  });
});

describe('clocks on cases', () => {
  let policy, account;
  before(async () => {
    policy = await manager.create(policies, policyBody({
      name: `Clocks ${uniq()}`,
      targets: { 1: { first_response: 10, resolution: 100 }, 3: { first_response: 60, next_update: 30, resolution: 240 } },
    }));
    account = await agent.create('/api/v1/accounts', make.account({ sla_policy_id: policy.id }));
  });
  const newCase = (o = {}) => agent.create('/api/v1/cases', { account_id: account.id, type: 'technical_support', subject: `Valve ${uniq()}`, ...o });

  test('a new case shows its running clocks from the account\'s policy', async () => {
    const c = await newCase();
    conforms(c, 'Case');
    assert.equal(c.sla.policy_id, policy.id);
    assert.equal(c.sla.priority, 3);
    const fr = c.sla.first_response;
    assert.equal(fr.state, 'running');
    assert.equal(fr.target_minutes, 60);
    assert.equal(fr.due, isoPlus(c.opened_at, 60));
    assert.equal(fr.warning, 'none');
    assert.equal(c.sla.resolution.due, isoPlus(c.opened_at, 240));
    assert.equal(c.sla.next_update.state, 'met'); // no wait for an update has started
    assert.equal(c.sla.acknowledgement.state, 'not_applicable'); // not a complaint
    const got = await auditor.read(`/api/v1/cases/${c.id}`);
    assert.equal(got.sla.first_response.due, fr.due);
  });

  test('a case of an account without a policy runs on the default policy', async () => {
    const other = await agent.create('/api/v1/accounts', make.account());
    const c = await agent.create('/api/v1/cases', { account_id: other.id, type: 'enquiry', subject: `Quote ${uniq()}` });
    const def = (await manager.all(policies)).find((p) => p.is_default);
    assert.equal(c.sla.policy_id, def.id);
  });

  test('raising the priority recomputes the due times, and the audit entry shows both', async () => {
    const c = await newCase();
    const r = await agent.patch(`/api/v1/cases/${c.id}`, { priority: 1 }, { ifMatch: c.version });
    assert.equal(r.status, 200, String(r));
    assert.equal(r.json.sla.priority, 1);
    assert.equal(r.json.sla.first_response.due, isoPlus(c.opened_at, 10));
    assert.equal(r.json.sla.resolution.due, isoPlus(c.opened_at, 100));
    assert.equal(r.json.sla.next_update.state, 'not_applicable');
    const audit = await admin.read(withQuery('/api/v1/audit', { entity: 'case', id: c.id }));
    const change = audit.items.at(-1);
    assert.equal(change.action, 'update');
    assert.equal(change.before.sla.first_response.target_minutes, 60);
    assert.equal(change.after.sla.first_response.target_minutes, 10);
  });

  test('moving the case to another account takes that account\'s policy', async () => {
    const c = await newCase();
    const other = await agent.create('/api/v1/accounts', make.account({ sla_policy_id: defaultPolicy.id }));
    const r = await agent.patch(`/api/v1/cases/${c.id}`, { account_id: other.id }, { ifMatch: c.version });
    assert.equal(r.status, 200, String(r));
    assert.equal(r.json.sla.policy_id, defaultPolicy.id);
  });

  test('a public reply meets the first response; waiting on the customer pauses resolution', async () => {
    const c = await newCase();
    const rr = await agent.post(`/api/v1/cases/${c.id}/replies`, { body: 'On it' });
    assert.equal(rr.status, 201, String(rr));
    let got = await agent.read(`/api/v1/cases/${c.id}`);
    assert.equal(got.sla.first_response.state, 'met');
    assert.equal(got.sla.resolution.state, 'running');
    const m = await agent.post(`/api/v1/cases/${c.id}/status`, { status: 'waiting_on_customer' });
    assert.equal(m.status, 200, String(m));
    assert.equal(m.json.sla.resolution.state, 'paused');
    assert.equal(m.json.sla.resolution.due, null);
    const back = await agent.post(`/api/v1/cases/${c.id}/replies`, { body: 'Here are the photos', direction: 'inbound' });
    assert.equal(back.status, 201, String(back));
    got = await agent.read(`/api/v1/cases/${c.id}`);
    assert.equal(got.status, 'open');
    assert.equal(got.sla.resolution.state, 'running');
    assert.equal(got.sla.next_update.state, 'running'); // the customer waits for our update
    assert.equal(got.sla.next_update.target_minutes, 30);
  });

  test('case lists carry the stored SLA state, the time to breach and the clock at risk', async () => {
    const p = await manager.create(policies, policyBody({ targets: { 3: { first_response: 60, resolution: 600 } } }));
    const a = await agent.create('/api/v1/accounts', make.account({ sla_policy_id: p.id }));
    const c = await agent.create('/api/v1/cases', { account_id: a.id, type: 'enquiry', subject: `Lead time ${uniq()}` });
    const [item] = (await agent.read(withQuery('/api/v1/cases', { account_id: a.id }))).items;
    assert.deepEqual([item.id, item.sla_state, item.sla_at_risk, item.sla_due_at], [c.id, 'running', 'first_response', c.sla.first_response.due]);
    assert.equal(item.sla, undefined, 'the clocks themselves come with the single case');
  });

  test('a complaint runs the acknowledgement clock until its acknowledged step, not merely a reply', async () => {
    const p = await manager.create(policies, policyBody({ targets: { 3: { first_response: 60 } }, acknowledgement: 120 }));
    const a = await agent.create('/api/v1/accounts', make.account({ sla_policy_id: p.id }));
    const c = await agent.create('/api/v1/cases', { account_id: a.id, type: 'complaint', subject: `Wrong part ${uniq()}` });
    assert.equal(c.sla.acknowledgement.state, 'running');
    assert.equal(c.sla.acknowledgement.due, isoPlus(c.opened_at, 120));
    assert.equal((await agent.post(`/api/v1/cases/${c.id}/replies`, { body: 'Thank you for telling us' })).status, 201);
    const replied = await agent.read(`/api/v1/cases/${c.id}`);
    assert.equal(replied.sla.first_response.state, 'met');
    assert.equal(replied.sla.acknowledgement.state, 'running', 'a reply is not the acknowledgement');
    const ack = await agent.post(`/api/v1/cases/${c.id}/complaint/steps`, { step: 'acknowledged', note: 'Acknowledged in writing' });
    assert.equal(ack.status, 200, String(ack));
    assert.equal((await agent.read(`/api/v1/cases/${c.id}`)).sla.acknowledgement.state, 'met');
  });

  test('giving an account another policy changes its cases\' clocks', async () => {
    const c = await newCase();
    const a = await agent.read(`/api/v1/accounts/${account.id}`);
    const other = await manager.create(policies, policyBody({ targets: { 3: { first_response: 15 } } }));
    const r = await agent.patch(`/api/v1/accounts/${a.id}`, { sla_policy_id: other.id }, { ifMatch: a.version });
    assert.equal(r.status, 200, String(r));
    const got = await agent.read(`/api/v1/cases/${c.id}`);
    assert.equal(got.sla.policy_id, other.id);
    assert.equal(got.sla.first_response.due, isoPlus(c.opened_at, 15));
    const back = await agent.patch(`/api/v1/accounts/${a.id}`, { sla_policy_id: policy.id }, { ifMatch: r.json.version });
    assert.equal(back.status, 200, String(back));
  });

  test('resolving stops every clock', async () => {
    const c = await newCase();
    const r = await agent.post(`/api/v1/cases/${c.id}/status`, { status: 'resolved' });
    assert.equal(r.status, 200, String(r));
    assert.equal(r.json.sla.first_response.state, 'met');
    assert.equal(r.json.sla.resolution.state, 'met');
  });
});


describe('cases at risk', () => {
  test('open cases come soonest breach first, with the clock at risk; a met clock leaves the list', async () => {
    const risk = await manager.create(policies, policyBody({ targets: { 1: { first_response: 30 }, 2: { first_response: 120 }, 3: { first_response: 60 } } }));
    const account = await agent.create('/api/v1/accounts', make.account({ sla_policy_id: risk.id }));
    const open = (priority) => agent.create('/api/v1/cases', { account_id: account.id, type: 'enquiry', priority, subject: `Risk ${uniq()}` });
    const c3 = await open(3), c1 = await open(1), c2 = await open(2);
    const mine = async () => (await auditor.all('/api/v1/cases/at-risk')).filter((x) => [c1.id, c2.id, c3.id].includes(x.id));
    const items = await mine();
    for (const x of items) conforms(x, 'CaseAtRisk');
    assert.deepEqual(items.map((x) => x.id), [c1.id, c3.id, c2.id]);
    assert.deepEqual(items.map((x) => x.due_at), [isoPlus(c1.opened_at, 30), isoPlus(c3.opened_at, 60), isoPlus(c2.opened_at, 120)]);
    assert.ok(items.every((x) => x.clock === 'first_response' && x.sla_state === 'running' && x.policy_id === risk.id));
    assert.equal((await agent.post(`/api/v1/cases/${c1.id}/replies`, { body: 'Looking now' })).status, 201);
    assert.deepEqual((await mine()).map((x) => x.id), [c3.id, c2.id]);
    const page = await auditor.read(withQuery('/api/v1/cases/at-risk', { limit: 1 }));
    assert.equal(page.items.length, 1);
    assert.equal(typeof page.next, 'string');
  });
});

describe('the scheduler escalates warnings and breaches exactly once', () => {
  const port = Number(new URL(ctx.base).port);
  let sink, second, director, teamLeader, worker, quick, cases = [];
  let reportAccount, reported = {}; // for the compliance report: met, met, breached
  before(async () => {
    sink = await smtpSink(ctx.smtpPort);
    const team = await admin.create('/api/v1/teams', { name: `Escalations ${uniq()}` });
    const person = (role, o) => admin.create('/api/v1/users', { username: uniq(`${role}.`), display_name: `${role} ${uniq()}`, role, team_id: team.id, ...o });
    director = await person('cs_manager', { email: `director-${uniq()}@example.com` });
    teamLeader = await person('team_leader', { email: `leader-${uniq()}@example.com`, manager_id: director.id });
    worker = await person('agent', { manager_id: teamLeader.id });
    quick = await manager.create(policies, policyBody({ name: `One minute ${uniq()}`, targets: { 3: { first_response: 1 } } }));
    const account = await agent.create('/api/v1/accounts', make.account({ sla_policy_id: quick.id }));
    // On PostgreSQL a second server shares the store: each escalation must still happen once.
    if (ctx.store === 'postgresql') second = await startServer(port + 12);
    reportAccount = await agent.create('/api/v1/accounts', make.account({ sla_policy_id: quick.id }));
    for (const k of ['resolved', 'replied', 'left']) reported[k] = await agent.create('/api/v1/cases', { account_id: reportAccount.id, type: 'enquiry', subject: `Report ${k} ${uniq()}` });
    assert.equal((await agent.post(`/api/v1/cases/${reported.resolved.id}/status`, { status: 'resolved' })).status, 200);
    assert.equal((await agent.post(`/api/v1/cases/${reported.replied.id}/replies`, { body: 'Done' })).status, 201);
    const n = ctx.store === 'postgresql' ? 6 : 1;
    for (let i = 0; i < n; i++) {
      cases.push(await agent.create('/api/v1/cases', { account_id: account.id, type: 'technical_support', subject: `Breaking ${uniq()}`, assignee_id: worker.id, team_id: team.id }));
    }
  });
  after(async () => {
    if (second) {
      second.proc.kill('SIGTERM');
      assert.deepEqual(await second.exited, { code: 0, signal: null }, 'the second server stops cleanly on SIGTERM');
    }
    await sink?.close();
  });

  const escalations = async (id) => (await auditor.all(withQuery('/api/v1/sla-escalations', { case_id: id })));

  test('a 1-minute first response on a 24/7 calendar: two warnings, then the breach, each once, mailed', async () => {
    const c = cases[0];
    assert.equal(c.sla.first_response.due, isoPlus(c.opened_at, 1));
    const deadline = Date.now() + 100_000;
    while (!(await escalations(c.id)).some((e) => e.level === 'breach')) {
      assert.ok(Date.now() < deadline, 'no breach escalation 100 s after opening');
      await sleep(1000);
    }
    await sleep(3500); // a few more passes must not repeat anything
    const rows = await escalations(c.id);
    for (const e of rows) conforms(e, 'SlaEscalation');
    assert.deepEqual(rows.map((e) => `${e.target}/${e.level}`), ['first_response/warning_1', 'first_response/warning_2', 'first_response/breach']);
    const byLevel = Object.fromEntries(rows.map((e) => [e.level, e]));
    assert.equal(byLevel.warning_1.notify_user_id, teamLeader.id, 'warnings go to the team leader');
    assert.equal(byLevel.breach.notify_user_id, director.id, "the breach goes to the team leader's manager");
    const got = await agent.read(`/api/v1/cases/${c.id}`);
    assert.equal(got.sla.first_response.state, 'breached');
    assert.equal(got.sla.first_response.warning, 'breached');
    // the timeline says so internally, never publicly
    const events = (await agent.read(withQuery(`/api/v1/cases/${c.id}/timeline`, { limit: 200 }))).items.filter((e) => e.kind === 'sla_escalation');
    assert.equal(events.length, 3);
    for (const e of events) { conforms(e, 'CaseEvent'); assert.equal(e.visibility, 'internal'); }
    const publicOnes = (await agent.read(withQuery(`/api/v1/cases/${c.id}/timeline`, { visibility: 'public' }))).items;
    assert.ok(!publicOnes.some((e) => e.kind === 'sla_escalation'));
    const audit = await admin.read(withQuery('/api/v1/audit', { entity: 'sla_escalation', id: byLevel.breach.id }));
    assert.equal(audit.items.length, 1);
    assert.equal(audit.items[0].actor, 'sla-scheduler');
    // and each was mailed once: the warnings to the leader, the breach to the director
    for (let i = 0; i < 50 && (await escalations(c.id)).some((e) => e.notify_status !== 'sent'); i++) await sleep(200);
    assert.deepEqual((await escalations(c.id)).map((e) => e.notify_status), ['sent', 'sent', 'sent']);
    const mine = sink.messages.filter((m) => m.data.includes(`case ${c.id}:`));
    assert.equal(mine.length, 3, JSON.stringify(sink.messages.map((m) => m.to)));
    const breachMail = mine.find((m) => /SLA breach/.test(m.data));
    assert.deepEqual(breachMail.to, [director.email]);
    assert.equal(breachMail.from, 'forgedesk-tests@localhost');
    assert.equal(mine.filter((m) => m.to[0] === teamLeader.email).length, 2);
  });

  // Several servers share one database only on PostgreSQL; a SQLite store belongs to one serve.
  if (ctx.store === 'postgresql') {
    test('two servers on one PostgreSQL database escalate each level of each case exactly once', async () => {
      const deadline = Date.now() + 30_000;
      for (const c of cases) {
        while ((await escalations(c.id)).length < 3) {
          assert.ok(Date.now() < deadline, `case ${c.id} was not escalated`);
          await sleep(500);
        }
      }
      await sleep(3000);
      for (const c of cases) {
        const rows = await escalations(c.id);
        assert.deepEqual(rows.map((e) => e.level), ['warning_1', 'warning_2', 'breach'], `case ${c.id}`);
        const events = (await agent.read(withQuery(`/api/v1/cases/${c.id}/timeline`, { limit: 200 }))).items.filter((e) => e.kind === 'sla_escalation');
        assert.equal(events.length, 3, `case ${c.id} timeline`);
      }
      const mails = sink.messages.filter((m) => cases.some((c) => m.data.includes(`case ${c.id}:`)));
      assert.equal(mails.length, 3 * cases.length, 'one mail per escalation');
    });
  }

  test('the compliance report counts met and breached per target: 2 of 3 first responses met is 66.7 %', async () => {
    for (let i = 0; i < 30 && !(await escalations(reported.left.id)).some((e) => e.level === 'breach'); i++) await sleep(500);
    const report = await auditor.read(withQuery('/api/v1/reports/sla-compliance', { group_by: 'account' }));
    conforms(report, 'SlaCompliance');
    const row = report.groups.find((g) => g.key === reportAccount.id);
    assert.equal(row.label, reportAccount.name);
    assert.equal(row.cases, 3);
    assert.deepEqual(row.first_response, { met: 2, breached: 1, decided: 3, percent_met: 66.7, percent_breached: 33.3 });
    assert.deepEqual(row.resolution, { met: 0, breached: 0, decided: 0, percent_met: null, percent_breached: null });
    const today = new Date().toISOString().slice(0, 10);
    const dated = await auditor.read(withQuery('/api/v1/reports/sla-compliance', { group_by: 'account', from: today, to: today }));
    assert.deepEqual(dated.groups.find((g) => g.key === reportAccount.id).first_response.met, 2);
    const later = await auditor.read(withQuery('/api/v1/reports/sla-compliance', { from: daysFromNow(1) }));
    assert.equal(later.groups.find((g) => g.key === reportAccount.id), undefined);
    // every grouping counts the same cases
    const totals = [];
    for (const group_by of ['account', 'team', 'agent', 'priority', 'month']) {
      const r = await auditor.read(withQuery('/api/v1/reports/sla-compliance', { group_by }));
      assert.equal(r.group_by, group_by);
      totals.push([r.groups.reduce((n, g) => n + g.cases, 0), r.groups.reduce((n, g) => n + g.first_response.breached, 0)]);
    }
    assert.ok(totals.every((t) => t[0] === totals[0][0] && t[1] === totals[0][1]), JSON.stringify(totals));
    const month = (await auditor.read(withQuery('/api/v1/reports/sla-compliance', { group_by: 'month', from: today, to: today }))).groups;
    assert.deepEqual(month.map((g) => g.key), [today.slice(0, 7)]);
  });

  test('the compliance report puts the worst groups first and answers only as many as asked', async () => {
    const clocks = ['first_response', 'next_update', 'resolution', 'acknowledgement'];
    const all = await auditor.read(withQuery('/api/v1/reports/sla-compliance', { group_by: 'account' }));
    assert.equal(all.sort, 'key');
    assert.equal(all.total, all.groups.length);
    const keys = all.groups.map((g) => g.key);
    assert.deepEqual(keys, [...keys].sort((a, b) => a - b), 'key order by default');
    for (const g of all.groups) { // every clock together
      const met = clocks.reduce((n, c) => n + g[c].met, 0), decided = clocks.reduce((n, c) => n + g[c].decided, 0);
      assert.equal(g.percent_met, decided ? Math.round((1000 * met) / decided) / 10 : null, `account ${g.key}`);
    }
    const worst = await auditor.read(withQuery('/api/v1/reports/sla-compliance', { group_by: 'account', sort: 'compliance' }));
    conforms(worst, 'SlaCompliance');
    assert.equal(worst.sort, 'compliance');
    assert.equal(worst.total, all.total);
    const share = (g) => { const d = clocks.reduce((n, c) => n + g[c].decided, 0); return d ? clocks.reduce((n, c) => n + g[c].met, 0) / d : Infinity; };
    const expected = [...all.groups].sort((a, b) => share(a) - share(b) || a.key - b.key).map((g) => g.key);
    assert.deepEqual(worst.groups.map((g) => g.key), expected, 'lowest compliance first, nothing decided last, ties by key');
    assert.ok(worst.groups.some((g) => g.key === reportAccount.id));
    const byClock = await auditor.read(withQuery('/api/v1/reports/sla-compliance', { group_by: 'account', sort: 'first_response' }));
    const firstShare = (g) => (g.first_response.decided ? g.first_response.met / g.first_response.decided : Infinity);
    assert.equal(byClock.sort, 'first_response');
    assert.deepEqual(byClock.groups.map((g) => g.key), [...all.groups].sort((a, b) => firstShare(a) - firstShare(b) || a.key - b.key).map((g) => g.key), 'worst first response first');
    const two = await auditor.read(withQuery('/api/v1/reports/sla-compliance', { group_by: 'account', sort: 'compliance', limit: 2 }));
    assert.deepEqual(two.groups, worst.groups.slice(0, 2));
    assert.equal(two.total, all.total, 'total counts the groups before the limit');
    const priorities = await auditor.read(withQuery('/api/v1/reports/sla-compliance', { group_by: 'priority', limit: 1 }));
    assert.ok(priorities.groups.length <= 1 && priorities.total >= priorities.groups.length);
    for (const limit of ['0', '1001', 'ten', '-1', '2.5'])
      problem(await auditor.get(withQuery('/api/v1/reports/sla-compliance', { group_by: 'account', limit })), 400, 'limit');
    problem(await auditor.get(withQuery('/api/v1/reports/sla-compliance', { sort: 'best' })), 400, 'sort');
  });

  test('the compliance report refuses bad parameters (400 naming them)', async () => {
    problem(await auditor.get(withQuery('/api/v1/reports/sla-compliance', { group_by: 'colour' })), 400);
    problem(await auditor.get(withQuery('/api/v1/reports/sla-compliance', { from: '2026-13-01' })), 400, 'from');
    problem(await auditor.get(withQuery('/api/v1/reports/sla-compliance', { from: '2026-02-01', to: '2026-01-01' })), 400, 'to');
  });
});
