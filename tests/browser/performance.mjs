// Browser steps for performance management (docs/PERFORMANCE-MANAGEMENT.md),
// against the demo: the Technical Support team leader opens Performance,
// goes to one of his people and sees the scorecard (chart and table of each
// KPI against its standard), that person's draft objective with the SMART
// check saying which letters fail and why, the editor's live check as an
// objective is typed, the one-to-ones with GROW, and feedback about
// personality flagged before it is saved; the capability case's timeline;
// a colleague of that person cannot open the scorecard. Then a capability
// case taken through the whole procedure in the pages: from the signal about
// Marek Nowak, a case opened; skipping the informal stage refused with the
// reason; evidence and causes considered; the informal discussion, the formal
// meeting with its notice and companion (its letter edited and issued), the
// improvement plan with milestones, support and review dates, a review; the
// evidence pack, plain and anonymised; another team leader cannot open the
// case. And an appraisal with its overall rating.

const TEAM_LEADER = 'tom.reid';
const REPORT = 'Jack Turner';
const REPORT_USER = 'jack.turner';
const COLLEAGUE = 'owen.davies';
const SIGNALLED = 'Marek Nowak';
const OTHER_LEADER = 'priya.nair';
const dayFromNow = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** The steps, for run.mjs; `t` holds page, screenshot, eventually, heading, nav and switchUser. */
export function performanceSteps(t) {
  const { page, screenshot, eventually, heading, nav } = t;
  let scorecardUrl = null;
  let caseUrl = null;
  const concern = `First replies are slower than the standard (${Date.now().toString(36)})`;
  const stages = () => page.getByRole('region', { name: 'Stages' });
  const stageForm = () => page.getByRole('form', { name: 'Record the next stage' });
  /** Chooses the next stage, fills what it records and submits it; waits for the timeline to show it. */
  const recordStage = async (label, fill, count) => {
    const form = stageForm();
    await form.getByLabel('Next stage', { exact: true }).selectOption({ label });
    await fill(form);
    await form.getByRole('button', { name: 'Record stage' }).click();
    await eventually(() => stages().getByRole('list', { name: 'Stages' }).getByRole('listitem').count(), (n) => n === count + 1, `${label} on the timeline`);
  };
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
    {
      name: `${TEAM_LEADER} opens a capability case from the signal about ${SIGNALLED}`,
      run: async () => {
        await t.switchUser(TEAM_LEADER);
        await nav('Performance').click();
        await heading('Performance').waitFor();
        await page.getByRole('list', { name: 'Signals' }).getByRole('link', { name: SIGNALLED }).first().click();
        const open = page.getByRole('form', { name: 'Open a case' });
        await open.getByLabel('Type', { exact: true }).selectOption('capability');
        await open.getByLabel('The concern', { exact: true }).fill(concern);
        await open.getByRole('button', { name: 'Open case' }).click();
        await heading(`Capability case: ${SIGNALLED}`).waitFor();
        caseUrl = page.url();
      },
    },
    {
      name: 'skipping the informal stage is refused with the reason, and each stage shows what it still needs',
      run: async () => {
        const form = stageForm();
        await form.getByLabel('Next stage', { exact: true }).selectOption({ label: 'Formal meeting' });
        const needs = form.getByRole('list', { name: 'What this stage still needs' });
        await eventually(() => needs.textContent(), (text) => text.includes('a recorded informal discussion, or a recorded reason for skipping it') && text.includes('objective evidence') && text.includes('causes considered'), 'what the formal meeting still needs');
        await form.getByLabel('Meeting on', { exact: true }).fill(dayFromNow(7));
        await form.getByLabel('Written notice given on', { exact: true }).fill(dayFromNow(0));
        await form.getByLabel(/right to be accompanied/).check();
        await form.getByRole('button', { name: 'Record stage' }).click();
        await eventually(() => form.textContent(), (text) => text.includes('a formal stage needs a recorded informal discussion, or a recorded reason for skipping it'), 'the refusal with its reason');
        await screenshot('43-performance-case-refused');
      },
    },
    {
      name: 'evidence is linked and the causes considered are recorded',
      run: async () => {
        const evidence = page.getByRole('form', { name: 'Link evidence' });
        await evidence.getByLabel('Kind', { exact: true }).selectOption('kpi');
        await evidence.getByLabel('What it shows', { exact: true }).fill('First response above the 120-minute standard for six months');
        await evidence.getByLabel('Period', { exact: true }).fill(dayFromNow(-40).slice(0, 7));
        await evidence.getByRole('button', { name: 'Link evidence' }).click();
        await eventually(() => page.getByRole('list', { name: 'Evidence' }).textContent(), (text) => text.includes('120-minute standard'), 'the evidence listed');
        const causes = page.getByRole('form', { name: 'Causes considered' });
        for (const [name, value] of [['Training', 'Completed the pumps course'], ['Resources', 'Has the tools'], ['Workload', 'In line with the team'], ['Personal circumstances', 'None raised'], ['Health', 'None raised; adjustments offered']])
          await causes.getByLabel(name, { exact: true }).fill(value);
        await causes.getByRole('button', { name: 'Record causes considered' }).click();
        await eventually(() => page.getByRole('region', { name: 'Causes considered' }).locator('dl').textContent(), (text) => text.includes('Completed the pumps course'), 'the causes shown');
      },
    },
    {
      name: 'the informal discussion, the formal meeting with notice and companion, and its letter issued',
      run: async () => {
        await recordStage('Informal discussion', (f) => f.getByLabel('Notes', { exact: true }).fill('Looked at the first-reply times together'), 1);
        await recordStage('Formal meeting', async (f) => {
          await f.getByLabel('Meeting on', { exact: true }).fill(dayFromNow(7));
          await f.getByLabel('Written notice given on', { exact: true }).fill(dayFromNow(0));
          await f.getByLabel(/right to be accompanied/).check();
          await f.getByLabel('Companion', { exact: true }).fill('Owen Davies (colleague)');
          await f.getByLabel('Their response', { exact: true }).fill('Mornings are busy with site calls');
        }, 2);
        const letters = page.getByRole('region', { name: 'Letters' });
        const subject = `Invitation to a formal capability meeting on ${dayFromNow(7)}`;
        const letter = letters.getByRole('article', { name: subject });
        const body = letter.getByLabel('Letter', { exact: true });
        await eventually(() => body.inputValue(), (text) => text.includes('right to be accompanied') && text.includes('Owen Davies (colleague) will accompany you'), 'the notice drafted from the record');
        await body.fill(`${await body.inputValue()}\nThe meeting is in the training room at 10:00.`);
        await letter.getByRole('button', { name: 'Save draft' }).click();
        await eventually(() => letters.getByRole('article', { name: subject }).getByLabel('Letter', { exact: true }).inputValue(), (text) => text.includes('training room'), 'the edited draft');
        await letters.getByRole('article', { name: subject }).getByRole('button', { name: 'Issue letter' }).click();
        await eventually(() => letters.getByRole('article', { name: subject }).textContent(), (text) => text.includes('Issued') && text.includes('training room'), 'the letter issued, no longer editable');
      },
    },
    {
      name: 'an improvement plan with milestones, support and review dates, then a review',
      run: async () => {
        await recordStage('Improvement plan', async (f) => {
          await f.getByLabel('Date', { exact: true }).fill(dayFromNow(8));
          await f.getByLabel('Improvement period ends', { exact: true }).fill(dayFromNow(70));
          await f.getByLabel('Milestones', { exact: true }).fill(`${dayFromNow(35)} First replies within 150 minutes\n${dayFromNow(65)} First replies within 120 minutes`);
          await f.getByLabel('Support', { exact: true }).fill('Morning triage slot\nWeekly mentoring');
          await f.getByLabel('Review dates', { exact: true }).fill(`${dayFromNow(30)} ${dayFromNow(60)}`);
        }, 3);
        await recordStage('Review', async (f) => {
          await f.getByLabel('Date', { exact: true }).fill(dayFromNow(30));
          await f.getByLabel('Notes', { exact: true }).fill('First replies down to 140 minutes');
        }, 4);
        await eventually(() => stages().textContent(), (text) => text.includes('milestones: First replies within 150 minutes') && text.includes('First replies down to 140 minutes'), 'the plan and the review on the timeline');
        await eventually(() => page.getByRole('region', { name: 'Letters' }).textContent(), (text) => text.includes('Improvement note and performance improvement plan'), 'the improvement note drafted');
        await screenshot('44-performance-case-timeline');
      },
    },
    {
      name: 'the evidence pack prints the whole case, and anonymised leaves out the names',
      run: async () => {
        const plain = await page.getByRole('link', { name: 'Evidence pack', exact: true }).evaluate((a) => a.href);
        const anonymised = await page.getByRole('link', { name: 'Anonymised evidence pack' }).evaluate((a) => a.href);
        await page.goto(plain);
        const text = await page.textContent('body');
        for (const part of ['Evidence pack: capability case', concern, 'Timeline', 'One-to-ones', 'Objectives', 'Letters', SIGNALLED, 'training room'])
          if (!text.includes(part)) throw new Error(`the pack lacks ${part}`);
        await screenshot('45-evidence-pack');
        await page.goto(anonymised);
        const anon = await page.textContent('body');
        if (anon.includes(SIGNALLED) || anon.includes('Tom Reid') || !anon.includes('Employee A')) throw new Error('names left in the anonymised pack');
        await page.goto(caseUrl);
        await heading(`Capability case: ${SIGNALLED}`).waitFor();
      },
    },
    {
      name: `${OTHER_LEADER}, another team leader, cannot open the case`,
      run: async () => {
        await nav('Performance').click(); // sign-in returns to the page signed out from
        await heading('Performance').waitFor();
        await t.switchUser(OTHER_LEADER);
        await page.goto(caseUrl);
        await eventually(() => page.getByRole('alert').first().textContent(), (text) => /seen by them, their line managers and HR only/.test(text), 'the refusal');
        if ((await page.getByRole('form', { name: 'Record the next stage' }).count()) > 0) throw new Error('the other team leader sees the stage form');
      },
    },
    {
      name: `${REPORT} writes his own preparation for his latest one-to-one, which his manager then sees`,
      run: async () => {
        const mine = `Ask for time on the hydraulics course (${Date.now().toString(36)})`;
        await nav('Performance').click(); // sign-in returns to the page signed out from
        await heading('Performance').waitFor();
        await t.switchUser(REPORT_USER);
        await nav('Performance').click();
        await page.getByRole('link', { name: 'My performance' }).click();
        const form = page.getByRole('region', { name: 'One-to-ones' }).getByRole('form', { name: /^My preparation for / }).first();
        await form.getByLabel('My preparation', { exact: true }).fill(mine);
        await form.getByRole('button', { name: 'Save my preparation' }).click();
        await eventually(() => form.getByLabel('My preparation', { exact: true }).inputValue(), (v) => v === mine, 'the preparation saved');
        if ((await page.getByRole('form', { name: 'Record a one-to-one' }).count()) > 0) throw new Error('the person may record a one-to-one');
        await t.switchUser(TEAM_LEADER);
        await nav('Performance').click();
        await page.getByRole('region', { name: 'My people' }).getByRole('link', { name: REPORT }).click();
        await eventually(() => page.getByRole('region', { name: 'One-to-ones' }).textContent(), (text) => text.includes(mine), 'their preparation shown to the manager');
      },
    },
    {
      name: 'an appraisal shows its components and the overall rating, what is not rated left out',
      run: async () => {
        await t.switchUser(TEAM_LEADER);
        await nav('Performance').click();
        await page.getByRole('region', { name: 'My people' }).getByRole('link', { name: REPORT }).click();
        const appraisals = page.getByRole('region', { name: 'Appraisals' });
        await eventually(() => appraisals.textContent(), (text) => /overall 6\d(\.\d+)?/.test(text) && text.includes('Objectives, weight 40: not rated — left out'), 'the overall without the unrated objectives');
        await appraisals.screenshot({ path: t.artifact('46-appraisal.png') });
      },
    },
  ];
}
