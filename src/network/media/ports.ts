// RTP ports of the engine's range: even ports (RFC 3550 §11: RTP even, RTCP the odd one above,
// both inside the range). A rotating cursor hands out the least recently used port first, so a
// port just freed is not reused while stray packets of the previous call may still arrive.

export class PortRange {
  private readonly ports: number[] = [];
  private readonly used = new Set<number>();
  private cursor = 0;

  constructor(readonly min: number, readonly max: number) {
    for (let p = min + (min % 2); p + 1 <= max; p += 2) this.ports.push(p);
    if (this.ports.length === 0) throw new RangeError(`RTP port range ${min}-${max} holds no even/odd port pair`);
  }

  get size(): number {
    return this.ports.length;
  }

  /** Candidates to try, in order: every free port once, starting after the last one handed out. */
  *candidates(): Generator<number> {
    const start = this.cursor; // take() moves the cursor while the caller iterates
    for (let i = 0; i < this.ports.length; i++) {
      const idx = (start + i) % this.ports.length;
      const p = this.ports[idx]!;
      if (this.used.has(p)) continue;
      yield p;
    }
  }

  take(port: number): void {
    this.used.add(port);
    this.cursor = (this.ports.indexOf(port) + 1) % this.ports.length;
  }

  release(port: number): void {
    this.used.delete(port);
  }
}
