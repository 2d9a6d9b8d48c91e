// The dispatcher's global concurrency shared between apps. A receiver's gate (breaker.ts) bounds
// what one origin can hold, but an app may name any number of origins: without a share per app,
// one whose receivers hang fills every slot and another app's pushes wait for its timeouts.
// Rules (docs/delivery.md, "Sharing the dispatcher between apps"):
// - share = max(1, floor(concurrency / apps with attempts in flight, counting the asking one));
//   an app may start attempts while below its share and while the concurrency has free slots;
// - an app with nothing in flight may always start one attempt, even when the slots are taken
//   (by apps then above their share, whose attempts cannot be taken back): its first push never
//   waits behind another app's hung attempts. These extra slots end at 2 x concurrency in all.

export class AppShares {
  readonly #concurrency: number;
  readonly #inFlight = new Map<string, number>();
  #total = 0;

  constructor(concurrency: number) {
    this.#concurrency = Math.max(1, concurrency);
  }

  get total(): number {
    return this.#total;
  }

  /** The most attempts in flight there can be at once (the extra first slots included). */
  get ceiling(): number {
    return this.#concurrency * 2;
  }

  /** How many more attempts the app may start now. */
  room(appKey: string): number {
    const mine = this.#inFlight.get(appKey) ?? 0;
    const apps = this.#inFlight.size + (mine === 0 ? 1 : 0);
    const share = Math.max(1, Math.floor(this.#concurrency / apps));
    const room = Math.min(share - mine, this.#concurrency - this.#total);
    if (mine === 0 && room < 1) return this.#total < this.ceiling ? 1 : 0;
    return Math.max(0, room);
  }

  begin(appKey: string): void {
    this.#inFlight.set(appKey, (this.#inFlight.get(appKey) ?? 0) + 1);
    this.#total++;
  }

  end(appKey: string): void {
    const n = this.#inFlight.get(appKey) ?? 0;
    if (n <= 1) this.#inFlight.delete(appKey);
    else this.#inFlight.set(appKey, n - 1);
    if (n > 0) this.#total--;
  }

  /** Apps with attempts in flight and how many each (for metrics and tests). */
  list(): { appKey: string; inFlight: number }[] {
    return [...this.#inFlight].map(([appKey, inFlight]) => ({ appKey, inFlight }));
  }
}
