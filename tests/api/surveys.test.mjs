// Surveys: definitions and their checks, invitations and the public answer
// (once, on its scale, recorded with scale and direction), polite refusals
// of bad links that record nothing, the follow-up task of a low score, the
// resolved-case trigger with its cap, mailed invitations, the report, the
// account timeline, qualitative feedback, and who may not do what.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { anon, bearer, conforms, ctx, fromAddress, make, problem, signIn, signInNewUser, smtpSink, sql, uniq, withQuery } from './lib.mjs';

const admin = bearer('admin');
let agent, leader, manager, auditor, owner;
const csat = (o = {}) => ({ name: `After the case ${uniq()}`, type: 'csat', question: 'How satisfied are you with how we handled your request?', comment_prompt: 'Anything to add?', ...o });

/** An account with a manager and a contact with an email address. */
async function customer(o = {}) {
  const account = await agent.create('/api/v1/accounts', make.account({ account_manager_id: owner.id, status: 'active', ...o }));
  const contact = await agent.create('/api/v1/contacts', make.contact(account.id, { email: `${uniq('buyer')}@example.com` }));
  return { account, contact };
}

/** A link invitation: the record with its link, and the token from it. */
async function linkFor(survey, contact, o = {}) {
  const inv = await leader.create('/api/v1/survey-invitations', { survey_id: survey.id, contact_id: contact.id, delivery: 'link', ...o });
  const token = /#\/survey\/([A-Za-z0-9_-]+)$/.exec(inv.link)?.[1];
  assert.ok(token, `no token in ${inv.link}`);
  return { inv, token };
}

const open = (token) => anon.post('/api/v1/survey-links/open', { token });
const answer = (token, body) => anon.post('/api/v1/survey-links/answer', { token, ...body });
/** A call of the public page from a chosen loopback address (links that are not ours are counted per address). */
const linkFrom = (address, what, token, body = {}) => fromAddress(address, 'POST', `/api/v1/survey-links/${what}`, { body: { token, ...body } });
const answersOf = async (accountId) => admin.all(withQuery('/api/v1/survey-responses', { account_id: accountId }));

before(async () => {
  [agent, leader, manager, auditor] = await Promise.all(['agent', 'team_leader', 'cs_manager', 'auditor'].map(signIn));
  owner = await admin.create('/api/v1/users', { username: uniq('am.'), display_name: `Account manager ${uniq()}`, role: 'agent' });
});

describe('survey definitions', () => {
  test('a survey gets its type\'s scale and direction, and matches the schema', async () => {
    const s = await manager.create('/api/v1/surveys', csat());
    conforms(s, 'Survey');
    assert.deepEqual([s.scale_min, s.scale_max, s.high_is_good, s.trigger_kind, s.active], [1, 5, true, 'manual', true]);
    const nps = await manager.create('/api/v1/surveys', csat({ type: 'nps', question: 'How likely are you to recommend us?' }));
    assert.deepEqual([nps.scale_min, nps.scale_max, nps.high_is_good], [0, 10, true]);
    const ces = await manager.create('/api/v1/surveys', csat({ type: 'ces', question: 'How much effort did it take?' }));
    assert.deepEqual([ces.scale_min, ces.scale_max, ces.high_is_good], [1, 7, false]);
    const ces5 = await manager.create('/api/v1/surveys', csat({ type: 'ces', scale_min: 1, scale_max: 5, high_is_good: true, question: 'It was easy' }));
    assert.deepEqual([ces5.scale_max, ces5.high_is_good], [5, true]);
  });

  test('scales that break the definitions and incomplete triggers are refused', async () => {
    problem(await manager.post('/api/v1/surveys', csat({ scale_max: 7 })), 422, 'scale_max');
    problem(await manager.post('/api/v1/surveys', csat({ type: 'nps', scale_min: 1 })), 422, 'scale_max');
    problem(await manager.post('/api/v1/surveys', csat({ type: 'ces', scale_min: 3, scale_max: 4 })), 422, 'scale_max');
    problem(await manager.post('/api/v1/surveys', csat({ type: 'stars' })), 422, 'type');
    problem(await manager.post('/api/v1/surveys', csat({ trigger_kind: 'relationship' })), 422, 'every_days');
    problem(await manager.post('/api/v1/surveys', csat({ trigger_kind: 'case_resolved', case_types: ['gossip'] })), 422, 'case_types');
    problem(await manager.post('/api/v1/surveys', csat({ case_types: ['complaint'] })), 422, 'case_types');
  });

  test('agents and auditors may not create or change surveys; HR may not read them', async () => {
    const s = await manager.create('/api/v1/surveys', csat());
    problem(await agent.post('/api/v1/surveys', csat()), 403);
    problem(await auditor.post('/api/v1/surveys', csat()), 403);
    problem(await agent.patch(`/api/v1/surveys/${s.id}`, { name: 'Mine' }, { ifMatch: s.version }), 403);
    const hr = await signInNewUser('hr');
    problem(await hr.get('/api/v1/surveys'), 403);
    problem(await hr.get('/api/v1/survey-responses'), 403);
    problem(await hr.get('/api/v1/reports/satisfaction'), 403);
    problem(await agent.post('/api/v1/survey-invitations', { survey_id: s.id, contact_id: 1, delivery: 'link' }), 403);
    assert.equal((await admin.read(`/api/v1/surveys/${s.id}`)).name, s.name);
  });
});

describe('answering from a link', () => {
  let survey;
  before(async () => {
    survey = await manager.create('/api/v1/surveys', csat({ custom_questions: ['What should we do better?'] }));
  });

  test('the public page shows the survey only, takes one answer and records it with its scale', async () => {
    const { account, contact } = await customer();
    const { inv, token } = await linkFor(survey, contact);
    conforms(inv, 'SurveyInvitation');
    assert.equal(inv.mail_status, 'not_mailed');
    const shown = await open(token);
    assert.equal(shown.status, 200, String(shown));
    conforms(shown.json, 'PublicSurvey');
    assert.equal(shown.json.question, survey.question);
    assert.ok(!JSON.stringify(shown.json).includes(account.name), 'the page names no account');
    assert.ok(!JSON.stringify(shown.json).includes(contact.email), 'the page shows no address');
    const r = await answer(token, { score: 4, comment: 'Quick and friendly', answers: ['Nothing'] });
    assert.equal(r.status, 201, String(r));
    const [a] = await answersOf(account.id);
    conforms(a, 'SurveyResponse');
    assert.deepEqual([a.score, a.scale_min, a.scale_max, a.high_is_good, a.survey_type, a.low_score], [4, 1, 5, true, 'csat', false]);
    assert.deepEqual(a.answers, [{ question: 'What should we do better?', answer: 'Nothing' }]);
    assert.equal(a.comment, 'Quick and friendly');
    assert.equal((await admin.read(`/api/v1/survey-invitations/${inv.id}`)).answered_at, a.answered_at);
    const audit = (await admin.read(withQuery('/api/v1/audit', { entity: 'survey_response', id: a.id }))).items;
    assert.deepEqual(audit.map((e) => [e.action, e.actor]), [['create', 'survey respondent']]);
    // answered once: the second try is refused politely and changes nothing
    const again = problem(await answer(token, { score: 1 }), 409);
    assert.match(again.detail, /already been answered/);
    problem(await open(token), 409);
    assert.equal((await answersOf(account.id)).length, 1);
    const tasks = await admin.all(withQuery('/api/v1/tasks', { account_id: account.id }));
    assert.deepEqual(tasks, [], 'a 4 is satisfied: no follow-up');
  });

  test('malformed, tampered, guessed and expired links get a polite problem and record nothing', async () => {
    const { account, contact } = await customer();
    const { inv, token } = await linkFor(survey, contact);
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const guessed = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37) % 256)).toString('base64url');
    for (const bad of ['', 'abc', tampered, guessed, `${token}x`]) { // from an address of their own: they count against it
      const p = problem(await linkFrom(ctx.addresses.links, 'answer', bad, { score: 5 }), 404);
      assert.match(p.detail, /could not find this survey/);
      assert.ok(!p.detail.includes(account.name));
      problem(await linkFrom(ctx.addresses.links, 'open', bad), 404);
    }
    problem(await anon.post('/api/v1/survey-links/answer', { score: 5 }), 422, 'token');
    sql(`UPDATE survey_invitations SET expires_at = '2020-01-01T00:00:00Z' WHERE id = ${inv.id}`);
    const expired = problem(await answer(token, { score: 5 }), 410);
    assert.match(expired.detail, /expired/);
    problem(await open(token), 410);
    assert.deepEqual(await answersOf(account.id), []);
    assert.equal((await admin.read(`/api/v1/survey-invitations/${inv.id}`)).answered_at, null);
  });

  test('ten links that are not ours from one address throttle it (429, Retry-After), not other addresses nor sign-in', async () => {
    const { account, contact } = await customer();
    const { token } = await linkFor(survey, contact);
    const flood = ctx.addresses.linkFlood;
    for (let i = 0; i < 10; i++) {
      const guessed = Buffer.from(Array.from({ length: 32 }, (_, j) => (i * 31 + j * 7) % 256)).toString('base64url');
      problem(await linkFrom(flood, i % 2 ? 'open' : 'answer', guessed, { score: 5 }), 404);
    }
    for (const what of ['open', 'answer']) {
      const r = await linkFrom(flood, what, token, { score: 5 });
      const p = problem(r, 429);
      assert.match(p.detail, /Please wait 15 minutes/);
      assert.ok(!p.detail.includes(account.name));
      const retry = r.headers.get('retry-after');
      assert.match(retry ?? '', /^\d+$/, `Retry-After: ${retry}`);
      assert.ok(Number(retry) > 0 && Number(retry) <= 15 * 60, `Retry-After: ${retry}`);
    }
    assert.deepEqual(await answersOf(account.id), [], 'a throttled answer records nothing');
    assert.equal((await linkFrom(ctx.addresses.other, 'open', token)).status, 200, 'another address was throttled too');
    const u = ctx.users.auditor;
    assert.equal((await fromAddress(flood, 'POST', '/api/v1/session', { body: { username: u.username, password: u.password } })).status, 200, 'sign-in was throttled by survey links');
    assert.equal((await linkFrom(ctx.addresses.other, 'answer', token, { score: 5 })).status, 201);
  });

  test('links that are ours but used or expired do not count against an address', async () => {
    const { contact } = await customer();
    const used = await linkFor(survey, contact), fresh = await linkFor(survey, contact);
    assert.equal((await answer(used.token, { score: 4 })).status, 201);
    for (let i = 0; i < 12; i++) problem(await linkFrom(ctx.addresses.usedLinks, 'open', used.token), 409);
    assert.equal((await linkFrom(ctx.addresses.usedLinks, 'open', fresh.token)).status, 200);
  });

  test('an out-of-range or malformed answer is refused naming the field, and the link stays open', async () => {
    const { account, contact } = await customer();
    const { token } = await linkFor(survey, contact);
    problem(await answer(token, { score: 0 }), 422, 'score');
    problem(await answer(token, { score: 6 }), 422, 'score');
    problem(await answer(token, { score: '5' }), 422, 'score');
    problem(await answer(token, {}), 422, 'score');
    problem(await answer(token, { score: 5, answers: ['one', 'two'] }), 422, 'answers');
    problem(await answer(token, { score: 5, comment: 'x'.repeat(4001) }), 422, 'comment');
    problem(await answer(token, { score: 5, account_id: 1 }), 422, 'account_id');
    assert.deepEqual(await answersOf(account.id), []);
    assert.equal((await answer(token, { score: 5 })).status, 201);
  });

  test('a detractor opens a survey follow-up task for the account manager, with the comment', async () => {
    const nps = await manager.create('/api/v1/surveys', csat({ type: 'nps', question: 'Would you recommend us?' }));
    const { account, contact } = await customer();
    const { token } = await linkFor(nps, contact);
    assert.equal((await answer(token, { score: 6, comment: 'Deliveries keep slipping' })).status, 201);
    const [a] = await answersOf(account.id);
    assert.equal(a.low_score, true);
    const [task] = await admin.all(withQuery('/api/v1/tasks', { account_id: account.id }));
    assert.deepEqual([task.kind, task.owner_id, task.survey_response_id, task.contact_id, task.status, task.notes],
      ['survey_follow_up', owner.id, a.id, contact.id, 'open', 'Deliveries keep slipping']);
    assert.match(task.title, /NPS answer: 6 on 0-10/);
    // a 7 is a passive: no task
    const other = await customer();
    const { token: t2 } = await linkFor(nps, other.contact);
    assert.equal((await answer(t2, { score: 7 })).status, 201);
    assert.deepEqual(await admin.all(withQuery('/api/v1/tasks', { account_id: other.account.id })), []);
  });

  test('a CES of 6 on the effort scale is low, a 5 is not', async () => {
    const ces = await manager.create('/api/v1/surveys', csat({ type: 'ces', question: 'How much effort did it take?' }));
    const high = await customer(), mid = await customer();
    assert.equal((await answer((await linkFor(ces, high.contact)).token, { score: 6 })).status, 201);
    assert.equal((await answer((await linkFor(ces, mid.contact)).token, { score: 5 })).status, 201);
    assert.equal((await admin.all(withQuery('/api/v1/tasks', { account_id: high.account.id, kind: 'survey_follow_up' }))).length, 1);
    assert.equal((await admin.all(withQuery('/api/v1/tasks', { account_id: mid.account.id }))).length, 0);
  });

  test('answers show on the account timeline to those who may read them, not to HR', async () => {
    const { account, contact } = await customer();
    const { token } = await linkFor(survey, contact);
    await answer(token, { score: 2, comment: 'Slow' });
    const items = (await agent.read(`/api/v1/accounts/${account.id}/timeline`)).items;
    const item = items.find((i) => i.kind === 'survey');
    assert.ok(item, JSON.stringify(items));
    conforms(item, 'TimelineItem');
    assert.deepEqual([item.score, item.scale_min, item.scale_max, item.survey_type, item.summary], [2, 1, 5, 'csat', 'Slow']);
    assert.ok(items.some((i) => i.kind === 'task'), 'the follow-up task is on the timeline too');
    const hr = await signInNewUser('hr');
    assert.deepEqual((await hr.read(`/api/v1/accounts/${account.id}/timeline`)).items.filter((i) => i.kind === 'survey' || i.kind === 'task'), []);
  });
});

describe('the resolved-case trigger and mailed invitations', () => {
  let sink, survey;
  before(async () => {
    sink = await smtpSink(ctx.smtpPort);
    survey = await manager.create('/api/v1/surveys', csat({ trigger_kind: 'case_resolved', case_types: ['technical_support'], cap_days: 30 }));
  });
  after(async () => {
    await manager.patch(`/api/v1/surveys/${survey.id}`, { active: false }, { ifMatch: (await manager.read(`/api/v1/surveys/${survey.id}`)).version });
    await sink?.close();
  });

  const resolve = async (account, contact, type = 'technical_support') => {
    const c = await agent.create('/api/v1/cases', { account_id: account.id, contact_id: contact.id, type, subject: `Spindle noise ${uniq()}` });
    assert.equal((await agent.post(`/api/v1/cases/${c.id}/status`, { status: 'resolved' })).status, 200);
    return c;
  };
  const invitationsOf = (accountId) => admin.all(withQuery('/api/v1/survey-invitations', { account_id: accountId, survey_id: survey.id }));

  test('resolving a case of the type invites its contact once per cap; the mail carries a working link', async () => {
    const { account, contact } = await customer();
    const c = await resolve(account, contact);
    await resolve(account, contact); // within the cap: not asked again
    await resolve(account, contact, 'enquiry'); // another type: not this survey
    const [inv, ...more] = await invitationsOf(account.id);
    assert.deepEqual(more, []);
    assert.equal(inv.case_id, c.id);
    let mail;
    for (let i = 0; i < 200 && !mail; i++) {
      mail = sink.messages.find((m) => m.to.includes(contact.email));
      if (!mail) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(mail, 'the invitation was mailed');
    const token = /#\/survey\/([A-Za-z0-9_-]{43})/.exec(mail.data)?.[1];
    assert.ok(token, mail.data);
    // the sink has the mail a moment before the queue records it sent
    let status;
    for (let i = 0; i < 100 && status !== 'sent'; i++) {
      status = (await admin.read(`/api/v1/survey-invitations/${inv.id}`)).mail_status;
      if (status !== 'sent') await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status, 'sent');
    // it went through the outbound queue, which never held the link's token
    const queued = (await agent.read(withQuery('/api/v1/mail/outbox', { case_id: c.id }))).items.filter((m) => m.kind === 'survey_invitation');
    assert.deepEqual(queued.map((m) => [m.invitation_id, m.status, m.auto]), [[inv.id, 'sent', 1]]);
    assert.ok(!queued[0].body.includes(token), 'the queue keeps no token');
    assert.match(mail.data, /^Auto-Submitted: auto-replied/m);
    assert.equal((await answer(token, { score: 5 })).status, 201);
    const [a] = await answersOf(account.id);
    assert.deepEqual([a.case_id, a.case_type], [c.id, 'technical_support']);
  });

  test('a contact who withdrew consent is not invited', async () => {
    const { account, contact } = await customer();
    await agent.patch(`/api/v1/contacts/${contact.id}`, { consent: 'withdrawn' }, { ifMatch: contact.version });
    await resolve(account, contact);
    assert.deepEqual(await invitationsOf(account.id), []);
  });
});

describe('the satisfaction report', () => {
  test('CSAT, NPS and CES per group with counts, small samples marked and the response rate', async () => {
    const team = await admin.create('/api/v1/teams', { name: `Report team ${uniq()}` });
    const s = await manager.create('/api/v1/surveys', csat());
    const n = await manager.create('/api/v1/surveys', csat({ type: 'nps', question: 'Recommend?' }));
    const { account, contact } = await customer();
    const c = await agent.create('/api/v1/cases', { account_id: account.id, contact_id: contact.id, type: 'enquiry', subject: 'Quote', team_id: team.id });
    for (const score of [5, 4, 3, 1]) await answer((await linkFor(s, contact, { case_id: c.id })).token, { score });
    for (const score of [10, 8, 6]) await answer((await linkFor(n, contact, { case_id: c.id })).token, { score });
    await linkFor(s, contact, { case_id: c.id }); // sent, never answered
    const report = await auditor.read(withQuery('/api/v1/reports/satisfaction', { group_by: 'team', team_id: team.id }));
    conforms(report, 'SatisfactionReport');
    assert.equal(report.groups.length, 1);
    const [g] = report.groups;
    assert.equal(g.label, team.name);
    const csatFig = g.figures.find((f) => f.survey_type === 'csat');
    assert.deepEqual([csatFig.answers, csatFig.value, csatFig.satisfied, csatFig.small_sample], [4, 50, 2, true]);
    const npsFig = g.figures.find((f) => f.survey_type === 'nps');
    assert.deepEqual([npsFig.answers, npsFig.value, npsFig.promoters, npsFig.passives, npsFig.detractors], [3, 0, 1, 1, 1]);
    assert.deepEqual([g.invited, g.answered], [8, 7]);
    assert.equal(g.response_rate, 87.5);
    const byMonth = await auditor.read(withQuery('/api/v1/reports/satisfaction', { account_id: account.id, survey_type: 'csat' }));
    assert.equal(byMonth.groups.at(-1).figures.length, 1);
    problem(await auditor.get(withQuery('/api/v1/reports/satisfaction', { group_by: 'mood' })), 400);
    problem(await auditor.get(withQuery('/api/v1/reports/satisfaction', { from: '2026-13-01' })), 400);
  });
});

describe('qualitative feedback', () => {
  test('records are tagged by theme and counted per month; at least one theme; HR and auditors may not write', async () => {
    const { account } = await customer();
    const body = { kind: 'site_visit', account_id: account.id, occurred_on: '2025-11-12', title: 'Plant visit', summary: 'Operators like the new seals', themes: ['delivery', 'quality'] };
    const f = await agent.create('/api/v1/feedback', body);
    conforms(f, 'FeedbackRecord');
    assert.equal(f.recorded_by_id, agent.user.id);
    await agent.create('/api/v1/feedback', { ...body, kind: 'focus_group', themes: ['delivery'], occurred_on: '2025-11-20' });
    problem(await agent.post('/api/v1/feedback', { ...body, themes: [] }), 422, 'themes');
    problem(await agent.post('/api/v1/feedback', { ...body, kind: 'rumour' }), 422, 'kind');
    problem(await auditor.post('/api/v1/feedback', body), 403);
    const themes = await auditor.read(withQuery('/api/v1/reports/feedback-themes', { account_id: account.id, from: '2025-11-01', to: '2025-11-30' }));
    conforms(themes, 'FeedbackThemes');
    const count = (theme) => themes.themes.find((t) => t.theme === theme && t.month === '2025-11')?.count;
    assert.deepEqual([count('delivery'), count('quality')], [2, 1]);
    const hr = await signInNewUser('hr');
    problem(await hr.get('/api/v1/feedback'), 403);
    problem(await hr.post('/api/v1/feedback', body), 403);
  });
});
