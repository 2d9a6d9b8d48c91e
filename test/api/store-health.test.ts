// The store's part of /health and the errors that count as "the database is unreachable": a
// probe answers within its bound whatever the database does, and one ping serves every /health
// request that arrives while it is in flight.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { storeProbe } from '../../src/api/store-health.js';
import { retryWhileUnreachable } from '../../src/calls/retry-write.js';
import { isStoreUnreachable } from '../../src/store/unreachable.js';

test('a store without ping (SQLite) is ok', async () => {
  assert.deepEqual(await storeProbe('sqlite', undefined)(), { kind: 'sqlite', state: 'ok' });
});

test('a ping that fails, or does not answer within the bound, is unreachable', async () => {
  assert.deepEqual(await storeProbe('postgres', () => Promise.reject(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })))(), { kind: 'postgres', state: 'unreachable' });
  const started = Date.now();
  const hung = await storeProbe('postgres', () => new Promise<void>(() => {}), 50)();
  assert.deepEqual(hung, { kind: 'postgres', state: 'unreachable' });
  assert.ok(Date.now() - started < 1000, 'the bound was not kept');
});

test('concurrent probes share one ping', async () => {
  let pings = 0;
  let answer!: () => void;
  const probe = storeProbe('postgres', () => {
    pings++;
    return new Promise<void>((r) => (answer = r));
  });
  const both = Promise.all([probe(), probe(), probe()]);
  answer();
  assert.deepEqual(await both, Array(3).fill({ kind: 'postgres', state: 'ok' }));
  assert.equal(pings, 1);
  // The next one pings again.
  const next = probe();
  answer();
  await next;
  assert.equal(pings, 2);
});

test('what counts as the database being unreachable', () => {
  const err = (code: string | undefined, message = 'x') => Object.assign(new Error(message), code ? { code } : {});
  for (const e of [err('ECONNREFUSED'), err('ECONNRESET'), err('57P01'), err('57P03'), err('08006'), err('53300'),
    err(undefined, 'Connection terminated unexpectedly'), err(undefined, 'timeout exceeded when trying to connect')]) {
    assert.equal(isStoreUnreachable(e), true, e.message + String((e as { code?: string }).code));
  }
  // A constraint, a syntax error, a bug: not retried, not reported as an outage.
  for (const e of [err('23505'), err('42601'), new TypeError('x is undefined'), undefined, null, 'text']) {
    assert.equal(isStoreUnreachable(e), false, String(e));
  }
});

test('a write is retried while the store is unreachable, and only then', async () => {
  let tries = 0;
  const out = await retryWhileUnreachable(async () => {
    if (++tries < 3) throw Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
    return 'stored';
  });
  assert.deepEqual({ out, tries }, { out: 'stored', tries: 3 });
  tries = 0;
  await assert.rejects(retryWhileUnreachable(async () => {
    tries++;
    throw Object.assign(new Error('duplicate key'), { code: '23505' });
  }), /duplicate key/);
  assert.equal(tries, 1);
  // Past the bound, the error is passed on (the engine then ends the call from what was stored).
  await assert.rejects(retryWhileUnreachable(async () => {
    throw Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
  }, 0), /refused/);
});
