// Browser steps for the set-up pages of surveys and quality checks: a CS
// manager creates a survey sent after resolved cases (with its delay, cap and
// a custom question), invites a contact by hand with a link and sees the
// invitation's state; a team leader adds a spot-check sampling rule and draws
// a week, opens a calibration session on a case with two reviewers, adds a
// corrective action to a review by hand, and records a meeting with
// attendees, a case and KPIs. Screenshots 60-67.

const CS_MANAGER = 'helen.carter';
const LEADER = 'tom.reid';
const QUALITY_MANAGER = 'grace.okafor';
const AGENT = 'owen.davies';

/** The steps, for run.mjs: {page, screenshot, signInAs(username)}. */
export function gapSteps({ page, screenshot, baseUrl, signInAs }) {
  const runId = Math.random().toString(36).slice(2, 8);
  const surveyName = `After complaints ${runId}`;
  const heading = (name) => page.getByRole('heading', { level: 1, name });
  const nav = (name) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  const api = (path) => page.evaluate(async (p) => (await fetch(p, { headers: { Accept: 'application/json' } })).json(), path);
  const signInFresh = async (username, path) => {
    await page.goto(`${baseUrl}/#${path}`);
    const signOut = page.getByRole('button', { name: 'Sign out' });
    await signOut.or(page.getByLabel('Username', { exact: true })).first().waitFor();
    if (await signOut.isVisible()) {
      await signOut.click();
      await page.getByLabel('Username', { exact: true }).waitFor();
    }
    await signInAs(username);
  };
  let caseId = 0;

  return [
    {
      name: 'a CS manager creates a survey sent after resolved complaints, with delay, cap and a custom question',
      run: async () => {
        await page.setViewportSize({ width: 1366, height: 900 });
        await signInFresh(CS_MANAGER, '/surveys');
        await heading('Surveys').waitFor();
        await page.getByRole('link', { name: 'New survey' }).click();
        await heading('New survey').waitFor();
        const form = page.getByRole('form', { name: 'Survey' });
        await form.getByLabel('Name', { exact: true }).fill(surveyName);
        await form.getByLabel('Type', { exact: true }).selectOption('csat');
        await form.getByLabel('Question', { exact: true }).fill('How satisfied are you with how we handled your complaint?');
        await form.getByLabel('Comment prompt').fill('Anything we should know?');
        await form.getByLabel('Custom questions (one a line, at most five)').fill('What should we do better next time?');
        await form.getByLabel('Sent', { exact: true }).selectOption('case_resolved');
        await form.getByLabel('Complaint', { exact: true }).check();
        await form.getByLabel('Return (RMA)', { exact: true }).check();
        await form.getByLabel('Delay after resolution (hours)').fill('24');
        await form.getByLabel('Ask a contact at most once in (days)').fill('45');
        await screenshot('60-survey-form');
        await form.getByRole('button', { name: 'Create survey' }).click();
        await heading('Surveys').waitFor();
        const row = page.getByRole('row').filter({ hasText: surveyName });
        await row.getByText('After resolved cases (Complaint, Return (RMA)), 24 h later, at most once in 45 days per contact').waitFor();
        await screenshot('61-surveys');
        const stored = (await api('/api/v1/surveys?limit=200')).items.find((s) => s.name === surveyName);
        const expected = JSON.stringify(['complaint', 'return']);
        if (JSON.stringify(stored?.case_types) !== expected || stored.delay_hours !== 24 || stored.cap_days !== 45 || stored.custom_questions?.length !== 1)
          throw new Error(`survey stored as ${JSON.stringify(stored)}`);
      },
    },
    {
      name: 'the CS manager changes the survey and invites a contact by hand with a link; the invitation shows its state',
      run: async () => {
        await page.getByRole('link', { name: surveyName }).click();
        await heading(surveyName).waitFor();
        const form = page.getByRole('form', { name: 'Survey' });
        await form.getByLabel('Link valid for (days)').fill('14');
        await form.getByRole('button', { name: 'Save survey' }).click();
        await page.getByRole('status').filter({ hasText: /^Saved \(version 2\)\.$/ }).waitFor();
        const changed = (await api('/api/v1/surveys?limit=200')).items.find((s) => s.name === surveyName);
        if (changed.expires_days !== 14) throw new Error(`expires_days is ${changed.expires_days}`);
        await page.getByRole('link', { name: 'All surveys and invitations' }).click();
        await heading('Surveys').waitFor();
        const account = (await api('/api/v1/accounts?limit=50&sort=name')).items[0];
        const contacts = (await api(`/api/v1/contacts?account_id=${account.id}&limit=50`)).items;
        const contact = contacts.find((c) => c.consent !== 'withdrawn') ?? contacts[0];
        const invite = page.getByRole('form', { name: 'Invite a contact' });
        await invite.getByLabel('Survey', { exact: true }).selectOption({ label: surveyName });
        await invite.getByLabel('Find the account').fill(account.name);
        await invite.getByLabel('Account', { exact: true }).locator(`option[value="${account.id}"]`).waitFor({ state: 'attached' });
        await invite.getByLabel('Account', { exact: true }).selectOption(String(account.id));
        await invite.getByLabel('Contact', { exact: true }).locator(`option[value="${contact.id}"]`).waitFor({ state: 'attached' });
        await invite.getByLabel('Contact', { exact: true }).selectOption(String(contact.id));
        await invite.getByLabel('Delivery').selectOption('link');
        await invite.getByRole('button', { name: 'Invite' }).click();
        const made = page.getByRole('status').filter({ hasText: 'cannot be shown again' });
        await made.waitFor();
        if (!/#\/survey\/[A-Za-z0-9_-]{43}$/.test(await made.locator('code').textContent())) throw new Error(`no link in ${await made.textContent()}`);
        await page.getByLabel('Survey', { exact: true }).last().selectOption({ label: surveyName });
        const invitations = page.getByRole('table', { name: 'Invitations, newest first' });
        await invitations.getByRole('row').filter({ hasText: contact.name }).getByText('Link handed over, not answered').waitFor();
        await screenshot('62-invitations');
      },
    },
    {
      name: 'a team leader adds a spot-check sampling rule for their team and draws a week',
      run: async () => {
        await signInFresh(LEADER, '/quality');
        await heading('Quality').waitFor();
        const users = (await api('/api/v1/users?limit=200')).items;
        const me = users.find((u) => u.username === LEADER);
        const team = (await api('/api/v1/teams?limit=200')).items.find((t) => t.id === me.team_id);
        const card = (await api('/api/v1/qa/scorecards?limit=200')).items.find((c) => c.active);
        await page.getByRole('link', { name: 'Sampling rules' }).click();
        await heading('Sampling rules').waitFor();
        const ruleName = `Extra checks ${runId}`;
        const form = page.getByRole('form', { name: 'New sampling rule' });
        await form.getByLabel('Name', { exact: true }).fill(ruleName);
        await form.getByLabel('Team', { exact: true }).selectOption({ label: team.name });
        await form.getByLabel('Scorecard', { exact: true }).selectOption(String(card.id));
        await form.getByLabel('Reviewer', { exact: true }).selectOption(String(me.id));
        await form.getByLabel('Spot checks per person per week').fill('1');
        await form.getByLabel('Drawn from').selectOption('both');
        await form.getByRole('button', { name: 'Add rule' }).click();
        const row = page.getByRole('row').filter({ hasText: ruleName });
        await row.waitFor();
        await page.getByRole('button', { name: `Change ${ruleName}` }).click();
        const change = page.getByRole('form', { name: `Change ${ruleName}` });
        await change.getByLabel('Spot checks per person per week').fill('2');
        await change.getByRole('button', { name: 'Save rule' }).click();
        await row.getByRole('cell', { name: '2', exact: true }).waitFor();
        const run = page.getByRole('form', { name: `Run ${ruleName}` });
        await run.getByRole('button', { name: "Draw this week's sample" }).click();
        await run.getByRole('status').filter({ hasText: /^Week of \d{4}-\d{2}-\d{2}: \d+ spot checks? queued/ }).waitFor();
        await screenshot('63-sampling-rules');
      },
    },
    {
      name: 'the team leader opens a calibration session on a case with two reviewers and a deadline',
      run: async () => {
        const users = (await api('/api/v1/users?limit=200')).items;
        const agent = users.find((u) => u.username === AGENT), me = users.find((u) => u.username === LEADER);
        const quality = users.find((u) => u.username === QUALITY_MANAGER);
        caseId = (await api(`/api/v1/cases?assignee_id=${agent.id}&status=resolved,closed&limit=1`)).items[0]?.id;
        if (!caseId) throw new Error(`no resolved case of ${AGENT}`);
        const card = (await api('/api/v1/qa/scorecards?limit=200')).items.find((c) => c.active);
        await nav('Quality').click();
        await page.getByRole('link', { name: 'New session' }).click();
        await heading('New calibration session').waitFor();
        const form = page.getByRole('form', { name: 'New calibration session' });
        const title = `Calibrate case ${caseId} ${runId}`;
        await form.getByLabel('Title').fill(title);
        await form.getByLabel('Case number').fill(String(caseId));
        await form.getByLabel('Scorecard').selectOption(String(card.id));
        await form.getByLabel(me.display_name, { exact: true }).check();
        await form.getByLabel(quality.display_name, { exact: true }).check();
        await screenshot('64-calibration-form');
        await form.getByRole('button', { name: 'Open the session' }).click();
        await heading(title).waitFor();
        const scores = page.getByRole('table', { name: "Each reviewer's score" });
        await scores.getByRole('row').filter({ hasText: quality.display_name }).getByText('queued').waitFor();
        await scores.getByRole('row').filter({ hasText: me.display_name }).getByText('queued').waitFor();
        await screenshot('65-calibration-opened');
      },
    },
    {
      name: 'the team leader adds a corrective action to a submitted review by hand',
      run: async () => {
        const users = (await api('/api/v1/users?limit=200')).items;
        const agent = users.find((u) => u.username === AGENT);
        const review = (await api(`/api/v1/qa/reviews?agent_id=${agent.id}&status=submitted&kind=spot_check&limit=1`)).items[0];
        if (!review) throw new Error(`no submitted review of ${AGENT}`);
        await page.goto(`${baseUrl}/#/quality/reviews/${review.id}`);
        await heading(`QA review ${review.id}`).waitFor();
        const form = page.getByRole('form', { name: 'Add a corrective action' });
        const title = `Shadow a senior engineer ${runId}`;
        await form.getByLabel('Kind').selectOption('side_by_side');
        await form.getByLabel('Action', { exact: true }).fill(title);
        await form.getByLabel('Owner').selectOption({ label: agent.display_name });
        await form.getByRole('button', { name: 'Add action' }).click();
        await page.getByRole('region', { name: 'Corrective actions' }).getByText(title).waitFor();
        await screenshot('66-manual-corrective-action');
      },
    },
    {
      name: 'the team leader records a meeting with attendees, a referenced case and KPIs',
      run: async () => {
        const users = (await api('/api/v1/users?limit=200')).items;
        const me = users.find((u) => u.username === LEADER), agent = users.find((u) => u.username === AGENT);
        const team = (await api('/api/v1/teams?limit=200')).items.find((t) => t.id === me.team_id);
        await nav('Meetings').click();
        await heading('Meetings').waitFor();
        const form = page.getByRole('form', { name: 'New meeting' });
        const title = `Quality huddle ${runId}`;
        await form.getByLabel('Title', { exact: true }).fill(title);
        await form.getByLabel('Team', { exact: true }).selectOption({ label: team.name });
        await form.getByLabel(agent.display_name, { exact: true }).check();
        await form.getByLabel(me.display_name, { exact: true }).check();
        await form.getByLabel('Agenda (one item a line)').fill('Calibration results\nOpen corrective actions');
        await form.getByLabel('Cases discussed').fill(String(caseId));
        await form.getByLabel('KPIs discussed').fill('qa_score, sla compliance');
        await screenshot('67-meeting-form');
        await form.getByRole('button', { name: 'Record meeting' }).click();
        await heading(title).waitFor();
        const attendees = page.getByRole('region', { name: 'Attendees' });
        await attendees.getByText(agent.display_name, { exact: false }).waitFor();
        const refs = page.getByRole('region', { name: 'References' });
        await refs.getByRole('link', { name: `Case ${caseId}` }).waitFor();
        await refs.getByText('KPIs: qa_score, sla_compliance', { exact: false }).waitFor();
        await screenshot('68-meeting-recorded');
      },
    },
  ];
}
