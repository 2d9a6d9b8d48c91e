// The store's share of a push alone, without HTTP: claims `BATCH` due pushes at a time and
// completes each as delivered, the way the dispatcher does (completions of one turn share a
// commit), over a fresh outbox of PUSHES. Prints CPU microseconds and bytes written per push, median of ROUNDS; on
// a shared machine this moves far less than pushes per second over HTTP.
// `tsx bench/outbox-cycle.ts`; BENCH_PUSHES, BENCH_BATCH (default 16), BENCH_ROUNDS (default 5).

import { readFileSync } from 'node:fs';
import type { Push } from '../src/domain/push.js';
import { filledOutbox } from './outbox-bench.js';

/** Bytes this process has written (Linux): the WAL frames its commits wrote, steadier than CPU time. */
const written = () => Number(/wchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? NaN);

const PUSHES = Number(process.env.BENCH_PUSHES ?? 20_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const perPush: number[] = [];
for (let r = 1; r <= ROUNDS; r++) {
  const outbox = await filledOutbox(PUSHES, 'http://127.0.0.1:9/push');
  const { store } = outbox;
  const cpu = process.cpuUsage();
  const wrote = written();
  const started = performance.now();
  // As in the dispatcher, the next claim is asked for in the same turn as the completions of
  // the pushes claimed before it.
  let done = 0;
  let claimed: Push[] = [];
  while (done < PUSHES) {
    const now = Date.now();
    const [next] = await Promise.all([
      store.outbox.claim(now, Math.min(BATCH, PUSHES - done - claimed.length), 30_000, () => 1),
      ...claimed.map((p) => store.outbox.complete(
        [{ pushId: p.id, n: p.attempts + 1, at: now, latencyMs: 1, ok: true, httpStatus: 200, responseHead: '{"resultcode":"0","resultdesc":"Success"}' }],
        { state: 'delivered' },
      )),
    ]);
    done += claimed.length;
    claimed = next;
    if (claimed.length === 0 && done < PUSHES) throw new Error(`nothing claimed after ${done} pushes`);
  }
  const used = process.cpuUsage(cpu);
  const us = (used.user + used.system) / PUSHES;
  perPush.push(us);
  process.stdout.write(`round ${r}: ${us.toFixed(1)} us CPU, ${((written() - wrote) / PUSHES).toFixed(0)} bytes written per push, ${(PUSHES / ((performance.now() - started) / 1000)).toFixed(0)} pushes/s\n`);
  await outbox.close();
}
perPush.sort((a, b) => a - b);
process.stdout.write(`median ${perPush[Math.floor(perPush.length / 2)]!.toFixed(1)} us CPU per push (batches of ${BATCH})\n`);
