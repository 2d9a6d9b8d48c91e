// The outbox writer's fan-out to subscriptions: what each one receives, paused ones nothing, and
// the store's per-app cache seeing every change.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Subscription } from '../../src/domain/subscription.js';
import { pushCall, rig, sub, type Rig } from '../dialects/rig.js';
import { tempStore } from '../store/fixtures.js';

describe('fan-out to subscriptions', () => {
  let r: Rig;
  beforeEach(async () => { r = await rig(); });
  afterEach(() => r.close());

  it('receives, the event filter and pause decide what each subscription gets', async () => {
    r.subs.push(
      sub(r.rx, 'vsp', { id: 's-status', url: r.rx.url('/status-only'), receives: 'status', events: ['answer', 'disconnect'] }),
      sub(r.rx, 'vsp', { id: 's-records', url: r.rx.url('/records-only'), receives: 'records' }),
      sub(r.rx, 'vsp', { id: 's-paused', url: r.rx.url('/paused'), enabled: false }),
      sub(r.rx, 'ucloud', { id: 's-ucloud', url: r.rx.url('/ucloud'), receives: 'status' }),
      sub(r.rx, 'vsp', { id: 's-other-app', appKey: 'another-app', url: r.rx.url('/other') }),
    );
    const c = await pushCall(r, 'answered');
    const seen = (path: string) => r.rx.requests.filter((q) => q.path === path).map((q) => (q.json as { eventType?: number }).eventType ?? 'cdr');
    assert.deepEqual(seen('/status-only'), [3, 4]);
    assert.deepEqual(seen('/records-only'), ['cdr']);
    assert.deepEqual(seen('/paused'), []);
    assert.deepEqual(seen('/ucloud'), [], 'ucloud has no status events; this one asked for status only');
    assert.deepEqual(seen('/other'), []);
    const pushes = await r.t.store.outbox.list({ sessionId: c.sessionId });
    assert.deepEqual(new Set(pushes.map((p) => p.subscriptionId)), new Set(['s-status', 's-records']));
    assert.ok(pushes.every((p) => p.state === 'delivered'));
  });

  it('a subscription overrides the schedule and timeout', async () => {
    r.subs.push(sub(r.rx, 'robot', { retrySchedule: [7000], timeoutMs: 1234 }));
    r.rx.handler = () => ({ status: 200, body: 'fail' });
    const c = await pushCall(r, 'busy');
    const [p] = await r.t.store.outbox.list({ sessionId: c.sessionId });
    assert.deepEqual([p!.schedule, p!.timeoutMs], [[7000], 1234]);
    await r.clock.advance(7000);
    await r.d.drain();
    assert.equal((await r.t.store.outbox.get(p!.id))!.state, 'failed');
    assert.equal(r.rx.requests.length, 2);
  });
});

describe('the store keeps subscriptions per app in memory and drops them on change', () => {
  it('create, update and delete are seen by the next forApp', async () => {
    const t = tempStore();
    try {
      const repo = t.store.subscriptions;
      const s: Subscription = { id: 'a1', appKey: 'app1', url: 'http://x/1', format: 'vsp', receives: 'both', enabled: true, createdAt: 1, updatedAt: 1 };
      assert.deepEqual(await repo.forApp('app1'), []);
      await repo.create(s);
      assert.deepEqual((await repo.forApp('app1')).map((x) => x.id), ['a1']);
      const list = await repo.forApp('app1');
      list[0]!.url = 'mutated by a caller';
      assert.equal((await repo.forApp('app1'))[0]!.url, 'http://x/1', 'callers get copies');
      await repo.update({ ...s, enabled: false, events: ['answer'], retrySchedule: [1], timeoutMs: 200, secret: 'whsec_x' });
      assert.deepEqual(await repo.forApp('app1'), [{ ...s, enabled: false, events: ['answer'], retrySchedule: [1], timeoutMs: 200, secret: 'whsec_x' }]);
      assert.equal(await repo.update({ ...s, id: 'nope' }), false);
      assert.equal(await repo.delete('a1'), true);
      assert.deepEqual(await repo.forApp('app1'), []);
      assert.equal(await repo.delete('a1'), false);
    } finally {
      await t.cleanup();
    }
  });
});
