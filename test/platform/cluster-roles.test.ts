// Roles on one store (docs/cluster.md): an api node accepts a call and writes its pushes; a
// dispatcher node on the same SQLite data directory delivers them. Both on one simulated clock.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { request } from 'undici';
import { encodeUrlParam } from '../../src/client/index.js';
import { loadConfig } from '../../src/config.js';
import { nodeField } from '../../src/domain/ids.js';
import { runsCalls, startNode, type VoxcallNode } from '../../src/platform/node.js';
import { DEMO_NUMBERS } from '../../src/platform/seed.js';
import { callEnded, feeItems } from '../helpers/expect.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { Receiver } from '../helpers/receiver.js';

const ANSWERS = '+8613900000001'; // answers after 2 s, talks 20 s

async function get(url: string): Promise<{ status: number; body: any }> {
  const res = await request(url);
  const text = await res.body.text();
  return { status: res.statusCode, body: text === '' ? undefined : JSON.parse(text) };
}

describe('an api node and a dispatcher node on one SQLite data directory', () => {
  let api: TestPlatform;
  let dispatcher: VoxcallNode;
  let rx: Receiver;
  const deliveredBy = { api: 0, dispatcher: 0 };

  before(async () => {
    rx = await new Receiver().start();
    api = await startTestPlatform({ env: { VOXCALL_ROLE: 'api', VOXCALL_NODE_ID: 'api-1' } });
    // The same data directory and the api node's simulated clock: the pushes it writes fall due
    // on the dispatcher's clock when they do on its own.
    const config = loadConfig({
      VOXCALL_DATA_DIR: api.dataDir, VOXCALL_PORT: '0', VOXCALL_HOST: '127.0.0.1', VOXCALL_HOST_NAME: 'voxcall.test',
      VOXCALL_ROLE: 'dispatcher', VOXCALL_NODE_ID: 'dispatch-1',
    });
    dispatcher = await startNode({ config, clock: api.clock, logger: pino({ level: 'silent' }) });
    api.clock.whenIdle(() => dispatcher.dispatcher.idle());
    api.platform.dispatcher.on('delivered', () => deliveredBy.api++);
    dispatcher.dispatcher.on('delivered', () => deliveredBy.dispatcher++);
  });
  after(async () => {
    await dispatcher.close();
    await api.close();
    await rx.close();
  });

  test('a call placed on the api node is pushed by the dispatcher node', async () => {
    const res = await api.client.callNotify({
      displayNbr: DEMO_NUMBERS[0]!, calleeNbr: ANSWERS, playInfoList: [{ notifyVoice: 'welcome.wav' }],
      statusUrl: encodeUrlParam(`${rx.url}/status`), feeUrl: encodeUrlParam(`${rx.url}/fee`),
    } as never);
    assert.equal(res.body.resultcode, '0', JSON.stringify(res.body));
    const sid = res.body.sessionId as string;
    assert.match(sid, new RegExp(`^1202_\\d+_${nodeField('api-1')}_`), 'the node field of a stable node id');
    await api.run(60_000);
    await dispatcher.dispatcher.drain();
    await rx.until(callEnded(sid));
    const statuses = rx.on('/status').filter((p) => p.body.statusInfo.sessionId === sid).map((p) => p.body.eventType);
    assert.deepEqual(statuses, ['callout', 'alerting', 'answer', 'disconnect']);
    assert.equal(feeItems(rx).filter((f) => f.sessionId === sid).length, 1);
    assert.equal(deliveredBy.api, 0, 'the api node delivers nothing');
    assert.equal(deliveredBy.dispatcher, rx.received.length, 'every push received came from the dispatcher node');
  });

  test('both nodes heartbeat into the store under their ids and roles', async () => {
    const nodes = await api.platform.store.nodes.list();
    assert.deepEqual(nodes.map((n) => [n.id, n.role]), [['api-1', 'api'], ['dispatch-1', 'dispatcher']]);
  });

  test('the dispatcher node serves /health and /metrics only; /health names each node', async () => {
    assert.equal(runsCalls(dispatcher), false);
    assert.deepEqual(await get(`${dispatcher.url}/health`), { status: 200, body: { status: 'ok', node: { id: 'dispatch-1', role: 'dispatcher' }, store: { kind: process.env.VOXCALL_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite', state: 'ok' } } });
    const health = await get(`${api.platform.url}/health`);
    assert.deepEqual(health.body.node, { id: 'api-1', role: 'api' });
    for (const path of ['/rest/httpsessions/callnotify/v2.0', `/v1/apps/${api.platform.demo.appKey}`, '/v1/calls', '/docs']) {
      assert.equal((await get(`${dispatcher.url}${path}`)).status, 404, path);
    }
    const metrics = await request(`${dispatcher.url}/metrics`, { headers: { authorization: `Bearer ${dispatcher.adminToken}` } });
    assert.equal(metrics.statusCode, 200);
    assert.match(await metrics.body.text(), /voxcall_push/);
    const unauth = await request(`${dispatcher.url}/metrics`);
    await unauth.body.dump();
    assert.equal(unauth.statusCode, 401);
  });
});
