// The OpenAPI document is valid, is what the server serves, and matches the
// server's route table in both directions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { anon, bearer, cli, openapi, openapiPath, problem } from './lib.mjs';

const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
const documented = () => Object.entries(openapi.paths).flatMap(([p, item]) => methods.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${p}`)).sort();

test('docs/openapi.json is a valid OpenAPI 3.1 document', async () => {
  const validator = new Validator();
  const result = await validator.validate(openapiPath);
  assert.deepEqual(result.errors ?? [], [], 'schema errors');
  assert.equal(result.valid, true);
  assert.equal(validator.version, '3.1');
  assert.equal(openapi.info.version, '0.1.0');
  // every $ref points at something
  const refs = JSON.stringify(openapi).match(/"\$ref":"[^"]+"/g) ?? [];
  for (const r of new Set(refs)) {
    const target = JSON.parse(`{${r}}`).$ref.split('/').slice(1).reduce((o, k) => o?.[k], openapi);
    assert.ok(target, `dangling ${r}`);
  }
});

test('GET /api/v1/openapi.json serves the same document without sign-in', async () => {
  const r = await anon.get('/api/v1/openapi.json');
  assert.equal(r.status, 200, String(r));
  assert.match(r.headers.get('content-type'), /^application\/(openapi\+)?json/);
  assert.deepEqual(r.json, openapi);
});

test('every route the server has is documented, and every documented route exists', () => {
  const r = cli(['routes']);
  assert.equal(r.status, 0, r.stderr);
  const table = JSON.parse(r.stdout);
  assert.ok(Array.isArray(table) && table.length > 0, 'empty route table');
  for (const row of table) {
    assert.match(row.method, /^[A-Z]+$/, JSON.stringify(row));
    assert.match(row.path, /^\/api\/v1\//, JSON.stringify(row));
    assert.equal(typeof row.summary, 'string', JSON.stringify(row));
    assert.ok('permission' in row, `no permission in ${JSON.stringify(row)}`);
  }
  const served = [...new Set(table.map((x) => `${x.method} ${x.path}`))].sort();
  const doc = documented();
  assert.deepEqual(served.filter((x) => !doc.includes(x)), [], 'routes missing from docs/openapi.json');
  assert.deepEqual(doc.filter((x) => !served.includes(x)), [], 'documented routes the server does not have');
});

test('an unknown route answers 404 and a wrong method 405, both problem+json', async () => {
  problem(await bearer('admin').get('/api/v1/no-such-thing'), 404);
  const r = await bearer('admin').req('PUT', '/api/v1/accounts');
  problem(r, 405);
  const allow = (r.headers.get('allow') ?? '').split(',').map((m) => m.trim()).sort();
  assert.deepEqual(allow, ['GET', 'POST'], 'a 405 names the allowed methods in Allow (RFC 9110)');
});
