import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failureFor, reasonCause, statusForCause } from '../../src/network/sip/causes.js';
import { Headers } from '../../src/network/sip/message.js';
import { formatNumber, readNumber } from '../../src/network/sip/numbers.js';
import { buildAnswer, buildOffer, negotiate, parseSdp } from '../../src/network/sip/sdp.js';

test('our offer lists PCMA, PCMU and telephone-event, ptime 20, sendrecv, and reads back as itself', () => {
  const offer = buildOffer({ address: '192.0.2.10', port: 20_000, sessionId: '1' }).toString();
  assert.match(offer, /^m=audio 20000 RTP\/AVP 8 0 101\r$/m);
  for (const line of ['a=rtpmap:8 PCMA/8000', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=ptime:20', 'a=sendrecv', 'c=IN IP4 192.0.2.10']) {
    assert.ok(offer.includes(`${line}\r\n`), line);
  }
  assert.deepEqual(negotiate(parseSdp(offer)), { remote: { address: '192.0.2.10', port: 20_000 }, codec: 'PCMA', payloadType: 8, telephoneEventPt: 101 });
});

test('an answer: media-level c= wins, first G.711 in the far end\'s order, its telephone-event type; unusable ones are undefined', () => {
  const sdp = 'v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 18 0 8 96\r\nc=IN IP4 10.0.0.2\r\na=rtpmap:18 G729/8000\r\na=rtpmap:96 telephone-event/8000\r\n';
  assert.deepEqual(negotiate(parseSdp(sdp)), { remote: { address: '10.0.0.2', port: 4000 }, codec: 'PCMU', payloadType: 0, telephoneEventPt: 96 });
  assert.equal(negotiate(parseSdp('v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 0 RTP/AVP 8\r\n')), undefined, 'port 0: stream refused');
  assert.equal(negotiate(parseSdp('v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 18\r\n')), undefined, 'no G.711');
  assert.equal(negotiate(parseSdp('v=0\r\nm=audio 4000 RTP/AVP 8\r\n')), undefined, 'no address');
  assert.equal(negotiate(parseSdp('')), undefined);
  const answer = buildAnswer({ address: '127.0.0.1', port: 30_000, sessionId: '2', params: { remote: { address: 'x', port: 1 }, codec: 'PCMU', payloadType: 0, telephoneEventPt: 96 } }).toString();
  assert.match(answer, /^m=audio 30000 RTP\/AVP 0 96\r$/m);
});

test('numbers are written per the trunk\'s format and read back into E.164', () => {
  assert.equal(formatNumber('+8613900000001', { style: 'e164' }), '+8613900000001');
  assert.equal(formatNumber('8613900000001', { style: 'e164' }), '+8613900000001');
  assert.equal(formatNumber('+8613900000001', { style: 'e164-no-plus' }), '8613900000001');
  const national = { style: 'national', countryCode: '86' } as const;
  assert.equal(formatNumber('+8613900000001', national), '013900000001');
  assert.equal(formatNumber('+4930123', national), '4930123');
  assert.equal(readNumber('013900000001', national), '+8613900000001');
  assert.equal(readNumber('8613900000001', { style: 'e164-no-plus' }), '+8613900000001');
  assert.equal(readNumber('+86 139', { style: 'e164' }), '+86139');
});

test('a Reason cause decides the failure when it names one; the status otherwise', () => {
  const reason = (v: string) => new Headers().add('reason', v);
  assert.equal(failureFor(480), 'no_answer');
  assert.equal(failureFor(480, reason('Q.850;cause=20;text="absent"')), 'powered_off');
  assert.equal(failureFor(480, reason('SIP;cause=480, Q.850;cause=17')), 'busy');
  assert.equal(failureFor(486, reason('Q.850;cause=99')), 'busy');
  for (const [s, f] of [[486, 'busy'], [600, 'busy'], [404, 'vacant'], [484, 'vacant'], [604, 'vacant'], [603, 'rejected'], [408, 'unreachable'], [500, 'unreachable'], [503, 'unreachable'], [488, 'unreachable']] as const) {
    assert.equal(failureFor(s), f, String(s));
  }
  assert.equal(reasonCause(reason('Q.850 ; cause = 16')), 16);
  assert.equal(reasonCause(reason('SIP;cause=200')), undefined);
  assert.deepEqual([statusForCause(17), statusForCause(21), statusForCause(1), statusForCause(16), statusForCause(44), statusForCause(100)], [486, 403, 404, 480, 503, 500]);
});
