// Measurements 3 and 3b of `npm run bench` alone, repeated (BENCH_ROUNDS, default 6): the policy
// ratio is noisy on a 2-core machine, so one run says little. Same load as run.ts.
// Also the platform process's CPU time per accepted call (from /proc), which other load on the
// machine disturbs far less than calls per second.

import { readFileSync } from 'node:fs';
import { signedHeaders } from '../src/client/index.js';
import { startChild } from './children.js';
import { closedLoop } from './load.js';

const CONCURRENCY = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
type Ready = { url: string; appKey: string; appSecret: string; displayNbr: string };

let n = 0;
const load = (p: Ready) => closedLoop(p.url, CONCURRENCY, SECONDS, () => ({
  method: 'POST' as const,
  path: '/rest/httpsessions/callnotify/v2.0',
  headers: signedHeaders(p.appKey, p.appSecret, Date.now(), 'beijing'),
  body: JSON.stringify({ displayNbr: p.displayNbr, calleeNbr: `+86137${String(n++ % 1e8).padStart(8, '0')}`, playInfoList: [{ notifyVoice: 'welcome.wav' }] }),
}), (_s, body) => (JSON.parse(body) as { resultcode: string }).resultcode);

/** User + system CPU of a process, in ms (Linux; clock ticks of 10 ms). */
const cpuMs = (pid: number): number => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};
const measured = async (c: { proc: { pid?: number }; ready: Ready }) => {
  const before = cpuMs(c.proc.pid!);
  const r = await load(c.ready);
  return { ...r, cpuUs: ((cpuMs(c.proc.pid!) - before) * 1000) / r.requests };
};

// Both platforms live through every round (as in run.ts, where the plain one outlives 3b); each
// round measures them one after the other, alternating which goes first, so a burst of other load
// on the machine does not always fall on the same side.
const plain = await startChild<Ready>('./platform-child.ts');
const guarded = await startChild<Ready>('./platform-child.ts', { BENCH_POLICIES: '1' });
await closedLoop(plain.ready.url, CONCURRENCY, 1, () => ({ method: 'GET', path: '/health' }));
const ratios: number[] = [];
const cpuRatios: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const first = r % 2 === 0 ? plain : guarded;
  const x = await measured(first);
  const y = await measured(first === plain ? guarded : plain);
  const [a, b] = first === plain ? [x, y] : [y, x];
  ratios.push(b.perSecond / a.perSecond);
  cpuRatios.push(a.cpuUs / b.cpuUs);
  process.stdout.write(
    `round ${r + 1}: 3 ${a.perSecond.toFixed(0)} req/s (${a.cpuUs.toFixed(0)} us CPU/call) ${JSON.stringify(a.statuses)}; ` +
      `3b ${b.perSecond.toFixed(0)} req/s (${b.cpuUs.toFixed(0)} us CPU/call) ${JSON.stringify(b.statuses)}; ratio ${(b.perSecond / a.perSecond).toFixed(3)}, by CPU ${(a.cpuUs / b.cpuUs).toFixed(3)}\n`,
  );
}
await guarded.stop();
await plain.stop();
const list = (xs: number[]) => `${xs.map((x) => x.toFixed(2)).join(' ')} (min ${Math.min(...xs).toFixed(2)}, median ${[...xs].sort((p, q) => p - q)[xs.length >> 1]!.toFixed(2)})`;
process.stdout.write(`3b/3 in calls/s: ${list(ratios)}; in CPU per call: ${list(cpuRatios)}\n`);
