// The claim walks apps, then their origins, then URLs, asking the dispatcher's gate (ClaimGate)
// as it goes: shares per app, a receiver with no room passed over in one probe whatever its
// backlog, pauses per URL, and rows queued before the origin column existed still delivered.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Push } from '../../src/domain/push.js';
import { originOf, receiverKey } from '../../src/domain/receiver.js';
import type { ClaimGate } from '../../src/store/types.js';
import { sqliteBackend, storeBackends, type TempStore } from './backends.js';
import { push, T0 } from './fixtures.js';

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

for (const b of storeBackends()) describe(`claim by receiver (${b.name})`, { skip: b.skip }, () => {
  let t: TempStore;
  beforeEach(async () => { t = await b.open(); });
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

  it('visits every origin of an app in turn, past the number the PostgreSQL walk reads per round trip (32)', async () => {
    const o = t.store.outbox;
    const host = (i: number) => `http://h${String(i).padStart(2, '0')}.example`;
    await o.enqueue(Array.from({ length: 40 }, (_, i) => push({ appKey: 'many', sessionId: `m${i}`, url: `${host(i)}/cb` })));
    const origins = (ps: Push[]) => ps.map((p) => originOf(p.url)).sort();
    // Three pushes a claim (the app's share): the walk goes on after the last origin served,
    // wraps round after the 40th, and never serves an origin twice before every other had a turn.
    const served: string[] = [];
    for (let i = 0; i < 14; i++) served.push(...origins(await o.claim(T0, 10, LEASE, one, countingGate(3, 1))));
    assert.equal(served.length, 40, 'every origin once (the 14th claim finds the last one)');
    assert.equal(new Set(served).size, 40);
    assert.deepEqual(served, Array.from({ length: 40 }, (_, i) => originOf(`${host(i)}/cb`)));
  });

  it('one receiver takes at most its room, counted across its paths', async () => {
    const o = t.store.outbox;
    await o.enqueue(Array.from({ length: 50 }, (_, i) => push({ sessionId: `a${i}`, url: `http://hang.example/cb/${i}` })));
    const got = await o.claim(T0, 32, LEASE, one, countingGate(32, 8));
    assert.equal(got.length, 8);
  });

  it('passes over a full receiver in one probe: cheap with 20k paths behind it', async () => {
    const o = t.store.outbox;
    // 20k paths of one origin, inserted in one statement as enqueue would leave them (the claim is
    // measured here, not enqueue).
    await t.sql(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 19999)
      INSERT INTO pushes (id, app_key, session_id, dialect, kind, url, origin, seq, items, item_count,
                          schedule, timeout_ms, state, blocked, attempts, next_at, created_at)
      SELECT 'a' || i, 'attacker', 'a' || i, 'huawei', 'status', 'http://hang.example/cb/' || i, '${originOf('http://hang.example/')}',
             1, '[{"n":0}]', 1, '[1000,2000]', 5000, 'queued', 0, 0, ${T0}, ${T0}
      FROM n`);
    // PostgreSQL plans by the table's statistics, which autovacuum gathers within a minute of a
    // load this size; a test does not wait for it. (SQLite's planner needs none.)
    if (t.backend === 'postgres') await t.sql('ANALYZE pushes');
    const full = new Set([receiverKey('attacker', 'http://hang.example/')]);
    for (let i = 0; i < 3; i++) await o.claim(T0, 32, LEASE, one, countingGate(32, 8, full)); // warm the cache
    await o.enqueue([push({ appKey: 'healthy', sessionId: 'h', url: 'http://ok.example/status' })]);
    // The cost is counted, not timed (the machine is shared): how often the walk asks the gate about
    // the full receiver. Once per claim is one probe; a walk over its paths would ask 20k times.
    const gate = countingGate(32, 8, full);
    let asked = 0;
    const room = gate.room!;
    gate.room = (a, u) => {
      if (a === 'attacker') asked++;
      return room(a, u);
    };
    const started = performance.now();
    const got = await o.claim(T0, 32, LEASE, one, gate);
    console.log(`# claim with 20k queued paths behind a full receiver: ${(performance.now() - started).toFixed(2)} ms (not asserted)`);
    assert.deepEqual(got.map((p) => p.appKey), ['healthy']);
    assert.equal(asked, 1, 'the full receiver was asked about once, not once per path');
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

  it('claims rows whose origin is their URL (queued before the origin column)', async () => {
    const o = t.store.outbox;
    await o.enqueue([push({ id: 'old-q', sessionId: 'q' })]);
    // As SQLite's migration 009 leaves queued rows: their URL as the origin.
    await t.sql("UPDATE pushes SET origin = url WHERE id = 'old-q'");
    assert.deepEqual((await o.claim(T0, 10, LEASE, one, countingGate(32, 8))).map((p) => p.id), ['old-q']);
  });
});

// Rows that left the queue before migration 009 (origin '') exist only in SQLite files: no
// PostgreSQL store predates that version (postgres/migrations/009_receivers.sql).
describe('claim by receiver (sqlite files from before the origin column)', () => {
  let t: TempStore;
  beforeEach(async () => { t = await sqliteBackend.open(); });
  afterEach(() => t.cleanup());

  it('replays a row that left the queue before the origin column, and claims it', async () => {
    const o = t.store.outbox;
    await o.enqueue([push({ id: 'old-d', sessionId: 'd' })]);
    await t.sql("UPDATE pushes SET origin = '', state = 'failed' WHERE id = 'old-d'");
    assert.deepEqual(await t.store.pushAdmin.replay(['old-d'], T0 + 1), { replayed: 1 });
    assert.deepEqual((await o.claim(T0 + 1, 10, LEASE, one, countingGate(32, 8))).map((p) => p.id), ['old-d']);
  });
});
