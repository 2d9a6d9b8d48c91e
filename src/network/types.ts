// The telephone network behind one interface. The call engine places legs, plays media, collects
// digits, bridges and records; the network reports what the far end does as signals. `simulated`
// implements it on rules; a SIP trunk can implement it later without the engine changing.

import type { LegName } from '../domain/call.js';

/** Ways a leg can fail before it is answered (each with its codes in outcomes.ts). */
export type LegFailure = 'busy' | 'no_answer' | 'powered_off' | 'vacant' | 'rejected' | 'unreachable';

/** Something played to a leg. durationMs is the length of one play (a loop repeats it). */
export interface Media {
  kind: 'file' | 'tts' | 'digits' | 'ringback' | 'announcement';
  /** File name, TTS text, digits read out, or the far end's tone. */
  name: string;
  durationMs: number;
}

export type LegSignal =
  | { type: 'alerting'; at: number }
  | { type: 'answer'; at: number }
  | { type: 'failed'; at: number; failure: LegFailure; q850: number; sipStatus: number }
  /** The far party hung up after answering. */
  | { type: 'hangup'; at: number }
  /** A non-looping play ran to its end. */
  | { type: 'played'; at: number; playId: number }
  /** End of a digit collection: the digits pressed, '' when none came before the timeout. */
  | { type: 'digits'; at: number; digits: string };

export interface DialRequest {
  sessionId: string;
  leg: LegName;
  /** The number shown to the called party. */
  from: string;
  to: string;
  /** The platform gives up ringing after this long, counted from the dial (failure no_answer). */
  ringTimeoutMs: number;
}

export interface NetworkLeg {
  readonly sessionId: string;
  readonly leg: LegName;
  readonly number: string;
  /** Starts playing; returns an id. A looping play never signals 'played'; stop it with stopPlay. */
  play(media: Media, opts?: { loop?: boolean }): number;
  stopPlay(playId: number): void;
  /** Collects up to maxDigits; one 'digits' signal follows within timeoutMs. */
  collect(maxDigits: number, timeoutMs: number): void;
  /** The platform releases (or cancels) the leg; no signal follows. Idempotent. */
  release(): void;
}

export interface RecordingResult {
  startAt: number;
  endAt: number;
  path: string;
}

export interface Recorder {
  /** Ends the recording and writes the file. */
  stop(): Promise<RecordingResult>;
}

export interface RecordOptions {
  path: string;
  /** Length of the record hint tone put at the start of the file, 0 for none. */
  hintToneMs: number;
}

export interface Network {
  /** Places a leg; signals arrive through onSignal, never synchronously inside dial. */
  dial(req: DialRequest, onSignal: (signal: LegSignal) => void): NetworkLeg;
  /** Connects two answered legs' speech paths. */
  bridge(a: NetworkLeg, b: NetworkLeg): void;
  /** Records the bridged legs from now until stop. */
  record(a: NetworkLeg, b: NetworkLeg, opts: RecordOptions): Recorder;
}
