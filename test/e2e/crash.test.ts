// At least once across a crash: a real server process is killed with SIGKILL while pushes are in
// flight and calls are in progress, restarted on the same database, and every push its outbox
// ever held must reach the receiver. Duplicates are allowed (and reported); losses are not. The
// calls the kill cut short are ended on restart with the documented internal error (8000, by the
// platform: docs/network.md, docs/calls.md "After a crash").

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { encodeUrlParam, VoxcallClient } from '../../src/client/index.js';
import { Receiver } from '../helpers/receiver.js';
import { freePort, startServer, stopAll, stopServer } from '../helpers/server-process.js';

// Thousands of pushes: each call makes four status pushes and a CDR (CDRs of the same second
// travel together, so a little under five per call reach the outbox).
const CALLS = 600;
const KILL_AFTER = 700;
// Callbacks whose two legs answer and never hang up: certainly in progress when the kill lands.
const HELD = 10;
const HOLDS = '+8613900000009';
const KEY = 'crashtestappkey';
const SECRET = 'crash-test-secret';
const ADMIN = 'crash-test-admin-token';

/** Runs n requests, at most `width` at a time. */
async function inBatches<T>(n: number, width: number, run: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += width) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(width, n - i) }, (_, j) => run(i + j)))));
  }
  return out;
}

const dirs: string[] = [];
after(async () => {
  // Servers still running: a failed assertion must not leave one behind (nor keep this process alive).
  stopAll();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

test('SIGKILL with pushes in flight and calls in progress: after a restart every push arrives and the cut calls are ended', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'voxcall-crash-'));
  dirs.push(dataDir);
  const rx = await new Receiver().start();
  // A slow receiver keeps attempts in flight when the kill lands.
  rx.respond(async () => {
    await new Promise((r) => setTimeout(r, 20));
    return { status: 200, body: '{"resultcode":"0"}' };
  });
  const port = await freePort();
  const env = {
    VOXCALL_DATA_DIR: dataDir,
    VOXCALL_PORT: String(port),
    VOXCALL_SPEED: '10',
    VOXCALL_LOG_LEVEL: 'error',
    VOXCALL_DEMO_APP_KEY: KEY,
    VOXCALL_DEMO_APP_SECRET: SECRET,
    VOXCALL_ADMIN_TOKEN: ADMIN,
    // The restart is the same node: it recovers the calls its id left (a generated id would leave
    // them to the sweep for dead nodes, after VOXCALL_NODE_TIMEOUT_S: docs/cluster.md).
    VOXCALL_NODE_ID: 'crash-node',
  };

  let server = (await startServer(env)).child;
  // The demo app's 100 call ports would refuse (1020165) most of the calls placed at once.
  const quota = await fetch(`http://127.0.0.1:${port}/v1/apps/${KEY}`, {
    method: 'PATCH', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ portQuota: CALLS + HELD }),
  });
  assert.equal(quota.status, 200);
  const client = new VoxcallClient({ baseUrl: `http://127.0.0.1:${port}`, appKey: KEY, appSecret: SECRET });
  const held = await inBatches(HELD, HELD, () =>
    client.click2Call({
      displayNbr: '+8675528000001', callerNbr: HOLDS, displayCalleeNbr: '+8675528000002', calleeNbr: HOLDS,
      partyTypeRequiredInDisconnect: 'true',
      statusUrl: encodeUrlParam(`${rx.url}/status`), feeUrl: encodeUrlParam(`${rx.url}/fee`),
    } as never),
  );
  assert.deepEqual(held.filter((res) => res.body.resultcode !== '0').map((res) => res.body), []);
  const heldSessions = held.map((res) => res.body.sessionId as string);
  const statusOf = (sid: string) => rx.on('/status').filter((p) => p.body.statusInfo.sessionId === sid);
  // Both legs answered (callout, alerting, answer of A, then of B): talking, with nothing left to end them.
  await rx.until(() => heldSessions.every((sid) => statusOf(sid).length === 6), 60_000);
  const placed = await inBatches(CALLS, 100, (i) =>
      client.callNotify({
        displayNbr: '+8675528000001',
        calleeNbr: `+86138000${String(i).padStart(5, '0')}`,
        playInfoList: [{ notifyVoice: 'welcome.wav' }],
        statusUrl: encodeUrlParam(`${rx.url}/status`),
        feeUrl: encodeUrlParam(`${rx.url}/fee`),
      } as never),
  );
  assert.deepEqual(placed.filter((res) => res.body.resultcode !== '0').map((res) => res.body), []);
  const sessions = placed.map((res) => res.body.sessionId as string);
  await rx.until((all) => all.length >= HELD * 6 + KILL_AFTER, 60_000);
  assert.ok(heldSessions.every((sid) => !statusOf(sid).some((p) => p.body.eventType === 'disconnect')), 'the held calls are still in progress at the kill');
  await stopServer(server, 'SIGKILL');
  const beforeRestart = rx.received.length;

  const restarted = await startServer(env);
  server = restarted.child;
  // The restart says how many calls it found in progress and ended: at least the held ones.
  const recoveredLine = /recovered (\d+) call\(s\)/.exec(restarted.banner);
  assert.ok(recoveredLine, `the restart reports the calls it ended:\n${restarted.banner}`);
  const recoveredCount = Number(recoveredLine[1]);
  assert.ok(recoveredCount >= HELD, `${recoveredCount} call(s) recovered, ${HELD} were held`);
  try {
    // Every call ends with a disconnect and a CDR, delivered, whatever the kill interrupted.
    await rx.until((all) => {
      const ended = new Set(all.filter((p) => p.body?.eventType === 'disconnect').map((p) => p.body.statusInfo.sessionId));
      const billed = new Set(all.filter((p) => p.path === '/fee').flatMap((p) => p.body.feeLst.map((f: { sessionId: string }) => f.sessionId)));
      return [...sessions, ...heldSessions].every((s) => ended.has(s) && billed.has(s));
    }, 120_000);
  } finally {
    await stopServer(server, 'SIGTERM');
    await client.close();
    await rx.close();
  }

  // Every push the outbox ever held was received: by its own message id, or inside the batch it
  // was merged into.
  const db = new Database(join(dataDir, 'voxcall.db'), { readonly: true });
  const rows = db.prepare('SELECT id, state, merged_into FROM pushes').all() as Array<{ id: string; state: string; merged_into: string | null }>;
  db.close();
  const receivedIds = rx.received.map((p) => String(p.headers['x-voxcall-message-id']));
  const unique = new Set(receivedIds);
  const lost = rows.filter((r) => !unique.has(r.state === 'merged' ? r.merged_into! : r.id));
  assert.deepEqual(lost, [], 'no push lost');
  assert.ok(rows.every((r) => r.state === 'delivered' || r.state === 'merged'), 'every push delivered');
  const duplicates = receivedIds.length - unique.size;

  // Each held call was cut short and ended by the restart: its one disconnect is the platform's
  // internal error (8000), its CDR says so too, and B's answer stands in it.
  for (const sid of heldSessions) {
    const disconnects = statusOf(sid).filter((p) => p.body.eventType === 'disconnect').map((p) => p.body.statusInfo);
    assert.equal(new Set(disconnects.map((d) => JSON.stringify(d))).size, 1, `${sid}: one disconnect (duplicates are the same push)`);
    assert.deepEqual([disconnects[0].stateCode, disconnects[0].partyType, disconnects[0].called], [8000, 'platform', HOLDS], sid);
    const cdr = rx.on('/fee').flatMap((p) => p.body.feeLst as Array<Record<string, any>>).find((f) => f.sessionId === sid)!;
    assert.equal(cdr.ulFailReason, 8000, sid);
    assert.ok(cdr.fwdAnswerTime, `${sid}: B had answered`);
  }
  const cut = new Set(rx.received.filter((p) => p.body?.statusInfo?.stateCode === 8000).map((p) => p.body.statusInfo.sessionId));
  assert.equal(cut.size, recoveredCount, 'every call the restart ended, and only those, was pushed as cut short');
  // Duplicates are reported, not asserted: at-least-once allows them.
  console.log(`# crash test: ${rows.length} pushes in the outbox, ${beforeRestart} received before the kill, ${receivedIds.length} received in all, ${duplicates} duplicate(s), ${recoveredCount} call(s) cut short and ended on restart (${HELD} held on purpose)`);
});
