// Which addresses a push may be sent to. A push URL is chosen by whoever calls the API, so without
// this guard the platform would POST call data (and its signatures) to its own loopback, the
// operator's private network or a cloud metadata service (169.254.169.254) on their behalf.
// Which addresses are refused is address-kinds.ts (the IANA special-purpose registries through
// ipaddr.js, and the node's own addresses). They are checked on the address actually connected
// to (see sender.ts), so a name that resolves to a public address when the URL is given and to 127.0.0.1 later is still refused.

import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { classifyAddress, type TargetKind } from './address-kinds.js';
import { clearTimeout, setTimeout } from 'node:timers';

/** The error code of a refused push target; classify.ts maps it to 'blocked_target'. */
export const BLOCKED_TARGET_CODE = 'VOXCALL_BLOCKED_TARGET';
/** How an operator allows them, named in every refusal so the fix is one read away. */
export const ALLOW_HINT = 'push URLs must be public unless VOXCALL_ALLOW_PRIVATE_PUSH_URLS=1';
/** The request-time form, short enough to fit a Huawei resultdesc (128) for any IPv4 address. */
const REQUEST_HINT = 'not public (VOXCALL_ALLOW_PRIVATE_PUSH_URLS=1 allows it)';

export { classifyAddress, type TargetKind } from './address-kinds.js';

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

/** Resolves a name to all its addresses, in dns.lookup's shape (tests give their own). */
export type Resolve = (hostname: string, options: { family?: number | 'IPv4' | 'IPv6'; all: true; hints?: number }, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

/**
 * A lookup for net.connect/tls.connect that fails with a BlockedTargetError when any address of
 * the name is refused: one bad address is enough, since the socket may pick any of them (Node 20
 * tries them all with autoSelectFamily). net.connect never calls it for an IP literal.
 */
export function guardLookup(resolve: Resolve = dnsLookup as unknown as Resolve): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const bad = firstForbidden(addresses.map((a) => a.address));
      if (bad) return callback(new BlockedTargetError(bad, hostname), '');
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/** The guard over the system resolver. */
export const guardedLookup: LookupFunction = guardLookup();

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
