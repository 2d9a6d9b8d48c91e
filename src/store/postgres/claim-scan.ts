// The receiver walk of the claim on PostgreSQL (sqlite/claim.ts's ReceiverScan, asynchronous):
// the apps, origins and URLs with runnable queued pushes, one index probe (pushes_receiver_due)
// per step. The probes are plain reads: which pushes are actually taken is decided by the due
// scan's row locks (claim.ts), so a probe that sees a row another node is leasing costs one
// empty due scan at worst.

import type { ClaimSkip } from '../types.js';
import { named } from './params.js';
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
// A level of the walk (an app's origins, an origin's URLs), LEVEL_BATCH values per round trip,
// each a loose index scan (one probe per value). Probing one value per round trip cost a claim
// three round trips per level even for an app with one origin and one URL. The bounds are in
// the recursion and the outer WHERE, never ORed with a NULL test in a probe: these statements
// are prepared, and PostgreSQL's generic plan (from the sixth run) would turn such a bound into a
// filter over every queued row past it.
type Bound = 'after' | 'from' | 'upto';
function levelScan(column: 'origin' | 'url', scope: string, bounds: Bound[]): string {
  const first = bounds.includes('after') ? ` AND ${column} > @after` : bounds.includes('from') ? ` AND ${column} > @from` : '';
  const upto = bounds.includes('upto');
  return `(WITH RECURSIVE r(v, n) AS (
      (SELECT ${column}, 1 FROM pushes WHERE ${scope} AND ${RUNNABLE}${first} ORDER BY ${column} LIMIT 1)
      UNION ALL
      SELECT (SELECT ${column} FROM pushes WHERE ${scope} AND ${RUNNABLE} AND ${column} > r.v ORDER BY ${column} LIMIT 1), r.n + 1
      FROM r WHERE r.v IS NOT NULL AND r.n < @k${upto ? ' AND r.v < @upto' : ''})
    SELECT v, n FROM r WHERE v IS NOT NULL${upto ? ' AND v <= @upto' : ''}) s`;
}
interface Level {
  /** From the first value (no cursor). */
  first: string;
  /** After the cursor (part 0), then from the first up to it (part 1), in one round trip. */
  around: string;
  /** Part 0 read on: after @after. */
  after: string;
  /** Part 1 read on: after @from, up to @upto. */
  between: string;
}
function level(column: 'origin' | 'url', scope: string): Level {
  const part = (n: number, bounds: Bound[]) => `(SELECT ${n} AS part, n, v FROM ${levelScan(column, scope, bounds)})`;
  return {
    first: part(1, []),
    around: `${part(0, ['after'])} UNION ALL ${part(1, ['upto'])}`,
    after: part(0, ['after']),
    between: part(1, ['from', 'upto']),
  };
}
const ORIGINS = level('origin', 'app_key = @app');
const URLS = level('url', 'app_key = @app AND origin = @origin');
interface LevelRow {
  part: number;
  n: number;
  v: string;
}

/** Values a level reads per round trip. */
const LEVEL_BATCH = 32;
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

/** One read of a level: which statement, with which bounds. */
type LevelRead = (which: keyof Level, bounds: { after?: string; from?: string; upto?: string }) => Promise<LevelRow[]>;

/**
 * Values after `after`, then from the first up to `after`: a rotation over a loose index scan,
 * LEVEL_BATCH values per read. A full part is read on from its last value.
 */
async function* ring(read: LevelRead, after?: string): AsyncGenerator<string> {
  const seen = new Set<string>();
  const values = (rows: LevelRow[], part: number) => rows.filter((r) => r.part === part).sort((a, b) => a.n - b.n).map((r) => r.v);
  const rows = after === undefined ? await read('first', {}) : await read('around', { after, upto: after });
  let tail = values(rows, 0);
  let head = values(rows, 1);
  // Part 0: values after the cursor.
  while (tail.length > 0) {
    for (const v of tail) {
      seen.add(v);
      yield v;
    }
    if (tail.length < LEVEL_BATCH) break;
    tail = values(await read('after', { after: tail[tail.length - 1]! }), 0);
  }
  // Part 1: from the first value up to the cursor (all of them without one). Rows come and go
  // between reads (other nodes enqueue): stop at the first value seen already.
  for (;;) {
    for (const v of head) {
      if (seen.has(v)) return;
      seen.add(v);
      yield v;
    }
    if (head.length < LEVEL_BATCH) return;
    const from = head[head.length - 1]!;
    head = after === undefined ? values(await read('after', { after: from }), 0) : values(await read('between', { from, upto: after }), 1);
  }
}

/** The walk on `q`: a transaction's connection (the claim) or the pool (nextDueAt). */
export function receiverScan(q: Queryable): PgReceiverScan {
  // Named statements: each connection parses and plans a probe once, not once per call.
  const one = async <T>(name: string, text: string, values: unknown[]): Promise<T | null> => {
    const r = await q.query<{ v: T | null }>({ name, text, values });
    return r.rows[0]?.v ?? null;
  };
  const readLevel = async (name: string, sql: string, params: Record<string, unknown>): Promise<LevelRow[]> => {
    const { text, values } = named(sql, params);
    return (await q.query<LevelRow>({ name, text, values })).rows;
  };
  const scan: PgReceiverScan = {
    async apps() {
      return (await q.query<{ k: string }>({ name: 'scan_apps', text: APPS })).rows.map((r) => r.k);
    },
    origins: (app, after) => ring((which, b) => readLevel(`scan_origins_${which}`, ORIGINS[which], { app, k: LEVEL_BATCH, ...b }), after),
    urls: (app, origin, after) => ring((which, b) => readLevel(`scan_urls_${which}`, URLS[which], { app, origin, k: LEVEL_BATCH, ...b }), after),
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
