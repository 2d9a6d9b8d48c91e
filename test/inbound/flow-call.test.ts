// An inbound call end to end on the simulated network: a simulated caller dials an app's number
// whose route runs a flow; the caller presses a key after the prompt; the call is recorded as an
// inbound call (direction 1) with its walk and digits, and its pushes reach the app's URLs.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { usePlatform } from '../helpers/platform.js';
import { admin } from '../manage/helpers.js';

const ctx = usePlatform();
const call = admin(() => ctx.t);
const NUMBER = '+8675528000001';
const CALLER = '+8613812345678';
const MENU = {
  start: 'menu',
  nodes: [
    { id: 'menu', type: 'gather', prompt: [{ say: 'press 1 for sales' }], maxDigits: 1, branches: { 1: 'sales' }, default: 'bye' },
    { id: 'sales', type: 'say', text: 'sales it is', next: 'bye' },
    { id: 'bye', type: 'hangup' },
  ],
};

test('an inbound call runs the number\'s flow: digits collected, recorded as inbound, pushed', async () => {
  const app = ctx.t.platform.demo.appKey;
  assert.equal((await call('PATCH', `/v1/apps/${app}`, { statusUrl: `${ctx.rx.url}/status`, feeUrl: `${ctx.rx.url}/fee` })).status, 200);
  assert.equal((await call('POST', `/v1/apps/${app}/flows`, { id: 'menu', flow: MENU })).status, 201);
  assert.equal((await call('PUT', `/v1/apps/${app}/numbers/${encodeURIComponent(NUMBER)}/inbound`, { type: 'flow', flowId: 'menu' })).status, 200);
  for (const format of ['vsp', 'robot']) {
    const sub = await call('POST', `/v1/apps/${app}/subscriptions`, { url: `${ctx.rx.url}/${format}`, format });
    assert.equal(sub.status, 201, JSON.stringify(sub.body));
  }
  ctx.rx.respond((req) => ({ status: 200, body: req.path === '/robot' ? 'success' : '{"resultcode":"0"}' }));

  const placed = await call('POST', '/v1/simulator/calls', { from: CALLER, to: NUMBER, digits: ['1'] });
  assert.equal(placed.status, 201, JSON.stringify(placed.body));
  assert.equal(placed.body.accepted, true);
  const sessionId = placed.body.sessionId as string;
  await ctx.t.run(60_000);
  await ctx.t.platform.engine.idle();

  const shown = (await call('GET', `/v1/calls/${encodeURIComponent(sessionId)}`)).body;
  assert.equal(shown.call.kind, 'inbound');
  assert.equal(shown.call.state, 'ended');
  assert.equal(shown.call.outcome, 'answered');
  assert.deepEqual(shown.digits, ['1']);
  assert.deepEqual(shown.events.map((e: any) => [e.type, e.leg]), [['answer', 'A'], ['collectInfo', 'A'], ['disconnect', 'A']]);
  assert.equal(shown.legs[0].number, NUMBER);
  const stored = await ctx.t.platform.store.calls.get(sessionId);
  assert.equal(stored?.record?.direction, 1);
  assert.equal(stored?.record?.bindNum, NUMBER);
  assert.equal(stored?.record?.callerNum, CALLER);
  assert.deepEqual(stored?.record?.dialog?.steps.map((s) => [s.node, s.digits]), [['menu', '1'], ['sales', undefined], ['bye', undefined]]);

  await ctx.rx.until((all) => all.some((p) => p.path === '/fee' && p.body.feeLst?.some((f: any) => f.sessionId === sessionId)));
  await ctx.rx.until((all) => all.some((p) => p.path === '/status' && p.body.statusInfo?.sessionId === sessionId && p.body.eventType === 'disconnect'));
  const status = ctx.rx.on('/status').filter((p) => p.body.statusInfo.sessionId === sessionId);
  // No callout or alerting: the platform placed no leg; the caller is the calling party, called the app's number.
  assert.deepEqual(status.map((p) => [p.body.eventType, p.body.statusInfo.caller ?? p.body.statusInfo.digitInfo, p.body.statusInfo.called]), [
    ['answer', CALLER, NUMBER], ['collectInfo', '1', undefined], ['disconnect', CALLER, NUMBER],
  ]);
  const fee = ctx.rx.on('/fee').flatMap((p) => p.body.feeLst).find((f: any) => f.sessionId === sessionId);
  assert.equal(fee.direction, 1);
  assert.equal(fee.bindNum, NUMBER);
  assert.equal(fee.callerNum, CALLER);

  // vsp: callin for the caller's answer, collectInfo, disconnect; the CDR inbound (cdrType 2).
  await ctx.rx.until((all) => all.filter((p) => p.path === '/vsp' && JSON.stringify(p.body).includes(sessionId)).length >= 4);
  const vsp = ctx.rx.on('/vsp').map((p) => p.body).filter((b) => JSON.stringify(b).includes(sessionId));
  const vspStatus = vsp.filter((b) => b.eventType !== undefined);
  assert.deepEqual(vspStatus.map((b) => [b.eventType, b.party, b.phoneNoX]), [[6, 1, '075528000001'], [5, 1, '075528000001'], [4, 1, '075528000001']]);
  const cdr = JSON.stringify(vsp.find((b) => b.eventType === undefined));
  assert.match(cdr, /"cdrType":2/);
  // robot: one record, direction 1, robot_id the flow, no task or dial fields.
  await ctx.rx.until((all) => all.some((p) => p.path === '/robot' && JSON.stringify(p.body).includes(sessionId)));
  const robot = JSON.stringify(ctx.rx.on('/robot').find((p) => JSON.stringify(p.body).includes(sessionId))!.body);
  assert.match(robot, /"direction":1/);
  assert.match(robot, /"robot_id":"menu"/);
  assert.doesNotMatch(robot, /task_|time_dial|time_ring/);
});
