// Bad input to the task API that once answered 500: an upload sent with another content type than
// CSV (Fastify's JSON and text parsers took it), and a forbidden date with an impossible month;
// a CSV malformed after thousands of good rows, and a 50 MB upload refused before it is all sent.

import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { request } from 'undici';
import { signedHeaders } from '../../src/client/sign.js';
import { usePlatform } from '../helpers/platform.js';
import { fakeFlows } from '../tasks/fake-flows.js';

const ctx = usePlatform({ flows: fakeFlows });
const BASE = '/rest/voxcall/v1/tasks';

async function api(method: string, path: string, body?: string, contentType?: string) {
  const { platform, wall } = ctx.t;
  const headers: Record<string, string> = signedHeaders(platform.demo.appKey, platform.demo.appSecret, wall.now(), 'utc');
  if (contentType) headers['content-type'] = contentType;
  else delete headers['content-type'];
  const res = await request(platform.url + path, { method: method as 'POST', headers, body });
  const text = await res.body.text();
  return { status: res.statusCode, text, body: JSON.parse(text) as Record<string, string> };
}

test('an upload with a JSON, text or no content type is refused as invalid, not a 500', async () => {
  const made = await api('POST', BASE, JSON.stringify({ flowId: 'plain', displayNumbers: ['+8675528000001'] }), 'application/json');
  assert.equal(made.status, 201, made.text);
  const id = (made.body as unknown as { task: { taskId: string } }).task.taskId;
  for (const [type, body] of [['application/json', '{"rows":[]}'], ['text/plain', 'callee\n+8613900000001\n'], [undefined, 'callee\n+8613900000001\n']] as const) {
    const res = await api('POST', `${BASE}/${id}/upload`, body, type);
    assert.deepEqual([res.status, res.body.resultcode], [403, '1010002'], `${type ?? 'no content type'}: ${res.text}`);
    assert.match(res.body.resultdesc ?? res.text, /text\/csv|Invalid/);
  }
});

test('a forbidden date with an impossible month or day is refused as invalid', async () => {
  for (const d of ['2026-13-01', '2026-00-10', '2026-02-30']) {
    const res = await api('POST', BASE, JSON.stringify({ flowId: 'plain', displayNumbers: ['+8675528000001'], forbiddenDates: [d] }), 'application/json');
    assert.deepEqual([res.status, res.body.resultcode], [403, '1010002'], `${d}: ${res.text}`);
  }
});

test('a CSV malformed after thousands of good rows: 1090009 naming the line, nothing kept, the next upload goes through', async () => {
  const made = await api('POST', BASE, JSON.stringify({ flowId: 'plain', displayNumbers: ['+8675528000001'] }), 'application/json');
  const id = (made.body as unknown as { task: { taskId: string } }).task.taskId;
  const callee = (i: number) => `+86139${String(i).padStart(8, '0')}`;
  // Three upload batches' worth of good rows (staged, invisible), then an unclosed quote on line 3,002.
  const good = Array.from({ length: 3000 }, (_, i) => callee(i + 1)).join('\r\n');
  const bad = await api('POST', `${BASE}/${id}/upload`, `callee\r\n${good}\r\n"${callee(9999)}\r\n`, 'text/csv');
  assert.deepEqual([bad.status, bad.body.resultcode], [400, '1090009'], bad.text);
  assert.match(bad.body.resultdesc!, /line 3002|Quote Not Closed/i);
  const task = await api('GET', `${BASE}/${id}`);
  const kept = (task.body as unknown as { task: { rowCount: number; counters: { total: number }; header?: string[] } }).task;
  assert.deepEqual([kept.rowCount, kept.counters.total, kept.header], [0, 0, undefined]);
  const rows = await api('GET', `${BASE}/${id}/rows?limit=10`);
  assert.deepEqual((rows.body as unknown as { rows: unknown[] }).rows, []);
  const next = await api('POST', `${BASE}/${id}/upload`, `callee\n${callee(1)}\n`, 'text/csv');
  assert.deepEqual([next.status, (next.body as unknown as { added: number }).added], [200, 1], next.text);
});

test('a 50 MB upload is refused before it is all sent: by its Content-Length at once, streamed once 32 MiB passed', async () => {
  const made = await api('POST', BASE, JSON.stringify({ flowId: 'plain', displayNumbers: ['+8675528000001'] }), 'application/json');
  const id = (made.body as unknown as { task: { taskId: string } }).task.taskId;
  const FIFTY_MB = 50 * 1024 * 1024;
  const line = Buffer.from(`+8613900000001,${'n'.repeat(400)}\r\n`.repeat(256));
  for (const declared of [true, false]) {
    let pulled = 0;
    // Pulled by the client as the server reads: what was pulled when the answer came bounds what the server read.
    const body = Readable.from((function* () {
      yield Buffer.from('callee,note\r\n');
      for (; pulled < FIFTY_MB; pulled += line.length) yield line;
    })());
    const { platform, wall } = ctx.t;
    const headers: Record<string, string> = { ...signedHeaders(platform.demo.appKey, platform.demo.appSecret, wall.now(), 'utc'), 'content-type': 'text/csv' };
    if (declared) headers['content-length'] = String(13 + Math.ceil(FIFTY_MB / line.length) * line.length);
    const res = await request(`${platform.url}${BASE}/${id}/upload`, { method: 'POST', headers, body });
    const text = await res.body.text();
    const at = pulled;
    body.destroy();
    assert.deepEqual([res.statusCode, (JSON.parse(text) as { resultcode: string }).resultcode], [413, '1090011'], text);
    assert.ok(at < (declared ? 16 : 45) * 1024 * 1024, `${declared ? 'declared' : 'streamed'}: ${(at / 2 ** 20).toFixed(1)} MiB sent before the answer`);
  }
  const task = await api('GET', `${BASE}/${id}`);
  assert.equal((task.body as unknown as { task: { rowCount: number } }).task.rowCount, 0);
});
