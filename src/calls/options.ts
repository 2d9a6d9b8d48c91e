// What the engine needs from the platform, and the timings the reference leaves to the platform
// (each documented in docs/network.md).

import type { Call } from '../domain/call.js';
import type { MediaCatalog } from '../domain/media.js';
import type { Clock } from '../lib/clock.js';
import type { Network } from '../network/types.js';
import type { CallSink } from './types.js';

export interface CallTimings {
  /** A leg that has not answered this long after the dial fails with no_answer. */
  ringTimeoutMs: number;
  /** Reference 5.2: digits must come within 5 s after the item played. */
  collectTimeoutMs: number;
  /** TTS speaking rate: 4 characters a second. */
  ttsMsPerChar: number;
  /** A verification code is read at one digit per 800 ms. */
  digitReadMs: number;
  /** times = 0 reads the code at most this many times. */
  verifySafetyCap: number;
  /** Replays one notification item at most this many times on its trigger digits. */
  maxReplays: number;
  /** The callee's failure announcement the caller hears (calleeMedia all/fail). */
  failureToneMs: number;
}

export const DEFAULT_TIMINGS: CallTimings = {
  ringTimeoutMs: 45_000,
  collectTimeoutMs: 5_000,
  ttsMsPerChar: 250,
  digitReadMs: 800,
  verifySafetyCap: 20,
  maxReplays: 10,
  failureToneMs: 4_000,
};

export interface CallEngineOptions {
  network: Network;
  sink: CallSink;
  clock: Clock;
  media: MediaCatalog;
  /** Reported as hostName in records. */
  hostName: string;
  recordDomain: string;
  recordBucket: string;
  /** Where recordings are written, as <sessionId before @>.wav. */
  recordingsDir: string;
  timings?: Partial<CallTimings>;
  /** Told when a scenario throws (the call is then ended as an internal error). */
  onError?: (err: unknown, call: Call) => void;
  /** Called once per call when its run is over (the call port it held is free again). */
  onEnded?: (call: Call) => void;
}

export interface EngineDeps extends Omit<CallEngineOptions, 'timings'> {
  timings: CallTimings;
}
