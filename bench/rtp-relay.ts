// Relay benchmark: `pairs` bridged calls; both far ends of each talk (paced, from the far-ends
// worker), every frame tagged with its send time, so the far end on the other side measures how
// long the engine held it (receive, relay, re-stamp, send). CPU per leg from process.cpuUsage.

import { createMediaEngine } from '../src/network/media/engine.js';
import type { MediaSession } from '../src/network/media/types.js';
import { percentile } from './load.js';
import { FarEnds, rtpPorts } from './rtp-pacing.js';
import type { FarEndsReport } from './rtp-far-ends.js';

export async function relayBench(pairs: number, seconds: number) {
  const farEnds = FarEnds.start();
  const engine = createMediaEngine({ address: '127.0.0.1', ports: rtpPorts(), silenceTimeoutMs: 0 });
  try {
    const ports = await farEnds.ask<number[]>({ t: 'open', n: 2 * pairs });
    const legs: MediaSession[] = [];
    for (let i = 0; i < pairs; i++) {
      const a = await engine.open(() => undefined);
      const b = await engine.open(() => undefined, { near: a });
      a.connect({ remote: { address: '127.0.0.1', port: ports[2 * i]! }, codec: 'PCMA', payloadType: 8 });
      b.connect({ remote: { address: '127.0.0.1', port: ports[2 * i + 1]! }, codec: 'PCMA', payloadType: 8 });
      await a.bridge(b);
      legs.push(a, b);
    }
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await farEnds.ask({ t: 'talk', routes: legs.map((s, i) => ({ from: i, toPort: s.port })) });
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const cpu = process.cpuUsage(cpu0);
    const wall = performance.now() - t0;
    const r = await farEnds.ask<FarEndsReport>({ t: 'report' });
    return {
      pairs,
      seconds,
      relayed: r.latencies.length,
      latencyP50: percentile(r.latencies, 50),
      latencyP99: percentile(r.latencies, 99),
      latencyMax: r.latencies.at(-1) ?? 0,
      missing: r.missing,
      late: r.late,
      // The far-ends worker shares the process: its own sending and timing is in this figure too.
      cpuPerLegPercent: ((cpu.user + cpu.system) / 1000 / wall / legs.length) * 100,
    };
  } finally {
    await engine.close();
    await farEnds.stop();
  }
}
