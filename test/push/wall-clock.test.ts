// Pushes read time from the wall clock they are given, never from the machine's: the operator's
// test push signs (Created) and dates its sample with the platform's wall clock, and a
// Retry-After HTTP-date is read against the wall clock the attempt was signed on.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createdBeijing } from '../../src/lib/aksk.js';
import { ManualClock } from '../../src/lib/clock.js';
import { PushVerifier } from '../../src/client/index.js';
import type { Push } from '../../src/domain/push.js';
import { huawei } from '../../src/push/dialects/huawei.js';
import { tryAt } from '../../src/push/delivery/attempt.js';
import { createAgent } from '../../src/push/delivery/sender.js';
import { startTestPlatform } from '../helpers/platform.js';
import { Receiver } from '../helpers/receiver.js';
import { admin } from '../manage/helpers.js';
import { startReceiver } from './receiver.js';

// Years away from the machine's clock: a time read from Date.now() cannot pass for it.
const WALL = Date.UTC(2031, 0, 2, 3, 4, 5, 678);

test('a test push is signed and dated with the platform\'s wall clock', async () => {
  const wall = new ManualClock(WALL);
  const t = await startTestPlatform({ wallClock: wall });
  const rx = await new Receiver().start();
  try {
    const { appKey, appSecret } = t.platform.demo;
    const call = admin(() => t);
    const url = `${rx.url}/hw`;
    const sub = (await call('POST', `/v1/apps/${appKey}/subscriptions`, { url, format: 'huawei', receives: 'status' })).body.subscription;
    const res = await call('POST', `/v1/apps/${appKey}/subscriptions/${sub.id}/test`, {});
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const [got] = rx.on('/hw');
    assert.match(String(got!.headers['x-aksk']), new RegExp(`Created="${createdBeijing(WALL)}"`));
    assert.deepEqual(new PushVerifier({ appKey, appSecret, clock: wall }).verify(url, got!.headers), { ok: true });
    // The sample call ended 11 s before now (sample-call.ts): its session id carries its start.
    assert.match(got!.body.statusInfo.sessionId, /^1202_0_0_20310102030354@/);
  } finally {
    await t.close();
    await rx.close();
  }
});

test('a Retry-After HTTP-date is read against the wall clock the attempt was signed on', async () => {
  const rx = await startReceiver(() => ({ status: 503, headers: { 'retry-after': new Date(WALL + 30_000).toUTCString() } }));
  const agent = createAgent();
  try {
    const push: Push = {
      id: 'p1', appKey: 'k', sessionId: 's', dialect: 'huawei', kind: 'status', url: rx.url('/x'), seq: 0, items: [{ eventType: 'answer' }],
      schedule: [], timeoutMs: 5000, state: 'queued', attempts: 0, step: 0, replays: 0, nextAt: 0, createdAt: 0,
    };
    const tried = await tryAt({ agent, push, dialect: huawei, secret: 'secret', url: push.url, n: 1, at: 0, signedAt: WALL, timeoutMs: 5000 });
    assert.equal(tried.attempt.httpStatus, 503);
    // toUTCString keeps whole seconds: 30 s less the 678 ms cut and the answer's latency.
    const ms = tried.hints.retryAfterMs!;
    assert.ok(ms > 28_000 && ms <= 29_322, `${ms} ms`);
  } finally {
    await agent.close();
    await rx.close();
  }
});
