// A log destination for tests: keeps every line a real logger writes (createLogger's destination)
// and wakes whoever waits for one.

import { Writable } from 'node:stream';

export type Line = Record<string, any>;

/** A log destination that keeps every line and wakes whoever waits for one. */
export class LogCapture extends Writable {
  readonly raw: string[] = [];
  readonly lines: Line[] = [];
  #waiters: Array<() => void> = [];
  isTTY = false;

  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    for (const text of String(chunk).split('\n').filter(Boolean)) {
      this.raw.push(text);
      if (!this.isTTY) this.lines.push(JSON.parse(text) as Line);
    }
    for (const w of this.#waiters.splice(0)) w();
    done();
  }

  /** The first line that matches, once it is written (bounded: a missing line fails the test). */
  async waitFor(what: string, pred: (l: Line) => boolean, timeoutMs = 10_000): Promise<Line> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.lines.find(pred);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no log line ${what} within ${timeoutMs} ms; lines: ${this.raw.join('\n')}`);
      await new Promise<void>((r) => {
        this.#waiters.push(r);
        setTimeout(r, 100);
      });
    }
  }
}
