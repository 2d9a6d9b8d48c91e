// The cluster benchmark's pieces: a schema of its own on the PostgreSQL server, a backlog of
// queued pushes loaded in one statement, and voxcall nodes as real processes (`npm start`'s
// entry, src/main.ts, with VOXCALL_ROLE), each answering with the URL of its banner.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import type { Call, CallEvent } from '../src/domain/call.js';
import { originOf } from '../src/domain/receiver.js';
import { huawei } from '../src/push/dialects/index.js';
import { createPostgresStore } from '../src/store/postgres/index.js';
import { createPool } from '../src/store/postgres/pool.js';
import type { Store } from '../src/store/types.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SECRET = 'bench-secret';
export const DISPLAY_NBR = '+8675528000001';

export interface BenchSchema {
  url: string;
  schema: string;
  store: Store;
  /** Raw SQL on the schema (one small pool of the bench's own). */
  pool: pg.Pool;
  drop(): Promise<void>;
}

/** A fresh, migrated schema; `drop` removes it and everything in it. */
export async function benchSchema(url: string): Promise<BenchSchema> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const store = await createPostgresStore(url, { schema, poolMax: 2 });
  const pool = createPool(url, { schema, max: 2 });
  return {
    url, schema, store, pool,
    async drop() {
      await store.close();
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
      await pool.end();
    },
  };
}

/** Apps bench0..bench<n-1>, active, signing with SECRET. */
export async function putApps(store: Store, n: number): Promise<string[]> {
  const keys = Array.from({ length: n }, (_, i) => `bench${i}`);
  for (const appKey of keys) {
    await store.apps.put({
      appKey, appSecret: SECRET, spId: 'sp', name: appKey, status: 'active', capabilities: ['notify', 'callback', 'verify'],
      recordingEnabled: false, portQuota: 10_000_000, allowedClientIps: ['127.0.0.1', '::1'], createdAt: 0,
    });
  }
  return keys;
}

/**
 * `n` due status pushes to `url`, spread round-robin over `apps`, in one INSERT (generate_series),
 * then ANALYZE: without statistics the planner takes the queued rows for a handful (claim-scan.ts).
 * As in outbox-bench.ts, they are stamped one millisecond apart, ending now, and each has its own
 * order key (a call's status pushes are ordered), so the due scan's NOT EXISTS guard is paid.
 */
export async function loadBacklog(pool: pg.Pool, n: number, url: string, apps: string[]): Promise<{ seconds: number; analyzeSeconds: number }> {
  const now = Date.now();
  const sessionId = '1202_1_1_20261123000000@bench';
  const call: Call = {
    sessionId, icid: 'CAE-1', appKey: 'bench', spId: 'sp', createdAt: now, userData: 'bench',
    plan: { kind: 'notify', displayNbr: DISPLAY_NBR, calleeNbr: '+8613700000001', playInfoList: [{ notifyVoice: 'welcome.wav', collectInd: 0, replayAfterCollection: false }] },
  };
  const event: CallEvent = { sessionId, seq: 1, type: 'callout', leg: 'A', at: now, caller: DISPLAY_NBR, called: '+8613700000001' };
  const started = performance.now();
  await pool.query(
    `INSERT INTO pushes (id, app_key, session_id, dialect, kind, url, origin, order_key, seq, items, item_count,
                         schedule, timeout_ms, state, blocked, attempts, next_at, created_at)
     SELECT 'bp' || i, ($1::text[])[(1 + i % $9)::int], 's' || i, 'huawei', 'status', $2, $3, 's' || i || ' ' || $2, 1, $4, 1,
            $5, $6, 'queued', 0, 0, $7::bigint - ($8::bigint - 1 - i), $7::bigint - ($8::bigint - 1 - i)
     FROM generate_series(0, $8::bigint - 1) AS i`,
    [apps, url, originOf(url), JSON.stringify([huawei.encodeStatus(call, event)]), JSON.stringify(huawei.schedules.status),
      huawei.attemptTimeoutMs, now, n, apps.length],
  );
  const loaded = performance.now();
  await pool.query('ANALYZE pushes');
  return { seconds: (loaded - started) / 1000, analyzeSeconds: (performance.now() - loaded) / 1000 };
}

/** Rows in the nodes table for these ids, fresh now: each node's first read already lists them all. */
export async function preRegister(store: Store, ids: string[], role: 'dispatcher' | 'api'): Promise<void> {
  const now = Date.now();
  for (const id of ids) await store.nodes.heartbeat({ id, role, hostName: hostname(), startedAt: now, heartbeatAt: now });
}

export interface NodeProc {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Callees +86137... are busy at once (as in platform-child.ts): an accepted call costs the API path, not minutes of talk. */
async function rulesFile(dir: string): Promise<string> {
  const file = join(dir, 'rules.json');
  await writeFile(file, JSON.stringify([{ prefix: '+86137', outcome: 'busy', failAfter: 0 }]));
  return file;
}

/** src/main.ts as a node of `role` on the schema; resolves once its banner is out. */
export async function startNode(s: BenchSchema, id: string, role: 'api' | 'dispatcher', env: Record<string, string> = {}): Promise<NodeProc> {
  const dataDir = await mkdtemp(join(tmpdir(), 'voxcall-bench-node-'));
  // BENCH_NODE_ARGS: node options for every node (e.g. --cpu-prof --cpu-prof-dir=DIR; NODE_OPTIONS refuses --cpu-prof).
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const c = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env, VOXCALL_DATA_DIR: dataDir, VOXCALL_PORT: '0', VOXCALL_LOG_LEVEL: 'error', VOXCALL_ROLE: role, VOXCALL_NODE_ID: id,
      VOXCALL_DATABASE_URL: s.url, VOXCALL_DATABASE_SCHEMA: s.schema, VOXCALL_DEMO_APP_KEY: 'bench0', VOXCALL_DEMO_APP_SECRET: SECRET,
      VOXCALL_NETWORK_RULES: await rulesFile(dataDir), ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = () => new Promise<void>((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) resolve();
    else {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    }
  }).then(() => rm(dataDir, { recursive: true, force: true }));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`node ${id} did not start:\n${out}`)), 60_000);
    c.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /voxcall is listening on (\S+)/.exec(out);
      if (url && /\n\n$/.test(out)) {
        clearTimeout(timer);
        c.stdout!.removeAllListeners('data');
        c.stdout!.resume();
        resolve({ url: url[1]!, child: c, stop });
      }
    });
    c.stderr!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      process.stderr.write(`[${id}] ${chunk.toString()}`);
    });
    c.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node ${id} exited with ${code}:\n${out}`));
    });
  });
}
