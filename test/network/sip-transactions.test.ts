// Transaction and dialog behaviours against a scripted peer (test/network/sipp/peer.ts): the ACK
// re-sent for each retransmitted 2xx, a failure final re-ACKed without a second signal, a CANCEL
// held until the first provisional, a 2xx without SDP, our 2xx repeated until the ACK.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SipNetwork } from '../../src/network/sip/network.js';
import type { LegSignal } from '../../src/network/types.js';
import { MediaDouble } from './sipp/media-double.js';
import { Peer, PEER_SDP } from './sipp/peer.js';
import { until } from './sipp/until.js';

const T1 = 40;

async function setup(t: { after(fn: () => Promise<void>): void }, extra: Partial<ConstructorParameters<typeof SipNetwork>[0]> = {}) {
  const peer = await Peer.start();
  const net = new SipNetwork({
    listen: { address: '127.0.0.1', port: 0 },
    trunk: peer.uri,
    numberFormat: { style: 'e164' },
    media: new MediaDouble(),
    audio: async (m) => ({ pcm: new Int16Array(8), durationMs: m.durationMs }),
    timers: { t1: T1, t2: 4 * T1, t4: 5 * T1 },
    pingTimeoutMs: 50,
    username: 'voxcall',
    password: 'secret',
    ...extra,
  });
  t.after(async () => {
    await net.close();
    peer.close();
  });
  await net.start();
  const signals: LegSignal[] = [];
  const dial = (ringTimeoutMs = 10_000) => net.dial({ sessionId: 's', leg: 'A', from: '+8675500000000', to: '+8613900000001', ringTimeoutMs }, (s) => signals.push(s));
  return { peer, net, signals, dial };
}

test('each retransmitted 2xx gets the same ACK again; one answer signal', async (t) => {
  const { peer, net, signals, dial } = await setup(t);
  dial();
  await until(() => peer.requests('INVITE').length > 0, 2000, 'INVITE');
  const invite = peer.requests('INVITE')[0]!;
  for (let i = 1; i <= 3; i++) {
    peer.reply(invite, 200, net.port, [['content-type', 'application/sdp']], PEER_SDP);
    await until(() => peer.requests('ACK').length === i, 2000, `ACK ${i}`);
  }
  const acks = peer.requests('ACK');
  assert.equal(new Set(acks.map((a) => a.headers.get('via'))).size, 1);
  assert.equal(acks[0]!.headers.get('cseq'), '1 ACK');
  assert.match(acks[0]!.headers.get('to')!, /tag=peer/);
  assert.notEqual(acks[0]!.headers.get('via'), invite.headers.get('via'), 'the ACK of a 2xx is a new transaction');
  assert.deepEqual(signals.map((s) => s.type), ['alerting', 'answer']);
});

test('a retransmitted failure final is ACKed again (same branch) and signals once', async (t) => {
  const { peer, net, signals, dial } = await setup(t);
  dial();
  await until(() => peer.requests('INVITE').length > 0, 2000, 'INVITE');
  const invite = peer.requests('INVITE')[0]!;
  peer.reply(invite, 486, net.port);
  await until(() => peer.requests('ACK').length === 1, 2000, 'ACK');
  peer.reply(invite, 486, net.port);
  await until(() => peer.requests('ACK').length === 2, 2000, 'second ACK');
  assert.equal(peer.requests('ACK')[0]!.headers.get('via'), invite.headers.get('via'));
  assert.deepEqual(signals.map((s) => s.type), ['failed']);
});

test('release before any provisional holds the CANCEL until the 180; the 487 is ACKed', async (t) => {
  const { peer, net, signals, dial } = await setup(t);
  const leg = dial();
  await until(() => peer.requests('INVITE').length > 0, 2000, 'INVITE');
  const invite = peer.requests('INVITE')[0]!;
  leg.release();
  assert.equal(net.health().openLegs, 0);
  // Timer A repeats the INVITE: time enough for a CANCEL that must not come yet.
  await until(() => peer.requests('INVITE').length >= 3, 2000, 'INVITE retransmissions');
  assert.equal(peer.requests('CANCEL').length, 0);
  peer.reply(invite, 180, net.port);
  await until(() => peer.requests('CANCEL').length > 0, 2000, 'CANCEL');
  const cancel = peer.requests('CANCEL')[0]!;
  assert.equal(cancel.headers.get('via'), invite.headers.get('via'));
  assert.equal(cancel.headers.get('cseq'), '1 CANCEL');
  assert.equal(cancel.headers.get('reason'), 'Q.850;cause=16');
  peer.reply(cancel, 200, net.port);
  peer.reply(invite, 487, net.port);
  await until(() => peer.requests('ACK').length === 1, 2000, 'ACK');
  assert.deepEqual(signals, []);
});

test('a 2xx without SDP is ACKed, then BYEd (cause 88), and fails the leg unreachable', async (t) => {
  const { peer, net, signals, dial } = await setup(t);
  dial();
  await until(() => peer.requests('INVITE').length > 0, 2000, 'INVITE');
  peer.reply(peer.requests('INVITE')[0]!, 200, net.port);
  await until(() => peer.requests('BYE').length > 0, 2000, 'BYE');
  assert.equal(peer.requests('ACK').length, 1);
  assert.equal(peer.requests('BYE')[0]!.headers.get('reason'), 'Q.850;cause=88');
  assert.deepEqual(signals.map((s) => s.type === 'failed' && [s.failure, s.q850, s.sipStatus]), [['unreachable', 41, 503]]);
});

test('our 2xx to an inbound INVITE is repeated until the ACK; without one the leg is hung up by the network', async (t) => {
  const { peer, net } = await setup(t);
  peer.answerBye = false;
  const signals: LegSignal[] = [];
  let offers = 0;
  net.onInbound((o) => {
    offers++;
    o.accept((s) => signals.push(s));
  });
  const invite = [
    'INVITE sip:+8613900000100@127.0.0.1 SIP/2.0',
    `Via: SIP/2.0/UDP 127.0.0.1:${peer.port};branch=z9hG4bKin1;rport`,
    `From: <sip:+8613800000001@127.0.0.1:${peer.port}>;tag=caller`,
    'To: <sip:+8613900000100@127.0.0.1>',
    'Call-ID: inbound-1',
    'CSeq: 1 INVITE',
    `Contact: <sip:peer@127.0.0.1:${peer.port}>`,
    'Content-Type: application/sdp',
    `Content-Length: ${PEER_SDP.length}`,
    '',
    PEER_SDP,
  ].join('\r\n');
  peer.sock.send(invite, net.port, '127.0.0.1');
  await until(() => peer.responses(200).length >= 1, 3000, 'the 200');
  peer.sock.send(invite, net.port, '127.0.0.1'); // retransmitted after the 2xx: not a new call
  await until(() => peer.responses(200).length >= 4, 3000, 'four 200s');
  assert.equal(offers, 1);
  assert.deepEqual(signals.map((s) => s.type), ['answer']);
  await until(() => signals.length === 2, 64 * T1 + 2000, 'hangup');
  assert.deepEqual(signals[1]!.type === 'hangup' && [signals[1]!.by, signals[1]!.q850], ['network', 41]);
  await until(() => peer.requests('BYE').length > 0, 2000, 'BYE');
  const oks = peer.responses(200).length;
  // The unanswered BYE is retransmitted (timer E): meanwhile no 200 may follow.
  await until(() => peer.requests('BYE').length >= 3, 2000, 'BYE retransmissions');
  assert.equal(peer.responses(200).length, oks, 'no 200 after giving up');
});

test('one digest retry per call: the INVITE again with CSeq 2 and Proxy-Authorization; a second challenge fails it (rejected)', async (t) => {
  const { peer, net, signals, dial } = await setup(t);
  dial();
  await until(() => peer.requests('INVITE').length > 0, 2000, 'INVITE');
  const first = peer.requests('INVITE')[0]!;
  const challenge: [string, string][] = [['proxy-authenticate', 'Digest realm="r", nonce="n1", qop="auth"']];
  peer.reply(first, 407, net.port, challenge);
  await until(() => peer.requests('INVITE').some((r) => r.headers.get('cseq') === '2 INVITE'), 2000, 'the retried INVITE');
  const second = peer.requests('INVITE').find((r) => r.headers.get('cseq') === '2 INVITE')!;
  assert.equal(second.headers.get('call-id'), first.headers.get('call-id'));
  assert.equal(second.headers.get('from'), first.headers.get('from'));
  assert.notEqual(second.headers.get('via'), first.headers.get('via'));
  assert.match(second.headers.get('proxy-authorization') ?? '', /^Digest username="voxcall", realm="r", nonce="n1", uri="sip:\+8613900000001@127\.0\.0\.1:\d+", response="[0-9a-f]{32}".*qop=auth, nc=00000001, cnonce="/);
  peer.reply(second, 407, net.port, challenge);
  await until(() => signals.length > 0, 2000, 'failed');
  assert.deepEqual(signals.map((s) => s.type === 'failed' && s.failure), ['rejected']);
  assert.equal(new Set(peer.requests('INVITE').map((r) => r.headers.get('cseq'))).size, 2, 'no third INVITE');
});

test('numbers are written in the trunk\'s format: Request-URI and To carry the called number, From the display number with a tag', async (t) => {
  const { peer, dial } = await setup(t, { numberFormat: { style: 'national', countryCode: '86' } });
  dial();
  await until(() => peer.requests('INVITE').length > 0, 2000, 'INVITE');
  const inv = peer.requests('INVITE')[0]!;
  assert.equal(inv.uri, `sip:013900000001@127.0.0.1:${peer.port}`);
  assert.equal(inv.headers.get('to'), `<sip:013900000001@127.0.0.1:${peer.port}>`);
  assert.match(inv.headers.get('from')!, /^<sip:075500000000@127\.0\.0\.1>;tag=[0-9a-f]+$/);
  assert.equal(inv.headers.get('content-type'), 'application/sdp');
  assert.match(inv.body.toString(), /m=audio \d+ RTP\/AVP 8 0 101/);
});

test('a 2xx from a second fork is ACKed and BYEd on its own dialog; the leg keeps the first', async (t) => {
  const { peer, net, signals, dial } = await setup(t);
  dial();
  await until(() => peer.requests('INVITE').length > 0, 2000, 'INVITE');
  const invite = peer.requests('INVITE')[0]!;
  peer.reply(invite, 200, net.port, [['content-type', 'application/sdp']], PEER_SDP);
  await until(() => peer.requests('ACK').length === 1, 2000, 'ACK');
  peer.reply(invite, 200, net.port, [['content-type', 'application/sdp']], PEER_SDP, 'fork2');
  await until(() => peer.requests('BYE').length > 0, 2000, 'BYE of the fork');
  assert.match(peer.requests('ACK')[1]!.headers.get('to')!, /tag=fork2/);
  assert.match(peer.requests('BYE')[0]!.headers.get('to')!, /tag=fork2/);
  assert.deepEqual(signals.map((s) => s.type), ['alerting', 'answer']);
  assert.equal(net.health().openLegs, 1);
});

test('183 with SDP then a 2xx without: the early answer stands (answer, not a failure); an INFO Signal= key is collected', async (t) => {
  const { peer, net, signals, dial } = await setup(t);
  const leg = dial();
  await until(() => peer.requests('INVITE').length > 0, 2000, 'INVITE');
  const invite = peer.requests('INVITE')[0]!;
  peer.reply(invite, 183, net.port, [['content-type', 'application/sdp']], PEER_SDP);
  peer.reply(invite, 200, net.port);
  await until(() => signals.some((s) => s.type === 'answer'), 2000, 'answer');
  assert.deepEqual(signals.map((s) => s.type), ['progress', 'alerting', 'answer']);
  await leg.collect({ maxDigits: 1, timeoutMs: 5000 });
  const ack = peer.requests('ACK')[0]!;
  const info = [
    `INFO sip:voxcall@127.0.0.1:${net.port} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${peer.port};branch=z9hG4bKinfo1;rport`,
    `From: ${ack.headers.get('to')}`,
    `To: ${ack.headers.get('from')}`,
    `Call-ID: ${ack.headers.get('call-id')}`,
    'CSeq: 7 INFO',
    'Content-Type: application/dtmf-relay',
    'Content-Length: 22',
    '',
    'Signal=5\r\nDuration=160',
  ].join('\r\n');
  peer.sock.send(info, net.port, '127.0.0.1');
  await until(() => signals.some((s) => s.type === 'digits'), 2000, 'digits');
  assert.deepEqual(signals.filter((s) => s.type === 'dtmf' || s.type === 'digits').map((s) => (s.type === 'dtmf' ? s.digit : s.type === 'digits' ? s.digits : '')), ['5', '5']);
  // The key is signalled when the INFO is read; its 200 reaches the peer's socket a moment later.
  await until(() => peer.received.some((m) => m.kind === 'response' && m.status === 200 && m.headers.get('cseq') === '7 INFO'), 2000, 'the 200 for the INFO');
});
