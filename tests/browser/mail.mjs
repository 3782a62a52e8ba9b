// Browser steps for the email channel (docs/MAIL.md), with mail delivered to
// the server under test over LMTP (serve --lmtp, FORGEDESK_LMTP): a
// contact's mail opens a case whose page shows it with its attachment as a
// download; the customer's reply by mail shows on the timeline with its
// attachment; an agent's public reply shows its outbound mail queued (the
// demo server sends no mail), also on the outbound queue page; a mail from
// an unknown sender waits on the triage page and is assigned to an account,
// which opens its case; the quarantine and rules page is the CS manager's.

import net from 'node:net';
import { apiSession } from './surveys.mjs';

/** Delivers one message over LMTP; resolves with the server's answer to the message ("250 2.0.0 case mail=… case=…"). */
export function deliver(address, message, rcpt = 'support@forgedesk.test') {
  const [host, port] = address.split(':');
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), host);
    const body = message.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    const commands = ['LHLO browser-test\r\n', 'MAIL FROM:<sender@example.net>\r\n', `RCPT TO:<${rcpt}>\r\n`, 'DATA\r\n', `${body}\r\n.\r\n`];
    let buffered = '';
    let sent = 0;
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      buffered += chunk;
      let end;
      while ((end = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (/^\d{3}-/.test(line)) continue;
        if (sent === commands.length || !/^[23]/.test(line)) {
          socket.end('QUIT\r\n');
          resolve(line);
          return;
        }
        socket.write(commands[sent++]);
      }
    });
    socket.on('error', reject);
  });
}

/** A multipart mail with a text part and one text attachment. */
function mailWithAttachment({ from, subject, messageId, inReplyTo, text, filename, content }) {
  const boundary = `b-${messageId.replace(/\W/g, '')}`;
  return [
    `From: ${from}`,
    'To: support@forgedesk.test',
    `Subject: ${subject}`,
    `Message-ID: <${messageId}>`,
    ...(inReplyTo ? [`In-Reply-To: <${inReplyTo}>`, `References: <${inReplyTo}>`] : []),
    'Date: Tue, 10 Mar 2026 09:00:00 +0000',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    `--${boundary}`,
    `Content-Type: text/plain; name="${filename}"`,
    `Content-Disposition: attachment; filename="${filename}"`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(content).toString('base64'),
    `--${boundary}--`,
    '',
  ].join('\n');
}

const caseOf = (answer) => {
  const match = /^250 2\.0\.0 (\w+) mail=\d+ case=(\d+)/.exec(answer);
  if (!match) throw new Error(`LMTP answered ${answer}`);
  return { outcome: match[1], caseId: Number(match[2]) };
};

/**
 * The steps, in the shape run.mjs runs: {name, run, critical?}. `ctx` gives
 * baseUrl, password, lmtp (host:port of the server's LMTP) and signInAs(username).
 */
export function mailSteps(page, screenshot, ctx) {
  const runId = Math.random().toString(36).slice(2, 8);
  const domain = `mail-${runId}.example`;
  const contactEmail = `r.weber@${domain}`;
  const subject = `Gearbox GX-40 overheating ${runId}`;
  const firstId = `first.${runId}@${domain}`;
  const strangerSubject = `Quote for 12 spindles ${runId}`;
  const reply = `Please send a photo of the rating plate ${runId}`;
  let account, caseId;

  const heading = (name) => page.getByRole('heading', { level: 1, name });
  const openAs = async (hash, username) => {
    await page.context().clearCookies();
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${ctx.baseUrl}/#${hash}`);
    await page.getByLabel('Username', { exact: true }).waitFor();
    await ctx.signInAs(username);
  };

  return [
    {
      name: 'mail: a contact\'s mail with an attachment arrives over LMTP and opens a case',
      critical: true,
      run: async () => {
        if (!ctx.lmtp) throw new Error('FORGEDESK_LMTP (the server\'s --lmtp address) is not set');
        const api = await apiSession(ctx.baseUrl, 'admin', ctx.password);
        account = await api('POST', '/accounts', { name: `Weber Antriebe ${runId}`, status: 'active' });
        await api('POST', '/contacts', { account_id: account.id, name: 'Ruth Weber', audience: 'technical', lawful_basis: 'contract', email: contactEmail });
        const answer = await deliver(
          ctx.lmtp,
          mailWithAttachment({
            from: `Ruth Weber <${contactEmail}>`,
            subject,
            messageId: firstId,
            text: 'The GX-40 runs at 95 °C after an hour. Log attached.',
            filename: 'temperature-log.csv',
            content: 'minute,celsius\n0,40\n60,95\n',
          }),
        );
        ({ caseId } = caseOf(answer));
        if (!(caseId > 0) || caseOf(answer).outcome !== 'case') throw new Error(`expected a new case, LMTP said ${answer}`);
      },
    },
    {
      name: 'mail: the case page shows the mail, its attachment as a download served with safe headers',
      run: async () => {
        await openAs(`/cases/${caseId}`, 'amy.shah');
        await heading(subject).waitFor();
        const mails = page.getByRole('list', { name: 'Case mail' });
        await mails.getByText(`from Ruth Weber <${contactEmail}>`).waitFor();
        const link = mails.getByRole('link', { name: 'temperature-log.csv' });
        await link.waitFor();
        const download = await page.request.get(new URL(await link.getAttribute('href'), ctx.baseUrl).href);
        const headers = download.headers();
        if (!headers['content-disposition']?.startsWith('attachment;')) throw new Error(`served as ${headers['content-disposition']}`);
        if (headers['x-content-type-options'] !== 'nosniff') throw new Error('served without nosniff');
        if ((await download.text()) !== 'minute,celsius\n0,40\n60,95\n') throw new Error('the attachment came back changed');
        // the receipt forgedesk queued for the customer is listed with its state
        await mails.getByText('Mail out · Receipt').waitFor();
      },
    },
    {
      name: 'mail: the customer\'s reply by mail shows on the timeline with its attachment',
      run: async () => {
        const answer = await deliver(
          ctx.lmtp,
          mailWithAttachment({
            from: `Ruth Weber <${contactEmail}>`,
            subject: `Re: ${subject}`,
            messageId: `second.${runId}@${domain}`,
            inReplyTo: firstId,
            text: `Here is the oil analysis ${runId}.`,
            filename: 'oil-analysis.txt',
            content: 'viscosity low',
          }),
        );
        if (caseOf(answer).outcome !== 'reply' || caseOf(answer).caseId !== caseId) throw new Error(`expected a reply on case ${caseId}, LMTP said ${answer}`);
        await page.reload();
        const timeline = page.getByRole('list', { name: 'Case timeline' });
        const item = timeline.getByRole('listitem').filter({ hasText: `Here is the oil analysis ${runId}.` });
        await item.getByText('Customer reply').waitFor();
        await item.getByText(`By email from Ruth Weber <${contactEmail}>`).waitFor();
        await item.getByRole('link', { name: 'oil-analysis.txt' }).waitFor();
      },
    },
    {
      name: 'mail: an agent\'s public reply says it goes out as mail and shows its mail queued',
      run: async () => {
        const form = page.getByRole('form', { name: 'Public reply' });
        await form.getByText('Goes out as an email to the customer').waitFor();
        await form.getByLabel('Public reply').fill(reply);
        await form.getByRole('button', { name: 'Send reply' }).click();
        const item = page.getByRole('list', { name: 'Case timeline' }).getByRole('listitem').filter({ hasText: reply });
        const state = item.locator('.mail-state');
        await state.getByText(`Mail to ${contactEmail}`).waitFor();
        await state.getByText('Queued').waitFor();
        await screenshot('mail-01-case');
      },
    },
    {
      name: 'mail: the outbound queue lists the reply queued, filtered by status',
      run: async () => {
        await page.getByRole('navigation').getByRole('link', { name: 'Mail', exact: true }).click();
        await heading('Mail triage').waitFor();
        if (await page.getByRole('link', { name: 'Quarantine and rules' }).count()) throw new Error('an agent is offered the quarantine');
        await page.getByRole('link', { name: 'Outbound queue' }).click();
        await heading('Outbound queue').waitFor();
        await page.getByLabel('Status').selectOption('queued');
        const row = page.getByRole('table', { name: 'Outbound mail' }).getByRole('row').filter({ hasText: `Re: ${subject}` });
        await row.getByText('Queued').waitFor();
        await row.getByText(contactEmail).waitFor();
        await screenshot('mail-02-outbound-queue');
        await page.getByLabel('Status').selectOption('failed');
        await page.getByRole('table', { name: 'Outbound mail' }).getByText(`Re: ${subject}`).waitFor({ state: 'detached' });
      },
    },
    {
      name: 'mail: a mail from an unknown sender waits for triage and is assigned to an account, opening its case',
      run: async () => {
        const answer = await deliver(
          ctx.lmtp,
          [`From: Sam Stranger <sam.${runId}@gmail.com>`, 'To: support@forgedesk.test', `Subject: ${strangerSubject}`, `Message-ID: <stranger.${runId}@gmail.com>`, '', 'Could you quote 12 spindles?', ''].join('\n'),
        );
        if (caseOf(answer).outcome !== 'triage') throw new Error(`expected triage, LMTP said ${answer}`);
        await page.goto(`${ctx.baseUrl}/#/mail`);
        await heading('Mail triage').waitFor();
        const item = page.getByRole('list', { name: 'Mail waiting for triage' }).getByRole('listitem').filter({ hasText: strangerSubject });
        await item.getByText('Could you quote 12 spindles?').waitFor();
        await screenshot('mail-03-triage');
        await item.getByRole('button', { name: `Assign mail from sam.${runId}@gmail.com` }).click();
        await item.getByLabel('Find account').fill(`Weber Antriebe ${runId}`);
        const accountSelect = item.getByLabel('Account', { exact: true });
        await accountSelect.locator(`option[value="${account.id}"]`).waitFor({ state: 'attached' });
        await accountSelect.selectOption(String(account.id));
        await item.getByLabel('Case type').selectOption('enquiry');
        await item.getByRole('button', { name: 'Open case' }).click();
        await heading(strangerSubject).waitFor();
        await page.getByText(`Weber Antriebe ${runId}`).first().waitFor();
        await page.getByRole('list', { name: 'Case mail' }).getByText(`from Sam Stranger <sam.${runId}@gmail.com>`).waitFor();
        await page.goto(`${ctx.baseUrl}/#/mail`);
        await heading('Mail triage').waitFor();
        await page.getByText(strangerSubject).waitFor({ state: 'detached' });
      },
    },
    {
      name: 'mail: the CS manager adds a mailbox rule and reads the quarantine',
      run: async () => {
        const answer = await deliver(ctx.lmtp, `just a line of text ${runId}, no headers at all\n`);
        if (caseOf(answer).outcome !== 'quarantined') throw new Error(`expected quarantine, LMTP said ${answer}`);
        await openAs('/mail/admin', 'helen.carter');
        await heading('Quarantine and mailbox rules').waitFor();
        const form = page.getByRole('form', { name: 'New mailbox rule' });
        await form.getByLabel('Our address').fill(`complaints-${runId}@forgedesk.test`);
        await form.getByLabel('Opens').selectOption('complaint');
        await form.getByRole('button', { name: 'Add rule' }).click();
        await page.getByRole('table', { name: 'Mailbox rules' }).getByText(`complaints-${runId}@forgedesk.test`).waitFor();
        await page.getByRole('table', { name: 'Quarantined mail' }).getByRole('row').nth(1).waitFor();
        await screenshot('mail-04-admin');
      },
    },
  ];
}
