// The network contract: what any Network (src/network/types.ts) must do, as one suite. The
// simulated network runs it in simulated-contract.test.ts; a SIP network will run the same cases
// with SIPp and baresip as the far ends. A rig says which numbers behave how and how time passes.

import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FAILURE_TABLE } from '../../src/network/outcomes.js';
import type { LegFailure, LegSignal, Media, Network, NetworkLeg } from '../../src/network/types.js';
import { NetworkError } from '../../src/network/types.js';

/** Key strings a rig's far ends must be able to press, one number each (rig.pressing). */
export const CONTRACT_KEYS = ['12', '1#', '5'] as const;
export type ContractKeys = (typeof CONTRACT_KEYS)[number];

export interface ContractRig {
  /** Not yet started. */
  network: Network;
  numbers: {
    /** Rings, answers within 5 s, stays until released. */
    answers: string;
    /** Answers, then hangs up by itself within 10 s. */
    hangsUp: string;
    /** Each refuses with that failure within the 3 s ring timeout the cases use; no_answer rings until it. */
    failures: Record<LegFailure, string>;
    /** Answers like `answers`, and presses these keys within 2 s of the first collection. */
    pressing: Record<ContractKeys, string>;
  };
  /** Lets network time pass until cond() holds or budgetMs has passed. */
  until(cond: () => boolean, budgetMs: number): Promise<void>;
  /** How far a reported length may differ from the media's (0 on the simulated network). */
  toleranceMs: number;
  /** A folder the network may write recordings to. */
  dir: string;
  /** Frees what the rig made (after the network is closed). */
  dispose(): Promise<void>;
}

type Of<T extends LegSignal['type']> = Extract<LegSignal, { type: T }>;

class Line {
  readonly signals: LegSignal[] = [];
  readonly leg: NetworkLeg;
  constructor(network: Network, to: string, opts: { ringTimeoutMs?: number; leg?: 'A' | 'B'; sessionId?: string } = {}) {
    this.leg = network.dial(
      { sessionId: opts.sessionId ?? `contract-${to}`, leg: opts.leg ?? 'A', from: '+8675500000000', to, ringTimeoutMs: opts.ringTimeoutMs ?? 30_000 },
      (s) => this.signals.push(s),
    );
  }
  types(): string[] {
    return this.signals.filter((s) => s.type !== 'progress').map((s) => s.type);
  }
  has(type: LegSignal['type']): boolean {
    return this.signals.some((s) => s.type === type);
  }
  get<T extends LegSignal['type']>(type: T): Of<T> {
    const s = this.signals.find((x) => x.type === type);
    assert.ok(s, `no '${type}' signal in ${JSON.stringify(this.signals)}`);
    return s as Of<T>;
  }
  all<T extends LegSignal['type']>(type: T): Of<T>[] {
    return this.signals.filter((x) => x.type === type) as Of<T>[];
  }
}

const TONE: Media = { kind: 'file', name: 'contract.wav', durationMs: 1500 };
const LONG: Media = { kind: 'file', name: 'contract-long.wav', durationMs: 10_000 };

export function networkContract(name: string, makeRig: () => Promise<ContractRig>): void {
  const started = async (t: { after(fn: () => Promise<void>): void }) => {
    const rig = await makeRig();
    t.after(async () => {
      await rig.network.close();
      await rig.dispose();
    });
    await rig.network.start();
    return rig;
  };
  const answered = async (rig: ContractRig, to: string, leg?: 'A' | 'B', sessionId?: string) => {
    const line = new Line(rig.network, to, { ...(leg ? { leg } : {}), ...(sessionId ? { sessionId } : {}) });
    await rig.until(() => line.has('answer') || line.has('failed'), 10_000);
    assert.deepEqual(line.types(), ['alerting', 'answer']);
    return line;
  };

  test(`${name}: start brings health up; dial signals nothing inside dial, then alerting and answer`, async (t) => {
    const rig = await makeRig();
    t.after(async () => {
      await rig.network.close();
      await rig.dispose();
    });
    assert.equal(rig.network.health().state, 'starting');
    await rig.network.start();
    assert.equal(rig.network.health().state, 'up');
    const line = new Line(rig.network, rig.numbers.answers);
    assert.equal(line.signals.length, 0);
    assert.equal(rig.network.health().openLegs, 1);
    await rig.until(() => line.has('answer'), 10_000);
    assert.deepEqual(line.types(), ['alerting', 'answer']);
    assert.ok(line.get('alerting').at <= line.get('answer').at);
  });

  for (const failure of Object.keys(FAILURE_TABLE) as LegFailure[]) {
    test(`${name}: ${failure} fails the leg with q850 ${FAILURE_TABLE[failure].q850} and SIP ${FAILURE_TABLE[failure].sip}`, async (t) => {
      const rig = await started(t);
      const line = new Line(rig.network, rig.numbers.failures[failure], { ringTimeoutMs: 3000 });
      await rig.until(() => line.has('failed'), 40_000);
      const f = line.get('failed');
      assert.deepEqual([f.failure, f.q850, f.sipStatus], [failure, FAILURE_TABLE[failure].q850, FAILURE_TABLE[failure].sip]);
      // Nothing but ringing comes before a failure, and the failure is the last word.
      assert.deepEqual(line.types().filter((x) => x !== 'alerting'), ['failed']);
      if (failure === 'no_answer') assert.ok(f.at - line.get('alerting').at <= 3000);
      await rig.until(() => false, 2000);
      assert.equal(line.signals.at(-1), f);
      assert.equal(rig.network.health().openLegs, 0);
    });
  }

  test(`${name}: a play resolves with its length and signals 'played' with the length played; a loop never does`, async (t) => {
    const rig = await started(t);
    const line = await answered(rig, rig.numbers.answers);
    // The tone first: a real network plays a leg's media in order, so a play queued behind a loop
    // would wait for the loop to be stopped.
    const play = await line.leg.play(TONE);
    const loop = await line.leg.play(LONG, { loop: true });
    assert.notEqual(play.playId, loop.playId);
    assert.ok(Math.abs(play.durationMs - TONE.durationMs) <= rig.toleranceMs, `reported ${play.durationMs}`);
    await rig.until(() => line.has('played'), 5000);
    const p = line.get('played');
    assert.equal(p.playId, play.playId);
    assert.equal(p.interrupted, false);
    assert.ok(Math.abs(p.durationMs - TONE.durationMs) <= rig.toleranceMs, `played ${p.durationMs}`);
    // The loop then runs past its length (10 s) without a signal, until stopped.
    await rig.until(() => false, 12_000);
    line.leg.stopPlay(loop.playId);
    await rig.until(() => false, 500);
    assert.equal(line.all('played').length, 1);
  });

  test(`${name}: collect ends at maxDigits with one 'dtmf' per key`, async (t) => {
    const rig = await started(t);
    const line = await answered(rig, rig.numbers.pressing['12']);
    await line.leg.collect({ maxDigits: 2, timeoutMs: 8000 });
    await rig.until(() => line.has('digits'), 10_000);
    assert.deepEqual(line.all('dtmf').map((d) => d.digit), ['1', '2']);
    const d = line.get('digits');
    assert.deepEqual([d.digits, d.reason], ['12', 'max']);
  });

  test(`${name}: collect ends at the terminator, which is not part of the digits`, async (t) => {
    const rig = await started(t);
    const line = await answered(rig, rig.numbers.pressing['1#']);
    await line.leg.collect({ maxDigits: 4, timeoutMs: 8000, terminator: '#' });
    await rig.until(() => line.has('digits'), 10_000);
    assert.deepEqual(line.all('dtmf').map((d) => d.digit), ['1', '#']);
    const d = line.get('digits');
    assert.deepEqual([d.digits, d.reason], ['1', 'terminator']);
  });

  test(`${name}: collect with no key ends at the timeout with ''`, async (t) => {
    const rig = await started(t);
    const line = await answered(rig, rig.numbers.answers);
    const from = line.get('answer').at;
    await line.leg.collect({ maxDigits: 2, timeoutMs: 3000 });
    await rig.until(() => line.has('digits'), 6000);
    const d = line.get('digits');
    assert.deepEqual([d.digits, d.reason], ['', 'timeout']);
    assert.ok(d.at - from >= 3000 - rig.toleranceMs, `ended after ${d.at - from} ms`);
    assert.equal(line.all('dtmf').length, 0);
  });

  test(`${name}: a key during a play with interruptsPlay stops it (barge-in)`, async (t) => {
    const rig = await started(t);
    const line = await answered(rig, rig.numbers.pressing['5']);
    const play = await line.leg.play(LONG);
    await line.leg.collect({ maxDigits: 1, timeoutMs: 8000, interruptsPlay: true });
    await rig.until(() => line.has('digits') && line.has('played'), 10_000);
    const p = line.get('played');
    assert.equal(p.playId, play.playId);
    assert.equal(p.interrupted, true);
    assert.ok(p.durationMs < LONG.durationMs, `played ${p.durationMs}`);
    assert.deepEqual([line.get('digits').digits, line.get('digits').reason], ['5', 'max']);
  });

  test(`${name}: the far end hangs up with a cause`, async (t) => {
    const rig = await started(t);
    const line = await answered(rig, rig.numbers.hangsUp);
    await rig.until(() => line.has('hangup'), 15_000);
    const h = line.get('hangup');
    assert.deepEqual([h.by, h.q850], ['far', 16]);
    assert.equal(rig.network.health().openLegs, 0);
  });

  test(`${name}: release is idempotent, nothing follows it, and operations on the released leg do nothing`, async (t) => {
    const rig = await started(t);
    const line = await answered(rig, rig.numbers.hangsUp);
    // A ring timeout that would have fired within the wait below: nothing may follow the release.
    const ringing = new Line(rig.network, rig.numbers.failures.no_answer, { ringTimeoutMs: 3_000 });
    line.leg.release();
    line.leg.release();
    ringing.leg.release();
    const seen = [line.signals.length, ringing.signals.length];
    await line.leg.play(TONE);
    await line.leg.collect({ maxDigits: 1, timeoutMs: 1000 });
    await rig.until(() => false, 4_500);
    assert.deepEqual([line.signals.length, ringing.signals.length], seen);
    assert.equal(rig.network.health().openLegs, 0);
  });

  test(`${name}: two answered legs bridge and record to a file; an unanswered leg does not bridge`, async (t) => {
    const rig = await started(t);
    // Bridged legs are the two legs of one call (one sessionId), as a callback's are.
    const a = await answered(rig, rig.numbers.answers, 'A', 'contract-bridge');
    const b = await answered(rig, rig.numbers.answers, 'B', 'contract-bridge');
    const ringing = new Line(rig.network, rig.numbers.failures.no_answer, { leg: 'B' });
    await assert.rejects(rig.network.bridge(a.leg, ringing.leg), (e) => e instanceof NetworkError && e.code === 'bridge');
    await rig.network.bridge(a.leg, b.leg);
    const path = join(rig.dir, 'contract.wav');
    const recorder = await rig.network.record(a.leg, b.leg, { path, hintToneMs: 0 });
    await rig.until(() => false, 2000);
    const r = await recorder.stop();
    assert.equal(r.path, path);
    assert.ok(Math.abs(r.endAt - r.startAt - 2000) <= rig.toleranceMs, `recorded ${r.endAt - r.startAt} ms`);
    assert.ok(existsSync(path) && statSync(path).size > 44, 'a WAV with audio');
  });

  test(`${name}: close ends open legs with their signals, then refuses new legs`, async (t) => {
    const rig = await started(t);
    const talking = await answered(rig, rig.numbers.answers);
    const ringing = new Line(rig.network, rig.numbers.failures.no_answer);
    await rig.until(() => ringing.has('alerting'), 5000);
    await rig.network.close();
    await rig.network.close();
    const h = talking.get('hangup');
    assert.equal(h.by, 'network');
    assert.equal(ringing.get('failed').failure, 'unreachable');
    assert.deepEqual(rig.network.health(), { state: 'closed', openLegs: 0 });
    const late = new Line(rig.network, rig.numbers.answers);
    await rig.until(() => late.has('failed'), 5000);
    assert.deepEqual(late.types(), ['failed']);
    assert.equal(late.get('failed').failure, 'unreachable');
  });
}
