// Data protection (docs/PRIVACY.md): the subject access export of a contact
// and of a member of staff holds everything about them; erasure leaves no
// trace of a contact's name, address or number in any table while the
// figures stay the same and the audit trail still verifies; a legal hold
// refuses it; the retention report says what a run then changes; and who
// may not do any of it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { anon, bearer, cli, conforms, ctx, make, problem, signIn, signInNewUser, sleep, sql, startServer, uniq, withQuery } from './lib.mjs';

const admin = bearer('admin');
let agent, manager, leader, auditor, hr;

/** Every row of every table as text: the whole database, to search for a trace. */
function dump() {
  const [cmd, args] = ctx.store === 'sqlite' ? ['sqlite3', [ctx.db.replace(/^sqlite:/, ''), '.dump']] : ['pg_dump', ['--data-only', '--no-owner', ctx.db]];
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  assert.ifError(r.error);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const verify = () => cli(['audit', 'verify', '--db', ctx.db]);

/** A contact with everything forgedesk can hold about one: cases naming them with a timeline and an
 *  outbound mail, an interaction, an order, a survey answer with a comment, a follow-up task. */
async function customer() {
  const word = uniq('erin');
  const name = `Erin ${word}`;
  const email = `${word}@example.org`;
  const phone = `+44 113 ${String(Date.now()).slice(-7)}`;
  const account = await agent.create('/api/v1/accounts', make.account({ status: 'active' }));
  const contact = await agent.create('/api/v1/contacts', make.contact(account.id, { name, email, phone, job_title: 'Buyer' }));
  const order = await agent.create('/api/v1/orders', make.order(account.id));
  const kase = await agent.create('/api/v1/cases', { account_id: account.id, contact_id: contact.id, type: 'enquiry', priority: 3, subject: `Spares for ${name}`, description: `${name} (${phone}) asks about bearings`, order_id: order.id });
  assert.equal((await agent.post(`/api/v1/cases/${kase.id}/replies`, { body: `Dear ${name}, the bearings ship today.` })).status, 201);
  assert.equal((await agent.post(`/api/v1/cases/${kase.id}/notes`, { body: `Rang ${name} on ${phone}; mail ${email}` })).status, 201);
  const interaction = await agent.create('/api/v1/interactions', make.interaction(account.id, { contact_id: contact.id, summary: `Visit with ${name}` }));
  const survey = await manager.create('/api/v1/surveys', { name: `Privacy ${uniq()}`, type: 'csat', question: 'How did we do?', comment_prompt: 'Anything to add?' });
  const inv = await leader.create('/api/v1/survey-invitations', { survey_id: survey.id, contact_id: contact.id, delivery: 'link' });
  const token = /#\/survey\/([A-Za-z0-9_-]+)$/.exec(inv.link)[1];
  assert.equal((await anon.post('/api/v1/survey-links/answer', { token, score: 2, comment: `I am ${name} and it was slow` })).status, 201);
  const task = await agent.create('/api/v1/tasks', { kind: 'proactive_contact', account_id: account.id, contact_id: contact.id, owner_id: agent.user.id, due_on: '2026-12-31', title: `Call ${name}` });
  return { word, name, email, phone, account, contact, order, kase, interaction, survey, task };
}

/** The figures erasure must not change, for one account. */
async function figures(account) {
  const cases = await admin.all(withQuery('/api/v1/cases', { account_id: account.id }));
  const sla = await auditor.read(withQuery('/api/v1/reports/sla-compliance', { group_by: 'account' }));
  const sat = await manager.read(withQuery('/api/v1/reports/satisfaction', { account_id: account.id }));
  return {
    cases: cases.map((c) => [c.id, c.status, c.priority, c.type, c.opened_at, c.first_contact_resolution, c.inbound_replies, c.outbound_replies]),
    sla: JSON.stringify(sla.groups?.find?.((g) => g.key === account.id || g.account_id === account.id) ?? sla),
    satisfaction: JSON.stringify(sat),
    answers: (await admin.all(withQuery('/api/v1/survey-responses', { account_id: account.id }))).map((a) => [a.id, a.score, a.survey_type, a.answered_at]),
  };
}

before(async () => {
  [agent, manager, leader, auditor] = await Promise.all(['agent', 'cs_manager', 'team_leader', 'auditor'].map(signIn));
  hr = await signInNewUser('hr');
});

describe('subject access', () => {
  test('a contact\'s export holds their record, cases, timeline, mails, answers, interactions, tasks, orders and audit, as JSON and as a page', async () => {
    const c = await customer();
    const r = await admin.post(`/api/v1/privacy/contacts/${c.contact.id}/export`, {});
    assert.equal(r.status, 200, String(r));
    conforms(r.json, 'PrivacyExport');
    const { data, html } = r.json;
    assert.equal(r.json.subject, 'contact');
    assert.equal(data.contact.email, c.email);
    assert.deepEqual(data.cases.map((x) => x.id), [c.kase.id]);
    assert.ok(data.timeline.some((e) => e.body?.includes('the bearings ship today')), 'the reply');
    assert.ok(data.timeline.some((e) => e.body?.includes(`Rang ${c.name}`)), 'the note');
    assert.ok(data.mails_sent.some((m) => m.to_address === c.email && m.case_id === c.kase.id), 'the reply\'s mail');
    assert.deepEqual(data.interactions.map((x) => x.id), [c.interaction.id]);
    assert.deepEqual(data.orders.map((x) => x.id), [c.order.id]);
    assert.equal(data.survey_answers.length, 1);
    assert.equal(data.survey_answers[0].comment, `I am ${c.name} and it was slow`);
    assert.equal(data.survey_invitations.length, 1);
    assert.ok(!('token_hash' in data.survey_invitations[0]), 'no link token');
    assert.deepEqual(data.tasks.map((x) => x.id), [c.task.id]);
    assert.equal(data.account.name, c.account.name);
    assert.ok(data.audit.some((e) => e.action === 'create' && e.after.name === c.name), 'the contact\'s audit entries');
    assert.match(html, /^<!doctype html>/);
    for (const section of ['cases', 'timeline', 'mails', 'survey_answers', 'interactions', 'orders', 'audit']) assert.ok(html.includes(`<h2>${section} (`), section);
    assert.ok(html.includes(c.email));
    // The export itself is recorded: who took the data out.
    const audit = await auditor.read(withQuery('/api/v1/audit', { entity: 'contact', id: c.contact.id }));
    const exported = audit.items.find((e) => e.action === 'export');
    assert.ok(exported, 'export audited');
    assert.equal(exported.after.sections.cases, 1);
  });

  test('the page escapes what people wrote, so it can never run script', async () => {
    const account = await agent.create('/api/v1/accounts', make.account());
    const contact = await agent.create('/api/v1/contacts', make.contact(account.id, { name: `<script>alert("x")</script> ${uniq()}` }));
    const { html } = (await admin.post(`/api/v1/privacy/contacts/${contact.id}/export`, {})).json;
    assert.ok(!html.includes('<script>'), 'raw script tag');
    assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
  });

  test('a staff member\'s export holds their record, cases handled, QA reviews, feedback, objectives, one-to-ones, appraisals and the audit entries they made, for HR', async () => {
    const person = await signInNewUser('agent');
    const account = await person.create('/api/v1/accounts', make.account());
    const handled = await person.create('/api/v1/cases', { account_id: account.id, type: 'enquiry', priority: 3, subject: `Handled ${uniq()}`, assignee_id: person.user.id });
    const cycle = await hr.create('/api/v1/appraisal-cycles', { name: `Year ${uniq()}`, period_from: '2026-01-01', period_to: '2026-12-31', weight_objectives: 40, weight_kpis: 30, weight_feedback: 20, weight_self: 10 });
    const appraisal = await hr.create('/api/v1/appraisals', { cycle_id: cycle.id, person_id: person.user.id, kpis_score: 70, manager_comment: 'Steady first year' });
    const fb = await hr.create('/api/v1/performance-feedback', { person_id: person.user.id, given_on: '2026-03-02', kind: 'praise', situation: 'In the Monday queue review', behaviour: 'You answered every new case within the hour', impact: 'No first-response breach that week' });
    const r = await hr.post(`/api/v1/privacy/users/${person.user.id}/export`, {});
    assert.equal(r.status, 200, String(r));
    conforms(r.json, 'PrivacyExport');
    const { data } = r.json;
    assert.equal(data.user.username, person.user.username);
    assert.ok(!('password_hash' in data.user));
    assert.ok(data.cases_handled.some((x) => x.id === handled.id));
    assert.ok(!('subject' in data.cases_handled[0]), 'HR reads no case texts');
    assert.deepEqual(data.feedback.map((x) => x.id), [fb.id]);
    assert.deepEqual(data.appraisals.map((x) => [x.id, x.manager_comment]), [[appraisal.id, 'Steady first year']]);
    for (const s of ['qa_reviews', 'objectives', 'one_to_ones', 'performance_cases', 'performance_letters', 'roster', 'allocation_decisions']) assert.ok(Array.isArray(data[s]), s);
    assert.ok(data.audit_entries_made.some((e) => e.entity === 'account' && e.entity_id === account.id && e.action === 'create'));
    assert.ok(!('after' in data.audit_entries_made[0]) && !('after_json' in data.audit_entries_made[0]));
  });

  test('only the administrator exports or erases contacts; HR and the administrator export staff; the rest may not', async () => {
    const account = await agent.create('/api/v1/accounts', make.account());
    const contact = await agent.create('/api/v1/contacts', make.contact(account.id));
    for (const who of [agent, manager, leader, auditor, hr]) {
      problem(await who.post(`/api/v1/privacy/contacts/${contact.id}/export`, {}), 403);
      problem(await who.post(`/api/v1/privacy/contacts/${contact.id}/erasure`, { reason: 'asked' }), 403);
    }
    for (const who of [agent, manager, leader, auditor]) problem(await who.post(`/api/v1/privacy/users/${agent.user.id}/export`, {}), 403);
    problem(await anon.post(`/api/v1/privacy/contacts/${contact.id}/export`, {}), 401);
    assert.equal((await admin.post(`/api/v1/privacy/users/${agent.user.id}/export`, {})).status, 200);
    problem(await admin.post('/api/v1/privacy/contacts/999999999/export', {}), 404);
    problem(await hr.post('/api/v1/privacy/users/999999999/export', {}), 404);
    // The contact is untouched by the refused erasures.
    assert.equal((await admin.read(`/api/v1/contacts/${contact.id}`)).name, contact.name);
  });
});

describe('erasure', () => {
  test('erasing a contact leaves no trace of their name, address or number in any table, keeps the figures, and the audit trail verifies', async () => {
    const c = await customer();
    const dumped = dump();
    for (const s of [c.word, c.email, c.phone]) assert.ok(dumped.toLowerCase().includes(s.toLowerCase()), `${s} is there before`);
    const before = await figures(c.account);

    const r = await admin.post(`/api/v1/privacy/contacts/${c.contact.id}/erasure`, { reason: `Asked by ${c.name} on the phone` });
    assert.equal(r.status, 200, String(r));
    conforms(r.json, 'PrivacyErasure');
    assert.ok(r.json.audit_entries >= 3, `audit entries rewritten: ${r.json.audit_entries}`);
    assert.ok(r.json.changed.case_events >= 2 && r.json.changed.mail_outbox >= 1 && r.json.changed.cases >= 1, JSON.stringify(r.json.changed));

    const after = dump();
    for (const s of [c.word, c.email, c.phone]) {
      const at = after.toLowerCase().indexOf(s.toLowerCase());
      assert.equal(at, -1, `${s} is still in the database: …${after.slice(Math.max(0, at - 200), at + 100)}…`);
    }
    assert.deepEqual(await figures(c.account), before, 'the figures changed');
    const contact = await admin.read(`/api/v1/contacts/${c.contact.id}`);
    assert.deepEqual([contact.name, contact.email, contact.phone, contact.job_title, contact.consent], [`Erased contact ${c.contact.id}`, null, null, null, 'withdrawn']);
    const kase = await admin.read(`/api/v1/cases/${c.kase.id}`);
    assert.equal(kase.subject, 'Spares for [erased]');
    assert.equal(kase.contact_id, c.contact.id);

    const v = verify();
    assert.equal(v.status, 0, `${v.stdout}\n${v.stderr}`);
    assert.match(v.stdout, /audit trail intact: \d+ entries \(\d+ rewritten by erasure, as recorded\)/);

    // The erasure is audited without the erased data, naming what it rewrote.
    const erasures = await auditor.read(withQuery('/api/v1/audit', { entity: 'privacy_erasure', id: r.json.erasure_id }));
    assert.equal(erasures.items.length, 1);
    const e = erasures.items[0];
    assert.equal(e.action, 'erase');
    assert.equal(e.after.subject_id, c.contact.id);
    assert.equal(e.after.reason, 'Asked by [erased] on the phone');
    assert.equal(e.after.redacted.length, r.json.audit_entries);
    // A second erasure is refused.
    problem(await admin.post(`/api/v1/privacy/contacts/${c.contact.id}/erasure`, { reason: 'again' }), 409);
  });

  test('an entry altered after an erasure is still caught, also one the erasure rewrote', async () => {
    const c = await customer();
    const r = await admin.post(`/api/v1/privacy/contacts/${c.contact.id}/erasure`, { reason: 'asked' });
    assert.equal(r.status, 200, String(r));
    const [seq] = (await auditor.read(withQuery('/api/v1/audit', { entity: 'privacy_erasure', id: r.json.erasure_id }))).items[0].after.redacted[0];
    const original = sql(`SELECT after_json FROM audit_log WHERE seq = ${seq}`);
    sql(`UPDATE audit_log SET after_json = replace(after_json, '[erased]', 'Someone Else') WHERE seq = ${seq}`);
    try {
      const v = verify();
      assert.equal(v.status, 3, v.stdout);
      assert.match(v.stdout, new RegExp(`broken at entry ${seq}: its content was altered`));
    } finally {
      const text = ctx.store === 'sqlite' ? original.trim() : original.split('\n')[2].trim();
      sql(`UPDATE audit_log SET after_json = '${text.replaceAll("'", "''")}' WHERE seq = ${seq}`);
    }
    assert.equal(verify().status, 0);
  });

  test('an open complaint holds the contact: erasure is refused with the reason and changes nothing', async () => {
    const account = await agent.create('/api/v1/accounts', make.account());
    const contact = await agent.create('/api/v1/contacts', make.contact(account.id, { email: `${uniq('held')}@example.org` }));
    const complaint = await agent.create('/api/v1/cases', { account_id: account.id, contact_id: contact.id, type: 'complaint', priority: 2, subject: `Cracked housing, ${contact.name}` });
    const p = problem(await admin.post(`/api/v1/privacy/contacts/${contact.id}/erasure`, { reason: 'asked' }), 409);
    assert.match(p.detail, new RegExp(`complaint case not yet closed \\(case ${complaint.id}\\)`));
    assert.equal((await admin.read(`/api/v1/contacts/${contact.id}`)).name, contact.name);
    assert.equal((await admin.read(`/api/v1/cases/${complaint.id}`)).subject, complaint.subject);
  });

  test('an erasure needs a reason and a contact', async () => {
    const account = await agent.create('/api/v1/accounts', make.account());
    const contact = await agent.create('/api/v1/contacts', make.contact(account.id));
    problem(await admin.post(`/api/v1/privacy/contacts/${contact.id}/erasure`, {}), 422, 'reason');
    problem(await admin.post(`/api/v1/privacy/contacts/${contact.id}/erasure`, { reason: 'x'.repeat(501) }), 422, 'reason');
    problem(await admin.post(`/api/v1/privacy/contacts/${contact.id}/erasure`, { reason: 'asked', confirm: true }), 422, 'confirm');
    problem(await admin.post('/api/v1/privacy/contacts/999999999/erasure', { reason: 'asked' }), 404);
  });

  test('the CLI exports a contact to a JSON file and a page, and erases them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fd-privacy-'));
    const name = `Cli ${uniq()}`;
    assert.equal(cli(['privacy', 'export', 'contact', '999999999', '--db', ctx.db]).status, 1);
    const acc = await agent.create('/api/v1/accounts', make.account());
    const contact = await agent.create('/api/v1/contacts', make.contact(acc.id, { name }));
    const ex = cli(['privacy', 'export', 'contact', String(contact.id), '--out', dir, '--db', ctx.db]);
    assert.equal(ex.status, 0, ex.stderr);
    const data = JSON.parse(readFileSync(path.join(dir, `contact-${contact.id}.json`), 'utf8'));
    assert.equal(data.contact.name, name);
    assert.match(readFileSync(path.join(dir, `contact-${contact.id}.html`), 'utf8'), new RegExp(name));
    const er = cli(['privacy', 'erase', String(contact.id), '--reason', 'asked by letter', '--db', ctx.db]);
    assert.equal(er.status, 0, er.stderr);
    assert.match(er.stdout, new RegExp(`contact ${contact.id} erased`));
    assert.equal((await admin.read(`/api/v1/contacts/${contact.id}`)).name, `Erased contact ${contact.id}`);
    assert.equal(cli(['privacy', 'erase', String(contact.id), '--reason', 'again', '--db', ctx.db]).status, 3);
    assert.equal(cli(['privacy', 'erase', 'x', '--db', ctx.db]).status, 2);
    rmSync(dir, { recursive: true });
  });
});

describe('retention', () => {
  const report = async (who = auditor) => Object.fromEntries((await who.read('/api/v1/privacy/retention')).kinds.map((k) => [k.kind, k]));
  const setPeriod = (kind, days) => admin.req('PUT', '/api/v1/privacy/retention', { body: { kind, days } });
  after(async () => {
    for (const kind of ['closed_cases', 'survey_comments']) await setPeriod(kind, null);
    await setPeriod('quarantine', 90);
  });

  test('the report lists each kind with its period, what is due now and when the next falls due; a run applies exactly that', async () => {
    const r0 = await auditor.read('/api/v1/privacy/retention');
    conforms(r0, 'PrivacyRetentionReport');
    assert.deepEqual(r0.kinds.map((k) => k.kind), ['closed_cases', 'mail_bodies', 'survey_comments', 'audit_personal', 'sessions', 'quarantine', 'idempotency']);
    assert.equal(r0.kinds.find((k) => k.kind === 'closed_cases').days, null);

    // A closed case and an answer from long ago; quarantined mail from long ago and from yesterday.
    const c = await customer();
    for (const s of ['resolved', 'closed']) assert.equal((await agent.post(`/api/v1/cases/${c.kase.id}/status`, { status: s })).status, 200);
    sql(`UPDATE cases SET closed_at = '2010-01-05T10:00:00Z' WHERE id = ${c.kase.id}`);
    sql(`UPDATE survey_responses SET answered_at = '2010-01-05T10:00:00Z' WHERE contact_id = ${c.contact.id}`);
    const tag = uniq('q');
    sql(`INSERT INTO mail_quarantine (reason, size, raw, at) VALUES ('${tag}', 1, 'eA==', '2010-01-01T00:00:00Z'), ('${tag}', 1, 'eA==', '2010-01-02T00:00:00Z')`);

    const days = 3650; // ten years: only what this test dated back is due
    for (const kind of ['closed_cases', 'survey_comments', 'quarantine']) {
      const put = await setPeriod(kind, days);
      assert.equal(put.status, 200, String(put));
      assert.equal(put.json.days, days);
    }
    const due = await report();
    for (const kind of ['closed_cases', 'survey_comments', 'quarantine']) assert.ok(due[kind].due_now >= 1, `${kind}: ${JSON.stringify(due[kind])}`);
    assert.ok(due.quarantine.due_now >= 2);
    assert.ok(Date.parse(due.closed_cases.cutoff) < Date.now() - (days - 1) * 86400e3);

    const run = await admin.post('/api/v1/privacy/retention/run', {});
    assert.equal(run.status, 200, String(run));
    conforms(run.json, 'PrivacyRetentionRun');
    const applied = Object.fromEntries(run.json.applied.map((a) => [a.kind, a.changed]));
    // What the scheduler may have applied in between is in the audit trail as the retention-scheduler's.
    const bySchedule = (await auditor.all(withQuery('/api/v1/audit', { entity: 'privacy_erasure' })))
      .filter((e) => e.action === 'retention' && e.actor === 'retention-scheduler' && e.at >= due.closed_cases.cutoff && Date.parse(e.at) >= Date.parse(r0.at));
    for (const kind of ['closed_cases', 'survey_comments', 'quarantine']) {
      const early = bySchedule.filter((e) => e.after.kind === kind).reduce((n, e) => n + e.after.rows, 0);
      assert.equal(applied[kind] + early, due[kind].due_now, `${kind}: report ${due[kind].due_now}, applied ${applied[kind]} (+${early} by the scheduler)`);
    }
    const left = await report();
    for (const kind of ['closed_cases', 'survey_comments', 'quarantine']) assert.equal(left[kind].due_now, 0, kind);

    const kase = await admin.read(`/api/v1/cases/${c.kase.id}`);
    assert.deepEqual([kase.subject, kase.description, kase.status, kase.closed_at], ['[removed]', null, 'closed', '2010-01-05T10:00:00Z']);
    const timeline = await admin.read(`/api/v1/cases/${c.kase.id}/timeline`);
    assert.ok(timeline.items.filter((e) => e.kind === 'reply' || e.kind === 'note').every((e) => e.body === '[removed]'));
    const [answer] = await admin.all(withQuery('/api/v1/survey-responses', { account_id: c.account.id }));
    assert.deepEqual([answer.score, answer.comment], [2, null]);
    assert.equal(sql(`SELECT count(*) FROM mail_quarantine WHERE reason = '${tag}'`).match(/\d+/)[0], '0');
    assert.equal(verify().status, 0);
  });

  test('a period must be a known kind and a whole number of days; only the administrator sets or runs them, and agents do not see them', async () => {
    problem(await setPeriod('everything', 30), 422, 'kind');
    problem(await setPeriod('sessions', 0), 422, 'days');
    problem(await setPeriod('sessions', 'soon'), 422, 'days');
    problem(await agent.req('PUT', '/api/v1/privacy/retention', { body: { kind: 'sessions', days: 1 } }), 403);
    problem(await hr.req('PUT', '/api/v1/privacy/retention', { body: { kind: 'sessions', days: 1 } }), 403);
    problem(await auditor.post('/api/v1/privacy/retention/run', {}), 403);
    problem(await manager.post('/api/v1/privacy/retention/run', {}), 403);
    problem(await agent.get('/api/v1/privacy/retention'), 403);
    problem(await manager.get('/api/v1/privacy/retention'), 403);
    assert.equal((await hr.get('/api/v1/privacy/retention')).status, 200);
  });

  test('the scheduler applies the periods by itself, a bounded batch at a time, as the retention-scheduler', async () => {
    const tag = uniq('sched');
    sql(`INSERT INTO mail_quarantine (reason, size, raw, at) VALUES ('${tag}', 1, 'eA==', '2011-03-01T00:00:00Z')`);
    assert.equal((await setPeriod('quarantine', 3650)).status, 200);
    // A server's scheduler applies the periods at its first pass, then once a minute.
    const second = await startServer(Number(new URL(ctx.base).port) + 11);
    try {
      let left = '1';
      for (let i = 0; i < 100 && left !== '0'; i++) {
        left = sql(`SELECT count(*) FROM mail_quarantine WHERE reason = '${tag}'`).match(/\d+/)[0];
        if (left !== '0') await sleep(100);
      }
      assert.equal(left, '0', 'the quarantined mail was not deleted');
    } finally {
      second.proc.kill('SIGTERM');
      await second.exited;
    }
    const runs = (await auditor.all(withQuery('/api/v1/audit', { entity: 'privacy_erasure' }))).filter((e) => e.action === 'retention' && e.after.kind === 'quarantine');
    assert.ok(runs.some((e) => e.actor === 'retention-scheduler' && e.after.rows >= 1 && e.after.days === 3650), JSON.stringify(runs.map((e) => [e.actor, e.after])));
    assert.equal(verify().status, 0);
  });

  test('the CLI prints the same report', async () => {
    const r = cli(['privacy', 'retention', '--db', ctx.db]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^kind +action +days +due now +next due$/m);
    assert.match(r.stdout, /^sessions +delete +\d+ +\d+ /m);
  });
});
