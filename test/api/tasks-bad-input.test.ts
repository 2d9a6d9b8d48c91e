// Bad input to the task API that once answered 500: an upload sent with another content type than
// CSV (Fastify's JSON and text parsers took it), and a forbidden date with an impossible month.

import assert from 'node:assert/strict';
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
