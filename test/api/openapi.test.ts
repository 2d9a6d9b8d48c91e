// The OpenAPI document at /docs/json describes the call APIs (/rest) with the AK/SK scheme and
// their request schemas, and the management API (/v1) with the bearer scheme.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { CallbackBody, CallStopBody, NotifyBody, RecordQuery, VerifyBody } from '../../src/api/schemas.js';
import { usePlatform } from '../helpers/platform.js';

const ctx = usePlatform();
const AKSK = [{ akskAuthorization: [], aksk: [] }];

async function openapi(): Promise<any> {
  const res = await request(`${ctx.t.platform.url}/docs/json`);
  assert.equal(res.statusCode, 200);
  return res.body.json();
}

const bodyOf = (doc: any, path: string) => doc.paths[path]?.post?.requestBody?.content?.['application/json']?.schema;

test('the AK/SK headers are declared as two apiKey schemes, beside the bearer scheme', async () => {
  const { components } = await openapi();
  const s = components.securitySchemes;
  assert.deepEqual([s.akskAuthorization.type, s.akskAuthorization.in, s.akskAuthorization.name], ['apiKey', 'header', 'Authorization']);
  assert.deepEqual([s.aksk.type, s.aksk.in, s.aksk.name], ['apiKey', 'header', 'X-AKSK']);
  assert.match(s.akskAuthorization.description, /AKSK realm="SDP",profile="UsernameToken",type="Appkey"/);
  assert.match(s.aksk.description, /PasswordDigest/);
  assert.match(s.aksk.description, /HMAC-SHA256\(appSecret, Nonce \+ Created\)/);
  assert.deepEqual([s.bearer.type, s.bearer.scheme], ['http', 'bearer']);
});

test('every call API is documented with its request schema and both AK/SK headers', async () => {
  const doc = await openapi();
  for (const [path, schema] of [
    ['/rest/httpsessions/click2Call/v2.0', CallbackBody],
    ['/rest/httpsessions/callnotify/v2.0', NotifyBody],
    ['/rest/httpsessions/callnotify/v1.0', NotifyBody],
    ['/rest/httpsessions/callVerify/v1.0', VerifyBody],
    ['/rest/httpsessions/callStop/v2.0', CallStopBody],
  ] as const) {
    const op = doc.paths[path]?.post;
    assert.ok(op, `${path} is in the document`);
    assert.deepEqual(op.security, AKSK, path);
    assert.ok(op.summary, `${path} has a summary`);
    const body = bodyOf(doc, path);
    assert.deepEqual(Object.keys(body.properties).sort(), Object.keys(schema.properties).sort(), `${path} fields`);
    assert.deepEqual([...body.required].sort(), [...(schema.required ?? [])].sort(), `${path} required fields`);
  }
  // Field rules come through from the TypeBox schemas.
  assert.equal(bodyOf(doc, '/rest/httpsessions/click2Call/v2.0').properties.maxDuration.maximum, 1440);
  assert.equal(bodyOf(doc, '/rest/httpsessions/callnotify/v2.0').properties.playInfoList.maxItems, 5);

  const download = doc.paths['/rest/provision/voice/record/v1.0']?.get;
  assert.ok(download, 'recording download is in the document');
  assert.deepEqual(download.security, AKSK);
  const query = download.parameters.filter((p: any) => p.in === 'query');
  assert.deepEqual(query.map((p: any) => [p.name, p.required]).sort(), Object.keys(RecordQuery.properties).sort().map((k) => [k, true]));
  // The signed link it redirects to carries its signature in the query, not AK/SK.
  assert.equal(doc.paths['/recordings/{fileName}']?.get?.security, undefined);
});

test('the management API keeps the bearer scheme; no call API takes it', async () => {
  const doc = await openapi();
  const ops = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op })));
  const manage = ops.filter((o) => o.path.startsWith('/v1/'));
  assert.ok(manage.length >= 10, `${manage.length} management operations`);
  for (const { path, method, op } of manage) assert.deepEqual(op.security, [{ bearer: [] }], `${method} ${path}`);
  const rest = ops.filter((o) => o.path.startsWith('/rest/'));
  assert.ok(rest.length >= 6);
  for (const { path, method, op } of rest) assert.deepEqual(op.security, AKSK, `${method} ${path}`);
});
