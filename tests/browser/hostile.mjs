// Browser steps for hostile input (docs/SECURITY.md): markup, event handlers
// and javascript: URLs put into the free-text fields of every kind of record
// (account, contact, interaction, case subject, description, reply and note,
// the complaint's steps, CAPA, task, feedback, objective and performance
// feedback, a survey's own texts and the customer's comment on the public
// page, a mail's sender, subject and body over LMTP), some typed into the UI
// and the rest made through the API, then every page that shows them opened.
// Each page must show the text literally, and no script may run: the payloads
// call xss(), which an init script records, any dialog is recorded, every
// Content-Security-Policy violation is recorded, and the page must hold no
// element the payloads would have made. A first step proves the guard sees an
// injected script.

import { deliver } from './mail.mjs';
import { apiSession } from './surveys.mjs';

/** A hostile string naming its field; each payload calls xss(label) if it ever runs. */
const hostile = (label) => `${label} <script>xss('${label}')</script>"><img src=x onerror="xss('${label}')">'><svg onload=xss('${label}')> javascript:xss('${label}')`;

/** Runs in the page before its own scripts: counts payload calls and policy violations. */
function guard() {
  window.__hostile = { ran: [], violations: [] };
  window.xss = (label) => window.__hostile.ran.push(String(label));
  document.addEventListener('securitypolicyviolation', (e) => window.__hostile.violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
}

/**
 * The steps, in the shape run.mjs runs. `t` gives browser, baseUrl, password,
 * lmtp (host:port), eventually and artifact(name).
 */
export function hostileSteps(t) {
  const runId = Math.random().toString(36).slice(2, 8);
  const H = (field) => hostile(`${field}-${runId}`);
  let context, page, api, dialogs;
  const made = {};

  /** Opens a staff page (signing in as username when asked) and waits until every text is shown literally. */
  const shows = async (hash, texts, username = 'admin') => {
    await page.goto(`${t.baseUrl}/#${hash}`);
    const signIn = page.getByLabel('Username', { exact: true });
    await page.getByRole('button', { name: 'Sign out' }).or(signIn).first().waitFor();
    if (await signIn.isVisible()) {
      await signIn.fill(username);
      await page.getByLabel('Password', { exact: true }).fill(t.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
    }
    await t.eventually(() => page.evaluate(() => document.body.innerText), (text) => texts.every((s) => text.includes(s)), `#${hash} to show ${texts.map((s) => s.split(' ')[0]).join(', ')} literally`);
    await clean(hash);
  };

  /** Nothing ran, nothing was blocked, and the DOM holds no element or attribute a payload would have made. */
  const clean = async (where) => {
    const state = await page.evaluate(() => ({
      ...window.__hostile,
      injected: [...document.querySelectorAll('body script, body img[src="x"], body svg[onload], body [onerror], body [onload]')].map((e) => e.outerHTML.slice(0, 120)),
      links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')).filter((h) => /^\s*javascript:/i.test(h)),
    }));
    const problems = [
      ...state.ran.map((label) => `a payload ran: ${label}`),
      ...dialogs.map((d) => `a dialog opened: ${d}`),
      ...state.violations.map((v) => `Content-Security-Policy violation: ${v}`),
      ...state.injected.map((e) => `an injected element: ${e}`),
      ...state.links.map((h) => `a javascript: link: ${h}`),
    ];
    if (problems.length) throw new Error(`${where}: ${problems.join('; ')}`);
  };

  const switchTo = async (username) => {
    await page.context().clearCookies();
    await page.goto(`${t.baseUrl}/`);
    await page.getByLabel('Username', { exact: true }).fill(username);
    await page.getByLabel('Password', { exact: true }).fill(t.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  };

  return [
    {
      name: 'hostile input: the guard sees a script injected into the page, and the policy blocks it',
      critical: true,
      run: async () => {
        context = await t.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
        await context.addInitScript(guard);
        page = await context.newPage();
        page.setDefaultTimeout(10_000);
        dialogs = [];
        page.on('dialog', (dialog) => {
          dialogs.push(dialog.message());
          void dialog.dismiss();
        });
        await page.goto(`${t.baseUrl}/`);
        await page.getByLabel('Username', { exact: true }).waitFor();
        await page.evaluate(() => {
          const probe = document.createElement('div');
          probe.innerHTML = '<img src="data:," onerror="xss(\'probe\')">';
          document.body.append(probe);
          const script = document.createElement('script');
          script.textContent = "xss('inline')";
          document.body.append(script);
        });
        const seen = await t.eventually(() => page.evaluate(() => window.__hostile), (s) => s.violations.length >= 2, 'two policy violations');
        if (seen.ran.length) throw new Error(`inline script ran despite the policy: ${seen.ran}`);
        await page.reload();
        await clean('the sign-in page, reloaded');
      },
    },
    {
      name: 'hostile input: records of every kind are made with hostile text through the API, and a mail over LMTP',
      critical: true,
      run: async () => {
        api = await apiSession(t.baseUrl, 'admin', t.password);
        const users = (await api('GET', '/users?limit=200')).items;
        const id = (username) => users.find((u) => u.username === username).id;
        const leader = await apiSession(t.baseUrl, 'priya.nair', t.password);
        const today = new Date().toISOString().slice(0, 10);
        made.account = await api('POST', '/accounts', { name: H('account'), status: 'active', sector: H('sector').slice(0, 100), city: 'Leeds', notes: H('notes'), account_manager_id: id('amy.shah') });
        made.contact = await api('POST', '/contacts', { account_id: made.account.id, name: H('contact'), job_title: H('job'), phone: `javascript:xss('phone')"><b>`, audience: 'technical', lawful_basis: 'contract', email: `buyer-${runId}@example.com` });
        made.interaction = await api('POST', '/interactions', { account_id: made.account.id, channel: 'phone', direction: 'inbound', occurred_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), summary: H('interaction') });
        made.complaint = await api('POST', '/cases', { account_id: made.account.id, type: 'complaint', priority: 2, subject: H('subject'), description: H('description') });
        const cid = made.complaint.id;
        await api('POST', `/cases/${cid}/complaint/steps`, { step: 'acknowledged', note: H('ack') });
        await api('POST', `/cases/${cid}/complaint/steps`, { step: 'assessed', severity: 'major', impact: H('impact') });
        await api('POST', `/cases/${cid}/complaint/steps`, { step: 'investigated', investigation: H('investigation') });
        await leader('POST', `/cases/${cid}/complaint/steps`, { step: 'root_cause', five_whys: [H('why')], cause_category: 'material' });
        await leader('POST', `/cases/${cid}/complaint/steps`, { step: 'decided', remedy: 'replace', resolution: H('resolution') });
        made.capa = await (await apiSession(t.baseUrl, 'grace.okafor', t.password))('POST', '/capas', { case_id: cid, title: H('capa'), description: H('capa-description'), owner_id: id('admin'), due_on: today });
        made.task = await api('POST', '/tasks', { kind: 'proactive_contact', account_id: made.account.id, owner_id: id('admin'), due_on: today, title: H('task'), notes: H('task-notes') });
        made.feedback = await api('POST', '/feedback', { kind: 'free_comment', account_id: made.account.id, occurred_on: today, title: H('feedback'), summary: H('feedback-summary'), themes: [`hostile-${runId}`] });
        const survey = await api('POST', '/surveys', { name: H('survey'), type: 'csat', question: H('question'), low_label: 'Bad', high_label: 'Good', comment_prompt: H('prompt') });
        made.link = (await api('POST', '/survey-invitations', { survey_id: survey.id, contact_id: made.contact.id, delivery: 'link' })).link;
        const answer = await deliver(t.lmtp, [`From: =?utf-8?B?${Buffer.from(H('sender')).toString('base64')}?= <stranger-${runId}@unknown.example>`, 'To: support@forgedesk.test', `Subject: ${H('mail-subject')}`, `Message-ID: <${runId}.hostile@unknown.example>`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', H('mail-body'), ''].join('\n'));
        if (!/^250 /.test(answer)) throw new Error(`LMTP answered ${answer}`);
      },
    },
    {
      name: 'hostile input: typed into the new-account form, a case reply and an internal note',
      run: async () => {
        await switchTo('admin');
        await page.goto(`${t.baseUrl}/#/accounts/new`);
        await page.getByLabel('Name', { exact: true }).fill(H('typed-account'));
        await page.getByRole('button', { name: 'Create account' }).click();
        await page.getByRole('heading', { level: 1, name: H('typed-account') }).waitFor();
        await clean('the new account');
        await page.goto(`${t.baseUrl}/#/cases/${made.complaint.id}`);
        await page.getByRole('textbox', { name: 'Public reply' }).fill(H('reply'));
        await page.getByRole('button', { name: 'Send reply' }).click();
        await page.getByRole('textbox', { name: 'Internal note' }).fill(H('note'));
        await page.getByRole('button', { name: 'Add internal note' }).click();
        await t.eventually(() => page.getByRole('list', { name: 'Case timeline' }).textContent(), (text) => text.includes(H('reply')) && text.includes(H('note')), 'the reply and the note on the timeline');
        await clean('the case after typing');
      },
    },
    {
      name: 'hostile input: the customer sees the survey\'s texts literally on the public page and answers with a hostile comment',
      run: async () => {
        await page.context().clearCookies();
        await page.goto(made.link);
        await t.eventually(() => page.evaluate(() => document.body.innerText), (text) => [H('survey'), H('question'), H('prompt')].every((s) => text.includes(s)), 'the survey texts literally');
        await clean('the public survey page');
        await page.getByRole('radio', { name: '1', exact: true }).click();
        await page.getByRole('textbox').first().fill(H('comment'));
        await page.getByRole('button', { name: 'Send my answer' }).click();
        await page.getByRole('status').filter({ hasText: 'Thank you' }).waitFor();
        await clean('the public survey page after answering');
        await page.screenshot({ path: t.artifact('hostile-01-public-survey.png'), fullPage: true });
      },
    },
    {
      name: 'hostile input: the account page shows the account, contact, interaction, case and survey answer literally',
      run: async () => {
        await shows(`/accounts/${made.account.id}`, [H('account'), H('notes'), H('contact'), H('job'), H('interaction'), H('subject'), H('comment')]);
        const tel = await page.locator('a[href^="tel:"]').filter({ hasText: 'javascript:' }).getAttribute('href');
        if (!tel?.startsWith('tel:')) throw new Error(`the phone link is ${tel}`);
        await page.screenshot({ path: t.artifact('hostile-02-account.png'), fullPage: true });
      },
    },
    {
      name: 'hostile input: the case page shows subject, description, complaint steps, CAPA, reply and note literally',
      run: async () => {
        await shows(`/cases/${made.complaint.id}`, [H('subject'), H('description'), H('impact'), H('investigation'), H('why'), H('resolution'), H('capa'), H('reply'), H('note')]);
        await page.screenshot({ path: t.artifact('hostile-03-case.png'), fullPage: true });
      },
    },
    {
      name: 'hostile input: the lists and the CAPA, tasks, feedback and mail triage pages show the text literally',
      run: async () => {
        await shows(`/capas/${made.capa.id}`, [H('capa'), H('capa-description')]);
        await shows('/capas', [H('capa')]);
        await shows(`/accounts?q=${encodeURIComponent(`account-${runId}`)}`, [H('account')]);
        await shows('/tasks/mine', [H('task')]);
        await shows('/feedback', [H('feedback')]);
        await shows('/surveys', [H('survey')]);
        await shows('/mail', [H('mail-subject'), H('sender'), H('mail-body')]);
        await page.screenshot({ path: t.artifact('hostile-04-mail-triage.png'), fullPage: true });
      },
    },
    {
      name: 'hostile input: a chart with a hostile series name draws legend and tooltip on its canvas, never as markup',
      run: async () => {
        // enough complaints to rank the account among the report's named ones
        for (let i = 0; i < 12; i++) await api('POST', '/cases', { account_id: made.account.id, type: 'complaint', priority: 3, subject: `Complaint ${i} ${runId}` });
        await shows('/reports?complaints_by=account', [H('account')]);
        const chart = page.getByRole('region', { name: 'Complaints over time' }).locator('.chart');
        await chart.locator('canvas').first().waitFor();
        await chart.scrollIntoViewIfNeeded();
        const box = await chart.boundingBox();
        // over the newest months' bars, where the hostile account's are
        for (const x of [0.95, 0.9, 0.85, 0.8]) {
          await page.mouse.move(box.x + box.width * x, box.y + box.height * 0.7);
          await page.waitForTimeout(150);
          if (await chart.locator('div').filter({ hasText: /\S/ }).count()) throw new Error(`the tooltip is HTML: ${await chart.innerHTML()}`);
        }
        await clean('the complaints report, its tooltip shown');
        await page.screenshot({ path: t.artifact('hostile-05-chart-tooltip.png') });
      },
    },
    {
      name: 'hostile input: objectives and feedback on a person\'s performance page show literally',
      run: async () => {
        const hr = await apiSession(t.baseUrl, 'rachel.hughes', t.password);
        const person = (await api('GET', '/users?limit=200')).items.find((u) => u.username === 'amy.shah');
        await hr('POST', '/objectives', { level: 'personal', owner_id: person.id, title: H('objective'), description: H('objective-description'), deadline: `${new Date().getUTCFullYear() + 1}-03-31` });
        await hr('POST', '/performance-feedback', { person_id: person.id, given_on: new Date().toISOString().slice(0, 10), kind: 'praise', situation: H('situation'), behaviour: 'Answered every call in the first minute', impact: H('impact-feedback') });
        await switchTo('rachel.hughes');
        await shows(`/performance/people/${person.id}`, [H('objective'), H('situation'), H('impact-feedback')], 'rachel.hughes');
        await page.screenshot({ path: t.artifact('hostile-06-performance.png'), fullPage: true });
      },
    },
    {
      name: 'hostile input: no script ran and no dialog opened over all the pages',
      run: async () => {
        await clean('the last page');
        await context.close();
      },
    },
  ];
}
