// The call engine's contract with the rest of the platform.

import type { Call, CallEvent, CallRecord } from '../domain/call.js';

/**
 * Where the engine reports what happens. Each method resolves once the event (and the pushes it
 * causes) is durably stored; the engine awaits it before the next event of the same call, so a
 * crash never loses an event that a later one depends on.
 */
export interface CallSink {
  event(call: Call, event: CallEvent): Promise<void>;
  /** The final event (a disconnect, when the call had one) and the record, stored together. */
  finish(call: Call, record: CallRecord, finalEvent?: CallEvent): Promise<void>;
}

export type StopResult = 'stopping' | 'not_active';

/**
 * The engine's lifecycle events. Metrics, logs and tests subscribe; the engine does not know who
 * listens. A listener must not throw (it runs inside the call's flow).
 */
export interface CallEngineEventMap {
  /** The call's scenario starts (it holds a call port from now on). */
  started: [call: Call];
  /** The call's record (and final event) was stored: how it ended is known. Also for a recovered call (no 'started' before it). */
  finished: [call: Call, record: CallRecord];
  /** The call's run is over and its port free, whether or not its record could be stored. Once per started call. */
  ended: [call: Call];
}

export interface CallEngine {
  /**
   * Starts the call's scenario on the network; returns at once, the scenario runs on. An inbound
   * call is given its offer: its leg A is accepted rather than dialled.
   */
  start(call: Call, inbound?: import('../network/types.js').InboundOffer): void;
  /**
   * Ends a call a previous run left in progress (its legs died with that process): a disconnect
   * and a record built from the events stored (internal error 8000), through the same sink as the
   * scenarios' records, so it is pushed, logged and counted like any other end of call.
   */
  recover(call: Call, events: CallEvent[]): Promise<void>;
  /** callStop: releases every leg of an active call. */
  stop(sessionId: string): StopResult;
  /** Calls in progress (all apps, or one app): each holds one call port. */
  active(appKey?: string): number;
  /** Resolves when no call is in progress. */
  idle(): Promise<void>;
  on<K extends keyof CallEngineEventMap>(event: K, listener: (...args: CallEngineEventMap[K]) => void): unknown;
  /**
   * Resolves when every call in progress waits for a timer or a callStop: nothing the engine
   * started (an event being stored, a recording being written) is still running. With a manual
   * clock this is how a test knows a timer's consequences are complete (ManualClock.whenIdle).
   */
  settled(): Promise<void>;
}
