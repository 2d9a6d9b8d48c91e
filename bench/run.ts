// `npm run bench`: voxcall against the physical limit of this machine, every figure measured in
// the same run. Prints a table and writes bench/results/latest.json. BENCH_QUICK=1 shrinks every
// size (the test suite uses it to check that the benchmark runs).

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signedHeaders, encodeUrlParam } from '../src/client/index.js';
import { ask, startChild } from './children.js';
import { closedLoop, percentile } from './load.js';
import { drain, filledOutbox } from './outbox-bench.js';

const QUICK = process.env.BENCH_QUICK === '1';
const CONCURRENCY = 32; // the dispatcher's default attempts in flight
const SECONDS = QUICK ? 1 : 5;
const PUSHES = QUICK ? 2_000 : 20_000;
const BACKLOGS = QUICK ? [1_000, 5_000] : [10_000, 100_000, 1_000_000];
const DRAIN_SAMPLE = QUICK ? 1_000 : 10_000;
const RATE = 1000;

const results: Record<string, unknown> = { quick: QUICK, concurrency: CONCURRENCY, node: process.version, at: new Date().toISOString() };
const log = (s: string) => process.stdout.write(s + '\n');

const receiver = await startChild<{ port: number }>('./receiver.ts');
const rxOrigin = `http://127.0.0.1:${receiver.ready.port}`;
const sampleBody = JSON.stringify({ eventType: 'callout', statusInfo: { sessionId: '1202_1_1_20261123000000@bench', timestamp: '2026-11-23 00:00:00', caller: '+8675528000001', called: '+8613700000001', userData: 'bench' } });

// 1. The limit: a minimal keep-alive client at the same concurrency, to the same receiver.
const limit = await closedLoop(rxOrigin, CONCURRENCY, SECONDS, () => ({ method: 'POST', path: '/limit', headers: { 'content-type': 'application/json' }, body: sampleBody }));
results.limit = limit;
log(`1 limit: plain receiver, minimal keep-alive client x${CONCURRENCY}: ${limit.perSecond.toFixed(0)} req/s`);

// 2. voxcall's push throughput from the outbox to that receiver, every attempt recorded.
{
  const outbox = await filledOutbox(PUSHES, `${rxOrigin}/push`);
  const d = await drain(outbox, PUSHES, CONCURRENCY);
  await outbox.close();
  results.push = { pushes: PUSHES, ...d, ratioToLimit: d.perSecond / limit.perSecond };
  log(`2 push throughput: ${d.perSecond.toFixed(0)} pushes/s = ${(d.perSecond / limit.perSecond).toFixed(2)} of the limit (target >= 0.50)`);
}

// 3. API throughput: signed callnotify requests accepted, against a trivial route of the same server.
const platform = await startChild<{ url: string; appKey: string; appSecret: string; displayNbr: string }>('./platform-child.ts');
const p = platform.ready;
let n = 0;
const notifyBody = (statusUrl?: string) =>
  JSON.stringify({ displayNbr: p.displayNbr, calleeNbr: `+86137${String(n++ % 1e8).padStart(8, '0')}`, playInfoList: [{ notifyVoice: 'welcome.wav' }], ...(statusUrl ? { statusUrl } : {}) });
const notify = () => ({ method: 'POST' as const, path: '/rest/httpsessions/callnotify/v2.0', headers: signedHeaders(p.appKey, p.appSecret, Date.now(), 'beijing'), body: notifyBody() });
const trivial = await closedLoop(p.url, CONCURRENCY, SECONDS, () => ({ method: 'GET', path: '/health' }));
const api = await closedLoop(p.url, CONCURRENCY, SECONDS, notify, (_s, body) => (JSON.parse(body) as { resultcode: string }).resultcode);
results.api = { trivial, callnotify: api, ratioToTrivial: api.perSecond / trivial.perSecond };
log(`3 API: trivial route ${trivial.perSecond.toFixed(0)} req/s; signed callnotify ${api.perSecond.toFixed(0)} req/s = ${(api.perSecond / trivial.perSecond).toFixed(2)} of it (target >= 0.50); result codes ${JSON.stringify(api.statuses)}`);
{
  // 3b. The same with every policy configured (a second platform process, same load).
  const guarded = await startChild<typeof p>('./platform-child.ts', { BENCH_POLICIES: '1' });
  const g = guarded.ready;
  const signed = () => ({ method: 'POST' as const, path: '/rest/httpsessions/callnotify/v2.0', headers: signedHeaders(g.appKey, g.appSecret, Date.now(), 'beijing'), body: notifyBody() });
  const withPolicies = await closedLoop(g.url, CONCURRENCY, SECONDS, signed, (_s, body) => (JSON.parse(body) as { resultcode: string }).resultcode);
  await guarded.stop();
  results.apiWithPolicies = { callnotify: withPolicies, ratioToNoPolicy: withPolicies.perSecond / api.perSecond };
  log(`3b API with every policy configured: ${withPolicies.perSecond.toFixed(0)} req/s = ${(withPolicies.perSecond / api.perSecond).toFixed(2)} of (3) (target >= 0.90); result codes ${JSON.stringify(withPolicies.statuses)}`);
}

// 4. End-to-end latency at a steady RATE calls/s: the call accepted (API answer) to its first
// status push received.
{
  const statusUrl = encodeUrlParam(`${rxOrigin}/latency`);
  const accepted = new Map<string, number>();
  const { Pool } = await import('undici');
  const pool = new Pool(p.url, { connections: 64 });
  const total = RATE * SECONDS;
  const sends: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    sends.push(
      pool.request({ method: 'POST', path: '/rest/httpsessions/callnotify/v2.0', headers: signedHeaders(p.appKey, p.appSecret, Date.now(), 'beijing'), body: notifyBody(statusUrl) })
        .then(async (res) => {
          const body = (await res.body.json()) as { sessionId?: string };
          if (body.sessionId) accepted.set(body.sessionId, performance.timeOrigin + performance.now());
        }),
    );
  }
  await Promise.all(sends);
  const sentSeconds = (performance.now() - started) / 1000;
  await pool.close();
  // Wait (bounded) until every accepted call's first push has arrived: a slow machine delays
  // them, and a latency figure over the early arrivals only would flatter the result.
  let got = new Map<string, number>();
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    const { arrivals } = await ask<{ arrivals: Array<[string, number]> }>(receiver.proc, 'arrivals');
    got = new Map(arrivals);
    if ([...accepted.keys()].every((sid) => got.has(sid))) break;
  }
  const lat = [...accepted].filter(([sid]) => got.has(sid)).map(([sid, t]) => Math.max(0, got.get(sid)! - t)).sort((a, b) => a - b);
  results.latency = { rate: RATE, calls: total, sentSeconds, accepted: accepted.size, measured: lat.length, p50: percentile(lat, 50), p99: percentile(lat, 99) };
  log(`4 latency at ${RATE} calls/s (${total} calls in ${sentSeconds.toFixed(1)} s, ${lat.length} measured): p50 ${percentile(lat, 50).toFixed(1)} ms, p99 ${percentile(lat, 99).toFixed(1)} ms (target p99 < 20 ms)`);
}
await platform.stop();

// 5. Drain rate with a growing backlog: claiming the next due push should cost the same.
const drains: Array<Record<string, number>> = [];
for (const size of BACKLOGS) {
  const outbox = await filledOutbox(size, `${rxOrigin}/push`);
  const d = await drain(outbox, Math.min(DRAIN_SAMPLE, size), CONCURRENCY);
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  await outbox.close();
  drains.push({ backlog: size, enqueueSeconds: outbox.enqueueSeconds, perSecond: d.perSecond, rssMb });
  log(`5 drain with ${size} queued: ${d.perSecond.toFixed(0)} pushes/s (enqueued in ${outbox.enqueueSeconds.toFixed(1)} s, RSS ${rssMb.toFixed(0)} MiB)`);
}
const rates = drains.map((d) => d.perSecond!);
const spread = (Math.max(...rates) - Math.min(...rates)) / Math.max(...rates);
results.drain = { runs: drains, spread };
log(`  drain spread: ${(spread * 100).toFixed(1)} % between the fastest and slowest backlog (target <= 20 %)`);

await receiver.stop();
// BENCH_OUT lets the test suite's smoke run write elsewhere than the real results.
const out = process.env.BENCH_OUT ?? fileURLToPath(new URL('./results/latest.json', import.meta.url));
await mkdir(dirname(out), { recursive: true });
await writeFile(out, JSON.stringify(results, null, 2) + '\n');
log(`written ${out}`);
