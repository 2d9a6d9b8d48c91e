// Closed-loop and open-loop load generators on undici (the HTTP client voxcall pushes with).

import { Pool } from 'undici';

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  statuses: Record<string, number>;
}

/**
 * Keeps `concurrency` requests in flight for `seconds`; `make` builds each request. The answer's
 * `key` (status, or resultcode for the Huawei API) is counted.
 */
export async function closedLoop(
  origin: string,
  concurrency: number,
  seconds: number,
  make: () => { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string },
  key: (status: number, body: string) => string = (s) => String(s),
): Promise<LoadResult> {
  const pool = new Pool(origin, { connections: concurrency, pipelining: 1 });
  const statuses: Record<string, number> = {};
  let requests = 0;
  const start = performance.now();
  const until = start + seconds * 1000;
  async function worker(): Promise<void> {
    while (performance.now() < until) {
      const r = make();
      const res = await pool.request({ origin, method: r.method, path: r.path, headers: r.headers, body: r.body });
      const text = await res.body.text();
      const k = key(res.statusCode, text);
      statuses[k] = (statuses[k] ?? 0) + 1;
      requests++;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - start) / 1000;
  await pool.close();
  return { requests, seconds: elapsed, perSecond: requests / elapsed, statuses };
}

export interface OpenLoopResult {
  rate: number;
  requests: number;
  /** The answers' `key` (as in closedLoop) counted. */
  statuses: Record<string, number>;
  /** Request sent to answer read, ms. */
  p50: number;
  p99: number;
}

/** Sends `rate` requests a second for `seconds`, whatever the answers' pace (an open loop). */
export async function openLoop(
  origin: string,
  rate: number,
  seconds: number,
  make: () => { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string },
  key: (status: number, body: string) => string = (s) => String(s),
): Promise<OpenLoopResult> {
  const pool = new Pool(origin, { connections: 64 });
  const total = Math.round(rate * seconds);
  const lat: number[] = [];
  const statuses: Record<string, number> = {};
  const sends: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const r = make();
    const sentAt = performance.now();
    sends.push(
      pool.request({ origin, method: r.method, path: r.path, headers: r.headers, body: r.body }).then(async (res) => {
        const k = key(res.statusCode, await res.body.text());
        lat.push(performance.now() - sentAt);
        statuses[k] = (statuses[k] ?? 0) + 1;
      }),
    );
  }
  await Promise.all(sends);
  await pool.close();
  lat.sort((a, b) => a - b);
  return { rate, requests: total, statuses, p50: percentile(lat, 50), p99: percentile(lat, 99) };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
