// GET /api/v1/health needs no sign-in and names the store it runs on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anon, conforms, ctx } from './lib.mjs';

test('health answers without sign-in and names the store of the URL', async () => {
  const r = await anon.get('/api/v1/health');
  assert.equal(r.status, 200, String(r));
  conforms(r.json, 'Health');
  assert.equal(r.json.status, 'ok');
  assert.equal(r.json.store, ctx.db.startsWith('sqlite:') ? 'sqlite' : 'postgresql');
  assert.ok(r.json.version.length > 0);
});
