// POST /v1/simulator/calls and `voxcall simulate call`: a simulated caller dials the platform.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Clock } from '../../src/lib/clock.js';
import { SimulatedNetwork } from '../../src/network/simulated/index.js';
import type { Network } from '../../src/network/types.js';
import { cliOf } from '../helpers/cli.js';
import { startTestPlatform, usePlatform } from '../helpers/platform.js';
import { admin } from '../manage/helpers.js';

const ctx = usePlatform();
const call = admin(() => ctx.t);
const { voxcall, ok } = cliOf(() => ctx.t);

test('a call to a number no app owns is refused with Q.850 1', async () => {
  const r = await call('POST', '/v1/simulator/calls', { from: '+8613800000001', to: '+8675599999999' });
  assert.equal(r.status, 201);
  assert.equal(r.body.accepted, false);
  assert.equal(r.body.q850, 1);
});

test('bad bodies are refused with VX.INVALID, naming the field', async () => {
  for (const body of [{ from: '+8613800000001' }, { from: 'x', to: '+8675500000001' }, { from: '+8613800000001', to: '+8675500000001', digits: ['1a'] }, { from: '+8613800000001', to: '+8675500000001', extra: 1 }]) {
    const r = await call('POST', '/v1/simulator/calls', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.body.error.code, 'VX.INVALID');
  }
});

test('voxcall simulate call: prints the answer; bad digits are refused before any request', async () => {
  const out = JSON.parse(await ok(['--json', 'simulate', 'call', '--from', '+8613800000001', '--to', '+8675599999999', '--digits', '1,2#', '--hangup-after-s', '5'])) as { accepted: boolean; q850: number; sessionId: string };
  assert.deepEqual([out.accepted, out.q850], [false, 1]);
  assert.match(await ok(['calls', 'show', out.sessionId]), /kind\s+inbound/);
  const bad = await voxcall(['simulate', 'call', '--from', '+8613800000001', '--to', '+8675500000001', '--digits', '1x']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /keys 0-9, \* and #/);
});

test('on another network than the simulated one the route is refused with VX.NOT_SIMULATED', async (t) => {
  // Any network that is not the simulated one (the SIP network in production).
  const other = (clock: Clock): Network => {
    const sim = new SimulatedNetwork({ clock });
    return {
      start: () => sim.start(), close: () => sim.close(), health: () => sim.health(), onInbound: (h) => sim.onInbound(h),
      dial: (r, s) => sim.dial(r, s), bridge: (a, b) => sim.bridge(a, b), record: (a, b, o) => sim.record(a, b, o),
    };
  };
  const sip = await startTestPlatform({ network: (clock) => other(clock) });
  t.after(() => sip.close());
  const r = await admin(() => sip)('POST', '/v1/simulator/calls', { from: '+8613800000001', to: '+8675500000001' });
  assert.equal(r.status, 409);
  assert.equal(r.body.error.code, 'VX.NOT_SIMULATED');
  assert.match(r.body.error.message, /SIP network/);
});
