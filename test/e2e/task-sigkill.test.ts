// A real server process running a task is killed with SIGKILL while calls of the task are in
// flight, and restarted on the same database (same node id). From the store's task_row_tries, its
// calls and what the robot receiver got: no row is dialled twice for one try, none is lost (every
// row ends), and each try the kill interrupted (its row left dialling, its call in flight or not
// yet placed) is recorded as result 28 and retried by the policy.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { docsExample } from '../calls/flow-example.js';
import { Receiver } from '../helpers/receiver.js';
import { freePort, startServer, stopAll, stopServer } from '../helpers/server-process.js';

const KEY = 'sigkilltaskappkey';
const ADMIN = 'sigkill-task-admin-token';
const ROWS = 120;
// Answering callees go through the menus (about 30 simulated seconds): always some in flight.
const RULES = [
  { prefix: '+86138001', outcome: 'answer', answerAfter: 2, talk: 120, digits: ['1', '2'] },
  { prefix: '+86138003', outcome: 'answer', answerAfter: 2, talk: 300 },
  { prefix: '+86138004', outcome: 'busy' },
  { prefix: '+86138006', outcome: 'vacant' },
];
const callee = (i: number) => `${RULES[i % RULES.length]!.prefix}${String(i).padStart(5, '0')}`;

const dirs: string[] = [];
after(async () => {
  stopAll();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

interface TryRow { row_index: number; try: number; result: string; session_id: string | null }
interface CallRow { session_id: string; state: string; row_index: number; try: number }

function snapshot(dataDir: string) {
  const db = new Database(join(dataDir, 'voxcall.db'), { readonly: true });
  try {
    return {
      rows: db.prepare('SELECT row_index, state, tries, max_tries, last_result FROM task_rows ORDER BY row_index').all() as Array<{ row_index: number; state: string; tries: number; max_tries: number; last_result: string | null }>,
      tries: db.prepare('SELECT row_index, try, result, session_id FROM task_row_tries ORDER BY row_index, try').all() as TryRow[],
      calls: db.prepare(`SELECT session_id, state, json_extract(call_json, '$.plan.task.rowIndex') AS row_index, json_extract(call_json, '$.plan.task.try') AS try
        FROM calls WHERE json_extract(call_json, '$.plan.task.taskId') IS NOT NULL`).all() as CallRow[],
    };
  } finally {
    db.close();
  }
}

/** Polls (in real time, bounded) until the predicate holds. */
async function until<T>(what: string, read: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('SIGKILL with task calls in flight: after a restart no row is dialled twice for one try, none is lost, interrupted tries are result 28', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'voxcall-task-kill-'));
  dirs.push(dataDir);
  const rulesFile = join(dataDir, 'rules.json');
  await writeFile(rulesFile, JSON.stringify({ rules: RULES }));
  const rx = await new Receiver().start();
  rx.respond(() => ({ status: 200, body: 'success' }));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/v1`;
  const env = {
    VOXCALL_DATA_DIR: dataDir, VOXCALL_PORT: String(port), VOXCALL_SPEED: '40', VOXCALL_LOG_LEVEL: 'error',
    VOXCALL_DEMO_APP_KEY: KEY, VOXCALL_DEMO_APP_SECRET: 'sigkill-task-secret', VOXCALL_ADMIN_TOKEN: ADMIN,
    VOXCALL_NETWORK_RULES: rulesFile, VOXCALL_NODE_ID: 'task-kill-node',
  };
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, text };
  };

  let server = (await startServer(env)).child;
  try {
    assert.equal((await api('POST', `/apps/${KEY}/subscriptions`, { url: `${rx.url}/robot`, format: 'robot', receives: 'records' })).status, 201);
    assert.equal((await api('POST', `/apps/${KEY}/flows`, { flow: docsExample(), id: 'parcel', name: 'Parcel notice' })).status, 201);
    const created = await api('POST', `/apps/${KEY}/tasks`, {
      flowId: 'parcel', displayNumbers: ['+8675528000001'], concurrency: 20, cps: 10, retry: { maxTries: 3, intervalSeconds: 10 },
    });
    assert.equal(created.status, 201, created.text);
    const taskId = created.body.task.taskId as string;
    const header = ['callee', 'count', 'place', 'name'];
    const rows = Array.from({ length: ROWS }, (_, i) => [callee(i), '3', 'gate', 'Li']);
    const added = await api('POST', `/apps/${KEY}/tasks/${taskId}/rows`, { header, rows });
    assert.deepEqual([added.status, added.body.added], [200, ROWS], added.text);
    const started = await api('POST', `/apps/${KEY}/tasks/${taskId}/start`, {});
    assert.equal(started.status, 200, started.text);

    // Killed once a fair share of tries are recorded, with calls of the task in flight.
    await until('tries recorded with calls in flight', () => snapshot(dataDir), (s) => s.tries.length >= 40 && s.calls.filter((c) => c.state === 'active').length >= 5);
    await stopServer(server, 'SIGKILL');
    const killed = snapshot(dataDir);
    const cut = killed.rows.filter((r) => r.state === 'dialling').map((r) => [r.row_index, r.tries] as const);
    const inFlight = killed.calls.filter((c) => c.state === 'active');
    assert.ok(inFlight.length >= 5, `${inFlight.length} call(s) in flight at the kill`);
    const cutKeys = new Set(cut.map(([r, t]) => `${r}/${t}`));
    for (const c of inFlight) assert.ok(cutKeys.has(`${c.row_index}/${c.try}`), `call ${c.session_id} in flight: its row ${c.row_index} is dialling try ${c.try}`);

    const restarted = await startServer(env);
    server = restarted.child;
    assert.match(restarted.banner, new RegExp(`recovered ${inFlight.length} call\\(s\\)`));
    const done = await until('the task completed', () => api('GET', `/apps/${KEY}/tasks/${taskId}`), (r) => r.body?.task?.state === 'completed', 120_000);
    assert.equal(done.body.task.counters.remaining, 0);
    const end = snapshot(dataDir);
    // Every task call's two robot records (a basic and a task record), delivered before the stop.
    const robot = () => rx.on('/robot').map((r) => r.body as Record<string, unknown>);
    await rx.until(() => end.calls.every((c) => robot().filter((b) => b.call_uuid === c.session_id).length >= 2), 60_000);
    await stopServer(server, 'SIGTERM');

    // None lost: every row ended, its tries numbered 1..n, one tries row each.
    assert.equal(end.rows.length, ROWS);
    for (const r of end.rows) {
      assert.equal(r.state, 'done', `row ${r.row_index}`);
      const tries = end.tries.filter((x) => x.row_index === r.row_index);
      assert.deepEqual(tries.map((x) => x.try), Array.from({ length: r.tries }, (_, k) => k + 1), `row ${r.row_index}`);
      assert.equal(tries.at(-1)?.result, r.last_result, `row ${r.row_index}`);
    }
    // Never two calls for one try, in the store or at the receiver; each recorded call is that try's.
    const callsOf = new Map<string, string[]>();
    for (const c of end.calls) callsOf.set(`${c.row_index}/${c.try}`, [...(callsOf.get(`${c.row_index}/${c.try}`) ?? []), c.session_id]);
    for (const [k, s] of callsOf) assert.equal(s.length, 1, `row/try ${k} dialled ${s.length} times: ${s.join(', ')}`);
    for (const t of end.tries) if (t.session_id) assert.deepEqual(callsOf.get(`${t.row_index}/${t.try}`), [t.session_id], `row ${t.row_index} try ${t.try}`);
    const pushed = new Map<string, Set<string>>();
    for (const b of robot()) {
      if (b.task_row_index === undefined) continue;
      const k = `${String(b.task_row_index)}/${Number(b.task_tries) + 1}`;
      pushed.set(k, (pushed.get(k) ?? new Set()).add(String(b.call_uuid)));
    }
    for (const [k, s] of pushed) assert.equal(s.size, 1, `row/try ${k} pushed for ${[...s].join(', ')}`);
    assert.equal(pushed.size, end.calls.length, 'a task record for every task call');

    // Each try the kill interrupted is result 28, and retried while tries were left (28 is retried by default).
    for (const [row, tryNo] of cut) {
      const tries = end.tries.filter((x) => x.row_index === row);
      assert.equal(tries.find((x) => x.try === tryNo)?.result, '28', `row ${row} try ${tryNo}`);
      if (tryNo < 3) assert.ok(tries.some((x) => x.try === tryNo + 1), `row ${row}: retried after its interrupted try ${tryNo}`);
    }
    // The calls cut short were pushed with that result too.
    for (const c of inFlight) {
      const rec = robot().find((b) => b.call_uuid === c.session_id && b.task_row_index !== undefined);
      assert.equal(rec?.task_result, '28', `call ${c.session_id} cut by the kill`);
    }
    console.log(`# task SIGKILL: ${killed.tries.length} tries recorded and ${inFlight.length} call(s) in flight (${cut.length} row(s) dialling) at the kill; ${end.tries.length} tries and ${end.calls.length} task calls in all`);
  } finally {
    await stopServer(server, 'SIGKILL');
    await rx.close();
  }
});
