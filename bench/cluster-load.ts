// The cluster benchmark's measurements: the push drain of N dispatcher processes from a backlog
// loaded beforehand, timed at the receiver, and a closed loop spread round-robin over several
// api processes (the load generator of load.ts, one keep-alive pool per node instead of nginx).

import type { ChildProcess } from 'node:child_process';
import { Pool } from 'undici';
import { receiverKey } from '../src/domain/receiver.js';
import { ownerOf } from '../src/push/delivery/partition.js';
import { ask } from './children.js';
import { benchSchema, loadBacklog, preRegister, putApps, startNode, type NodeProc } from './cluster-nodes.js';
import type { LoadResult } from './load.js';

export interface DrainRun {
  dispatchers: number;
  backlog: number;
  loadSeconds: number;
  analyzeSeconds: number;
  /** Receivers (app, origin) each dispatcher owns. */
  split: number[];
  warm: number;
  sample: number;
  perSecond: number;
}

export interface DrainOptions {
  url: string;
  /** The receiver process (receiver.ts): its 'count' answer times the drain. */
  rx: ChildProcess;
  rxOrigin: string;
  dispatchers: number;
  backlog: number;
  apps: number;
  /** Pushes delivered before the clock starts (start-up, first plans), then the pushes timed. */
  warm: number;
  sample: number;
  env: Record<string, string>;
  /** Runs just before the dispatchers start (the profile resets its statistics there). */
  beforeStart?: () => Promise<void>;
  /** Runs when the timed sample starts and when it ends, with the dispatchers' process ids. */
  mark?: (at: 'from' | 'to', pids: number[]) => Promise<void>;
}

/**
 * Node ids whose rendezvous split of the receivers is as even as it can be, so "2 dispatchers"
 * measures two halves rather than whatever share the hash of two arbitrary names gives.
 */
function evenIds(n: number, receivers: string[]): { ids: string[]; split: number[] } {
  let best: { ids: string[]; split: number[] } | undefined;
  for (let t = 0; t < 200; t++) {
    const ids = Array.from({ length: n }, (_, i) => `dispatcher-${i + 1}-${t}`);
    const split = ids.map((id) => receivers.filter((r) => ownerOf(r, ids) === id).length);
    if (!best || Math.max(...split) < Math.max(...best.split)) best = { ids, split };
    if (Math.max(...split) - Math.min(...split) <= 1) break;
  }
  return best!;
}

type Count = { count: number; firstAt: number; lastAt: number };

/** Fresh schema, backlog loaded and analyzed, then the dispatchers start and drain it. */
export async function pgDrain(o: DrainOptions): Promise<DrainRun> {
  const s = await benchSchema(o.url);
  const nodes: NodeProc[] = [];
  try {
    const pushUrl = `${o.rxOrigin}/push`;
    const apps = await putApps(s.store, o.apps);
    const { ids, split } = evenIds(o.dispatchers, apps.map((a) => receiverKey(a, pushUrl)));
    const load = await loadBacklog(s.pool, o.backlog, pushUrl, apps);
    // Every dispatcher's first read of the nodes table lists them all: the partition holds from
    // the first claim, with no window where the first one up serves every receiver alone.
    await preRegister(s.store, ids, 'dispatcher');
    const base = (await ask<Count>(o.rx, 'count')).count;
    await o.beforeStart?.();
    nodes.push(...(await Promise.all(ids.map((id) => startNode(s, id, 'dispatcher', o.env)))));
    let from: Count | undefined;
    let to: Count | undefined;
    let last = { count: base, at: Date.now() };
    while (!to) {
      await new Promise((r) => setTimeout(r, 25));
      const c = await ask<Count>(o.rx, 'count');
      if (c.count !== last.count) last = { count: c.count, at: Date.now() };
      else if (Date.now() - last.at > 30_000) throw new Error(`the drain stalled at ${c.count - base} of ${o.warm + o.sample} pushes`);
      const pids = nodes.map((n) => n.child.pid!);
      if (!from && c.count - base >= o.warm) {
        from = c;
        await o.mark?.('from', pids);
      } else if (from && c.count - from.count >= o.sample) {
        to = c;
        await o.mark?.('to', pids);
      }
    }
    const perSecond = ((to.count - from!.count) * 1000) / (to.lastAt - from!.lastAt);
    return { dispatchers: o.dispatchers, backlog: o.backlog, loadSeconds: load.seconds, analyzeSeconds: load.analyzeSeconds, split, warm: o.warm, sample: to.count - from!.count, perSecond };
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
    await s.drop();
  }
}

type Req = { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string };

/** load.ts's closedLoop over several origins: request i goes to origin i mod n. */
export async function roundRobinLoop(
  origins: string[], concurrency: number, seconds: number, make: () => Req,
  key: (status: number, body: string) => string = (s) => String(s),
): Promise<LoadResult> {
  const pools = origins.map((o) => new Pool(o, { connections: Math.ceil(concurrency / origins.length), pipelining: 1 }));
  const statuses: Record<string, number> = {};
  let requests = 0;
  let next = 0;
  const start = performance.now();
  const until = start + seconds * 1000;
  async function worker(): Promise<void> {
    while (performance.now() < until) {
      const i = next++ % origins.length;
      const r = make();
      const res = await pools[i]!.request({ origin: origins[i], method: r.method, path: r.path, headers: r.headers, body: r.body });
      const k = key(res.statusCode, await res.body.text());
      statuses[k] = (statuses[k] ?? 0) + 1;
      requests++;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - start) / 1000;
  await Promise.all(pools.map((p) => p.close()));
  return { requests, seconds: elapsed, perSecond: requests / elapsed, statuses };
}
