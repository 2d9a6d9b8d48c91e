// Which addresses a push may be sent to. A push URL is chosen by whoever calls the API, so without
// this guard the platform would POST call data (and its signatures) to its own loopback, the
// operator's private network or a cloud metadata service (169.254.169.254) on their behalf.
// The ranges are node:net BlockLists (IPv4 rules also match IPv4-mapped IPv6 addresses there);
// they are checked on the address actually connected to (see sender.ts), so a name that
// resolves to a public address when the URL is given and to 127.0.0.1 later is still refused.

import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { clearTimeout, setTimeout } from 'node:timers';

/** The error code of a refused push target; classify.ts maps it to 'blocked_target'. */
export const BLOCKED_TARGET_CODE = 'VOXCALL_BLOCKED_TARGET';
/** How an operator allows them, named in every refusal so the fix is one read away. */
export const ALLOW_HINT = 'push URLs must be public unless VOXCALL_ALLOW_PRIVATE_PUSH_URLS=1';
/** The request-time form, short enough to fit a Huawei resultdesc (128) for any IPv4 address. */
const REQUEST_HINT = 'not public (VOXCALL_ALLOW_PRIVATE_PUSH_URLS=1 allows it)';

export type TargetKind =
  | 'unspecified' | 'loopback' | 'private' | 'link-local' | 'CGNAT' | 'unique-local'
  | 'multicast' | 'broadcast' | 'reserved';

type Range = [kind: TargetKind, network: string, prefix: number];

/** First match names the kind, so narrower ranges come before the ones containing them. */
export const REFUSED_RANGES: readonly Range[] = [
  ['unspecified', '0.0.0.0', 8],
  ['loopback', '127.0.0.0', 8],
  ['private', '10.0.0.0', 8],
  ['private', '172.16.0.0', 12],
  ['private', '192.168.0.0', 16],
  ['link-local', '169.254.0.0', 16],
  ['CGNAT', '100.64.0.0', 10],
  ['multicast', '224.0.0.0', 4],
  ['broadcast', '255.255.255.255', 32],
  ['reserved', '240.0.0.0', 4],
  ['unspecified', '::', 128],
  ['loopback', '::1', 128],
  ['unique-local', 'fc00::', 7],
  ['link-local', 'fe80::', 10],
  // Deprecated site-local: no longer assigned, but some networks still route it internally.
  ['private', 'fec0::', 10],
  ['multicast', 'ff00::', 8],
];

const LISTS: ReadonlyArray<[TargetKind, BlockList]> = REFUSED_RANGES.map(([kind, network, prefix]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, isIP(network) === 6 ? 'ipv6' : 'ipv4');
  return [kind, list];
});

/** The kind of a refused address, or undefined for a public one (and for anything not an IP). */
export function classifyAddress(ip: string): TargetKind | undefined {
  const bare = unbracket(ip);
  const family = isIP(bare);
  if (family === 0) return undefined;
  const type = family === 6 ? 'ipv6' : 'ipv4';
  for (const [kind, list] of LISTS) if (list.check(bare, type)) return kind;
  const inner = family === 6 ? embeddedIpv4(bare) : undefined;
  return inner === undefined ? undefined : classifyAddress(inner);
}

/** The 8 groups of an IPv6 address, a dotted IPv4 tail folded into the last two. */
function groups(ip: string): number[] | undefined {
  let text = ip.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const part = (s: string | undefined) => (s ? s.split(':').map((h) => parseInt(h, 16)) : []);
  const left = part(head);
  const right = part(tail);
  const out = tail === undefined ? left : [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  return out.length === 8 && out.every((g) => g >= 0 && g <= 0xffff) ? out : undefined;
}

/**
 * IPv6 forms that carry an IPv4 address a translator or tunnel may deliver to: NAT64
 * (64:ff9b::/96 and the local-use 64:ff9b:1::/48), IPv4-compatible (::/96) and 6to4 (2002::/16).
 * They are judged by the IPv4 address inside, so 64:ff9b::a9fe:a9fe is the metadata service.
 */
function embeddedIpv4(ip: string): string | undefined {
  const g = groups(ip);
  if (!g) return undefined;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (g[0] === 0x64 && g[1] === 0xff9b && (zeros(2, 6) || g[2] === 1)) return v4(g[6]!, g[7]!);
  if (zeros(0, 6)) return v4(g[6]!, g[7]!);
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!);
  return undefined;
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

export interface ForbiddenTarget {
  address: string;
  kind: TargetKind;
}

/** "127.0.0.1 (loopback)": how refusals name an address. */
export const describeTarget = (t: ForbiddenTarget): string => `${t.address} (${t.kind})`;

export class BlockedTargetError extends Error {
  readonly code = BLOCKED_TARGET_CODE;
  readonly address: string;
  readonly kind: TargetKind;

  constructor(target: ForbiddenTarget, host: string) {
    const via = unbracket(host) === target.address ? '' : ` (${host} resolves to it)`;
    super(`${describeTarget(target)} is not an allowed push target${via}: ${ALLOW_HINT}`);
    this.name = 'BlockedTargetError';
    this.address = target.address;
    this.kind = target.kind;
  }
}

function firstForbidden(addresses: readonly string[]): ForbiddenTarget | undefined {
  for (const address of addresses) {
    const kind = classifyAddress(address);
    if (kind) return { address, kind };
  }
  return undefined;
}

/**
 * A lookup for net.connect/tls.connect that fails with a BlockedTargetError when any address of
 * the name is refused: one bad address is enough, since the socket may pick any of them (Node 20
 * tries them all with autoSelectFamily). net.connect never calls it for an IP literal.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '');
    const bad = firstForbidden(addresses.map((a) => a.address));
    if (bad) return callback(new BlockedTargetError(bad, hostname), '');
    if (options.all) return callback(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};

/** The refused address a URL's host is (an IP literal), or undefined. */
export function literalTarget(host: string): ForbiddenTarget | undefined {
  const bare = unbracket(host);
  const kind = classifyAddress(bare);
  return kind ? { address: bare, kind } : undefined;
}

export interface CheckOptions {
  /** How long a name may take to resolve; past it the URL is let through (delivery checks again). */
  timeoutMs?: number;
  lookup?: (host: string) => Promise<string[]>;
}

const systemLookup = (host: string): Promise<string[]> =>
  new Promise((resolve, reject) => {
    dnsLookup(host, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses.map((a) => a.address))));
  });

/**
 * The refused address a URL points at: its IP literal, or an address its name resolves to now.
 * A name that does not resolve (or not within the timeout) is not refused here: it may resolve
 * later, and delivery records the failure if it does not; refusing it would turn a DNS hiccup
 * into a rejected call.
 */
export async function forbiddenTarget(url: string, opts: CheckOptions = {}): Promise<ForbiddenTarget | undefined> {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return undefined;
  }
  if (host === '') return undefined;
  if (isIP(unbracket(host)) !== 0) return literalTarget(host);
  const lookup = opts.lookup ?? systemLookup;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, opts.timeoutMs ?? 1000, undefined);
  });
  try {
    const addresses = await Promise.race([lookup(host).catch(() => undefined), timeout]);
    return addresses ? firstForbidden(addresses) : undefined;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Request-time check of a push URL given to an API: the refusal sentence naming the field, or
 * undefined when the URL is acceptable (always, when private targets are allowed).
 */
export async function pushUrlProblem(field: string, url: string, allowPrivate: boolean, opts?: CheckOptions): Promise<string | undefined> {
  if (allowPrivate) return undefined;
  const bad = await forbiddenTarget(url, opts);
  return bad ? `${field} resolves to ${describeTarget(bad)}, ${REQUEST_HINT}` : undefined;
}
