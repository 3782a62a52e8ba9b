// Browser test of the forgedesk web UI against a running server with the demo
// database: sign in, accent-folded account search, recording an interaction,
// field-level validation, sign out; then cases: an agent opens the queues,
// opens a case for an account, replies, adds an internal note and resolves it,
// and the auditor sees the case without any controls; then a complaint is
// taken through every ISO 10002 step by the roles that may take each (closing
// held back until root cause and resolution exist), escalated, given a CAPA
// whose effectiveness is checked, and the Pareto report is drawn; then SLA:
// a CS manager edits the demo calendar (an overlapping interval refused at
// that interval, then fixed and saved, holidays imported from an .ics file)
// and a policy target (refused, then saved), an agent sees the At risk page in
// time-to-breach order and a case's SLA panel with its countdown, the SLA
// compliance chart and table are drawn, and the auditor reads the SLA
// settings without edit controls; then the allocation steps of
// allocation.mjs, quality, surveys, retention, the survey and quality
// set-up pages of gaps.mjs and mail (mail.mjs, delivering over LMTP to
// FORGEDESK_LMTP) (tests/browser/*.mjs).
// Uses Debian's Chromium through
// playwright-core (never a downloaded browser).
//
//   FORGEDESK_URL        the server, default http://127.0.0.1:18080
//   FORGEDESK_LMTP       the server's LMTP address (serve --lmtp), e.g. 127.0.0.1:18110
//   FORGEDESK_ARTIFACTS  where screenshots go, default build/test-results (in the repository)
//
// Prints one line per step and `N passed, N failed` last; exits non-zero on any failure.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { gapSteps } from './gaps.mjs';
import { hostileSteps } from './hostile.mjs';
import { mailSteps } from './mail.mjs';
import { qualitySteps } from './quality.mjs';
import { retentionSteps } from './retention.mjs';
import { surveySteps } from './surveys.mjs';
import { allocationSteps } from './allocation.mjs';
import { performanceSteps } from './performance.mjs';
import { privacySteps } from './privacy.mjs';
import { slaReportSteps } from './slareports.mjs';

const BASE_URL = (process.env.FORGEDESK_URL ?? 'http://127.0.0.1:18080').replace(/\/+$/, '');
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = path.resolve(process.env.FORGEDESK_ARTIFACTS ?? path.join(REPO_ROOT, 'build/test-results'));
const USERNAME = 'admin';
const AGENT = 'amy.shah';
const AUDITOR = 'auditor';
const TEAM_LEADER = 'priya.nair';
const QUALITY_MANAGER = 'grace.okafor';
const CS_MANAGER = 'helen.carter';
const DEMO_CALENDAR = 'UK office (England & Wales)';
const HOLIDAY_ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//forgedesk//browser test//EN',
  'BEGIN:VEVENT',
  'UID:browser-test-holiday@forgedesk',
  'DTSTAMP:20260101T000000Z',
  'DTSTART;VALUE=DATE:20280103',
  'SUMMARY:Browser test holiday',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');
const PASSWORD = 'forgedesk-demo';
const STEP_TIMEOUT_MS = 10_000;

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Polls `read` until `accept` holds for its value, or fails saying what was expected and what was seen. */
async function eventually(read, accept, expectation, timeoutMs = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  let seen;
  for (;;) {
    try {
      seen = await read();
      if (accept(seen)) return seen;
    } catch (error) {
      seen = `(error: ${error.message.split('\n')[0]})`;
    }
    if (Date.now() > deadline) throw new Error(`expected ${expectation}; saw ${JSON.stringify(seen)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The text of the element(s) an input names in aria-describedby: its hint and error. */
function descriptionOf(input) {
  return input.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ')
      .trim(),
  );
}

/** Signs in on the sign-in page shown; the page the address names opens after it, whichever it is. */
async function signInOn(page, username) {
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const refusal = page.getByRole('alert');
  await page.getByRole('button', { name: 'Sign out' }).or(refusal).waitFor();
  if (await refusal.isVisible()) throw new Error(`sign-in refused: ${await refusal.textContent()}`);
}

function steps(page, screenshot) {
  const runId = `${new Date().toISOString()} #${Math.random().toString(36).slice(2, 8)}`;
  const summary = `Browser test ${runId}`;
  const caseSubject = `Browser test case ${runId}`;
  const reply = `Public reply ${runId}`;
  const note = `Internal note ${runId}`;
  let caseUrl = '';
  const complaintSubject = `Browser test complaint ${runId}`;
  const capaTitle = `Browser test CAPA ${runId}`;
  let complaintUrl = '';
  const heading = (name) => page.getByRole('heading', { level: 1, name });
  const nav = (name) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  /** The words of the notice that describes a navigation entry ('' when it has none). */
  const navNotice = async (name) => {
    const id = await nav(name).getAttribute('aria-describedby');
    return id ? ((await page.locator(`[id="${id}"] .visually-hidden`).textContent()) ?? '') : '';
  };
  const newestCaseEvent = () => page.getByRole('list', { name: 'Case timeline' }).getByRole('listitem').first();
  const currentStep = () => page.locator('.complaint-steps [aria-current="step"] .complaint-step-name').textContent();
  const stepForm = (label) => page.getByRole('form', { name: `Step: ${label}` });
  /** Takes a complaint step through its form and waits for it to become the current step. */
  const takeStep = async (label, button, fill = async () => {}) => {
    const form = stepForm(label);
    await fill(form);
    await form.getByRole('button', { name: button, exact: true }).click();
    await eventually(currentStep, (text) => text === label, `the current step to be ${label}`);
  };
  /** From a page with a "New case" link: the new case form for Müller Hydraulik GmbH with type and priority chosen. */
  const startNewCase = async (type, priority) => {
    await page.getByRole('link', { name: 'New case' }).click();
    await heading('New case').waitFor();
    const form = page.getByRole('form', { name: 'New case' });
    await form.getByLabel('Find account', { exact: true }).fill('muller');
    const account = form.getByLabel('Account', { exact: true });
    await account.locator('option', { hasText: 'Müller Hydraulik GmbH' }).waitFor({ state: 'attached' });
    await account.selectOption({ label: 'Müller Hydraulik GmbH' });
    await form.getByLabel('Type', { exact: true }).selectOption(type);
    await form.getByLabel('Priority', { exact: true }).selectOption(priority);
    return form;
  };
  const closeButton = () => page.getByRole('button', { name: 'Close complaint', exact: true });
  const switchUser = async (username) => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading(/Sign in/).waitFor();
    await signInAs(username);
  };
  const signInAs = (username) => signInOn(page, username);

  const all = [
    {
      name: 'the sign-in page is shown when signed out',
      critical: true,
      run: async () => {
        await page.goto(`${BASE_URL}/`);
        await page.getByLabel('Username', { exact: true }).waitFor();
        await heading(/Sign in/).waitFor();
        await screenshot('01-sign-in');
      },
    },
    {
      name: `signs in as ${USERNAME}`,
      critical: true,
      run: async () => {
        await page.getByLabel('Username', { exact: true }).fill(USERNAME);
        await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
        await page.getByRole('button', { name: 'Sign in' }).click();
        const refusal = page.getByRole('alert');
        await heading('Accounts').or(refusal).waitFor();
        if (await refusal.isVisible()) throw new Error(`sign-in refused: ${await refusal.textContent()}`);
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Accounts' }).waitFor();
        await page.getByRole('button', { name: 'Sign out' }).waitFor();
        await screenshot('02-accounts');
      },
    },
    {
      name: 'searching for "muller" finds Müller Hydraulik GmbH',
      critical: true,
      run: async () => {
        await page.getByLabel('Search accounts', { exact: true }).fill('muller');
        await page.getByRole('table', { name: 'Accounts' }).getByRole('link', { name: 'Müller Hydraulik GmbH' }).waitFor();
        await eventually(() => page.url(), (url) => url.includes('q=muller'), 'the search in the address');
        await screenshot('03-search');
      },
    },
    {
      name: 'opens the account page',
      critical: true,
      run: async () => {
        await page.getByRole('link', { name: 'Müller Hydraulik GmbH' }).click();
        await heading('Müller Hydraulik GmbH').waitFor();
        await page.getByRole('heading', { level: 2, name: 'Timeline' }).waitFor();
        await screenshot('04-account');
      },
    },
    {
      name: 'a recorded interaction appears at the top of the timeline',
      run: async () => {
        await page.getByRole('button', { name: 'Record interaction' }).click();
        const form = page.getByRole('form', { name: 'Record interaction' });
        await form.getByLabel('Channel', { exact: true }).selectOption('email');
        await form.getByLabel('Direction', { exact: true }).selectOption('outbound');
        await form.getByLabel('Summary', { exact: true }).fill(summary);
        await form.getByRole('button', { name: 'Save interaction' }).click();
        await form.waitFor({ state: 'detached' });
        const newest = page.getByRole('list', { name: 'Timeline' }).getByRole('listitem').first();
        await eventually(() => newest.textContent(), (text) => text.includes(summary), `the newest timeline item to contain "${summary}"`);
        await screenshot('05-interaction-recorded');
      },
    },
    {
      name: 'creating an account without a name shows the error by the Name field',
      run: async () => {
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Accounts' }).click();
        await page.getByRole('link', { name: 'New account' }).click();
        await heading('New account').waitFor();
        await page.getByRole('button', { name: 'Create account' }).click();
        const name = page.getByLabel('Name', { exact: true });
        await eventually(() => name.getAttribute('aria-invalid'), (value) => value === 'true', 'the Name input to be marked invalid');
        await eventually(() => descriptionOf(name), (text) => /required/i.test(text), 'a "required" message described by the Name input');
        await screenshot('06-validation');
      },
    },
    {
      name: 'signing out shows the sign-in page again',
      run: async () => {
        await page.getByRole('button', { name: 'Sign out' }).click();
        await heading(/Sign in/).waitFor();
        await page.getByLabel('Username', { exact: true }).waitFor();
        await page.reload();
        await page.getByLabel('Username', { exact: true }).waitFor();
        await screenshot('07-signed-out');
      },
    },
    {
      name: `${AGENT} (agent) sees the team queue and their own queue`,
      critical: true,
      run: async () => {
        await signInAs(AGENT);
        await nav('Team queue').click();
        await heading('Team queue').waitFor();
        await page.getByRole('table', { name: 'Team queue' }).or(page.getByText('No team cases match these filters.')).waitFor();
        await page.getByText('Loading…').waitFor({ state: 'hidden' });
        await screenshot('08-team-queue');
        await nav('My queue').click();
        await heading('My queue').waitFor();
        await page.getByRole('table', { name: 'My queue' }).or(page.getByText('No cases in your queue match these filters.')).waitFor();
        await page.getByText('Loading…').waitFor({ state: 'hidden' });
        await screenshot('09-my-queue');
      },
    },
    {
      name: 'the new case form shows a missing subject by its field',
      critical: true,
      run: async () => {
        const form = await startNewCase('technical_support', '2');
        await form.getByRole('button', { name: 'Open case' }).click();
        const subject = form.getByLabel('Subject', { exact: true });
        await eventually(() => subject.getAttribute('aria-invalid'), (value) => value === 'true', 'the Subject input to be marked invalid');
        await eventually(() => descriptionOf(subject), (text) => /required/i.test(text), 'a "required" message described by the Subject input');
      },
    },
    {
      name: 'opens a priority-2 technical support case for Müller Hydraulik GmbH',
      critical: true,
      run: async () => {
        const form = page.getByRole('form', { name: 'New case' });
        await form.getByLabel('Subject', { exact: true }).fill(caseSubject);
        await form.getByLabel('Description', { exact: true }).fill('Press line 2 loses pressure after an hour of running.');
        await screenshot('10-new-case');
        await form.getByRole('button', { name: 'Open case' }).click();
        await heading(caseSubject).waitFor();
        await page.getByText('Technical support', { exact: false }).first().waitFor();
        await eventually(() => page.locator('.page-header-badges').textContent(), (text) => text.includes('P2') && text.includes('New'), 'P2 and New badges');
        caseUrl = page.url();
      },
    },
    {
      name: 'a public reply and an internal note (marked Internal) appear on the case timeline',
      run: async () => {
        await page.getByRole('textbox', { name: 'Public reply' }).fill(reply);
        await page.getByRole('button', { name: 'Send reply' }).click();
        await eventually(() => newestCaseEvent().textContent(), (text) => text.includes(reply) && !text.includes('Internal'), `the newest event to be the reply "${reply}"`);
        await page.getByRole('textbox', { name: 'Internal note' }).fill(note);
        await page.getByRole('button', { name: 'Add internal note' }).click();
        await eventually(() => newestCaseEvent().textContent(), (text) => text.includes(note) && text.includes('Internal'), `the newest event to be the note "${note}", marked Internal`);
      },
    },
    {
      name: 'moves the case new → open → resolved and the timeline shows the change',
      run: async () => {
        const actions = page.getByRole('group', { name: 'Change status' });
        await actions.getByRole('button', { name: 'Mark open', exact: true }).click();
        await eventually(() => newestCaseEvent().textContent(), (text) => text.includes('New → Open'), 'a "New → Open" status change');
        await actions.getByRole('button', { name: 'Mark resolved', exact: true }).click();
        await eventually(() => newestCaseEvent().textContent(), (text) => text.includes('Open → Resolved'), 'an "Open → Resolved" status change');
        await eventually(() => page.locator('.page-header-badges').textContent(), (text) => text.includes('Resolved'), 'the Resolved badge');
        await actions.getByRole('button', { name: 'Mark closed', exact: true }).waitFor();
        await screenshot('11-case');
      },
    },
    {
      name: 'the case links from the account timeline',
      run: async () => {
        await page.getByRole('link', { name: 'Müller Hydraulik GmbH' }).click();
        await heading('Müller Hydraulik GmbH').waitFor();
        await page.getByRole('list', { name: 'Timeline' }).getByRole('link', { name: new RegExp(caseSubject.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).click();
        await heading(caseSubject).waitFor();
        await page.getByRole('button', { name: 'Sign out' }).click();
        await heading(/Sign in/).waitFor();
      },
    },
    {
      name: 'the auditor sees the case, its internal note, and no action controls',
      run: async () => {
        await signInAs(AUDITOR);
        await page.goto(caseUrl);
        await heading(caseSubject).waitFor();
        await eventually(() => page.getByRole('list', { name: 'Case timeline' }).textContent(), (text) => text.includes(note) && text.includes(reply), 'the reply and the note on the timeline');
        for (const control of [
          page.getByRole('textbox', { name: 'Public reply' }),
          page.getByRole('textbox', { name: 'Internal note' }),
          page.getByRole('group', { name: 'Change status' }),
          page.getByRole('button', { name: 'Assign' }),
          page.getByRole('link', { name: 'New case' }),
        ]) {
          if ((await control.count()) > 0) throw new Error(`the auditor sees a control: ${control}`);
        }
        await screenshot('12-case-auditor');
      },
    },
    {
      name: `${AGENT} opens a complaint case; its steps show and closing is held back until root cause and resolution exist`,
      critical: true,
      run: async () => {
        await switchUser(AGENT);
        await nav('My queue').click();
        await page.getByRole('link', { name: 'New case' }).click();
        const form = page.getByRole('form', { name: 'New case' });
        await form.getByLabel('Find account', { exact: true }).fill('muller');
        const account = form.getByLabel('Account', { exact: true });
        await account.locator('option', { hasText: 'Müller Hydraulik GmbH' }).waitFor({ state: 'attached' });
        await account.selectOption({ label: 'Müller Hydraulik GmbH' });
        await form.getByLabel('Type', { exact: true }).selectOption('complaint');
        await form.getByLabel('Subject', { exact: true }).fill(complaintSubject);
        await form.getByRole('button', { name: 'Open case' }).click();
        await heading(complaintSubject).waitFor();
        complaintUrl = page.url();
        await eventually(currentStep, (text) => text === 'Received', 'the current step to be Received');
        if (await closeButton().isEnabled()) throw new Error('the close button is enabled on a new complaint');
        await eventually(() => descriptionOf(closeButton()), (text) => text.includes('root cause') && text.includes('resolution'), 'the close button described by its missing root cause and resolution');
      },
    },
    {
      name: `${AGENT} acknowledges, assesses and investigates; the root cause is not theirs to take`,
      critical: true,
      run: async () => {
        await takeStep('Acknowledged', 'Acknowledge');
        await stepForm('Assessed').getByRole('button', { name: 'Record assessment' }).click();
        const severity = stepForm('Assessed').getByLabel('Severity', { exact: true });
        await eventually(() => descriptionOf(severity), (text) => /required/i.test(text), 'a "required" message described by Severity');
        await takeStep('Assessed', 'Record assessment', async (form) => {
          await severity.selectOption('major');
          await form.getByLabel('Impact', { exact: true }).fill('Line 2 stopped for a shift.');
        });
        await takeStep('Investigated', 'Record investigation', (form) =>
          form.getByLabel('Investigation findings', { exact: true }).fill('The seal batch was out of tolerance.'),
        );
        const rootCause = stepForm('Root cause');
        await eventually(() => rootCause.textContent(), (text) => text.includes('Your role (Agent) may not take this step'), 'the role reason on the root-cause step');
        if (await rootCause.getByRole('button', { name: 'Record root cause' }).isEnabled()) throw new Error('an agent may record the root cause');
        await screenshot('13-complaint-steps');
      },
    },
    {
      name: `${TEAM_LEADER} records the root cause (five whys, 6M), decides, communicates, and only then may close`,
      critical: true,
      run: async () => {
        await switchUser(TEAM_LEADER);
        await page.goto(complaintUrl);
        await heading(complaintSubject).waitFor();
        await takeStep('Root cause', 'Record root cause', async (form) => {
          await form.getByLabel('Why 1', { exact: true }).fill('The seal failed.');
          await form.getByRole('button', { name: 'Add why' }).click();
          await form.getByLabel('Why 2', { exact: true }).fill('The seal batch was not inspected.');
          await form.getByLabel('6M category', { exact: true }).selectOption('method');
        });
        if (await closeButton().isEnabled()) throw new Error('the close button is enabled before a resolution');
        await eventually(() => descriptionOf(closeButton()), (text) => text.includes('resolution') && !text.includes('root cause'), 'the close button still missing the resolution only');
        await takeStep('Decided', 'Record decision', async (form) => {
          await form.getByLabel('Remedy', { exact: true }).selectOption('replace');
          await form.getByLabel('Resolution', { exact: true }).fill('Replace the seal kit and add incoming inspection.');
        });
        await takeStep('Communicated', 'Mark communicated');
        await eventually(() => closeButton().isEnabled(), Boolean, 'the close button to be enabled');
        await takeStep('Closed', 'Close complaint');
        await eventually(() => page.locator('.page-header-badges').textContent(), (text) => text.includes('Resolved'), 'the case resolved by the closing');
      },
    },
    {
      name: `${TEAM_LEADER} escalates the complaint with a reason`,
      run: async () => {
        const form = page.getByRole('form', { name: 'Escalate' });
        await form.getByLabel('Escalate to', { exact: true }).selectOption('quality_manager');
        await form.getByRole('button', { name: 'Escalate' }).click();
        const reason = form.getByLabel('Reason', { exact: true });
        await eventually(() => descriptionOf(reason), (text) => /required/i.test(text), 'a "required" message described by Reason');
        await reason.fill('Seal batches affect other customers.');
        await form.getByRole('button', { name: 'Escalate' }).click();
        await eventually(() => page.getByRole('list', { name: 'Escalations' }).textContent(), (text) => text.includes('Quality manager') && text.includes('Seal batches'), 'the escalation listed with level and reason');
      },
    },
    {
      name: `${AGENT} records the follow-up`,
      run: async () => {
        await switchUser(AGENT);
        await page.goto(complaintUrl);
        await heading(complaintSubject).waitFor();
        await takeStep('Followed up', 'Record follow-up', async (form) => {
          await form.getByLabel('Customer satisfied', { exact: true }).selectOption('yes');
          await form.getByLabel('Follow-up note', { exact: true }).fill('The new seals hold.');
        });
        await screenshot('14-complaint-followed-up');
      },
    },
    {
      name: `${QUALITY_MANAGER} raises a CAPA from the complaint; the CAPA list shows it overdue`,
      run: async () => {
        await switchUser(QUALITY_MANAGER);
        await page.goto(complaintUrl);
        await heading(complaintSubject).waitFor();
        const form = page.getByRole('form', { name: 'Raise CAPA' });
        await form.getByLabel('Title', { exact: true }).fill(capaTitle);
        const owner = form.getByLabel('Owner', { exact: true });
        await owner.locator('option', { hasText: 'Grace Okafor' }).waitFor({ state: 'attached' });
        await owner.selectOption({ label: 'Grace Okafor' });
        const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
        await form.getByLabel('Due date', { exact: true }).fill(yesterday);
        await form.getByRole('button', { name: 'Raise CAPA' }).click();
        await page.getByRole('list', { name: 'CAPAs of this complaint' }).getByRole('link', { name: capaTitle }).waitFor();
        await nav('CAPAs').click();
        await heading('CAPAs').waitFor();
        const row = page.getByRole('table', { name: 'CAPAs' }).getByRole('row').filter({ hasText: capaTitle });
        await eventually(() => row.textContent(), (text) => text.includes('Overdue'), 'the new CAPA marked overdue');
        await screenshot('15-capa-list');
      },
    },
    {
      name: `${QUALITY_MANAGER} marks the CAPA done and records its effectiveness check`,
      run: async () => {
        await page.getByRole('link', { name: capaTitle }).click();
        await heading(capaTitle).waitFor();
        if ((await page.getByRole('form', { name: 'Effectiveness check' }).count()) > 0) throw new Error('the effectiveness check is offered before done');
        const edit = page.getByRole('form', { name: 'Edit CAPA' });
        await edit.getByLabel('Status', { exact: true }).selectOption('done');
        await edit.getByRole('button', { name: 'Save changes' }).click();
        const check = page.getByRole('form', { name: 'Effectiveness check' });
        await check.getByLabel('Result', { exact: true }).selectOption('verified_effective');
        await check.getByLabel('What was checked', { exact: true }).fill('No seal failures in two weeks.');
        await check.getByRole('button', { name: 'Record check' }).click();
        await eventually(() => page.getByRole('region', { name: 'Effectiveness' }).textContent(), (text) => text.includes('Verified effective') && text.includes('No seal failures'), 'the recorded effectiveness check');
      },
    },
    {
      name: 'the Reports page draws the complaint Pareto chart and its table',
      run: async () => {
        await nav('Reports').click();
        await heading('Reports').waitFor();
        await page.locator('.chart canvas').first().waitFor();
        const table = page.getByRole('table', { name: 'Complaint root causes' });
        await eventually(() => table.textContent(), (text) => text.includes('Method'), 'the Method category in the Pareto table');
        await screenshot('16-pareto-report');
        const overTime = page.getByRole('region', { name: 'Complaints over time' });
        await overTime.locator('.chart canvas').first().waitFor();
        const monthly = overTime.getByRole('table', { name: 'Complaints over time' });
        await eventually(() => monthly.textContent(), (text) => text.includes('Total') && /\d{4}-\d{2}/.test(text), 'months and totals in the complaints-over-time table');
        await page.getByLabel('Complaints by', { exact: true }).selectOption('account');
        await eventually(() => page.url(), (url) => url.includes('complaints_by=account'), 'the grouping in the address');
        await eventually(() => monthly.locator('th').first().textContent(), (text) => text === 'Account', 'the table grouped by account');
        await overTime.locator('.chart canvas').first().waitFor();
        await page.waitForTimeout(1500); // the bars' animation to the accounts' numbers
        await screenshot('16b-complaints-over-time');
      },
    },
    {
      name: `${CS_MANAGER} opens SLA settings; an overlapping interval in the demo calendar is shown at that interval, then fixed and saved`,
      run: async () => {
        await switchUser(CS_MANAGER);
        // The demo's Gold policy is reviewed in three weeks: the manager is told beside the SLA entry, on any page.
        await eventually(() => navNotice('SLA'), (text) => text === '1 policy due for review', 'the SLA entry described as "1 policy due for review"');
        await nav('SLA').click();
        await heading('SLA settings').waitFor();
        const policies = page.getByRole('table', { name: 'SLA policies' });
        await eventually(() => policies.textContent(), (text) => text.includes('Standard') && text.includes('Default'), 'the Standard policy marked Default');
        await page.getByRole('table', { name: 'Business calendars' }).getByRole('link', { name: DEMO_CALENDAR }).waitFor();
        await screenshot('17-sla-settings');
        await page.getByRole('link', { name: DEMO_CALENDAR }).click();
        await heading(DEMO_CALENDAR).waitFor();
        const form = page.getByRole('form', { name: 'Edit calendar' });
        const monday = form.getByRole('group', { name: 'Monday' });
        await monday.getByRole('button', { name: 'Add interval' }).click();
        const opens = monday.getByLabel('Interval 2 opens', { exact: true });
        await opens.fill('12:00');
        await monday.getByLabel('Interval 2 closes', { exact: true }).fill('13:00');
        await form.getByRole('button', { name: 'Save calendar' }).click();
        await eventually(() => opens.getAttribute('aria-invalid'), (value) => value === 'true', 'Monday interval 2 marked invalid');
        await eventually(() => descriptionOf(opens), (text) => /overlaps/i.test(text), 'an "overlaps" message described by Monday interval 2');
        await screenshot('18-calendar-overlap');
        await opens.fill('17:00');
        await monday.getByLabel('Interval 2 closes', { exact: true }).fill('18:00');
        await form.getByRole('button', { name: 'Save calendar' }).click();
        await eventually(() => opens.getAttribute('aria-invalid'), (value) => value === null, 'Monday interval 2 no longer invalid');
        await page.reload();
        await eventually(() => monday.getByLabel('Interval 2 closes', { exact: true }).inputValue(), (value) => value === '18:00', 'the saved interval 17:00–18:00 after reloading');
      },
    },
    {
      name: `${CS_MANAGER} imports holidays from an .ics file`,
      run: async () => {
        await page.getByLabel('Import holidays (.ics)', { exact: true }).setInputFiles({ name: 'holidays.ics', mimeType: 'text/calendar', buffer: Buffer.from(HOLIDAY_ICS) });
        await eventually(() => page.getByRole('status').textContent(), (text) => text.includes('1 new holiday'), 'one new holiday imported');
        const holidays = page.getByRole('form', { name: 'Edit calendar' }).getByRole('group', { name: 'Holidays' });
        await eventually(() => holidays.locator('input[type="date"]').evaluateAll((inputs) => inputs.map((input) => input.value)), (values) => values.includes('2028-01-03'), 'the imported date among the holidays');
      },
    },
    {
      name: `${CS_MANAGER} edits a policy target; a refused one is shown by its field`,
      run: async () => {
        await nav('SLA').click();
        await page.getByRole('table', { name: 'SLA policies' }).getByRole('link', { name: 'Gold' }).click();
        await heading('Gold').waitFor();
        const form = page.getByRole('form', { name: 'Edit SLA policy' });
        const resolution = form.getByRole('group', { name: 'P2 · urgent' }).getByLabel('Resolution (minutes)', { exact: true });
        await resolution.fill('0');
        await form.getByRole('button', { name: 'Save policy' }).click();
        await eventually(() => resolution.getAttribute('aria-invalid'), (value) => value === 'true', 'the P2 resolution target marked invalid');
        await eventually(() => descriptionOf(resolution), (text) => /whole number/i.test(text), 'the server\'s message described by the P2 resolution target');
        await resolution.fill('600');
        await eventually(() => descriptionOf(resolution), (text) => text.includes('10 h'), 'the 10 h equivalent beside 600 minutes');
        await form.getByRole('button', { name: 'Save policy' }).click();
        await eventually(() => resolution.getAttribute('aria-invalid'), (value) => value === null, 'the P2 resolution target accepted');
        await page.reload();
        await eventually(() => form.getByRole('group', { name: 'P2 · urgent' }).getByLabel('Resolution (minutes)', { exact: true }).inputValue(), (value) => value === '600', 'the saved target after reloading');
        await screenshot('19-sla-policy');
      },
    },
    {
      name: `${AGENT} sees the At risk page in time-to-breach order, breached ones first`,
      critical: true,
      run: async () => {
        await switchUser(AGENT);
        await nav('At risk').click();
        await heading('At risk').waitFor();
        const rows = page.getByRole('table', { name: 'Cases at risk' }).locator('tbody tr');
        await rows.first().waitFor();
        const seen = await rows.evaluateAll((all) =>
          all.map((row) => ({ bad: row.classList.contains('row--bad'), breached: row.textContent.includes('Breached'), due: Date.parse(row.querySelector('time.countdown').getAttribute('datetime')) })),
        );
        const breached = seen.filter((row) => row.breached);
        if (seen.slice(0, breached.length).some((row) => !row.breached)) throw new Error('a case not breached is listed above a breached one');
        const sorted = (list) => list.every((row, index) => index === 0 || list[index - 1].due <= row.due);
        if (!sorted(breached) || !sorted(seen.slice(breached.length))) throw new Error(`not in time-to-breach order: ${JSON.stringify(seen)}`);
        if (breached.some((row) => !row.bad)) throw new Error('a breached case is not shown in red');
        await screenshot('20-at-risk');
      },
    },
    {
      name: `${AGENT} opens a case at risk and sees its SLA panel with a live countdown`,
      run: async () => {
        const first = page.getByRole('table', { name: 'Cases at risk' }).locator('tbody tr').first().getByRole('link').first();
        const subject = await first.textContent();
        await first.click();
        await heading(subject).waitFor();
        const panel = page.getByRole('region', { name: 'SLA' });
        const countdown = panel.locator('time.countdown').first();
        await countdown.waitFor();
        await eventually(() => countdown.getAttribute('title'), (title) => /^Due /.test(title ?? ''), 'a countdown titled with its due time');
        await eventually(() => countdown.textContent(), (text) => /left|overdue by/.test(text), 'a countdown saying the time left');
        if ((await countdown.getAttribute('aria-live')) !== 'off') throw new Error('the countdown is announced as it changes');
        await panel.getByRole('progressbar').first().waitFor();
        await panel.getByRole('link').first().waitFor();
        await panel.screenshot({ path: path.join(ARTIFACTS, '21-sla-panel.png') });
      },
    },
    {
      name: 'the Reports page draws the SLA compliance chart and its table',
      run: async () => {
        await nav('Reports').click();
        await heading('Reports').waitFor();
        const report = page.getByRole('region', { name: 'SLA compliance' });
        await report.locator('.chart canvas').first().waitFor();
        await eventually(() => report.getByRole('table', { name: 'SLA compliance' }).textContent(), (text) => /P\d/.test(text) && text.includes('%'), 'priority groups with percentages in the SLA compliance table');
        await page.getByLabel('SLA clock', { exact: true }).selectOption('first_response');
        await eventually(() => page.url(), (url) => url.includes('clock=first_response'), 'the clock in the address');
        await report.locator('.chart canvas').first().waitFor();
        await page.waitForTimeout(1500); // the bars' animation to the new clock's numbers
        await screenshot('22-sla-compliance');
      },
    },
    {
      name: 'the auditor reads the SLA settings without edit controls',
      run: async () => {
        await switchUser(AUDITOR);
        await nav('SLA').click();
        await heading('SLA settings').waitFor();
        await page.getByRole('table', { name: 'SLA policies' }).getByRole('link', { name: 'Gold' }).waitFor();
        await page.waitForTimeout(1000); // time for a notice to arrive, as it does for the manager
        if ((await navNotice('SLA')) !== '') throw new Error('the auditor, who cannot change policies, is asked to review one');
        await page.getByRole('table', { name: 'SLA policies' }).getByRole('link', { name: 'Gold' }).click();
        await heading('Gold').waitFor();
        await page.getByRole('table', { name: 'Targets per priority' }).waitFor();
        if ((await page.getByRole('form', { name: 'Edit SLA policy' }).count()) > 0) throw new Error('the auditor sees the policy editor');
        await nav('SLA').click();
        await page.getByRole('link', { name: DEMO_CALENDAR }).click();
        await heading(DEMO_CALENDAR).waitFor();
        await page.getByRole('region', { name: 'Hours and holidays' }).waitFor();
        for (const control of [page.getByRole('form', { name: 'Edit calendar' }), page.getByLabel('Import holidays (.ics)'), page.getByRole('button')]) {
          if ((await control.filter({ hasNotText: 'Sign out' }).count()) > 0) throw new Error(`the auditor sees a control: ${control}`);
        }
      },
    },
  ];
  /** For the steps of other files (allocation.mjs). */
  all.helpers = { heading, nav, switchUser, startNewCase };
  return all;
}

async function main() {
  await mkdir(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const counts = { passed: 0, failed: 0, skipped: 0 };
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    const scriptErrors = [];
    page.on('pageerror', (error) => scriptErrors.push(error.message));
    page.on('console', (message) => /Content Security Policy/i.test(message.text()) && scriptErrors.push(message.text())); // the UI needs nothing its policy forbids
    const screenshot = (name) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

    const shared = steps(page, screenshot);
    const all = [
      ...shared,
      ...allocationSteps({ ...shared.helpers, page, screenshot, eventually, descriptionOf, artifact: (name) => path.join(ARTIFACTS, name) }),
      ...performanceSteps({ ...shared.helpers, page, screenshot, eventually, artifact: (name) => path.join(ARTIFACTS, name) }),
      ...qualitySteps({ page, screenshot, baseUrl: BASE_URL, password: PASSWORD }),
      ...surveySteps(page, screenshot, { baseUrl: BASE_URL, password: PASSWORD, signInAs: (username) => signInOn(page, username) }),
      ...retentionSteps(page, screenshot, { base: BASE_URL, artifacts: ARTIFACTS, csManager: CS_MANAGER, password: PASSWORD }),
      ...gapSteps({ page, screenshot, baseUrl: BASE_URL, signInAs: (username) => signInOn(page, username) }),
      ...mailSteps(page, screenshot, { baseUrl: BASE_URL, password: PASSWORD, lmtp: process.env.FORGEDESK_LMTP, signInAs: (username) => signInOn(page, username) }),
      ...hostileSteps({ browser, baseUrl: BASE_URL, password: PASSWORD, lmtp: process.env.FORGEDESK_LMTP, eventually, artifact: (name) => path.join(ARTIFACTS, name) }),
      ...privacySteps({ page, screenshot, baseUrl: BASE_URL, signInAs: (username) => signInOn(page, username) }),
      ...slaReportSteps({ page, screenshot, eventually, signInAs: (username) => signInOn(page, username) }),
      {
        name: 'the page raised no script errors',
        run: async () => {
          if (scriptErrors.length > 0) throw new Error(scriptErrors.join('; '));
        },
      },
    ];
    let stopped = false;
    for (const [index, step] of all.entries()) {
      if (stopped) {
        counts.skipped += 1;
        console.log(`skip - ${step.name}`);
        continue;
      }
      try {
        await step.run();
        counts.passed += 1;
        console.log(`ok   - ${step.name}`);
      } catch (error) {
        counts.failed += 1;
        console.log(`FAIL - ${step.name}\n       ${error.message.split('\n').join('\n       ')}`);
        await screenshot(`failed-${String(index + 1).padStart(2, '0')}`).catch(() => {});
        stopped = Boolean(step.critical);
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`screenshots in ${ARTIFACTS}`);
  console.log(`${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
  return counts.failed === 0 && counts.skipped === 0;
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error) => {
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
