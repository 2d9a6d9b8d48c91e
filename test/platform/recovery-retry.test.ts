// Recovery ends a call from the events it read; when the write fails because the stored events
// moved on meanwhile (a paused node's late event took the disconnect's number), it reads again and
// ends the call from what is stored now, and skips a call that someone else ended meanwhile.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Call, CallEvent } from '../../src/domain/call.js';
import { recoverCalls } from '../../src/platform/recovery.js';
import type { StoredCall } from '../../src/store/types.js';

const call = (sessionId: string) => ({ sessionId }) as Call;
const ev = (seq: number): CallEvent => ({ sessionId: 's', seq, type: 'callout', leg: 'A', at: seq, caller: '1', called: '2' });

test('a recovery that meets newer events reads again and ends the call from them', async () => {
  let events = [ev(1)];
  const built: number[] = [];
  const calls = {
    get: async (sid: string): Promise<StoredCall> => ({ call: call(sid), state: 'active', events }),
  };
  const engine = {
    recover: async (_c: Call, seen: CallEvent[]) => {
      built.push(seen.length);
      // The first try read one event; a late one was stored before it wrote: its key collides.
      if (seen.length === 1) {
        events = [ev(1), ev(2)];
        throw Object.assign(new Error('duplicate key value violates unique constraint "call_events_pkey"'), { code: '23505' });
      }
    },
  };
  assert.equal(await recoverCalls({ calls } as never, engine, [call('s')]), 1);
  assert.deepEqual(built, [1, 2]);
});

test('a call ended by someone else between two tries is skipped, and a call that keeps failing is reported', async () => {
  let state: StoredCall['state'] = 'active';
  let tries = 0;
  const calls = { get: async (sid: string): Promise<StoredCall> => ({ call: call(sid), state, events: [] }) };
  const engine = {
    recover: async (c: Call) => {
      tries++;
      if (c.sessionId === 'ended-meanwhile') state = 'ended';
      throw new Error('refused');
    },
  };
  assert.equal(await recoverCalls({ calls } as never, engine, [call('ended-meanwhile')]), 0);
  assert.equal(tries, 1, 'not tried again once ended');
  state = 'active';
  tries = 0;
  await assert.rejects(recoverCalls({ calls } as never, engine, [call('broken')]), /refused/);
  assert.equal(tries, 3);
});
