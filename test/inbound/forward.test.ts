// A forward route end to end: the caller is answered, the forwarded number rings (the caller hears
// the wait voice, then the ringback), both are bridged and the talk is recorded; the record has
// both legs and its recording, which the recording link serves.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { usePlatform } from '../helpers/platform.js';
import { admin } from '../manage/helpers.js';
import { POINT, STATE } from '../../src/calls/state-codes.js';

const ctx = usePlatform();
const call = admin(() => ctx.t);
const NUMBER = '+8675528000002';
const CALLER = '+8613855556666';
const ANSWERS = '+8613900000001'; // answers at 2 s, talks 20 s
const BUSY = '+8613900000002';
const NEVER_ANSWERS = '+8613900000003'; // rings, never answers

test('a recorded forward: bridged, recorded, both legs in the record, the recording downloadable', async () => {
  const app = ctx.t.platform.demo.appKey;
  const path = `/v1/apps/${app}/numbers/${encodeURIComponent(NUMBER)}/inbound`;
  assert.equal((await call('PUT', path, { type: 'forward', to: ANSWERS, record: true, display: 'number' })).status, 200);
  const placed = await call('POST', '/v1/simulator/calls', { from: CALLER, to: NUMBER });
  assert.equal(placed.body.accepted, true, JSON.stringify(placed.body));
  await ctx.t.run(60_000);
  await ctx.t.platform.engine.idle();
  const d = (await call('GET', `/v1/calls/${encodeURIComponent(placed.body.sessionId)}`)).body;
  assert.equal(d.call.outcome, 'answered');
  assert.deepEqual(d.events.map((e: any) => [e.type, e.leg]), [['answer', 'A'], ['callout', 'B'], ['alerting', 'B'], ['answer', 'B'], ['disconnect', 'B']]);
  assert.equal(d.record.fwdDstNum, ANSWERS);
  assert.equal(d.record.fwdDisplayNum, NUMBER);
  assert.equal(d.record.direction, 1);
  assert.ok(d.recording, 'recorded');
  assert.equal(new Date(d.recording.endAt).getTime() - new Date(d.recording.startAt).getTime(), 20_000);
  const link = String(d.recording.link);
  const res = await request(link.startsWith('/') ? ctx.t.platform.url + link : link, { maxRedirections: 0 } as never);
  const wav = Buffer.from(await res.body.arrayBuffer());
  assert.equal(res.statusCode, 200);
  assert.equal(wav.subarray(0, 4).toString(), 'RIFF');
});

test("a forward to a busy number: the call's outcome is B's busy, with a callback's B codes, and B's leg carries the failure", async () => {
  const app = ctx.t.platform.demo.appKey;
  assert.equal((await call('PUT', `/v1/apps/${app}/numbers/${encodeURIComponent(NUMBER)}/inbound`, { type: 'forward', to: BUSY })).status, 200);
  const placed = await call('POST', '/v1/simulator/calls', { from: CALLER, to: NUMBER });
  await ctx.t.run(60_000);
  await ctx.t.platform.engine.idle();
  const d = (await call('GET', `/v1/calls/${encodeURIComponent(placed.body.sessionId)}`)).body;
  assert.equal(d.legs[1].q850, 17);
  assert.equal(d.record.dialog.steps[0].transfer, 'busy');
  assert.equal(d.record.dialog.end, 'unanswered');
  assert.equal(d.call.outcome, 'busy');
  assert.equal(d.record.outcome, 'busy');
  assert.equal(d.record.forward, true);
  assert.equal(d.call.stateCode, 8102);
  assert.equal(d.call.talkSeconds, 0);
  assert.equal(d.hangup.outcome, 'busy');
  assert.equal(d.hangup.partyType, 'callee');
  assert.equal(d.recording, undefined);
});

test('a forward whose caller hangs up while B rings: cancelled, as a callback whose A hangs up while B rings', async () => {
  const app = ctx.t.platform.demo.appKey;
  assert.equal((await call('PUT', `/v1/apps/${app}/numbers/${encodeURIComponent(NUMBER)}/inbound`, { type: 'forward', to: NEVER_ANSWERS })).status, 200);
  const placed = await call('POST', '/v1/simulator/calls', { from: CALLER, to: NUMBER, hangupAfterS: 5 });
  await ctx.t.run(60_000);
  await ctx.t.platform.engine.idle();
  const d = (await call('GET', `/v1/calls/${encodeURIComponent(placed.body.sessionId)}`)).body;
  assert.equal(d.legs[1].answerAt, undefined);
  assert.deepEqual([d.call.outcome, d.hangup.partyType, d.call.talkSeconds], ['cancelled', 'caller', 0]);
  assert.deepEqual([d.record.stateCode, d.record.ulFailReason], [STATE.callerHungUpBeforeAnswer, POINT.callerHungUpWhileRemoteRinging]);
});
