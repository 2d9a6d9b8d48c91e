// A flow call end to end: the docs example stored through the management API, placed as a test
// call, walked on the simulated network; its walk in the call view and in the pull feed's record,
// and the robot record pushed to a real receiver with robot_id = the flow id and exactly the
// document's fields.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { signedHeaders } from '../../src/client/sign.js';
import { docsExample, EXAMPLE_VARIABLES } from '../calls/flow-example.js';
import { usePlatform } from '../helpers/platform.js';

const ADMIN = 'flow-e2e-admin-token';
const PRESSES = '+8613900000008'; // answers, presses "1" then "2"
const ctx = usePlatform({ env: { VOXCALL_ADMIN_TOKEN: ADMIN } });

async function manage(method: string, path: string, body?: unknown) {
  const res = await request(`${ctx.t.platform.url}/v1${path}`, {
    method: method as 'GET',
    headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text ? (JSON.parse(text) as any) : undefined };
}

const ROBOT_FIELDS = [
  'business_id', 'app_id', 'robot_id', 'call_uuid', 'caller', 'callee', 'direction', 'time_dial', 'time_ring', 'time_answer', 'time_hangup',
  'duration_ring', 'duration_call', 'task_result', 'task_result_desc',
];

test('a flow test call: refused without its variables, then walked; the dialog in the call view and the feed, robot_id in the robot record', async () => {
  const { t, rx } = ctx;
  const appKey = t.platform.demo.appKey;
  rx.respond((req) => (req.path === '/robot' ? { status: 200, body: 'success' } : { status: 200, body: '{"resultcode":"0"}' }));
  const sub = await manage('POST', `/apps/${appKey}/subscriptions`, { url: `${rx.url}/robot`, format: 'robot', receives: 'records' });
  assert.equal(sub.status, 201, JSON.stringify(sub.body));
  const created = await manage('POST', `/apps/${appKey}/flows`, { flow: docsExample(), id: 'parcel', name: 'Parcel notice' });
  assert.equal(created.status, 201, JSON.stringify(created.body));

  // Refusals before admission: each says what is wrong, nothing is placed.
  const missing = await manage('POST', `/apps/${appKey}/calls`, { kind: 'flow', flow: 'parcel', callee: PRESSES, variables: { count: '3', place: 'gate' } });
  assert.deepEqual([missing.status, missing.body.error.code], [400, 'VX.INVALID']);
  assert.match(missing.body.error.message, /variables\.name is required: node "menu"/);
  const tooLong = await manage('POST', `/apps/${appKey}/calls`, { kind: 'flow', flow: 'parcel', callee: PRESSES, variables: { ...EXAMPLE_VARIABLES, count: '123' } });
  assert.deepEqual([tooLong.status, tooLong.body.error.code], [400, 'VX.INVALID']);
  assert.match(tooLong.body.error.message, /variables\.count: .*longer than 2 characters/);
  const unknown = await manage('POST', `/apps/${appKey}/calls`, { kind: 'flow', flow: 'nope', callee: PRESSES, variables: EXAMPLE_VARIABLES });
  assert.deepEqual([unknown.status, unknown.body.error.code], [404, 'VX.NOT_FOUND']);
  const noVersion = await manage('POST', `/apps/${appKey}/calls`, { kind: 'flow', flow: 'parcel', flowVersion: 2, callee: PRESSES, variables: EXAMPLE_VARIABLES });
  assert.equal(noVersion.status, 404);
  const noFlow = await manage('POST', `/apps/${appKey}/calls`, { kind: 'flow', callee: PRESSES });
  assert.deepEqual([noFlow.status, noFlow.body.error.code], [400, 'VX.INVALID']);
  // The same admission as every call: a display number not of the app is refused with the reference's code.
  const foreign = await manage('POST', `/apps/${appKey}/calls`, { kind: 'flow', flow: 'parcel', callee: PRESSES, display: '+8675599999999', variables: EXAMPLE_VARIABLES });
  assert.deepEqual([foreign.status, foreign.body.error.code], [403, '1010023']);
  assert.match(foreign.body.error.message, /not a number of this app/);

  const placed = await manage('POST', `/apps/${appKey}/calls`, { kind: 'flow', flow: 'parcel', callee: PRESSES, variables: EXAMPLE_VARIABLES, userData: 'flow-e2e' });
  assert.equal(placed.status, 201, JSON.stringify(placed.body));
  assert.equal(placed.body.kind, 'flow');
  const sessionId = placed.body.sessionId as string;

  await t.run(300_000);
  await rx.until((all) => all.some((r) => r.path === '/robot' && r.body?.call_uuid === sessionId));

  const view = await manage('GET', `/calls/${encodeURIComponent(sessionId)}`);
  assert.equal(view.status, 200);
  assert.equal(view.body.call.kind, 'flow');
  const dialog = view.body.dialog;
  assert.deepEqual([dialog.flowId, dialog.flowVersion, dialog.tag, dialog.variables, dialog.end], ['parcel', 1, 'confirmed', { slot: 'afternoon' }, 'hangup']);
  assert.deepEqual(dialog.input, EXAMPLE_VARIABLES);
  assert.deepEqual(dialog.steps.map((s: any) => [s.node, s.type, s.digits ?? null]), [
    ['hello', 'play', null], ['notice', 'say', null], ['menu', 'gather', '1'], ['when', 'gather', '2'], ['afternoon', 'set', null], ['thanks', 'say', null], ['end', 'hangup', null],
  ]);
  // The callee answers 2 s after the dial.
  assert.equal(dialog.steps[0].at, '2026-11-23T02:00:02.000Z');
  assert.deepEqual(view.body.digits, ['1', '2']);
  assert.deepEqual(view.body.record.dialog.steps.length, 7);
  assert.deepEqual([view.body.hangup.stateCode, view.body.hangup.partyType], [0, 'platform']);

  const listed = await manage('GET', `/calls?appKey=${appKey}&kind=flow`);
  assert.deepEqual(listed.body.calls.map((c: any) => c.sessionId), [sessionId]);

  const robot = rx.on('/robot').filter((r) => r.body?.call_uuid === sessionId);
  assert.equal(robot.length, 1, 'one basic record: a test call has no task');
  assert.deepEqual(Object.keys(robot[0]!.body).filter((k) => k !== 'call_relation_id').sort(), [...ROBOT_FIELDS].sort());
  // The robot document writes numbers without the country code.
  assert.deepEqual([robot[0]!.body.robot_id, robot[0]!.body.callee, robot[0]!.body.call_relation_id], ['parcel', '13900000008', 'flow-e2e']);

  // voxcall's own record (the pull feed) carries the walk.
  const feed = await request(`${t.platform.url}/rest/voxcall/v1/records?limit=500`, { headers: signedHeaders(appKey, t.platform.demo.appSecret, Date.now(), 'beijing') });
  const entries = ((await feed.body.json()) as any).records as any[];
  const rec = entries.find((e) => e.type === 'record' && e.sessionId === sessionId);
  assert.ok(rec, 'the record is in the feed');
  assert.deepEqual([rec.record.dialog.tag, rec.record.dialog.end, rec.record.dialog.steps.length], ['confirmed', 'hangup', 7]);
});
