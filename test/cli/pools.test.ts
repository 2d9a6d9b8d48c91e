// `voxcall pools ...` as a user runs it (a subprocess) against a running platform: a pool, its
// numbers, a binding made through the application API seen and ended, and the refusals.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { signedHeaders } from '../../src/client/sign.js';
import { cliOf } from '../helpers/cli.js';
import { usePlatform } from '../helpers/platform.js';

const ctx = usePlatform();
const { voxcall, ok } = cliOf(() => ctx.t);

test('create, add numbers, show, bindings, unbind, remove, delete; refusals name their reason', async () => {
  const app = ctx.t.platform.demo.appKey;
  assert.match(await ok(['pools', 'create', app, '--id', 'NP-cli', '--name', 'riders']), /created pool NP-cli/);
  assert.match(await ok(['pools', 'add-number', app, 'NP-cli', '+8675528000001', '--area-code', '755']), /added \+8675528000001 to pool NP-cli/);
  const foreign = await voxcall(['pools', 'add-number', app, 'NP-cli', '+8675528777777']);
  assert.equal(foreign.code, 1);
  assert.match(foreign.stderr, /not a display number of app .*\(VX\.INVALID, HTTP 400\)/);
  assert.match(await ok(['pools', 'list', app]), /NP-cli\s+riders/);

  const { platform, wall } = ctx.t;
  const res = await request(`${platform.url}/rest/voxcall/v1/bindings`, {
    method: 'POST', headers: signedHeaders(platform.demo.appKey, platform.demo.appSecret, wall.now(), 'utc'),
    body: JSON.stringify({ numberPoolNo: 'NP-cli', phoneNoA: '+8613900000011', phoneNoB: '+8613900000012' }),
  });
  const made = (await res.body.json()) as { subscriptionId: string };
  assert.equal(res.statusCode, 201);
  assert.match(await ok(['pools', 'show', app, 'NP-cli']), /\+8675528000001\s+755\s+1/);
  assert.match(await ok(['pools', 'bindings', app, '--pool', 'NP-cli']), new RegExp(`${made.subscriptionId}\\s+NP-cli\\s+AXB\\s+\\+8675528000001\\s+\\+8613900000011\\s+\\+8613900000012`));
  const busy = await voxcall(['pools', 'remove-number', app, 'NP-cli', '+8675528000001']);
  assert.equal(busy.code, 1);
  assert.match(busy.stderr, /carries an active binding.*\(VX\.CONFLICT, HTTP 409\)/);
  assert.match(await ok(['pools', 'unbind', app, made.subscriptionId]), /unbound/);
  assert.match(await ok(['pools', 'bindings', app]), /\(none\)/);
  assert.match(await ok(['pools', 'remove-number', app, 'NP-cli', '+8675528000001']), /removed/);
  assert.match(await ok(['pools', 'delete', app, 'NP-cli']), /deleted pool NP-cli/);
});
