// Voice notification and verification code end to end.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encodeUrlParam } from '../../src/client/index.js';
import { DEMO_NUMBERS } from '../../src/platform/seed.js';
import { assertFeeShape, assertSigned, assertStatusShape, callEnded, feeItems } from '../helpers/expect.js';
import { usePlatform } from '../helpers/platform.js';

const PRESSES = '+8613900000008'; // answers, presses "1" then "2"
const LISTENS = '+8613800000077';

const ctx = usePlatform();

const urls = () => ({ statusUrl: encodeUrlParam(`${ctx.rx.url}/status`), feeUrl: encodeUrlParam(`${ctx.rx.url}/fee`) });

async function finished(sessionId: string) {
  await ctx.t.run(240_000);
  // The disconnect and the CDR travel separately: wait for both, as both are asserted on.
  await ctx.rx.until(callEnded(sessionId));
  return {
    status: ctx.rx.on('/status').filter((p) => p.body.statusInfo.sessionId === sessionId),
    cdr: feeItems(ctx.rx).find((f) => f.sessionId === sessionId)!,
  };
}

describe('notification', () => {
  test('a file and a TTS template, digits collected and pushed as collectInfo', async () => {
    const res = await ctx.t.client.callNotify({
      displayNbr: DEMO_NUMBERS[0]!,
      calleeNbr: PRESSES,
      playInfoList: [
        { notifyVoice: 'welcome.wav' },
        { templateId: 'test_template', templateParas: ['3', '人民公园正门'], collectInd: 1 },
      ],
      ...urls(),
      userData: 'testUserData',
    } as never);
    assert.equal(res.body.resultcode, '0', JSON.stringify(res.body));
    assert.match(res.body.sessionId as string, /^1202_/);
    const { status, cdr } = await finished(res.body.sessionId as string);
    assert.deepEqual(status.map((p) => p.body.eventType), ['callout', 'alerting', 'answer', 'collectInfo', 'disconnect']);
    for (const p of status) assertStatusShape(p, ['userData']);
    const collect = status[3]!.body.statusInfo;
    assert.equal(collect.digitInfo, '1');
    assert.equal(collect.userData, undefined, 'collectInfo carries no userData (table 5-15)');
    assertFeeShape(cdr, 'notify', ['dynIVRStartTime', 'dynIVRPath', 'userData']);
    assert.equal(cdr.dynIVRPath, '1');
    assert.equal(cdr.serviceType, '001');
    assert.equal(cdr.calleeNum, PRESSES);
    assert.equal(cdr.ttsPlayTimes, 1);
    assertSigned(ctx.rx, ctx.t.platform.demo.appKey, ctx.t.platform.demo.appSecret);
  });

  test('the v1.0 path and the templatId spelling are accepted', async () => {
    const res = await ctx.t.client.callNotify({
      displayNbr: DEMO_NUMBERS[0]!,
      calleeNbr: LISTENS,
      playInfoList: [{ templatId: 'test_template', templateParas: ['12', 'gate'] }],
      ...urls(),
    } as never, 'v1.0');
    assert.equal(res.body.resultcode, '0', JSON.stringify(res.body));
    const { status } = await finished(res.body.sessionId as string);
    assert.equal(status.at(-1)!.body.eventType, 'disconnect');
  });

  test('a suspended display number is replaced by an active one of the app', async () => {
    const res = await ctx.t.client.callNotify({ displayNbr: '+8675528000009', calleeNbr: LISTENS, playInfoList: [{ notifyVoice: 'welcome.wav' }], ...urls() } as never);
    assert.equal(res.body.resultcode, '0');
    const { status, cdr } = await finished(res.body.sessionId as string);
    assert.ok(DEMO_NUMBERS.includes(status[0]!.body.statusInfo.caller));
    assert.ok(DEMO_NUMBERS.includes(cdr.bindNum));
  });
});

describe('verification code', () => {
  test('preTone, the code three times, postTone, then the platform hangs up', async () => {
    const res = await ctx.t.client.callVerify({
      displayNbr: DEMO_NUMBERS[2]!, calleeNbr: LISTENS, languageType: 2, preTone: 'welcome.wav', verifyCode: '1234', postTone: 'welcome.wav', ...urls(), userData: 'cwgtest',
    } as never);
    assert.equal(res.body.resultcode, '0', JSON.stringify(res.body));
    assert.match(res.body.sessionId as string, /^1200_/);
    const { status, cdr } = await finished(res.body.sessionId as string);
    assert.deepEqual(status.map((p) => p.body.eventType), ['callout', 'alerting', 'answer', 'disconnect']);
    for (const p of status) assertStatusShape(p, ['userData']);
    assertFeeShape(cdr, 'verify', ['userData']);
    assert.equal(cdr.serviceType, '001');
    assert.equal(cdr.callerNum, DEMO_NUMBERS[2]);
  });

  for (const [name, callee, q850] of [['busy', '+8613900000002', 17], ['powered off', '+8613900000004', 20], ['vacant', '+8613900000005', 1], ['no answer', '+8613900000003', 19]] as const) {
    test(`callee ${name}`, async () => {
      const res = await ctx.t.client.callVerify({ displayNbr: DEMO_NUMBERS[2]!, calleeNbr: callee, languageType: 2, preTone: 'welcome.wav', verifyCode: '99', ...urls() } as never);
      const { status, cdr } = await finished(res.body.sessionId as string);
      assert.equal(status.at(-1)!.body.eventType, 'disconnect');
      assert.equal(cdr.callOutUnaswRsn, q850);
      assert.ok(cdr.failTime);
    });
  }
});
