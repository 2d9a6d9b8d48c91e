// While the node starts (before the inbound router is set: src/inbound/), every call the network
// offers is refused as an unallocated number (Q.850 1) and written as one log line naming caller and called.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../../src/platform/logger.js';
import { refuseInbound } from '../../src/platform/inbound-refusal.js';
import type { InboundOffer } from '../../src/network/types.js';
import { LogCapture } from '../helpers/log-capture.js';

test('an offered call is rejected with cause 1 and logged with its numbers', async () => {
  const log = new LogCapture();
  const rejected: number[] = [];
  const offer: InboundOffer = {
    sessionId: 'sip-abc@127.0.0.1', from: '+8613900000001', to: '+8675500000001', at: 0,
    accept: () => assert.fail('an unserved call must not be answered'),
    reject: (q850) => rejected.push(q850),
  };
  refuseInbound(createLogger({ level: 'info', destination: log }))(offer);
  assert.deepEqual(rejected, [1]);
  const line = await log.waitFor('call.inbound_refused', (l) => l.event === 'call.inbound_refused');
  assert.deepEqual([line.level, line.from, line.to, line.q850, line.sessionId], ['info', '+8613900000001', '+8675500000001', 1, 'sip-abc@127.0.0.1']);
});
