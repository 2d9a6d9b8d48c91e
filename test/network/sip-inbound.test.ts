// The network as the called side and under bad input: inbound INVITEs (accepted, rejected, no
// handler) from SIPp as the caller; malformed datagrams, unknown dialogs, a flood of OPTIONS; a
// taken port; SIP over TCP.

import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { connect } from 'node:net';
import { test } from 'node:test';
import { SipNetwork } from '../../src/network/sip/network.js';
import type { InboundOffer, LegSignal } from '../../src/network/types.js';
import { MediaDouble } from './sipp/media-double.js';
import { callAnswered, callRefused } from './sipp/callers.js';
import { answers } from './sipp/scenarios.js';
import { freeUdpPort, startSipp } from './sipp/sipp.js';
import { until } from './sipp/until.js';

function make(trunk: string, port = 0) {
  const media = new MediaDouble();
  const net = new SipNetwork({
    listen: { address: '127.0.0.1', port },
    trunk,
    numberFormat: { style: 'e164' },
    media,
    audio: async (m) => ({ pcm: new Int16Array(m.durationMs * 8), durationMs: m.durationMs }),
    timers: { t1: 40, t2: 160, t4: 200 },
    pingTimeoutMs: 200,
    log: (e, d) => process.env.SIPLOG && console.log(e, d),
  });
  return { net, media };
}

async function started(t: { after(fn: () => Promise<void>): void }) {
  const { net, media } = make('sip:127.0.0.1:9;transport=udp');
  t.after(() => net.close());
  await net.start();
  return { net, media };
}

async function caller(name: string, xml: string, net: SipNetwork) {
  const sipp = await startSipp({ name, xml, target: `127.0.0.1:${net.port}` });
  const r = await sipp.result(15_000);
  assert.equal(r.code, 0, `sipp failed (${r.code}): ${r.errors}`);
}

test('an inbound INVITE without a handler is refused 480 with Reason cause 21', async (t) => {
  const { net } = await started(t);
  await caller('no-handler', callRefused(480, 21), net);
});

test('an inbound INVITE rejected with a cause gets the RFC 3398 status and a Reason header', async (t) => {
  const { net } = await started(t);
  const offers: InboundOffer[] = [];
  net.onInbound((o) => {
    offers.push(o);
    o.reject(17);
  });
  await caller('rejected', callRefused(486, 17), net);
  assert.deepEqual([offers[0]?.from, offers[0]?.to], ['+8613800000001', '+8613900000100']);
});

test('an accepted inbound call is answered with our SDP, and its BYE hangs the leg up', async (t) => {
  const { net, media } = await started(t);
  const signals: LegSignal[] = [];
  net.onInbound((o) => o.accept((s) => signals.push(s)));
  await caller('answered', callAnswered(300), net);
  await until(() => signals.some((s) => s.type === 'hangup'), 5000, 'hangup');
  assert.deepEqual(signals.map((s) => s.type), ['answer', 'hangup']);
  assert.deepEqual(signals[1] && signals[1].type === 'hangup' && [signals[1].by, signals[1].q850], ['far', 16]);
  assert.equal(media.sessions[0]?.connected?.codec, 'PCMU');
  assert.equal(net.health().openLegs, 0);
});

function udpClient(): Promise<{ sock: Socket; replies: string[] }> {
  const sock = createSocket({ type: 'udp4', recvBufferSize: 1 << 20 });
  const replies: string[] = [];
  sock.on('message', (b) => replies.push(b.toString()));
  return new Promise((r) => sock.bind(0, '127.0.0.1', () => r({ sock, replies })));
}

const options = (port: number, i: number, extra = '') =>
  `OPTIONS sip:voxcall@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bKflood${i};rport\r\nFrom: <sip:x@127.0.0.1>;tag=a${i}\r\nTo: <sip:voxcall@127.0.0.1>${extra}\r\nCall-ID: flood-${i}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`;

test('malformed datagrams are counted and dropped; unknown dialogs get 481; a flood of OPTIONS is answered', async (t) => {
  const { net } = await started(t);
  const { sock, replies } = await udpClient();
  t.after(() => sock.close());
  const port = sock.address().port;
  const junk = ['garbage', 'INVITE sip:x SIP/2.0\r\n\r\n', '\u0000'.repeat(100), 'SIP/2.0 200 OK\r\nVia: bad\r\n\r\n', 'A'.repeat(70_000).slice(0, 60_000)];
  for (const j of junk) sock.send(j, net.port, '127.0.0.1');
  await until(() => net.stats.malformed === junk.length, 3000, 'malformed count');
  // A BYE for a dialog we never had.
  sock.send(options(port, 0, ';tag=nope').replace(/OPTIONS/g, 'BYE'), net.port, '127.0.0.1');
  await until(() => replies.some((r) => r.startsWith('SIP/2.0 481')), 3000, '481');
  assert.equal(net.stats.unknownDialog, 1);
  // Parsed, but its From is no name-addr: 400 before any handler sees it, not a crash.
  net.onInbound((o) => o.reject(21));
  const sdp = 'v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 4000 RTP/AVP 8\r\n';
  const badFrom = options(port, 0).replace(/OPTIONS/g, 'INVITE').replace('From: <sip:x@127.0.0.1>;tag=a0', 'From: garbage');
  sock.send(badFrom.replace('Content-Length: 0\r\n\r\n', `Content-Length: ${sdp.length}\r\n\r\n${sdp}`), net.port, '127.0.0.1');
  await until(() => replies.some((r) => r.startsWith('SIP/2.0 400')), 3000, '400');
  // UDP drops what a socket buffer cannot hold, so the flood comes in bursts of 50, each sent at once.
  const n = 500;
  for (let i = 1; i <= n; i++) {
    sock.send(options(port, i), net.port, '127.0.0.1');
    if (i % 50 === 0) {
      await until(() => replies.filter((r) => r.startsWith('SIP/2.0 200')).length === i, 5000, `OPTIONS answers (${replies.length - 1} of ${i})`);
    }
  }
  assert.equal(net.stats.options, n);
  assert.match(replies.at(-1)!, /Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO/);
  assert.equal(net.health().state, 'degraded');
});

test('a wildcard listen address needs a publicAddress', () => {
  const base = { trunk: 'sip:127.0.0.1:9', numberFormat: { style: 'e164' as const }, media: new MediaDouble(), audio: async () => ({ pcm: new Int16Array(0), durationMs: 0 }) };
  assert.throws(() => new SipNetwork({ ...base, listen: { address: '0.0.0.0', port: 0 } }), /publicAddress is required when listening on 0\.0\.0\.0/);
  assert.ok(new SipNetwork({ ...base, listen: { address: '0.0.0.0', port: 0 }, publicAddress: '192.0.2.1' }));
});

test('a taken port rejects start() with a clear error', async (t) => {
  const holder = createSocket('udp4');
  await new Promise<void>((r) => holder.bind(0, '127.0.0.1', () => r()));
  t.after(() => holder.close());
  const { net } = make('sip:127.0.0.1:9', holder.address().port);
  await assert.rejects(net.start(), /cannot bind SIP UDP 127\.0\.0\.1:\d+: .*EADDRINUSE/);
  await net.close();
});

test('SIP over TCP: a call answered and hung up by the far end', async (t) => {
  const sipp = await startSipp({ name: 'tcp', xml: answers({ hangup: 'far', talkMs: 200 }), transport: 'tcp' });
  const { net } = make(sipp.uri);
  t.after(async () => {
    await net.close();
    sipp.kill();
  });
  await net.start();
  assert.equal(net.health().state, 'up');
  const signals: LegSignal[] = [];
  net.dial({ sessionId: 'tcp', leg: 'A', from: '+8675500000000', to: '+8613900000001', ringTimeoutMs: 10_000 }, (s) => signals.push(s));
  await until(() => signals.some((s) => s.type === 'hangup'), 10_000, 'hangup');
  assert.deepEqual(signals.map((s) => s.type), ['alerting', 'answer', 'hangup']);
  const r = await sipp.result(10_000);
  assert.equal(r.code, 0, r.errors);
});

test('the port is free again after close (a second network binds it)', async () => {
  const port = await freeUdpPort();
  const a = make('sip:127.0.0.1:9', port).net;
  await a.start();
  await a.close();
  const b = make('sip:127.0.0.1:9', port).net;
  await b.start();
  assert.equal(b.port, port);
  await b.close();
});

test('TCP framing: a message split across writes and two in one write are each answered on the connection', async (t) => {
  const { net } = await started(t);
  const sock = connect(net.port, '127.0.0.1');
  t.after(() => sock.destroy());
  let got = '';
  sock.on('data', (d: Buffer) => (got += d.toString()));
  await new Promise<void>((r) => sock.once('connect', () => r()));
  const tcp = (i: number) => options(sock.localPort!, i).replace('SIP/2.0/UDP', 'SIP/2.0/TCP');
  const first = tcp(1);
  // The halves are flushed one after the other; the reader must hold the first until the rest comes.
  await new Promise<void>((r) => sock.write(first.slice(0, 40), () => r()));
  await new Promise<void>((r) => sock.write(first.slice(40), () => r()));
  sock.write('\r\n\r\n' + tcp(2) + tcp(3));
  await until(() => (got.match(/^SIP\/2\.0 200/gm) ?? []).length === 3, 3000, 'three 200s over TCP');
  assert.equal(net.stats.options, 3);
  assert.equal(net.stats.malformed, 0);
});
