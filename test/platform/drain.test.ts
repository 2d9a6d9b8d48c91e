// Graceful shutdown (docs/cluster.md, "Stopping a node"): a real node process gets SIGTERM with two
// calls in progress. It stops being ready at once and refuses a new call with 1020154; the call
// that ends by itself does so while the node drains, the one that would not is ended at
// VOXCALL_DRAIN_TIMEOUT_S; both have their disconnect and CDR pushed, and the node exits 0.
// And /ready's own rules (draining, store probe timeout, one probe a second), on a manual clock.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { encodeUrlParam, VoxcallClient } from '../../src/client/index.js';
import { ManualClock } from '../../src/lib/clock.js';
import { drainTimeoutMs } from '../../src/platform/drain.js';
import { createReadiness } from '../../src/platform/readiness.js';
import { killAllNodes, sharedStoreEnv, startNodeProcess } from '../helpers/node-process.js';
import { Receiver } from '../helpers/receiver.js';
import { PG_URL, storeBackends } from '../store/backends.js';

const HOLDS = '+8613900000009'; // answers, never hangs up
const RINGS = '+8613900000003'; // rings, no answer at the 45 s ring timeout (4.5 s at speed 10)
const KEY = 'drainappkey01';
const SECRET = 'drain-test-secret';
const DRAIN_S = 8;

after(killAllNodes);

const getJson = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

for (const b of storeBackends()) {
  describe(`drain on SIGTERM (${b.name})`, { skip: b.skip }, () => {
    test('not ready at once, new calls refused, calls in progress end by themselves or at the deadline, with their pushes; exit 0', async () => {
      const store = await sharedStoreEnv(b.name === 'postgres' ? PG_URL : undefined);
      const rx = await new Receiver().start();
      after(async () => {
        await rx.close();
        // The nodes first: a schema is dropped once nobody holds its locks.
      await killAllNodes();
      await store.cleanup();
      });
      const node = await startNodeProcess({
        ...store.env, VOXCALL_PORT: '0', VOXCALL_NODE_ID: 'drain-1', VOXCALL_SPEED: '10', VOXCALL_DRAIN_TIMEOUT_S: String(DRAIN_S),
        VOXCALL_DEMO_APP_KEY: KEY, VOXCALL_DEMO_APP_SECRET: SECRET, VOXCALL_LOG_LEVEL: 'warn',
      });
      assert.deepEqual(await getJson(`${node.url}/ready`), { status: 200, body: { ready: true } });
      const client = new VoxcallClient({ baseUrl: node.url, appKey: KEY, appSecret: SECRET });
      after(() => client.close());
      const urls = { statusUrl: encodeUrlParam(`${rx.url}/status`), feeUrl: encodeUrlParam(`${rx.url}/fee`) };
      const notify = () => client.callNotify({ displayNbr: '+8675528000001', calleeNbr: RINGS, playInfoList: [{ notifyVoice: 'welcome.wav' }], ...urls } as never);
      const held = await client.click2Call({ displayNbr: '+8675528000001', callerNbr: HOLDS, displayCalleeNbr: '+8675528000002', calleeNbr: HOLDS, ...urls } as never);
      const ringing = await notify();
      assert.deepEqual([held.body.resultcode, ringing.body.resultcode], ['0', '0'], JSON.stringify([held.body, ringing.body]));
      const [heldSid, ringingSid] = [held.body.sessionId as string, ringing.body.sessionId as string];
      const pushes = (sid: string) => rx.on('/status').filter((p) => p.body.statusInfo.sessionId === sid);
      const events = (sid: string) => pushes(sid).map((p) => p.body.eventType as string);
      const cdrs = (sid: string) => rx.on('/fee').flatMap((p) => p.body.feeLst as Array<{ sessionId: string }>).filter((f) => f.sessionId === sid);
      // Both legs of the callback talk; the notify rings.
      await rx.until(() => events(heldSid).length === 6 && events(ringingSid).includes('alerting'));

      const termAt = Date.now();
      node.child.kill('SIGTERM');
      // The signal is handled on the node's next turn: the first probes may still find it ready.
      let ready = await getJson(`${node.url}/ready`);
      while (ready.status === 200 && Date.now() - termAt < 1000) ready = await getJson(`${node.url}/ready`);
      assert.deepEqual(ready, { status: 503, body: { ready: false, reason: 'draining: the node is shutting down' } });
      assert.equal((await getJson(`${node.url}/health`)).status, 200, 'still live while it drains');
      const refused = await notify();
      assert.equal(refused.status, 500);
      assert.equal(refused.body.resultcode, '1020154', JSON.stringify(refused.body));
      assert.match(String(refused.body.resultdesc), /^Insufficient voice ports\. This node is shutting down/);
      assert.ok(!events(heldSid).includes('disconnect') && !events(ringingSid).includes('disconnect'), 'the signal ended no call');

      assert.equal(await node.exited, 0, node.output());
      const tookMs = Date.now() - termAt;
      assert.ok(tookMs < DRAIN_S * 1000 + 10_000, `exited within the deadline and the flush (${tookMs} ms)`);
      // The ringing call ended by itself (no answer) before the deadline; the held one at it.
      const end = (sid: string) => pushes(sid).find((p) => p.body.eventType === 'disconnect')!;
      assert.deepEqual(events(ringingSid), ['callout', 'alerting', 'disconnect']);
      assert.ok(end(ringingSid).at - termAt < DRAIN_S * 1000, `the notify ended by itself ${end(ringingSid).at - termAt} ms after SIGTERM`);
      assert.equal(end(ringingSid).body.statusInfo.stateCode, 8101, 'no answer (docs/network.md)');
      assert.deepEqual(events(heldSid), ['callout', 'alerting', 'answer', 'callout', 'alerting', 'answer', 'disconnect']);
      assert.ok(end(heldSid).at - termAt >= DRAIN_S * 1000 - 200, `the held call was given the drain timeout (ended after ${end(heldSid).at - termAt} ms)`);
      assert.deepEqual([cdrs(heldSid).length, cdrs(ringingSid).length], [1, 1]);
    });

    test('a second SIGTERM while it drains exits at once, leaving the call to the restart or another node', async () => {
      const store = await sharedStoreEnv(b.name === 'postgres' ? PG_URL : undefined);
      after(async () => {
        await killAllNodes();
        await store.cleanup();
      });
      const node = await startNodeProcess({
        ...store.env, VOXCALL_PORT: '0', VOXCALL_NODE_ID: 'drain-2', VOXCALL_DRAIN_TIMEOUT_S: '600',
        VOXCALL_DEMO_APP_KEY: KEY, VOXCALL_DEMO_APP_SECRET: SECRET, VOXCALL_LOG_LEVEL: 'warn',
      });
      const client = new VoxcallClient({ baseUrl: node.url, appKey: KEY, appSecret: SECRET });
      after(() => client.close());
      const res = await client.click2Call({ displayNbr: '+8675528000001', callerNbr: HOLDS, displayCalleeNbr: '+8675528000002', calleeNbr: HOLDS } as never);
      assert.equal(res.body.resultcode, '0', JSON.stringify(res.body));
      const held = { at: Date.now() };
      node.child.kill('SIGTERM');
      let ready = await getJson(`${node.url}/ready`);
      while (ready.status === 200 && Date.now() - held.at < 5000) ready = await getJson(`${node.url}/ready`);
      assert.equal(ready.status, 503);
      const secondAt = Date.now();
      node.child.kill('SIGTERM');
      assert.equal(await node.exited, 1);
      assert.ok(Date.now() - secondAt < 5000, 'it did not wait for the 600 s drain');
    });
  });
}

test('VOXCALL_DRAIN_TIMEOUT_S: 30 s by default, seconds from 0 to 3600, anything else refused', () => {
  assert.equal(drainTimeoutMs({}), 30_000);
  assert.equal(drainTimeoutMs({ VOXCALL_DRAIN_TIMEOUT_S: '0' }), 0);
  assert.equal(drainTimeoutMs({ VOXCALL_DRAIN_TIMEOUT_S: '2.5' }), 2500);
  for (const bad of ['-1', 'abc', '3601', '1e3']) {
    assert.throws(() => drainTimeoutMs({ VOXCALL_DRAIN_TIMEOUT_S: bad }), /VOXCALL_DRAIN_TIMEOUT_S must be a number of seconds from 0 to 3600/);
  }
});

describe('readiness', () => {
  test('ready while the store answers; a probe that fails or hangs past the timeout is not ready', async () => {
    const wall = new ManualClock();
    let probe: () => Promise<unknown> = async () => [];
    const r = createReadiness({ probe: () => probe(), wall, timeoutMs: 50, cacheMs: 1000 });
    assert.deepEqual(await r.check(), { ready: true });
    probe = () => Promise.reject(new Error('connect ECONNREFUSED'));
    await wall.advance(1000);
    assert.deepEqual(await r.check(), { ready: false, reason: 'the store is unreachable: connect ECONNREFUSED' });
    probe = () => new Promise(() => {});
    await wall.advance(1000);
    assert.deepEqual(await r.check(), { ready: false, reason: 'the store did not answer within 50 ms' });
  });

  test('one probe a second, however many checks; probes at once share one', async () => {
    const wall = new ManualClock();
    let probes = 0;
    const r = createReadiness({ probe: async () => probes++, wall, cacheMs: 1000 });
    await Promise.all([r.check(), r.check(), r.check()]);
    assert.equal(probes, 1);
    await wall.advance(999);
    await r.check();
    assert.equal(probes, 1);
    await wall.advance(1);
    await r.check();
    assert.equal(probes, 2);
  });

  test('draining is not ready, for good, without asking the store', async () => {
    let probes = 0;
    const r = createReadiness({ probe: async () => probes++, wall: new ManualClock() });
    r.drain();
    assert.deepEqual(await r.check(), { ready: false, reason: 'draining: the node is shutting down' });
    assert.equal(r.draining, true);
    assert.equal(probes, 0);
  });
});
