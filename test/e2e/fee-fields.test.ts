// The optional Huawei fee fields a call earns: recordFileDownloadUrl when it was recorded (the
// signed link, which downloads the WAV in a browser without AK/SK), dynIVRStartTime and
// dynIVRPath when it collected digits (reference 4.5, 5.4).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { encodeUrlParam } from '../../src/client/index.js';
import { DEMO_NUMBERS } from '../../src/platform/seed.js';
import { feeItems } from '../helpers/expect.js';
import { usePlatform } from '../helpers/platform.js';

const ctx = usePlatform();
const feeUrl = () => encodeUrlParam(`${ctx.rx.url}/fee`);

async function feeOf(sessionId: string): Promise<Record<string, any>> {
  await ctx.t.run(180_000);
  await ctx.rx.until(() => feeItems(ctx.rx).some((f) => f.sessionId === sessionId));
  return feeItems(ctx.rx).find((f) => f.sessionId === sessionId)!;
}

test('a recorded callback: the fee carries the signed download link, and it serves the WAV', async () => {
  const res = await ctx.t.client.click2Call({
    displayNbr: DEMO_NUMBERS[0]!, callerNbr: '+8613900000001', displayCalleeNbr: DEMO_NUMBERS[1]!, calleeNbr: '+8613800000077',
    recordFlag: 'true', feeUrl: feeUrl(),
  } as never);
  assert.equal(res.body.resultcode, '0');
  const fee = await feeOf(res.body.sessionId as string);
  assert.equal(fee.recordFlag, 1);
  const keys = Object.keys(fee);
  assert.equal(keys.indexOf('recordFileDownloadUrl'), keys.indexOf('recordDomain') + 1, 'in the reference table order');
  const link = fee.recordFileDownloadUrl as string;
  assert.ok(link.startsWith(`${ctx.t.platform.url}/recordings/${encodeURIComponent(fee.recordObjectName)}?`), link);
  assert.ok(link.length <= 1024, 'String(1-1024)');
  const wav = await request(link);
  assert.equal(wav.statusCode, 200);
  const bytes = Buffer.from(await wav.body.arrayBuffer());
  assert.equal(bytes.subarray(8, 12).toString(), 'WAVE');
  assert.equal(fee.dynIVRPath, undefined, 'no digits, no key path');
});

test('a notification that collected digits: dynIVRStartTime at the answer, dynIVRPath the keys joined by "-"', async () => {
  const item = { notifyVoice: 'welcome.wav', collectInd: 1 };
  const res = await ctx.t.client.callNotify({
    displayNbr: DEMO_NUMBERS[0]!, calleeNbr: '+8613900000008', playInfoList: [item, item], feeUrl: feeUrl(),
  } as never);
  assert.equal(res.body.resultcode, '0');
  const fee = await feeOf(res.body.sessionId as string);
  // +8613900000008 presses 1 at the first collection and 2 at the second.
  assert.equal(fee.dynIVRPath, '1-2');
  assert.equal(fee.dynIVRStartTime, fee.callOutAnswerTime);
  assert.match(fee.dynIVRStartTime, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  assert.equal(fee.recordFileDownloadUrl, undefined, 'not recorded, no link');
});
