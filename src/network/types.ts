// The telephone network behind one interface. The call engine places legs, plays media, collects
// digits, bridges and records; the network reports what the far end does as signals. `simulated`
// implements it on rules; a SIP trunk implements the same interface (docs/network.md, "The Network
// interface"), and test/network/contract.ts is the suite both must pass.
//
// Two channels, on purpose: an operation's promise says whether the network took the request
// (it rejects with a NetworkError when it cannot); what then happens on the line (the play ended,
// a key was pressed, the far end hung up) arrives later as a signal. Operations on a leg that has
// already ended resolve and do nothing: its ending signal is, or soon will be, on its way.

import type { LegName } from '../domain/call.js';

/** Ways a leg can fail before it is answered (each with its codes in outcomes.ts). */
export type LegFailure = 'busy' | 'no_answer' | 'powered_off' | 'vacant' | 'rejected' | 'unreachable';

/** Something played to a leg. durationMs is the platform's estimate of one play (a loop repeats it). */
export interface Media {
  kind: 'file' | 'tts' | 'digits' | 'ringback' | 'announcement';
  /** File name, TTS text, digits read out, or the far end's tone. */
  name: string;
  durationMs: number;
  /** For a file: where its audio is on this machine (a real network reads it; the simulator does not). */
  path?: string;
}

/** Who ended an answered leg: the far party, or the network (a trunk failure, a shutdown). */
export type HangupBy = 'far' | 'network';

/** Why a digit collection ended. */
export type CollectEnd =
  | 'max'
  | 'terminator'
  | 'timeout'
  /** The party stopped pressing for the network's inter-digit pause (the simulated network: at the end of a rule's string). */
  | 'interdigit';

export type LegSignal =
  /** The far end rings (SIP 180, or 183 with early media). Sent at most once. */
  | { type: 'alerting'; at: number }
  /** Call progress (SIP 183); earlyMedia: the far end sends audio before the answer. */
  | { type: 'progress'; at: number; earlyMedia: boolean }
  | { type: 'answer'; at: number }
  | { type: 'failed'; at: number; failure: LegFailure; q850: number; sipStatus: number }
  /** The answered leg ended without the platform releasing it; q850 is its cause (16 = normal). */
  | { type: 'hangup'; at: number; q850: number; by: HangupBy }
  /**
   * A non-looping play ended: durationMs is what the network really played. interrupted: cut
   * short by a key (a collection with interruptsPlay), not by stopPlay (which signals nothing).
   */
  | { type: 'played'; at: number; playId: number; durationMs: number; interrupted: boolean }
  /** One key pressed (RFC 4733 or SIP INFO on a SIP network), during a collection. */
  | { type: 'dtmf'; at: number; digit: string }
  /** End of a digit collection: the digits pressed without the terminator, '' on a timeout with none. */
  | { type: 'digits'; at: number; digits: string; reason: CollectEnd };

export interface DialRequest {
  sessionId: string;
  leg: LegName;
  /** The number shown to the called party. */
  from: string;
  to: string;
  /** The platform gives up ringing after this long, counted from the dial (failure no_answer). */
  ringTimeoutMs: number;
}

export interface PlayOptions {
  /** Repeat until stopPlay or release; a looping play never signals 'played'. */
  loop?: boolean;
}

/** What the network took on: the play's id and the length it will play (billing uses it). */
export interface PlayStarted {
  playId: number;
  durationMs: number;
}

export interface CollectOptions {
  maxDigits: number;
  /** Counted from the collect call; the collection then ends with what it has. */
  timeoutMs: number;
  /** A key that ends the collection (not part of the digits), e.g. '#'. */
  terminator?: string;
  /** The first key stops the leg's running plays ('played' with interrupted: true). */
  interruptsPlay?: boolean;
}

export interface NetworkLeg {
  readonly sessionId: string;
  readonly leg: LegName;
  readonly number: string;
  /** Starts playing; a loop never signals 'played'. Rejects (NetworkError media) if it cannot play. */
  play(media: Media, opts?: PlayOptions): Promise<PlayStarted>;
  /** Stops a play without a 'played' signal; unknown or ended ids are ignored. */
  stopPlay(playId: number): void;
  /** Starts a collection: 'dtmf' per key, then one 'digits'. Rejects if the leg cannot collect. */
  collect(opts: CollectOptions): Promise<void>;
  /** The platform releases (or cancels) the leg; no signal follows. Idempotent. */
  release(): void;
}

export interface RecordingResult {
  startAt: number;
  endAt: number;
  /** Where the network wrote the file (a local path for both networks so far). */
  path: string;
}

export interface Recorder {
  /** Ends the recording and writes the file; rejects (NetworkError record) if it cannot. */
  stop(): Promise<RecordingResult>;
}

export interface RecordOptions {
  path: string;
  /** Length of the record hint tone put at the start of the file, 0 for none. */
  hintToneMs: number;
}

export type NetworkErrorCode = 'not_started' | 'closed' | 'media' | 'bridge' | 'record' | 'collect' | 'unsupported';

/** The one error a network operation rejects with: the code says which, the message why. */
export class NetworkError extends Error {
  constructor(
    readonly code: NetworkErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

export interface NetworkHealth {
  state: 'starting' | 'up' | 'degraded' | 'down' | 'closed';
  /** Legs not yet ended. */
  openLegs: number;
  /** Why not up, e.g. "trunk did not answer OPTIONS". */
  detail?: string;
}

/** A call offered to the platform by the network (an INVITE from the trunk). */
export interface InboundOffer {
  sessionId: string;
  from: string;
  to: string;
  at: number;
  /**
   * Answers it: the returned leg signals like a dialled one that answered. callId: the platform's
   * sessionId of the call the leg joins (a network may name the leg with it; SIP keeps its own).
   */
  accept(onSignal: (signal: LegSignal) => void, callId?: string): NetworkLeg;
  /** Refuses it with a Q.850 cause (e.g. 1 unallocated number); callId: the call the refusal was recorded as. */
  reject(q850: number, callId?: string): void;
}

export type InboundHandler = (offer: InboundOffer) => void;

export interface Network {
  /** Ready to place legs (binds, registers, pings the trunk). A failure of the far side is health, not a rejection. */
  start(): Promise<void>;
  /** Ends every open leg (each gets its ending signal), then stops. Idempotent. */
  close(): Promise<void>;
  health(): NetworkHealth;
  /** Calls offered to the platform go here; without a handler they are refused (q850 21). */
  onInbound(handler: InboundHandler): void;
  /**
   * Places a leg. Never throws and never signals synchronously: a leg the network cannot place
   * signals 'failed' (unreachable) instead.
   */
  dial(req: DialRequest, onSignal: (signal: LegSignal) => void): NetworkLeg;
  /** Connects two answered legs' speech paths; rejects (NetworkError bridge) if it cannot. */
  bridge(a: NetworkLeg, b: NetworkLeg): Promise<void>;
  /** Records the bridged legs from now until stop; rejects (NetworkError record) if it cannot start. */
  record(a: NetworkLeg, b: NetworkLeg, opts: RecordOptions): Promise<Recorder>;
}

/** Every signal type, for documents and tests that must name them all (docs/network.md). */
export const LEG_SIGNAL_TYPES = ['alerting', 'progress', 'answer', 'failed', 'hangup', 'played', 'dtmf', 'digits'] as const;
// Fails to compile when a signal type is added without being listed above.
const _allListed: Exclude<LegSignal['type'], (typeof LEG_SIGNAL_TYPES)[number]> extends never ? true : never = true;
void _allListed;
