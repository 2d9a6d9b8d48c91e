// `npm run bench:cluster`: voxcall on PostgreSQL as several processes (docs/cluster.md), against
// this machine's plain HTTP rate measured in the same run (run.ts's section 1, measured the same
// way). Push drain with 1 and 2 dispatcher processes; API accepts with 1 and 2 api processes; the
// drain with 10k, 100k and 1M queued. Without VOXCALL_TEST_DATABASE_URL it re-runs itself under
// scripts/pg/with-postgres.sh (a throwaway server). run.ts may call clusterBench() with its own
// receiver and figures instead. BENCH_QUICK=1 shrinks every size; BENCH_CLUSTER_RUNS=n repeats
// the measurements n times (figures per run, and their median).

import { spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signedHeaders } from '../src/client/index.js';
import { startChild } from './children.js';
import { pgDrain, roundRobinLoop, type DrainRun } from './cluster-load.js';
import { benchSchema, DISPLAY_NBR, putApps, SECRET, startNode, type NodeProc } from './cluster-nodes.js';
import { closedLoop } from './load.js';

const CONCURRENCY = 32; // as run.ts: the limit, each dispatcher's attempts in flight, the API load
const APPS = 8; // 8 apps x 1 origin = 8 receivers for the partition to split
// Each dispatcher runs CONCURRENCY attempts; a receiver may take all of them (the single-node
// default is 8 per receiver), as the limit's client does with its one origin.
const DISPATCHER_ENV = { VOXCALL_PUSH_CONCURRENCY: String(CONCURRENCY), VOXCALL_ENDPOINT_MAX_IN_FLIGHT: String(CONCURRENCY) };

export interface ClusterOptions {
  url: string;
  quick: boolean;
  log: (s: string) => void;
  /** A running receiver.ts (run.ts's); one of the bench's own otherwise. */
  receiver?: { proc: ChildProcess; port: number };
  /** The same run's limit (req/s of run.ts's section 1); measured here otherwise. */
  limit?: number;
  /** The same run's trivial-route rate (run.ts's section 3), to set API accepts against. */
  trivial?: number;
}

export async function clusterBench(o: ClusterOptions): Promise<Record<string, unknown>> {
  const seconds = o.quick ? 1 : 5;
  const scale = o.quick ? { backlog: 5_000, warm: 200, sample: 2_000 } : { backlog: 100_000, warm: 1_000, sample: 10_000 };
  const backlogs = o.quick ? [1_000, 5_000] : [10_000, 100_000, 1_000_000];
  const flat = o.quick ? { warm: 100, sample: 800 } : { warm: 1_000, sample: 8_000 };
  const own = o.receiver ? undefined : await startChild<{ port: number }>('./receiver.ts');
  const rx = o.receiver ?? { proc: own!.proc, port: own!.ready.port };
  const rxOrigin = `http://127.0.0.1:${rx.port}`;
  const log = o.log;
  try {
    let limit = o.limit;
    if (limit === undefined) {
      const body = JSON.stringify({ eventType: 'callout', statusInfo: { sessionId: '1202_1_1_20261123000000@bench', timestamp: '2026-11-23 00:00:00', caller: DISPLAY_NBR, called: '+8613700000001', userData: 'bench' } });
      limit = (await closedLoop(rxOrigin, CONCURRENCY, seconds, () => ({ method: 'POST', path: '/limit', headers: { 'content-type': 'application/json' }, body }))).perSecond;
      log(`C1 limit: plain receiver, minimal keep-alive client x${CONCURRENCY}: ${limit.toFixed(0)} req/s`);
    }
    const of = (x: number) => (x / limit!).toFixed(2);

    // C2. Push drain from a backlog spread over APPS receivers, by 1 and by 2 dispatcher processes.
    const drain = (dispatchers: number, backlog: number, warm: number, sample: number) =>
      pgDrain({ url: o.url, rx: rx.proc, rxOrigin, dispatchers, backlog, apps: APPS, warm, sample, env: DISPATCHER_ENV });
    const one = await drain(1, scale.backlog, scale.warm, scale.sample);
    const two = await drain(2, scale.backlog, scale.warm, scale.sample);
    const ratio = two.perSecond / one.perSecond;
    log(`C2 push drain on PostgreSQL (${scale.backlog} queued over ${APPS} apps x 1 origin = ${APPS} receivers, ${CONCURRENCY} attempts in flight per dispatcher): ` +
      `1 dispatcher ${one.perSecond.toFixed(0)} pushes/s = ${of(one.perSecond)} of the limit (target >= 0.25); ` +
      `2 dispatchers (receivers split ${two.split.join('/')}) ${two.perSecond.toFixed(0)} pushes/s = ${of(two.perSecond)} of the limit, ${ratio.toFixed(2)}x one (target >= 1.6x)`);

    // C3. API accepts: signed callnotify against 1 api process and 2 (round-robin in the client).
    const api = [await apiOn(o.url, 1, seconds), await apiOn(o.url, 2, seconds)];
    for (const a of api) {
      const vs = o.trivial ?? a.trivial;
      log(`C3 API on PostgreSQL, ${a.nodes} api process(es): trivial route ${a.trivial.toFixed(0)} req/s; signed callnotify ${a.callnotify.toFixed(0)} req/s = ` +
        `${(a.callnotify / vs).toFixed(2)} of ${o.trivial === undefined ? 'that trivial route' : "section 3's trivial route"}, ${of(a.callnotify)} of the limit; result codes ${JSON.stringify(a.statuses)}`);
    }
    log(`  2 api processes: ${(api[1]!.callnotify / api[0]!.callnotify).toFixed(2)}x one`);

    // C4. The drain (1 dispatcher) with a growing backlog.
    const runs: DrainRun[] = [];
    for (const size of backlogs) {
      const r = await drain(1, size, flat.warm, flat.sample);
      runs.push(r);
      log(`C4 drain on PostgreSQL with ${size} queued: ${r.perSecond.toFixed(0)} pushes/s = ${of(r.perSecond)} of the limit (loaded in ${r.loadSeconds.toFixed(1)} s, ANALYZE ${r.analyzeSeconds.toFixed(1)} s)`);
    }
    const rates = runs.map((r) => r.perSecond);
    const spread = (Math.max(...rates) - Math.min(...rates)) / Math.max(...rates);
    log(`  drain spread: ${(spread * 100).toFixed(1)} % between the fastest and slowest backlog (target <= 20 %)`);

    return {
      limit, apps: APPS, concurrency: CONCURRENCY,
      push: { one, two, twoVsOne: ratio, oneToLimit: one.perSecond / limit, twoToLimit: two.perSecond / limit },
      api: api.map((a) => ({ ...a, toTrivial: a.callnotify / (o.trivial ?? a.trivial), toLimit: a.callnotify / limit! })),
      drain: { runs, spread },
    };
  } finally {
    await own?.stop();
  }
}

/** Signed callnotify, closed loop at CONCURRENCY, over `n` api processes on a fresh schema. */
export async function apiOn(url: string, n: number, seconds: number) {
  const s = await benchSchema(url);
  const nodes: NodeProc[] = [];
  try {
    const [appKey] = await putApps(s.store, 1);
    await s.store.apps.putNumber({ number: DISPLAY_NBR, appKey: appKey!, status: 'active' });
    nodes.push(...(await Promise.all(Array.from({ length: n }, (_, i) => startNode(s, `api-${i + 1}`, 'api')))));
    const origins = nodes.map((x) => x.url);
    let k = 0;
    const notify = () => ({
      method: 'POST' as const, path: '/rest/httpsessions/callnotify/v2.0', headers: signedHeaders(appKey!, SECRET, Date.now(), 'beijing'),
      body: JSON.stringify({ displayNbr: DISPLAY_NBR, calleeNbr: `+86137${String(k++ % 1e8).padStart(8, '0')}`, playInfoList: [{ notifyVoice: 'welcome.wav' }] }),
    });
    const trivial = await roundRobinLoop(origins, CONCURRENCY, seconds, () => ({ method: 'GET', path: '/health' }));
    const r = await roundRobinLoop(origins, CONCURRENCY, seconds, notify, resultcode);
    return { nodes: n, trivial: trivial.perSecond, callnotify: r.perSecond, statuses: r.statuses };
  } finally {
    await Promise.all(nodes.map((x) => x.stop()));
    await s.drop();
  }
}

function resultcode(status: number, body: string): string {
  try {
    return (JSON.parse(body) as { resultcode?: string }).resultcode ?? `HTTP ${status}`;
  } catch {
    return `HTTP ${status}`;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const url = process.env.VOXCALL_TEST_DATABASE_URL;
  if (!url) {
    const self = fileURLToPath(import.meta.url);
    const r = spawnSync(fileURLToPath(new URL('../scripts/pg/with-postgres.sh', import.meta.url)), [process.execPath, '--import', 'tsx', self], { stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }
  const quick = process.env.BENCH_QUICK === '1';
  const log = (s: string) => process.stdout.write(s + '\n');
  const runs: Array<Record<string, unknown>> = [];
  const n = Number(process.env.BENCH_CLUSTER_RUNS ?? 1);
  for (let i = 0; i < n; i++) {
    if (n > 1) log(`run ${i + 1} of ${n}`);
    runs.push(await clusterBench({ url, quick, log }));
  }
  const out = process.env.BENCH_OUT ?? fileURLToPath(new URL('./results/cluster-latest.json', import.meta.url));
  if (n > 1) {
    type R = { limit: number; push: { one: DrainRun; two: DrainRun; twoVsOne: number }; api: Array<{ callnotify: number }>; drain: { spread: number } };
    const rs = runs as unknown as R[];
    log(`median of ${n}: limit ${median(rs.map((r) => r.limit)).toFixed(0)}; drain 1 ${median(rs.map((r) => r.push.one.perSecond)).toFixed(0)}, 2 ${median(rs.map((r) => r.push.two.perSecond)).toFixed(0)} ` +
      `(${median(rs.map((r) => r.push.twoVsOne)).toFixed(2)}x); api 1 ${median(rs.map((r) => r.api[0]!.callnotify)).toFixed(0)}, 2 ${median(rs.map((r) => r.api[1]!.callnotify)).toFixed(0)}; ` +
      `spread ${(median(rs.map((r) => r.drain.spread)) * 100).toFixed(1)} %`);
  }
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, JSON.stringify({ quick, node: process.version, at: new Date().toISOString(), runs }, null, 2) + '\n');
  log(`written ${out}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
