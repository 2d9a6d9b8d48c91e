// The addresses of this machine's own interfaces. A push to one of them reaches a service of the
// node itself (an admin port bound to eth0, another process's API) whatever range the address is
// in, so the target guard refuses them like loopback. Interfaces change (DHCP, a VPN coming up,
// a container's network attached late), so the list is read again once it is a second old: a
// read costs about 30 µs and happens at most once a second, not on every connection.

import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import ipaddr from 'ipaddr.js';

export type InterfaceReader = () => NodeJS.Dict<NetworkInterfaceInfo[]>;

export interface OwnAddressOptions {
  /** Where the interfaces come from (default os.networkInterfaces). */
  read?: InterfaceReader;
  /** How old the list may be before it is read again (default 1000 ms). */
  maxAgeMs?: number;
  /** A monotonic clock in ms (default performance.now). */
  now?: () => number;
}

/** An address in one canonical text form, so `::ffff:7f00:1` and `::FFFF:127.0.0.1` compare equal. */
export function canonical(ip: string): string | undefined {
  try {
    const bare = ip.replace(/%.*$/, ''); // a zone id names the interface, not the address
    return ipaddr.parse(bare).toNormalizedString();
  } catch {
    return undefined;
  }
}

export class OwnAddresses {
  readonly #read: InterfaceReader;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  #set = new Set<string>();
  #readAt = -Infinity;

  constructor(opts: OwnAddressOptions = {}) {
    this.#read = opts.read ?? networkInterfaces;
    this.#maxAgeMs = opts.maxAgeMs ?? 1000;
    this.#now = opts.now ?? (() => performance.now());
  }

  /** Whether the address is one of this machine's interface addresses (any interface, up or not). */
  has(ip: string): boolean {
    const c = canonical(ip);
    return c !== undefined && this.#current().has(c);
  }

  /** Every own address, canonical (for the docs' example and tests). */
  list(): string[] {
    return [...this.#current()];
  }

  #current(): Set<string> {
    const now = this.#now();
    if (now - this.#readAt < this.#maxAgeMs) return this.#set;
    const next = new Set<string>();
    try {
      for (const infos of Object.values(this.#read())) {
        for (const info of infos ?? []) {
          const c = canonical(info.address);
          if (c !== undefined) next.add(c);
        }
      }
    } catch {
      // A failed read (no permission in a sandbox) keeps the previous list rather than none.
      return this.#set;
    }
    this.#set = next;
    this.#readAt = now;
    return next;
  }
}

/** The process-wide list the guard uses. */
export const ownAddresses = new OwnAddresses();
