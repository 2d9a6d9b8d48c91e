// One simulated leg: it rings, answers or fails by its rule, plays on the clock, and presses
// the rule's digits when the platform collects. See network.ts for the network around it.

import type { LegName } from '../../domain/call.js';
import type { Clock, Timer } from '../../lib/clock.js';
import { FAILURE_TABLE } from '../outcomes.js';
import type { CollectEnd, CollectOptions, DialRequest, LegFailure, LegSignal, Media, NetworkLeg, PlayOptions, PlayStarted } from '../types.js';
import type { TraceEntry } from './network.js';
import type { Rule } from './rules.js';

type Phase = 'dialing' | 'alerting' | 'answered' | 'ended';

/** Q.850 causes of the simulated hang-ups: the party's normal clearing, the network's shutdown. */
const NORMAL_CLEARING = 16;
const TEMPORARY_FAILURE = 41;

interface Play {
  media: Media;
  startedAt: number;
  timer: Timer | undefined;
}

interface Collection {
  opts: CollectOptions;
  digits: string;
  timer: Timer;
}

export class SimLeg implements NetworkLeg {
  readonly sessionId: string;
  readonly leg: LegName;
  readonly number: string;
  #phase: Phase = 'dialing';
  #timers = new Set<Timer>();
  #plays = new Map<number, Play>();
  #nextPlay = 1;
  #digits: string[];
  #collection: Collection | undefined;

  constructor(
    req: DialRequest,
    private readonly rule: Rule,
    private readonly clock: Clock,
    private readonly log: (e: TraceEntry) => void,
    private readonly onSignal: (s: LegSignal) => void,
    private readonly onEnded: (leg: SimLeg) => void,
  ) {
    this.sessionId = req.sessionId;
    this.leg = req.leg;
    this.number = req.to;
    this.#digits = [...(rule.digits ?? [])];
  }

  get answered(): boolean {
    return this.#phase === 'answered';
  }

  begin(ringTimeoutMs: number): void {
    this.#trace('dial');
    const r = this.rule;
    const s = (v: number | undefined, d: number) => (v ?? d) * 1000;
    const alertAt = s(r.alertAfter, 1);
    const ringUntil = (endAt: number | undefined, end: () => void) => {
      if (alertAt < ringTimeoutMs && (endAt === undefined || alertAt <= endAt)) this.#at(alertAt, () => this.#alerting());
      if (endAt !== undefined && endAt < ringTimeoutMs) this.#at(endAt, end);
      else this.#at(ringTimeoutMs, () => this.#fail('no_answer'));
    };
    switch (r.outcome) {
      case 'answer':
        ringUntil(s(r.answerAfter, 3), () => this.#answer());
        return;
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

  /** A leg the network could not place: it fails on the next turn of the clock. */
  failSoon(failure: LegFailure): void {
    this.#trace('dial');
    this.#at(0, () => this.#fail(failure));
  }

  /** The network closes: a ringing leg fails, an answered one is hung up by the network. */
  shutDown(): void {
    if (this.#phase === 'ended') return;
    if (this.#phase === 'answered') this.#hangup(TEMPORARY_FAILURE, 'network');
    else this.#fail('unreachable');
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
    if (this.rule.talk !== null) this.#at((this.rule.talk ?? 30) * 1000, () => this.#hangup(NORMAL_CLEARING, 'far'));
  }

  #hangup(q850: number, by: 'far' | 'network'): void {
    this.#end();
    this.#emit({ type: 'hangup', at: this.clock.now(), q850, by }, 'hangup');
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
    this.#collection = undefined;
    this.onEnded(this);
  }

  play(media: Media, opts: PlayOptions = {}): Promise<PlayStarted> {
    const playId = this.#nextPlay++;
    // The simulated network plays exactly the platform's estimate, so reported lengths (and the
    // CDR fields billed from them) equal the estimates.
    const started = { playId, durationMs: media.durationMs };
    if (this.#phase === 'ended') return Promise.resolve(started);
    this.log(this.#entry('play', { media, loop: opts.loop === true }));
    const timer = opts.loop ? undefined : this.#at(media.durationMs, () => this.#played(playId, false));
    this.#plays.set(playId, { media, startedAt: this.clock.now(), timer });
    return Promise.resolve(started);
  }

  #played(playId: number, interrupted: boolean): void {
    const p = this.#plays.get(playId);
    if (!p) return;
    this.#plays.delete(playId);
    if (p.timer) {
      p.timer.cancel();
      this.#timers.delete(p.timer);
    }
    const at = this.clock.now();
    this.#emit({ type: 'played', at, playId, durationMs: at - p.startedAt, interrupted }, 'played', { media: p.media });
  }

  stopPlay(playId: number): void {
    const p = this.#plays.get(playId);
    if (!p) return;
    p.timer?.cancel();
    if (p.timer) this.#timers.delete(p.timer);
    this.#plays.delete(playId);
    this.#trace('stopPlay');
  }

  collect(opts: CollectOptions): Promise<void> {
    if (this.#phase === 'ended') return Promise.resolve();
    this.#trace('collect');
    if (this.#collection) this.#finish('timeout');
    const timer = this.#at(opts.timeoutMs, () => this.#finish('timeout'));
    this.#collection = { opts, digits: '', timer };
    const next = this.#digits.shift();
    const pressAt = (this.rule.pressAfter ?? 1) * 1000;
    if (next !== undefined && pressAt < opts.timeoutMs) this.#at(pressAt, () => this.#press(next));
    return Promise.resolve();
  }

  // The party presses its rule's string at once. A real network would then wait out an
  // inter-digit pause; the simulated one ends the collection at the end of the string.
  #press(keys: string): void {
    for (const digit of keys) {
      const c = this.#collection;
      if (!c) return;
      this.#emit({ type: 'dtmf', at: this.clock.now(), digit }, 'dtmf', { digits: digit });
      if (c.opts.interruptsPlay && c.digits === '') this.#interruptPlays();
      if (digit === c.opts.terminator) return this.#finish('terminator');
      c.digits += digit;
      if (c.digits.length >= c.opts.maxDigits) return this.#finish('max');
    }
    if (this.#collection) this.#finish('interdigit');
  }

  #interruptPlays(): void {
    for (const [id, p] of [...this.#plays]) {
      if (p.timer) this.#played(id, true);
      else this.stopPlay(id);
    }
  }

  #finish(reason: CollectEnd): void {
    const c = this.#collection;
    if (!c) return;
    this.#collection = undefined;
    c.timer.cancel();
    this.#timers.delete(c.timer);
    this.#emit({ type: 'digits', at: this.clock.now(), digits: c.digits, reason }, 'digits', { digits: c.digits });
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
