// The calls-per-second limit of a task, on the injected clock. Two rules:
// - slots 1000/cps ms apart, so starts are spread evenly rather than in bursts. The next slot
//   follows the last one on that grid, not the start itself: a start is late by the time its
//   claim and admission took (a few ms, a real fraction of a 5 ms slot at 200/s), and counting
//   the spacing from it would lose that time at every start (130 dials/s at 200/s measured);
// - never more than cps starts in any one-second span, by the times of the last cps starts: a
//   start late in its slot and the next one on time cannot be closer than a slot apart otherwise.
// A start late by less than CATCH_UP_MS (or one slot) keeps the grid: on a loaded machine a 5 ms
// timer fires late, and the slots missed meanwhile are made up (at most cps per second still).
// Later than that (the task was idle, waited for a call's end) begins a new grid: nothing owed.

const CATCH_UP_MS = 100;

export class Pacer {
  private readonly intervalMs: number;
  private nextAt = -Infinity;
  /** The last `cps` starts, oldest first. */
  private readonly starts: number[] = [];

  constructor(private readonly cps: number) {
    this.intervalMs = 1000 / cps;
  }

  /** How many whole ms until a call may start (0: now). */
  wait(now: number): number {
    const slot = Math.ceil(this.nextAt - now);
    const second = this.starts.length < this.cps ? 0 : this.starts[0]! + 1000 - now;
    return Math.max(0, slot, second);
  }

  /** A call started at `now` (no earlier than its start). Only called when wait(now) was 0. */
  take(now: number): void {
    const slot = now - this.nextAt < Math.max(this.intervalMs, CATCH_UP_MS) ? this.nextAt : now;
    this.nextAt = slot + this.intervalMs;
    this.starts.push(now);
    if (this.starts.length > this.cps) this.starts.shift();
  }
}
