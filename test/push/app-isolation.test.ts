// Issue 14: one app starved every other app's pushes by giving each call its own path on a host
// that hangs. Here app A does exactly that against a real receiver that never answers (its
// attempts would wait 30 s), beside app B and a healthy receiver; B's pushes must each arrive
// within LATENCY_BOUND_MS of being due. Failing figures: keyed by full URL (before issue 14), B
// got 0 of its 40 pushes within 45 s in both cases; keyed by receiver but without the share per
// app, 0 of 40 within 15 s with A on six hosts (A held all 32 slots).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dialectRegistry, huawei } from '../../src/push/dialects/index.js';
import type { Dialect } from '../../src/push/dialects/types.js';
import { push } from '../store/fixtures.js';
import { quick, useGateRigs, type Rig } from './gate-rig.js';
import { startReceiver, type Receiver } from './receiver.js';

/** A huawei twin whose attempts wait 30 s for an answer: the attacker's receiver never gives one. */
const hang: Dialect = { ...huawei, name: 'hang', attemptTimeoutMs: 30_000 };
/** Generous for a loaded 2-core machine, far below the 30 s the attacker's attempts hang. */
const LATENCY_BOUND_MS = 5_000;
/** How long the test waits for B's pushes before it fails with what it saw. */
const GIVE_UP_MS = 15_000;
const B_PUSHES = 40;

const rig = useGateRigs();

/**
 * Resolves once the receivers together saw `n` requests (told by their handlers, no polling);
 * rejects after GIVE_UP_MS saying how many arrived.
 */
function seen(rxs: Receiver[], n: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (total(rxs) < n) return false;
      clearTimeout(guard);
      resolve();
      return true;
    };
    const guard = setTimeout(() => reject(new Error(`${what}: ${total(rxs)} of ${n} requests after ${GIVE_UP_MS} ms`)), GIVE_UP_MS);
    for (const rx of rxs) {
      const inner = rx.handler;
      rx.handler = (q, i) => {
        const reply = inner(q, i);
        queueMicrotask(check);
        return reply;
      };
    }
    check();
  });
}

const total = (rxs: Receiver[]) => rxs.reduce((n, r) => n + r.requests.length, 0);

/**
 * App A floods `hosts` hanging receivers, each push to its own path; once they hold `held`
 * attempts, app B's pushes go to the rig's healthy receiver. Returns B's latencies (ms, real
 * clock, from enqueue, when they are due, to the receiver seeing them) and what A held.
 */
async function attack(r: Rig, hosts: Receiver[], held: number): Promise<{ latencies: number[]; attackerHeld: number }> {
  const arrived = new Map<string, number>();
  // Before the attack, so it is the handler seen() wraps.
  r.rx.handler = (q) => {
    arrived.set(String(q.headers['x-voxcall-message-id']), performance.now());
    return { status: 200 };
  };
  const attacker = Array.from({ length: 400 }, (_, i) => push({
    appKey: 'attacker', sessionId: `a${i}`, dialect: 'hang', timeoutMs: 30_000,
    url: hosts[i % hosts.length]!.url(`/cb/${i}?call=${i}`),
  }));
  await r.t.store.outbox.enqueue(attacker);
  r.d.wake();
  // Every slot the attacker can take is taken before B's first push is due.
  await seen(hosts, held, 'attacker');

  const victims = Array.from({ length: B_PUSHES }, (_, i) => push({ appKey: 'healthy', sessionId: `b${i}`, url: r.rx.url('/status') }));
  const dueAt = performance.now();
  await r.t.store.outbox.enqueue(victims);
  r.d.wake();
  await seen([r.rx], B_PUSHES, 'app B');
  return { latencies: victims.map((p) => arrived.get(p.id)! - dueAt), attackerHeld: total(hosts) };
}

async function withHanging<T>(n: number, body: (hosts: Receiver[]) => Promise<T>): Promise<T> {
  const hosts = await Promise.all(Array.from({ length: n }, () => startReceiver(() => ({ hold: true }))));
  try {
    return await body(hosts);
  } finally {
    // Before the rig stops the dispatcher: closing ends the held attempts at once.
    await Promise.all(hosts.map((h) => h.close()));
  }
}

const report = (label: string, l: number[]) => {
  const s = [...l].sort((a, b) => a - b);
  console.log(`# ${label}: app B p50 ${s[Math.floor(s.length / 2)]!.toFixed(1)} ms, worst ${s[s.length - 1]!.toFixed(1)} ms over ${s.length} pushes`);
};

describe('isolation between apps', () => {
  it('an app giving each call its own path on a hanging host does not delay another app', async () => {
    const r = await rig({ dialects: dialectRegistry([huawei, quick, hang]), concurrency: 32, breaker: { maxInFlight: 8 } });
    const { latencies, attackerHeld } = await withHanging(1, (hosts) => attack(r, hosts, 8));
    report('one hanging host', latencies);
    assert.ok(attackerHeld <= 8, `the attacker held ${attackerHeld} attempts on one host (its origin allows 8)`);
    for (const [i, ms] of latencies.entries()) assert.ok(ms < LATENCY_BOUND_MS, `B's push ${i} took ${ms.toFixed(0)} ms`);
  });

  it('an app spread over many hanging hosts takes no more than its share once another app has due pushes', async () => {
    const r = await rig({ dialects: dialectRegistry([huawei, quick, hang]), concurrency: 32, breaker: { maxInFlight: 8 } });
    // 6 origins x 8 = 48 attempts the origins would allow: more than the 32 global slots.
    const { latencies } = await withHanging(6, (hosts) => attack(r, hosts, 32));
    report('six hanging hosts', latencies);
    for (const [i, ms] of latencies.entries()) assert.ok(ms < LATENCY_BOUND_MS, `B's push ${i} took ${ms.toFixed(0)} ms`);
  });
});
