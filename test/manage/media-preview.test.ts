// Listening and previewing before a review: GET .../voice-files/:name/audio answers the uploaded
// bytes as audio/wav (admin token only; another app's file is not found), and POST
// .../templates/:id/preview fills a template with values checked as a call checks them.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { usePlatform } from '../helpers/platform.js';
import { admin } from './helpers.js';
import { wavBytes } from './wav.js';

const ctx = usePlatform();
const call = admin(() => ctx.t);

async function audio(appKey: string, name: string, token: string | null = ctx.t.platform.adminToken) {
  const res = await request(`${ctx.t.platform.url}/v1/apps/${appKey}/voice-files/${name}/audio`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  return { status: res.statusCode, type: String(res.headers['content-type']), bytes: Buffer.from(await res.body.arrayBuffer()) };
}

test('a voice file is served as uploaded, as audio/wav; another app\'s file, a missing one and no token are refused', async () => {
  const { appKey } = ctx.t.platform.demo;
  const bytes = wavBytes({ rate: 8000, dataBytes: 16000 });
  assert.equal((await call('PUT', `/v1/apps/${appKey}/voice-files/hello.wav`, undefined, { raw: bytes })).status, 201);
  const got = await audio(appKey, 'hello.wav');
  assert.equal(got.status, 200);
  assert.match(got.type, /^audio\/wav/);
  assert.deepEqual(got.bytes, bytes, 'pending files can be listened to before the review');

  const other = await call('POST', '/v1/apps', { name: 'other shop' });
  assert.equal(other.status, 201, JSON.stringify(other.body));
  const otherKey = other.body.appKey as string;
  const foreign = await audio(otherKey, 'hello.wav');
  assert.equal(foreign.status, 404);
  assert.equal(JSON.parse(foreign.bytes.toString()).error.code, 'VX.NOT_FOUND');
  assert.equal((await audio(appKey, 'missing.wav')).status, 404);
  assert.equal((await audio(appKey, 'hello.wav', null)).status, 401);
  assert.equal((await audio(appKey, 'hello.wav', 'wrong-token')).status, 401);
  assert.equal((await audio(appKey, '..%2Fetc.wav')).status, 400, 'the name pattern refuses paths');
});

test('a template preview: the filled text, and a value the variable refuses named by its position', async () => {
  const { appKey } = ctx.t.platform.demo;
  const made = await call('POST', `/v1/apps/${appKey}/templates`, { id: 'tpl_parcel', content: '您有${NUM_2}件快递, 请到${TXT_8}领取' });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const base = `/v1/apps/${appKey}/templates/tpl_parcel/preview`;
  const ok = await call('POST', base, { params: ['3', '东门'] });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.text, '您有3件快递, 请到东门领取');
  assert.deepEqual(ok.body.variables.map((v: { name: string }) => v.name), ['NUM_2', 'TXT_8']);

  const bad = await call('POST', base, { params: ['x', '东门'] });
  assert.deepEqual([bad.status, bad.body.error.code], [400, 'VX.INVALID']);
  assert.match(bad.body.error.message, /^params\[0\]: value for NUM_2 must be/);
  const few = await call('POST', base, { params: ['3'] });
  assert.match(few.body.error.message, /^params\[1\]: template has 2 variable\(s\), 1 value\(s\) given/);
  assert.equal((await call('POST', `/v1/apps/${appKey}/templates/tpl_none/preview`, { params: [] })).status, 404);
});
