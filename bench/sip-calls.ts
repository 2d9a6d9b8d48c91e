// SIP call benchmark (issue 9, "Performance"; figures in docs/sip.md): SipNetwork places legs on
// SIPp (answers, echoes RTP) at a steady rate, then every leg plays a tone at once. Reports call
// setup (INVITE sent to 200 OK seen, and the rate sustained), the sender's pacing lateness measured
// by the RTP workers, and packets sent against packets SIPp echoed back (missing = lost either
// way). `npm run bench` runs it (section 7); alone: `node --import tsx bench/sip-calls.ts`.

import { fileURLToPath } from 'node:url';
import { createMediaEngine } from '../src/network/media/engine.js';
import type { RtpStats } from '../src/network/media/protocol.js';
import { PCM_RATE } from '../src/network/media/types.js';
import { SipLeg } from '../src/network/sip/leg.js';
import { SipNetwork } from '../src/network/sip/index.js';
import type { LegSignal, NetworkLeg } from '../src/network/types.js';
import { answers } from '../test/network/sipp/scenarios.js';
import { startSipp } from '../test/network/sipp/sipp.js';
import { percentile } from './load.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function sipCallsRun(legs: number, cps: number, seconds: number) {
  const sipp = await startSipp({ name: 'bench-answers', xml: answers({ hangup: 'near', ringMs: 1 }), args: ['-rtp_echo'], calls: legs });
  const media = createMediaEngine({ address: '127.0.0.1', ports: { min: 43000, max: 43999 }, silenceTimeoutMs: 0 });
  const pcm = new Int16Array(new SharedArrayBuffer(2 * PCM_RATE * seconds));
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / PCM_RATE));
  const network = new SipNetwork({
    listen: { address: '127.0.0.1', port: 0 }, trunk: sipp.uri, numberFormat: { style: 'e164' }, media, ownsMedia: true,
    audio: () => Promise.resolve({ pcm, durationMs: seconds * 1000 }),
  });
  try {
    await network.start();
    // The RTP workers boot (tsx) when the engine is made: a first session waits for that, not a call.
    (await media.open(() => undefined)).close();
    const lines: Array<{ leg: NetworkLeg; dialAt: number; answerAt?: number; failed?: boolean; played?: boolean }> = [];
    const t0 = performance.now();
    for (let i = 0; i < legs; i++) {
      // A steady rate: leg i goes at t0 + i/cps, whatever the previous dials cost.
      const due = t0 + (i * 1000) / cps;
      if (due > performance.now()) await sleep(due - performance.now());
      const line: (typeof lines)[number] = { leg: undefined as unknown as NetworkLeg, dialAt: performance.now() };
      line.leg = network.dial({ sessionId: `bench-${i}`, leg: 'A', from: '+8675500000000', to: `+86139${String(i).padStart(8, '0')}`, ringTimeoutMs: 30_000 }, (s: LegSignal) => {
        if (s.type === 'answer') line.answerAt = performance.now();
        else if (s.type === 'failed' || s.type === 'hangup') line.failed = true;
        else if (s.type === 'played') line.played = true;
      });
      lines.push(line);
    }
    for (const end = Date.now() + 60_000; Date.now() < end && lines.some((l) => l.answerAt === undefined && !l.failed); ) await sleep(20);
    const answered = lines.filter((l) => l.answerAt !== undefined);
    const setup = answered.map((l) => l.answerAt! - l.dialAt).sort((a, b) => a - b);
    const span = (Math.max(...answered.map((l) => l.answerAt!)) - t0) / 1000;

    const sessions = answered.map((l) => (l.leg as SipLeg).mediaSession as unknown as { stats(): Promise<RtpStats> });
    const before = await Promise.all(sessions.map((s) => s.stats()));
    await media.pacing({ reset: true });
    const cpu0 = process.cpuUsage();
    const p0 = performance.now();
    await Promise.all(answered.map((l) => l.leg.play({ kind: 'file', name: 'bench-tone', durationMs: seconds * 1000 })));
    for (const end = Date.now() + seconds * 1000 + 30_000; Date.now() < end && answered.some((l) => !l.played && !l.failed); ) await sleep(50);
    const pacing = await media.pacing();
    const cpu = process.cpuUsage(cpu0);
    const wall = performance.now() - p0;
    // Echoes still in flight come back within a few frames.
    await sleep(200);
    const after = await Promise.all(sessions.map((s) => s.stats()));
    const sent = after.reduce((n, s, i) => n + s.sent - before[i]!.sent, 0);
    const echoed = after.reduce((n, s, i) => n + s.received - before[i]!.received, 0);
    for (const l of lines) l.leg.release();
    return {
      legs, cps, seconds,
      answered: answered.length,
      failed: lines.filter((l) => l.failed && l.answerAt === undefined).length,
      setupP50: percentile(setup, 50), setupP99: percentile(setup, 99), setupMax: setup.at(-1) ?? 0,
      sustainedCps: answered.length / span,
      pacing,
      sent, echoed, missing: Math.max(0, sent - echoed),
      cpuPerLegPercent: ((cpu.user + cpu.system) / 1000 / wall / Math.max(1, answered.length)) * 100,
    };
  } finally {
    await network.close();
    sipp.kill();
  }
}

export async function sipCallsBench(opts: { quick: boolean; log: (s: string) => void }) {
  const runs = [];
  for (const legs of opts.quick ? [20] : [50, 100, 200]) {
    const r = await sipCallsRun(legs, 50, opts.quick ? 2 : 10);
    runs.push(r);
    opts.log(`7 SIP calls on SIPp, ${r.legs} legs dialled at ${r.cps}/s: ${r.answered} answered, ${r.failed} failed; setup (INVITE to 200 OK) p50 ${r.setupP50.toFixed(1)} ms, p99 ${r.setupP99.toFixed(1)} ms, max ${r.setupMax.toFixed(1)} ms, sustained ${r.sustainedCps.toFixed(1)} calls/s; ` +
      `then all playing ${r.seconds} s: sender lateness p50 ${r.pacing.p50.toFixed(2)} ms, p99 ${r.pacing.p99.toFixed(2)} ms, max ${r.pacing.max.toFixed(1)} ms; ${r.sent} packets sent, ${r.echoed} echoed back, ${r.missing} missing; ` +
      `CPU ${r.cpuPerLegPercent.toFixed(2)} % of a core per leg (targets: 200 legs p99 < 5 ms and none missing; 50 setups/s)`);
  }
  return runs;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const log = (s: string) => process.stdout.write(s + '\n');
  await sipCallsBench({ quick: process.env.BENCH_QUICK === '1', log });
}
