// Which dispatcher serves which receiver when several share one store (docs/delivery.md, "Several
// dispatchers"). A receiver's in-flight limit and breaker stay exact only if one process keeps
// them, so each receiver is owned by one live dispatcher: rendezvous (highest-random-weight)
// hashing of the receiver key over the live node ids. Every node computes the same owner from the
// same membership with no coordination, and a membership change moves only the receivers whose
// winner joined or left (about 1/N of them), not a reshuffle as `hash mod N` would.

import { createHash } from 'node:crypto';

/** The live dispatchers as this node sees them. */
export interface Membership {
  /** This dispatcher's node id. */
  readonly self: string;
  /**
   * The live dispatchers' node ids, self included, in any order. Read on every ownership question,
   * so it must be cheap (a list kept up to date elsewhere, not a store query). Owners are computed
   * over exactly this list, so nodes given the same list agree: a node it leaves out (the others
   * found its heartbeat stale) owns nothing, its receivers being with them already. Empty: no
   * one is known, this node is alone and owns everything.
   */
  members(): readonly string[];
}

/** The weight of `member` for `key`: the first 8 bytes of SHA-1, stable across nodes and versions. */
function weight(member: string, key: string): bigint {
  return createHash('sha1').update(`${member}\n${key}`).digest().readBigUInt64BE(0);
}

/** The owner of `key` among `members` (non-empty): the highest weight, ties to the smaller id. */
export function ownerOf(key: string, members: readonly string[]): string {
  let best = members[0]!;
  let bestW = weight(best, key);
  for (let i = 1; i < members.length; i++) {
    const m = members[i]!;
    const w = weight(m, key);
    if (w > bestW || (w === bestW && m < best)) {
      best = m;
      bestW = w;
    }
  }
  return best;
}

/** Owners remembered per membership; more receivers than this are mostly gone ones. */
const CACHE_MAX = 100_000;

export class ReceiverPartition {
  readonly #m: Membership;
  /** A copy of the last list members() returned: an unchanged list costs one pass, no allocation. */
  #seen: string[] = [];
  /** Sorted, deduplicated members: the membership's version. */
  #members: string[];
  #version: string;
  readonly #owners = new Map<string, string>();

  constructor(membership: Membership) {
    this.#m = membership;
    // Until members() names anyone, this node is alone and owns everything.
    this.#members = [membership.self];
    this.#version = membership.self;
  }

  get self(): string {
    return this.#m.self;
  }

  /** The live members, sorted (this node alone when the list is empty). */
  members(): readonly string[] {
    this.#refresh();
    return this.#members;
  }

  /** The dispatcher that serves the receiver (a key of domain/receiver.ts). */
  owner(receiverKey: string): string {
    this.#refresh();
    if (this.#members.length === 1) return this.#members[0]!;
    let o = this.#owners.get(receiverKey);
    if (o === undefined) {
      o = ownerOf(receiverKey, this.#members);
      if (this.#owners.size >= CACHE_MAX) this.#owners.clear();
      this.#owners.set(receiverKey, o);
    }
    return o;
  }

  owns(receiverKey: string): boolean {
    return this.owner(receiverKey) === this.#m.self;
  }

  /** A new membership (by content, whatever the list's identity) forgets the cached owners. */
  #refresh(): void {
    const list = this.#m.members();
    // By content, not identity: a provider may edit one array in place.
    if (list.length === this.#seen.length && list.every((m, i) => m === this.#seen[i])) return;
    this.#seen = [...list];
    const members = list.length === 0 ? [this.#m.self] : [...new Set(list)].sort();
    const version = members.join('\n');
    if (version === this.#version) return;
    this.#members = members;
    this.#version = version;
    this.#owners.clear();
  }
}
