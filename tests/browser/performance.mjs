// Browser steps for performance management (docs/PERFORMANCE-MANAGEMENT.md),
// against the demo: the Technical Support team leader opens Performance,
// goes to one of his people and sees the scorecard (chart and table of each
// KPI against its standard), that person's draft objective with the SMART
// check saying which letters fail and why, the editor's live check as an
// objective is typed, the one-to-ones with GROW, and feedback about
// personality flagged before it is saved; the capability case's timeline;
// a colleague of that person cannot open the scorecard.

const TEAM_LEADER = 'tom.reid';
const REPORT = 'Jack Turner';
const COLLEAGUE = 'owen.davies';

/** The steps, for run.mjs; `t` holds page, screenshot, eventually, heading, nav and switchUser. */
export function performanceSteps(t) {
  const { page, screenshot, eventually, heading, nav } = t;
  let scorecardUrl = null;
  return [
    {
      name: `${TEAM_LEADER} opens ${REPORT}'s scorecard from his Performance page`,
      run: async () => {
        await t.switchUser(TEAM_LEADER);
        await nav('Performance').click();
        await heading('Performance').waitFor();
        await page.getByRole('region', { name: 'My people' }).getByRole('link', { name: REPORT }).click();
        const card = page.getByRole('region', { name: 'Scorecard' });
        const table = card.getByRole('table', { name: `Scorecard of ${REPORT}` });
        await eventually(() => table.textContent(), (text) => text.includes('SLA compliance (%)') && text.includes('≥ 90'), 'SLA compliance against its standard of 90');
        await card.locator('.chart canvas').first().waitFor();
        scorecardUrl = page.url();
        await screenshot('40-performance-scorecard');
      },
    },
    {
      name: 'an objective that fails the SMART check shows which letters fail and why',
      run: async () => {
        const check = page.getByRole('list', { name: 'SMART check of Do better on the phones' });
        await eventually(() => check.textContent(), (text) => text.includes('Specific: fails — "do better" is not a concrete outcome') && text.includes('Time-bound: fails — no deadline') && text.includes('Measurable: fails — no metric'), 'the failing letters with their reasons');
        const editor = page.getByRole('form', { name: 'New objective' });
        await editor.getByLabel('Title', { exact: true }).fill('Try harder');
        await editor.getByLabel('Outcome', { exact: true }).fill('Try harder with customers');
        const liveCheck = editor.getByRole('list', { name: 'SMART check of the new objective' });
        await eventually(() => liveCheck.textContent(), (text) => text.includes('Specific: fails — "try harder" is not a concrete outcome'), 'the live check before saving');
        await page.getByRole('region', { name: 'One-to-ones' }).getByText('Way forward').first().waitFor();
        const cases = page.getByRole('region', { name: 'Underperformance cases' });
        await eventually(() => cases.textContent(), (text) => text.includes('Capability:') && text.includes('informal discussion') && text.includes('improvement plan, until'), 'the capability case as its timeline of stages');
        await page.getByRole('region', { name: 'Objectives' }).screenshot({ path: t.artifact('41-objectives-smart.png') });
      },
    },
    {
      name: 'feedback about personality is flagged with a suggestion before it is saved',
      run: async () => {
        const box = page.getByRole('form', { name: 'Give feedback' });
        await box.getByLabel('Situation', { exact: true }).fill('The queue review on Monday');
        await box.getByLabel('Behaviour', { exact: true }).fill('Has a bad attitude');
        await box.getByLabel('Impact', { exact: true }).fill('Customers waited');
        await box.getByRole('button', { name: 'Give feedback' }).click();
        await eventually(() => box.textContent(), (text) => text.includes('describe what they said or did'), 'the suggestion on the behaviour field');
        await box.screenshot({ path: t.artifact('42-feedback-flagged.png') });
      },
    },
    {
      name: `${COLLEAGUE}, a colleague, cannot open ${REPORT}'s scorecard`,
      run: async () => {
        await nav('Performance').click(); // sign-in returns to the page signed out from
        await heading('Performance').waitFor();
        await t.switchUser(COLLEAGUE);
        await page.goto(scorecardUrl);
        const card = page.getByRole('region', { name: 'Scorecard' });
        await eventually(() => card.textContent(), (text) => /seen by them, their line managers and HR only/.test(text), 'the refusal in the scorecard panel');
        if ((await card.getByRole('table').count()) > 0) throw new Error('the colleague sees a scorecard table');
      },
    },
  ];
}
