// docs/auth.md's check-order table and the authenticator agree; the nonce pruner runs on the clock.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AUTH_CHECK_ORDER, startNoncePruner } from '../../src/api/auth/index.js';
import { ManualClock } from '../../src/lib/clock.js';
import { MemoryNonces } from './auth-helpers.js';

test('docs/auth.md lists the checks in the order the authenticator runs them', () => {
  const doc = readFileSync(new URL('../../docs/auth.md', import.meta.url), 'utf8');
  const section = doc.split('## Check order')[1]!.split('\n## ')[0]!;
  const names = section
    .split('\n')
    .filter((l) => /^\| \d+ \|/.test(l))
    .map((l) => l.split('|')[2]!.trim());
  assert.deepEqual(names, [...AUTH_CHECK_ORDER]);
});

test('startNoncePruner prunes expired nonces on schedule until stopped', async () => {
  const clock = new ManualClock();
  const nonces = new MemoryNonces();
  await nonces.useOnce('app', 'n1', clock.now() + 60_000, clock.now());
  await nonces.useOnce('app', 'n2', clock.now() + 20 * 60_000, clock.now());
  const pruner = startNoncePruner({ nonces, clock, everyMs: 5 * 60_000 });
  await clock.advance(5 * 60_000);
  assert.deepEqual([...nonces.expiry.keys()], ['app\u0000n2']);
  pruner.stop();
  await clock.advance(30 * 60_000);
  assert.equal(nonces.expiry.size, 1, 'stopped: nothing pruned any more');
  assert.equal(clock.pending, 0);
});

test('a failing prune is reported and the schedule goes on', async () => {
  const clock = new ManualClock();
  let calls = 0;
  const errors: unknown[] = [];
  const nonces = { useOnce: async () => true, prune: async () => { calls++; throw new Error('locked'); } };
  const pruner = startNoncePruner({ nonces, clock, everyMs: 1000, onError: (e) => errors.push(e) });
  await clock.advance(3000);
  pruner.stop();
  assert.equal(calls, 3);
  assert.equal(errors.length, 3);
});
