// Connections stay open between requests (HTTP/1.1 keep-alive), whichever
// thread made the answer: a read answered on the event loop, a write answered
// by the writer or a worker. Every answer carries its Content-Length.
import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import { ctx, make } from './lib.mjs';

/** Sends one request on agent; resolves with status, headers and whether the socket was reused. */
function send(agent, method, path, body) {
  const { hostname, port } = new URL(ctx.base);
  const payload = body ? JSON.stringify(body) : undefined;
  const headers = { authorization: `Bearer ${ctx.tokens.admin}` };
  if (payload) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method, path, agent, headers }, (res) => {
      let text = '';
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, reused: req.reusedSocket, length: Buffer.byteLength(text) }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

test('one connection carries a write, a read and a refused write in turn', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const created = await send(agent, 'POST', '/api/v1/accounts', make.account());
    const read = await send(agent, 'GET', '/api/v1/health');
    const refused = await send(agent, 'POST', '/api/v1/accounts', { name: '' });
    const again = await send(agent, 'GET', '/api/v1/accounts?limit=1');
    assert.deepEqual([created.status, read.status, refused.status, again.status], [201, 200, 422, 200]);
    assert.deepEqual([created.reused, read.reused, refused.reused, again.reused], [false, true, true, true],
      'every request after the first went over the same connection');
    for (const r of [created, read, refused, again]) {
      assert.notEqual(r.headers.connection, 'close');
      assert.equal(Number(r.headers['content-length']), r.length, 'Content-Length is the body length');
      assert.equal(r.headers['transfer-encoding'], undefined);
    }
  } finally {
    agent.destroy();
  }
});
