// An RTP worker thread that dies (here terminated for real, as an out-of-memory abort or a native
// crash would end it): every session on it is told its media failed, an open waiting on it
// rejects, and the engine replaces the worker so that later sessions play as before.

import assert from 'node:assert/strict';
import type { Worker } from 'node:worker_threads';
import { test } from 'node:test';
import { createMediaEngine } from '../../src/network/media/engine.js';
import type { MediaEvent, MediaSession } from '../../src/network/media/types.js';
import { FarEnd, freeRange, tone, waitFor } from './media-far-end.js';

/** The engine's handle keeps its worker on `host`: the test reaches it to kill the thread. */
const workerOf = (s: MediaSession) => (s as unknown as { host: { worker: Worker } }).host.worker;

test('a worker dies: its sessions get media_failed, an open in flight rejects, new sessions play', async () => {
  const engine = createMediaEngine({ address: '127.0.0.1', ports: await freeRange(8), silenceTimeoutMs: 0, workers: 1 });
  const far = await FarEnd.open();
  try {
    const events: MediaEvent[] = [];
    const a = await engine.open((e) => events.push(e));
    a.connect({ remote: far.peer, codec: 'PCMA', payloadType: 8 });
    a.play(tone(2000));
    const worker = workerOf(a);
    const killed = worker.terminate();
    const inFlight = engine.open(() => undefined);
    await killed;
    await assert.rejects(inFlight, /RTP worker exited/);
    await waitFor('media_failed on the dead worker\'s session', () => events.length > 0);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.type, 'media_failed');
    a.close();

    const later: MediaEvent[] = [];
    const b = await engine.open((e) => later.push(e));
    assert.notEqual(workerOf(b), worker, 'a fresh worker');
    b.connect({ remote: far.peer, codec: 'PCMA', payloadType: 8 });
    const { playId } = b.play(tone(100));
    await waitFor("'played' from the new session", () => later.some((e) => e.type === 'played' && e.playId === playId));
    b.close();
  } finally {
    far.close();
    await engine.close();
  }
});
