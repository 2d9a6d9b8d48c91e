// Where a PostgreSQL push's time goes: one dispatcher process drains a backlog (as
// cluster-bench.ts's C2) on a throwaway server restarted with pg_stat_statements; prints each
// statement's calls and time per delivered push. `tsx bench/cluster-profile.ts` (re-runs itself
// under scripts/pg/with-postgres.sh, whose pg_ctl it needs for the restart).

import { execSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ask, startChild } from './children.js';
import { pgDrain } from './cluster-load.js';

const url = process.env.VOXCALL_TEST_DATABASE_URL;
const pgCtl = process.env.VOXCALL_TEST_PG_CTL;
if (!url || !pgCtl) {
  const r = spawnSync(fileURLToPath(new URL('../scripts/pg/with-postgres.sh', import.meta.url)), [process.execPath, '--import', 'tsx', fileURLToPath(import.meta.url)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const backlog = Number(process.env.BENCH_PROFILE_BACKLOG ?? 20_000);
const sample = Number(process.env.BENCH_PROFILE_SAMPLE ?? 5_000);

const admin = new pg.Client({ connectionString: url });
await admin.connect();
await admin.query("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
await admin.end();
// pg_ctl restart keeps the options the server was started with (postmaster.opts).
execSync(`${pgCtl} -w -m fast restart`, { stdio: 'ignore' });
const db = new pg.Client({ connectionString: url });
await db.connect();
await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');

const rx = await startChild<{ port: number }>('./receiver.ts');
// CPU time (user + system, ms) of processes, from /proc: the dispatcher, the server's backends
// and the receiver, over the timed sample. Less at the mercy of other work on the machine than
// a rate: what a push costs, not how long it waited for a core.
const TICK_MS = 1000 / Number(execSync('getconf CLK_TCK').toString().trim());
const cpuMs = (pid: number): number => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0; // gone since
  }
};
const cpu: Record<'from' | 'to', Record<string, number>> = { from: {}, to: {} };
const mark = async (at: 'from' | 'to', pids: number[]) => {
  const backends = (await db.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = 'voxcall'")).rows.map((r) => r.pid);
  // Per process: a backend that connected after 'from' counts from 0.
  cpu[at] = Object.fromEntries([...pids.map((p) => [`dispatcher ${p}`, cpuMs(p)]), ...backends.map((p) => [`postgres ${p}`, cpuMs(p)]), ['receiver', cpuMs(rx.proc.pid!)]]);
};
try {
  // Reset just before the drain: the schema's migration and the load are not counted.
  let received = 0;
  const env = { VOXCALL_PUSH_CONCURRENCY: '32', VOXCALL_ENDPOINT_MAX_IN_FLIGHT: '32' };
  const run = await pgDrain({
    url: url!, rx: rx.proc, rxOrigin: `http://127.0.0.1:${rx.ready.port}`, dispatchers: 1, backlog, apps: 8, warm: 100, sample, env,
    beforeStart: async () => {
      await db.query('SELECT pg_stat_statements_reset()');
      received = (await ask<{ count: number }>(rx.proc, 'count')).count;
    }, mark,
  });
  // Pushes while profiled: not the calls of the attempts INSERT (one statement completes a
  // whole batch of pushes, so its calls would count batches).
  // whole batch of pushes, so its calls would count batches): what the receiver got meanwhile.
  const perPush = (await ask<{ count: number }>(rx.proc, 'count')).count - received;
  const batches = (await db.query<{ n: string }>("SELECT sum(calls) AS n FROM pg_stat_statements WHERE query LIKE '%push_attempts%unnest%'")).rows[0]!.n;
  process.stdout.write(`drain ${run.perSecond.toFixed(0)} pushes/s; ${perPush} pushes received while profiled, completed by ${batches} statements\n`);
  const rows = (await db.query<{ calls: string; total: number; query: string }>(
    `SELECT calls, total_exec_time AS total, regexp_replace(left(query, 90), '\\s+', ' ', 'g') AS query
     FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY calls DESC LIMIT 25`)).rows;
  let calls = 0;
  let ms = 0;
  for (const r of rows) {
    calls += Number(r.calls);
    ms += r.total;
    process.stdout.write(`${(Number(r.calls) / perPush).toFixed(2).padStart(6)} calls/push ${(r.total / perPush).toFixed(3).padStart(7)} ms/push  ${r.query}\n`);
  }
  const per = (kind: string) => (Object.entries(cpu.to).filter(([k]) => k.startsWith(kind)).reduce((t, [k, v]) => t + v - (cpu.from[k] ?? 0), 0) / run.sample).toFixed(3);
  process.stdout.write(`CPU per push over the timed ${run.sample}: dispatcher ${per('dispatcher')} ms, PostgreSQL backends ${per('postgres')} ms, receiver ${per('receiver')} ms\n`);
  process.stdout.write(`total (top 25): ${(calls / perPush).toFixed(1)} statements and ${(ms / perPush).toFixed(2)} ms of server time per push\n`);
} finally {
  await rx.stop();
  await db.end();
}
