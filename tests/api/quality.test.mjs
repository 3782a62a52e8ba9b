// Quality checks and team communication (docs/QUALITY.md): scorecards and
// the weights that make no sense; reviews scored by the documented rules, a
// failed critical item raising a corrective action; ratings off their scale;
// a review of work the reviewer may not see; who sees which review, action
// and meeting; reproducible sampling; calibration kept from the person
// scored and out of their QA score; QA scores over time.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { conforms, make, problem, signIn, signInAs, sql, uniq, withQuery } from './lib.mjs';

let admin, quality, leaderA, leaderB, agentA1, agentA2, agentB, teamA, teamB, account, card;

/** A staff account in a team, signed in. */
async function staff(role, team, manager) {
  const u = { username: `q-${role.replace('_', '-')}-${uniq()}`, password: `Pw-${uniq()}-secret` };
  await admin.create('/api/v1/users', { ...u, display_name: `QA ${role} ${uniq()}`, role, team_id: team.id, manager_id: manager?.user.id ?? null });
  return signInAs(u);
}

const criteria = [
  { key: 'greeting', section: 'Opening', label: 'Greets and identifies the customer', scale: 'pass_fail', weight: 2 },
  { key: 'diagnosis', section: 'Resolution', label: 'Diagnoses the fault correctly', scale: 'five_point', weight: 3, root_cause: true },
  { key: 'safety', section: 'Resolution', label: 'Gives the lock-out safety warning', scale: 'three_point', weight: 1, critical: true },
  { key: 'reply', label: 'Written reply is clear', scale: 'four_point', weight: 4 },
];
const rate = (greeting, diagnosis, safety, reply, extra = {}) => [
  { key: 'greeting', rating: greeting }, { key: 'diagnosis', rating: diagnosis, ...(extra.diagnosis ?? {}) },
  { key: 'safety', rating: safety, comment: extra.safetyComment }, { key: 'reply', rating: reply },
].map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));

before(async () => {
  [admin, quality] = await Promise.all([signIn('admin'), signIn('quality_manager')]);
  teamA = await admin.create('/api/v1/teams', { name: `Team A ${uniq()}` });
  teamB = await admin.create('/api/v1/teams', { name: `Team B ${uniq()}` });
  leaderA = await staff('team_leader', teamA);
  leaderB = await staff('team_leader', teamB);
  [agentA1, agentA2] = await Promise.all([staff('agent', teamA, leaderA), staff('agent', teamA, leaderA)]);
  agentB = await staff('agent', teamB, leaderB);
  account = await admin.create('/api/v1/accounts', make.account());
  card = await leaderA.create('/api/v1/qa/scorecards', { name: `Technical support ${uniq()}`, pass_mark: 80, criteria });
});

/** A case of agent's, resolved, so it can be reviewed. */
async function resolvedCase(agent) {
  const c = await agent.create('/api/v1/cases', { account_id: account.id, type: 'technical_support', subject: `Spindle ${uniq()} stalls`, assignee_id: agent.user.id });
  const r = await agent.post(`/api/v1/cases/${c.id}/status`, { status: 'resolved' });
  assert.equal(r.status, 200, String(r));
  return c;
}
const reviewsOfCase = async (id) => (await quality.read(withQuery('/api/v1/qa/reviews', { case_id: id }))).items;

describe('scorecards', () => {
  test('a scorecard keeps its sections, scales, weights and flags, with defaults filled in', async () => {
    conforms(card, 'QaScorecard');
    assert.equal(card.active, true);
    assert.deepEqual(card.criteria.map((c) => [c.key, c.section, c.scale, c.weight, c.critical, c.root_cause]), [
      ['greeting', 'Opening', 'pass_fail', 2, false, false], ['diagnosis', 'Resolution', 'five_point', 3, false, true],
      ['safety', 'Resolution', 'three_point', 1, true, false], ['reply', null, 'four_point', 4, false, false]]);
  });

  test('weights that make no sense, unknown scales and repeated keys are refused, naming the criterion', async () => {
    const before = (await quality.all('/api/v1/qa/scorecards')).length;
    const post = (c) => leaderA.post('/api/v1/qa/scorecards', { name: `Bad ${uniq()}`, pass_mark: 80, criteria: c });
    problem(await post([{ ...criteria[0], weight: -1 }, criteria[1]]), 422, 'criteria[0].weight');
    problem(await post(criteria.map((c) => ({ ...c, weight: 0 }))), 422, 'criteria');
    problem(await post([{ ...criteria[0], scale: 'ten_point' }]), 422, 'criteria[0].scale');
    problem(await post([criteria[0], { ...criteria[1], key: 'greeting' }]), 422, 'criteria[1].key');
    problem(await post([{ ...criteria[0], weight: 'heavy' }]), 422, 'criteria[0].weight');
    problem(await post([]), 422, 'criteria');
    problem(await leaderA.post('/api/v1/qa/scorecards', { name: 'No mark', pass_mark: 101, criteria }), 422, 'pass_mark');
    const patched = await leaderA.patch(`/api/v1/qa/scorecards/${card.id}`, { criteria: [{ ...criteria[0], weight: 0 }] }, { ifMatch: card.version });
    problem(patched, 422, 'criteria');
    assert.equal((await quality.all('/api/v1/qa/scorecards')).length, before, 'nothing was created');
    assert.equal((await leaderA.read(`/api/v1/qa/scorecards/${card.id}`)).version, card.version, 'nothing was changed');
  });

  test('agents, HR and auditors read scorecards but may not set them up', async () => {
    for (const c of [agentA1, await signIn('auditor')]) {
      problem(await c.post('/api/v1/qa/scorecards', { name: 'Mine', pass_mark: 50, criteria }), 403);
      assert.ok((await c.read('/api/v1/qa/scorecards')).items.some((s) => s.id === card.id));
    }
  });
});

describe('reviews', () => {
  test('a review scores the weighted mean of what applies, and passes at the pass mark', async () => {
    const c = await resolvedCase(agentA1);
    // 100×2 + 75×3 + 50×1 + (reply not applicable) over 6 = 79.17 < 80
    const r = await leaderA.create('/api/v1/qa/reviews', { scorecard_id: card.id, case_id: c.id, ratings: rate(1, 4, 2, null), comment: 'Good diagnosis' });
    conforms(r, 'QaReview');
    assert.equal(r.status, 'submitted');
    assert.equal(r.kind, 'audit');
    assert.equal(r.agent_id, agentA1.user.id);
    assert.equal(r.score, 79.17);
    assert.equal(r.passed, false);
    assert.equal(r.critical_failed, 0);
    assert.deepEqual(r.ratings.map((x) => x.score), [100, 75, 50, null]);
    assert.ok(r.corrective_action, 'below the pass mark raises a corrective action');
    const good = await leaderA.create('/api/v1/qa/reviews', { scorecard_id: card.id, case_id: c.id, ratings: rate(1, 5, 3, 4) });
    assert.equal(good.score, 100);
    assert.equal(good.passed, true);
    assert.equal(good.corrective_action, null);
  });

  test('a failed critical item sets the review to 0 and raises a corrective action for the leader, due in two weeks', async () => {
    const c = await resolvedCase(agentA1);
    const r = await leaderA.create('/api/v1/qa/reviews', { scorecard_id: card.id, case_id: c.id, ratings: rate(1, 5, 1, 4, { safetyComment: 'No lock-out warning' }) });
    assert.equal(r.score, 0);
    assert.equal(r.passed, false);
    assert.equal(r.critical_failed, 1);
    const a = r.corrective_action;
    conforms(a, 'QaAction');
    assert.equal(a.review_id, r.id);
    assert.equal(a.agent_id, agentA1.user.id);
    assert.equal(a.owner_id, leaderA.user.id, "the agent's manager owns it");
    assert.equal(a.kind, 'coaching');
    assert.equal(a.status, 'open');
    const days = (Date.parse(a.due_on) - Date.parse(r.submitted_at.slice(0, 10))) / 86400e3;
    assert.equal(days, 14);
    assert.match(a.description, /safety/);
    const audit = (await admin.read(withQuery('/api/v1/audit', { entity: 'qa_action', id: a.id }))).items;
    assert.deepEqual(audit.map((e) => e.action), ['create']);
  });

  test('a rating off its scale, a missing criterion or a negative rating without root cause changes nothing', async () => {
    const c = await resolvedCase(agentA1);
    const post = (ratings) => leaderA.post('/api/v1/qa/reviews', { scorecard_id: card.id, case_id: c.id, ratings });
    problem(await post(rate(1, 6, 2, 3)), 422, 'ratings[1].rating');
    problem(await post(rate(2, 4, 2, 3)), 422, 'ratings[0].rating');
    problem(await post(rate(1, 4, 0, 3)), 422, 'ratings[2].rating');
    problem(await post(rate(1, 4, 2, 3).slice(0, 3)), 422, 'ratings');
    problem(await post([...rate(1, 4, 2, 3), { key: 'smile', rating: 1 }]), 422, 'ratings[4].key');
    problem(await post(rate(1, 2, 2, 3)), 422, 'ratings[1].root_cause');
    problem(await post(rate(null, null, null, null)), 422, 'ratings');
    assert.deepEqual(await reviewsOfCase(c.id), [], 'no review was stored');
    const ok = await post(rate(1, 2, 2, 3, { diagnosis: { root_cause: 'knowledge' } }));
    assert.equal(ok.status, 201, String(ok));
    assert.equal(ok.json.ratings[1].root_cause, 'knowledge');
  });

  test('a leader may not review work outside their team, nor anyone their own work: nothing is created', async () => {
    const c = await resolvedCase(agentA1);
    problem(await leaderB.post('/api/v1/qa/reviews', { scorecard_id: card.id, case_id: c.id, ratings: rate(1, 5, 3, 4) }), 403);
    problem(await leaderB.post('/api/v1/qa/reviews', { scorecard_id: card.id, case_id: c.id }), 403);
    problem(await agentA2.post('/api/v1/qa/reviews', { scorecard_id: card.id, case_id: c.id }), 403);
    const own = await leaderA.create('/api/v1/cases', { account_id: account.id, type: 'enquiry', subject: `Own ${uniq()}`, assignee_id: leaderA.user.id });
    problem(await leaderA.post('/api/v1/qa/reviews', { scorecard_id: card.id, case_id: own.id }), 422, 'case_id');
    const nobody = await leaderA.create('/api/v1/cases', { account_id: account.id, type: 'enquiry', subject: `Unassigned ${uniq()}` });
    problem(await leaderA.post('/api/v1/qa/reviews', { scorecard_id: card.id, case_id: nobody.id }), 422, 'case_id');
    problem(await leaderA.post('/api/v1/qa/reviews', { scorecard_id: card.id }), 422, 'case_id');
    assert.deepEqual(await reviewsOfCase(c.id), []);
  });

  test('the person reviewed sees and answers their reviews; colleagues and other teams do not', async () => {
    const c = await resolvedCase(agentA1);
    const r = await leaderA.create('/api/v1/qa/reviews', { scorecard_id: card.id, case_id: c.id, ratings: rate(1, 4, 3, 3) });
    assert.equal((await agentA1.read(`/api/v1/qa/reviews/${r.id}`)).id, r.id);
    assert.ok((await agentA1.all('/api/v1/qa/reviews')).every((x) => x.agent_id === agentA1.user.id));
    for (const other of [agentA2, agentB, leaderB]) {
      problem(await other.get(`/api/v1/qa/reviews/${r.id}`), 404);
      assert.ok(!(await other.all('/api/v1/qa/reviews')).some((x) => x.id === r.id), 'not in their list');
      problem(await other.post(`/api/v1/qa/reviews/${r.id}/response`, { response: 'Not mine' }), 404);
    }
    problem(await leaderA.post(`/api/v1/qa/reviews/${r.id}/response`, { response: 'I answer for them' }), 403);
    problem(await agentA1.post(`/api/v1/qa/reviews/${r.id}/response`, {}), 422, 'response');
    const answered = await agentA1.post(`/api/v1/qa/reviews/${r.id}/response`, { response: 'The customer refused the lock-out procedure' });
    assert.equal(answered.status, 200, String(answered));
    assert.equal(answered.json.response, 'The customer refused the lock-out procedure');
    assert.ok(answered.json.responded_at);
    assert.equal(answered.json.score, r.score, 'a response does not change the score');
    assert.ok((await leaderA.all('/api/v1/qa/reviews')).some((x) => x.id === r.id), "the leader sees the team's reviews");
  });

  test('a queued audit is scored only by its reviewer, once', async () => {
    const c = await resolvedCase(agentA2);
    const q = await leaderA.create('/api/v1/qa/reviews', { scorecard_id: card.id, case_id: c.id, reviewer_id: quality.user.id });
    assert.equal(q.status, 'queued');
    assert.equal(q.score, null);
    problem(await agentA2.get(`/api/v1/qa/reviews/${q.id}`), 404, undefined);
    problem(await leaderA.post(`/api/v1/qa/reviews/${q.id}/score`, { ratings: rate(1, 5, 3, 4) }), 403);
    assert.ok((await quality.read(withQuery('/api/v1/qa/reviews', { reviewer_id: quality.user.id, status: 'queued' }))).items.some((x) => x.id === q.id), "in the reviewer's queue");
    const scored = await quality.post(`/api/v1/qa/reviews/${q.id}/score`, { ratings: rate(1, 5, 3, 4) });
    assert.equal(scored.status, 200, String(scored));
    assert.equal(scored.json.status, 'submitted');
    problem(await quality.post(`/api/v1/qa/reviews/${q.id}/score`, { ratings: rate(1, 5, 3, 4) }), 409);
    problem(await leaderA.post('/api/v1/qa/reviews', { scorecard_id: card.id, case_id: c.id, reviewer_id: agentA1.user.id }), 422, 'reviewer_id');
  });
});

describe('corrective actions', () => {
  test('the person acted on sees their action; others do not; the leader closes it with an outcome', async () => {
    const c = await resolvedCase(agentA2);
    const { corrective_action: a } = await leaderA.create('/api/v1/qa/reviews', { scorecard_id: card.id, case_id: c.id, ratings: rate(0, 1, 1, 1, { diagnosis: { root_cause: 'skill' } }) });
    assert.ok((await agentA2.all('/api/v1/qa/actions')).some((x) => x.id === a.id));
    const open = await agentA2.read('/api/v1/actions/open');
    assert.ok(open.qa_actions.some((x) => x.id === a.id), 'in "my open actions"');
    for (const other of [agentA1, agentB, leaderB]) {
      problem(await other.get(`/api/v1/qa/actions/${a.id}`), 404);
      assert.ok(!(await other.all('/api/v1/qa/actions')).some((x) => x.id === a.id));
    }
    problem(await agentA1.get(withQuery('/api/v1/actions/open', { user_id: agentA2.user.id })), 403);
    problem(await agentA2.patch(`/api/v1/qa/actions/${a.id}`, { status: 'done', outcome: 'Self-certified' }, { ifMatch: a.version }), 403);
    problem(await leaderB.patch(`/api/v1/qa/actions/${a.id}`, { status: 'done', outcome: 'Not my team' }, { ifMatch: a.version }), 403);
    problem(await leaderA.patch(`/api/v1/qa/actions/${a.id}`, { status: 'done' }, { ifMatch: a.version }), 422, 'outcome');
    const done = await leaderA.patch(`/api/v1/qa/actions/${a.id}`, { status: 'done', outcome: 'Coached on diagnosis; next three reviews passed' }, { ifMatch: a.version });
    assert.equal(done.status, 200, String(done));
    assert.ok(done.json.done_at);
    assert.ok(!(await agentA2.read('/api/v1/actions/open')).qa_actions.some((x) => x.id === a.id), 'no longer open');
  });
});

describe('sampling', () => {
  test("a rule draws each person's spot checks at random but reproducibly, once per week", async () => {
    const closed = [];
    for (let i = 0; i < 5; i++) closed.push((await resolvedCase(agentA1)).id);
    const rule = { team_id: teamA.id, scorecard_id: card.id, reviewer_id: leaderA.user.id, per_week: 2, source: 'cases', seed: 7 };
    const r1 = await leaderA.create('/api/v1/qa/sampling-rules', { name: `Weekly ${uniq()}`, ...rule });
    const today = new Date().toISOString().slice(0, 10);
    const run = await leaderA.post(`/api/v1/qa/sampling-rules/${r1.id}/run`, { week_of: today });
    assert.equal(run.status, 200, String(run));
    const mine = run.json.drawn.filter((d) => d.agent_id === agentA1.user.id);
    assert.equal(mine.length, 2);
    for (const d of mine) {
      assert.equal(d.kind, 'spot_check');
      assert.equal(d.status, 'queued');
      assert.equal(d.reviewer_id, leaderA.user.id);
      assert.ok(d.case_id);
    }
    assert.equal(new Set(mine.map((d) => d.case_id)).size, 2, 'distinct cases');
    const again = await leaderA.post(`/api/v1/qa/sampling-rules/${r1.id}/run`, { week_of: today });
    assert.equal(again.json.drawn.length, 0, 'a second run adds nothing');
    assert.ok(again.json.people_already_drawn >= 1);
    const r2 = await leaderA.create('/api/v1/qa/sampling-rules', { name: `Same seed ${uniq()}`, ...rule });
    const twin = await leaderA.post(`/api/v1/qa/sampling-rules/${r2.id}/run`, { week_of: today });
    assert.deepEqual(twin.json.drawn.filter((d) => d.agent_id === agentA1.user.id).map((d) => d.case_id), mine.map((d) => d.case_id), 'the same seed draws the same sample');
    const queue = await leaderA.all(withQuery('/api/v1/qa/reviews', { reviewer_id: leaderA.user.id, status: 'queued', kind: 'spot_check' }));
    for (const d of mine) assert.ok(queue.some((x) => x.id === d.id), "in the reviewer's queue");
  });

  test("a leader may not sample another team, an agent may not sample at all", async () => {
    const body = { name: `Theirs ${uniq()}`, team_id: teamB.id, scorecard_id: card.id, reviewer_id: leaderA.user.id, per_week: 1 };
    problem(await leaderA.post('/api/v1/qa/sampling-rules', body), 403);
    problem(await agentA1.post('/api/v1/qa/sampling-rules', { ...body, team_id: teamA.id }), 403);
    problem(await leaderA.post('/api/v1/qa/sampling-rules', { ...body, team_id: teamA.id, per_week: 0 }), 422, 'per_week');
  });
});

describe('calibration', () => {
  test('reviewers score the same case, the spread is reported, and the person scored never sees it nor is scored by it', async () => {
    const c = await resolvedCase(agentA1);
    const scoresBefore = await agentA1.read('/api/v1/qa/scores');
    const actionsBefore = (await agentA1.all('/api/v1/qa/actions')).length;
    const deadline = new Date(Date.now() + 7 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
    const session = await leaderA.create('/api/v1/qa/calibrations', { title: `Calibrate ${uniq()}`, scorecard_id: card.id, case_id: c.id, deadline_at: deadline, reviewer_ids: [leaderA.user.id, quality.user.id] });
    const queued = (await leaderA.read(`/api/v1/qa/calibrations/${session.id}`)).reviews;
    assert.equal(queued.length, 2);
    const mine = queued.find((r) => r.reviewer_id === leaderA.user.id), theirs = queued.find((r) => r.reviewer_id === quality.user.id);
    assert.equal((await leaderA.post(`/api/v1/qa/reviews/${mine.id}/score`, { ratings: rate(1, 4, 2, 3) })).status, 200); // (200 + 225 + 50 + 266.67) / 10 = 74.17
    assert.equal((await quality.post(`/api/v1/qa/reviews/${theirs.id}/score`, { ratings: rate(1, 5, 1, 4) })).status, 200); // critical: 0
    const result = await quality.read(`/api/v1/qa/calibrations/${session.id}`);
    conforms(result, 'QaCalibration');
    assert.equal(result.spread.overall.n, 2);
    assert.equal(result.spread.overall.min, 0);
    assert.equal(result.spread.overall.max, 74.17);
    assert.equal(result.spread.overall.range, 74.17);
    const safety = result.spread.criteria.find((x) => x.key === 'safety');
    assert.deepEqual([safety.min, safety.max, safety.range], [0, 50, 50]);
    problem(await agentA1.get(`/api/v1/qa/calibrations/${session.id}`), 403);
    for (const r of [mine, theirs]) problem(await agentA1.get(`/api/v1/qa/reviews/${r.id}`), 404);
    assert.ok(!(await agentA1.all('/api/v1/qa/reviews')).some((r) => r.kind === 'calibration'));
    assert.deepEqual(await agentA1.read('/api/v1/qa/scores'), scoresBefore, 'calibration scores do not count');
    assert.equal((await agentA1.all('/api/v1/qa/actions')).length, actionsBefore, 'a failed calibration score raises no action');
  });

  test('a score after the session\'s deadline is refused and the review stays queued', async () => {
    const c = await resolvedCase(agentA1);
    const deadline = new Date(Date.now() + 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
    const session = await leaderA.create('/api/v1/qa/calibrations', { title: `Late ${uniq()}`, scorecard_id: card.id, case_id: c.id, deadline_at: deadline, reviewer_ids: [leaderA.user.id, quality.user.id] });
    const [first, second] = (await leaderA.read(`/api/v1/qa/calibrations/${session.id}`)).reviews;
    const scorer = (r) => (r.reviewer_id === leaderA.user.id ? leaderA : quality);
    assert.equal((await scorer(first).post(`/api/v1/qa/reviews/${first.id}/score`, { ratings: rate(1, 4, 2, 3) })).status, 200);
    sql(`UPDATE qa_calibrations SET deadline_at = '2021-03-01T09:00:00Z' WHERE id = ${session.id}`);
    const late = await scorer(second).post(`/api/v1/qa/reviews/${second.id}/score`, { ratings: rate(1, 4, 2, 3) });
    problem(late, 409);
    assert.match(late.json.detail, /closed at 2021-03-01T09:00:00Z/);
    const after = await quality.read(`/api/v1/qa/calibrations/${session.id}`);
    assert.equal(after.open, false);
    assert.equal(after.reviews.find((r) => r.id === second.id).status, 'queued', 'the late score was not recorded');
    assert.equal(after.spread.overall.n, 1, 'only the score in time counts in the spread');
  });

  test('a session needs two reviewers who may review, and a deadline ahead', async () => {
    const c = await resolvedCase(agentA1);
    const body = { title: 'Calibrate', scorecard_id: card.id, case_id: c.id, deadline_at: '2099-01-01T00:00:00Z' };
    problem(await leaderA.post('/api/v1/qa/calibrations', { ...body, reviewer_ids: [leaderA.user.id] }), 422, 'reviewer_ids');
    problem(await leaderA.post('/api/v1/qa/calibrations', { ...body, reviewer_ids: [leaderA.user.id, agentA2.user.id] }), 422, 'reviewer_ids[1]');
    problem(await leaderA.post('/api/v1/qa/calibrations', { ...body, reviewer_ids: [leaderA.user.id, leaderA.user.id] }), 422, 'reviewer_ids[1]');
    problem(await leaderA.post('/api/v1/qa/calibrations', { ...body, deadline_at: '2020-01-01T00:00:00Z', reviewer_ids: [leaderA.user.id, quality.user.id] }), 422, 'deadline_at');
  });
});

describe('QA scores', () => {
  test("a person's and a team's QA score over time, within one's scope", async () => {
    const agent = await staff('agent', teamA, leaderA);
    const reviewsOf = async (leader) => (await leader.read('/api/v1/qa/scores')).overall?.reviews ?? 0; // null overall: none yet
    const [teamBefore, otherBefore] = [await reviewsOf(leaderA), await reviewsOf(leaderB)];
    for (const ratings of [rate(1, 5, 3, 4), rate(1, 5, 1, 4)]) {
      const c = await resolvedCase(agent);
      await leaderA.create('/api/v1/qa/reviews', { scorecard_id: card.id, case_id: c.id, ratings });
    }
    const s = await agent.read('/api/v1/qa/scores');
    conforms(s, 'QaScores');
    assert.equal(s.agent_id, agent.user.id);
    assert.equal(s.points.length, 1);
    assert.deepEqual([s.points[0].reviews, s.points[0].score, s.points[0].passed, s.points[0].failed, s.points[0].pass_rate], [2, 50, 1, 1, 50]);
    const weekly = await leaderA.read(withQuery('/api/v1/qa/scores', { agent_id: agent.user.id, period: 'week' }));
    assert.match(weekly.points[0].period, /^\d{4}-\d{2}-\d{2}$/);
    const team = await leaderA.read('/api/v1/qa/scores');
    assert.equal(team.team_id, teamA.id, "a leader's default is their team");
    assert.equal(team.overall.reviews, teamBefore + 2, "the team's score holds its people's reviews");
    assert.equal(await reviewsOf(leaderB), otherBefore, "another team's score holds none of them");
    problem(await agent.get(withQuery('/api/v1/qa/scores', { agent_id: agentA1.user.id })), 403);
    problem(await agent.get(withQuery('/api/v1/qa/scores', { team_id: teamA.id })), 403);
    problem(await leaderB.get(withQuery('/api/v1/qa/scores', { team_id: teamA.id })), 403);
    problem(await leaderB.get(withQuery('/api/v1/qa/scores', { agent_id: agent.user.id })), 403);
    problem(await agent.get(withQuery('/api/v1/qa/scores', { period: 'year' })), 400);
    problem(await agent.get(withQuery('/api/v1/qa/scores', { from: '2026-13-01' })), 400);
  });
});

describe('meetings', () => {
  test('a team meeting with agenda, decisions, references and actions; attendees see it and their open actions', async () => {
    const c = await resolvedCase(agentA1);
    const m = await leaderA.create('/api/v1/meetings', {
      kind: 'team_meeting', title: `Monday huddle ${uniq()}`, team_id: teamA.id, held_at: '2026-03-02T08:30:00Z',
      agenda: ['SLA breaches last week', 'New spindle fault'], attendee_ids: [agentA1.user.id, agentA2.user.id],
      notes: 'Two breaches, both on waiting-on-internal.', decisions: ['Escalate internal waits after 4 hours'],
      case_ids: [c.id], kpis: ['sla_compliance', 'qa_score'] });
    conforms(m, 'Meeting');
    assert.equal(m.organiser_id, leaderA.user.id);
    assert.deepEqual(m.actions, []);
    const added = await leaderA.post(`/api/v1/meetings/${m.id}/actions`, { title: 'Write the spindle fault guide', owner_id: agentA1.user.id, due_on: '2026-03-09' });
    assert.equal(added.status, 201, String(added));
    const a = added.json;
    assert.ok(added.headers.get('location').endsWith(`/api/v1/meeting-actions/${a.id}`));
    conforms(a, 'MeetingAction');
    assert.equal(a.done, false);
    assert.equal((await agentA1.read(`/api/v1/meetings/${m.id}`)).actions[0].id, a.id);
    assert.ok((await agentA1.read('/api/v1/actions/open')).meeting_actions.some((x) => x.id === a.id));
    assert.ok((await agentA1.all('/api/v1/meetings')).some((x) => x.id === m.id));
    problem(await agentB.get(`/api/v1/meetings/${m.id}`), 404);
    assert.ok(!(await agentB.all('/api/v1/meetings')).some((x) => x.id === m.id));
    problem(await agentA1.patch(`/api/v1/meeting-actions/${a.id}`, { title: 'Something easier' }, { ifMatch: a.version }), 403);
    problem(await agentA2.patch(`/api/v1/meeting-actions/${a.id}`, { done: true }, { ifMatch: a.version }), 403);
    const done = await agentA1.patch(`/api/v1/meeting-actions/${a.id}`, { done: true }, { ifMatch: a.version });
    assert.equal(done.status, 200, String(done));
    assert.equal(done.json.done, true);
    assert.ok(done.json.done_at);
    assert.ok(!(await agentA1.read('/api/v1/actions/open')).meeting_actions.some((x) => x.id === a.id));
  });

  test('agents may not record meetings; bad references and other teams are refused', async () => {
    const body = { kind: 'briefing', title: 'Shift briefing', held_at: '2026-03-02T07:00:00Z' };
    problem(await agentA1.post('/api/v1/meetings', body), 403);
    problem(await leaderA.post('/api/v1/meetings', { ...body, case_ids: [999999999] }), 422, 'case_ids[0]');
    problem(await leaderA.post('/api/v1/meetings', { ...body, attendee_ids: [agentA1.user.id, agentA1.user.id] }), 422, 'attendee_ids[1]');
    problem(await leaderA.post('/api/v1/meetings', { ...body, kind: 'party' }), 422, 'kind');
    problem(await leaderA.post('/api/v1/meetings', { ...body, team_id: teamB.id }), 403);
    const m = await leaderB.create('/api/v1/meetings', { ...body, team_id: teamB.id });
    problem(await leaderA.patch(`/api/v1/meetings/${m.id}`, { title: 'Mine now' }, { ifMatch: m.version }), 403);
    problem(await leaderA.post(`/api/v1/meetings/${m.id}/actions`, { title: 'x', owner_id: agentA1.user.id, due_on: '2026-03-09' }), 404);
  });
});
