// The email channel against real mail software: mail comes in through
// `forgedesk mail ingest` and over LMTP (the server's --lmtp), goes out
// through the queue to Postfix's smtp-sink started here on ctx.smtpPort.
// The corpus is tests/mail/corpus; the 20 MB attachment is made here.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { anon, ctx, make, problem, signIn, sql, uniq, withQuery } from './lib.mjs';

const corpus = fileURLToPath(new URL('../mail/corpus/', import.meta.url));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const SMTP_SINK = ['/usr/sbin/smtp-sink', '/usr/lib/postfix/sbin/smtp-sink'].find((p) => spawnSync('test', ['-x', p]).status === 0);

/** Postfix's smtp-sink on ctx.smtpPort, dumping each mail into a folder. */
async function startSink() {
  const dir = mkdtempSync(path.join(tmpdir(), 'forgedesk-sink-'));
  chmodSync(dir, 0o777);
  const args = ['-d', `${dir}/%Y%m%d%H%M%S.`, '-h', 'sink.test', `127.0.0.1:${ctx.smtpPort}`, '50'];
  if (process.getuid?.() === 0) args.unshift('-u', 'nobody');
  const proc = spawn(SMTP_SINK, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise((resolve) => {
      const s = net.connect(ctx.smtpPort, '127.0.0.1', () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (up) break;
    await sleep(50);
  }
  return {
    mails: () => readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'latin1')),
    stop: async () => { proc.kill('SIGTERM'); await new Promise((r) => proc.on('exit', r)); rmSync(dir, { recursive: true, force: true }); },
  };
}

/** Delivers one message over LMTP; resolves with the server's reply line to DATA. */
function lmtp(message, rcpt = 'support@forgedesk.test') {
  return new Promise((resolve, reject) => {
    const s = net.connect(ctx.lmtpPort, '127.0.0.1');
    let buf = '', step = 0;
    const body = message.toString('latin1').replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    const steps = ['LHLO test\r\n', 'MAIL FROM:<sender@example.net>\r\n', `RCPT TO:<${rcpt}>\r\n`, 'DATA\r\n', `${body}${body.endsWith('\r\n') ? '' : '\r\n'}.\r\n`, 'QUIT\r\n'];
    s.setEncoding('latin1');
    s.on('data', (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (/^\d{3}-/.test(line)) continue;
        if (step === 5) { s.end(); return resolve(line); }
        if (!/^[23]/.test(line)) { s.end(); return resolve(line); }
        s.write(steps[step++]);
      }
    });
    s.on('error', reject);
  });
}

/** Runs `forgedesk mail ingest` with message on stdin: {status, stdout}. */
function ingest(message, ...args) {
  const r = spawnSync(ctx.bin, ['mail', 'ingest', '--db', ctx.db, '--mail-from', 'forgedesk-tests@localhost', ...args], { input: message, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout.toString().trim(), stderr: r.stderr.toString() };
}
const outcomeOf = (line) => Object.fromEntries(line.split(' ').slice(1).map((kv) => kv.split('=')).map(([k, v]) => [k, v]));

/** A corpus message with its From and Message-ID replaced. */
function fromCorpus(name, { from, messageId = `${uniq()}@test.example`, extra = '' } = {}) {
  let text = readFileSync(path.join(corpus, name), 'latin1');
  if (from) text = text.replace(/^From: .*$/m, `From: ${from}`).replace(/^Return-Path: .*$/m, `Return-Path: <${from.replace(/.*</, '').replace('>', '')}>`);
  text = text.replace(/^Message-ID: .*$/m, `Message-ID: <${messageId}>${extra}`);
  return Buffer.from(text, 'latin1');
}

const mail = ({ from, subject, body = 'Hello', headers = '' }) =>
  Buffer.from(`From: ${from}\r\nTo: support@forgedesk.test\r\nSubject: ${subject}\r\nMessage-ID: <${uniq()}@test.example>\r\n${headers}Content-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`);

async function until(what, fn, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(150);
  }
}

describe('the email channel', () => {
  let admin, agent, auditor, manager, account, contact, domain, sink;
  const complaintsAddress = `complaints-${uniq()}@forgedesk.test`;
  before(async () => {
    [admin, agent, auditor, manager] = await Promise.all([signIn('admin'), signIn('agent'), signIn('auditor'), signIn('cs_manager')]);
    domain = `${uniq()}.example`;
    account = await agent.create('/api/v1/accounts', make.account());
    contact = await agent.create('/api/v1/contacts', make.contact(account.id, { name: 'Jonas Meyer', email: `j.meyer@${domain}`, audience: 'commercial' }));
    await manager.create('/api/v1/mailbox-rules', { address: complaintsAddress.toUpperCase(), case_type: 'complaint', priority: 2 });
    sink = await startSink();
  });
  after(async () => { await sink?.stop(); });

  const mailsOf = (id) => agent.read(`/api/v1/cases/${id}/mails`);
  const sentTo = (needle) => sink.mails().filter((m) => m.includes(needle));

  test('a contact\'s mail opens an email case, answered by a receipt threaded on it', async () => {
    const r = ingest(fromCorpus('plain-new-request.eml', { from: `Jonas Meyer <j.meyer@${domain}>`, messageId: `first.${domain}` }));
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^case /);
    const id = Number(outcomeOf(r.stdout).case);
    const c = await agent.read(`/api/v1/cases/${id}`);
    assert.equal(c.channel, 'email');
    assert.equal(c.contact_id, contact.id);
    assert.equal(c.type, 'enquiry');
    assert.equal(c.subject, 'Pump PX-200 leaking at the shaft seal');
    assert.match(c.description, /replacement seal kit/);
    const mails = await mailsOf(id);
    assert.equal(mails.inbound.length, 1);
    assert.equal(mails.outbound.length, 1);
    assert.equal(mails.outbound[0].kind, 'case_opened');
    assert.equal(mails.outbound[0].in_reply_to, `first.${domain}`);
    const sent = await until('the receipt at the sink', () => sentTo(`first.${domain}`).find((m) => m.includes(`[Case #${id}]`)));
    assert.match(sent, /^Auto-Submitted: auto-replied/m, 'our receipts say they are automatic, so auto-responders leave them alone');
    assert.match(sent, new RegExp(`^In-Reply-To: <first\\.${domain.replace(/\./g, '\\.')}>`, 'm'));
    assert.match(sent, /^Message-ID: <forgedesk\.\d+\.[0-9a-f]+@localhost>/m);
    assert.match(sent, /Dear Jonas Meyer/, 'the commercial wording for a commercial contact');
    await until('the receipt recorded as sent', async () => (await mailsOf(id)).outbound[0].status === 'sent');
  });

  test('an agent\'s reply goes out threaded; the customer\'s answer resumes the case waiting on them', async () => {
    const r = ingest(mail({ from: `j.meyer@${domain}`, subject: 'Second pump', body: 'Another one.' }));
    const id = Number(outcomeOf(r.stdout).case);
    assert.equal((await agent.post(`/api/v1/cases/${id}/status`, { status: 'waiting_on_customer' })).status, 200);
    assert.equal((await agent.post(`/api/v1/cases/${id}/replies`, { body: 'Which serial number is it?' })).status, 201);
    const reply = await until('the reply queued and sent', async () => (await mailsOf(id)).outbound.find((m) => m.kind === 'reply' && m.status === 'sent'));
    assert.match(reply.subject, new RegExp(`^Re: Second pump \\[Case #${id}\\]$`));
    assert.equal(reply.auto, 0);
    const sent = await until('the reply at the sink', () => sentTo(reply.message_id)[0]);
    assert.match(sent, /Which serial number is it\?/);
    assert.match(sent, /^References: <.+>/m);
    assert.doesNotMatch(sent, /^Auto-Submitted/m, 'a person\'s reply is not automatic');
    // the customer answers over LMTP, threaded by In-Reply-To only (subject changed)
    const answer = mail({ from: `j.meyer@${domain}`, subject: 'serial', body: 'Serial 88123.', headers: `In-Reply-To: <${reply.message_id}>\r\n` });
    assert.match(await lmtp(answer), /^250 2\.0\.0 reply /);
    const c = await agent.read(`/api/v1/cases/${id}`);
    assert.equal(c.status, 'open', 'the wait on the customer is over');
    assert.equal(c.inbound_replies, 1);
    const timeline = await agent.read(`/api/v1/cases/${id}/timeline`);
    assert.ok(timeline.items.some((e) => e.kind === 'reply' && e.direction === 'inbound' && e.body === 'Serial 88123.'));
    assert.ok(timeline.items.some((e) => e.kind === 'status_change' && e.to_status === 'open' && e.body === 'the customer replied'));
    // a case reference in the subject threads too, from the account's own people only
    assert.match(ingest(mail({ from: `j.meyer@${domain}`, subject: `More on [Case #${id}]` })).stdout, /^reply /);
    assert.match(ingest(mail({ from: `intruder@other-${domain}`, subject: `Re: [Case #${id}]` })).stdout, /^triage /);
  });

  test('auto-replies, bounces, lists and repeats are recorded, never open cases and are never answered', async () => {
    const before = (await admin.read(withQuery('/api/v1/mail/outbox', { limit: 200 }))).items.length;
    const casesBefore = (await admin.read(withQuery('/api/v1/cases', { account_id: account.id, limit: 200 }))).items.length;
    for (const [file, reason] of [['auto-reply-ooo.eml', /Auto-Submitted/], ['bounce-dsn.eml', /Return-Path <>/], ['precedence-bulk.eml', /Precedence/]]) {
      const r = ingest(fromCorpus(file, file === 'bounce-dsn.eml' ? {} : { from: `j.meyer@${domain}` }));
      assert.match(r.stdout, /^ignored /, file);
      assert.match(r.stdout, reason, file);
    }
    const same = mail({ from: `j.meyer@${domain}`, subject: `Loop ${uniq()}`, body: 'identical' });
    const again = Buffer.from(same.toString().replace(/Message-ID: <[^>]+>/, `Message-ID: <${uniq()}@test.example>`));
    assert.match(ingest(same).stdout, /^case /);
    assert.match(ingest(again).stdout, /^ignored .*same mail again/);
    assert.match(ingest(mail({ from: 'forgedesk-tests@localhost', subject: 'ours' })).stdout, /^ignored .*own address/);
    const outbox = (await admin.read(withQuery('/api/v1/mail/outbox', { limit: 200 }))).items.length;
    assert.equal(outbox, before + 1, 'only the one real new mail got a receipt');
    assert.equal((await admin.read(withQuery('/api/v1/cases', { account_id: account.id, limit: 200 }))).items.length, casesBefore + 1);
  });

  test('complaints@ opens a complaint, acknowledged by mail, which stops its acknowledgement step', async () => {
    const line = await lmtp(mail({ from: `j.meyer@${domain}`, subject: 'Wrong valves delivered', body: 'Third time this year.' }), complaintsAddress);
    const id = Number(/case=(\d+)/.exec(line)[1]);
    const c = await agent.read(`/api/v1/cases/${id}`);
    assert.equal(c.type, 'complaint');
    assert.equal(c.priority, 2);
    const complaint = await agent.read(`/api/v1/cases/${id}/complaint`);
    assert.equal(complaint.step, 'acknowledged');
    assert.ok(complaint.acknowledged_at);
    const ack = (await mailsOf(id)).outbound.find((m) => m.kind === 'complaint_acknowledgement');
    assert.match(ack.body, /complaints procedure \(ISO 10002\)/);
  });

  test('unknown senders wait for triage; matched by domain they open a case on that account', async () => {
    const stranger = ingest(fromCorpus('unknown-sender.eml'));
    assert.match(stranger.stdout, /^triage /, 'a gmail.com sender is never matched by domain');
    const mailId = Number(outcomeOf(stranger.stdout).mail);
    const byDomain = ingest(mail({ from: `new.person@${domain}`, subject: 'From a colleague' }));
    assert.match(byDomain.stdout, /^case .*domain/);
    const c = await agent.read(`/api/v1/cases/${outcomeOf(byDomain.stdout).case}`);
    assert.equal(c.account_id, account.id);
    assert.equal(c.contact_id, null);
    const triage = await agent.read(withQuery('/api/v1/mail/triage', { limit: 200 }));
    assert.ok(triage.items.some((m) => m.id === mailId && m.subject === 'Do you make custom gearboxes?'));
    const assign = `/api/v1/mail/triage/${mailId}/assign`;
    problem(await auditor.post(assign, { account_id: account.id }), 403);
    problem(await agent.post(assign, {}), 422, 'account_id');
    const other = await agent.create('/api/v1/accounts', make.account());
    problem(await agent.post(assign, { account_id: other.id, contact_id: contact.id }), 422, 'contact_id');
    const r = await agent.post(assign, { account_id: account.id, contact_id: contact.id, type: 'enquiry' });
    assert.equal(r.status, 201, String(r));
    assert.equal(r.json.channel, 'email');
    assert.equal(r.json.subject, 'Do you make custom gearboxes?');
    problem(await agent.post(assign, { account_id: account.id }), 409);
    assert.ok(!(await agent.read(withQuery('/api/v1/mail/triage', { limit: 200 }))).items.some((m) => m.id === mailId));
    // the assignment is audited on the mail itself, before and after
    const [entry] = (await auditor.read(withQuery('/api/v1/audit', { entity: 'mail', id: mailId }))).items;
    assert.deepEqual([entry?.action, entry?.before?.outcome, entry?.after?.outcome, entry?.after?.case_id], ['update', 'triage', 'case', r.json.id]);
  });

  test('text from every shape of mail: quoted-printable, ISO-8859-1 words, HTML made text, forwarded mail', async () => {
    const qp = ingest(fromCorpus('multipart-alternative-qp.eml', { from: `=?ISO-8859-1?Q?Anna_Sch=FClz?= <anna@${domain}>` }));
    const c1 = await agent.read(`/api/v1/cases/${outcomeOf(qp.stdout).case}`);
    assert.equal(c1.subject, 'Grüße aus München – Lieferung');
    assert.match(c1.description, /Lieferung für Auftrag 4471 ist unvollständig: 3 von 5 Ventilen fehlen/);
    assert.equal((await mailsOf(c1.id)).inbound[0].from_name, 'Anna Schülz');
    const html = ingest(fromCorpus('html-only.eml', { from: `priya@${domain}` }));
    const c2 = await agent.read(`/api/v1/cases/${outcomeOf(html.stdout).case}`);
    assert.match(c2.description, /Please quote 40 x filter FE-12 & 10 x FE-14\./);
    assert.match(c2.description, /- Delivery: Leeds/);
    assert.doesNotMatch(c2.description, /<script|alert|<b>|onerror|p\{color/);
    const fwd = ingest(fromCorpus('forwarded-inline-and-attached.eml', { from: `priya@${domain}` }));
    const m3 = (await mailsOf(outcomeOf(fwd.stdout).case)).inbound[0];
    assert.match(m3.body, /Forwarded message/);
    assert.deepEqual(m3.attachments.map((a) => [a.filename, a.content_type]), [['Late delivery of order 4471.eml', 'message/rfc822']]);
  });

  test('attachments are kept with the case and served back only as downloads', async () => {
    const r = ingest(fromCorpus('base64-attachment.eml', { from: `j.meyer@${domain}` }));
    const id = Number(outcomeOf(r.stdout).case);
    const [png, html] = (await mailsOf(id)).inbound[0].attachments;
    assert.deepEqual([png.filename, png.content_type, png.size], ['flange.png', 'image/png', 70]);
    assert.equal(html.filename, 'Prüfprotokoll.html');
    const d = await agent.get(`/api/v1/mail/attachments/${html.id}`);
    assert.equal(d.status, 200);
    assert.equal(d.headers.get('content-type'), 'application/octet-stream');
    assert.equal(d.headers.get('content-disposition'), 'attachment; filename="Pr__fprotokoll.html"');
    assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
    assert.match(d.headers.get('content-security-policy'), /default-src 'none'; sandbox/);
    assert.equal(d.text, "<html><script>alert('xss')</script>Prüfprotokoll</html>");
    problem(await agent.get('/api/v1/mail/attachments/999999999'), 404);
  });

  test('a 20 MB attachment over LMTP is stored whole', async () => {
    const bytes = randomBytes(20 * 1024 * 1024);
    const b64 = bytes.toString('base64').replace(/.{76}/g, '$&\r\n');
    const big = Buffer.from(`From: j.meyer@${domain}\r\nTo: support@forgedesk.test\r\nSubject: Big scan\r\nMessage-ID: <${uniq()}@test.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nScan attached.\r\n--b\r\nContent-Type: application/pdf; name=scan.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}\r\n--b--\r\n`);
    const line = await lmtp(big);
    assert.match(line, /^250 2\.0\.0 case /);
    const [a] = (await mailsOf(Number(/case=(\d+)/.exec(line)[1]))).inbound[0].attachments;
    assert.equal(a.size, bytes.length);
    const d = await fetch(new URL(`/api/v1/mail/attachments/${a.id}`, ctx.base), { headers: { cookie: agent.cookie } });
    const got = Buffer.from(await d.arrayBuffer());
    assert.equal(createHash('sha256').update(got).digest('hex'), createHash('sha256').update(bytes).digest('hex'));
  });

  test('malformed mail is quarantined with its reason, never dropped, never fatal', async () => {
    const reasons = {};
    for (const f of ['malformed-no-headers.eml', 'malformed-no-from.eml', 'malformed-no-boundary.eml']) {
      const r = ingest(readFileSync(path.join(corpus, f)));
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^quarantined /, f);
      reasons[outcomeOf(r.stdout).quarantine] = f;
    }
    assert.match(await lmtp(Buffer.from('no headers here\r\n\r\njust text\r\n')), /^250 2\.0\.0 quarantined/);
    problem(await agent.get('/api/v1/mail/quarantine'), 403);
    const q = await admin.read(withQuery('/api/v1/mail/quarantine', { limit: 200 }));
    for (const id of Object.keys(reasons)) assert.ok(q.items.some((x) => x.id === Number(id) && x.reason), reasons[id]);
    assert.ok(q.items.some((x) => /no sender address/.test(x.reason)));
    assert.ok(q.items.some((x) => /boundary/.test(x.reason)));
  });

  test('a failed send is retried with back-off, shown on the case, and sent once the server is back', async () => {
    await sink.stop();
    try {
      const r = ingest(mail({ from: `j.meyer@${domain}`, subject: 'While the relay is down' }));
      const id = Number(outcomeOf(r.stdout).case);
      const failed = await until('a failed try', async () => (await mailsOf(id)).outbound.find((m) => m.attempts >= 1));
      assert.equal(failed.status, 'queued', 'not lost: queued again');
      assert.ok(failed.last_error);
      assert.ok(Date.parse(failed.next_attempt_at) >= Date.parse(failed.updated_at) + 59_000, 'the next try waits a minute');
      sink = await startSink();
      problem(await auditor.post(`/api/v1/mail/outbox/${failed.id}/retry`), 403);
      const retried = await agent.post(`/api/v1/mail/outbox/${failed.id}/retry`);
      assert.equal(retried.status, 200);
      await until('the retried mail sent', async () => (await mailsOf(id)).outbound[0].status === 'sent');
      problem(await agent.post(`/api/v1/mail/outbox/${failed.id}/retry`), 409);
      const listed = await agent.read(withQuery('/api/v1/mail/outbox', { case_id: id }));
      assert.equal(listed.items[0].attempts, 2);
    } finally {
      if (!sink) sink = await startSink();
    }
  });

  test('a mail left sending by a server that died is claimed again once its claim is stale, not before', async () => {
    const opened = (subject) => {
      const r = ingest(mail({ from: `j.meyer@${domain}`, subject }));
      return Number(outcomeOf(r.stdout).case);
    };
    const stale = opened('Left sending long ago'), fresh = opened('Being sent right now');
    const receipt = async (id) => until(`the receipt of case ${id} sent`, async () => (await mailsOf(id)).outbound.find((m) => m.status === 'sent'));
    const [old, now] = [await receipt(stale), await receipt(fresh)];
    const copies = (id) => sentTo(`[Case #${id}]`).length;
    const sentBefore = [copies(stale), copies(fresh)];
    const justNow = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    sql(`UPDATE mail_outbox SET status = 'sending', updated_at = CASE WHEN id = ${old.id} THEN '2026-01-01T00:00:00Z' ELSE '${justNow}' END WHERE id IN (${old.id}, ${now.id})`);
    await until('the stale claim sent again', async () => (await mailsOf(stale)).outbound[0].status === 'sent' && copies(stale) === sentBefore[0] + 1);
    assert.equal((await mailsOf(fresh)).outbound[0].status, 'sending', 'a live claim is left to its server');
    assert.equal(copies(fresh), sentBefore[1]);
    problem(await agent.post(`/api/v1/mail/outbox/${now.id}/retry`), 409);
    sql(`UPDATE mail_outbox SET status = 'sent' WHERE id = ${now.id}`);
  });

  test('a survey invitation that fails waits in the queue again; retried, it goes with a fresh link that works', async () => {
    const survey = await manager.create('/api/v1/surveys', { name: `Queue survey ${uniq()}`, type: 'csat', question: 'How did we do?' });
    const invitationOf = (id) => admin.read(`/api/v1/survey-invitations/${id}`);
    await sink.stop();
    sink = null;
    try {
      const inv = await manager.create('/api/v1/survey-invitations', { survey_id: survey.id, contact_id: contact.id });
      const waiting = await until('a failed try', async () => { const i = await invitationOf(inv.id); return i.mail_status === 'queued' && i.mail_detail ? i : null; });
      assert.ok(waiting.sent_at, 'the link was made for the try');
      const [queued] = (await agent.read(withQuery('/api/v1/mail/outbox', { status: 'queued', limit: 200 }))).items.filter((m) => m.invitation_id === inv.id);
      assert.equal(queued.kind, 'survey_invitation');
      assert.ok(!/#\/survey\/[A-Za-z0-9_-]{43}/.test(queued.body), 'the queue holds no token');
      sink = await startSink();
      assert.equal((await agent.post(`/api/v1/mail/outbox/${queued.id}/retry`)).status, 200);
      const sent = await until('the invitation mailed', () => sink.mails().find((m) => m.includes(survey.name)));
      const token = /#\/survey\/([A-Za-z0-9_-]{43})/.exec(sent)?.[1];
      assert.ok(token, sent);
      await until('the invitation recorded as sent', async () => (await invitationOf(inv.id)).mail_status === 'sent');
      const answered = await anon.post('/api/v1/survey-links/answer', { token, score: 4 });
      assert.equal(answered.status, 201, String(answered));
    } finally {
      if (!sink) sink = await startSink();
      await manager.patch(`/api/v1/surveys/${survey.id}`, { active: false }, { ifMatch: (await manager.read(`/api/v1/surveys/${survey.id}`)).version });
    }
  });

  test('mailbox rules: managers set them, agents may not, bad input is named', async () => {
    problem(await agent.post('/api/v1/mailbox-rules', { address: `x-${uniq()}@forgedesk.test`, case_type: 'return', priority: 3 }), 403);
    problem(await manager.post('/api/v1/mailbox-rules', { address: 'not-an-address', case_type: 'return' }), 422, 'address');
    problem(await manager.post('/api/v1/mailbox-rules', { address: `y-${uniq()}@forgedesk.test`, case_type: 'refund' }), 422, 'case_type');
    problem(await manager.post('/api/v1/mailbox-rules', { address: complaintsAddress, case_type: 'return' }), 409);
    const rules = await agent.read(withQuery('/api/v1/mailbox-rules', { limit: 200 }));
    assert.ok(rules.items.some((r) => r.address === complaintsAddress && r.case_type === 'complaint'));
  });
});
