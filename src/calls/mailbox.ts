// One queue per call: network signals, callStop and timers arrive here from callbacks and the
// scenario takes them one at a time, so a call's state changes never interleave.

export class Mailbox<T> {
  #items: T[] = [];
  #waiter: ((v: T) => void) | undefined;

  push(item: T): void {
    const w = this.#waiter;
    if (w) {
      this.#waiter = undefined;
      w(item);
    } else {
      this.#items.push(item);
    }
  }

  next(): Promise<T> {
    if (this.#items.length > 0) return Promise.resolve(this.#items.shift()!);
    return new Promise((resolve) => {
      this.#waiter = resolve;
    });
  }
}
