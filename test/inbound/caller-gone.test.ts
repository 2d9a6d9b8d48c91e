// A simulated caller who gives up while the app's URL is asked (cancelAfterS: SIP's CANCEL): the
// platform takes the call when the URL answers, but the caller is gone, so the call is never
// answered and is recorded no_answer with only its disconnect pushed, as the SIP network records
// it (test/sip-e2e/inbound.test.ts, "a CANCEL while the app's URL is asked"; docs/inbound.md).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { usePlatform } from '../helpers/platform.js';
import { admin } from '../manage/helpers.js';

const ctx = usePlatform();
const call = admin(() => ctx.t);
const NUMBER = '+8675528000001';
const CALLER = '+8613812340001';
const GOODBYE = { start: 'bye', nodes: [{ id: 'bye', type: 'say', text: 'goodbye' }] };

test('a caller gone before the URL answered: the call is taken, never answered, recorded no_answer, only disconnect pushed', async () => {
  const app = ctx.t.platform.demo.appKey;
  assert.equal((await call('PATCH', `/v1/apps/${app}`, { statusUrl: `${ctx.rx.url}/status`, feeUrl: `${ctx.rx.url}/fee` })).status, 200);
  const routed = await call('PUT', `/v1/apps/${app}/numbers/${encodeURIComponent(NUMBER)}/inbound`, { type: 'url', url: `${ctx.rx.url}/inbound`, timeoutMs: 5000, fallback: { type: 'reject', reason: 'fallback' } });
  assert.equal(routed.status, 200, JSON.stringify(routed.body));
  let asked: () => void = () => undefined;
  const wasAsked = new Promise<void>((r) => { asked = r; });
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => { release = r; });
  ctx.rx.respond(async (req) => {
    if (req.path !== '/inbound') return { status: 200, body: '{"resultcode":"0"}' };
    asked();
    await held;
    return { status: 200, body: JSON.stringify({ type: 'flow', flow: GOODBYE }) };
  });

  const placing = call('POST', '/v1/simulator/calls', { from: CALLER, to: NUMBER, cancelAfterS: 1 });
  await wasAsked;
  await ctx.t.clock.advance(1000); // the caller gives up while the URL is still asked
  release();
  const placed = await placing;
  assert.equal(placed.status, 201, JSON.stringify(placed.body));
  const sessionId = placed.body.sessionId as string;
  assert.deepEqual(placed.body, { accepted: true, sessionId, callerGone: true });
  await ctx.t.run(60_000);
  await ctx.t.platform.engine.idle();

  const shown = (await call('GET', `/v1/calls/${encodeURIComponent(sessionId)}`)).body;
  assert.deepEqual([shown.call.kind, shown.call.state, shown.call.outcome, shown.call.talkSeconds], ['inbound', 'ended', 'no_answer', 0], JSON.stringify(shown));
  // The codes of an unanswered leg A (outcomes.ts, no_answer: 8101, the platform's ring timeout).
  assert.deepEqual([shown.call.stateCode, shown.hangup.partyType], [8101, 'platform']);
  assert.deepEqual(shown.events.map((e: any) => e.type), ['disconnect']);
  assert.equal(shown.record.legA.answerAt, undefined);
  assert.equal(shown.record.dialog.end, 'unanswered');
  assert.deepEqual(shown.record.dialog.steps, []);

  await ctx.rx.until((all) => all.some((p) => p.path === '/status' && p.body.statusInfo?.sessionId === sessionId && p.body.eventType === 'disconnect'));
  await ctx.rx.until((all) => all.some((p) => p.path === '/fee' && p.body.feeLst?.some((f: any) => f.sessionId === sessionId)));
  const status = ctx.rx.on('/status').filter((p) => p.body.statusInfo?.sessionId === sessionId);
  assert.deepEqual(status.map((p) => p.body.eventType), ['disconnect']);
});

test('a caller who gives up after the platform took the call is answered as usual', async () => {
  ctx.rx.respond((req) => (req.path === '/inbound'
    ? { status: 200, body: JSON.stringify({ type: 'flow', flow: GOODBYE }) }
    : { status: 200, body: '{"resultcode":"0"}' }));
  const placed = await call('POST', '/v1/simulator/calls', { from: CALLER, to: NUMBER, cancelAfterS: 1 });
  assert.deepEqual(placed.body, { accepted: true, sessionId: placed.body.sessionId });
  await ctx.t.run(60_000);
  await ctx.t.platform.engine.idle();
  const shown = (await call('GET', `/v1/calls/${encodeURIComponent(placed.body.sessionId)}`)).body;
  assert.equal(shown.call.outcome, 'answered');
  assert.deepEqual(shown.events.map((e: any) => e.type), ['answer', 'disconnect']);
});
