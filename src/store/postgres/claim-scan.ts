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
// A level of the walk (an app's origins, an origin's URLs) in one round trip: up to $K values
// after the cursor, then up to $K from the first value up to the cursor, each a loose index scan
// (one probe per value). `part` 0 is the first run, 1 the second. Probing one value per round
// trip cost a claim three round trips per level even for an app with one origin and one URL.
function levelSql(column: 'origin' | 'url', where: string): string {
  const scan = (from: string, bound: string) => `(WITH RECURSIVE r(v, n) AS (
      (SELECT ${column}, 1 FROM pushes WHERE ${where} AND ${RUNNABLE}${from} ${bound} ORDER BY ${column} LIMIT 1)
      UNION ALL
      SELECT (SELECT ${column} FROM pushes WHERE ${where} AND ${RUNNABLE} AND ${column} > r.v ${bound} ORDER BY ${column} LIMIT 1), r.n + 1
      FROM r WHERE r.v IS NOT NULL AND r.n < $K)
    SELECT v, n FROM r WHERE v IS NOT NULL) s`;
  return `(SELECT 0 AS part, n, v FROM ${scan(` AND ${column} > $AFTER`, '')})
    UNION ALL
    (SELECT 1 AS part, n, v FROM ${scan(` AND ($FROM::text IS NULL OR ${column} > $FROM)`, `AND ($AFTER::text IS NULL OR ${column} <= $AFTER)`)})`;
}
// $1 app ($2 origin): the level's scope; then the cursor (NULL: none), K, and where part 1 reads
// on from (NULL: its first value).
const ORIGINS = levelSql('origin', 'app_key = $1').replaceAll('$AFTER', '$2').replaceAll('$K', '$3').replaceAll('$FROM', '$4');
const URLS = levelSql('url', 'app_key = $1 AND origin = $2').replaceAll('$AFTER', '$3').replaceAll('$K', '$4').replaceAll('$FROM', '$5');
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

/**
 * Values after `after`, then from the first up to `after`: a rotation over a loose index scan.
 * `batch(after, from)` reads one round trip: part 0 the values after `after` (none when it is
 * undefined), part 1 those from the first (after `from`, when given) up to `after`, LEVEL_BATCH
 * of each at most. A full part is read on from its last value.
 */
async function* ring(
  batch: (after: string | null, from: string | null) => Promise<LevelRow[]>, after?: string,
): AsyncGenerator<string> {
  const seen = new Set<string>();
  let rows = await batch(after ?? null, null);
  rows.sort((a, b) => a.part - b.part || a.n - b.n); // a UNION ALL's order is not promised
  let tail = rows.filter((r) => r.part === 0).map((r) => r.v);
  let head = rows.filter((r) => r.part === 1).map((r) => r.v);
  // Part 0: values after the cursor.
  while (tail.length > 0) {
    for (const v of tail) {
      seen.add(v);
      yield v;
    }
    if (tail.length < LEVEL_BATCH) break;
    rows = await batch(tail[tail.length - 1]!, null);
    tail = rows.filter((r) => r.part === 0).sort((a, b) => a.n - b.n).map((r) => r.v);
  }
  // Part 1: from the first value up to the cursor. Rows come and go between reads (other nodes
  // enqueue): stop at the first value seen already.
  for (;;) {
    for (const v of head) {
      if (seen.has(v)) return;
      seen.add(v);
      yield v;
    }
    if (head.length < LEVEL_BATCH) return;
    const last = head[head.length - 1]!;
    // Read on after `last`, still bounded by the cursor.
    head = (await batch(after ?? null, last)).filter((r) => r.part === 1).sort((a, b) => a.n - b.n).map((r) => r.v);
  }
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
      async (cursor, from) => (await q.query<LevelRow>({ name: 'scan_origins', text: ORIGINS, values: [app, cursor, LEVEL_BATCH, from] })).rows,
      after),
    urls: (app, origin, after) => ring(
      async (cursor, from) => (await q.query<LevelRow>({ name: 'scan_urls', text: URLS, values: [app, origin, cursor, LEVEL_BATCH, from] })).rows,
      after),
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
