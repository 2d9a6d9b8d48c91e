import assert from 'node:assert/strict';
import { test } from 'node:test';
import { usePlatform } from '../helpers/platform.js';
import { admin } from './helpers.js';

const ctx = usePlatform();
const call = admin(() => ctx.t);
const newApp = async (name: string) => (await call('POST', '/v1/apps', { name })).body.appKey as string;

test('add, list, suspend, resume, remove a display number', async () => {
  const appKey = await newApp('numbers');
  const added = await call('POST', `/v1/apps/${appKey}/numbers`, { number: '+8675528200001' });
  assert.equal(added.status, 201);
  assert.deepEqual(added.body, { number: '+8675528200001', appKey, status: 'active' });
  await call('POST', `/v1/apps/${appKey}/numbers`, { number: '+8675528200002', status: 'suspended' });
  const listed = await call('GET', `/v1/apps/${appKey}/numbers`);
  assert.deepEqual(listed.body.numbers.map((n: any) => `${n.number}:${n.status}`), ['+8675528200001:active', '+8675528200002:suspended']);

  assert.equal((await call('POST', `/v1/apps/${appKey}/numbers/+8675528200001/suspend`)).body.status, 'suspended');
  assert.equal((await call('POST', `/v1/apps/${appKey}/numbers/%2B8675528200002/resume`)).body.status, 'active');
  const removed = await call('DELETE', `/v1/apps/${appKey}/numbers/+8675528200001`);
  assert.equal(removed.status, 204);
  assert.deepEqual((await call('GET', `/v1/apps/${appKey}/numbers`)).body.numbers.map((n: any) => n.number), ['+8675528200002']);
});

test('a number belongs to one app: 409, and the holder keeps it', async () => {
  const a = await newApp('holder');
  const b = await newApp('other');
  await call('POST', `/v1/apps/${a}/numbers`, { number: '+8675528200010' });
  const taken = await call('POST', `/v1/apps/${b}/numbers`, { number: '+8675528200010' });
  assert.equal(taken.status, 409);
  assert.equal(taken.body.error.code, 'VX.CONFLICT');
  assert.match(taken.body.error.message, /belongs to another app/);
  const again = await call('POST', `/v1/apps/${a}/numbers`, { number: '+8675528200010', status: 'suspended' });
  assert.equal(again.status, 409);
  assert.match(again.body.error.message, /this app already has it/);
  assert.deepEqual(await ctx.t.platform.store.apps.number('+8675528200010'), { number: '+8675528200010', appKey: a, status: 'active' });
  // Another app cannot touch it either.
  assert.equal((await call('DELETE', `/v1/apps/${b}/numbers/+8675528200010`)).status, 404);
  assert.equal((await call('POST', `/v1/apps/${b}/numbers/+8675528200010/suspend`)).status, 404);
});

test('bad input and unknown ids', async () => {
  const appKey = await newApp('bad');
  const bad = await call('POST', `/v1/apps/${appKey}/numbers`, { number: '075528200001' });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.message, /^number must be \+\{country code\}/);
  const status = await call('POST', `/v1/apps/${appKey}/numbers`, { number: '+8675528200020', status: 'gone' });
  assert.equal(status.status, 400);
  assert.match(status.body.error.message, /status/);
  assert.equal(await ctx.t.platform.store.apps.number('+8675528200020'), undefined);
  const badPath = await call('DELETE', `/v1/apps/${appKey}/numbers/12345`);
  assert.equal(badPath.status, 400);
  assert.match(badPath.body.error.message, /^path parameter number/);
  for (const [method, path] of [
    ['GET', '/v1/apps/nope/numbers'],
    ['POST', '/v1/apps/nope/numbers/+8675528200001/suspend'],
    ['DELETE', `/v1/apps/${appKey}/numbers/+8675528299999`],
  ] as const) {
    const res = await call(method, path);
    assert.equal(res.status, 404, `${method} ${path}`);
    assert.equal(res.body.error.code, 'VX.NOT_FOUND');
  }
  assert.equal((await call('POST', '/v1/apps/nope/numbers', { number: '+8675528200030' })).status, 404);
});
