// The push-target guard: which addresses are refused, how a URL's host is checked (literal or
// resolved name), and delivery through a guarded agent against a real receiver on 127.0.0.1.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { classifyError } from '../../src/push/delivery/classify.js';
import { createAgent, send } from '../../src/push/delivery/sender.js';
import {
  BLOCKED_TARGET_CODE, BlockedTargetError, classifyAddress, forbiddenTarget, guardedLookup, pushUrlProblem, type TargetKind,
} from '../../src/push/delivery/target-guard.js';
import { Receiver } from '../helpers/receiver.js';

describe('classifyAddress', () => {
  const cases: Array<[string, TargetKind | undefined]> = [
    ['0.0.0.0', 'unspecified'], ['0.1.2.3', 'unspecified'],
    ['127.0.0.1', 'loopback'], ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'], ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'], ['172.31.255.255', 'private'], ['172.15.255.255', undefined], ['172.32.0.1', undefined],
    ['192.168.0.1', 'private'], ['192.169.0.1', undefined],
    ['169.254.169.254', 'link-local'], ['169.255.0.1', undefined],
    ['100.64.0.1', 'CGNAT'], ['100.127.255.255', 'CGNAT'], ['100.63.255.255', undefined], ['100.128.0.1', undefined],
    ['224.0.0.1', 'multicast'], ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'], ['240.0.0.1', 'reserved'],
    ['8.8.8.8', undefined], ['1.1.1.1', undefined], ['93.184.215.14', undefined],
    ['::', 'unspecified'], ['::1', 'loopback'], ['[::1]', 'loopback'],
    ['fc00::1', 'unique-local'], ['fd12:3456:789a::1', 'unique-local'],
    ['fe80::1', 'link-local'], ['febf:ffff::1', 'link-local'], ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:4860:4860::8888', undefined], ['2606:4700::1111', undefined],
    // IPv4-mapped IPv6: the socket reaches the IPv4 address, so the IPv4 ranges apply.
    ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'], ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'link-local'], ['::ffff:8.8.8.8', undefined],
    // IPv6 forms a translator or tunnel delivers to an IPv4 address: judged by that address.
    ['64:ff9b::a9fe:a9fe', 'link-local'], ['64:ff9b::127.0.0.1', 'loopback'], ['64:ff9b::808:808', undefined],
    ['64:ff9b:1::a00:1', 'private'], ['::7f00:1', 'loopback'], ['2002:7f00:1::', 'loopback'],
    ['2002:c0a8:101::1', 'private'], ['2002:808:808::1', undefined], ['2001:db8::1', undefined],
    ['localhost', undefined], ['example.com', undefined], ['', undefined],
  ];
  for (const [ip, kind] of cases) {
    test(`${ip || '(empty)'} -> ${kind ?? 'allowed'}`, () => assert.equal(classifyAddress(ip), kind));
  }
});

describe('forbiddenTarget', () => {
  const never = () => Promise.reject(new Error('no lookup expected for an IP literal'));

  test('IP literals, as the URL parser normalises them, are checked without a lookup', async () => {
    const cases: Array<[string, string, TargetKind]> = [
      ['http://127.0.0.1:9000/status', '127.0.0.1', 'loopback'],
      ['http://2130706433/status', '127.0.0.1', 'loopback'],
      ['http://0x7f.1/status', '127.0.0.1', 'loopback'],
      ['http://[::ffff:127.0.0.1]:8080/', '::ffff:7f00:1', 'loopback'],
      ['https://[fe80::1]/x', 'fe80::1', 'link-local'],
      ['http://169.254.169.254/latest/meta-data', '169.254.169.254', 'link-local'],
    ];
    for (const [url, address, kind] of cases) {
      assert.deepEqual(await forbiddenTarget(url, { lookup: never }), { address, kind }, url);
    }
    assert.equal(await forbiddenTarget('http://8.8.8.8/status', { lookup: never }), undefined);
  });

  test('localhost is refused through the system resolver', async () => {
    const bad = await forbiddenTarget('http://localhost:9/status');
    assert.equal(bad?.kind, 'loopback');
  });

  test('a name is refused when any of its addresses is; public names, failures and slow resolvers pass', async () => {
    assert.deepEqual(await forbiddenTarget('http://mixed.test/', { lookup: async () => ['8.8.8.8', '10.1.2.3'] }), { address: '10.1.2.3', kind: 'private' });
    assert.equal(await forbiddenTarget('http://public.test/', { lookup: async () => ['8.8.8.8', '2001:4860:4860::8888'] }), undefined);
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    assert.equal(await forbiddenTarget('http://nowhere.test/', { lookup: () => Promise.reject(notFound) }), undefined);
    const started = Date.now();
    assert.equal(await forbiddenTarget('http://slow.test/', { lookup: () => new Promise(() => {}), timeoutMs: 50 }), undefined);
    assert.ok(Date.now() - started < 1000);
  });

  test('pushUrlProblem names the field and the fix, and checks nothing when private targets are allowed', async () => {
    assert.equal(
      await pushUrlProblem('statusUrl', 'http://127.0.0.1:9/s', false),
      'statusUrl resolves to 127.0.0.1 (loopback), not public (VOXCALL_ALLOW_PRIVATE_PUSH_URLS=1 allows it)',
    );
    assert.equal(await pushUrlProblem('statusUrl', 'http://127.0.0.1:9/s', true, { lookup: never }), undefined);
    assert.equal(await pushUrlProblem('url', 'http://localhost/s', true, { lookup: never }), undefined);
  });
});

describe('guardedLookup (the delivery-time check of resolved names)', () => {
  const lookup = (host: string, all: boolean) =>
    new Promise<{ err: NodeJS.ErrnoException | null; address: unknown; family?: number }>((resolve) =>
      guardedLookup(host, { all }, (err, address, family) => resolve({ err, address, family })));

  test('a name resolving to loopback fails with the blocked-target code', async () => {
    for (const all of [false, true]) {
      const { err } = await lookup('localhost', all);
      assert.ok(err instanceof BlockedTargetError);
      assert.equal(err.code, BLOCKED_TARGET_CODE);
      assert.match(err.message, /^(127\.0\.0\.1|::1) \(loopback\) is not an allowed push target \(localhost resolves to it\)/);
    }
  });

  test('a public address is answered in the shape net.connect asked for', async () => {
    assert.deepEqual(await lookup('8.8.8.8', false), { err: null, address: '8.8.8.8', family: 4 });
    assert.deepEqual(await lookup('8.8.8.8', true), { err: null, address: [{ address: '8.8.8.8', family: 4 }], family: undefined });
  });

  test('classify.ts maps it to blocked_target, also as the cause of another error', () => {
    const blocked = new BlockedTargetError({ address: '10.0.0.1', kind: 'private' }, '10.0.0.1');
    assert.equal(classifyError(blocked), 'blocked_target');
    assert.equal(classifyError(new Error('connect failed', { cause: blocked })), 'blocked_target');
  });
});

describe('delivery through a guarded agent (real receiver on 127.0.0.1)', () => {
  let rx: Receiver;
  let port: string;
  const guarded = createAgent({ allowPrivate: false });
  before(async () => {
    rx = await new Receiver().start();
    port = new URL(rx.url).port;
  });
  after(async () => {
    await guarded.close();
    await rx.close();
  });
  const post = (agent: ReturnType<typeof createAgent>, url: string) => send(agent, url, { 'content-type': 'application/json' }, '{"eventType":"callout"}', 2000);

  test('IP literals are refused before connecting: no request reaches the receiver', async () => {
    for (const [url, address] of [[`http://127.0.0.1:${port}/status`, '127.0.0.1'], [`https://127.0.0.1:${port}/status`, '127.0.0.1'], [`http://[::1]:${port}/status`, '::1']] as const) {
      const res = await post(guarded, url);
      assert.equal(res.kind, 'error', url);
      assert.equal(res.kind === 'error' && res.errorClass, 'blocked_target', url);
      assert.ok(res.kind === 'error' && res.error.startsWith(`${BLOCKED_TARGET_CODE}: ${address} (loopback) is not an allowed push target`), JSON.stringify(res));
    }
    assert.equal(rx.received.length, 0);
  });

  test('a name resolving to loopback is refused after resolution (http and https)', async () => {
    for (const scheme of ['http', 'https']) {
      const res = await post(guarded, `${scheme}://localhost:${port}/status`);
      assert.equal(res.kind === 'error' && res.errorClass, 'blocked_target', JSON.stringify(res));
      assert.match(res.kind === 'error' ? res.error : '', /(127\.0\.0\.1|::1) \(loopback\) is not an allowed push target \(localhost resolves to it\)/);
    }
    assert.equal(rx.received.length, 0);
  });

  test('an agent allowing private targets (the default) delivers to the same receiver', async () => {
    for (const agent of [createAgent({ allowPrivate: true }), createAgent()]) {
      const res = await post(agent, `http://localhost:${port}/status`);
      assert.equal(res.kind === 'response' && res.status, 200, JSON.stringify(res));
      await agent.close();
    }
    assert.equal(rx.received.length, 2);
  });
});
