// Where inbound INVITEs may come from: the addresses of the trunk's host and of the hosts numbers
// are routed to. A hostname is resolved with the system resolver (dns.lookup, /etc/hosts included)
// at start and again on each refresh, so a lookup that failed, or an address that moved, catches up.

import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** IPv4-mapped IPv6 ('::ffff:127.0.0.1', as a dual-stack TCP socket reports it) as plain IPv4. */
const plain = (address: string): string => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '').replace(/^\[|\]$/g, '');

export class TrustedSources {
  readonly #addresses = new Set<string>();
  readonly #names = new Set<string>();

  constructor(private readonly onFailure: (host: string, error: string) => void) {}

  /** Trusts a host from now on: an IP at once, a name once resolved (awaited by the caller if it must). */
  add(host: string): Promise<void> {
    const h = plain(host);
    if (isIP(h) !== 0) {
      this.#addresses.add(h);
      return Promise.resolve();
    }
    if (this.#names.has(h.toLowerCase())) return Promise.resolve();
    this.#names.add(h.toLowerCase());
    return this.#resolve(h);
  }

  /** Resolves every name again (their addresses may have moved, or an earlier lookup failed). */
  refresh(): Promise<void> {
    return Promise.all([...this.#names].map((n) => this.#resolve(n))).then(() => undefined);
  }

  has(address: string): boolean {
    return this.#addresses.has(plain(address));
  }

  async #resolve(name: string): Promise<void> {
    try {
      for (const a of await lookup(name, { all: true })) this.#addresses.add(plain(a.address));
    } catch (err) {
      this.onFailure(name, (err as Error).message);
    }
  }
}
