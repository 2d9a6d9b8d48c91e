// VOXCALL_NETWORK and the SIP trunk's settings: defaults, and a one-line refusal naming the variable.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';

const sip = (extra: Record<string, string> = {}) => loadConfig({ VOXCALL_NETWORK: 'sip', VOXCALL_SIP_TRUNK: 'sip:127.0.0.1:5070', ...extra });

test('the simulated network is the default', () => {
  assert.deepEqual(loadConfig({}).network, { kind: 'simulated' });
  assert.deepEqual(loadConfig({ VOXCALL_NETWORK: 'simulated' }).network, { kind: 'simulated' });
});

test('a SIP trunk with only its URI gets the documented defaults', () => {
  const c = sip().network;
  assert.equal(c.kind, 'sip');
  assert.deepEqual(c.kind === 'sip' && c.sip, {
    trunk: 'sip:127.0.0.1:5070',
    transport: 'udp',
    listen: { address: '127.0.0.1', port: 5060 },
    rtpPorts: { min: 20000, max: 20999 },
    numberFormat: 'e164',
    countryCode: '+86',
    nationalPrefix: '0',
    rtpTimeoutMs: 30_000,
    tts: { engine: 'espeak-ng' },
  });
});

test('every SIP setting is read', () => {
  const c = sip({
    VOXCALL_SIP_TRUNK: 'sip:trunk.example.com:5080;transport=tcp',
    VOXCALL_SIP_USERNAME: 'acct',
    VOXCALL_SIP_PASSWORD: 'pw',
    VOXCALL_SIP_LISTEN: '10.0.0.5:5062',
    VOXCALL_SIP_PUBLIC_ADDRESS: '203.0.113.7',
    VOXCALL_RTP_PORTS: '30000-30099',
    VOXCALL_SIP_NUMBER_FORMAT: 'national',
    VOXCALL_HOME_COUNTRY_CODE: '+852',
    VOXCALL_SIP_NATIONAL_PREFIX: '',
    VOXCALL_RTP_TIMEOUT_S: '0',
    VOXCALL_TTS_COMMAND: 'mytts --lang {lang}',
  }).network;
  assert.ok(c.kind === 'sip');
  assert.deepEqual(
    [c.sip.transport, c.sip.username, c.sip.password, c.sip.listen, c.sip.publicAddress, c.sip.rtpPorts, c.sip.numberFormat, c.sip.countryCode, c.sip.nationalPrefix, c.sip.rtpTimeoutMs, c.sip.tts],
    ['tcp', 'acct', 'pw', { address: '10.0.0.5', port: 5062 }, '203.0.113.7', { min: 30000, max: 30099 }, 'national', '+852', '', 0, { engine: 'command', command: 'mytts --lang {lang}' }],
  );
});

test('bad SIP settings are refused with a message naming the variable', () => {
  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ VOXCALL_NETWORK: 'pstn' }, /VOXCALL_NETWORK must be simulated or sip/],
    [{ VOXCALL_SIP_TRUNK: '' }, /needs VOXCALL_SIP_TRUNK/],
    [{ VOXCALL_NETWORK: 'sip', VOXCALL_SIP_TRUNK: 'http://x' }, /VOXCALL_SIP_TRUNK must be a sip: URI/],
    [{ VOXCALL_NETWORK: 'sip', VOXCALL_SIP_TRUNK: 'sips:x' }, /VOXCALL_SIP_TRUNK must be a sip: URI/],
    [{ VOXCALL_NETWORK: 'sip', VOXCALL_SIP_TRUNK: 'sip:x:70000' }, /outside 1-65535/],
    [{ VOXCALL_NETWORK: 'sip', VOXCALL_SIP_TRUNK: 'sip:x;transport=sctp' }, /transport must be udp or tcp/],
    [{ VOXCALL_SIP_USERNAME: 'a' }, /go together/],
    [{ VOXCALL_SIP_TRUNK: 'sip:acct:secret@trunk.example.com' }, /VOXCALL_SIP_TRUNK must not carry a password/],
    [{ VOXCALL_SIP_USERNAME: 'a"b', VOXCALL_SIP_PASSWORD: 'pw' }, /VOXCALL_SIP_USERNAME must not contain a double quote/],
    [{ VOXCALL_SIP_REALM: 'x"y' }, /VOXCALL_SIP_REALM must not contain a double quote/],
    [{ VOXCALL_SIP_LISTEN: 'localhost:5060' }, /VOXCALL_SIP_LISTEN must be an IP address and port/],
    [{ VOXCALL_SIP_LISTEN: '[::1]:5060' }, /VOXCALL_SIP_LISTEN must be an IPv4 address and port \(IPv6 is not supported yet\)/],
    [{ VOXCALL_SIP_PUBLIC_ADDRESS: 'voice.example.com' }, /VOXCALL_SIP_PUBLIC_ADDRESS must be an IPv4 address/],
    [{ VOXCALL_SIP_PUBLIC_ADDRESS: '2001:db8::1' }, /VOXCALL_SIP_PUBLIC_ADDRESS must be an IPv4 address/],
    [{ VOXCALL_RTP_PORTS: '20000' }, /VOXCALL_RTP_PORTS must be a range/],
    [{ VOXCALL_RTP_PORTS: '100-200' }, /VOXCALL_RTP_PORTS must be a range/],
    [{ VOXCALL_SIP_NUMBER_FORMAT: 'e.164' }, /VOXCALL_SIP_NUMBER_FORMAT must be one of e164, e164-no-plus, national/],
    [{ VOXCALL_RTP_TIMEOUT_S: '1.5' }, /VOXCALL_RTP_TIMEOUT_S must be whole seconds/],
    [{ VOXCALL_SPEED: '5' }, /VOXCALL_SPEED applies to the simulated network only/],
  ];
  for (const [env, message] of bad) {
    const full = { VOXCALL_NETWORK: 'sip', VOXCALL_SIP_TRUNK: 'sip:127.0.0.1', ...env };
    assert.throws(() => loadConfig(full), (e) => e instanceof ConfigError && message.test(e.message), JSON.stringify(env));
  }
});

test('a trunk URI with a user but no password is kept; the digest realm is read', () => {
  const c = sip({ VOXCALL_SIP_TRUNK: 'sip:acct@trunk.example.com', VOXCALL_SIP_REALM: 'trunk.example.com' }).network;
  assert.ok(c.kind === 'sip');
  assert.deepEqual([c.sip.trunk, c.sip.realm], ['sip:acct@trunk.example.com', 'trunk.example.com']);
  const unset = sip().network;
  assert.equal(unset.kind === 'sip' && unset.sip.realm, undefined);
});
