// The embedded virtual network: each dialled number behaves by its rule (rules.ts), on the
// injected clock, and every action is appended to a trace that tests and demos can read.

import type { LegName } from '../../domain/call.js';
import { systemClock, type Clock, type Timer } from '../../lib/clock.js';
import { FAILURE_TABLE } from '../outcomes.js';
import type { DialRequest, LegFailure, LegSignal, Media, Network, NetworkLeg, Recorder, RecordOptions } from '../types.js';
import { DEFAULT_RULES, ruleFor, type Rule } from './rules.js';
import { writeToneWav } from './wav.js';

export const DEFAULT_RING_TIMEOUT_MS = 45_000;

export interface TraceEntry {
  at: number;
  sessionId: string;
  leg: LegName;
  number: string;
  action: 'dial' | 'alerting' | 'answer' | 'failed' | 'hangup' | 'release' | 'play' | 'stopPlay' | 'played' | 'collect' | 'digits' | 'bridge' | 'record';
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

type Phase = 'dialing' | 'alerting' | 'answered' | 'ended';

export class SimulatedNetwork implements Network {
  readonly trace: TraceEntry[] = [];
  readonly #clock: Clock;
  readonly #rules: Rule[];
  readonly #tracing: boolean;

  constructor(opts: SimulatedNetworkOptions = {}) {
    this.#clock = opts.clock ?? systemClock;
    this.#rules = [...(opts.rules ?? []), ...DEFAULT_RULES];
    this.#tracing = opts.trace === true;
  }

  ruleFor(number: string): Rule {
    return ruleFor(this.#rules, number);
  }

  dial(req: DialRequest, onSignal: (s: LegSignal) => void): NetworkLeg {
    return new SimLeg(req, this.ruleFor(req.to), this.#clock, (e) => this.#keep(e), onSignal);
  }

  bridge(a: NetworkLeg, b: NetworkLeg): void {
    this.#log(a, 'bridge');
    this.#log(b, 'bridge');
  }

  record(a: NetworkLeg, _b: NetworkLeg, opts: RecordOptions): Recorder {
    const startAt = this.#clock.now();
    this.#log(a, 'record');
    return {
      stop: async () => {
        const endAt = this.#clock.now();
        await writeToneWav(opts.path, endAt - startAt, { hintMs: Math.min(opts.hintToneMs, endAt - startAt) });
        return { startAt, endAt, path: opts.path };
      },
    };
  }

  #log(l: NetworkLeg, action: TraceEntry['action']): void {
    this.#keep({ at: this.#clock.now(), sessionId: l.sessionId, leg: l.leg, number: l.number, action });
  }

  #keep(e: TraceEntry): void {
    if (this.#tracing) this.trace.push(e);
  }
}

class SimLeg implements NetworkLeg {
  readonly sessionId: string;
  readonly leg: LegName;
  readonly number: string;
  #phase: Phase = 'dialing';
  #timers = new Set<Timer>();
  #plays = new Map<number, Timer | undefined>();
  #nextPlay = 1;
  #digits: string[];

  constructor(
    req: DialRequest,
    private readonly rule: Rule,
    private readonly clock: Clock,
    private readonly log: (e: TraceEntry) => void,
    private readonly onSignal: (s: LegSignal) => void,
  ) {
    this.sessionId = req.sessionId;
    this.leg = req.leg;
    this.number = req.to;
    this.#digits = [...(rule.digits ?? [])];
    this.#trace('dial');
    this.#schedule(req.ringTimeoutMs);
  }

  #schedule(ringTimeoutMs: number): void {
    const r = this.rule;
    const s = (v: number | undefined, d: number) => (v ?? d) * 1000;
    const alertAt = s(r.alertAfter, 1);
    const ringUntil = (endAt: number | undefined, end: () => void) => {
      if (alertAt < ringTimeoutMs && (endAt === undefined || alertAt <= endAt)) this.#at(alertAt, () => this.#alerting());
      if (endAt !== undefined && endAt < ringTimeoutMs) this.#at(endAt, end);
      else this.#at(ringTimeoutMs, () => this.#fail('no_answer'));
    };
    switch (r.outcome) {
      case 'answer': {
        const answerAt = s(r.answerAfter, 3);
        ringUntil(answerAt, () => this.#answer());
        return;
      }
      case 'rejects':
        ringUntil(s(r.rejectAfter, 5), () => this.#fail('rejected'));
        return;
      case 'no_answer':
        ringUntil(undefined, () => undefined);
        return;
      default:
        this.#at(s(r.failAfter, 1), () => this.#fail(r.outcome as LegFailure));
    }
  }

  #at(ms: number, fn: () => void): Timer {
    const t = this.clock.setTimer(ms, () => {
      this.#timers.delete(t);
      if (this.#phase !== 'ended') fn();
    });
    this.#timers.add(t);
    return t;
  }

  #alerting(): void {
    if (this.#phase !== 'dialing') return;
    this.#phase = 'alerting';
    this.#emit({ type: 'alerting', at: this.clock.now() }, 'alerting');
  }

  #answer(): void {
    if (this.#phase === 'dialing') this.#alerting();
    this.#phase = 'answered';
    this.#emit({ type: 'answer', at: this.clock.now() }, 'answer');
    if (this.rule.talk !== null) {
      this.#at((this.rule.talk ?? 30) * 1000, () => {
        this.#end();
        this.#emit({ type: 'hangup', at: this.clock.now() }, 'hangup');
      });
    }
  }

  #fail(failure: LegFailure): void {
    this.#end();
    const row = FAILURE_TABLE[failure];
    this.log(this.#entry('failed', { failure }));
    this.onSignal({ type: 'failed', at: this.clock.now(), failure, q850: row.q850, sipStatus: row.sip });
  }

  #end(): void {
    this.#phase = 'ended';
    for (const t of this.#timers) t.cancel();
    this.#timers.clear();
    this.#plays.clear();
  }

  play(media: Media, opts: { loop?: boolean } = {}): number {
    const id = this.#nextPlay++;
    if (this.#phase === 'ended') return id;
    this.log(this.#entry('play', { media, loop: opts.loop === true }));
    const done = opts.loop
      ? undefined
      : this.#at(media.durationMs, () => {
          this.#plays.delete(id);
          this.#emit({ type: 'played', at: this.clock.now(), playId: id }, 'played', { media });
        });
    this.#plays.set(id, done);
    return id;
  }

  stopPlay(playId: number): void {
    if (!this.#plays.has(playId)) return;
    const t = this.#plays.get(playId);
    t?.cancel();
    if (t) this.#timers.delete(t);
    this.#plays.delete(playId);
    this.#trace('stopPlay');
  }

  collect(maxDigits: number, timeoutMs: number): void {
    if (this.#phase === 'ended') return;
    this.#trace('collect');
    const next = this.#digits.shift();
    const pressAt = (this.rule.pressAfter ?? 1) * 1000;
    const deliver = (digits: string) => this.#emit({ type: 'digits', at: this.clock.now(), digits }, 'digits', { digits });
    if (next !== undefined && pressAt < timeoutMs) this.#at(pressAt, () => deliver(next.slice(0, maxDigits)));
    else this.#at(timeoutMs, () => deliver(''));
  }

  release(): void {
    if (this.#phase === 'ended') return;
    this.#end();
    this.#trace('release');
  }

  #emit(s: LegSignal, action: TraceEntry['action'], extra: Partial<TraceEntry> = {}): void {
    this.log(this.#entry(action, extra));
    this.onSignal(s);
  }

  #trace(action: TraceEntry['action']): void {
    this.log(this.#entry(action));
  }

  #entry(action: TraceEntry['action'], extra: Partial<TraceEntry> = {}): TraceEntry {
    return { at: this.clock.now(), sessionId: this.sessionId, leg: this.leg, number: this.number, action, ...extra };
  }
}
