// The embedded virtual network: each dialled number behaves by its rule (rules.ts), on the
// injected clock, and every action is appended to a trace that tests and demos can read.

import type { LegName } from '../../domain/call.js';
import { systemClock, type Clock } from '../../lib/clock.js';
import type { DialRequest, InboundHandler, LegFailure, LegSignal, Media, Network, NetworkHealth, NetworkLeg, Recorder, RecordOptions } from '../types.js';
import { NetworkError } from '../types.js';
import { offerSimulated, type InboundPlaced, type SimulatedCaller } from './inbound.js';
import { SimLeg } from './leg.js';
import { DEFAULT_RULES, ruleFor, type Rule } from './rules.js';
import { writeToneWav } from './wav.js';

export const DEFAULT_RING_TIMEOUT_MS = 45_000;

export interface TraceEntry {
  at: number;
  sessionId: string;
  leg: LegName;
  number: string;
  action:
    | 'dial' | 'alerting' | 'answer' | 'failed' | 'hangup' | 'release' | 'play' | 'stopPlay' | 'played' | 'collect' | 'dtmf' | 'digits' | 'bridge' | 'record';
  media?: Media;
  loop?: boolean;
  digits?: string;
  failure?: LegFailure;
}

export interface SimulatedNetworkOptions {
  clock?: Clock;
  /** Rules checked before the built-in test numbers (DEFAULT_RULES). */
  rules?: Rule[];
  /**
   * Keep a trace of every action (tests read it). Off by default: a long-running platform would
   * grow it by a few entries per call, forever.
   */
  trace?: boolean;
}

type State = 'new' | 'up' | 'closed';

export class SimulatedNetwork implements Network {
  readonly trace: TraceEntry[] = [];
  readonly #clock: Clock;
  readonly #rules: Rule[];
  readonly #tracing: boolean;
  readonly #open = new Set<SimLeg>();
  #state: State = 'new';
  #inbound: InboundHandler | undefined;
  #offers = 0;

  constructor(opts: SimulatedNetworkOptions = {}) {
    this.#clock = opts.clock ?? systemClock;
    this.#rules = [...(opts.rules ?? []), ...DEFAULT_RULES];
    this.#tracing = opts.trace === true;
  }

  ruleFor(number: string): Rule {
    return ruleFor(this.#rules, number);
  }

  // Nothing to bind: the state is set before the first await, so a caller that cannot await
  // (a synchronous test harness) may dial right after calling start().
  start(): Promise<void> {
    if (this.#state === 'closed') return Promise.reject(new NetworkError('closed', 'the network was closed'));
    this.#state = 'up';
    return Promise.resolve();
  }

  async close(): Promise<void> {
    this.#state = 'closed';
    for (const leg of [...this.#open]) leg.shutDown();
    this.#open.clear();
    await Promise.resolve();
  }

  health(): NetworkHealth {
    const state = this.#state === 'new' ? 'starting' : this.#state;
    return { state, openLegs: this.#open.size, ...(state === 'starting' ? { detail: 'not started' } : {}) };
  }

  /** Where placeInbound's calls are offered (the platform's inbound router). */
  onInbound(handler: InboundHandler): void {
    this.#inbound = handler;
  }

  get hasInboundHandler(): boolean {
    return this.#inbound !== undefined;
  }

  /**
   * A simulated caller dials one of the platform's numbers (inbound.ts): resolves once the
   * platform answered or refused the call.
   */
  placeInbound(caller: SimulatedCaller): Promise<InboundPlaced> {
    return offerSimulated({
      clock: this.#clock,
      handler: this.#inbound,
      up: this.#state === 'up',
      nextId: () => `sim-in-${++this.#offers}`,
      keep: (e) => this.#keep(e),
      opened: (l) => this.#open.add(l),
      closed: (l) => this.#open.delete(l),
    }, caller);
  }

  dial(req: DialRequest, onSignal: (s: LegSignal) => void): NetworkLeg {
    const leg = new SimLeg(req, this.ruleFor(req.to), this.#clock, (e) => this.#keep(e), onSignal, (l) => this.#open.delete(l));
    if (this.#state !== 'up') {
      // Placed nowhere: the failure still arrives as a signal, never inside dial.
      leg.failSoon('unreachable');
      return leg;
    }
    this.#open.add(leg);
    leg.begin(req.ringTimeoutMs);
    return leg;
  }

  bridge(a: NetworkLeg, b: NetworkLeg): Promise<void> {
    const bad = [a, b].find((l) => !(l instanceof SimLeg) || !l.answered);
    if (bad) return Promise.reject(new NetworkError('bridge', `leg ${bad.leg} of ${bad.sessionId} is not an answered leg of this network`));
    this.#log(a, 'bridge');
    this.#log(b, 'bridge');
    return Promise.resolve();
  }

  record(a: NetworkLeg, _b: NetworkLeg, opts: RecordOptions): Promise<Recorder> {
    const startAt = this.#clock.now();
    this.#log(a, 'record');
    return Promise.resolve({
      stop: async () => {
        const endAt = this.#clock.now();
        try {
          await writeToneWav(opts.path, endAt - startAt, { hintMs: Math.min(opts.hintToneMs, endAt - startAt) });
        } catch (err) {
          throw new NetworkError('record', `cannot write ${opts.path}: ${(err as Error).message}`);
        }
        return { startAt, endAt, path: opts.path };
      },
    });
  }

  #log(l: NetworkLeg, action: TraceEntry['action']): void {
    this.#keep({ at: this.#clock.now(), sessionId: l.sessionId, leg: l.leg, number: l.number, action });
  }

  #keep(e: TraceEntry): void {
    if (this.#tracing) this.trace.push(e);
  }
}
