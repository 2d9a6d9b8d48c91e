// A node that dies with a call in progress (docs/cluster.md, "When a node dies"): an api node runs
// as its own process and is killed with SIGKILL while both legs of a callback talk; the node
// sharing its SQLite data directory sees its heartbeat go stale, adopts the call and ends it, so
// the application gets the disconnect and the CDR, exactly once. The survivor's wall clock is a
// ManualClock: the timeout passes without the test waiting for it.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, test } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeUrlParam, VoxcallClient } from '../../src/client/index.js';
import { ManualClock } from '../../src/lib/clock.js';
import { callEnded, feeItems } from '../helpers/expect.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { Receiver } from '../helpers/receiver.js';

const HOLDS = '+8613900000009'; // answers, never hangs up
const KEY = 'clusterappkey1';
const SECRET = 'cluster-test-secret';
const TIMEOUT_S = 15;

let child: ChildProcess | undefined;
const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  child?.kill('SIGKILL');
  for (const c of cleanups.reverse()) await c();
});

/** `npm start`'s entry as an api node; resolves with its URL once its banner is out. */
function startApiNode(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const c = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child = c;
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the api node did not start:\n${out}`)), 30_000);
    c.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /voxcall is listening on (\S+)/.exec(out);
      if (url && /\n\n$/.test(out)) {
        clearTimeout(timer);
        resolve({ child: c, url: url[1]! });
      }
    });
    c.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    c.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the api node exited with ${code}:\n${out}`));
    });
  });
}

test('a killed node\'s call in progress is ended by the other node: one disconnect, one CDR', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'voxcall-cluster-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const rx = await new Receiver().start();
  cleanups.push(() => rx.close());
  const common = { VOXCALL_DATA_DIR: dataDir, VOXCALL_DEMO_APP_KEY: KEY, VOXCALL_DEMO_APP_SECRET: SECRET, VOXCALL_NODE_TIMEOUT_S: String(TIMEOUT_S) };
  // The api node first: the survivor (role all) never checks for another process on the directory.
  const a = await startApiNode({ ...common, VOXCALL_PORT: '0', VOXCALL_ROLE: 'api', VOXCALL_NODE_ID: 'node-a', VOXCALL_LOG_LEVEL: 'error' });
  // Real time for calls and pushes, as in node a (their times are compared in the outbox).
  const wall = new ManualClock(Date.now());
  const b: TestPlatform = await startTestPlatform({ dataDir, realTime: true, wallClock: wall, env: { ...common, VOXCALL_NODE_ID: 'node-b' } });
  cleanups.push(() => b.close());

  const client = new VoxcallClient({ baseUrl: a.url, appKey: KEY, appSecret: SECRET });
  const res = await client.click2Call({
    displayNbr: '+8675528000001', callerNbr: HOLDS, displayCalleeNbr: '+8675528000002', calleeNbr: HOLDS, partyTypeRequiredInDisconnect: 'true',
    statusUrl: encodeUrlParam(`${rx.url}/status`), feeUrl: encodeUrlParam(`${rx.url}/fee`),
  } as never);
  assert.equal(res.body.resultcode, '0', JSON.stringify(res.body));
  const sid = res.body.sessionId as string;
  const statusOf = () => rx.on('/status').filter((p) => p.body.statusInfo.sessionId === sid).map((p) => p.body.eventType as string);
  // Both legs answered, pushed by node b's dispatcher (node a delivers nothing): talking, with nothing left to end it.
  await rx.until(() => statusOf().length === 6, 30_000);
  assert.deepEqual(statusOf(), ['callout', 'alerting', 'answer', 'callout', 'alerting', 'answer']);

  const exited = new Promise((r) => a.child.once('exit', r));
  a.child.kill('SIGKILL');
  await exited;
  assert.deepEqual((await b.platform.store.nodes.list()).map((n) => n.id), ['node-a', 'node-b']);
  assert.equal((await b.platform.store.calls.get(sid))?.state, 'active', 'the kill left the call in progress');

  // Node a's last heartbeat was before now: past it by the timeout, node a is dead to node b.
  await wall.advance(Date.now() - wall.now() + TIMEOUT_S * 1000 + 1000);
  await b.platform.cluster.beat();
  await rx.until(callEnded(sid));
  await b.idle();
  assert.deepEqual(statusOf(), ['callout', 'alerting', 'answer', 'callout', 'alerting', 'answer', 'disconnect']);
  const fee = feeItems(rx).filter((f) => f.sessionId === sid);
  assert.equal(fee.length, 1);
  // Ended as a restart ends a call its process lost: the platform's internal error (8000).
  const disconnect = rx.on('/status').find((p) => p.body.statusInfo.sessionId === sid && p.body.eventType === 'disconnect')!.body.statusInfo;
  assert.deepEqual([disconnect.stateCode, disconnect.partyType], [8000, 'platform']);
  assert.equal(fee[0]!.ulFailReason, 8000);
  assert.equal((await b.platform.store.calls.get(sid))?.state, 'ended');
  assert.deepEqual((await b.platform.store.nodes.list()).map((n) => n.id), ['node-b'], 'node a\'s row is gone');

  // Further sweeps find nobody to adopt: still one disconnect and one CDR.
  await b.platform.cluster.beat();
  await b.idle();
  assert.equal(statusOf().filter((t) => t === 'disconnect').length, 1);
  assert.equal(feeItems(rx).filter((f) => f.sessionId === sid).length, 1);
});
