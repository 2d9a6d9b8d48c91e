// Runs verbs one at a time on a call of their own (a CallRun on the simulated network with the
// manual clock), the way a scenario or a dialogue flow does, without the engine around them.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Call } from '../../src/domain/call.js';
import { ManualClock } from '../../src/lib/clock.js';
import { DEFAULT_TIMINGS } from '../../src/calls/index.js';
import type { EngineDeps } from '../../src/calls/options.js';
import { CallRun } from '../../src/calls/run.js';
import { VerbRuntime } from '../../src/calls/verbs/index.js';
import { SimulatedNetwork, type Rule } from '../../src/network/simulated/index.js';
import { NetworkError, type NetworkLeg } from '../../src/network/types.js';
import { MemoryMedia, MemorySink, notify, T0 } from './helpers.js';

const dirs: string[] = [];
process.once('exit', () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

export interface Running<T> {
  /** The verb's result once it returned. */
  value: T | undefined;
  /** What it threw, if it did. */
  error?: unknown;
}

export function rig(opts: { rules?: Rule[]; call?: Call } = {}) {
  const clock = new ManualClock(T0);
  const network = new SimulatedNetwork({ clock, trace: true, ...(opts.rules ? { rules: opts.rules } : {}) });
  void network.start();
  const sink = new MemorySink();
  const recordingsDir = mkdtempSync(join(tmpdir(), 'voxcall-verbs-'));
  dirs.push(recordingsDir);
  const deps: EngineDeps = {
    network,
    sink,
    clock,
    media: new MemoryMedia(),
    hostName: 'node1.voxcall.test',
    recordDomain: 'rec.voxcall.test',
    recordBucket: 'voxcall-records',
    recordingsDir,
    timings: DEFAULT_TIMINGS,
  };
  // Busy while a verb runs and has not parked on the mailbox, as the engine counts (engine.ts):
  // after each timer the clock waits until the verb is parked again or has returned.
  let working = 0;
  let waiters: Array<() => void> = [];
  const parked = () => {
    if (--working > 0) return;
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  const run = new CallRun(opts.call ?? notify(), deps, { parked, woken: () => working++ });
  clock.whenIdle(() => (working === 0 ? Promise.resolve() : new Promise<void>((r) => waiters.push(r))));
  const rt = new VerbRuntime(run);

  /** Starts a verb; it runs until it parks, then on as the clock advances. */
  function start<T>(verb: (rt: VerbRuntime) => Promise<T>): Running<T> {
    working++;
    const running: Running<T> = { value: undefined };
    void Promise.resolve()
      .then(() => verb(rt))
      .then(
        (v) => {
          running.value = v;
        },
        (err: unknown) => {
          running.error = err;
        },
      )
      .finally(parked);
    return running;
  }

  /** Runs a verb for ms of the clock; it must have returned (or thrown) by then. */
  async function exec<T>(verb: (rt: VerbRuntime) => Promise<T>, ms: number): Promise<T> {
    const r = start(verb);
    await clock.advance(ms);
    if (r.error !== undefined) throw r.error;
    if (r.value === undefined) throw new Error(`the verb did not return within ${ms} ms`);
    return r.value;
  }

  /** From now on the network refuses the operation, on placed legs and legs dialled later. */
  function refuse(op: 'play' | 'collect' | 'bridge' | 'record'): void {
    if (op === 'bridge') network.bridge = () => Promise.reject(new NetworkError('bridge', 'refused by the test'));
    else if (op === 'record') network.record = () => Promise.reject(new NetworkError('record', 'refused by the test'));
    else {
      const patch = (leg: NetworkLeg) => {
        if (op === 'play') leg.play = () => Promise.reject(new NetworkError('media', 'refused by the test'));
        else leg.collect = () => Promise.reject(new NetworkError('collect', 'refused by the test'));
      };
      for (const l of ['A', 'B'] as const) {
        const placed = rt.state(l);
        if (placed) patch(placed.net);
      }
      const dial = network.dial.bind(network);
      network.dial = (req, onSignal) => {
        const leg = dial(req, onSignal);
        patch(leg);
        return leg;
      };
    }
  }

  const at = (t: number) => t - T0;
  return { clock, network, sink, run, rt, start, exec, refuse, at, recordingsDir };
}
