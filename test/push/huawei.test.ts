import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallbackPlan } from '../../src/domain/call.js';
import { dialects, huawei } from '../../src/push/dialects/index.js';
import { AUTHORIZATION_VALUE, createdBeijing, parseAttributes, pushDigest } from '../../src/lib/aksk.js';
import {
  FEE_EXAMPLES, STATUS_EXAMPLES, callbackCall, callbackEvent, callbackRecord, notifyCall, notifyRecord, verifyCall,
  verifyRecord,
} from './huawei-examples.js';

function statusBody(type: keyof typeof STATUS_EXAMPLES, time: string, call = callbackCall): string {
  const e = type === 'collectInfo'
    ? { ...callbackEvent('collectInfo', time, 4), sessionId: notifyCall.sessionId, digitInfo: '02' }
    : callbackEvent(type, time, 1);
  const item = huawei.encodeStatus(type === 'collectInfo' ? notifyCall : call, e);
  return huawei.body('status', [item]);
}

/** Same bytes, and same fields one by one (so a failure names the field). */
function assertSameBody(actual: string, expected: string): void {
  assert.deepEqual(JSON.parse(actual), JSON.parse(expected));
  assert.equal(actual, expected);
}

describe('huawei dialect: status events match the reference examples', () => {
  it('callout, alerting, answer, disconnect (4.4) and collectInfo (5.3)', () => {
    assertSameBody(statusBody('callout', '2019-01-24 03:04:24'), STATUS_EXAMPLES.callout);
    assertSameBody(statusBody('alerting', '2019-01-24 03:04:26'), STATUS_EXAMPLES.alerting);
    assertSameBody(statusBody('answer', '2019-01-24 03:04:31'), STATUS_EXAMPLES.answer);
    assertSameBody(statusBody('disconnect', '2019-01-24 03:04:49'), STATUS_EXAMPLES.disconnect);
    assertSameBody(statusBody('collectInfo', '2019-01-24 02:49:12'), STATUS_EXAMPLES.collectInfo);
  });

  it('adds partyType only when the callback asked for it, and userData when present', () => {
    const plan: CallbackPlan = { ...(callbackCall.plan as CallbackPlan), partyTypeRequiredInDisconnect: true };
    const call = { ...callbackCall, plan, userData: 'order-7' };
    const item = huawei.encodeStatus(call, callbackEvent('disconnect', '2019-01-24 03:04:49', 4)) as {
      statusInfo: Record<string, unknown>;
    };
    assert.equal(item.statusInfo.partyType, 'caller');
    assert.equal(item.statusInfo.userData, 'order-7');
    const plain = huawei.encodeStatus(callbackCall, callbackEvent('disconnect', '2019-01-24 03:04:49', 4)) as {
      statusInfo: Record<string, unknown>;
    };
    assert.equal('partyType' in plain.statusInfo, false);
    assert.equal('userData' in plain.statusInfo, false);
    const collect = huawei.encodeStatus({ ...notifyCall, userData: 'u' }, {
      ...callbackEvent('collectInfo', '2019-01-24 02:49:12', 4), digitInfo: '1',
    }) as { statusInfo: Record<string, unknown> };
    assert.deepEqual(Object.keys(collect.statusInfo), ['sessionId', 'timestamp', 'digitInfo']);
  });
});

describe('huawei dialect: CDRs match the reference examples', () => {
  it('callback (4.5), notification (5.4), verification code (6.4)', () => {
    assertSameBody(huawei.body('record', [huawei.encodeRecord(callbackCall, callbackRecord)]), FEE_EXAMPLES.callback);
    assertSameBody(huawei.body('record', [huawei.encodeRecord(notifyCall, notifyRecord)]), FEE_EXAMPLES.notify);
    assertSameBody(huawei.body('record', [huawei.encodeRecord(verifyCall, verifyRecord)]), FEE_EXAMPLES.verify);
  });

  it('the 5.4 notification with digits collected: dynIVRStartTime and dynIVRPath after callOutUnaswRsn, as table 5-21 orders them', () => {
    const fee = huawei.encodeRecord(notifyCall, { ...notifyRecord, digits: ['0', '2', '3'] }) as Record<string, unknown>;
    const keys = Object.keys(fee);
    const at = keys.indexOf('callOutUnaswRsn');
    assert.deepEqual(keys.slice(at, at + 4), ['callOutUnaswRsn', 'dynIVRStartTime', 'dynIVRPath', 'recordFlag']);
    assert.deepEqual([fee.dynIVRStartTime, fee.dynIVRPath], ['2019-01-24 02:49:12', '0-2-3']);
  });

  it('failed calls, recordings and userData', () => {
    const failed = huawei.encodeRecord({ ...callbackCall, userData: 'ud' }, {
      ...callbackRecord,
      legA: { startAt: callbackRecord.legA.startAt, alertingAt: callbackRecord.legA.startAt + 2000, q850: 19, sipStatus: 480 },
      legB: undefined,
      fwdDisplayNum: undefined,
      fwdDstNum: undefined,
      failAt: callbackRecord.legA.startAt + 30_000,
      callEndAt: callbackRecord.legA.startAt + 30_000,
      ulFailReason: 3, sipStatusCode: 480, outcome: 'no_answer',
    }) as Record<string, unknown>;
    assert.deepEqual(Object.keys(failed), [
      'direction', 'spId', 'appKey', 'icid', 'bindNum', 'sessionId', 'callerNum', 'calleeNum', 'callEndTime',
      'fwdUnaswRsn', 'failTime', 'ulFailReason', 'sipStatusCode', 'callOutStartTime', 'callOutAlertingTime',
      'callOutUnaswRsn', 'recordFlag', 'ttsPlayTimes', 'ttsTransDuration', 'serviceType', 'hostName', 'userData',
    ]);
    assert.equal(failed.failTime, '2019-01-24 03:04:54');
    assert.equal(failed.callOutUnaswRsn, 19);
    assert.equal(failed.userData, 'ud');

    const recorded = huawei.encodeRecord(callbackCall, {
      ...callbackRecord,
      legB: { ...callbackRecord.legB!, q850: 17 },
      recording: { objectName: 'a.wav', bucketName: 'bkt', domain: 'rec.example.com', startAt: callbackRecord.legB!.answerAt!, endAt: callbackRecord.callEndAt, path: '/x' },
    }) as Record<string, unknown>;
    assert.equal(recorded.fwdUnaswRsn, 17);
    assert.equal(recorded.recordFlag, 1);
    assert.equal(recorded.recordStartTime, '2019-01-24 03:04:38');
    assert.equal(recorded.recordObjectName, 'a.wav');
    assert.equal(recorded.recordBucketName, 'bkt');
    assert.equal(recorded.recordDomain, 'rec.example.com');
  });

  it('batches by app and callEndTime second, at most 50 items', () => {
    assert.equal(huawei.recordBatchKey(callbackCall, callbackRecord), 'ka4kESI5s3YyurL1wpx63s9YnEm2 2019-01-24 03:04:49');
    assert.equal(huawei.recordBatchKey(callbackCall, { ...callbackRecord, callEndAt: callbackRecord.callEndAt + 999 }),
      huawei.recordBatchKey(callbackCall, callbackRecord));
    assert.equal(huawei.maxBatch, 50);
    const two = JSON.parse(huawei.body('record', [{ a: 1 }, { a: 2 }])) as { eventType: string; feeLst: unknown[] };
    assert.equal(two.eventType, 'fee');
    assert.equal(two.feeLst.length, 2);
  });
});

describe('huawei dialect: signing, judging, schedules', () => {
  it('signs with X-AKSK over the exact push URL, verifiable with pushDigest', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const url = 'https://sp.example.com/fee?x=1';
    const h = huawei.headers({ url, body: '{}', appKey: 'k1', secret: 's3cret', messageId: 'm-1', now, nonce: 'ABCDEF0123' });
    assert.equal(h['Content-Type'], 'application/json;charset=UTF-8');
    assert.equal(h.Authorization, AUTHORIZATION_VALUE);
    assert.equal(h['X-Voxcall-Message-Id'], 'm-1');
    const raw = h['X-AKSK']!;
    assert.ok(raw.startsWith('UsernameToken '));
    const attrs = parseAttributes(raw.slice('UsernameToken '.length))!;
    assert.equal(attrs.get('Username'), 'k1');
    assert.equal(attrs.get('Nonce'), 'ABCDEF0123');
    assert.equal(attrs.get('Created'), '2026-01-01T20:00:00Z', 'Beijing time with a trailing Z');
    assert.equal(attrs.get('Created'), createdBeijing(now));
    assert.equal(attrs.get('PasswordDigest'), pushDigest('s3cret', url, 'ABCDEF0123', '2026-01-01T20:00:00Z'));
  });

  it('judges status by HTTP 200 only, fee by 200 and resultcode "0" when given', () => {
    assert.equal(huawei.judge(200, '', 'status').ok, true);
    assert.equal(huawei.judge(200, '{"resultcode":"1"}', 'status').ok, true);
    assert.equal(huawei.judge(201, '', 'status').ok, false);
    assert.equal(huawei.judge(204, '', 'status').ok, false);
    assert.equal(huawei.judge(500, '', 'status').ok, false);
    assert.equal(huawei.judge(200, '{"resultcode":"0","resultdesc":"Success"}', 'record').ok, true);
    assert.deepEqual(huawei.judge(200, '{"resultcode":"1","resultdesc":"busy"}', 'record'), { ok: false, reason: 'resultcode 1' });
    assert.equal(huawei.judge(200, 'OK', 'record').ok, true, 'non-JSON 200 is success for fee');
    assert.equal(huawei.judge(200, '', 'record').ok, true);
    assert.equal(huawei.judge(200, '{"other":1}', 'record').ok, true);
    assert.equal(huawei.judge(200, '{"resultcode":0}', 'record').ok, true);
    assert.equal(huawei.judge(201, '{"resultcode":"0"}', 'record').ok, false);
  });

  it('schedules, timeout, registry', () => {
    assert.deepEqual(huawei.schedules.record, Array(6).fill(3_600_000));
    assert.deepEqual(huawei.schedules.status, [10_000, 60_000, 300_000, 1_800_000, 3_600_000]);
    assert.equal(huawei.attemptTimeoutMs, 5000);
    assert.equal(dialects.get('huawei'), huawei);
  });
});
