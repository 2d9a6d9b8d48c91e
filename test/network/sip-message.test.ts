import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SipParseError } from '../../src/network/sip/errors.js';
import { frameLength, parseMessage, parseVia, serialize, MAX_MESSAGE_BYTES } from '../../src/network/sip/message.js';
import { formatNameAddr, formatUri, parseNameAddr, parseSipUri } from '../../src/network/sip/uri.js';

const INVITE = [
  'INVITE sip:+8613900000001@127.0.0.1:5070 SIP/2.0',
  'v: SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bKabc;rport, SIP/2.0/TCP proxy.example.com:5060;branch=z9hG4bKdef;received=10.0.0.1',
  'Max-Forwards: 70',
  'f: "Platform" <sip:+8675500000000@127.0.0.1>;tag=1928',
  't: <sip:+8613900000001@127.0.0.1>',
  'i: a84b4c76e66710',
  'CSeq: 314159 INVITE',
  'm: <sip:voxcall@127.0.0.1:5080>',
  'Record-Route: <sip:p1.example.com;lr>,',
  ' <sip:p2.example.com;lr>',
  'Subject: a folded',
  '\theader',
  'c: application/sdp',
  'l: 4',
  '',
  'v=0\r\nextra',
].join('\r\n');

test('a request with compact forms, folding and comma lists parses and serializes back', () => {
  const m = parseMessage(Buffer.from(INVITE));
  assert.equal(m.kind, 'request');
  if (m.kind !== 'request') return;
  assert.equal(m.method, 'INVITE');
  assert.equal(m.uri, 'sip:+8613900000001@127.0.0.1:5070');
  assert.equal(m.headers.all('via').length, 2);
  assert.deepEqual(m.headers.all('record-route'), ['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>']);
  assert.equal(m.headers.get('subject'), 'a folded header');
  assert.equal(m.headers.get('call-id'), 'a84b4c76e66710');
  assert.equal(m.body.toString(), 'v=0\r');
  const again = parseMessage(serialize(m));
  assert.deepEqual(again.headers.list, m.headers.list.map(([k, v]) => [k, k === 'content-length' ? '4' : v]));
  assert.match(serialize(m).toString(), /\r\nCall-ID: a84b4c76e66710\r\n/);
  const via = parseVia(m.headers.all('via')[1]!);
  assert.deepEqual(via, { transport: 'TCP', host: 'proxy.example.com', port: 5060, params: { branch: 'z9hG4bKdef', received: '10.0.0.1' } });
  assert.deepEqual(parseVia(m.headers.get('via')!).params, { branch: 'z9hG4bKabc', rport: null });
});

test('a response parses; frameLength finds one message in a stream', () => {
  const text = 'SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>;tag=2\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n';
  const m = parseMessage(Buffer.from(text));
  assert.equal(m.kind === 'response' && m.status, 180);
  const stream = Buffer.from(text + 'SIP/2.0 200');
  assert.equal(frameLength(stream), text.length);
  assert.equal(frameLength(Buffer.from(text.slice(0, 30))), undefined);
});

test('URIs and name-addrs', () => {
  const u = parseSipUri('sip:trunk.example.com:5060;transport=udp;lr');
  assert.deepEqual(u, { scheme: 'sip', host: 'trunk.example.com', port: 5060, params: { transport: 'udp', lr: null } });
  assert.equal(formatUri(u), 'sip:trunk.example.com:5060;transport=udp;lr');
  assert.equal(parseSipUri('sip:+86139@[::1]:5070').host, '[::1]');
  const n = parseNameAddr('"A, B" <sip:alice@h;transport=tcp>;tag=xyz');
  assert.deepEqual([n.display, n.uri.user, n.uri.params.transport, n.params.tag], ['A, B', 'alice', 'tcp', 'xyz']);
  assert.equal(parseNameAddr('sip:bob@h;tag=9').params.tag, '9');
  assert.equal(formatNameAddr(n), '"A, B" <sip:alice@h;transport=tcp>;tag=xyz');
  for (const bad of ['http://x', 'sip:', 'sip:a@', 'sip:h:99999', 'sip:h h']) assert.throws(() => parseSipUri(bad), SipParseError, bad);
});

test('hostile input throws SipParseError only, and quickly', () => {
  const base = 'Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n';
  const cases: string[] = [
    '',
    '\r\n\r\n',
    'garbage',
    'OPTIONS sip:h SIP/2.0\r\n\r\n',
    'OPTIONS sip:h SIP/3.0\r\n' + base + '\r\n',
    'OPTIONS sip:h SIP/2.0\r\n' + base + 'Content-Length: 99\r\n\r\nshort',
    'OPTIONS sip:h SIP/2.0\r\n' + base + 'Content-Length: -1\r\n\r\n',
    'OPTIONS sip:h SIP/2.0\r\n' + base.replace('1 OPTIONS', 'x OPTIONS') + '\r\n',
    'OPTIONS sip:h SIP/2.0\r\n' + base.replace('SIP/2.0/UDP h', 'nonsense') + '\r\n',
    'OPTIONS sip:h SIP/2.0\r\n' + base + 'No colon here\r\n\r\n',
    'OPTIONS sip:h SIP/2.0\r\n \tcontinued\r\n' + base + '\r\n',
    'OPTIONS sip:h SIP/2.0\r\n' + base + 'Contact: "unterminated <sip:x>\r\n\r\n',
    'SIP/2.0 99 Too Low\r\n' + base + '\r\n',
    'OPTIONS sip:h SIP/2.0\r\n' + base + 'X: y\r\n'.repeat(300) + '\r\n',
    'OPTIONS sip:h SIP/2.0\r\n' + base + 'X: ' + 'a'.repeat(MAX_MESSAGE_BYTES) + '\r\n\r\n',
    '\u0000\u0001\u0002\r\n\r\n',
  ];
  for (const c of cases) {
    assert.throws(() => parseMessage(Buffer.from(c)), SipParseError, JSON.stringify(c.slice(0, 60)));
  }
  assert.throws(() => frameLength(Buffer.alloc(MAX_MESSAGE_BYTES + 1, 0x41)), SipParseError);
  // Random bytes: never anything but SipParseError.
  for (let i = 0; i < 2000; i++) {
    const buf = Buffer.from(Array.from({ length: 1 + (i % 300) }, () => Math.floor(Math.random() * 256)));
    if (i % 2) buf.write('INVITE sip:h SIP/2.0\r\n' + base);
    try {
      parseMessage(buf);
    } catch (e) {
      assert.ok(e instanceof SipParseError, String(e));
    }
  }
});
