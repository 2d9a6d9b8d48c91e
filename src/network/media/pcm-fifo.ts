// Linear samples waiting to be mixed (one FIFO per direction of a recording).

export class PcmFifo {
  private buf: Int16Array;
  private len = 0;

  constructor(cap: number) {
    this.buf = new Int16Array(cap);
  }

  get length(): number {
    return this.len;
  }

  /** Appends; beyond the capacity the oldest samples go (a far end far ahead of our clock). */
  push(pcm: Int16Array): void {
    if (pcm.length >= this.buf.length) {
      this.buf.set(pcm.subarray(pcm.length - this.buf.length));
      this.len = this.buf.length;
      return;
    }
    const overflow = this.len + pcm.length - this.buf.length;
    if (overflow > 0) this.drop(overflow);
    this.buf.set(pcm, this.len);
    this.len += pcm.length;
  }

  /** The first n samples (n <= length), removed. */
  take(n: number): Int16Array {
    const out = this.buf.slice(0, n);
    this.drop(n);
    return out;
  }

  private drop(n: number): void {
    this.buf.copyWithin(0, n, this.len);
    this.len -= n;
  }
}
