// RTP benchmarks (issue 9, "Performance"; figures in docs/media.md). Pacing: N sessions each
// playing to a UDP receiver in another thread, which times every arrival; the gap error against
// 20 ms (steady state, and each stream's first half second apart), late and missing packets. `npm run bench` runs it (bench/run.ts, section 6); alone:
// `node --import tsx bench/rtp-pacing.ts` (BENCH_QUICK=1 for a short run).

import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { createMediaEngine } from '../src/network/media/engine.js';
import { spawnWorker } from '../src/network/media/spawn-worker.js';
import type { MediaSession } from '../src/network/media/types.js';
import { percentile } from './load.js';
import type { FarEndsReport, FarEndsRequest } from './rtp-far-ends.js';
import { relayBench } from './rtp-relay.js';

export class FarEnds {
  private constructor(private readonly worker: Worker) {}

  static start(): FarEnds {
    return new FarEnds(spawnWorker(new URL('./rtp-far-ends.ts', import.meta.url)));
  }

  ask<T>(msg: FarEndsRequest): Promise<T> {
    return new Promise((resolve) => {
      this.worker.once('message', resolve);
      this.worker.postMessage(msg);
    });
  }

  stop(): Promise<number> {
    return this.worker.terminate();
  }
}

export function summary(r: FarEndsReport) {
  return {
    streams: r.streams,
    packets: r.packets,
    gapErrorP50: percentile(r.gapErrors, 50),
    gapErrorP99: percentile(r.gapErrors, 99),
    gapErrorMax: r.gapErrors.at(-1) ?? 0,
    warmupGapErrorP99: percentile(r.warmupGapErrors, 99),
    warmupGapErrorMax: r.warmupGapErrors.at(-1) ?? 0,
    late: r.late,
    missing: r.missing,
    maxDriftMs: r.maxDriftMs,
  };
}

export function rtpPorts(): { min: number; max: number } {
  return { min: 42000, max: 42999 };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One pacing run: `legs` sessions playing for `seconds`, measured at the receivers. */
export async function pacingRun(legs: number, seconds: number) {
  const farEnds = FarEnds.start();
  const engine = createMediaEngine({ address: '127.0.0.1', ports: rtpPorts(), silenceTimeoutMs: 0 });
  try {
    const ports = await farEnds.ask<number[]>({ t: 'open', n: legs });
    const sessions: MediaSession[] = [];
    for (const port of ports) sessions.push(await engine.open(() => undefined));
    const audio = new Int16Array(new SharedArrayBuffer(2 * 8000 * (seconds + 1)));
    for (let i = 0; i < audio.length; i++) audio[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000));
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    sessions.forEach((s, i) => {
      s.play(audio);
      s.connect({ remote: { address: '127.0.0.1', port: ports[i]! }, codec: 'PCMA', payloadType: 8 });
    });
    await sleep(500);
    await engine.pacing({ reset: true }); // the sender's figure leaves out the start, as the receiver's
    await sleep(seconds * 1000 - 500);
    const sender = await engine.pacing();
    const cpu = process.cpuUsage(cpu0);
    const wall = performance.now() - t0;
    const r = summary(await farEnds.ask<FarEndsReport>({ t: 'report' }));
    return { legs, seconds, receiver: r, sender, cpuPerLegPercent: ((cpu.user + cpu.system) / 1000 / wall / legs) * 100 };
  } finally {
    await engine.close();
    await farEnds.stop();
  }
}

export async function rtpBench(opts: { quick: boolean; log: (s: string) => void }) {
  const sizes = opts.quick ? [20] : [50, 100, 200];
  const seconds = opts.quick ? 2 : 10;
  const pacing = [];
  for (const legs of sizes) {
    const r = await pacingRun(legs, seconds);
    pacing.push(r);
    const { receiver: rx, sender: tx } = r;
    opts.log(`6 RTP pacing, ${legs} legs x ${seconds} s (${availableParallelism()} cores): sender lateness p50 ${tx.p50.toFixed(2)} ms, p99 ${tx.p99.toFixed(2)} ms, max ${tx.max.toFixed(1)} ms over ${tx.frames} frames; ` +
      `receiver gap error p50 ${rx.gapErrorP50.toFixed(2)} ms, p99 ${rx.gapErrorP99.toFixed(2)} ms, max ${rx.gapErrorMax.toFixed(1)} ms (first 0.5 s of each stream: p99 ${rx.warmupGapErrorP99.toFixed(2)}, max ${rx.warmupGapErrorMax.toFixed(1)} ms); ` +
      `${rx.late} late (>40 ms gap), ${rx.missing} missing of ${rx.packets}; drift max ${rx.maxDriftMs.toFixed(1)} ms; CPU ${r.cpuPerLegPercent.toFixed(2)} % of a core per leg (target at 200: p99 < 5 ms, none missing)`);
  }
  const relay = await relayBench(opts.quick ? 10 : 100, seconds);
  opts.log(`6b RTP relay, ${relay.pairs} bridged pairs x ${seconds} s: latency p50 ${relay.latencyP50.toFixed(2)} ms, p99 ${relay.latencyP99.toFixed(2)} ms, max ${relay.latencyMax.toFixed(1)} ms; ${relay.relayed} frames relayed, ${relay.missing} missing; CPU ${relay.cpuPerLegPercent.toFixed(2)} % of a core per leg`);
  return { pacing, relay };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const log = (s: string) => process.stdout.write(s + '\n');
  await rtpBench({ quick: process.env.BENCH_QUICK === '1', log });
}
