import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { VOICE_FILE_LIMIT } from '../../src/api/manage/voice-files.js';
import { usePlatform } from '../helpers/platform.js';
import { admin } from './helpers.js';
import { wavBytes } from './wav.js';

const ctx = usePlatform();
const call = admin(() => ctx.t);
const upload = (appKey: string, name: string, bytes: Buffer, contentType = 'audio/wav') =>
  call('PUT', `/v1/apps/${appKey}/voice-files/${name}`, undefined, { raw: bytes, contentType });
const appDir = (appKey: string) => join(ctx.t.dataDir, 'media', 'apps', appKey);
const filesIn = (appKey: string) => (existsSync(appDir(appKey)) ? readdirSync(appDir(appKey)) : []);

const notifyWith = (notifyVoice: string) =>
  ctx.t.client.callNotify({ displayNbr: '+8675528000001', calleeNbr: '+8613900000001', playInfoList: [{ notifyVoice }] });

test('an uploaded file waits for review: refused by the call API until approved, and again once rejected', async () => {
  const { appKey } = ctx.t.platform.demo;
  const bytes = wavBytes({ rate: 16000, dataBytes: 48000 });
  const res = await upload(appKey, 'greeting.wav', bytes);
  assert.equal(res.status, 201);
  assert.equal(res.body.review, 'pending');
  assert.equal(res.body.format, 'PCM 16-bit 16000 Hz mono');
  assert.equal(res.body.durationMs, 1500);
  assert.equal(res.body.sizeBytes, bytes.length);
  const [stored] = filesIn(appKey);
  assert.ok(stored?.endsWith('-greeting.wav'));
  assert.deepEqual(readFileSync(join(appDir(appKey), stored!)), bytes);

  const pending = await notifyWith('greeting.wav');
  assert.equal(pending.status, 403);
  assert.equal(pending.body.resultcode, '1010002');
  assert.match(pending.body.resultdesc, /greeting\.wav" is not approved yet \(review pending\)/);

  const approved = await call('POST', `/v1/apps/${appKey}/voice-files/greeting.wav/approve`, {});
  assert.equal(approved.body.review, 'approved');
  assert.equal((await notifyWith('greeting.wav')).body.resultcode, '0');

  const rejected = await call('POST', `/v1/apps/${appKey}/voice-files/greeting.wav/reject`, { note: 'background noise' });
  assert.equal(rejected.body.review, 'rejected');
  assert.equal(rejected.body.reviewNote, 'background noise');
  const refused = await notifyWith('greeting.wav');
  assert.match(refused.body.resultdesc, /not approved \(rejected by review\)/);

  const listed = await call('GET', `/v1/apps/${appKey}/voice-files?review=rejected`);
  assert.deepEqual(listed.body.voiceFiles.map((f: any) => f.name), ['greeting.wav']);
  assert.deepEqual((await call('GET', `/v1/apps/${appKey}/voice-files?review=pending`)).body.voiceFiles, []);
  // An unknown file is still refused as before.
  assert.match((await notifyWith('never-uploaded.wav')).body.resultdesc, /not available to this app/);
});

test('refusals write nothing: not a WAV, 44.1 kHz stereo, too large, a taken name, a wrong Content-Type', async () => {
  const { body: app } = await call('POST', '/v1/apps', { name: 'uploads' });
  const refusals: Array<[Promise<{ status: number; body: any }>, number, string, RegExp]> = [
    [upload(app.appKey, 'a.wav', Buffer.from('this is text, not audio')), 400, 'VX.INVALID', /a\.wav is refused: not a WAV file/],
    [upload(app.appKey, 'b.wav', wavBytes({ rate: 44100, channels: 2 })), 400, 'VX.INVALID', /2 channels; it must be mono/],
    [upload(app.appKey, 'c.wav', wavBytes({ rate: 44100 })), 400, 'VX.INVALID', /not 44100 Hz/],
    [upload(app.appKey, 'd.wav', Buffer.alloc(VOICE_FILE_LIMIT + 1)), 413, 'VX.TOO_LARGE', new RegExp(`larger than ${VOICE_FILE_LIMIT} bytes`)],
    [call('PUT', `/v1/apps/${app.appKey}/voice-files/e.wav`, { audio: 'x' }), 415, 'VX.UNSUPPORTED_MEDIA_TYPE', /audio\/wav/],
    [upload(app.appKey, '../escape.wav', wavBytes()), 404, 'VX.NOT_FOUND', /./],
    [upload(app.appKey, 'no-extension', wavBytes()), 400, 'VX.INVALID', /path parameter name/],
    [upload('nope', 'f.wav', wavBytes()), 404, 'VX.NOT_FOUND', /app nope/],
  ];
  for (const [pending, status, code, message] of refusals) {
    const res = await pending;
    assert.equal(res.status, status, JSON.stringify(res.body));
    assert.equal(res.body.error.code, code);
    assert.match(res.body.error.message, message);
  }
  assert.deepEqual(filesIn(app.appKey), []);
  assert.deepEqual((await call('GET', `/v1/apps/${app.appKey}/voice-files`)).body.voiceFiles, []);

  assert.equal((await upload(app.appKey, 'g.wav', wavBytes({ codec: 6, bits: 8 }))).status, 201);
  const taken = await upload(app.appKey, 'g.wav', wavBytes());
  assert.equal(taken.status, 409);
  assert.equal(filesIn(app.appKey).length, 1);
});

test('review of an unknown file or app: 404', async () => {
  const { appKey } = ctx.t.platform.demo;
  for (const path of [`/v1/apps/${appKey}/voice-files/missing.wav/approve`, '/v1/apps/nope/voice-files/x.wav/reject', '/v1/apps/nope/voice-files']) {
    const res = await call(path.endsWith('voice-files') ? 'GET' : 'POST', path, path.endsWith('voice-files') ? undefined : {});
    assert.equal(res.status, 404, path);
    assert.equal(res.body.error.code, 'VX.NOT_FOUND');
  }
  const note = await call('POST', `/v1/apps/${appKey}/voice-files/x.wav/reject`, { note: 5 });
  assert.equal(note.status, 400);
  assert.match(note.body.error.message, /note must be of type string/);
});
