// `npm run bench`: voxcall against the physical limit of this machine, every figure measured in
// the same run. Prints a table and writes bench/results/latest.json. BENCH_QUICK=1 shrinks every
// size (the test suite uses it to check that the benchmark runs).

import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signedHeaders, encodeUrlParam } from '../src/client/index.js';
import { ask, startChild } from './children.js';
import { closedLoop, openLoop, percentile } from './load.js';
import { drain, filledOutbox } from './outbox-bench.js';
import { rtpBench } from './rtp-pacing.js';
import { sipCallsBench } from './sip-calls.js';
import { clusterBench } from './cluster-bench.js';
import { taskDiallerBench } from './task-dialler.js';

const QUICK = process.env.BENCH_QUICK === '1';
const CONCURRENCY = 32; // the dispatcher's default attempts in flight
const SECONDS = QUICK ? 1 : 5;
const PUSHES = QUICK ? 2_000 : 20_000;
const BACKLOGS = QUICK ? [1_000, 5_000] : [10_000, 100_000, 1_000_000];
const DRAIN_SAMPLE = QUICK ? 1_000 : 10_000;
const RATE = 1000;
const BACKLOG = QUICK ? 20_000 : 1_000_000; // 5b: pushes queued for a receiver that is down
const BACKLOG_API_RATE = 200;
// The pushes of each run go to one endpoint: the platform's per-endpoint in-flight limit (8 by
// default) is raised to CONCURRENCY, as for the bench's own dispatcher (outbox-bench.ts), so the
// limit and voxcall run at the same concurrency.
const platformEnv = { VOXCALL_ENDPOINT_MAX_IN_FLIGHT: String(CONCURRENCY) };
type Ready = { url: string; appKey: string; appSecret: string; displayNbr: string };

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
const platform = await startChild<Ready>('./platform-child.ts', platformEnv);
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
  const guarded = await startChild<Ready>('./platform-child.ts', { ...platformEnv, BENCH_POLICIES: '1' });
  const g = guarded.ready;
  const signed = () => ({ method: 'POST' as const, path: '/rest/httpsessions/callnotify/v2.0', headers: signedHeaders(g.appKey, g.appSecret, Date.now(), 'beijing'), body: notifyBody() });
  const withPolicies = await closedLoop(g.url, CONCURRENCY, SECONDS, signed, (_s, body) => (JSON.parse(body) as { resultcode: string }).resultcode);
  await guarded.stop();
  results.apiWithPolicies = { callnotify: withPolicies, ratioToNoPolicy: withPolicies.perSecond / api.perSecond };
  log(`3b API with every policy configured: ${withPolicies.perSecond.toFixed(0)} req/s = ${(withPolicies.perSecond / api.perSecond).toFixed(2)} of (3) (target >= 0.90); result codes ${JSON.stringify(withPolicies.statuses)}`);
}

// The same steady load as 5b's, on this platform without a backlog (pushes to the live receiver):
// what 5b's API latency is compared with. Before 4, whose overload would linger in it.
const steadyControl = await openLoop(p.url, BACKLOG_API_RATE, SECONDS, steadyNotify(p, encodeUrlParam(`${rxOrigin}/push`)), resultcode);

// 4. End-to-end latency at a steady rate: the call accepted (API answer) to its first status push
// received. At RATE (the target) and at a fifth of it, to tell queueing from the path's own cost.
async function latencyAt(rate: number, tag: string): Promise<Record<string, number>> {
  const statusUrl = encodeUrlParam(`${rxOrigin}/${tag}`);
  const accepted = new Map<string, number>();
  const { Pool } = await import('undici');
  const pool = new Pool(p.url, { connections: 64 });
  const total = rate * SECONDS;
  const sends: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
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
  log(`4 latency at ${rate} calls/s (${total} calls in ${sentSeconds.toFixed(1)} s, ${lat.length} measured): p50 ${percentile(lat, 50).toFixed(1)} ms, p99 ${percentile(lat, 99).toFixed(1)} ms (target p99 < 20 ms at ${RATE}/s)`);
  return { rate, calls: total, sentSeconds, accepted: accepted.size, measured: lat.length, p50: percentile(lat, 50), p99: percentile(lat, 99) };
}
results.latencyLight = await latencyAt(RATE / 5, 'latency-light');
results.latency = await latencyAt(RATE, 'latency');
await platform.stop();

// 5. Drain rate with a growing backlog: claiming the next due push should cost the same.
const drains: Array<Record<string, number>> = [];
let backlogDir: { dir: string; queued: number; enqueueSeconds: number } | undefined;
for (const [i, size] of BACKLOGS.entries()) {
  const outbox = await filledOutbox(size, `${rxOrigin}/push`);
  const d = await drain(outbox, Math.min(DRAIN_SAMPLE, size), CONCURRENCY);
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  // The largest outbox, topped up to BACKLOG, is 5b's backlog (rather than enqueueing another
  // million pushes, a minute or two of the run); its pushes go to the receiver stopped below.
  if (i === BACKLOGS.length - 1) backlogDir = await outbox.handOver(BACKLOG, `${rxOrigin}/push`);
  else await outbox.close();
  drains.push({ backlog: size, enqueueSeconds: outbox.enqueueSeconds, perSecond: d.perSecond, rssMb });
  log(`5 drain with ${size} queued: ${d.perSecond.toFixed(0)} pushes/s (enqueued in ${outbox.enqueueSeconds.toFixed(1)} s, RSS ${rssMb.toFixed(0)} MiB)`);
}
const rates = drains.map((d) => d.perSecond!);
const spread = (Math.max(...rates) - Math.min(...rates)) / Math.max(...rates);
results.drain = { runs: drains, spread };
log(`  drain spread: ${(spread * 100).toFixed(1)} % between the fastest and slowest backlog (target <= 20 %)`);

// 8. PostgreSQL, several processes (docs/postgres.md "Measured"): only with a server to use.
const pgUrl = process.env.VOXCALL_TEST_DATABASE_URL;
if (pgUrl) results.cluster = await clusterBench({ url: pgUrl, quick: QUICK, log, receiver: { proc: receiver.proc, port: receiver.ready.port }, limit: limit.perSecond, trivial: trivial.perSecond });
else log('8 PostgreSQL cluster: skipped (no VOXCALL_TEST_DATABASE_URL; npm run bench:cluster starts one)');
await receiver.stop();

// 5b. A backlog with the receiver down: a platform process starts on a database already holding
// BACKLOG due pushes (measurement 5's largest outbox, topped up) to the receiver's port, closed
// now that the receiver is stopped. Its dispatcher tries them, the endpoint's breaker opens and
// they wait. Meanwhile: the API's answers at a steady rate and a trivial route, the process's peak
// RSS; then a receiver comes up on that port and the backlog drains.
// The breaker's cool-down is 1 s here (VOXCALL_BREAKER_COOLDOWN_S / _MAX_COOLDOWN_S; defaults
// 30 s doubling to 10 min) so that the probe after the receiver comes up does not keep the bench idle.
{
  const deadPort = receiver.ready.port;
  const deadUrl = `${rxOrigin}/push`;
  const pre = backlogDir!;
  log(`5b backlog: ${pre.queued} pushes queued to a closed port (topped up in ${pre.enqueueSeconds.toFixed(1)} s)`);
  const bootAt = performance.now();
  const down = await startChild<Ready>('./platform-child.ts', {
    ...platformEnv, BENCH_DATA_DIR: pre.dir, VOXCALL_BREAKER_COOLDOWN_S: '1', VOXCALL_BREAKER_MAX_COOLDOWN_S: '1',
  });
  const startSeconds = (performance.now() - bootAt) / 1000;
  try {
    const b = down.ready;
    // Wait (bounded) for the endpoint's breaker to open: the backlog is then waiting, not being tried.
    let breakerOpenAfter: number | undefined;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(50)) {
      // Breakers are per receiver (app and origin), not per URL.
      const { breakers } = await ask<{ breakers: Array<{ origin: string; state: string }> }>(down.proc, 'breakers');
      if (breakers.some((x) => x.origin === rxOrigin && x.state !== 'closed')) {
        breakerOpenAfter = (performance.now() - bootAt) / 1000;
        break;
      }
    }

    // (a) Signed callnotify at a steady rate, open loop; each call's status push joins the backlog.
    const api = await openLoop(b.url, BACKLOG_API_RATE, SECONDS, steadyNotify(b, encodeUrlParam(deadUrl)), resultcode);
    const health = await closedLoop(b.url, CONCURRENCY, SECONDS, () => ({ method: 'GET', path: '/health' }));

    // (c) The receiver comes up on the closed port; the drain of the first DRAIN_SAMPLE pushes is
    // timed at the receiver, from the first arrival (the breaker's probe) to the last.
    const rx = await startChild<{ port: number }>('./receiver.ts', { BENCH_RX_PORT: String(deadPort) });
    const upAt = performance.timeOrigin + performance.now();
    let c = { count: 0, firstAt: 0, lastAt: 0 };
    for (const deadline = Date.now() + 180_000; Date.now() < deadline && c.count < DRAIN_SAMPLE; await sleep(100)) {
      c = await ask<typeof c>(rx.proc, 'count');
    }
    await rx.stop();
    // (b) Peak RSS of the platform process over the whole step (start, backlog, load, drain).
    const mem = await ask<{ maxRssBytes: number; rssBytes: number }>(down.proc, 'memory');
    const drainPerSecond = c.count > 1 ? ((c.count - 1) * 1000) / (c.lastAt - c.firstAt) : NaN;
    results.backlogDown = {
      backlog: pre.queued, topUpSeconds: pre.enqueueSeconds, startSeconds, breakerOpenAfter: breakerOpenAfter ?? null,
      api: { ...api, accepted: api.statuses['0'] ?? 0 }, apiNoBacklog: steadyControl,
      health, healthRatioToTrivial: health.perSecond / trivial.perSecond,
      peakRssMb: mem.maxRssBytes / 2 ** 20, rssMb: mem.rssBytes / 2 ** 20,
      drain: { sample: DRAIN_SAMPLE, delivered: c.count, firstPushAfterS: c.firstAt ? (c.firstAt - upAt) / 1000 : null, perSecond: drainPerSecond },
    };
    log(`5b backlog of ${pre.queued} with the receiver down: platform started in ${startSeconds.toFixed(1)} s, breaker open after ${breakerOpenAfter?.toFixed(1) ?? 'never'} s; ` +
      `callnotify at ${BACKLOG_API_RATE}/s: ${api.statuses['0'] ?? 0}/${api.requests} accepted, p50 ${api.p50.toFixed(1)} ms, p99 ${api.p99.toFixed(1)} ms ` +
      `(no backlog, before 4: p50 ${steadyControl.p50.toFixed(1)} ms, p99 ${steadyControl.p99.toFixed(1)} ms); ` +
      `/health ${health.perSecond.toFixed(0)} req/s = ${(health.perSecond / trivial.perSecond).toFixed(2)} of (3)'s; peak RSS ${(mem.maxRssBytes / 2 ** 20).toFixed(0)} MiB`);
    log(`  receiver up: first push after ${c.firstAt ? ((c.firstAt - upAt) / 1000).toFixed(1) : '-'} s, drain of the first ${c.count} at ${drainPerSecond.toFixed(0)} pushes/s`);
  } finally {
    await down.stop();
    await rm(pre.dir, { recursive: true, force: true });
  }
}

// 6. RTP media (docs/media.md): send pacing at 50, 100 and 200 legs; 100 bridged pairs relaying.
results.rtp = await rtpBench({ quick: QUICK, log });

// 7. SIP calls (docs/sip.md): legs placed on SIPp at 50 calls/s, then all playing at once.
results.sipCalls = await sipCallsBench({ quick: QUICK, log });

// 9. Outbound call tasks (docs/tasks.md "Measured"): dials per second at a task's CPS; the
// scheduler's cost per row at two task sizes.
results.tasks = await taskDiallerBench({ quick: QUICK, log });

// BENCH_OUT lets the test suite's smoke run write elsewhere than the real results.
const out = process.env.BENCH_OUT ?? fileURLToPath(new URL('./results/latest.json', import.meta.url));
await mkdir(dirname(out), { recursive: true });
await writeFile(out, JSON.stringify(results, null, 2) + '\n');
log(`written ${out}`);

/** Signed callnotify requests of platform `r`, each call's status pushes to `statusUrl`. */
function steadyNotify(r: Ready, statusUrl: string) {
  return () => ({
    method: 'POST' as const, path: '/rest/httpsessions/callnotify/v2.0', headers: signedHeaders(r.appKey, r.appSecret, Date.now(), 'beijing'),
    body: JSON.stringify({ displayNbr: r.displayNbr, calleeNbr: `+86137${String(n++ % 1e8).padStart(8, '0')}`, playInfoList: [{ notifyVoice: 'welcome.wav' }], statusUrl }),
  });
}

function resultcode(status: number, body: string): string {
  try {
    return (JSON.parse(body) as { resultcode?: string }).resultcode ?? `HTTP ${status}`;
  } catch {
    return `HTTP ${status}`;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

