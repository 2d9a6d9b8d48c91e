// The push-target guard: which addresses are refused, how a URL's host is checked (literal or
// resolved name), and delivery through a guarded agent against a real receiver on 127.0.0.1.

import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { after, before, describe, test } from 'node:test';
import ipaddr from 'ipaddr.js';
import { classifyError } from '../../src/push/delivery/classify.js';
import { createAgent, send } from '../../src/push/delivery/sender.js';
import {
  BLOCKED_TARGET_CODE, BlockedTargetError, classifyAddress, forbiddenTarget, guardedLookup, pushUrlProblem, type Resolve, type TargetKind,
} from '../../src/push/delivery/target-guard.js';
import { OwnAddresses } from '../../src/push/delivery/own-addresses.js';
import { Receiver } from '../helpers/receiver.js';

/** No own addresses: the range tables are checked alone (this machine's eth0 sits in 192.0.2.0/24). */
const none = new OwnAddresses({ read: () => ({}) });

/**
 * The IANA IPv4 and IPv6 special-purpose registries (and the address-space registries' multicast,
 * site-local and the non-2000::/3 remainder), as docs/delivery.md tables them. The most specific
 * range names an address. IPv6 forms carrying an IPv4 address are checked separately below.
 */
const SPECIAL: Array<[cidr: string, kind: TargetKind]> = [
  ['0.0.0.0/8', 'unspecified'], ['10.0.0.0/8', 'private'], ['100.64.0.0/10', 'CGNAT'], ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'], ['172.16.0.0/12', 'private'], ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'reserved'], ['192.31.196.0/24', 'anycast'], ['192.52.193.0/24', 'anycast'],
  ['192.88.99.0/24', 'reserved'], ['192.168.0.0/16', 'private'], ['192.175.48.0/24', 'anycast'],
  ['198.18.0.0/15', 'reserved'], ['198.51.100.0/24', 'reserved'], ['203.0.113.0/24', 'reserved'],
  ['224.0.0.0/4', 'multicast'], ['240.0.0.0/4', 'reserved'], ['255.255.255.255/32', 'broadcast'],
  ['::/128', 'unspecified'], ['::1/128', 'loopback'], ['100::/64', 'discard'], ['100:0:0:1::/64', 'reserved'],
  ['2001::/23', 'reserved'], ['2001::/32', 'tunnel'], ['2001:2::/48', 'benchmarking'], ['2001:3::/32', 'anycast'],
  ['2001:4:112::/48', 'anycast'], ['2001:10::/28', 'identifier'], ['2001:20::/28', 'identifier'],
  ['2001:30::/28', 'identifier'], ['2001:db8::/32', 'reserved'], ['2620:4f:8000::/48', 'anycast'],
  ['3fff::/20', 'reserved'], ['5f00::/16', 'SRv6'], ['fc00::/7', 'unique-local'], ['fe80::/10', 'link-local'],
  ['fec0::/10', 'private'], ['ff00::/8', 'multicast'],
  // Outside 2000::/3, the only global unicast block.
  ['::/3', 'reserved'], ['4000::/2', 'reserved'], ['8000::/1', 'reserved'],
];

const toBig = (a: ipaddr.IPv4 | ipaddr.IPv6): bigint => a.toByteArray().reduce((n, b) => (n << 8n) | BigInt(b), 0n);
function fromBig(n: bigint, v6: boolean): string {
  const len = v6 ? 16 : 4;
  const bytes = Array.from({ length: len }, (_, i) => Number((n >> BigInt(8 * (len - 1 - i))) & 255n));
  return ipaddr.fromByteArray(bytes).toString();
}
/** The range's first and last address and its two neighbours (where they exist). */
function probes(cidr: string): string[] {
  const [net, bits] = ipaddr.parseCIDR(cidr);
  const width = net.kind() === 'ipv6' ? 128 : 32;
  const first = toBig(net) & ~((1n << BigInt(width - bits)) - 1n);
  const last = first + (1n << BigInt(width - bits)) - 1n;
  const max = (1n << BigInt(width)) - 1n;
  return [first - 1n, first, last, last + 1n].filter((n) => n >= 0n && n <= max).map((n) => fromBig(n, width === 128));
}
/** IPv6 addresses that carry an IPv4 address (judged by it, tested on their own). */
const carriesIpv4 = (ip: string): boolean => {
  const p = ipaddr.parse(ip);
  if (p.kind() === 'ipv4') return false;
  const g = (p as ipaddr.IPv6).parts;
  return (g.slice(0, 5).every((x) => x === 0) && g[5] !== undefined && (g[5] === 0 || g[5] === 0xffff) && !(g[5] === 0 && g[6] === 0 && g[7]! <= 1))
    || (g.slice(0, 4).every((x) => x === 0) && g[4] === 0xffff && g[5] === 0)
    || (g[0] === 0x64 && g[1] === 0xff9b) || g[0] === 0x2002;
};
/** The expected kind: the most specific range of the table holding the address, else public. */
function expected(ip: string): TargetKind | undefined {
  const a = ipaddr.parse(ip);
  let best: [number, TargetKind] | undefined;
  for (const [cidr, kind] of SPECIAL) {
    const [net, bits] = ipaddr.parseCIDR(cidr);
    if (net.kind() === a.kind() && a.match(net, bits) && (!best || bits > best[0])) best = [bits, kind];
  }
  return best?.[1];
}

describe('classifyAddress: every special-purpose range, inside and just outside', () => {
  for (const [cidr, kind] of SPECIAL) {
    test(`${cidr} (${kind})`, () => {
      assert.ok(probes(cidr).some((ip) => expected(ip) === kind), 'the range names its own addresses');
      for (const ip of probes(cidr)) {
        if (carriesIpv4(ip)) continue;
        assert.equal(classifyAddress(ip, none), expected(ip), ip);
      }
    });
  }
  test('the neighbours probed include public addresses on both sides (the test can fail)', () => {
    const publics = SPECIAL.flatMap(([c]) => probes(c)).filter((ip) => !carriesIpv4(ip) && expected(ip) === undefined);
    for (const ip of ['9.255.255.255', '11.0.0.0', '198.17.255.255', '198.20.0.0', '203.0.112.255', '203.0.114.0', '2001:db7:ffff:ffff:ffff:ffff:ffff:ffff', '2001:db9::', '2000::']) {
      assert.ok(publics.includes(ip), ip);
      assert.equal(classifyAddress(ip, none), undefined, ip);
    }
  });

  const cases: Array<[string, TargetKind | undefined]> = [
    // The ranges the issue found accepted.
    ['198.18.0.1', 'reserved'], ['198.19.255.255', 'reserved'], ['192.0.0.9', 'reserved'], ['192.0.0.10', 'reserved'],
    ['203.0.113.7', 'reserved'], ['2001:db8::1', 'reserved'], ['100::1', 'discard'], ['2001:1::1', 'reserved'],
    ['8.8.8.8', undefined], ['1.1.1.1', undefined], ['93.184.215.14', undefined],
    ['2001:4860:4860::8888', undefined], ['2606:4700::1111', undefined], ['[::1]', 'loopback'],
    // IPv4-mapped IPv6: a refused address inside names it; a public one is refused as mapped all the same.
    ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'], ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'link-local'], ['::ffff:8.8.8.8', 'ipv4-mapped'], ['::ffff:0:0', 'unspecified'],
    ['::ffff:203.0.113.1', 'reserved'], ['::ffff:0:8.8.8.8', 'translated'], ['::ffff:0:a00:1', 'private'],
    // IPv6 forms a translator or tunnel delivers to an IPv4 address: judged by that address.
    ['64:ff9b::a9fe:a9fe', 'link-local'], ['64:ff9b::127.0.0.1', 'loopback'], ['64:ff9b::808:808', undefined],
    ['64:ff9b::c000:202', 'reserved'], ['64:ff9b:1::a00:1', 'private'], ['64:ff9b:1::808:808', undefined],
    ['::7f00:1', 'loopback'], ['::808:808', undefined], ['2002:7f00:1::', 'loopback'],
    ['2002:c0a8:101::1', 'private'], ['2002:c612:1::1', 'reserved'], ['2002:808:808::1', undefined],
    ['fe80::1%eth0', 'link-local'], ['localhost', undefined], ['example.com', undefined], ['', undefined],
  ];
  for (const [ip, kind] of cases) {
    test(`${ip || '(empty)'} -> ${kind ?? 'allowed'}`, () => assert.equal(classifyAddress(ip, none), kind));
  }
});

describe("the node's own addresses", () => {
  const external = Object.values(networkInterfaces()).flat().filter((i) => i && !i.internal).map((i) => i!.address);

  test('the guard reads this machine\'s real interfaces, and refuses every non-loopback address of them as the node\'s own', () => {
    // Every interface address, loopback included, is in the default list: it reads the real
    // interfaces (a machine with loopback only still checks this); each external one is refused.
    const all = Object.values(networkInterfaces()).flat().filter((i) => i !== undefined).map((i) => ipaddr.parse(i.address.replace(/%.*$/, '')).toNormalizedString());
    assert.ok(all.length > 0, 'os.networkInterfaces() lists at least loopback');
    assert.deepEqual(new OwnAddresses().list().sort(), [...new Set(all)].sort());
    for (const ip of external) assert.equal(classifyAddress(ip), 'own address', ip);
  });

  test('an own address in a public range is refused; mapped, NAT64 and 6to4 forms of it too', () => {
    const own = new OwnAddresses({ read: () => ({ eth9: [{ address: '93.184.215.14', netmask: '255.255.255.0', family: 'IPv4', mac: '02:00:00:00:00:01', internal: false, cidr: '93.184.215.14/24' }] }) });
    for (const ip of ['93.184.215.14', '::ffff:93.184.215.14', '64:ff9b::5db8:d70e', '2002:5db8:d70e::1']) assert.equal(classifyAddress(ip, own), 'own address', ip);
    assert.equal(classifyAddress('93.184.215.15', own), undefined);
  });

  test('the list is read again once it is older than maxAgeMs', () => {
    let now = 0;
    let addrs = ['203.0.113.50'];
    const own = new OwnAddresses({
      now: () => now, maxAgeMs: 1000,
      read: () => ({ eth0: addrs.map((address) => ({ address, netmask: '255.255.255.0', family: 'IPv4' as const, mac: '', internal: false, cidr: null })) }),
    });
    assert.ok(own.has('203.0.113.50'));
    addrs = ['8.8.4.4'];
    now = 999;
    assert.ok(!own.has('8.8.4.4'), 'still the list read at 0');
    now = 1000;
    assert.ok(own.has('8.8.4.4'), 'read again');
    assert.ok(!own.has('203.0.113.50'), 'an address that went is no longer own');
  });
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

  test('special-purpose and own addresses are refused on the connect path, literal or resolved, nothing connected', async () => {
    const eth = Object.values(networkInterfaces()).flat().find((i) => i && !i.internal && i.family === 'IPv4')?.address;
    const answers: Record<string, string[]> = {
      'bench.test': ['198.18.0.1'], 'docs.test': ['8.8.8.8', '203.0.113.7'], 'v6docs.test': ['2001:db8::1'],
      'mapped.test': ['::ffff:8.8.8.8'], 'discard.test': ['100::1'], ...(eth ? { 'self.test': [eth] } : {}),
    };
    const asked: string[] = [];
    const resolve: Resolve = (host, _opts, cb) => {
      asked.push(host);
      const list = answers[host];
      if (!list) return cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }), []);
      cb(null, list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
    };
    const agent = createAgent({ allowPrivate: false, resolve });
    try {
      const urls: Array<[string, RegExp]> = [
        ...Object.keys(answers).map((h): [string, RegExp] => [`http://${h}:${port}/s`, new RegExp(`\\(${h.replace('.', '\\.')} resolves to it\\)`)]),
        [`http://192.0.0.9:${port}/s`, /^VOXCALL_BLOCKED_TARGET: 192\.0\.0\.9 \(reserved\)/],
        [`https://[2001:db8::5]:${port}/s`, /2001:db8::5 \(reserved\)/],
        [`http://[::ffff:203.0.113.1]:${port}/s`, /\(reserved\)/],
        ...(eth ? [[`http://${eth}:${port}/s`, new RegExp(`${eth.replaceAll('.', '\\.')} \\(own address\\)`)] as [string, RegExp]] : []),
      ];
      for (const [url, message] of urls) {
        const res = await post(agent, url);
        assert.equal(res.kind === 'error' && res.errorClass, 'blocked_target', `${url}: ${JSON.stringify(res)}`);
        assert.match(res.kind === 'error' ? res.error : '', message, url);
      }
      assert.deepEqual(asked.sort(), Object.keys(answers).sort(), 'names were resolved through the guard, literals were not');
      if (eth) assert.match(JSON.stringify(await post(agent, `http://self.test:${port}/s`)), new RegExp(`${eth.replaceAll('.', '\\.')} \\(own address\\)`));
    } finally {
      await agent.close();
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
