// An inbound offer once it is over on the wire (found by test/sip-e2e/inbound.test.ts): the
// platform's accept() may come after the caller CANCELled, or after the network refused the offer
// as undecided at 64*T1; then no 200 may go out and the leg must end unanswered. And an accepted
// leg joins the platform's call under its id, so a forward's B leg opens its media next to it.

import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { test } from 'node:test';
import { SipNetwork } from '../../src/network/sip/network.js';
import type { LegSignal, NetworkLeg } from '../../src/network/types.js';
import type { MediaEngine, MediaEvent, MediaOpenOptions, MediaSession } from '../../src/network/media/types.js';
import { MediaDouble } from './sipp/media-double.js';
import { until } from './sipp/until.js';

const T1 = 20;
const SDP = 'v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=x\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 8\r\n';

async function network(t: { after(fn: () => Promise<void> | void): void }, media = new MediaDouble()) {
  const net = new SipNetwork({
    listen: { address: '127.0.0.1', port: 0 },
    trunk: 'sip:127.0.0.1:9',
    numberFormat: { style: 'e164' },
    media,
    audio: async () => ({ pcm: new Int16Array(8), durationMs: 1 }),
    timers: { t1: T1, t2: 4 * T1, t4: 5 * T1 },
    pingTimeoutMs: 50,
  });
  t.after(() => net.close());
  await net.start();
  const sock: Socket = createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  t.after(() => void sock.close());
  const got: string[] = [];
  sock.on('message', (b) => got.push(b.toString('latin1')));
  return { net, sock, got, media };
}

function request(method: string, to: number, via: string, callId: string, body = ''): string {
  return [
    `${method} sip:+8613900000100@127.0.0.1:${to} SIP/2.0`,
    `Via: ${via}`,
    'From: <sip:+8613800000001@127.0.0.1>;tag=f1',
    'To: <sip:+8613900000100@127.0.0.1>',
    `Call-ID: ${callId}`,
    `CSeq: 1 ${method}`,
    'Contact: <sip:x@127.0.0.1:1>',
    ...(body ? ['Content-Type: application/sdp'] : []),
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

const statusOf = (m: string): number => Number(/^SIP\/2\.0 (\d{3})/.exec(m)?.[1] ?? 0);
const inviteFinals = (got: string[]) => got.filter((m) => statusOf(m) >= 200 && /CSeq: 1 INVITE/.test(m)).map(statusOf);

test('accept() after the caller CANCELled: no 200 ever, the leg fails no_answer (later, not inside accept)', async (t) => {
  const { net, sock, got, media } = await network(t);
  let offer: Parameters<Parameters<SipNetwork['onInbound']>[0]>[0] | undefined;
  net.onInbound((o) => (offer = o));
  const via = `SIP/2.0/UDP 127.0.0.1:${sock.address().port};branch=z9hG4bKst1;rport`;
  sock.send(request('INVITE', net.port, via, 'st1', SDP), net.port, '127.0.0.1');
  await until(() => offer !== undefined, 5000, 'the offer');
  sock.send(request('CANCEL', net.port, via, 'st1'), net.port, '127.0.0.1');
  await until(() => inviteFinals(got).includes(487), 5000, '487');
  const signals: LegSignal[] = [];
  const leg = offer!.accept((s) => signals.push(s), 'call-1');
  assert.equal(signals.length, 0, 'no signal inside accept()');
  await until(() => signals.length > 0, 5000, 'the leg\'s end');
  assert.deepEqual(signals.map((s) => [s.type, s.type === 'failed' ? s.failure : '']), [['failed', 'no_answer']]);
  assert.equal(leg.sessionId, 'call-1');
  assert.deepEqual(inviteFinals(got).filter((s) => s < 300), []);
  // The 200 is sent (and repeated) only once the media opens: none was opened for a caller who left.
  assert.equal(media.sessions.length, 0, 'no media opened for a caller who left');
  assert.equal(net.health().openLegs, 0);
});

test('accept() after the network refused the offer as undecided (480 at 64*T1): no 200, the leg fails no_answer', async (t) => {
  const { net, sock, got } = await network(t);
  let offer: Parameters<Parameters<SipNetwork['onInbound']>[0]>[0] | undefined;
  net.onInbound((o) => (offer = o));
  sock.send(request('INVITE', net.port, `SIP/2.0/UDP 127.0.0.1:${sock.address().port};branch=z9hG4bKst2;rport`, 'st2', SDP), net.port, '127.0.0.1');
  await until(() => inviteFinals(got).includes(480), 64 * T1 + 5000, '480 at 64*T1');
  const signals: LegSignal[] = [];
  offer!.accept((s) => signals.push(s));
  await until(() => signals.length > 0, 5000, 'the leg\'s end');
  assert.deepEqual(signals.map((s) => s.type), ['failed']);
  assert.deepEqual(inviteFinals(got).filter((s) => s < 300), []);
});

test('a CANCEL after accept() but before the 200: the leg fails no_answer (unanswered, not answered then cleared)', async (t) => {
  const media = new MediaDouble();
  let release: () => void = () => undefined;
  const opened = new Promise<void>((r) => (release = r));
  const open = media.open.bind(media);
  media.open = async (...args: Parameters<MediaDouble['open']>) => {
    await opened;
    return open(...args);
  };
  const { net, sock, got } = await network(t, media);
  const signals: LegSignal[] = [];
  net.onInbound((o) => void o.accept((s) => signals.push(s)));
  const via = `SIP/2.0/UDP 127.0.0.1:${sock.address().port};branch=z9hG4bKst3;rport`;
  sock.send(request('INVITE', net.port, via, 'st3', SDP), net.port, '127.0.0.1');
  await until(() => got.some((m) => statusOf(m) === 100), 5000, '100 Trying');
  sock.send(request('CANCEL', net.port, via, 'st3'), net.port, '127.0.0.1');
  await until(() => signals.length > 0, 5000, 'the leg\'s end');
  release();
  assert.deepEqual(signals.map((s) => [s.type, s.type === 'failed' ? s.failure : '']), [['failed', 'no_answer']]);
  assert.deepEqual(inviteFinals(got), [487]);
});

test('an accepted leg is named by the platform\'s call: a leg dialled for the same call opens its media next to it', async (t) => {
  const media = new MediaDouble();
  const nearOf: Array<MediaSession | undefined> = [];
  const open = media.open.bind(media);
  (media as MediaEngine).open = async (onEvent: (e: MediaEvent) => void, opts?: MediaOpenOptions) => {
    nearOf.push(opts?.near);
    return open(onEvent);
  };
  const { net, sock } = await network(t, media);
  let leg: NetworkLeg | undefined;
  net.onInbound((o) => (leg = o.accept(() => undefined, 'call-7')));
  sock.send(request('INVITE', net.port, `SIP/2.0/UDP 127.0.0.1:${sock.address().port};branch=z9hG4bKst4;rport`, 'st4', SDP), net.port, '127.0.0.1');
  await until(() => media.sessions.length === 1 && leg?.sessionId === 'call-7', 5000, 'the accepted leg\'s media');
  const b = net.dial({ sessionId: 'call-7', leg: 'B', from: '+8613900000100', to: '+8613700000001', ringTimeoutMs: 1000 }, () => undefined);
  await until(() => media.sessions.length === 2, 5000, 'B\'s media');
  assert.equal(nearOf[1], media.sessions[0], 'B opened next to the caller\'s session');
  b.release();
});
