// Voice callback end to end: request signed by the project's client, the call on the simulated
// network, pushes received by a real local HTTP receiver and compared with the reference.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { request } from 'undici';
import { encodeUrlParam } from '../../src/client/index.js';
import { DEMO_NUMBERS } from '../../src/platform/seed.js';
import { assertFeeShape, assertSigned, assertStatusShape, callEnded, feeItems } from '../helpers/expect.js';
import { usePlatform } from '../helpers/platform.js';

const ANSWERS = '+8613900000001'; // answers after 2 s, talks 20 s
const LISTENS = '+8613800000077'; // catch-all: answers after 3 s, talks 30 s
const HOLDS = '+8613900000009'; // answers, never hangs up

const ctx = usePlatform();

function callback(callee: string, extra: Record<string, string | number> = {}, caller = ANSWERS) {
  return ctx.t.client.click2Call({
    displayNbr: DEMO_NUMBERS[0]!,
    callerNbr: caller,
    displayCalleeNbr: DEMO_NUMBERS[1]!,
    calleeNbr: callee,
    statusUrl: encodeUrlParam(`${ctx.rx.url}/status`),
    feeUrl: encodeUrlParam(`${ctx.rx.url}/fee`),
    userData: 'cwgtest',
    ...extra,
  } as never);
}

/** Runs the world on, then waits for what every test here asserts on: the disconnect and the CDR. */
async function runCall(sessionId: string, ms = 180_000): Promise<void> {
  await ctx.t.run(ms);
  await ctx.rx.until(callEnded(sessionId));
}

const forSession = (sessionId: string) => ({
  status: ctx.rx.on('/status').filter((p) => p.body.statusInfo.sessionId === sessionId),
  fee: feeItems(ctx.rx).filter((f) => f.sessionId === sessionId),
});

describe('callback', () => {
  test('both legs answer, talk, record: every push of the reference, signed, in order', async () => {
    const res = await callback(LISTENS, { recordFlag: 'true', returnIdlePort: 'true' });
    assert.equal(res.status, 200);
    assert.equal(res.body.resultcode, '0');
    assert.equal(res.body.resultdesc, 'Success');
    assert.match(res.body.sessionId as string, /^1201_\d+_\d+_\d{14}@voxcall\.test$/);
    assert.equal(res.body.idlePort, 99);
    const sid = res.body.sessionId as string;
    await runCall(sid);

    const { status, fee } = forSession(sid);
    assert.deepEqual(status.map((p) => `${p.body.eventType}:${p.body.statusInfo.called}`), [
      `callout:${ANSWERS}`, `alerting:${ANSWERS}`, `answer:${ANSWERS}`,
      `callout:${LISTENS}`, `alerting:${LISTENS}`, `answer:${LISTENS}`,
      `disconnect:${ANSWERS}`,
    ]);
    for (const p of status) assertStatusShape(p, ['userData']);
    assert.equal(status[0]!.body.statusInfo.caller, DEMO_NUMBERS[0]);
    assert.equal(status[3]!.body.statusInfo.caller, DEMO_NUMBERS[1]);
    assert.equal(status[6]!.body.statusInfo.stateCode, 0);
    assert.equal(status[6]!.body.statusInfo.partyType, undefined, 'partyType only when asked for');
    assert.ok(status.every((p) => p.body.statusInfo.userData === 'cwgtest'));

    assert.equal(fee.length, 1);
    const cdr = fee[0]!;
    assertFeeShape(cdr, 'callback', ['recordStartTime', 'recordObjectName', 'recordBucketName', 'recordDomain', 'recordFileDownloadUrl', 'userData']);
    assert.equal(cdr.serviceType, '002');
    assert.equal(cdr.bindNum, DEMO_NUMBERS[0]);
    assert.equal(cdr.callerNum, DEMO_NUMBERS[0]);
    assert.equal(cdr.calleeNum, ANSWERS);
    assert.equal(cdr.fwdDisplayNum, DEMO_NUMBERS[1]);
    assert.equal(cdr.fwdDstNum, LISTENS);
    assert.equal(cdr.recordFlag, 1);
    assert.equal(cdr.callOutAnswerTime, status[2]!.body.statusInfo.timestamp);
    assert.equal(cdr.fwdAnswerTime, status[5]!.body.statusInfo.timestamp);
    assert.equal(cdr.callEndTime, status[6]!.body.statusInfo.timestamp);
    assertSigned(ctx.rx, ctx.t.platform.demo.appKey, ctx.t.platform.demo.appSecret);

    // The recording: a 301 to a signed link that serves a real WAV.
    const link = await ctx.t.client.recordingUrl(cdr.recordObjectName, cdr.recordDomain);
    assert.equal(link.status, 301);
    assert.ok(link.location?.startsWith(ctx.t.platform.url + '/recordings/'));
    const wav = await request(link.location!);
    assert.equal(wav.statusCode, 200);
    const bytes = Buffer.from(await wav.body.arrayBuffer());
    assert.equal(bytes.subarray(0, 4).toString(), 'RIFF');
    assert.equal(bytes.subarray(8, 12).toString(), 'WAVE');
    assert.ok(bytes.length > 44 + 8000, 'the recording holds audio');
    const tampered = await request(link.location!.replace(/signature=[^&]+/, 'signature=AAAA'));
    assert.equal(tampered.statusCode, 403);
    await tampered.body.dump();
    const missing = await ctx.t.client.recordingUrl('nope.wav', cdr.recordDomain);
    assert.equal(missing.status, 403);
    assert.equal(missing.body?.resultcode, '1012007');
  });

  for (const [name, callee, q850, stateCode] of [
    ['busy', '+8613900000002', 17, 8102],
    ['no answer', '+8613900000003', 19, 8101],
    ['powered off', '+8613900000004', 20, 8104],
    ['vacant', '+8613900000005', 1, 8100],
  ] as const) {
    test(`callee ${name}: disconnect and CDR carry the reference's codes`, async () => {
      const res = await callback(callee, { partyTypeRequiredInDisconnect: 'true' }, HOLDS);
      assert.equal(res.body.resultcode, '0');
      const sid = res.body.sessionId as string;
      await runCall(sid);
      const { status, fee } = forSession(sid);
      const types = status.map((p) => p.body.eventType);
      assert.deepEqual(types.slice(0, 4), ['callout', 'alerting', 'answer', 'callout']);
      const last = status.at(-1)!.body.statusInfo;
      assert.equal(status.at(-1)!.body.eventType, 'disconnect');
      assert.equal(last.called, callee);
      assert.equal(last.stateCode, stateCode);
      assert.ok(['callee', 'platform'].includes(last.partyType), 'partyType shown when asked for');
      for (const p of status) assertStatusShape(p, ['userData', 'partyType']);
      const cdr = fee[0]!;
      assert.equal(cdr.fwdUnaswRsn, q850);
      assert.equal(cdr.fwdDstNum, callee);
      assert.ok(cdr.failTime, 'failTime set for a failed call');
      assert.ok(cdr.sipStatusCode > 0);
      assert.equal(cdr.fwdAnswerTime, undefined);
    });
  }

  test('caller busy: no B leg, the CDR reports the first leg', async () => {
    const res = await callback(LISTENS, {}, '+8613900000002');
    const sid = res.body.sessionId as string;
    await runCall(sid);
    const { status, fee } = forSession(sid);
    assert.deepEqual(status.map((p) => p.body.eventType), ['callout', 'disconnect']);
    const cdr = fee[0]!;
    assert.equal(cdr.callOutUnaswRsn, 17);
    assert.equal(cdr.fwdDstNum, undefined);
    assert.equal(cdr.ulFailReason, 8108);
  });

  test('callStop ends both legs; stopping again or an unknown session answers 1020152', async () => {
    const res = await callback(HOLDS, { partyTypeRequiredInDisconnect: 'true' }, HOLDS);
    const sid = res.body.sessionId as string;
    await ctx.t.run(20_000);
    // Both legs answered: callout, alerting, answer of each.
    await ctx.rx.until(() => forSession(sid).status.length === 6);
    assert.deepEqual(forSession(sid).status.map((p) => p.body.eventType), ['callout', 'alerting', 'answer', 'callout', 'alerting', 'answer']);
    const stop = await ctx.t.client.callStop(sid);
    assert.equal(stop.status, 200);
    assert.deepEqual(stop.body, { resultcode: '0', resultdesc: 'Success' });
    await runCall(sid, 5_000);
    const { status } = forSession(sid);
    const last = status.at(-1)!.body.statusInfo;
    assert.equal(status.at(-1)!.body.eventType, 'disconnect');
    assert.equal(last.partyType, 'platform');
    assert.equal(last.stateCode, 8017);
    const again = await ctx.t.client.callStop(sid);
    assert.equal(again.body.resultcode, '1020152');
    assert.equal(again.status, 500);
    const unknown = await ctx.t.client.callStop('1201_999999_1_20260101000000@nowhere');
    assert.equal(unknown.body.resultcode, '1020152');
  });
});
