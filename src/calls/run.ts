// One call in progress: its legs, its mailbox of signals, its events and timers. The verbs drive
// it (verbs/runtime.ts); it numbers the events, hands them to the sink one at a time, and ends
// the call once.

import type { Call, CallEvent, CallEventType, CallRecord, LegName } from '../domain/call.js';
import type { Timer } from '../lib/clock.js';
import type { InboundOffer, LegSignal, NetworkLeg } from '../network/types.js';
import { Mailbox, type MailboxWatch } from './mailbox.js';
import type { EngineDeps } from './options.js';
import { legParties, type Parties } from './record.js';
import { stateDesc } from './state-codes.js';

export type TimerName = 'lastMin' | 'maxDuration';

export type Signal =
  | { src: LegName; signal: LegSignal }
  | { src: 'stop'; at: number }
  | { src: 'timer'; name: TimerName; at: number };

export class CallRun {
  readonly events: CallEvent[] = [];
  readonly legs: Partial<Record<LegName, NetworkLeg>> = {};
  readonly #parties: Partial<Record<LegName, Parties>> = {};
  readonly #mailbox: Mailbox<Signal>;
  #timers: Timer[] = [];
  #ended = false;
  #stopRequested = false;

  constructor(
    readonly call: Call,
    readonly deps: EngineDeps,
    watch?: MailboxWatch,
    /** An inbound call's offer: its leg A is accepted (answered), not dialled. */
    readonly inbound?: InboundOffer,
  ) {
    this.#mailbox = new Mailbox<Signal>(watch);
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** callStop was asked for: a second one is refused like a stop of an ended call. */
  get stopRequested(): boolean {
    return this.#stopRequested;
  }

  now(): number {
    return this.deps.clock.now();
  }

  next(): Promise<Signal> {
    return this.#mailbox.next();
  }

  /** Who a leg's events show: what dial gave it, else the plan's parties. */
  parties(leg: LegName): Parties {
    return this.#parties[leg] ?? legParties(this.call.plan, leg);
  }

  /** Places the leg to the plan's parties for it, or to others (a flow transferring to a number). */
  dial(leg: LegName, parties?: Parties, ringTimeoutMs = this.deps.timings.ringTimeoutMs): NetworkLeg {
    if (parties) this.#parties[leg] = parties;
    const p = this.parties(leg);
    const req = { sessionId: this.call.sessionId, leg, from: p.caller, to: p.called, ringTimeoutMs };
    const l = this.deps.network.dial(req, (signal) => this.#mailbox.push({ src: leg, signal }));
    this.legs[leg] = l;
    return l;
  }

  /** Answers the inbound call's offer: the caller's leg becomes leg A. */
  accept(): NetworkLeg {
    if (!this.inbound) throw new Error(`call ${this.call.sessionId} has no inbound offer to accept`);
    const l = this.inbound.accept((signal) => this.#mailbox.push({ src: 'A', signal }), this.call.sessionId);
    this.legs.A = l;
    return l;
  }

  stop(): void {
    this.#stopRequested = true;
    this.#mailbox.push({ src: 'stop', at: this.now() });
  }

  /** Fires `name` at the absolute time `at` of the engine's clock. */
  timerAt(name: TimerName, at: number): void {
    this.#timers.push(this.deps.clock.setTimer(at - this.now(), () => this.#mailbox.push({ src: 'timer', name, at: this.now() })));
  }

  #event(type: CallEventType, leg: LegName, at: number, extra: Partial<CallEvent>): CallEvent {
    return { sessionId: this.call.sessionId, seq: this.events.length + 1, type, leg, at, ...this.parties(leg), ...extra };
  }

  // `events` holds only what the sink stored: if storing fails, recovery builds the record and the
  // final disconnect from what was really stored, so that disconnect is pushed rather than lost.
  async emit(type: Exclude<CallEventType, 'disconnect'>, leg: LegName, at: number, extra: Partial<CallEvent> = {}): Promise<void> {
    const e = this.#event(type, leg, at, extra);
    await this.deps.sink.event(this.call, e);
    this.events.push(e);
  }

  /** Releases every leg and stops the timers; later signals are never read. */
  releaseAll(): void {
    this.#ended = true;
    for (const t of this.#timers) t.cancel();
    this.#timers = [];
    this.legs.A?.release();
    this.legs.B?.release();
  }

  /** The call's one disconnect, stored with its record. */
  async finish(record: CallRecord, leg: LegName, at: number): Promise<void> {
    this.releaseAll();
    const e = this.#event('disconnect', leg, at, {
      stateCode: record.stateCode,
      stateDesc: stateDesc(record.stateCode),
      partyType: record.partyType,
    });
    await this.deps.sink.finish(this.call, record, e);
    this.events.push(e);
  }
}
