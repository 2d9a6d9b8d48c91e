// Received payload bytes waiting for the paced sender of the other leg of a bridge. Bounded: a
// far end whose clock runs fast, or a burst after a network stall, must not grow the delay
// forever, so the oldest bytes go first.

export class ByteFifo {
  private buf: Uint8Array;
  private len = 0;

  constructor(private readonly cap: number) {
    this.buf = new Uint8Array(cap);
  }

  get length(): number {
    return this.len;
  }

  push(bytes: Uint8Array): void {
    if (bytes.length >= this.cap) {
      this.buf.set(bytes.subarray(bytes.length - this.cap));
      this.len = this.cap;
      return;
    }
    const overflow = this.len + bytes.length - this.cap;
    if (overflow > 0) this.drop(overflow);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  /** Takes exactly n bytes (a copy), or undefined when fewer are held. */
  take(n: number): Uint8Array | undefined {
    if (this.len < n) return undefined;
    const out = this.buf.slice(0, n);
    this.drop(n);
    return out;
  }

  clear(): void {
    this.len = 0;
  }

  private drop(n: number): void {
    this.buf.copyWithin(0, n, this.len);
    this.len -= n;
  }
}
