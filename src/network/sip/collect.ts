// One digit collection on a leg: counts keys until maxDigits, the terminator or the timeout
// (counted from the collect call), and emits the Network's 'dtmf' per key and one 'digits'.

import type { CollectEnd, CollectOptions, LegSignal } from '../types.js';

export class Collection {
  #digits = '';
  #timer: ReturnType<typeof setTimeout>;
  #done = false;

  constructor(
    private readonly opts: CollectOptions,
    private readonly now: () => number,
    private readonly emit: (s: LegSignal) => void,
    private readonly interruptPlays: () => void,
  ) {
    this.#timer = setTimeout(() => this.finish('timeout'), opts.timeoutMs);
  }

  get done(): boolean {
    return this.#done;
  }

  press(digit: string): void {
    if (this.#done) return;
    this.emit({ type: 'dtmf', at: this.now(), digit });
    if (this.opts.interruptsPlay && this.#digits === '') this.interruptPlays();
    if (digit === this.opts.terminator) return this.finish('terminator');
    this.#digits += digit;
    if (this.#digits.length >= this.opts.maxDigits) this.finish('max');
  }

  finish(reason: CollectEnd): void {
    if (this.#done) return;
    this.#done = true;
    clearTimeout(this.#timer);
    this.emit({ type: 'digits', at: this.now(), digits: this.#digits, reason });
  }

  /** The leg ended: no signal. */
  cancel(): void {
    this.#done = true;
    clearTimeout(this.#timer);
  }
}
