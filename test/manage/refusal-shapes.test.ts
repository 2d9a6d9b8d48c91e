// Every refusal of the management API is in its own shape ({"error":{code,message}}), including
// Fastify's own (unknown route, path too long, malformed URL or JSON, body too large); the Huawei
// paths keep {resultcode, resultdesc}. Path parameters as long as the schemas allow get through.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildServer, MAX_PATH_PARAM_CHARS } from '../../src/api/server.js';
import { usePlatform } from '../helpers/platform.js';
import { admin, type Answer } from './helpers.js';
import { wavBytes } from './wav.js';

const ctx = usePlatform();
const call = admin(() => ctx.t);

function manageShape(res: Answer, status: number, code: string): void {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.match(String(res.headers['content-type']), /^application\/json/);
  assert.deepEqual(Object.keys(res.body), ['error'], JSON.stringify(res.body));
  assert.deepEqual(Object.keys(res.body.error), ['code', 'message']);
  assert.equal(res.body.error.code, code, JSON.stringify(res.body));
}

async function raw(method: string, path: string, body?: string, contentType = 'application/json'): Promise<Answer> {
  const { platform } = ctx.t;
  const res = await request(platform.url + path, {
    method: method as 'POST',
    headers: { authorization: `Bearer ${platform.adminToken}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
    body,
  });
  const text = await res.body.text();
  let parsed: unknown = text;
  try { parsed = JSON.parse(text); } catch { /* kept as text */ }
  return { status: res.statusCode, body: parsed, headers: res.headers };
}

test('a voice-file name of 128 characters and an endpoint id of 1,024 are taken, not refused by the router', async () => {
  const { appKey } = ctx.t.platform.demo;
  const name = `${'v'.repeat(124)}.wav`;
  assert.equal(name.length, 128);
  const up = await call('PUT', `/v1/apps/${appKey}/voice-files/${name}`, undefined, { raw: wavBytes({ rate: 8000, dataBytes: 8000 }) });
  assert.equal(up.status, 201, JSON.stringify(up.body));
  assert.equal(up.body.name, name);

  // A URL as the id: 1,024 characters, twice as long once percent-encoded.
  const url = `http://receiver.example/${'/b'.repeat(500)}`;
  assert.equal(url.length, MAX_PATH_PARAM_CHARS);
  assert.ok(encodeURIComponent(url).length > 2 * MAX_PATH_PARAM_CHARS - 100);
  const paused = await call('POST', `/v1/endpoints/${encodeURIComponent(url)}/pause`, { reason: 'long' });
  assert.equal(paused.status, 200, JSON.stringify(paused.body));
  const shown = await call('GET', `/v1/endpoints/${encodeURIComponent(url)}`);
  assert.equal(shown.status, 200, JSON.stringify(shown.body));
  assert.equal(shown.body.endpoint.url, url);

  // One character more than the schema: the schema's refusal, in the management shape.
  manageShape(await call('GET', `/v1/endpoints/${encodeURIComponent(`${url}b`)}`), 400, 'VX.INVALID');
  manageShape(await call('PUT', `/v1/apps/${appKey}/voice-files/v${name}`, undefined, { raw: wavBytes({ rate: 8000, dataBytes: 8000 }) }), 400, 'VX.INVALID');
});

test('Fastify refusals on /v1 take the management shape', async () => {
  manageShape(await call('GET', '/v1/nothing-here'), 404, 'VX.NOT_FOUND');
  manageShape(await call('DELETE', '/v1/apps'), 404, 'VX.NOT_FOUND');
  manageShape(await call('GET', `/v1/endpoints/${'e'.repeat(3 * MAX_PATH_PARAM_CHARS + 1)}`), 414, 'VX.URI_TOO_LONG');
  manageShape(await call('GET', '/v1/endpoints/%E0%A4%A'), 400, 'VX.INVALID');
  manageShape(await raw('POST', '/v1/apps', '{"name":'), 400, 'VX.INVALID');
  manageShape(await raw('POST', '/v1/apps', ''), 400, 'VX.INVALID');
  manageShape(await raw('POST', '/v1/apps', JSON.stringify({ name: 5 })), 400, 'VX.INVALID');
  manageShape(await raw('POST', '/v1/apps', JSON.stringify({ name: 'x', nope: 1 })), 400, 'VX.INVALID');
  manageShape(await raw('POST', '/v1/apps', JSON.stringify({ name: 'x'.repeat(ctx.t.platform.config.bodyLimitBytes) })), 413, 'VX.TOO_LARGE');
  manageShape(await raw('POST', '/v1/apps', '<app/>', 'application/xml'), 415, 'VX.UNSUPPORTED_MEDIA_TYPE');
  // Without the token, a too-long path is still refused before anything else is read.
  const { platform } = ctx.t;
  const anon = await request(`${platform.url}/v1/endpoints/${'e'.repeat(3 * MAX_PATH_PARAM_CHARS + 1)}`);
  const body = (await anon.body.json()) as { error: { code: string } };
  assert.deepEqual([anon.statusCode, body.error.code], [414, 'VX.URI_TOO_LONG']);
});

test('the Huawei paths keep their shape for the same refusals', async () => {
  const huawei = (res: Answer, code: string) => {
    // Call-creating APIs add "sessionId": "" (tables 4-4, 5-6, 6-4).
    assert.deepEqual(Object.keys(res.body).filter((k) => k !== 'sessionId').sort(), ['resultcode', 'resultdesc'], JSON.stringify(res.body));
    assert.equal(res.body.resultcode, code, JSON.stringify(res.body));
  };
  huawei(await call('GET', '/rest/nothing-here'), '1010006');
  huawei(await call('GET', `/recordings/${'r'.repeat(3 * MAX_PATH_PARAM_CHARS + 1)}`), '1010002');
  huawei(await call('GET', '/recordings/%E0%A4%A'), '1010002');
  huawei(await raw('POST', '/rest/httpsessions/callnotify/v2.0', '{"a":'), '1023006');
});

test('a route whose schema allows a longer path parameter than the router takes cannot be added', () => {
  const longer = { type: 'object', properties: { id: { type: 'string', maxLength: MAX_PATH_PARAM_CHARS + 1 } } };
  const build = () => buildServer({
    logger: pino({ level: 'silent' }),
    bodyLimit: 1024,
    plugins: (a: FastifyInstance) => { a.get('/x/:id', { schema: { params: longer } }, async () => ({})); },
  } as never);
  assert.throws(build, /\/x\/:id: path parameter id may be 1025 characters/);
});
