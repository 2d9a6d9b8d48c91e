// Two platforms (two nodes) on one store, here one SQLite file opened twice as two processes
// would: the IP lockouts and the call ports are the store's (a port is a call in progress, a row
// of the store), so each node honours the other's block within the guard's refresh period, and an
// app's ports are exact across both.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { RESULT } from '../../src/api/result-codes.js';
import { VoxcallClient, type ApiResponse } from '../../src/client/index.js';
import { loadConfig } from '../../src/config.js';
import type { App } from '../../src/domain/app.js';
import { ManualClock } from '../../src/lib/clock.js';
import { startPlatform, type Platform } from '../../src/platform/platform.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { call as storedCall, sessionId } from '../store/fixtures.js';

interface Node {
  platform: Platform;
  clock: ManualClock;
  dir: string;
}

let root: string;
let dbPath: string;
const nodes: Node[] = [];

async function startNode(path = dbPath): Promise<Node> {
  const dir = await mkdtemp(join(root, 'node-'));
  const config = loadConfig({
    VOXCALL_DATA_DIR: dir, VOXCALL_PORT: '0', VOXCALL_HOST: '127.0.0.1', VOXCALL_HOST_NAME: 'voxcall.test', VOXCALL_AUTH_MAX_FAILURES: '3',
  });
  const clock = new ManualClock(Date.UTC(2026, 10, 23, 2, 0, 0));
  const platform = await startPlatform({ config, clock, store: createSqliteStore(path), logger: pino({ level: 'silent' }) });
  return { platform, clock, dir };
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'voxcall-shared-'));
  dbPath = join(root, 'voxcall.db');
  nodes.push(await startNode(), await startNode());
});
after(async () => {
  for (const n of nodes) await n.platform.close();
  await rm(root, { recursive: true, force: true });
});

let apps = 0;
/** An app with its own display number, stored through node A (node B reads it from the store). */
async function app(portQuota: number): Promise<App & { number: string }> {
  const n = ++apps;
  const a: App = {
    appKey: `sharedapp${n}`, appSecret: `secret-${n}`, spId: 'sp-shared', name: `shared ${n}`, status: 'active',
    capabilities: ['callback', 'notify', 'verify'], recordingEnabled: true, portQuota, createdAt: 0,
  };
  const number = `+86755300${String(n).padStart(4, '0')}`;
  await nodes[0]!.platform.store.apps.put(a);
  await nodes[0]!.platform.store.apps.putNumber({ number, appKey: a.appKey, status: 'active' });
  return { ...a, number };
}

const client = (node: Node, a: App, secret = a.appSecret) => new VoxcallClient({ baseUrl: node.platform.url, appKey: a.appKey, appSecret: secret });
const notify = (c: VoxcallClient, number: string) =>
  c.callNotify({ displayNbr: number, calleeNbr: '+8613800000002', playInfoList: [{ notifyVoice: 'welcome.wav' }] } as never);
const code = (res: ApiResponse) => (res.body as { resultcode?: string }).resultcode;
/** The app's calls in progress in the store, on every node: its ports in use. */
const portsInUse = async (node: Node, appKey: string) => (await node.platform.store.calls.unfinished()).filter((c) => c.appKey === appKey).length;

test('a block made on one node is honoured by the other within its refresh period; a release on either lifts it on both', async () => {
  const [a, b] = nodes as [Node, Node];
  const shared = await app(10);
  const forger = client(a, shared, 'not-the-secret');
  for (let i = 0; i < 3; i++) assert.equal(code(await notify(forger, shared.number)), RESULT.invalidDigest.code);
  const honest = client(b, shared);
  // Node B has not counted a single failure: it learns of the block from the store. callStop of
  // an unknown call passes authentication and changes nothing, so polling with it is harmless.
  const started = Date.now();
  let answer: string | undefined;
  while ((answer = code(await honest.callStop('no-such-session'))) !== RESULT.authBlocked.code) {
    assert.ok(Date.now() - started < 10_000, `node B still answers ${answer} 10 s after the block`);
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(code(await notify(client(a, shared), shared.number)), RESULT.authBlocked.code, 'node A blocks the IP at once');

  const manageB = await fetch(`${b.platform.url}/v1/lockouts/127.0.0.1`, { method: 'DELETE', headers: { authorization: `Bearer ${b.platform.adminToken}` } });
  assert.equal(manageB.status, 200, 'node B clears the block node A made');
  assert.equal(code(await notify(client(b, shared), shared.number)), '0', 'node B serves the IP at once');
  const back = Date.now();
  while ((answer = code(await client(a, shared).callStop('no-such-session'))) === RESULT.authBlocked.code) {
    assert.ok(Date.now() - back < 10_000, 'node A still blocks the IP 10 s after its release');
    await new Promise((r) => setTimeout(r, 20));
  }
});

test('ports are exact across nodes: with one port, two calls at once through the two nodes admit one, refuse the other 1020165', async () => {
  for (let round = 0; round < 8; round++) {
    const one = await app(1);
    const answers = await Promise.all(nodes.map((n) => notify(client(n, one), one.number)));
    assert.deepEqual(answers.map(code).sort(), ['0', RESULT.portLimit.code], `round ${round}: ${JSON.stringify(answers.map((r) => r.body))}`);
    assert.equal(await portsInUse(nodes[0]!, one.appKey), 1);
  }
});

test('a port comes back when its call ends, for a call through either node', async () => {
  const one = await app(1);
  const [a, b] = nodes as [Node, Node];
  const first = await notify(client(a, one), one.number);
  assert.equal(code(first), '0');
  assert.equal(code(await notify(client(b, one), one.number)), RESULT.portLimit.code);
  assert.equal(code(await client(a, one).callStop((first.body as { sessionId: string }).sessionId)), '0');
  // The call ends on node A's world clock; its record is stored, which frees its port.
  await a.clock.advance(2_000);
  await a.platform.settled();
  assert.equal(code(await notify(client(b, one), one.number)), '0', 'node B takes the port node A gave back');
});

test('a call a crash left in progress frees its port when the restart ends it', async () => {
  // A database of its own: a restart ends every call still in progress in its store (one node per
  // database until calls are owned per node), and nodes A and B have calls running.
  const path = join(root, 'crashed.db');
  const store = createSqliteStore(path);
  const one: App & { number: string } = {
    appKey: 'crashedapp', appSecret: 'crashed-secret', spId: 'sp-crashed', name: 'crashed', status: 'active',
    capabilities: ['notify'], recordingEnabled: true, portQuota: 1, createdAt: 0, number: '+8675530099999',
  };
  const sid = sessionId();
  try {
    await store.apps.put(one);
    await store.apps.putNumber({ number: one.number, appKey: one.appKey, status: 'active' });
    // What a node that died mid-call left: the call stored in progress, holding the only port.
    assert.deepEqual(await store.calls.create(storedCall(sid, { appKey: one.appKey, spId: one.spId }), [], { max: 1 }), { idlePorts: 0 });
  } finally {
    await store.close();
  }
  const restarted = await startNode(path);
  nodes.push(restarted);
  assert.equal(restarted.platform.recovered, 1);
  await restarted.platform.settled();
  assert.equal((await restarted.platform.store.calls.get(sid))?.state, 'ended');
  assert.equal(await portsInUse(restarted, one.appKey), 0);
  assert.equal(code(await notify(client(restarted, one), one.number)), '0');
});
