import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Visits } from '../../src/calls/flow/visits.js';
import type { FlowDefinition } from '../../src/domain/flow.js';
import { harness, n } from './helpers.js';
import { flowCall } from './flow-example.js';

const flow: FlowDefinition = {
  start: 'a',
  nodes: [
    { id: 'a', type: 'set', tag: 'a', maxVisits: 2, onMaxVisits: 'b', next: 'a' },
    { id: 'b', type: 'set', tag: 'b', maxVisits: 1, onMaxVisits: 'c', next: 'a' },
    { id: 'c', type: 'hangup' },
  ],
};

test('visits: a node entered maxVisits times sends the call to its onMaxVisits, once; then it is used up', () => {
  const v = new Visits(flow);
  assert.deepEqual([v.enter('a').node?.id, v.enter('a').node?.id], ['a', 'a']);
  assert.deepEqual(v.enter('a'), { node: flow.nodes[1], redirectedFrom: 'a' });
  // a and its onMaxVisits b are both used up: no chain to b's onMaxVisits c.
  assert.deepEqual(v.enter('a'), { exhausted: 'a' });
  assert.equal(v.enter('c').node?.id, 'c');
});

test('flow: a loop of set nodes ends when its visits are used up (maxVisits), with the last tag', async () => {
  const h = harness();
  h.engine.start(flowCall(flow, n('09')));
  await h.clock.advance(10_000);
  const r = h.sink.record;
  assert.deepEqual(r.dialog?.steps.map((s) => [s.node, s.redirectedFrom ?? null]), [['a', null], ['a', null], ['b', 'a']]);
  assert.deepEqual([r.dialog?.end, r.dialog?.tag, r.outcome, r.stateCode, r.partyType], ['maxVisits', 'b', 'answered', 0, 'platform']);
});

test('flow: a gather that hears nothing and has no exit for it ends with 8008 / 100; digits without a branch end normally', async () => {
  const silent: FlowDefinition = { start: 'g', nodes: [{ id: 'g', type: 'gather', timeout: 3 }] };
  const h = harness();
  h.engine.start(flowCall(silent, n('09')));
  await h.clock.advance(30_000);
  const r = h.sink.record;
  assert.deepEqual([r.dialog?.end, r.dialog?.steps[0]?.digits, r.stateCode, r.ulFailReason, r.callEndAt - r.legA.answerAt!], ['noInput', '', 8008, 100, 3000]);

  const pressed: FlowDefinition = { start: 'g', nodes: [{ id: 'g', type: 'gather', branches: { '9': 'g' } }] };
  const h2 = harness();
  h2.engine.start(flowCall(pressed, n('08')));
  await h2.clock.advance(30_000);
  const r2 = h2.sink.record;
  assert.deepEqual([r2.dialog?.end, r2.dialog?.steps[0]?.digits, r2.stateCode, r2.digits], ['end', '1', 0, ['1']]);
});

test('flow: a transfer maxDuration ends the talk with 8010', async () => {
  const h = harness();
  const xfer: FlowDefinition = { start: 't', nodes: [{ id: 't', type: 'transfer', to: n('09'), maxDuration: 10 }] };
  h.engine.start(flowCall(xfer, n('09')));
  await h.clock.advance(60_000);
  const r = h.sink.record;
  assert.deepEqual([r.dialog?.end, r.dialog?.steps[0]?.transfer, r.outcome, r.stateCode, r.partyType], ['transfer', 'answered', 'answered', 8010, 'platform']);
  assert.equal(r.callEndAt - r.legB!.answerAt!, 10_000);
});
