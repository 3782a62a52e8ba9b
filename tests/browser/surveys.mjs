// Browser steps for satisfaction (docs/SATISFACTION.md): a customer answers
// a survey from its link on a phone-sized screen, without signing in; the
// answer shows on the dashboard, on the account's timeline and survey
// history; a detractor's answer opens a follow-up task on the account
// manager's My tasks page; a used link gets a polite page. The survey,
// account and link invitations are made through the API as the admin.

/** Signs in to the API as username and returns a request function with the session's cookie and CSRF token. */
export async function apiSession(baseUrl, username, password) {
  const signIn = await fetch(`${baseUrl}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!signIn.ok) throw new Error(`API sign-in as ${username}: ${signIn.status}`);
  const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('fd_session='));
  const { csrf_token: csrf } = await signIn.json();
  return async (method, path, body) => {
    const r = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await r.json().catch(() => null);
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
    return json;
  };
}

/**
 * The steps, in the shape run.mjs runs: {name, run, critical?}. `ctx` gives
 * baseUrl, password, and signInAs(username) / signOut() on the page.
 */
export function surveySteps(page, screenshot, ctx) {
  const runId = Math.random().toString(36).slice(2, 8);
  const manager = 'amy.shah';
  const comment = `Spot on, thank you ${runId}`;
  const complaint = `Late again ${runId}`;
  let api, account, csatLink, npsLink, managerId;
  const heading = (name) => page.getByRole('heading', { level: 1, name });
  const answerOnPhone = async (link, score, text) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(link);
    await page.getByRole('radio', { name: String(score), exact: true }).click();
    await page.getByRole('textbox').first().fill(text);
    await page.getByRole('button', { name: 'Send my answer' }).click();
    await page.getByRole('status').filter({ hasText: 'Thank you' }).waitFor();
  };
  const staffPage = async (hash, username) => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${ctx.baseUrl}/#${hash}`);
    await page.getByRole('button', { name: 'Sign out' }).or(page.getByLabel('Username', { exact: true })).first().waitFor();
    if (await page.getByLabel('Username', { exact: true }).isVisible()) await ctx.signInAs(username);
  };

  return [
    {
      name: 'surveys: an account, a CSAT and an NPS survey and two links are made through the API',
      critical: true,
      run: async () => {
        api = await apiSession(ctx.baseUrl, 'admin', ctx.password);
        managerId = (await api('GET', '/users?limit=200')).items.find((u) => u.username === manager).id;
        account = await api('POST', '/accounts', { name: `Survey browser test ${runId}`, status: 'active', account_manager_id: managerId });
        const contact = await api('POST', '/contacts', { account_id: account.id, name: `Buyer ${runId}`, audience: 'commercial', lawful_basis: 'contract', email: `buyer-${runId}@example.com` });
        const csat = await api('POST', '/surveys', { name: 'How did we do?', type: 'csat', question: 'How satisfied are you with how we handled your request?', low_label: 'Very dissatisfied', high_label: 'Very satisfied', comment_prompt: 'Anything to add?' });
        const nps = await api('POST', '/surveys', { name: 'Would you recommend us?', type: 'nps', question: 'How likely are you to recommend us to a colleague?', comment_prompt: 'Why?' });
        csatLink = (await api('POST', '/survey-invitations', { survey_id: csat.id, contact_id: contact.id, delivery: 'link' })).link;
        npsLink = (await api('POST', '/survey-invitations', { survey_id: nps.id, contact_id: contact.id, delivery: 'link' })).link;
      },
    },
    {
      name: 'surveys: the customer answers from the link on a phone, without signing in',
      critical: true,
      run: async () => {
        await page.context().clearCookies();
        await page.setViewportSize({ width: 390, height: 844 });
        await page.goto(csatLink);
        await heading('How did we do?').waitFor();
        if (await page.getByLabel('Username', { exact: true }).count()) throw new Error('the public page asked to sign in');
        if ((await page.content()).includes(account.name)) throw new Error('the public page shows the account name');
        await screenshot('surveys-01-public-page');
        await answerOnPhone(csatLink, 5, comment);
        await screenshot('surveys-02-thanks');
      },
    },
    {
      name: 'surveys: the used link gets a polite page',
      run: async () => {
        await page.goto(`${csatLink}`);
        await page.reload();
        await page.getByRole('alert').filter({ hasText: 'already been answered' }).waitFor();
        await page.goto(`${ctx.baseUrl}/#/survey/not-a-real-token`);
        await page.getByRole('alert').filter({ hasText: 'could not find this survey' }).waitFor();
        await screenshot('surveys-03-unknown-link');
      },
    },
    {
      name: 'surveys: a detractor answers the NPS survey',
      run: async () => answerOnPhone(npsLink, 3, complaint),
    },
    {
      name: 'surveys: the account timeline and survey history show the answers',
      run: async () => {
        await staffPage(`/accounts/${account.id}`, 'admin');
        await heading(account.name).waitFor();
        const timeline = page.getByRole('list', { name: 'Timeline' });
        await timeline.getByText('How did we do?: 5 on 1-5').waitFor();
        await timeline.getByText(comment).waitFor();
        await page.getByRole('list', { name: 'Survey history' }).getByText(complaint).waitFor();
        await screenshot('surveys-04-account');
      },
    },
    {
      name: 'surveys: the satisfaction dashboard shows the figures with their answer counts',
      run: async () => {
        await staffPage('/satisfaction', 'admin');
        await heading('Satisfaction').waitFor();
        const table = page.getByRole('table', { name: 'Satisfaction figures' });
        await table.waitFor();
        await table.getByText('Small sample').first().or(table.getByRole('row').nth(1)).first().waitFor();
        await page.locator('.chart canvas').first().waitFor();
        await screenshot('surveys-05-dashboard');
        await staffPage(`/satisfaction?group_by=account&from=${new Date().toISOString().slice(0, 10)}`, 'admin');
        await page.getByRole('table', { name: 'Satisfaction figures' }).getByText(account.name).waitFor();
      },
    },
    {
      name: 'surveys: the detractor opened a follow-up task on the account manager\'s My tasks page',
      run: async () => {
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.getByLabel('Username', { exact: true }).waitFor();
        await ctx.signInAs(manager);
        await page.goto(`${ctx.baseUrl}/#/tasks/mine`);
        await heading('My tasks').waitFor();
        const row = page.getByRole('table', { name: 'My tasks' }).getByRole('row').filter({ hasText: account.name });
        await row.getByText('Follow up a low NPS answer: 3 on 0-10').waitFor();
        await screenshot('surveys-06-my-tasks');
        await row.getByRole('button', { name: 'Record outcome' }).click();
        await page.getByRole('form', { name: /Outcome of/ }).getByLabel('Outcome').fill('Called the buyer; delivery plan agreed');
        await page.getByRole('button', { name: 'Save outcome' }).click();
        await page.getByRole('table', { name: 'My tasks' }).getByRole('row').filter({ hasText: account.name }).waitFor({ state: 'detached' });
      },
    },
  ];
}
