// `voxcall calls ...` as a user runs it: a real subprocess (bin/voxcall.js) against a real
// platform whose simulated network runs on a manual clock.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cliOf } from '../helpers/cli.js';
import { usePlatform } from '../helpers/platform.js';

const NEVER_HANGS_UP = '+8613900000009';
const BUSY = '+8613900000002';
const ctx = usePlatform();
const { voxcall, ok } = cliOf(() => ctx.t);

test('place a notification, see it in progress, stop it, show how it ended', async () => {
  const app = ctx.t.platform.demo.appKey;
  const placed = JSON.parse(await ok(['--json', 'calls', 'place', 'notify', NEVER_HANGS_UP, '--app', app])) as { sessionId: string; kind: string };
  assert.equal(placed.kind, 'notify');
  const id = placed.sessionId;

  const active = await ok(['calls', 'list', '--state', 'active']);
  assert.match(active, /^sessionId\s+kind\s+state\s+outcome/);
  assert.match(active, new RegExp(`${id.replace(/[.]/g, '\\.')}\\s+notify\\s+active\\s+-\\s+-\\s+\\+8675528000001\\s+-\\s+\\${NEVER_HANGS_UP}`));

  assert.equal(await ok(['calls', 'stop', id]), `stopping ${id}\n`);
  await ctx.t.run(1_000);
  await ctx.t.platform.engine.idle();

  const shown = await ok(['calls', 'show', id]);
  assert.match(shown, /state\s+ended/);
  assert.match(shown, /outcome\s+cancelled/);
  assert.match(shown, /hangup\s+8017 Released by the customer\. \(ulFailReason 8017, released by platform\)/);
  assert.match(shown, /media\s+playInfoList\[0\]=file:welcome\.wav/);
  assert.match(shown, /\nlegs\nleg\s+number/);
  assert.match(shown, /\nevents\nseq\s+type\s+leg\s+at/);
  assert.match(shown, /\d\s+disconnect\s+A\s+\S+\s+-\s+8017\s+Released by the customer\./);

  const cancelled = JSON.parse(await ok(['--json', 'calls', 'list', '--outcome', 'cancelled', '--app', app])) as { calls: Array<{ sessionId: string }> };
  assert.deepEqual(cancelled.calls.map((c) => c.sessionId), [id]);
  const again = await voxcall(['calls', 'stop', id]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /^voxcall: call .* has ended already .*\(VX\.CONFLICT, HTTP 409\)\n$/);
});

test('a verification call to a busy number: listed by number, its hangup reason shown', async () => {
  const app = ctx.t.platform.demo.appKey;
  const placed = await ok(['calls', 'place', 'verify', BUSY, '--app', app, '--code', '4321']);
  const id = /^placed (\S+) /.exec(placed)?.[1];
  assert.ok(id, placed);
  await ctx.t.run(5_000);
  await ctx.t.platform.engine.idle();
  const listed = JSON.parse(await ok(['--json', 'calls', 'list', '--number', BUSY])) as { calls: Array<{ sessionId: string; outcome: string; stateCode: number }> };
  assert.deepEqual(listed.calls.map((c) => [c.sessionId, c.outcome, c.stateCode]), [[id, 'busy', 8102]]);
  assert.match(await ok(['calls', 'show', id]), /hangup\s+8102 Callee is busy\./);
});

test('refusals: the reference\'s result code, or the management API\'s, on one line with exit 1', async () => {
  const app = ctx.t.platform.demo.appKey;
  const missing = await voxcall(['calls', 'place', 'notify', BUSY, '--app', app, '--voice', 'nope.wav']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^voxcall: .*nope\.wav.* \(1010002, HTTP 403\)\n$/);
  const noCaller = await voxcall(['calls', 'place', 'callback', BUSY, '--app', app]);
  assert.equal(noCaller.code, 1);
  assert.equal(noCaller.stderr, 'voxcall: calls place callback needs --caller <number>: the A leg, called first\n');
  const unknown = await voxcall(['calls', 'show', '1202_9_9_20261123020000@nowhere']);
  assert.equal(unknown.code, 1);
  assert.equal(unknown.stderr, 'voxcall: call 1202_9_9_20261123020000@nowhere does not exist (VX.NOT_FOUND, HTTP 404)\n');
  const badKind = await voxcall(['calls', 'place', 'fax', BUSY, '--app', app]);
  assert.notEqual(badKind.code, 0);
  assert.match(badKind.stderr, /one of callback, notify, verify/);
});
