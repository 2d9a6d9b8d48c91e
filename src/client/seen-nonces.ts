// Nonces a push receiver has accepted, each kept until its Created can no longer pass the window.
// Bounded: past maxEntries the oldest are dropped. Only pushes whose digest verified are
// recorded, so only the holder of the secret can fill it; size it to pushes per window.

export class SeenNonces {
  readonly #maxEntries: number;
  // Insertion order is acceptance order, which is what eviction wants.
  readonly #expiry = new Map<string, number>();

  constructor(maxEntries: number) {
    if (!(maxEntries > 0)) throw new RangeError(`maxEntries must be > 0, got ${maxEntries}`);
    this.#maxEntries = maxEntries;
  }

  /** Whether the nonce was accepted before and is still remembered. */
  has(nonce: string, now: number): boolean {
    const until = this.#expiry.get(nonce);
    return until !== undefined && until > now;
  }

  add(nonce: string, until: number, now: number): void {
    this.#expiry.delete(nonce);
    this.#expiry.set(nonce, until);
    if (this.#expiry.size <= this.#maxEntries) return;
    for (const [n, u] of this.#expiry) if (u <= now) this.#expiry.delete(n);
    for (const n of this.#expiry.keys()) {
      if (this.#expiry.size <= this.#maxEntries) break;
      this.#expiry.delete(n);
    }
  }

  get size(): number {
    return this.#expiry.size;
  }
}
