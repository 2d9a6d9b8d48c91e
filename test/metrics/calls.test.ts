// Call metrics on a real platform: calls placed on the simulated network with the manual clock,
// one stopped through the management API, then the call series read from GET /metrics.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { usePlatform } from '../helpers/platform.js';
import { admin } from '../manage/helpers.js';
import { parse, value, type Sample } from './exposition.js';

const ANSWERS = '+8613900000001'; // answers at 2 s
const BUSY = '+8613900000002';
const NEVER_HANGS_UP = '+8613900000009';

const ctx = usePlatform();
const call = admin(() => ctx.t);

async function scrape(): Promise<Sample[]> {
  const res = await request(`${ctx.t.platform.url}/metrics`, { headers: { authorization: `Bearer ${ctx.t.platform.adminToken}` } });
  const text = await res.body.text();
  assert.equal(res.statusCode, 200, text);
  return parse(text);
}

async function place(body: Record<string, unknown>): Promise<string> {
  const res = await call('POST', `/v1/apps/${ctx.t.platform.demo.appKey}/calls`, body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.sessionId as string;
}

test('calls started, answered, failed by outcome, in progress and talk time', async () => {
  const before = await scrape();
  for (const kind of ['callback', 'notify', 'verify']) {
    assert.equal(value(before, 'voxcall_calls_started_total', { kind }), 0);
    assert.equal(value(before, 'voxcall_calls_in_progress', { kind }), 0);
  }

  // welcome.wav lasts 3 s: answered at 2 s, the platform hangs up at 5 s.
  await place({ kind: 'notify', callee: ANSWERS, voice: 'welcome.wav' });
  await place({ kind: 'verify', callee: BUSY, code: '1234' });
  const talking = await place({ kind: 'callback', caller: NEVER_HANGS_UP, callee: NEVER_HANGS_UP });

  const started = await scrape();
  assert.equal(value(started, 'voxcall_calls_in_progress', { kind: 'notify' }), 1);
  assert.equal(value(started, 'voxcall_calls_in_progress', { kind: 'verify' }), 1);
  assert.equal(value(started, 'voxcall_calls_in_progress', { kind: 'callback' }), 1);

  await ctx.t.run(30_000);
  const mid = await scrape();
  for (const kind of ['callback', 'notify', 'verify']) assert.equal(value(mid, 'voxcall_calls_started_total', { kind }), 1, kind);
  assert.equal(value(mid, 'voxcall_calls_answered_total', { kind: 'notify' }), 1);
  assert.equal(value(mid, 'voxcall_calls_answered_total', { kind: 'verify' }), 0);
  assert.equal(value(mid, 'voxcall_calls_failed_total', { kind: 'verify', outcome: 'busy' }), 1);
  assert.equal(value(mid, 'voxcall_calls_in_progress', { kind: 'notify' }), 0);
  assert.equal(value(mid, 'voxcall_calls_in_progress', { kind: 'verify' }), 0);
  assert.equal(value(mid, 'voxcall_calls_in_progress', { kind: 'callback' }), 1);
  assert.equal(value(mid, 'voxcall_call_talk_seconds_total', { kind: 'notify' }), 3);
  assert.equal(value(mid, 'voxcall_call_talk_seconds_total', { kind: 'verify' }), 0);
  assert.equal(value(mid, 'voxcall_call_talk_seconds_total', { kind: 'callback' }), 0);

  // Stopped at 30 s: the callback talked from B's answer until then.
  const stopped = await call('POST', `/v1/calls/${encodeURIComponent(talking)}/stop`);
  assert.equal(stopped.status, 202, JSON.stringify(stopped.body));
  await ctx.t.run(500);
  await ctx.t.platform.engine.idle();
  const shown = (await call('GET', `/v1/calls/${encodeURIComponent(talking)}`)).body;
  const bAnswer = Date.parse(shown.legs[1].answerAt);
  assert.equal(shown.legs[1].endAt, '2026-11-23T02:00:30.000Z');

  const after = await scrape();
  assert.equal(value(after, 'voxcall_calls_in_progress', { kind: 'callback' }), 0);
  assert.equal(value(after, 'voxcall_calls_answered_total', { kind: 'callback' }), 1);
  assert.equal(value(after, 'voxcall_call_talk_seconds_total', { kind: 'callback' }), (Date.UTC(2026, 10, 23, 2, 0, 30) - bAnswer) / 1000);
  assert.ok(bAnswer > Date.UTC(2026, 10, 23, 2, 0, 0));
});

test('a refused placement starts no call', async () => {
  const res = await call('POST', `/v1/apps/${ctx.t.platform.demo.appKey}/calls`, { kind: 'notify', callee: ANSWERS, voice: 'nope.wav' });
  assert.equal(res.body.error.code, '1010002');
  const s = await scrape();
  assert.equal(value(s, 'voxcall_calls_started_total', { kind: 'notify' }), 1);
});
