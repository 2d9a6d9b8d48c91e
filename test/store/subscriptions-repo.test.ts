// SubscriptionRepo on both backends: created and read whole, listed per app oldest first, updated
// only within its app, deleted; a change made through another node is seen by a fresh read.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Subscription } from '../../src/domain/subscription.js';
import { storeBackends, type TempStore } from './backends.js';

const sub = (id: string, over: Partial<Subscription> = {}): Subscription => ({
  id, appKey: 'a', url: `http://rx/${id}`, format: 'vsp', receives: 'both', enabled: true, createdAt: 100, updatedAt: 100, ...over,
});

for (const b of storeBackends()) describe(`subscription repo (${b.name})`, { skip: b.skip }, () => {
  let t: TempStore;
  beforeEach(async () => { t = await b.open(); });
  afterEach(() => t.cleanup());

  it('creates, reads, lists, updates and deletes', async () => {
    const subs = t.store.subscriptions;
    const full = sub('s2', {
      receives: 'status', events: ['callout', 'disconnect'], retrySchedule: [1, 2], timeoutMs: 900, secret: 'whsec_x',
      failoverUrl: 'http://rx/failover', enabled: false,
    });
    await subs.create(full);
    await subs.create(sub('s1'));
    await subs.create(sub('s0', { createdAt: 200 }));
    await subs.create(sub('x1', { appKey: 'b' }));
    assert.deepEqual(await subs.get('s2'), full);
    assert.deepEqual(await subs.get('s1'), sub('s1'));
    assert.equal(await subs.get('nope'), undefined);
    assert.deepEqual((await subs.forApp('a')).map((s) => s.id), ['s1', 's2', 's0']);
    assert.deepEqual(await subs.forApp('c'), []);
    await assert.rejects(subs.create(sub('s1')), 'an id is unique');

    const changed = sub('s2', { url: 'http://rx/new', format: 'robot', receives: 'records', updatedAt: 300 });
    assert.equal(await subs.update(changed), true);
    assert.deepEqual(await subs.get('s2'), changed, 'replaced whole: the optional fields are gone');
    assert.equal(await subs.update(sub('s2', { appKey: 'b', url: 'http://evil' })), false, 'not within another app');
    assert.equal(await subs.update(sub('ghost')), false);
    assert.equal((await subs.get('s2'))!.url, 'http://rx/new');

    assert.equal(await subs.delete('s2'), true);
    assert.equal(await subs.delete('s2'), false);
    assert.deepEqual((await subs.forApp('a')).map((s) => s.id), ['s1', 's0']);
  });

  it('another node sees a subscription created here', async () => {
    const other = await t.another();
    await t.store.subscriptions.create(sub('s1'));
    assert.deepEqual(await other.subscriptions.get('s1'), sub('s1'));
    assert.deepEqual((await other.subscriptions.forApp('a')).map((s) => s.id), ['s1']);
  });
});
