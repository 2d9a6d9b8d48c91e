// The receiver walk of the claim on PostgreSQL (sqlite/claim.ts's ReceiverScan, asynchronous):
// the apps, origins and URLs with runnable queued pushes, one index probe (pushes_receiver_due)
// per step. The probes are plain reads: which pushes are actually taken is decided by the due
// scan's row locks (claim.ts), so a probe that sees a row another node is leasing costs one
// empty due scan at worst.

import type { ClaimSkip } from '../types.js';
import type { Queryable } from './pool.js';

const RUNNABLE = "state = 'queued' AND blocked = 0";

// ORDER BY ... LIMIT 1 where SQLite has MIN(): the same value, and an ordered index scan that
// stops at the first row is a plan PostgreSQL considers for either form. Like every probe here it
// needs the table's statistics to be chosen over a sort of the whole partial index: until
// autovacuum first analyzes `pushes`, the planner takes the queued rows for a handful.
const APPS = `WITH RECURSIVE a(k) AS (
    (SELECT app_key FROM pushes WHERE ${RUNNABLE} ORDER BY app_key LIMIT 1)
    UNION ALL
    SELECT (SELECT app_key FROM pushes WHERE ${RUNNABLE} AND app_key > a.k ORDER BY app_key LIMIT 1)
    FROM a WHERE a.k IS NOT NULL)
  SELECT k FROM a WHERE k IS NOT NULL`;
const FIRST_ORIGIN = `SELECT origin AS v FROM pushes WHERE app_key = $1 AND ${RUNNABLE} ORDER BY origin LIMIT 1`;
const NEXT_ORIGIN = `SELECT origin AS v FROM pushes WHERE app_key = $1 AND ${RUNNABLE} AND origin > $2 ORDER BY origin LIMIT 1`;
const FIRST_URL = `SELECT url AS v FROM pushes WHERE app_key = $1 AND origin = $2 AND ${RUNNABLE} ORDER BY url LIMIT 1`;
const NEXT_URL = `SELECT url AS v FROM pushes WHERE app_key = $1 AND origin = $2 AND ${RUNNABLE} AND url > $3 ORDER BY url LIMIT 1`;
const MIN_DUE = `SELECT next_at AS v FROM pushes WHERE app_key = $1 AND origin = $2 AND url = $3 AND ${RUNNABLE}
  ORDER BY next_at LIMIT 1`;
const PAUSED = 'SELECT url FROM endpoints WHERE paused = 1';
// A claim's first two questions in one round trip: each claim starts with them.
const START = `SELECT ARRAY(${PAUSED}) AS paused, ARRAY(${APPS}) AS apps`;

/** The apps, origins and URLs with runnable queued pushes, walked one index probe at a time. */
export interface PgReceiverScan {
  /** Apps with runnable queued pushes. */
  apps(): Promise<string[]>;
  /** The app's origins with runnable queued pushes: those after `after` first, then the rest. */
  origins(appKey: string, after?: string): AsyncIterable<string>;
  /** The URLs of the app's pushes to the origin, likewise. */
  urls(appKey: string, origin: string, after?: string): AsyncIterable<string>;
  /** URLs an operator (or a 410) paused. */
  paused(): Promise<Set<string>>;
  /** paused() and apps() at once. */
  start(): Promise<{ paused: Set<string>; apps: string[] }>;
  /** The earliest next_at among runnable pushes that are neither paused nor skipped. */
  nextDueAt(skip: ClaimSkip): Promise<number | undefined>;
}

/** Values after `after`, then from the first up to `after`: a rotation over a loose index scan. */
async function* ring(
  first: () => Promise<string | null>, next: (v: string) => Promise<string | null>, after?: string,
): AsyncGenerator<string> {
  const seen = new Set<string>();
  if (after !== undefined) {
    for (let v = await next(after); v !== null; v = await next(v)) {
      seen.add(v);
      yield v;
    }
  }
  // Rows come and go between probes (other nodes enqueue): stop at the first value seen already.
  for (let v = await first(); v !== null && !seen.has(v); v = await next(v)) yield v;
}

/** The walk on `q`: a transaction's connection (the claim) or the pool (nextDueAt). */
export function receiverScan(q: Queryable): PgReceiverScan {
  // Named statements: each connection parses and plans a probe once, not once per call.
  const one = async <T>(name: string, text: string, values: unknown[]): Promise<T | null> => {
    const r = await q.query<{ v: T | null }>({ name, text, values });
    return r.rows[0]?.v ?? null;
  };
  const scan: PgReceiverScan = {
    async apps() {
      return (await q.query<{ k: string }>({ name: 'scan_apps', text: APPS })).rows.map((r) => r.k);
    },
    origins: (app, after) => ring(
      () => one('scan_origin_first', FIRST_ORIGIN, [app]),
      (v) => one('scan_origin_next', NEXT_ORIGIN, [app, v]), after),
    urls: (app, origin, after) => ring(
      () => one('scan_url_first', FIRST_URL, [app, origin]),
      (v) => one('scan_url_next', NEXT_URL, [app, origin, v]), after),
    async paused() {
      return new Set((await q.query<{ url: string }>({ name: 'scan_paused', text: PAUSED })).rows.map((r) => r.url));
    },
    async start() {
      const r = (await q.query<{ paused: string[]; apps: string[] }>({ name: 'scan_start', text: START })).rows[0]!;
      return { paused: new Set(r.paused), apps: r.apps };
    },
    async nextDueAt(skip) {
      const held = await scan.paused();
      let min: number | undefined;
      for (const app of await scan.apps()) {
        if (skip(app)) continue;
        for await (const origin of scan.origins(app)) {
          if (skip(app, origin)) continue;
          for await (const url of scan.urls(app, origin)) {
            if (held.has(url) || skip(app, url)) continue;
            const m = await one<number>('scan_min_due', MIN_DUE, [app, origin, url]);
            if (m !== null && (min === undefined || m < min)) min = m;
          }
        }
      }
      return min;
    },
  };
  return scan;
}
