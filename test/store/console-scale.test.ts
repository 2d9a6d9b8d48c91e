// What the console polls, read a page (or a bound) at a time on both backends (migration 019):
// the bounded push count, endpoints in keyset pages, endpoints by breaker origin, and attempts
// that store their URL (for the per-URL index) while reads name it only for a failover.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { endpointId } from '../../src/domain/endpoint.js';
import type { PushKey } from '../../src/store/types.js';
import { storeBackends, type TempStore } from './backends.js';
import { push, T0 } from './fixtures.js';

const one = () => 1;

for (const b of storeBackends()) describe(`console reads at scale (${b.name})`, { skip: b.skip }, () => {
  let t: TempStore;
  beforeEach(async () => { t = await b.open(); });
  afterEach(() => t.cleanup());

  it('counts the pushes a filter matches, stopping at the bound', async () => {
    await t.store.outbox.enqueue([
      ...Array.from({ length: 6 }, (_, i) => push({ url: 'http://c.example/a', createdAt: T0 + i })),
      push({ url: 'http://c.example/b', kind: 'record' }),
    ]);
    const a = t.store.pushAdmin;
    assert.equal(await a.count({}, 100), 7);
    assert.equal(await a.count({}, 5), 5, 'a count of the bound means the bound or more');
    assert.equal(await a.count({ url: 'http://c.example/a', createdFrom: T0 + 2 }, 100), 4);
    assert.equal(await a.count({ kind: 'record' }, 100), 1);
    assert.equal(await a.count({ state: 'failed' }, 100), 0);
  });

  it('pages endpoints oldest first on (createdAt, id), ties broken by id', async () => {
    const urls = ['http://p.example/1', 'http://p.example/2', 'http://p.example/3', 'http://p.example/4', 'http://p.example/5'];
    await t.store.outbox.enqueue(urls.map((url, i) => push({ url, createdAt: T0 + (i < 3 ? 0 : i) })));
    const expected = urls.map((url, i) => ({ id: endpointId(url), at: T0 + (i < 3 ? 0 : i) }))
      .sort((x, y) => x.at - y.at || (x.id < y.id ? -1 : 1)).map((x) => x.id);
    const seen: string[] = [];
    let after: PushKey | undefined;
    let pages = 0;
    for (;;) {
      const page = await t.store.endpoints.list(after, 2);
      pages++;
      seen.push(...page.map((e) => e.id));
      if (page.length < 2) break;
      after = { createdAt: page.at(-1)!.createdAt, id: page.at(-1)!.id };
    }
    assert.deepEqual(seen, expected);
    assert.equal(pages, 3);
  });

  it('finds the endpoints of breaker origins, normalized as the breaker keys them; older rows get theirs on open', async () => {
    const same = ['http://A.example/x', 'http://a.example:80/y', 'http://a.example?q=1'];
    await t.store.outbox.enqueue([...same, 'https://a.example/z', 'http://b.example:8080/'].map((url) => push({ url })));
    const urls = async (origins: string[], limit = 10) => (await t.store.endpoints.atOrigins(origins, limit)).map((e) => e.url).sort();
    assert.deepEqual(await urls(['http://a.example:80']), [...same].sort());
    assert.deepEqual(await urls(['https://a.example:443', 'http://b.example:8080']), ['http://b.example:8080/', 'https://a.example/z']);
    assert.equal((await urls(['http://a.example:80'], 2)).length, 2);
    assert.deepEqual(await urls(['http://nowhere.example:80']), []);
    // As a row written before migration 019 has it: no origin until the store opens again.
    await t.sql('UPDATE endpoints SET origin = NULL');
    assert.deepEqual(await urls(['http://a.example:80']), []);
    const again = await t.another();
    assert.deepEqual((await again.endpoints.atOrigins(['http://a.example:80'], 10)).map((e) => e.url).sort(), [...same].sort());
  });

  it('stores the URL of every attempt; reads name it only when it is not the push\'s own', async () => {
    const o = t.store.outbox;
    await o.enqueue([push({ id: 'u1', url: 'http://m.example/main' })]);
    assert.equal((await o.claim(T0, 10, 11_000, one)).length, 1);
    await o.complete([
      { pushId: 'u1', n: 1, at: T0 + 1, latencyMs: 5, ok: false, errorClass: 'timeout' },
      { pushId: 'u1', n: 2, at: T0 + 2, latencyMs: 5, ok: true, httpStatus: 200, url: 'http://m.example/failover' },
    ], { state: 'delivered' });
    const raw = await t.sql<{ n: number; url: string }>('SELECT n, url FROM push_attempts WHERE push_id = ? ORDER BY n', 'u1');
    assert.deepEqual(raw.map((r) => [Number(r.n), r.url]), [[1, 'http://m.example/main'], [2, 'http://m.example/failover']]);
    const shown = (await t.store.pushAdmin.show('u1'))!.attempts;
    assert.deepEqual(shown.map((a) => [a.n, a.url]), [[1, undefined], [2, 'http://m.example/failover']]);
    assert.deepEqual((await o.attempts('u1')).map((a) => a.url), [undefined, 'http://m.example/failover']);
    const stats = await t.store.endpoints.stats('http://m.example/main', T0 + 10, T0, 100);
    assert.deepEqual([stats.recent.attempts, stats.recent.delivered], [1, 0]);
  });
});
