// Time is injected everywhere: production uses the system clock, demos a faster one, and tests a
// manual one that runs an hour-long retry schedule in milliseconds.

export interface Timer {
  cancel(): void;
}

export interface Clock {
  now(): number;
  /**
   * How many of this clock's milliseconds pass per real millisecond (a scaled clock's speed;
   * undefined = 1). Durations that must hold in real time, like a lease over a network attempt,
   * are multiplied by it.
   */
  readonly rate?: number;
  /** Calls fn once after ms of this clock's time. */
  setTimer(ms: number, fn: () => void): Timer;
}

/** The longest delay Node's setTimeout keeps: beyond it, it warns and fires after 1 ms. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** The host timers a long timer is built from (Node's by default; a test injects its own). */
export interface HostTimers<H = unknown> {
  set(ms: number, fn: () => void): H;
  clear(handle: H): void;
}

const nodeTimers: HostTimers<ReturnType<typeof setTimeout>> = {
  set: (ms, fn) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h),
};

/**
 * Calls fn once after ms, however long: a delay past MAX_TIMEOUT_MS is waited in steps of at
 * most that, and fn runs only after the last one (a 30-day lockout must not end after 1 ms).
 * Cancel works at every step. A delay that is not a number counts as 0; Infinity never fires.
 */
export function longTimer<H>(ms: number, fn: () => void, host: HostTimers<H>): Timer {
  let remaining = Number.isNaN(ms) ? 0 : Math.max(0, ms);
  let cancelled = false;
  let handle: H;
  const step = (): void => {
    const wait = Math.min(remaining, MAX_TIMEOUT_MS);
    remaining -= wait;
    handle = host.set(wait, () => {
      if (cancelled) return;
      if (remaining > 0) step();
      else fn();
    });
  };
  step();
  return {
    cancel: () => {
      cancelled = true;
      host.clear(handle);
    },
  };
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (ms, fn) => longTimer(ms, fn, nodeTimers),
};

/**
 * A clock that runs `speed` times faster than the wall clock, starting from the wall clock's
 * present: durations measured on it keep their simulated length (a 20 s talk is 20 s in the CDR)
 * while taking 20/speed real seconds.
 */
export function scaledClock(speed: number, base: Clock = systemClock): Clock {
  if (!(speed > 0)) throw new RangeError(`speed must be > 0, got ${speed}`);
  if (speed === 1) return base;
  const origin = base.now();
  return {
    rate: speed,
    now: () => origin + Math.round((base.now() - origin) * speed),
    // The base clock waits out long delays (systemClock in steps): a slow clock's multiplied
    // delays stay whole.
    setTimer: (ms, fn) => base.setTimer(ms / speed, fn),
  };
}

interface Pending {
  at: number;
  order: number;
  fn: () => void;
  cancelled: boolean;
}

/** Resolves when the work that timers set off in one part of the system is done. */
export type IdleWait = () => Promise<void>;

/** A clock that only moves when told to. Timers fire in time order; ties in creation order. */
export class ManualClock implements Clock {
  #now: number;
  #order = 0;
  #timers: Pending[] = [];
  #idle: IdleWait[] = [];

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimer(ms: number, fn: () => void): Timer {
    const p: Pending = { at: this.#now + Math.max(0, ms), order: this.#order++, fn, cancelled: false };
    this.#timers.push(p);
    return { cancel: () => { p.cancelled = true; } };
  }

  /** Number of timers still waiting. */
  get pending(): number {
    return this.#timers.filter((t) => !t.cancelled).length;
  }

  /**
   * Tells advance() how to know that what a timer set off is finished: after each timer (and
   * before it returns) advance() awaits every wait, once each, in the order registered. Register
   * them in pipeline order (the call engine, then the outbox, then the dispatcher), so that work
   * one stage hands to the next is seen. Returns a function that removes the wait.
   */
  whenIdle(wait: IdleWait): () => void {
    this.#idle.push(wait);
    return () => {
      this.#idle = this.#idle.filter((w) => w !== wait);
    };
  }

  /**
   * Moves time forward by ms, firing every timer that falls due, in order. After each timer it
   * waits until the registered parts are idle (whenIdle), so async work a timer starts, and
   * timers that work sets, happen at the time they belong to.
   */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      await this.#quiesce();
      this.#timers = this.#timers.filter((t) => !t.cancelled);
      this.#timers.sort((a, b) => a.at - b.at || a.order - b.order);
      const next = this.#timers[0];
      if (!next || next.at > target) break;
      this.#timers.shift();
      this.#now = Math.max(this.#now, next.at);
      next.fn();
    }
    this.#now = target;
    await this.#quiesce();
  }

  async #quiesce(): Promise<void> {
    // A clock nobody told what to wait for only lets callbacks that are already due run: enough
    // for timers whose work is synchronous, a guess for anything else.
    if (this.#idle.length === 0) return settle();
    for (const wait of this.#idle) await wait();
  }
}

/** Lets pending promise callbacks and I/O callbacks that are already due run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
}
