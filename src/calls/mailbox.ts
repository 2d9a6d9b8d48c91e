// One queue per call: network signals, callStop and timers arrive here from callbacks and the
// scenario takes them one at a time, so a call's state changes never interleave.

/**
 * Told when the reader starts waiting on an empty mailbox (parked) and when an item wakes it:
 * between the two the call has nothing to do until a timer or a callStop, which is how the
 * engine knows it is settled (CallEngine.settled).
 */
export interface MailboxWatch {
  parked(): void;
  woken(): void;
}

export class Mailbox<T> {
  #items: T[] = [];
  #waiter: ((v: T) => void) | undefined;

  constructor(private readonly watch?: MailboxWatch) {}

  push(item: T): void {
    const w = this.#waiter;
    if (w) {
      this.#waiter = undefined;
      // Counted busy at once, before the reader's continuation runs.
      this.watch?.woken();
      w(item);
    } else {
      this.#items.push(item);
    }
  }

  next(): Promise<T> {
    if (this.#items.length > 0) return Promise.resolve(this.#items.shift()!);
    return new Promise((resolve) => {
      this.#waiter = resolve;
      this.watch?.parked();
    });
  }
}
