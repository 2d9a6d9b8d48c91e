// The far ends of the RTP benchmarks, in a worker thread of their own so that measuring does not
// share an event loop with the engine's API side: UDP sockets that record every packet's arrival
// (monotonic clock) and, for the relay bench, send paced frames tagged with their send time.

import { createSocket, type Socket } from 'node:dgram';
import { parentPort } from 'node:worker_threads';
import { buildRtp, parseRtp } from '../src/network/media/rtp-packet.js';

export type FarEndsRequest =
  | { t: 'open'; n: number }
  | { t: 'talk'; routes: Array<{ from: number; toPort: number }> }
  | { t: 'report' };

export interface FarEndsReport {
  streams: number;
  packets: number;
  /** |arrival gap - 20 ms| between packets of consecutive sequence numbers, sorted; the first
   * WARMUP packets of each stream are left out (see warmupGapErrors). */
  gapErrors: number[];
  /** The same over each stream's first WARMUP packets: a session's start, a worker's first run. */
  warmupGapErrors: number[];
  /** Gaps over 40 ms between consecutive packets. */
  late: number;
  /** Sequence numbers never received between a stream's first and last. */
  missing: number;
  /** Per stream: arrival span minus 20 ms per sequence step, the largest magnitude (ms). */
  maxDriftMs: number;
  /** Relay: arrival minus the tagged frame's send time, sorted (ms). */
  latencies: number[];
}

const TAG = 0x5658; // 'VX'
/** Half a second of packets per stream. */
export const WARMUP = 25;
const sockets: Socket[] = [];
const arrivals: Array<Array<{ seq: number; at: number }>> = [];
const sentAt = new Map<number, Float64Array>();
const latencies: number[] = [];
const port = parentPort!;

function open(n: number): Promise<number[]> {
  return Promise.all(
    Array.from({ length: n }, () => {
      const s = createSocket('udp4');
      const idx = sockets.push(s) - 1;
      arrivals[idx] = [];
      s.on('message', (msg) => {
        const at = performance.now();
        const pkt = parseRtp(msg);
        if (!pkt) return;
        arrivals[idx]!.push({ seq: pkt.seq, at });
        const p = pkt.payload;
        if (p.length >= 8 && ((p[0]! << 8) | p[1]!) === TAG) {
          const sent = sentAt.get((p[2]! << 8) | p[3]!)?.[(p[4]! << 24) | (p[5]! << 16) | (p[6]! << 8) | p[7]!];
          if (sent) latencies.push(at - sent);
        }
      });
      return new Promise<number>((resolve) => s.bind(0, '127.0.0.1', () => resolve(s.address().port)));
    }),
  );
}

const FRAMES = 50 * 600; // ten minutes of frames at most

function talk(routes: Array<{ from: number; toPort: number }>): void {
  const t0 = performance.now();
  let n = 0;
  for (const r of routes) sentAt.set(r.from, new Float64Array(FRAMES));
  const tick = () => {
    const now = performance.now();
    while (t0 + 20 * n <= now + 1 && n < FRAMES) {
      for (const r of routes) {
        const payload = new Uint8Array(160).fill(0xd5);
        payload.set([TAG >> 8, TAG & 0xff, r.from >> 8, r.from & 0xff, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
        sentAt.get(r.from)![n] = performance.now();
        sockets[r.from]!.send(buildRtp({ marker: n === 0, payloadType: 8, seq: n & 0xffff, timestamp: 160 * n, ssrc: r.from + 1 }, payload), r.toPort, '127.0.0.1');
      }
      n++;
    }
    setTimeout(tick, Math.max(0, Math.floor(t0 + 20 * n - performance.now())));
  };
  tick();
}

function report(): FarEndsReport {
  const gapErrors: number[] = [];
  const warmupGapErrors: number[] = [];
  let late = 0;
  let missing = 0;
  let packets = 0;
  let maxDriftMs = 0;
  let streams = 0;
  for (const list of arrivals) {
    if (!list || list.length < 2) continue;
    streams++;
    packets += list.length;
    let steps = 0;
    for (let i = 1; i < list.length; i++) {
      const step = (list[i]!.seq - list[i - 1]!.seq) & 0xffff;
      steps += step;
      if (step > 1 && step < 1000) missing += step - 1;
      const gap = list[i]!.at - list[i - 1]!.at;
      if (gap > 40) late++;
      if (step === 1) (i < WARMUP ? warmupGapErrors : gapErrors).push(Math.abs(gap - 20));
    }
    maxDriftMs = Math.max(maxDriftMs, Math.abs(list.at(-1)!.at - list[0]!.at - 20 * steps));
  }
  return { streams, packets, gapErrors: gapErrors.sort((a, b) => a - b), warmupGapErrors: warmupGapErrors.sort((a, b) => a - b), late, missing, maxDriftMs, latencies: latencies.slice().sort((a, b) => a - b) };
}

port.on('message', (msg: FarEndsRequest) => {
  if (msg.t === 'open') void open(msg.n).then((ports) => port.postMessage(ports));
  else if (msg.t === 'talk') {
    talk(msg.routes);
    port.postMessage(null);
  } else port.postMessage(report());
});
