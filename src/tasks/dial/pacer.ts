// The calls-per-second limit of a task: a token bucket of one token, refilled every 1000/cps ms of
// the injected clock. One token (not cps) so starts are spread evenly: any one-second span then
// holds at most cps starts, where a bucket of cps tokens would let a burst of cps follow a full
// second of refills (up to 2 x cps in one second).

export class Pacer {
  private readonly intervalMs: number;
  private nextAt = -Infinity;

  constructor(cps: number) {
    this.intervalMs = Math.ceil(1000 / cps);
  }

  /** How many ms until the token is there (0: now). */
  wait(now: number): number {
    return Math.max(0, this.nextAt - now);
  }

  /** Takes the token: a call starts now. Only called when wait(now) is 0. */
  take(now: number): void {
    this.nextAt = now + this.intervalMs;
  }
}
