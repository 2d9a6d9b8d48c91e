// How late each frame left against its absolute schedule, as the worker saw it when it sent it:
// the sender's side of the pacing figure, free of any receiver's own delays. A fixed histogram
// (0.1 ms buckets up to 500 ms) keeps a whole day of frames in 20 KB.

const BUCKET_MS = 0.1;
const BUCKETS = 5000;

export interface PacingStats {
  frames: number;
  p50: number;
  p99: number;
  max: number;
  /** Frames that left more than 20 ms after their time. */
  late: number;
}

export class PacingHistogram {
  readonly counts = new Uint32Array(BUCKETS);
  max = 0;

  record(lateMs: number): void {
    const ms = Math.max(0, lateMs);
    this.counts[Math.min(BUCKETS - 1, Math.floor(ms / BUCKET_MS))]!++;
    if (ms > this.max) this.max = ms;
  }

  reset(): void {
    this.counts.fill(0);
    this.max = 0;
  }

  static summarise(parts: Array<{ counts: Uint32Array; max: number }>): PacingStats {
    const counts = new Uint32Array(BUCKETS);
    let max = 0;
    for (const p of parts) {
      for (let i = 0; i < BUCKETS; i++) counts[i]! += p.counts[i]!;
      max = Math.max(max, p.max);
    }
    const frames = counts.reduce((a, b) => a + b, 0);
    const at = (q: number) => {
      let seen = 0;
      for (let i = 0; i < BUCKETS; i++) {
        seen += counts[i]!;
        if (seen > q * frames) return (i + 1) * BUCKET_MS;
      }
      return max;
    };
    const lateFrom = Math.ceil(20 / BUCKET_MS);
    return { frames, p50: frames ? at(0.5) : 0, p99: frames ? at(0.99) : 0, max, late: counts.subarray(lateFrom).reduce((a, b) => a + b, 0) };
  }
}
