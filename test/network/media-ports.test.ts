// RTP ports: even ports from the configured range, a port taken by someone else skipped, a clear
// error when the range is used up, ports back in the range once sessions (or the engine) close.

import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { test } from 'node:test';
import { createMediaEngine } from '../../src/network/media/engine.js';
import { freeRange } from './media-far-end.js';

test('sessions get distinct even ports of the range; exhaustion rejects; close frees the port', async () => {
  const range = await freeRange(2);
  const engine = createMediaEngine({ address: '127.0.0.1', ports: range, silenceTimeoutMs: 0, workers: 2 });
  try {
    const a = await engine.open(() => undefined);
    const b = await engine.open(() => undefined);
    assert.deepEqual([a.port, b.port].sort(), [range.min, range.min + 2]);
    assert.equal(engine.openSessions, 2);
    await assert.rejects(engine.open(() => undefined), new RegExp(`no free RTP port in 127\\.0\\.0\\.1:${range.min}-${range.max}`));
    a.close();
    const c = await engine.open(() => undefined);
    assert.equal(c.port, a.port);
    assert.equal(engine.openSessions, 2);
  } finally {
    await engine.close();
  }
  assert.equal(engine.openSessions, 0);
  // Every port is free again once the engine has closed.
  for (const port of [range.min, range.min + 2]) {
    const s = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.bind({ port, address: '127.0.0.1', exclusive: true }, resolve);
    });
    s.close();
  }
});

test('a port bound by another program is skipped', async () => {
  const range = await freeRange(2);
  const squatter = createSocket('udp4');
  await new Promise<void>((resolve) => squatter.bind({ port: range.min, address: '127.0.0.1', exclusive: true }, resolve));
  const engine = createMediaEngine({ address: '127.0.0.1', ports: range, silenceTimeoutMs: 0, workers: 1 });
  try {
    const a = await engine.open(() => undefined);
    assert.equal(a.port, range.min + 2);
    await assert.rejects(engine.open(() => undefined), /no free RTP port/);
  } finally {
    await engine.close();
    squatter.close();
  }
});

test('a range without an even/odd pair is refused at creation', () => {
  assert.throws(() => createMediaEngine({ address: '127.0.0.1', ports: { min: 30001, max: 30002 }, silenceTimeoutMs: 0, workers: 1 }), /no even\/odd port pair/);
});
