// At most n tasks at once, the rest waiting in order. A template's values differ per call, so the
// TTS cache mostly misses on a campaign's first pass: without a bound, 200 calls answered together
// would start 200 synthesis processes on a machine with 2 cores, and every one would finish late.

export class Limit {
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(readonly max: number) {
    if (!(Number.isInteger(max) && max >= 1)) throw new RangeError(`limit must be a whole number >= 1, got ${max}`);
  }

  /** Tasks waiting for a turn. */
  get queued(): number {
    return this.#waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    // A finishing task hands its slot straight to the first waiter, so a newcomer arriving in
    // between cannot take it too.
    if (this.#running >= this.max) await new Promise<void>((go) => this.#waiting.push(go));
    else this.#running++;
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
