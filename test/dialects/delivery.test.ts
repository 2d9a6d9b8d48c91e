// Each format's success rule and exact retry schedule, against a real local receiver under the
// manual clock; and the optional Standard Webhooks signature.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { WebhookVerifier } from '../../src/client/webhook-verifier.js';
import { parseAttributes, pushDigest } from '../../src/lib/aksk.js';
import { robot, ucloud, vsp } from '../../src/push/dialects/index.js';
import { APP_SECRET, HOUR, pushCall, rig, sub, type Rig } from './rig.js';

const MIN = 60_000;

describe('success rules (judge)', () => {
  it('vsp: any 2xx, whatever the body', () => {
    for (const s of [200, 201, 202, 204, 299]) assert.equal(vsp.judge(s, 'anything', 'record').ok, true, String(s));
    for (const s of [199, 301, 400, 500]) assert.equal(vsp.judge(s, '', 'status').ok, false, String(s));
  });
  it('ucloud: HTTP 200 exactly', () => {
    assert.equal(ucloud.judge(200, '{code: 0, message: "ok"}').ok, true);
    for (const s of [201, 204, 500, 503]) assert.equal(ucloud.judge(s, '').ok, false, String(s));
  });
  it('robot: a 2xx whose body is success, bare or as a JSON string', () => {
    for (const b of ['success', '"success"', ' "success"\n', 'success\r\n']) assert.equal(robot.judge(200, b).ok, true, b);
    for (const b of ['fail', '"fail"', '', 'Success', '{"result":"success"}', 'successful']) assert.equal(robot.judge(200, b).ok, false, b);
    assert.equal(robot.judge(500, 'success').ok, false);
  });
});

describe('delivery per format against a real receiver', () => {
  let r: Rig;
  beforeEach(async () => { r = await rig(); });
  afterEach(() => r.close());

  /** Steps the clock through `delays` exactly: nothing one ms early, the next attempt on time. */
  async function walk(path: string, delays: number[], startCount: number): Promise<void> {
    let count = startCount;
    for (const delay of delays) {
      if (delay > 0) {
        await r.clock.advance(delay - 1);
        await r.d.drain();
        assert.equal(r.rx.requests.filter((q) => q.path === path).length, count, `not before ${delay} ms`);
        await r.clock.advance(1);
        await r.d.drain();
      }
      count++;
      assert.equal(r.rx.requests.filter((q) => q.path === path).length, count, `retry after ${delay} ms`);
    }
    await r.clock.advance(10 * HOUR);
    await r.d.drain();
    assert.equal(r.rx.requests.filter((q) => q.path === path).length, count, 'nothing after the schedule');
  }

  it('vsp: 204 is a success; a failing receiver gets at once, 5 s, 30 s, 5 min, 30 min, then failed', async () => {
    r.subs.push(sub(r.rx, 'vsp', { receives: 'records' }));
    r.rx.handler = () => ({ status: 204 });
    await pushCall(r, 'answered');
    assert.equal(r.rx.requests.length, 1);
    assert.deepEqual((await r.t.store.outbox.counts()).delivered, 1);

    r.rx.handler = () => ({ status: 503 });
    await pushCall(r, 'busy');
    // The first failure is retried at once: the first drain made both attempts.
    assert.equal(r.rx.requests.length, 3);
    await walk('/vsp', [5000, 30_000, 5 * MIN, 30 * MIN], 3);
    const failed = await r.t.store.outbox.list({ state: 'failed' });
    assert.equal(failed.length, 1);
    const times = (await r.t.store.outbox.attempts(failed[0]!.id)).map((a) => a.at);
    assert.deepEqual(times.slice(1).map((t, i) => t - times[i]!), [0, 5000, 30_000, 5 * MIN, 30 * MIN]);
  });

  it('ucloud: 500 is a failure, retried every second three times; a 201 is a failure too', async () => {
    r.subs.push(sub(r.rx, 'ucloud'));
    r.rx.handler = () => ({ status: 500 });
    await pushCall(r, 'answered');
    assert.equal(r.rx.requests.length, 1, 'one receipt per call, no status events');
    await walk('/ucloud', [1000, 1000, 1000], 1);
    const [p] = await r.t.store.outbox.list({ state: 'failed' });
    const attempts = await r.t.store.outbox.attempts(p!.id);
    assert.deepEqual(attempts.map((a) => [a.httpStatus, a.errorClass]), Array(4).fill([500, 'non_2xx']));

    r.rx.handler = () => ({ status: 201 });
    await pushCall(r, 'busy');
    assert.equal(r.attempts.at(-1)!.ok, false);
    r.rx.handler = () => ({ status: 200, body: '{"code":0,"message":"ok"}' });
    await r.clock.advance(1000);
    await r.d.drain();
    assert.equal(r.attempts.at(-1)!.ok, true);
  });

  it('robot: a fail body is a failure (rejected_body), retried after 15 s, 1 min, 5 min, 30 min, 2 h; "success" delivers', async () => {
    r.subs.push(sub(r.rx, 'robot'));
    r.rx.handler = () => ({ status: 200, body: 'fail' });
    await pushCall(r, 'no-answer');
    assert.equal(r.rx.requests.length, 1);
    assert.equal(r.attempts[0]!.errorClass, 'rejected_body');
    await walk('/robot', [15_000, MIN, 5 * MIN, 30 * MIN, 2 * HOUR], 1);

    r.rx.handler = (_q, i) => ({ status: 200, body: i % 2 === 0 ? '"success"' : 'success' });
    await pushCall(r, 'answered', { task: { taskId: 't', dataId: 'd', tries: 0, rowIndex: 1, rowHead: ['a'], rowValue: ['b'] } });
    const last = r.rx.requests.slice(-2).map((q) => 'task_row_index' in (q.json as object));
    assert.deepEqual(last.sort(), [false, true], 'a task call: a basic and a task record');
    assert.equal((await r.t.store.outbox.counts()).delivered, 2);
  });
});

describe('optional Standard Webhooks signing', () => {
  let r: Rig;
  beforeEach(async () => { r = await rig(); });
  afterEach(() => r.close());

  it('signs vsp/ucloud/robot pushes of a subscription with a secret; leaves them unsigned without one; Huawei keeps the app secret', async () => {
    const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
    r.subs.push(sub(r.rx, 'vsp', { secret }), sub(r.rx, 'ucloud'), sub(r.rx, 'huawei', { secret }));
    await pushCall(r, 'answered');
    await r.clock.advance(10_000); // the Huawei fee lingers to the end of its callEndTime second
    await r.d.drain();
    const verifier = new WebhookVerifier({ secret });
    const vspPushes = r.rx.requests.filter((q) => q.path === '/vsp');
    assert.equal(vspPushes.length, 5, 'four status events and the CDR');
    for (const q of vspPushes) {
      const v = verifier.verify(q.headers, q.body);
      assert.deepEqual(v, { ok: true, id: q.headers['webhook-id'], timestamp: Number(q.headers['webhook-timestamp']) });
      assert.equal(q.headers['webhook-id'], q.headers['x-voxcall-message-id']);
      assert.match(String(q.headers['webhook-signature']), /^v1,[A-Za-z0-9+/]+=*$/);
    }
    // Tampered body, or a verifier with another secret: refused.
    assert.equal(verifier.verify(vspPushes[0]!.headers, vspPushes[0]!.body.replace('100', '200')).ok, false);
    const other = new WebhookVerifier({ secret: `whsec_${Buffer.from('another').toString('base64')}` });
    assert.equal(other.verify(vspPushes[0]!.headers, vspPushes[0]!.body).ok, false);

    const uc = r.rx.requests.filter((q) => q.path === '/ucloud');
    assert.equal(uc.length, 1);
    assert.equal(uc[0]!.headers['webhook-signature'], undefined);

    const hw = r.rx.requests.filter((q) => q.path === '/huawei');
    assert.deepEqual(hw.map((q) => (q.json as { eventType: string }).eventType), ['callout', 'alerting', 'answer', 'disconnect', 'fee']);
    for (const q of hw) {
      assert.equal(q.headers['webhook-signature'], undefined);
      const attrs = parseAttributes(String(q.headers['x-aksk']).slice('UsernameToken '.length))!;
      assert.equal(attrs.get('PasswordDigest'), pushDigest(APP_SECRET, r.rx.url('/huawei'), attrs.get('Nonce')!, attrs.get('Created')!));
    }
  });
});
