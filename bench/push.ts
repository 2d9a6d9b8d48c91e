// `npm run bench:push`: sections 1 and 2 of `npm run bench` alone, several rounds in one run, so
// a change to the push path can be judged by the ratio of the same round on this noisy machine.
// BENCH_ROUNDS (default 3), BENCH_PUSHES (default 20,000) and BENCH_SECONDS (default 5) size it;
// BENCH_PROFILE=file.cpuprofile drains only (no limit) and writes a CPU profile of the drains
// alone (not the filling of the outbox); bench/profile-summary.ts reads it.

import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { startChild } from './children.js';
import { closedLoop } from './load.js';
import { drain, filledOutbox } from './outbox-bench.js';

const CONCURRENCY = 32;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PUSHES = Number(process.env.BENCH_PUSHES ?? 20_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const PROFILE = process.env.BENCH_PROFILE;
/** Bytes this process has written (Linux: the WAL frames, and the requests): steadier than time. */
const written = () => Number(/wchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? NaN);
const log = (s: string) => process.stdout.write(s + '\n');

const receiver = await startChild<{ port: number }>('./receiver.ts');
const rxOrigin = `http://127.0.0.1:${receiver.ready.port}`;
const sampleBody = JSON.stringify({ eventType: 'callout', statusInfo: { sessionId: '1202_1_1_20261123000000@bench', timestamp: '2026-11-23 00:00:00', caller: '+8675528000001', called: '+8613700000001', userData: 'bench' } });

const ratios: number[] = [];
try {
  for (let r = 1; r <= ROUNDS; r++) {
    const limit = PROFILE ? undefined : await closedLoop(rxOrigin, CONCURRENCY, SECONDS, () => ({ method: 'POST', path: '/limit', headers: { 'content-type': 'application/json' }, body: sampleBody }));
    const outbox = await filledOutbox(PUSHES, `${rxOrigin}/push`);
    const session = PROFILE ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const cpu = process.cpuUsage();
    const wrote = written();
    const d = await drain(outbox, PUSHES, CONCURRENCY);
    const used = process.cpuUsage(cpu);
    const cpuPerPush = (used.user + used.system) / PUSHES;
    const bytes = `${((written() - wrote) / PUSHES).toFixed(0)} bytes written`;
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(r === 1 ? PROFILE! : PROFILE!.replace(/(\.cpuprofile)?$/, `.${r}$1`), JSON.stringify(profile));
      session.disconnect();
    }
    await outbox.close();
    if (!limit) {
      log(`round ${r}: ${d.perSecond.toFixed(0)} pushes/s, ${cpuPerPush.toFixed(0)} us CPU, ${bytes} per push`);
      continue;
    }
    const ratio = d.perSecond / limit.perSecond;
    ratios.push(ratio);
    log(`round ${r}: limit ${limit.perSecond.toFixed(0)} req/s, push ${d.perSecond.toFixed(0)} pushes/s = ${ratio.toFixed(3)} of the limit (${cpuPerPush.toFixed(0)} us CPU, ${bytes} per push)`);
  }
} finally {
  await receiver.stop();
}
if (ratios.length) {
  const sorted = [...ratios].sort((a, b) => a - b);
  log(`median ratio over ${sorted.length} rounds: ${sorted[Math.floor(sorted.length / 2)]!.toFixed(3)} (min ${sorted[0]!.toFixed(3)}, max ${sorted.at(-1)!.toFixed(3)})`);
}
