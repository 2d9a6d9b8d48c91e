// What a hostile or broken peer can do to the transaction layer: Via ports no socket can reach,
// a CANCEL racing our 200, a handler that never decides, a CANCEL never answered by a 487,
// a Route of thousands, a dead TCP port. Each must end in a bounded time and count, not leak.

import assert from 'node:assert/strict';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, createServer, type Socket } from 'node:net';
import { test } from 'node:test';
import { SipCore } from '../../src/network/sip/core.js';
import { SipParseError } from '../../src/network/sip/errors.js';
import { Headers, parseMessage, serialize, type SipRequest } from '../../src/network/sip/message.js';
import { SipNetwork } from '../../src/network/sip/network.js';
import { ServerTransaction, TIMER_C_T1 } from '../../src/network/sip/transaction.js';
import { Transport } from '../../src/network/sip/transport.js';
import type { InboundOffer } from '../../src/network/types.js';
import { MediaDouble } from './sipp/media-double.js';
import { until } from './sipp/until.js';

const T1 = 20;
const SDP = 'v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=x\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 8\r\n';

async function udpPeer(t: { after(fn: () => void): void }): Promise<{ sock: UdpSocket; got: string[] }> {
  const sock = createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  t.after(() => sock.close());
  const got: string[] = [];
  sock.on('message', (b) => got.push(b.toString('latin1')));
  return { sock, got };
}

async function network(t: { after(fn: () => Promise<void>): void }, media = new MediaDouble()) {
  const logs: string[] = [];
  const net = new SipNetwork({
    listen: { address: '127.0.0.1', port: 0 },
    trunk: 'sip:127.0.0.1:9',
    numberFormat: { style: 'e164' },
    media,
    audio: async () => ({ pcm: new Int16Array(8), durationMs: 1 }),
    timers: { t1: T1, t2: 4 * T1, t4: 5 * T1 },
    pingTimeoutMs: 50,
    log: (e) => logs.push(e),
  });
  t.after(() => net.close());
  await net.start();
  return { net, logs };
}

function request(method: string, to: number, via: string, callId: string, body = ''): string {
  const cseq = method === 'CANCEL' ? '1 CANCEL' : `1 ${method}`;
  return [
    `${method} sip:+8613900000100@127.0.0.1:${to} SIP/2.0`,
    `Via: ${via}`,
    'From: <sip:+8613800000001@127.0.0.1>;tag=f1',
    'To: <sip:+8613900000100@127.0.0.1>',
    `Call-ID: ${callId}`,
    `CSeq: ${cseq}`,
    'Contact: <sip:x@127.0.0.1:1>',
    ...(body ? ['Content-Type: application/sdp'] : []),
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

const statusOf = (m: string): number => Number(/^SIP\/2\.0 (\d{3})/.exec(m)?.[1] ?? 0);

test('a Via port of 0 or above 65535 is dropped as malformed: no transaction, no handler error', async (t) => {
  const { net, logs } = await network(t);
  const { sock } = await udpPeer(t);
  const vias = ['SIP/2.0/UDP 127.0.0.1:0;branch=z9hG4bKp0', 'SIP/2.0/UDP 127.0.0.1:99999;branch=z9hG4bKp9'];
  for (const [i, via] of vias.entries()) sock.send(request('INVITE', net.port, via, `bad${i}`, SDP), net.port, '127.0.0.1');
  sock.send(request('OPTIONS', net.port, 'SIP/2.0/UDP 127.0.0.1:0;branch=z9hG4bKo0', 'bad-o'), net.port, '127.0.0.1');
  await until(() => net.stats.malformed === 3, 5000, 'three malformed');
  assert.deepEqual(logs.filter((e) => e === 'handler_error'), []);
  assert.equal(net.health().openLegs, 0);
});

test('a CANCEL after accept() but before the 200 is sent gets its 487, never a 200', async (t) => {
  const media = new MediaDouble();
  let release: () => void = () => undefined;
  const opened = new Promise<void>((r) => (release = r));
  const open = media.open.bind(media);
  media.open = async (...args: Parameters<MediaDouble['open']>) => {
    await opened;
    return open(...args);
  };
  const { net } = await network(t, media);
  net.onInbound((o) => void o.accept(() => undefined));
  const { sock, got } = await udpPeer(t);
  const via = `SIP/2.0/UDP 127.0.0.1:${sock.address().port};branch=z9hG4bKca1;rport`;
  sock.send(request('INVITE', net.port, via, 'ca1', SDP), net.port, '127.0.0.1');
  await until(() => got.some((m) => statusOf(m) === 100), 5000, '100 Trying');
  sock.send(request('CANCEL', net.port, via, 'ca1'), net.port, '127.0.0.1');
  await until(() => got.some((m) => statusOf(m) === 487), 5000, '487 to the INVITE');
  release();
  const final = got.filter((m) => statusOf(m) >= 200);
  assert.ok(final.some((m) => statusOf(m) === 200 && /CANCEL/.test(m)), 'the CANCEL is answered 200');
  assert.ok(!final.some((m) => statusOf(m) === 200 && /CSeq: 1 INVITE/.test(m)), 'no 200 to the INVITE');
  assert.equal(net.health().openLegs, 0);
});

test('an inbound handler that never decides: the caller gets 480 at 64*T1', async (t) => {
  const { net, logs } = await network(t);
  let offered: InboundOffer | undefined;
  net.onInbound((o) => (offered = o));
  const { sock, got } = await udpPeer(t);
  const t0 = Date.now();
  sock.send(request('INVITE', net.port, `SIP/2.0/UDP 127.0.0.1:${sock.address().port};branch=z9hG4bKun1`, 'un1', SDP), net.port, '127.0.0.1');
  await until(() => got.some((m) => statusOf(m) === 480), 64 * T1 + 3000, '480');
  assert.ok(Date.now() - t0 >= 64 * T1 - 20, `480 after ${Date.now() - t0} ms`);
  assert.ok(offered);
  assert.ok(logs.includes('inbound_undecided'));
});

function invite(to: number, transport: 'UDP' | 'TCP' = 'UDP'): SipRequest {
  const h = new Headers()
    .add('max-forwards', '70')
    .add('from', '<sip:a@127.0.0.1>;tag=a')
    .add('to', '<sip:b@127.0.0.1>')
    .add('call-id', `tx-${transport}-${to}`)
    .add('cseq', '1 INVITE');
  return { kind: 'request', method: 'INVITE', uri: `sip:b@127.0.0.1:${to};transport=${transport.toLowerCase()}`, headers: h, body: Buffer.alloc(0) };
}

async function core(t: { after(fn: () => Promise<void>): void }, t1 = T1): Promise<SipCore> {
  const c = new SipCore({
    listen: { address: '127.0.0.1', port: 0 },
    timers: { t1, t2: 4 * t1, t4: 5 * t1 },
    log: () => undefined,
    onRequest: () => undefined,
    onStrayResponse: () => undefined,
  });
  await c.start();
  t.after(() => c.stop());
  return c;
}

test('a CANCELled INVITE that never gets its 487 ends 64*T1 after the CANCEL (onTimeout)', async (t) => {
  const c = await core(t);
  const { sock } = await udpPeer(t);
  const peer = { transport: 'udp' as const, address: '127.0.0.1', port: sock.address().port };
  sock.on('message', (b, ri) => {
    const m = parseMessage(b);
    if (m.kind !== 'request') return;
    const status = m.method === 'INVITE' ? 180 : 200;
    sock.send(serialize(c.response(m, status, { toTag: 'pt' })), ri.port, ri.address);
  });
  let timedOut = 0;
  let ringing = false;
  const req = invite(peer.port);
  const tx = c.request(req, peer, { onResponse: (r) => (ringing ||= r.status === 180), onTimeout: () => (timedOut = Date.now()) });
  await until(() => ringing, 5000, '180');
  const h = new Headers().add('via', req.headers.get('via')!).add('max-forwards', '70');
  for (const n of ['from', 'to', 'call-id']) h.add(n, req.headers.get(n)!);
  h.add('cseq', '1 CANCEL');
  const sent = Date.now();
  c.request({ kind: 'request', method: 'CANCEL', uri: req.uri, headers: h, body: Buffer.alloc(0) }, peer, { onResponse: () => undefined, onTimeout: () => undefined });
  await until(() => timedOut > 0, 64 * T1 + 3000, 'the INVITE transaction to time out');
  assert.ok(timedOut - sent >= 64 * T1 - 5, `ended ${timedOut - sent} ms after the CANCEL`);
  assert.equal(tx.state, 'terminated');
});

test('a final Route of 7,001 comma values is too many headers', () => {
  const base = 'OPTIONS sip:h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n';
  const route = 'Route: ' + Array.from({ length: 7001 }, () => '<sip:h>').join(',') + '\r\n\r\n';
  assert.throws(() => parseMessage(Buffer.from(base + route)), SipParseError);
});

test('an INVITE over TCP to a dead port fails at once with a 503 (17.1.4), not at timer B', async (t) => {
  const c = await core(t, 500);
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  let status = 0;
  const t0 = Date.now();
  const tx = c.request(invite(port, 'TCP'), { transport: 'tcp', address: '127.0.0.1', port }, { onResponse: (r) => (status = r.status), onTimeout: () => (status = -1) });
  await until(() => status !== 0, 5000, 'a final');
  assert.equal(status, 503);
  assert.ok(Date.now() - t0 < 2000, `after ${Date.now() - t0} ms`);
  assert.equal(tx.state, 'terminated');
});

test('timer C: a server INVITE transaction its TU never answers is refused 500 and ends', async () => {
  const sent: number[] = [];
  let done = false;
  const t1 = 2;
  const ctx = { timers: { t1, t2: 8, t4: 10 }, send: (m: { kind: string; status?: number }) => sent.push(m.status ?? 0), done: () => (done = true) };
  const req = parseMessage(Buffer.from(request('INVITE', 5060, 'SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKc1', 'c1', SDP))) as SipRequest;
  const tx = new ServerTransaction('k', req, { transport: 'udp', address: '127.0.0.1', port: 5070 }, ctx);
  let expired = 0;
  tx.onExpired = () => (expired = Date.now());
  const t0 = Date.now();
  tx.respond({ kind: 'response', status: 100, reason: 'Trying', headers: req.headers.clone(), body: Buffer.alloc(0) });
  await until(() => expired > 0, TIMER_C_T1 * t1 + 3000, 'timer C');
  assert.ok(expired - t0 >= TIMER_C_T1 * t1 - 5);
  assert.equal(sent.find((s) => s >= 200), 500);
  await until(() => done, 64 * t1 + 3000, 'timer H to end it');
});

test('TCP: connections over the per-IP cap are closed on arrival; an idle or trickling one is closed', async (t) => {
  const tr = new Transport({ address: '127.0.0.1', port: 0, tcp: true, onMessage: () => undefined, tcpLimits: { idleMs: 300, total: 256, perIp: 2 } });
  await tr.start();
  t.after(() => tr.stop());
  const open = (): Promise<{ sock: Socket; closed: () => boolean }> =>
    new Promise((resolve) => {
      const sock = connect(tr.port, '127.0.0.1', () => resolve({ sock, closed: () => isClosed }));
      let isClosed = false;
      sock.on('error', () => undefined);
      sock.on('close', () => (isClosed = true));
    });
  const a = await open();
  const b = await open();
  const c = await open();
  await until(() => c.closed() && tr.stats.tcpRefused === 1, 3000, 'the third connection refused');
  assert.equal(a.closed() || b.closed(), false);
  // b trickles one endless header: bytes, but never a whole message.
  const trickle = setInterval(() => b.sock.write('X-Slow: a\r\n'), 50);
  t.after(() => clearInterval(trickle));
  b.sock.write('OPTIONS sip:h SIP/2.0\r\n');
  await until(() => a.closed() && b.closed(), 3000, 'idle and trickling connections closed');
  assert.equal(tr.stats.tcpIdleClosed, 2);
  assert.equal(tr.tcpConnections, 0);
});

test('TCP: the total cap holds across addresses', async (t) => {
  const tr = new Transport({ address: '127.0.0.1', port: 0, tcp: true, onMessage: () => undefined, tcpLimits: { idleMs: 10_000, total: 3, perIp: 32 } });
  await tr.start();
  t.after(() => tr.stop());
  const socks: Socket[] = [];
  t.after(() => socks.forEach((s) => s.destroy()));
  for (let i = 0; i < 5; i++) {
    const s = connect(tr.port, '127.0.0.1');
    s.on('error', () => undefined);
    socks.push(s);
  }
  await until(() => tr.stats.tcpRefused === 2, 3000, 'two refused');
  await until(() => tr.tcpConnections === 3, 3000, 'three kept');
});
