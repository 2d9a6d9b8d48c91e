// Inbound calls are admitted by the call policy (docs/policy.md, "Inbound calls"): every number the
// call would dial out to (a forward's `to`, a privacy binding's B, an inbound flow's transfers) is
// judged as a callee; a refusal is Q.850 21 `policy`, recorded with the result code and logged.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../../src/platform/logger.js';
import { LogCapture } from '../helpers/log-capture.js';
import { usePlatform } from '../helpers/platform.js';
import { admin } from '../manage/helpers.js';

const log = new LogCapture();
const ctx = usePlatform({ logger: createLogger({ level: 'info', destination: log }) });
const call = admin(() => ctx.t);
const NUMBER = '+8675528000002';
const CALLER = '+8613855557777';
const ANSWERS = '+8613900000001';
const BLOCKED = '+8613900000012';
const ABROAD = '+4930123456';
const app = () => ctx.t.platform.demo.appKey;
const route = (body: object) => call('PUT', `/v1/apps/${app()}/numbers/${encodeURIComponent(NUMBER)}/inbound`, body);

async function refused(from: string, to: string): Promise<any> {
  const placed = await call('POST', '/v1/simulator/calls', { from, to });
  assert.equal(placed.status, 201, JSON.stringify(placed.body));
  assert.equal(placed.body.accepted, false, JSON.stringify(placed.body));
  assert.equal(placed.body.q850, 21);
  const shown = (await call('GET', `/v1/calls/${encodeURIComponent(placed.body.sessionId)}`)).body;
  assert.deepEqual([shown.call.kind, shown.call.state, shown.call.outcome, shown.call.appKey], ['inbound', 'ended', 'rejected', app()]);
  assert.equal(shown.record.refusal.reason, 'policy');
  const line = await log.waitFor('the refusal logged', (l) => l.event === 'call.inbound_refused' && l.sessionId === placed.body.sessionId);
  assert.deepEqual([line.reason, line.q850, line.detail], ['policy', 21, shown.record.refusal.detail]);
  return shown.record.refusal;
}

async function accepted(from: string, to: string): Promise<any> {
  const placed = await call('POST', '/v1/simulator/calls', { from, to });
  assert.equal(placed.body.accepted, true, JSON.stringify(placed.body));
  await ctx.t.run(60_000);
  await ctx.t.platform.engine.idle();
  return (await call('GET', `/v1/calls/${encodeURIComponent(placed.body.sessionId)}`)).body;
}

test('a forward to a callee-blacklisted number: refused (21, 1013004), recorded and logged; a normal forward still connects', async () => {
  assert.equal((await call('PUT', `/v1/apps/${app()}/lists/calleeBlacklist/${encodeURIComponent(BLOCKED)}`)).status, 201);
  assert.equal((await route({ type: 'forward', to: BLOCKED })).status, 200);
  const r = await refused(CALLER, NUMBER);
  assert.match(r.detail, /^1013004 calleeBlacklisted: \+8613900000012 is on a callee blacklist \(flow node "forward" transfers to it\)$/);

  assert.equal((await route({ type: 'forward', to: ANSWERS })).status, 200);
  const ok = await accepted(CALLER, NUMBER);
  assert.equal(ok.call.outcome, 'answered');
  assert.equal(ok.record.fwdDstNum, ANSWERS);
});

test('whitelist mode: a forward to a number on no callee whitelist is refused (1013011), one on it connects', async () => {
  assert.equal((await call('PATCH', `/v1/apps/${app()}/limits`, { whitelistMode: true })).status, 200);
  try {
    assert.equal((await route({ type: 'forward', to: ANSWERS })).status, 200);
    assert.match((await refused(CALLER, NUMBER)).detail, /^1013011 /);
    assert.equal((await call('PUT', `/v1/lists/calleeWhitelist/${encodeURIComponent(ANSWERS)}`)).status, 201);
    assert.equal((await accepted(CALLER, NUMBER)).call.outcome, 'answered');
  } finally {
    assert.equal((await call('PATCH', `/v1/apps/${app()}/limits`, { whitelistMode: null })).status, 200);
  }
});

test('an international forward with internationalCallout false: refused (1013112); an international caller is not judged', async () => {
  assert.equal((await call('PATCH', `/v1/apps/${app()}/limits`, { internationalCallout: false, internationalCallin: false })).status, 200);
  try {
    assert.equal((await route({ type: 'forward', to: ABROAD })).status, 200);
    assert.match((await refused(CALLER, NUMBER)).detail, /^1013112 internationalCalloutForbidden: flow node "forward" transfers to \+4930123456/);
    assert.equal((await route({ type: 'forward', to: ANSWERS })).status, 200);
    assert.equal((await accepted('+4930999888', NUMBER)).call.outcome, 'answered');
  } finally {
    assert.equal((await call('PATCH', `/v1/apps/${app()}/limits`, { internationalCallout: null, internationalCallin: null })).status, 200);
  }
});

test('an inbound flow whose transfer target is blacklisted is refused at admission, before it runs', async () => {
  const flow = { start: 'hello', nodes: [{ id: 'hello', type: 'say', text: 'connecting you', next: 'agent' }, { id: 'agent', type: 'transfer', to: BLOCKED }] };
  assert.equal((await call('POST', `/v1/apps/${app()}/flows`, { id: 'desk', flow })).status, 201);
  assert.equal((await route({ type: 'flow', flowId: 'desk' })).status, 200);
  const r = await refused(CALLER, NUMBER);
  assert.match(r.detail, /^1013004 calleeBlacklisted: \+8613900000012 is on a callee blacklist \(flow node "agent" transfers to it\)$/);
});

test('quiet hours refuse a forward but not a flow that only answers', async () => {
  // The platform clock is 10:00 Beijing time.
  assert.equal((await call('PATCH', `/v1/apps/${app()}/limits`, { quietHours: { start: '09:00', end: '11:00' } })).status, 200);
  try {
    assert.equal((await route({ type: 'forward', to: ANSWERS })).status, 200);
    assert.match((await refused(CALLER, NUMBER)).detail, /^1013121 callTimeForbidden/);
    const menu = { start: 'hi', nodes: [{ id: 'hi', type: 'say', text: 'we are closed', next: 'bye' }, { id: 'bye', type: 'hangup' }] };
    assert.equal((await call('POST', `/v1/apps/${app()}/flows`, { id: 'closed', flow: menu })).status, 201);
    assert.equal((await route({ type: 'flow', flowId: 'closed' })).status, 200);
    assert.equal((await accepted(CALLER, NUMBER)).call.outcome, 'answered');
  } finally {
    assert.equal((await call('PATCH', `/v1/apps/${app()}/limits`, { quietHours: null })).status, 200);
  }
});

test('calleeFrequency: a route\'s forward desk is not counted (the app\'s own line), a transfer to ${caller} is', async () => {
  assert.equal((await call('PATCH', `/v1/apps/${app()}/limits`, { calleeFrequency: { max: 1, windowS: 86_400 } })).status, 200);
  try {
    assert.equal((await route({ type: 'forward', to: ANSWERS })).status, 200);
    assert.equal((await accepted(CALLER, NUMBER)).call.outcome, 'answered');
    assert.equal((await accepted(CALLER, NUMBER)).call.outcome, 'answered');
    const back = { start: 'back', nodes: [{ id: 'back', type: 'transfer', to: '${caller}' }] };
    assert.equal((await call('POST', `/v1/apps/${app()}/flows`, { id: 'back', flow: back })).status, 201);
    assert.equal((await route({ type: 'flow', flowId: 'back' })).status, 200);
    const CALLS_TWICE = '+8613855550042';
    await accepted(CALLS_TWICE, NUMBER);
    assert.match((await refused(CALLS_TWICE, NUMBER)).detail, /^1013117 calleeFrequencyLimit: transfer number \(flow node "back"\) \+8613855550042/);
  } finally {
    assert.equal((await call('PATCH', `/v1/apps/${app()}/limits`, { calleeFrequency: null })).status, 200);
  }
});
