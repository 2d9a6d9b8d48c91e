// RFC 3550 header parsing (CSRC list, header extension, padding) and RFC 4733 event payloads;
// malformed input is null, never a throw.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildRtp, buildTelephoneEvent, dtmfDigit, parseRtp, parseTelephoneEvent } from '../../src/network/media/rtp-packet.js';

test('build then parse round-trips the header and payload', () => {
  const payload = Uint8Array.from({ length: 160 }, (_, i) => i);
  const pkt = parseRtp(buildRtp({ marker: true, payloadType: 8, seq: 65535, timestamp: 0xfffffff0, ssrc: 0xdeadbeef }, payload));
  assert.ok(pkt);
  assert.deepEqual({ ...pkt, payload: [...pkt.payload] }, { marker: true, payloadType: 8, seq: 65535, timestamp: 0xfffffff0, ssrc: 0xdeadbeef, csrc: [], payload: [...payload] });
});

test('CSRCs, a header extension and padding are skipped to the payload', () => {
  const buf = Buffer.from([
    0xb2, 0x00, 0x00, 0x07, 0, 0, 0, 160, 0, 0, 0, 9, // V=2 P=1 X=1 CC=2, PT 0, seq 7, ts 160, ssrc 9
    0, 0, 0, 1, 0, 0, 0, 2, // two CSRCs
    0xbe, 0xde, 0x00, 0x01, 1, 2, 3, 4, // extension: one 32-bit word
    0xaa, 0xbb, 0xcc, // payload
    0, 0, 3, // three octets of padding
  ]);
  const pkt = parseRtp(buf);
  assert.ok(pkt);
  assert.deepEqual(pkt.csrc, [1, 2]);
  assert.deepEqual([...pkt.payload], [0xaa, 0xbb, 0xcc]);
  assert.equal(pkt.seq, 7);
  assert.equal(pkt.timestamp, 160);
});

test('malformed datagrams are null', () => {
  const bad = [
    Buffer.alloc(0),
    Buffer.alloc(11, 0x80),
    Buffer.from([0x00, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]), // version 0
    Buffer.from([0x81, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]), // a CSRC announced, absent
    Buffer.from([0x90, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xbe, 0xde]), // extension header cut
    Buffer.from([0xa0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0]), // padding count 0
    Buffer.from([0xa0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 9]), // padding beyond the payload
  ];
  for (const b of bad) assert.equal(parseRtp(b), null, b.toString('hex'));
});

test('RFC 4733 telephone events: event, end bit, volume, duration', () => {
  const e = parseTelephoneEvent(Uint8Array.of(11, 0x8a, 0x03, 0x20));
  assert.deepEqual(e, { event: 11, end: true, volume: 10, duration: 800 });
  assert.deepEqual(parseTelephoneEvent(buildTelephoneEvent({ event: 5, end: false, volume: 63, duration: 65535 })), { event: 5, end: false, volume: 63, duration: 65535 });
  assert.equal(parseTelephoneEvent(Uint8Array.of(1, 2, 3)), null);
  assert.deepEqual([0, 9, 10, 11, 12, 15].map(dtmfDigit), ['0', '9', '*', '#', 'A', 'D']);
  assert.equal(dtmfDigit(16), undefined, 'flash is not a key');
});
