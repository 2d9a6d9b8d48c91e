import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../src/lib/clock.js';
import { SimulatedNetwork } from '../../src/network/simulated/index.js';
import type { InboundOffer, LegSignal, NetworkLeg } from '../../src/network/types.js';

function rig() {
  const clock = new ManualClock(0);
  const net = new SimulatedNetwork({ clock, trace: true });
  void net.start();
  return { clock, net };
}

test('an accepted simulated call answers at once, presses its digits at a collection and hangs up after n s', async () => {
  const { clock, net } = rig();
  const signals: LegSignal[] = [];
  let offered: InboundOffer | undefined;
  let leg: NetworkLeg | undefined;
  net.onInbound((o) => {
    offered = o;
    leg = o.accept((s) => signals.push(s), 'call-1');
  });
  const placed = await net.placeInbound({ from: '+8613800000001', to: '+8675500000001', digits: ['12'], hangupAfterS: 10 });
  assert.deepEqual(placed, { accepted: true, sessionId: 'call-1' });
  assert.equal(offered?.from, '+8613800000001');
  assert.equal(offered?.to, '+8675500000001');
  assert.equal(leg?.number, '+8613800000001');
  assert.equal(net.health().openLegs, 1);
  await clock.advance(0);
  assert.equal(signals.at(-1)?.type, 'answer');
  await leg!.collect({ maxDigits: 2, timeoutMs: 5000 });
  await clock.advance(20_000);
  assert.deepEqual(signals.filter((s) => s.type !== 'alerting').map((s) => [s.type, s.at, 'digits' in s ? s.digits : 'digit' in s ? s.digit : '']), [
    ['answer', 0, ''], ['dtmf', 1000, '1'], ['dtmf', 1000, '2'], ['digits', 1000, '12'], ['hangup', 10_000, ''],
  ]);
  assert.equal(net.health().openLegs, 0);
});

test('a refused simulated call reports the cause and the call it was recorded as', async () => {
  const { net } = rig();
  net.onInbound((o) => o.reject(1, 'refused-1'));
  assert.deepEqual(await net.placeInbound({ from: '+1', to: '+2' }), { accepted: false, q850: 1, sessionId: 'refused-1' });
});

test('without an inbound handler, or before start, a simulated call is refused with 21', async () => {
  const clock = new ManualClock(0);
  const net = new SimulatedNetwork({ clock });
  net.onInbound((o) => o.accept(() => undefined));
  assert.deepEqual(await net.placeInbound({ from: '+1', to: '+2' }), { accepted: false, q850: 21 });
  const started = rig();
  assert.deepEqual(await started.net.placeInbound({ from: '+1', to: '+2' }), { accepted: false, q850: 21 });
});

test('a handler that decides nothing: the caller is refused with 19 at 32 s', async () => {
  const { clock, net } = rig();
  net.onInbound(() => undefined);
  const placed = net.placeInbound({ from: '+1', to: '+2' });
  await clock.advance(32_000);
  assert.deepEqual(await placed, { accepted: false, q850: 19 });
});

test('a caller that never hangs up stays until the platform releases, and close hangs it up', async () => {
  const { clock, net } = rig();
  const signals: LegSignal[] = [];
  net.onInbound((o) => o.accept((s) => signals.push(s)));
  const placed = await net.placeInbound({ from: '+1', to: '+2' });
  assert.equal(placed.accepted, true);
  await clock.advance(3_600_000);
  assert.equal(signals.at(-1)?.type, 'answer');
  await net.close();
  assert.deepEqual(signals.at(-1), { type: 'hangup', at: 3_600_000, q850: 41, by: 'network' });
});

// As the SIP network's InboundLeg.gone() (test/network/sip-inbound-settled.test.ts): a leg taken
// once the offer is over never answers; it fails no_answer on the next turn of the clock.
test('accept() after the caller gave up (cancelAfterS): no answer ever, the leg fails no_answer', async () => {
  const { clock, net } = rig();
  const signals: LegSignal[] = [];
  let offered: InboundOffer | undefined;
  net.onInbound((o) => { offered = o; });
  const placed = net.placeInbound({ from: '+1', to: '+2', cancelAfterS: 2, hangupAfterS: 5 });
  await clock.advance(2000);
  offered!.accept((s) => signals.push(s), 'gone-1');
  assert.equal(signals.length, 0, 'not inside accept()');
  assert.deepEqual(await placed, { accepted: true, sessionId: 'gone-1', callerGone: true });
  await clock.advance(60_000);
  assert.deepEqual(signals.map((s) => [s.type, s.at, s.type === 'failed' ? s.failure : '']), [['failed', 2000, 'no_answer']]);
  assert.equal(net.health().openLegs, 0);
});

test('accept() after the offer was refused as undecided (19 at 32 s): the leg fails no_answer', async () => {
  const { clock, net } = rig();
  const signals: LegSignal[] = [];
  let offered: InboundOffer | undefined;
  net.onInbound((o) => { offered = o; });
  const placed = net.placeInbound({ from: '+1', to: '+2' });
  await clock.advance(32_000);
  assert.deepEqual(await placed, { accepted: false, q850: 19 });
  offered!.accept((s) => signals.push(s));
  await clock.advance(60_000);
  assert.deepEqual(signals.map((s) => [s.type, s.type === 'failed' ? s.failure : '']), [['failed', 'no_answer']]);
});

test('a caller whose call is taken before cancelAfterS is answered and stays', async () => {
  const { clock, net } = rig();
  const signals: LegSignal[] = [];
  net.onInbound((o) => o.accept((s) => signals.push(s)));
  assert.equal((await net.placeInbound({ from: '+1', to: '+2', cancelAfterS: 1 })).accepted, true);
  await clock.advance(10_000);
  assert.deepEqual(signals.filter((s) => s.type !== 'alerting').map((s) => s.type), ['answer']);
});
