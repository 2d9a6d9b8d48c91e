// The claim walks apps, then their origins, then URLs, asking the dispatcher's gate (ClaimGate)
// as it goes: shares per app, a receiver with no room passed over in one probe whatever its
// backlog, pauses per URL, and rows queued before the origin column existed still delivered.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { Push } from '../../src/domain/push.js';
import { originOf, receiverKey } from '../../src/domain/receiver.js';
import type { ClaimGate } from '../../src/store/types.js';
import { push, T0, tempStore, type TempStore } from './fixtures.js';

const LEASE = 11_000;
const one = () => 1;

/** A gate as the dispatcher's: counts what the claim took, per app and per receiver. */
function countingGate(perApp: number, perReceiver: number, full = new Set<string>()): ClaimGate & { taken: Push[] } {
  const apps = new Map<string, number>();
  const receivers = new Map<string, number>();
  const taken: Push[] = [];
  return {
    taken,
    app: (a) => perApp - (apps.get(a) ?? 0),
    room: (a, u) => (full.has(receiverKey(a, u)) ? 0 : perReceiver - (receivers.get(receiverKey(a, u)) ?? 0)),
    took: (p) => {
      taken.push(p);
      apps.set(p.appKey, (apps.get(p.appKey) ?? 0) + 1);
      receivers.set(receiverKey(p.appKey, p.url), (receivers.get(receiverKey(p.appKey, p.url)) ?? 0) + 1);
    },
  };
}

describe('origins', () => {
  it('name a receiver by scheme, host and port', () => {
    assert.equal(originOf('http://Example.COM/a/b?c=1'), 'http://example.com:80');
    assert.equal(originOf('http://example.com:80/x'), 'http://example.com:80');
    assert.equal(originOf('https://user:pw@example.com/x'), 'https://example.com:443', 'no credentials');
    assert.equal(originOf('http://[::1]:8080/x'), 'http://[::1]:8080');
    assert.equal(originOf(originOf('https://example.com:8443/x')), 'https://example.com:8443', 'an origin gives itself back');
    assert.equal(originOf('not a url'), 'not a url');
    assert.equal(receiverKey('a', 'http://h/x'), receiverKey('a', 'http://h:80/y?z'));
    assert.notEqual(receiverKey('a', 'http://h/x'), receiverKey('b', 'http://h/x'));
  });
});

describe('claim by receiver', () => {
  let t: TempStore;
  beforeEach(() => { t = tempStore(); });
  afterEach(() => t.cleanup());

  it('gives each app what its share allows, whatever its backlog, and counts each push as taken', async () => {
    const o = t.store.outbox;
    await o.enqueue(Array.from({ length: 100 }, (_, i) => push({ appKey: 'big', sessionId: `b${i}`, url: `http://h${i % 10}.example/cb/${i}` })));
    await o.enqueue(Array.from({ length: 5 }, (_, i) => push({ appKey: 'small', sessionId: `s${i}`, url: 'http://s.example/status' })));
    const gate = countingGate(3, 8);
    const got = await o.claim(T0, 10, LEASE, one, gate);
    const by = (a: string) => got.filter((p) => p.appKey === a).length;
    assert.deepEqual([by('big'), by('small')], [3, 3]);
    assert.deepEqual(gate.taken.map((p) => p.id), got.map((p) => p.id));
    // The next claim goes on with the big app's next origin: its origins are visited in turn too.
    const origins = (ps: Push[]) => [...new Set(ps.filter((p) => p.appKey === 'big').map((p) => originOf(p.url)))];
    const next = await o.claim(T0, 10, LEASE, one, countingGate(3, 8));
    assert.equal(origins(got).length, 1);
    assert.notDeepEqual(origins(next), origins(got));
  });

  it('one receiver takes at most its room, counted across its paths', async () => {
    const o = t.store.outbox;
    await o.enqueue(Array.from({ length: 50 }, (_, i) => push({ sessionId: `a${i}`, url: `http://hang.example/cb/${i}` })));
    const got = await o.claim(T0, 32, LEASE, one, countingGate(32, 8));
    assert.equal(got.length, 8);
  });

  it('passes over a full receiver in one probe: cheap with 20k paths behind it', async () => {
    const o = t.store.outbox;
    const attacker = Array.from({ length: 20_000 }, (_, i) => push({ appKey: 'attacker', sessionId: `a${i}`, url: `http://hang.example/cb/${i}` }));
    for (let i = 0; i < attacker.length; i += 1000) await o.enqueue(attacker.slice(i, i + 1000));
    const full = new Set([receiverKey('attacker', 'http://hang.example/')]);
    for (let i = 0; i < 3; i++) await o.claim(T0, 32, LEASE, one, countingGate(32, 8, full)); // warm the cache
    await o.enqueue([push({ appKey: 'healthy', sessionId: 'h', url: 'http://ok.example/status' })]);
    const started = performance.now();
    const runs = 20;
    let got: Push[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await o.claim(T0, 32, LEASE, one, countingGate(32, 8, full));
      if (i === 0) got = r;
    }
    const perClaim = (performance.now() - started) / runs;
    console.log(`# claim with 20k queued paths behind a full receiver: ${perClaim.toFixed(2)} ms`);
    assert.deepEqual(got.map((p) => p.appKey), ['healthy']);
    assert.ok(perClaim < 5, `claim took ${perClaim.toFixed(2)} ms`);
    assert.equal((await o.claim(T0, 32, LEASE, one, countingGate(32, 8, full))).length, 0);
  });

  it('skips a paused URL, not its origin', async () => {
    const o = t.store.outbox;
    await t.store.endpoints.setPaused('http://h.example/gone', true, '410', T0);
    await o.enqueue([
      push({ sessionId: 'g', url: 'http://h.example/gone' }),
      push({ sessionId: 'k', url: 'http://h.example/kept' }),
    ]);
    assert.deepEqual((await o.claim(T0, 10, LEASE, one, countingGate(32, 8))).map((p) => p.url), ['http://h.example/kept']);
    assert.equal(await o.nextDueAt(() => false), T0 + LEASE, 'only the lease of the claimed one: the paused URL\'s push is not due');
  });

  it('still claims and replays rows from before the origin column', async () => {
    const o = t.store.outbox;
    await o.enqueue([push({ id: 'old-q', sessionId: 'q' }), push({ id: 'old-d', sessionId: 'd' })]);
    const db = new Database(t.path);
    // As migration 009 leaves them: queued rows carry their URL, others nothing.
    db.prepare("UPDATE pushes SET origin = url WHERE id = 'old-q'").run();
    db.prepare("UPDATE pushes SET origin = '', state = 'failed' WHERE id = 'old-d'").run();
    db.close();
    const gate = countingGate(32, 8);
    assert.deepEqual((await o.claim(T0, 10, LEASE, one, gate)).map((p) => p.id), ['old-q']);
    assert.deepEqual(await t.store.pushAdmin.replay(['old-d'], T0 + 1), { replayed: 1 });
    assert.deepEqual((await o.claim(T0 + 1, 10, LEASE, one, gate)).map((p) => p.id), ['old-d']);
  });
});
