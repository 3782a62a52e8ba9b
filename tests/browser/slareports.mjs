// Browser steps for SLA compliance by account (docs/SLA.md), run by run.mjs
// after the others: the administrator opens the Reports page grouped by
// account and sees at most the 25 accounts with the lowest share of the
// clock's targets met, worst first, with a note saying how many there are.
// Screenshot sla-reports-01.

/** The steps, in the shape run.mjs runs them. */
export function slaReportSteps({ page, screenshot, eventually, signInAs }) {
  const heading = (text) => page.getByRole('heading', { level: 1, name: text });
  const nav = (text) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: text, exact: true });
  return [
    {
      name: 'SLA compliance by account shows the worst accounts first, 25 at most',
      run: async () => {
        const signOut = page.getByRole('button', { name: 'Sign out' });
        if (await signOut.isVisible()) await signOut.click();
        await heading(/Sign in/).waitFor();
        await signInAs('admin');
        await nav('Reports').click();
        await heading('Reports').waitFor();
        await page.getByLabel('SLA compliance by').selectOption('account');
        await eventually(() => page.url(), (url) => url.includes('group_by=account'), 'the grouping in the address');
        const report = page.getByRole('region', { name: 'SLA compliance' });
        const table = report.getByRole('table', { name: 'SLA compliance' });
        await table.waitFor();
        const rows = await table.locator('tbody tr').count();
        if (rows < 1 || rows > 25) throw new Error(`${rows} accounts shown, not 1 to 25`);
        const note = report.getByText(/accounts of \d+ with the lowest share of .* targets met, worst first/);
        if (rows === 25 && !(await note.isVisible())) throw new Error('25 accounts shown without saying how many there are');
        await page.waitForTimeout(1500); // the bars' animation
        await screenshot('sla-reports-01-worst-accounts');
      },
    },
  ];
}
