// Browser steps for quality checks and meetings (docs/QUALITY.md): a team
// leader sets up a scorecard with a critical item, reviews a case of their
// team that fails it, sees the corrective action raised and in the list of
// open actions; the QA score chart, a calibration's results and the
// meetings page with open actions. Screenshots 30-36.

const LEADER = 'tom.reid';
const AGENT = 'owen.davies';

/** The steps, for run.mjs: {page, screenshot, baseUrl, password}. */
export function qualitySteps({ page, screenshot, baseUrl, password }) {
  const runId = Math.random().toString(36).slice(2, 8);
  const cardName = `Browser scorecard ${runId}`;
  const heading = (name) => page.getByRole('heading', { level: 1, name });
  const nav = (name) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  let cardId = 0;
  const api = (path) => page.evaluate(async (p) => (await fetch(p, { headers: { Accept: 'application/json' } })).json(), path);

  return [
    {
      name: 'a team leader signs in and sees the QA score of their team over time',
      critical: true,
      run: async () => {
        await page.goto(`${baseUrl}/#/quality`);
        const signOut = page.getByRole('button', { name: 'Sign out' });
        await signOut.or(page.getByLabel('Username', { exact: true })).first().waitFor();
        if (await signOut.isVisible()) {
          await signOut.click();
          await page.getByLabel('Username', { exact: true }).waitFor();
        }
        await page.getByLabel('Username', { exact: true }).fill(LEADER);
        await page.getByLabel('Password', { exact: true }).fill(password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await heading('Quality').waitFor();
        await page.getByRole('table', { name: 'QA score per month' }).waitFor();
        await page.locator('.chart canvas').first().waitFor();
        await screenshot('30-quality');
      },
    },
    {
      name: 'the team leader sets up a scorecard with a critical item',
      critical: true,
      run: async () => {
        await page.getByRole('link', { name: 'New scorecard' }).click();
        await heading('New scorecard').waitFor();
        await page.getByLabel('Name', { exact: true }).fill(cardName);
        await page.getByLabel('Pass mark').fill('80');
        await page.getByLabel('Key 1').fill('safety');
        await page.getByLabel('Section 1').fill('Safety');
        await page.getByLabel('Label 1').fill('Gives the lock-out warning');
        await page.getByLabel('Scale 1').selectOption('pass_fail');
        await page.getByLabel('Weight 1').fill('1');
        await page.getByLabel('Critical 1').check();
        await page.getByRole('button', { name: 'Add criterion' }).click();
        await page.getByLabel('Key 2').fill('diagnosis');
        await page.getByLabel('Section 2').fill('Diagnosis');
        await page.getByLabel('Label 2').fill('Finds the fault');
        await page.getByLabel('Weight 2').fill('3');
        await page.getByLabel('Root cause 2').check();
        await screenshot('31-scorecard-editor');
        await page.getByRole('button', { name: 'Save scorecard' }).click();
        await heading(cardName).waitFor();
        cardId = Number(new URL(page.url()).hash.split('/').pop());
        if (!cardId) throw new Error(`no scorecard id in ${page.url()}`);
      },
    },
    {
      name: 'the team leader reviews a case that fails the critical item, and the corrective action appears',
      critical: true,
      run: async () => {
        const users = await api('/api/v1/users?limit=200');
        const agent = users.items.find((u) => u.username === AGENT);
        const cases = await api(`/api/v1/cases?assignee_id=${agent.id}&status=resolved,closed&limit=1`);
        const caseId = cases.items[0]?.id;
        if (!caseId) throw new Error(`no resolved case of ${AGENT} to review`);
        await nav('Quality').click();
        await heading('Quality').waitFor();
        const audit = page.getByRole('form', { name: 'Audit a case' });
        await audit.getByLabel('Case number').fill(String(caseId));
        await audit.getByLabel('Scorecard').selectOption(String(cardId));
        await audit.getByRole('button', { name: 'Review this case' }).click();
        await heading(`Review case ${caseId}`).waitFor();
        const form = page.getByRole('form', { name: 'QA review' });
        await form.getByLabel('Gives the lock-out warning (critical)', { exact: false }).selectOption('0');
        await form.getByLabel('Finds the fault', { exact: false }).first().selectOption('4');
        await form.getByLabel('Comment on Gives the lock-out warning').fill('No lock-out warning before the seal change');
        await screenshot('32-review-form');
        await form.getByRole('button', { name: 'Submit review' }).click();
        await page.getByText('Critical item failed', { exact: true }).waitFor();
        const raised = page.getByRole('status').filter({ hasText: 'Corrective action raised' });
        await raised.waitFor();
        if (!/owner Tom Reid/.test(await raised.textContent())) throw new Error(`unexpected owner: ${await raised.textContent()}`);
        await page.getByText('Score 0').waitFor();
        await screenshot('33-review-failed');
        const reviews = await api(`/api/v1/qa/reviews?case_id=${caseId}&limit=1`);
        await nav('Quality').click();
        const actions = page.getByRole('region', { name: 'Open corrective actions' });
        await actions.getByText(`Coaching after QA review ${reviews.items[0].id}`).waitFor();
        await screenshot('34-corrective-action');
      },
    },
    {
      name: "a calibration session's spread is shown to the reviewers",
      run: async () => {
        const sessions = page.getByRole('region', { name: 'Calibration sessions' }).getByRole('listitem').getByRole('link');
        await sessions.first().click();
        await page.getByRole('table', { name: 'Spread per criterion' }).waitFor();
        await page.getByText(/^Spread: /).waitFor();
        await screenshot('35-calibration');
      },
    },
    {
      name: 'meetings with their actions, and my open actions',
      run: async () => {
        await nav('Meetings').click();
        await heading('Meetings').waitFor();
        await page.getByRole('region', { name: 'My open actions' }).waitFor();
        await page.getByRole('region', { name: 'Meetings' }).getByRole('link').first().click();
        await page.getByRole('region', { name: 'Actions' }).waitFor();
        await screenshot('36-meeting');
      },
    },
  ];
}
