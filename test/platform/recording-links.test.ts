// Recording links handed out where no request names a host, the fee's recordFileDownloadUrl and the
// calls API's link, follow one rule (src/platform/link-base.ts, docs/api.md "Recording links"):
// VOXCALL_PUBLIC_URL when set, else the node's local URL, where a wildcard listening address
// (0.0.0.0) becomes the loopback address a client can dial, never http://0.0.0.0:...

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { encodeUrlParam } from '../../src/client/index.js';
import { DEMO_NUMBERS } from '../../src/platform/seed.js';
import { feeItems } from '../helpers/expect.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { Receiver } from '../helpers/receiver.js';
import { admin } from '../manage/helpers.js';

/** A recorded callback's fee link and the calls API's link for the same call. */
async function links(t: TestPlatform, rx: Receiver): Promise<{ fee: string; api: string }> {
  const res = await t.client.click2Call({
    displayNbr: DEMO_NUMBERS[0]!, callerNbr: '+8613900000001', displayCalleeNbr: DEMO_NUMBERS[1]!, calleeNbr: '+8613800000077',
    recordFlag: 'true', feeUrl: encodeUrlParam(`${rx.url}/fee`),
  } as never);
  assert.equal(res.body.resultcode, '0', JSON.stringify(res.body));
  const sessionId = res.body.sessionId as string;
  await t.run(180_000);
  await rx.until(() => feeItems(rx).some((f) => f.sessionId === sessionId));
  const fee = feeItems(rx).find((f) => f.sessionId === sessionId)!;
  const detail = await admin(() => t)('GET', `/v1/calls/${encodeURIComponent(sessionId)}`);
  assert.equal(detail.status, 200, JSON.stringify(detail.body));
  return { fee: fee.recordFileDownloadUrl as string, api: detail.body.recording.link as string };
}

test('listening on 0.0.0.0 without a public URL: both links start with the loopback URL, and serve the WAV', async () => {
  const t = await startTestPlatform({ env: { VOXCALL_HOST: '0.0.0.0' } });
  const rx = await new Receiver().start();
  try {
    const port = new URL(t.platform.url).port;
    const got = await links(t, rx);
    for (const link of [got.fee, got.api]) {
      assert.ok(link.startsWith(`http://127.0.0.1:${port}/recordings/`), link);
      const wav = await request(link);
      assert.equal(wav.statusCode, 200, link);
      assert.equal(Buffer.from(await wav.body.arrayBuffer()).subarray(8, 12).toString(), 'WAVE');
    }
  } finally {
    await t.close();
    await rx.close();
  }
});

test('with VOXCALL_PUBLIC_URL: both links start with it (its path prefix kept)', async () => {
  const t = await startTestPlatform({ env: { VOXCALL_PUBLIC_URL: 'https://voice.example.com/base/' } });
  const rx = await new Receiver().start();
  try {
    const got = await links(t, rx);
    for (const link of [got.fee, got.api]) assert.ok(link.startsWith('https://voice.example.com/base/recordings/'), link);
  } finally {
    await t.close();
    await rx.close();
  }
});
