// `serve --tls-cert --tls-key`: a certificate made here with the openssl CLI,
// a server on it with two event loops, answers over HTTPS checked against that
// certificate as the only CA, HSTS and a Secure session cookie over TLS, no
// plain HTTP on the TLS port, and clear refusals of bad certificate files.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { anon, ctx, signInRaw, sleep } from './lib.mjs';

const port = Number(new URL(ctx.base).port) + 25;
const dir = mkdtempSync(path.join(tmpdir(), 'forgedesk-tls-'));
const file = (name) => path.join(dir, name);
after(() => rmSync(dir, { recursive: true, force: true }));

function openssl(args) {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `openssl ${args.join(' ')}: ${r.stderr}`);
}
/** A self-signed certificate for 127.0.0.1 and its key: [cert, key] paths. */
function selfSigned(name, cn) {
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', `/CN=${cn}`,
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', file(`${name}.key`), '-out', file(`${name}.crt`)]);
  return [file(`${name}.crt`), file(`${name}.key`)];
}

/** One request over HTTPS trusting only ca: {status, headers, text}. */
function httpsRequest(ca, method, urlPath, body) {
  const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, path: urlPath, method, ca, headers: data ? { 'content-type': 'application/json', 'content-length': data.length } : {} }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

const serve = (cert, key) => ['serve', ...ctx.serveArgs, '--listen', `127.0.0.1:${port}`, '--threads', '2', '--scheduler-interval', '0', '--tls-cert', cert, '--tls-key', key];

describe('serving HTTPS', () => {
  const [cert, key] = selfSigned('server', 'forgedesk test');
  const ca = readFileSync(cert);
  let proc, exited, stderr = '';
  before(async () => {
    proc = spawn(ctx.bin, serve(cert, key), { stdio: ['ignore', 'ignore', 'pipe'] });
    proc.stderr.on('data', (c) => { stderr += c; });
    exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
    for (let i = 0; i < 100; i++) {
      try { if ((await httpsRequest(ca, 'GET', '/api/v1/health')).status === 200) return; } catch { /* not yet */ }
      await sleep(100);
    }
    throw new Error(`the TLS server did not start: ${stderr}`);
  });
  after(async () => {
    proc.kill('SIGTERM');
    const stopped = await exited;
    assert.deepEqual(stopped, { code: 0, signal: null }, `the TLS server stops cleanly: ${stderr}`);
  });

  test('answers over TLS, the UI and the API, with HSTS on every answer', async () => {
    // several connections, so that both loops' listeners answer
    const answers = await Promise.all([...Array(8)].map((_, i) => httpsRequest(ca, 'GET', i % 2 ? '/' : '/api/v1/health')));
    for (const r of answers) {
      assert.equal(r.status, 200);
      assert.match(r.headers['strict-transport-security'], /^max-age=\d{7,}/);
      assert.equal(r.headers['x-frame-options'], 'DENY');
    }
    assert.match(answers[1].text, /<div id="app">/);
    assert.equal(JSON.parse(answers[0].text).status, 'ok');
    const problem = await httpsRequest(ca, 'GET', '/api/v1/accounts');
    assert.equal(problem.status, 401);
    assert.match(problem.headers['strict-transport-security'], /^max-age=/);
  });

  test('the session cookie is Secure over TLS, and not over plain HTTP', async () => {
    const { username, password } = ctx.users.cs_manager;
    const tls = await httpsRequest(ca, 'POST', '/api/v1/session', { username, password });
    assert.equal(tls.status, 200, tls.text);
    const cookie = [tls.headers['set-cookie']].flat().find((c) => c.startsWith('fd_session='));
    assert.match(cookie, /;\s*Secure\b/i);
    assert.match(cookie, /;\s*HttpOnly\b/i);
    assert.match(cookie, /;\s*SameSite=Strict\b/i);
    const plain = await signInRaw(username, password);
    assert.equal(plain.status, 200);
    assert.doesNotMatch(plain.headers.getSetCookie().find((c) => c.startsWith('fd_session=')), /Secure/i);
    assert.equal(plain.headers.get('strict-transport-security'), null);
  });

  test('a client that does not trust the certificate is refused the handshake', async () => {
    const [otherCa] = selfSigned('stranger', 'someone else');
    await assert.rejects(httpsRequest(readFileSync(otherCa), 'GET', '/api/v1/health'), /self.signed|unable to verify|certificate/i);
  });

  test('plain HTTP is not served on the TLS port', async () => {
    const outcome = await new Promise((resolve) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/api/v1/health', method: 'GET' }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
      });
      req.on('error', (e) => resolve({ error: e.code ?? e.message }));
      req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
      req.end();
    });
    assert.ok(outcome.error, `plain HTTP answered: ${JSON.stringify(outcome)}`);
    assert.doesNotMatch(JSON.stringify(outcome), /"status":"ok"/);
    assert.equal((await anon.get('/api/v1/health')).status, 200, 'the plain HTTP server is not disturbed');
  });
});

describe('bad certificate files are refused before serving, naming the file', () => {
  const [cert, key] = selfSigned('good', 'forgedesk test');
  const [, otherKey] = selfSigned('other', 'other');
  writeFileSync(file('garbage.pem'), 'not a certificate\n');
  const refusal = (args) => {
    const r = spawnSync(ctx.bin, args, { encoding: 'utf8', timeout: 20_000 });
    assert.notEqual(r.status, 0, `serve started with ${args.join(' ')}`);
    return r.stderr;
  };
  test('a missing certificate or key', () => {
    assert.match(refusal(serve(file('missing.crt'), key)), /cannot read --tls-cert .*missing\.crt: No such file/);
    assert.match(refusal(serve(cert, file('missing.key'))), /cannot read --tls-key .*missing\.key: No such file/);
  });
  test('a file that is not PEM', () => {
    assert.match(refusal(serve(file('garbage.pem'), key)), /--tls-cert is not a PEM certificate chain: .*garbage\.pem/);
    assert.match(refusal(serve(cert, file('garbage.pem'))), /--tls-key is not a PEM private key: .*garbage\.pem/);
  });
  test('a key that does not belong to the certificate', () => {
    assert.match(refusal(serve(cert, otherKey)), /--tls-key does not belong to the certificate in --tls-cert .*good\.crt/);
  });
  test('a certificate without its key', () => {
    assert.match(refusal(serve(cert, key).slice(0, -2)), /--tls-cert and --tls-key go together/);
  });
});
