// The trunk pinged with OPTIONS after start: /health goes degraded when it stops answering and up
// again when it comes back (a UDP socket on 127.0.0.1 as the trunk, answering when told to).

import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { test } from 'node:test';
import { SipNetwork } from '../../src/network/sip/network.js';
import { MediaDouble } from './sipp/media-double.js';
import { until } from './sipp/until.js';

test('the periodic OPTIONS ping follows the trunk: up, degraded when it stops answering, up when it is back', async (t) => {
  const sock = createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  t.after(() => sock.close());
  let answering = true;
  sock.on('message', (b, ri) => {
    const lines = b.toString().split('\r\n');
    if (!lines[0]!.startsWith('OPTIONS')) return;
    if (!answering) return;
    const h = (n: string) => lines.filter((l) => l.toLowerCase().startsWith(`${n}:`)).join('\r\n');
    sock.send(`SIP/2.0 200 OK\r\n${h('via')}\r\n${h('from')}\r\n${h('to')};tag=t\r\n${h('call-id')}\r\n${h('cseq')}\r\nContent-Length: 0\r\n\r\n`, ri.port, ri.address);
  });
  const net = new SipNetwork({
    listen: { address: '127.0.0.1', port: 0 },
    trunk: `sip:127.0.0.1:${sock.address().port}`,
    numberFormat: { style: 'e164' },
    media: new MediaDouble(),
    audio: async (m) => ({ pcm: new Int16Array(8), durationMs: m.durationMs }),
    timers: { t1: 20, t2: 80, t4: 100 },
    pingTimeoutMs: 100,
    pingIntervalMs: 50,
  });
  t.after(() => net.close());
  await net.start();
  assert.equal(net.health().state, 'up');
  answering = false;
  await until(() => net.health().state === 'degraded', 3000, 'degraded after the trunk stopped answering');
  assert.match(net.health().detail ?? '', /did not answer OPTIONS/);
  answering = true;
  await until(() => net.health().state === 'up', 3000, 'up again after the trunk came back');
});
