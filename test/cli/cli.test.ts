// The CLI as a user runs it: a real subprocess (bin/voxcall.js) against a real server.

import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { VoxcallClient } from '../../src/client/index.js';
import { BIN, cliOf } from '../helpers/cli.js';
import { usePlatform } from '../helpers/platform.js';
import { wavBytes } from '../manage/wav.js';

const ctx = usePlatform();
const { voxcall, ok } = cliOf(() => ctx.t);

test('create an app, add a number, upload and approve a voice file, add a template; the app then calls', async () => {
  const app = JSON.parse(await ok(['--json', 'app', 'create', 'cli-shop', '--capabilities', 'notify'])) as { appKey: string; appSecret: string; capabilities: string[] };
  assert.deepEqual(app.capabilities, ['notify']);
  assert.match(await ok(['number', 'add', app.appKey, '+8675528300001']), /\+8675528300001 is a number of/);

  const wav = join(ctx.t.dataDir, 'hello.wav');
  await writeFile(wav, wavBytes({ codec: 7, bits: 8 }));
  const uploaded = await ok(['voice', 'upload', app.appKey, wav]);
  assert.match(uploaded, /review\s+pending/);
  assert.match(uploaded, /G\.711 µ-law 8-bit 8000 Hz mono/);
  assert.match(await ok(['voice', 'approve', app.appKey, 'hello.wav']), /voice file hello\.wav is approved/);

  const template = await ok(['template', 'add', app.appKey, '您的验证码是${CODE_6}', '--id', 'otp']);
  assert.match(template, /variables\s+CODE_6/);
  await ok(['template', 'approve', app.appKey, 'otp']);
  assert.match(await ok(['template', 'list', app.appKey]), /otp\s+approved\s+您的验证码是\$\{CODE_6\}/);

  const listed = await ok(['app', 'list']);
  assert.match(listed, /^appKey\s+name\s+status/);
  assert.match(listed, new RegExp(`${app.appKey}\\s+cli-shop\\s+active\\s+notify`));
  assert.match(await ok(['number', 'list', app.appKey]), /\+8675528300001\s+active/);

  const client = new VoxcallClient({ baseUrl: ctx.t.platform.url, appKey: app.appKey, appSecret: app.appSecret });
  const res = await client.callNotify({
    displayNbr: '+8675528300001',
    calleeNbr: '+8613900000001',
    playInfoList: [{ notifyVoice: 'hello.wav' }, { templateId: 'otp', templateParas: ['a1b2c3'] }],
  });
  assert.equal(res.body.resultcode, '0', res.body.resultdesc);
});

test('show, update, suspend, resume, rotate-secret', async () => {
  const app = JSON.parse(await ok(['--json', 'app', 'create', 'cli-two'])) as { appKey: string; appSecret: string };
  const shown = await ok(['app', 'show', app.appKey]);
  assert.match(shown, /name\s+cli-two/);
  assert.doesNotMatch(shown, /appSecret/);
  assert.match(await ok(['app', 'update', app.appKey, '--port-quota', '4', '--allowed-ips', '10.0.0.0/8,127.0.0.1', '--recording', 'on']), /portQuota\s+4/);
  const stored = await ctx.t.platform.store.apps.get(app.appKey);
  assert.deepEqual([stored?.portQuota, stored?.allowedClientIps, stored?.recordingEnabled], [4, ['10.0.0.0/8', '127.0.0.1'], true]);
  assert.match(await ok(['app', 'suspend', app.appKey]), /is suspended/);
  assert.match(await ok(['app', 'resume', app.appKey]), /is active/);
  const rotated = JSON.parse(await ok(['app', 'rotate-secret', app.appKey, '--grace', '60', '--json'])) as { appSecret: string; previousSecretValidUntil: string };
  assert.notEqual(rotated.appSecret, app.appSecret);
  assert.ok(rotated.previousSecretValidUntil);
});

test('errors: non-zero exit and one line on stderr', async () => {
  const unknown = await voxcall(['app', 'show', 'nope']);
  assert.equal(unknown.code, 1);
  assert.equal(unknown.stderr, 'voxcall: app nope does not exist (VX.NOT_FOUND, HTTP 404)\n');
  const badToken = await voxcall(['app', 'list'], { VOXCALL_ADMIN_TOKEN: 'not-the-token-at-all' });
  assert.equal(badToken.code, 1);
  // It says which token was sent and where the right one is, and shows neither.
  assert.match(badToken.stderr, /^voxcall: http:\/\/127\.0\.0\.1:\d+ refused the token from VOXCALL_ADMIN_TOKEN \(VX\.UNAUTHORIZED, HTTP 401\): .*VOXCALL_ADMIN_TOKEN.*<data dir>\/admin-token.*--token.*\n$/);
  assert.ok(!badToken.stderr.includes('not-the-token-at-all') && !badToken.stderr.includes(ctx.t.platform.adminToken));
  const notWav = await voxcall(['voice', 'upload', ctx.t.platform.demo.appKey, BIN, '--name', 'bin.wav']);
  assert.equal(notWav.code, 1);
  assert.match(notWav.stderr, /^voxcall: bin\.wav is refused: not a WAV file .*\n$/);
  const down = await voxcall(['app', 'list'], { VOXCALL_SERVER: 'http://127.0.0.1:1' });
  assert.equal(down.code, 1);
  assert.match(down.stderr, /^voxcall: cannot reach http:\/\/127\.0\.0\.1:1/);
  const badArg = await voxcall(['app', 'create', 'x', '--capabilities', 'fax']);
  assert.notEqual(badArg.code, 0);
  assert.match(badArg.stderr, /capabilities are callback, notify, verify/);
});

test('the token defaults to the one kept in the data directory', async () => {
  const r = await voxcall(['--json', 'app', 'list'], { VOXCALL_ADMIN_TOKEN: undefined });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(Array.isArray(JSON.parse(r.stdout).apps));
});
