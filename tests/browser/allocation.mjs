// Browser steps for skills, rosters and work allocation (docs/TEAM.md),
// against the demo: the Technical Support team leader opens the Team page
// (allocation mode, the skills matrix with a development goal marked, the
// roster), opens a new case that the rules give out at once and whose
// rationale the case page shows in plain words, overrides it by hand (a
// reason is asked for first), and sees the fairness chart and table.

const TEAM_LEADER = 'tom.reid';

/** The steps, for run.mjs; `t` holds what run.mjs shares: page, screenshot,
 *  eventually, descriptionOf, artifact, heading, nav, switchUser, startNewCase. */
export function allocationSteps(t) {
  const { page, screenshot, eventually, descriptionOf, heading, nav } = t;
  const subject = `Allocation test case ${new Date().toISOString()} #${Math.random().toString(36).slice(2, 8)}`;
  const rationale = () => page.getByTestId('allocation-rationale');
  return [
    {
      name: `${TEAM_LEADER} sees the Team page: allocation mode, the skills matrix with a development goal, the roster`,
      run: async () => {
        await t.switchUser(TEAM_LEADER);
        await nav('Team').click();
        await heading('Team').waitFor();
        await eventually(() => page.getByLabel('How new cases are allocated').inputValue(), (v) => v === 'automatic', 'the team to allocate automatically');
        const matrix = page.getByRole('table', { name: 'Skills matrix' });
        await eventually(() => matrix.textContent(), (text) => text.includes('Hydraulics') && text.includes('Marek Nowak') && text.includes('→ 3'), 'hydraulics, Marek and his goal "→ 3" in the matrix');
        await page.getByRole('table', { name: 'Availability' }).waitFor();
        await screenshot('23-team');
      },
    },
    {
      name: 'a new case is allocated by the rules at once and the case page shows why, for each candidate',
      run: async () => {
        // Make sure the team leader is on shift now, whatever the hour the test runs at.
        const made = await page.evaluate(async () => {
          const session = await (await fetch('/api/v1/session')).json();
          const at = (h) => new Date(Date.now() + h * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
          const r = await fetch('/api/v1/roster', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrf_token },
            body: JSON.stringify({ user_id: session.user.id, kind: 'shift', starts_at: at(-1), ends_at: at(2) }),
          });
          return r.status;
        });
        if (made !== 201) throw new Error(`adding a shift answered ${made}`);
        await nav('Team queue').click();
        const form = await t.startNewCase('technical_support', '3');
        await form.getByLabel('Subject', { exact: true }).fill(subject);
        await form.getByRole('button', { name: 'Open case' }).click();
        await heading(subject).waitFor();
        await eventually(() => rationale().textContent(), (text) => /Given to .+ \(chosen: qualified/.test(text) && /SLA risk/.test(text), 'the rationale "Given to … (chosen: qualified …)"');
        const rows = await rationale().getByRole('row').count();
        if (rows < 3) throw new Error(`the candidates table has ${rows} rows`);
        await eventually(() => rationale().locator('tr.row--chosen').textContent(), (text) => /chosen/.test(text), 'the chosen candidate marked');
        await rationale().screenshot({ path: t.artifact('24-allocation-rationale.png') });
        await screenshot('24b-case-allocated');
      },
    },
    {
      name: 'assigning by hand against the rules asks for a reason, then records it',
      run: async () => {
        const form = page.getByRole('form', { name: 'Assign by hand' });
        const chosen = (await rationale().locator('tr.row--chosen td').first().textContent()).trim();
        const select = form.getByLabel('Assign by hand to', { exact: true });
        const labels = await select.locator('option').allTextContents();
        const other = labels.find((label) => label !== chosen && label !== 'Choose a person');
        await select.selectOption({ label: other });
        await form.getByRole('button', { name: 'Assign by hand' }).click();
        const reason = form.getByLabel('Reason (needed to override the rules)', { exact: true });
        await eventually(() => reason.getAttribute('aria-invalid'), (v) => v === 'true', 'the reason to be marked invalid');
        await eventually(() => descriptionOf(reason), (text) => /required/.test(text), 'a "required" message on the reason');
        await reason.fill('The customer asked for them by name');
        await form.getByRole('button', { name: 'Assign by hand' }).click();
        await eventually(() => rationale().textContent(), (text) => text.includes(`Assigned by hand to ${other}`) && text.includes('The customer asked for them by name'), `"Assigned by hand to ${other}" with the reason`);
      },
    },
    {
      name: 'the Team page draws the fairness chart and its table',
      run: async () => {
        await nav('Team').click();
        await heading('Team').waitFor();
        const panel = page.getByRole('region', { name: 'Fairness of allocation' });
        await panel.locator('.chart canvas').first().waitFor();
        await eventually(() => panel.getByRole('table').textContent(), (text) => text.includes('Owen Davies') && text.includes('Marek Nowak'), 'the people in the fairness table');
        await screenshot('25-fairness');
      },
    },
  ];
}
