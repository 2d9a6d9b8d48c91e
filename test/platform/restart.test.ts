// A restart over a data directory with a call a previous run left in progress: the call is ended
// through the engine like any other (CallEngine.recover), so it gets its `call.ended` line and is
// counted in the call metrics, and its pushes (a disconnect 8000 and a CDR) are delivered.
// Two platforms in this process on the same data directory stand in for the crash: the first is
// closed with the call still talking on a network that dies with it (a crash sends no hangups; a
// graceful close would end the call), the second finds it unfinished.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { request } from 'undici';
import { encodeUrlParam } from '../../src/client/index.js';
import { createLogger } from '../../src/platform/logger.js';
import { SimulatedNetwork } from '../../src/network/simulated/index.js';
import type { Network } from '../../src/network/types.js';
import { DEMO_NUMBERS } from '../../src/platform/seed.js';
import { feeItems } from '../helpers/expect.js';
import { LogCapture } from '../helpers/log-capture.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { Receiver } from '../helpers/receiver.js';
import { parse, value } from '../metrics/exposition.js';

const NEVER_HANGS_UP = '+8613900000009';

/** The network as a crash leaves it: gone, with no signal to the calls it carried. */
function diesSilently(network: Network): Network {
  return new Proxy(network, {
    get(target, key) {
      if (key === 'close') return () => Promise.resolve();
      const v = Reflect.get(target, key, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

async function metrics(t: TestPlatform) {
  const res = await request(`${t.platform.url}/metrics`, { headers: { authorization: `Bearer ${t.platform.adminToken}` } });
  const text = await res.body.text();
  assert.equal(res.statusCode, 200, text);
  return parse(text);
}

test('a call cut short by a restart: call.ended logged, counted as failed, its disconnect and CDR pushed', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'voxcall-restart-'));
  const rx = await new Receiver().start();
  let second: TestPlatform | undefined;
  try {
    // One node id for both runs: a restart of the same node ends its calls (docs/cluster.md).
    const env = { VOXCALL_NODE_ID: 'restart-node' };
    const first = await startTestPlatform({ dataDir, env, network: (clock) => diesSilently(new SimulatedNetwork({ clock })) });
    const placed = await first.client.click2Call({
      displayNbr: DEMO_NUMBERS[0]!, callerNbr: NEVER_HANGS_UP, displayCalleeNbr: DEMO_NUMBERS[1]!, calleeNbr: NEVER_HANGS_UP,
      statusUrl: encodeUrlParam(`${rx.url}/status`), feeUrl: encodeUrlParam(`${rx.url}/fee`),
    } as never);
    assert.equal(placed.body.resultcode, '0', JSON.stringify(placed.body));
    const sessionId = placed.body.sessionId as string;
    await first.run(30_000);
    assert.equal(first.platform.engine.active(), 1, 'both legs talk, nothing ends them');
    await first.close();

    const log = new LogCapture();
    second = await startTestPlatform({ dataDir, env, logger: createLogger({ level: 'info', destination: log }) });
    assert.equal(second.platform.recovered, 1);
    const ended = await log.waitFor('call.ended', (l) => l.event === 'call.ended' && l.sessionId === sessionId);
    assert.deepEqual(
      [ended.level, ended.kind, ended.outcome, ended.stateCode, ended.app],
      ['info', 'callback', 'failed', 8000, second.platform.demo.appKey],
    );

    const m = await metrics(second);
    assert.equal(value(m, 'voxcall_calls_failed_total', { kind: 'callback', outcome: 'failed' }), 1);
    assert.equal(value(m, 'voxcall_calls_in_progress', { kind: 'callback' }), 0, 'never started here, never ended here');

    // CDRs wait a moment for the others of the same second (a batch): the clock moves past it.
    await second.run(60_000);
    await rx.until(() => feeItems(rx).some((f) => f.sessionId === sessionId));
    const disconnect = rx.on('/status').find((p) => p.body.eventType === 'disconnect' && p.body.statusInfo.sessionId === sessionId);
    assert.equal(disconnect?.body.statusInfo.stateCode, 8000);
  } finally {
    await second?.close();
    await rx.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
