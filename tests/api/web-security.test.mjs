// The security headers on every kind of answer: the UI's files (with the
// page's Content-Security-Policy: own scripts and styles only, nothing
// inline, no framing), JSON, problem+json from the router, the handlers and
// the permission check, the public survey endpoints, and the UI's 404 and 405.
// Over plain HTTP there is no HSTS (tls.test.mjs checks it over TLS).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anon, bearer, ctx, fromAddress, signIn } from './lib.mjs';

const COMMON = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** Parses a Content-Security-Policy into {directive: [sources]}. */
function policy(res) {
  const text = res.headers.get('content-security-policy');
  assert.ok(text, `no Content-Security-Policy on ${res}`);
  return Object.fromEntries(text.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k, v]));
}

function secured(res) {
  for (const [name, value] of Object.entries(COMMON)) assert.equal(res.headers.get(name), value, `${name} on ${res}`);
  const features = res.headers.get('permissions-policy') ?? '';
  for (const feature of ['camera', 'microphone', 'geolocation', 'payment']) assert.match(features, new RegExp(`\\b${feature}=\\(\\)`), `${feature} on ${res}`);
  assert.equal(res.headers.get('strict-transport-security'), null, `HSTS over plain HTTP on ${res}`);
  const csp = policy(res);
  assert.deepEqual(csp['frame-ancestors'], ["'none'"], `frame-ancestors on ${res}`);
  return csp;
}

function lockedDown(res) {
  const csp = secured(res);
  assert.deepEqual(csp['default-src'], ["'none'"], `API answers load nothing: ${res}`);
}

test('the UI page allows only its own scripts and styles: nothing inline, no eval, no plugins, no framing', async () => {
  const page = await anon.get('/');
  assert.equal(page.status, 200);
  const csp = secured(page);
  assert.deepEqual(csp['default-src'], ["'self'"]);
  assert.deepEqual(csp['script-src'], ["'self'"]);
  assert.deepEqual(csp['style-src'], ["'self'"]);
  assert.deepEqual(csp['object-src'], ["'none'"]);
  assert.deepEqual(csp['base-uri'], ["'none'"]);
  assert.deepEqual(csp['form-action'], ["'self'"]);
  for (const sources of Object.values(csp)) for (const bad of ["'unsafe-inline'", "'unsafe-eval'", '*', 'http:', 'https:']) assert.ok(!sources.includes(bad), `${bad} in ${page.headers.get('content-security-policy')}`);
  // the page itself has no inline script or style for the policy to block
  assert.doesNotMatch(page.text, /<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=/i);
  const asset = /src="(\/assets\/[^"]+\.js)"/.exec(page.text)?.[1];
  assert.ok(asset, 'the page loads a script from /assets/');
  const script = await anon.get(asset);
  assert.equal(script.status, 200);
  secured(script);
});

test("the UI's own 404 and 405 carry the page's headers", async () => {
  secured(await anon.get('/no-such-file.js').then((r) => (assert.equal(r.status, 404), r)));
  secured(await anon.post('/', 'x').then((r) => (assert.equal(r.status, 405), r)));
});

test('JSON answers and every kind of problem+json are locked down', async () => {
  const agent = await signIn('agent');
  const answers = [
    await anon.get('/api/v1/health'), // outside any transaction
    await agent.get('/api/v1/accounts'), // a read
    await bearer('admin').post('/api/v1/accounts', { name: '<script>alert(1)</script>' }), // a write
    await anon.get('/api/v1/accounts'), // 401
    await agent.get('/api/v1/audit'), // 403 from the policy table
    await agent.post('/api/v1/accounts', { name: 'x', '"><img src=x onerror=alert(1)>': 1 }), // 422 naming a hostile field
    await anon.get('/api/v1/<script>alert(1)</script>'), // the router's 404
    await anon.req('PUT', '/api/v1/health'), // the router's 405
    await fromAddress(ctx.addresses.other, 'POST', '/api/v1/survey-links/open', { body: { token: '<svg onload=alert(1)>' } }), // the public page's endpoint
  ];
  const statuses = answers.map((r) => r.status);
  assert.deepEqual(statuses, [200, 200, 201, 401, 403, 422, 404, 405, statuses[8]]);
  assert.ok(statuses[8] >= 400, String(answers[8]));
  for (const r of answers) {
    lockedDown(r);
    assert.match(r.headers.get('content-type'), /^application\/(problem\+)?json/, String(r));
    assert.equal(r.headers.get('cache-control'), 'no-store', String(r));
  }
  // a hostile name is stored and given back as it was: JSON, never markup
  assert.equal(answers[2].json.name, '<script>alert(1)</script>');
});
