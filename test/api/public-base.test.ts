// The recording redirect's Location is never built from an unchecked Host: VOXCALL_PUBLIC_URL when
// set (required in production), else only a plain host[:port] on VOXCALL_ALLOWED_HOSTS. Hostile
// Host headers are sent over real sockets.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { baseFromHost } from '../../src/api/public-base.js';
import { encodeUrlParam } from '../../src/client/index.js';
import { AUTHORIZATION_VALUE, createdBeijing, newNonce, requestDigest, xAkskValue } from '../../src/lib/aksk.js';
import { DEMO_NUMBERS } from '../../src/platform/seed.js';
import { startTestPlatform, usePlatform, type TestPlatform } from '../helpers/platform.js';
import type { Receiver } from '../helpers/receiver.js';

const HOSTILE = [
  'evil.example:1/x?', 'evil.example', 'evil.example:8080', '127.0.0.1@evil.example', '127.0.0.1:80/evil', '127.0.0.1.evil.example',
  'localhost:99999', 'localhost:0', 'localhost:', ':80', '', 'localhost evil', 'localhost,evil.example', '[::1', 'user@localhost',
  `localhost${'a'.repeat(300)}`,
];

describe('baseFromHost', () => {
  const allowed = ['localhost', '127.0.0.1', '::1'];
  test('a plain host[:port] on the list', () => {
    assert.equal(baseFromHost('127.0.0.1:8080', allowed, 'http'), 'http://127.0.0.1:8080');
    assert.equal(baseFromHost('LocalHost', allowed, 'https'), 'https://localhost');
    assert.equal(baseFromHost('[::1]:9000', allowed, 'http'), 'http://[::1]:9000');
  });
  test('anything else is refused', () => {
    for (const host of [...HOSTILE, undefined]) assert.equal(baseFromHost(host, allowed, 'http'), undefined, String(host));
  });
});

describe('configuration', () => {
  test('the default list is the loopback names and the listening address; VOXCALL_ALLOWED_HOSTS replaces it', () => {
    assert.deepEqual(loadConfig({}).allowedHosts, ['localhost', '127.0.0.1', '::1']);
    assert.deepEqual(loadConfig({ VOXCALL_HOST: '0.0.0.0' }).allowedHosts, ['localhost', '127.0.0.1', '::1']);
    assert.deepEqual(loadConfig({ VOXCALL_HOST: '10.1.2.3' }).allowedHosts, ['localhost', '127.0.0.1', '::1', '10.1.2.3']);
    assert.deepEqual(loadConfig({ VOXCALL_ALLOWED_HOSTS: 'Voice.Test, 10.0.0.5' }).allowedHosts, ['voice.test', '10.0.0.5']);
    assert.throws(() => loadConfig({ VOXCALL_ALLOWED_HOSTS: 'voice.test:8080' }), /VOXCALL_ALLOWED_HOSTS lists host names without port or scheme, got "voice.test:8080"/);
  });
  test('VOXCALL_PUBLIC_URL must be an absolute http(s) URL; a trailing slash is dropped', () => {
    assert.equal(loadConfig({ VOXCALL_PUBLIC_URL: 'https://voice.example.com/base/' }).publicUrl, 'https://voice.example.com/base');
    for (const bad of ['voice.example.com', 'ftp://voice.example.com', 'https://u:p@voice.example.com', 'https://voice.example.com/?x=1', 'https://voice.example.com/#x']) {
      assert.throws(() => loadConfig({ VOXCALL_PUBLIC_URL: bad }), /VOXCALL_PUBLIC_URL must be/, bad);
    }
  });
  test('production does not start without VOXCALL_PUBLIC_URL', async (tt) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'voxcall-prod-'));
    tt.after(() => rm(dataDir, { recursive: true, force: true }));
    await assert.rejects(startTestPlatform({ dataDir, env: { VOXCALL_PROFILE: 'production', VOXCALL_PUBLIC_URL: '' } }), /VOXCALL_PUBLIC_URL is required when VOXCALL_PROFILE=production/);
  });
});

/** A signed recording-download request with the given Host header, over a real socket. */
function download(t: TestPlatform, host: string, fileName: string, recordDomain: string): Promise<{ status: number; location?: string; body: string }> {
  const { appKey, appSecret } = t.platform.demo;
  const nonce = newNonce();
  const created = createdBeijing(Date.now());
  const url = new URL(t.platform.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: url.hostname, port: url.port, method: 'GET',
      path: `/rest/provision/voice/record/v1.0?${new URLSearchParams({ fileName, recordDomain })}`,
      headers: { host, authorization: AUTHORIZATION_VALUE, 'x-aksk': xAkskValue(appKey, requestDigest(appSecret, nonce, created), nonce, created) },
    }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode!, location: res.headers.location, body }));
    });
    req.on('error', reject).end();
  });
}

/** A recorded callback; answers the recording's file name and domain from its CDR. */
async function recorded(t: TestPlatform, rx: Receiver): Promise<{ file: string; domain: string }> {
  const res = await t.client.click2Call({
    displayNbr: DEMO_NUMBERS[0]!, callerNbr: '+8613900000001', displayCalleeNbr: DEMO_NUMBERS[1]!, calleeNbr: '+8613800000077',
    feeUrl: encodeUrlParam(`${rx.url}/fee`), recordFlag: 'true',
  } as never);
  assert.equal(res.body.resultcode, '0', JSON.stringify(res.body));
  await t.run(120_000);
  await rx.until((all) => all.some((p) => p.path === '/fee'));
  const cdr = rx.on('/fee')[0]!.body.feeLst[0];
  return { file: cdr.recordObjectName, domain: cdr.recordDomain };
}

describe('development, no VOXCALL_PUBLIC_URL', () => {
  const ctx = usePlatform();

  test('an allowed Host makes the link; hostile ones are refused with 1010002 and no Location', async () => {
    const { t, rx } = ctx;
    const rec = await recorded(t, rx);
    const port = new URL(t.platform.url).port;
    const ok = await download(t, `127.0.0.1:${port}`, rec.file, rec.domain);
    assert.equal(ok.status, 301, ok.body);
    assert.ok(ok.location?.startsWith(`http://127.0.0.1:${port}/recordings/`), ok.location);
    const named = await download(t, `localhost:${port}`, rec.file, rec.domain);
    assert.ok(named.location?.startsWith(`http://localhost:${port}/recordings/`), named.location);

    for (const host of HOSTILE.filter((h) => h !== '')) {
      const res = await download(t, host, rec.file, rec.domain);
      assert.equal(res.status, 403, `${host}: ${res.status} ${res.body}`);
      assert.equal(res.location, undefined, host);
      const body = JSON.parse(res.body) as { resultcode: string; resultdesc: string };
      assert.equal(body.resultcode, '1010002');
      assert.match(body.resultdesc, /VOXCALL_PUBLIC_URL/);
    }
  });
});

describe('with VOXCALL_PUBLIC_URL', () => {
  const ctx = usePlatform({ env: { VOXCALL_PUBLIC_URL: 'https://voice.example.com/base/' } });

  test('the link is built on it, whatever the Host', async () => {
    const { t, rx } = ctx;
    const rec = await recorded(t, rx);
    for (const host of ['evil.example:1/x?', '127.0.0.1']) {
      const res = await download(t, host, rec.file, rec.domain);
      assert.equal(res.status, 301, res.body);
      assert.ok(res.location?.startsWith('https://voice.example.com/base/recordings/'), res.location);
    }
  });
});
