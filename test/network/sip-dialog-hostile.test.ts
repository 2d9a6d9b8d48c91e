// Hostile headers in the messages that make a dialog: an inbound INVITE or an answering 2xx whose
// Record-Route, Contact or To cannot be read (or names no host) is refused, never a dialog that
// fails later; digest challenges from another realm; a 2xx whose SDP differs from the 183's.

import assert from 'node:assert/strict';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { test } from 'node:test';
import { SipNetwork, type SipNetworkOptions } from '../../src/network/sip/network.js';
import type { LegSignal } from '../../src/network/types.js';
import { MediaDouble } from './sipp/media-double.js';
import { until } from './sipp/until.js';

const SDP = 'v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=x\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 8\r\n';

interface Peer {
  sock: Socket;
  port: number;
  /** First lines of what the peer received. */
  seen: string[];
  /** Whole messages received. */
  raw: string[];
  close(): void;
  /** Where the last message came from. */
  lastFrom?: RemoteInfo;
}

/** A UDP peer on 127.0.0.1 answering each request with reply(text) (nothing when it returns undefined). */
async function peer(reply: (msg: string, h: (name: string) => string) => string | undefined): Promise<Peer> {
  const sock = createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  const p: Peer = { sock, port: sock.address().port, seen: [], raw: [], close: () => sock.close() };
  sock.on('message', (b: Buffer, ri: RemoteInfo) => {
    const text = b.toString();
    const lines = text.split('\r\n');
    p.seen.push(lines[0]!);
    p.raw.push(text);
    p.lastFrom = ri;
    const h = (name: string) => lines.filter((l) => l.toLowerCase().startsWith(`${name}:`)).join('\r\n');
    const out = reply(text, h);
    if (out !== undefined) sock.send(out, ri.port, ri.address);
  });
  return p;
}

/** The trunk's answer to OPTIONS, and `invite` for an INVITE. */
function trunk(invite: (h: (name: string) => string) => string | undefined) {
  return peer((msg, h) => {
    if (msg.startsWith('OPTIONS')) return `SIP/2.0 200 OK\r\n${h('via')}\r\n${h('from')}\r\n${h('to')}\r\n${h('call-id')}\r\n${h('cseq')}\r\nContent-Length: 0\r\n\r\n`;
    if (msg.startsWith('INVITE')) return invite(h);
    if (msg.startsWith('BYE')) return `SIP/2.0 200 OK\r\n${h('via')}\r\n${h('from')}\r\n${h('to')}\r\n${h('call-id')}\r\n${h('cseq')}\r\nContent-Length: 0\r\n\r\n`;
    return undefined;
  });
}

async function network(t: { after(fn: () => Promise<void> | void): void }, trunkUri: string, extra: Partial<SipNetworkOptions> = {}) {
  const logs: [string, Record<string, unknown>][] = [];
  const media = new MediaDouble();
  const net = new SipNetwork({
    listen: { address: '127.0.0.1', port: 0 },
    trunk: trunkUri,
    numberFormat: { style: 'e164' },
    media,
    audio: async (m) => ({ pcm: new Int16Array(8), durationMs: m.durationMs }),
    timers: { t1: 20, t2: 80, t4: 100 },
    pingTimeoutMs: 200,
    log: (e, d) => logs.push([e, d as Record<string, unknown>]),
    ...extra,
  });
  t.after(() => net.close());
  await net.start();
  return { net, logs, media };
}

function dial(net: SipNetwork, ringTimeoutMs = 10_000) {
  const signals: LegSignal[] = [];
  const leg = net.dial({ sessionId: `s${Math.random()}`, leg: 'A', from: '+8613800000001', to: '+8613900000100', ringTimeoutMs } as Parameters<SipNetwork['dial']>[0], (s) => signals.push(s));
  return { leg, signals };
}

const ok = (h: (name: string) => string, to: string, more: string) =>
  `SIP/2.0 200 OK\r\n${h('via')}\r\n${h('from')}\r\n${to}\r\n${h('call-id')}\r\n${h('cseq')}\r\n${more}Content-Type: application/sdp\r\nContent-Length: ${SDP.length}\r\n\r\n${SDP}`;

const BAD_2XX: [string, (h: (name: string) => string) => string][] = [
  ['a garbage Record-Route', (h) => ok(h, `${h('to')};tag=a`, 'Contact: <sip:x@127.0.0.1:9>\r\nRecord-Route: <garbage>\r\n')],
  ['a garbage Contact', (h) => ok(h, `${h('to')};tag=a`, 'Contact: garbage\r\n')],
  ['a Contact without a host', (h) => ok(h, `${h('to')};tag=a`, 'Contact: <tel:123>\r\n')],
  ['a garbage To', (h) => ok(h, 'To: garbage', 'Contact: <sip:x@127.0.0.1:9>\r\n')],
  ['a good route then a garbage one', (h) => ok(h, `${h('to')};tag=a`, 'Record-Route: <sip:127.0.0.1:9;lr>,<garbage>\r\nContact: <sip:x@127.0.0.1:9>\r\n')],
];

for (const [name, answer] of BAD_2XX) {
  test(`a 2xx with ${name} is ACKed and hung up at the trunk, and the leg fails unreachable at once`, async (t) => {
    const far = await trunk(answer);
    t.after(() => far.close());
    const { net } = await network(t, `sip:127.0.0.1:${far.port}`);
    const { signals } = dial(net);
    await until(() => signals.some((s) => s.type === 'failed'), 3000, 'failed signal');
    const failed = signals.find((s) => s.type === 'failed');
    assert.equal(failed?.type === 'failed' && failed.failure, 'unreachable');
    await until(() => far.seen.some((l) => l.startsWith('ACK')) && far.seen.some((l) => l.startsWith('BYE')), 3000, 'ACK and BYE at the trunk');
  });
}

async function inviteFrom(sock: Socket, to: number, extra: string, contact = '<sip:x@127.0.0.1:5999>') {
  const me = `127.0.0.1:${sock.address().port}`;
  const msg =
    `INVITE sip:+8613900000100@127.0.0.1:${to} SIP/2.0\r\nVia: SIP/2.0/UDP ${me};branch=z9hG4bK${Math.random().toString(36).slice(2)};rport\r\n` +
    `From: <sip:+8613800000001@127.0.0.1>;tag=f1\r\nTo: <sip:+8613900000100@127.0.0.1>\r\nCall-ID: c${Math.random()}\r\nCSeq: 1 INVITE\r\n` +
    `Contact: ${contact}\r\n${extra}Content-Type: application/sdp\r\nContent-Length: ${SDP.length}\r\n\r\n${SDP}`;
  await new Promise<void>((r) => sock.send(msg, to, '127.0.0.1', () => r()));
}

const BAD_INVITE: [string, string, string | undefined][] = [
  ['a garbage Record-Route', 'Record-Route: <garbage>\r\n', undefined],
  ['a Contact without a host', '', '<tel:123>'],
  ['a Contact with port 0', '', '<sip:x@127.0.0.1:0>'],
];

for (const [name, extra, contact] of BAD_INVITE) {
  test(`an inbound INVITE with ${name} is refused 400 and never offered`, async (t) => {
    const caller = await peer(() => undefined);
    t.after(() => caller.close());
    const { net } = await network(t, 'sip:127.0.0.1:9');
    let offers = 0;
    net.onInbound((o) => {
      offers++;
      o.accept(() => undefined);
    });
    await inviteFrom(caller.sock, net.port, extra, contact);
    await until(() => caller.seen.some((l) => /^SIP\/2.0 [2-6]\d\d/.test(l)), 3000, 'a final response');
    assert.ok(caller.seen.includes('SIP/2.0 400 Bad Request'), caller.seen.join(' | '));
    assert.equal(offers, 0);
  });
}

/** A trunk challenging each INVITE without credentials with realms.shift(), and refusing 486 the rest. */
async function challenger(realms: string[]) {
  return trunk((h) => {
    const common = `${h('via')}\r\n${h('from')}\r\n${h('to')};tag=t\r\n${h('call-id')}\r\n${h('cseq')}\r\n`;
    if (far.raw.at(-1)!.toLowerCase().includes('\r\nauthorization:')) return `SIP/2.0 486 Busy Here\r\n${common}Content-Length: 0\r\n\r\n`;
    return `SIP/2.0 401 Unauthorized\r\n${common}WWW-Authenticate: Digest realm="${realms.shift() ?? 'none'}", nonce="n1", qop="auth"\r\nContent-Length: 0\r\n\r\n`;
  }).then((p) => (far = p));
}
let far: Peer;

const authorizations = (p: Peer) => p.raw.filter((m) => m.startsWith('INVITE')).map((m) => /\r\nauthorization: *([^\r]*)/i.exec(m)?.[1]);

async function failureOf(net: SipNetwork) {
  const { signals } = dial(net);
  await until(() => signals.some((s) => s.type === 'failed'), 3000, 'failed signal');
  const f = signals.find((s) => s.type === 'failed');
  return f?.type === 'failed' ? f.failure : undefined;
}

test('with VOXCALL_SIP_REALM set, a challenge from another realm gets no credentials and the leg fails', async (t) => {
  const p = await challenger(['evil']);
  t.after(() => p.close());
  const { net, logs } = await network(t, `sip:127.0.0.1:${p.port}`, { username: 'acct', password: 'pw', realm: 'trunk.example.com' });
  const failure = await failureOf(net);
  assert.notEqual(failure, 'busy');
  await until(() => logs.some(([e]) => e === 'realm_refused'), 1000, 'realm_refused log');
  assert.deepEqual(authorizations(p), [undefined]);
});

test('without a realm set, the first realm challenged with is pinned and another is refused', async (t) => {
  const p = await challenger(['first', 'second', 'first']);
  t.after(() => p.close());
  const { net, logs } = await network(t, `sip:127.0.0.1:${p.port}`, { username: 'a"cct', password: 'pw' });
  assert.equal(await failureOf(net), 'busy');
  assert.notEqual(await failureOf(net), 'busy');
  assert.equal(await failureOf(net), 'busy');
  const auths = authorizations(p);
  assert.equal(auths.length, 5, auths.join(' | '));
  assert.deepEqual(auths.map((a) => a !== undefined), [false, true, false, false, true]);
  // The username's quote is escaped: the header's quoted-strings still parse.
  assert.match(auths[1]!, /^Digest username="a\\"cct", realm="first", /);
  assert.equal(logs.filter(([e]) => e === 'realm_pinned').length, 1);
});

test('a 2xx whose SDP differs from the 183\'s moves the media to the 2xx\'s address', async (t) => {
  const sdpAt = (port: number) => SDP.replace('m=audio 4000', `m=audio ${port}`);
  const p = await trunk((h) => {
    const head = (status: string, body: string) =>
      `SIP/2.0 ${status}\r\n${h('via')}\r\n${h('from')}\r\n${h('to')};tag=a\r\n${h('call-id')}\r\n${h('cseq')}\r\nContact: <sip:x@127.0.0.1:${p.port}>\r\nContent-Type: application/sdp\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    p.sock.send(head('183 Session Progress', sdpAt(40000)), p.lastFrom!.port, p.lastFrom!.address);
    return head('200 OK', sdpAt(41000));
  });
  t.after(() => p.close());
  const { net, media } = await network(t, `sip:127.0.0.1:${p.port}`);
  const { signals } = dial(net);
  await until(() => signals.some((s) => s.type === 'answer'), 3000, 'answer');
  assert.equal(media.sessions[0]?.connected?.remote.port, 41000);
});

/** A UDP peer bound to `address` (any 127.x.y.z is loopback on Linux). */
async function peerAt(address: string): Promise<Peer> {
  const sock = createSocket('udp4');
  await new Promise<void>((r, j) => {
    sock.once('error', j);
    sock.bind(0, address, () => r());
  });
  const p: Peer = { sock, port: sock.address().port, seen: [], raw: [], close: () => sock.close() };
  sock.on('message', (b: Buffer) => p.seen.push(b.toString().split('\r\n')[0]!));
  return p;
}

const finalOf = (p: Peer) => p.seen.find((l) => /^SIP\/2.0 [2-6]\d\d/.test(l));

test('an INVITE from an address other than the trunk\'s is dropped unanswered and counted; the trunk\'s is served', async (t) => {
  const stranger = await peerAt('127.0.0.2');
  const fromTrunk = await peerAt('127.0.0.1');
  t.after(() => (stranger.close(), fromTrunk.close()));
  const { net, logs } = await network(t, 'sip:127.0.0.1:9');
  let offers = 0;
  net.onInbound((o) => (offers++, o.reject(17)));
  await inviteFrom(stranger.sock, net.port, '');
  await until(() => net.stats.foreign === 1, 3000, 'the stranger\'s INVITE counted');
  assert.ok(logs.some(([e]) => e === 'foreign_invite'));
  await inviteFrom(fromTrunk.sock, net.port, '');
  await until(() => finalOf(fromTrunk) !== undefined, 3000, 'the trunk\'s INVITE answered');
  assert.equal(finalOf(fromTrunk), 'SIP/2.0 486 Busy Here');
  assert.equal(finalOf(stranger), undefined);
  assert.equal(offers, 1);
});

test('a trunk given by hostname is resolved at start: INVITEs from its address are served', async (t) => {
  const fromTrunk = await peerAt('127.0.0.1');
  t.after(() => fromTrunk.close());
  const { net } = await network(t, 'sip:localhost:9');
  await inviteFrom(fromTrunk.sock, net.port, '');
  await until(() => finalOf(fromTrunk) !== undefined, 3000, 'the INVITE answered');
  assert.equal(finalOf(fromTrunk), 'SIP/2.0 480 Temporarily Unavailable');
  assert.equal(net.stats.foreign, 0);
});
