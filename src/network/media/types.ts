// The media side of a real network: one RTP session per leg, run off the main event loop (worker
// threads) so API work cannot disturb 20 ms pacing. The SIP network negotiates the session in SDP
// and drives it through this interface; what happens on the audio path comes back as MediaEvents.

import type { G711 } from '../audio/g711.js';

/** 8 kHz, 16-bit, mono linear PCM: the one form audio takes between the audio library and RTP. */
export type Pcm = Int16Array;
export const PCM_RATE = 8000;

export interface RtpPeer {
  address: string;
  port: number;
}

/** What SDP offer/answer agreed for a leg (RFC 3264). */
export interface MediaParams {
  remote: RtpPeer;
  codec: G711;
  /** The payload type the far end uses for the codec (0 PCMU, 8 PCMA when static). */
  payloadType: number;
  /** RFC 4733 telephone-event payload type, when the far end offered/accepted one. */
  telephoneEventPt?: number;
  /** The IP the SIP peer's messages come from. When the session latches (a private SDP address),
   * only a first packet from this IP is latched on: a stranger cannot take the call's audio. */
  signalling?: string;
}

export type MediaEvent =
  /** A non-looping play ended; durationMs is the audio actually sent. */
  | { type: 'played'; playId: number; durationMs: number; interrupted: boolean }
  /** One key, once per event (RFC 4733 end retransmissions and repeated updates counted once). */
  | { type: 'dtmf'; digit: string }
  /** No RTP from the far end for the engine's silence limit (an answered leg whose media died). */
  | { type: 'media_timeout'; silentMs: number }
  /** The session's media is gone for good (its RTP worker died): the call cannot continue. */
  | { type: 'media_failed'; reason: string };

export interface MediaSession {
  /** The local RTP port (written into SDP). */
  readonly port: number;
  /** Starts sending (silence until a play) and receiving once the far end's address is known. */
  connect(params: MediaParams): void;
  /** Queues audio after what already plays; loop repeats it until stopPlay. */
  play(audio: Pcm, opts?: { loop?: boolean }): { playId: number; durationMs: number };
  /** Stops one play without a 'played' event. */
  stopPlay(playId: number): void;
  /** Stops every play with 'played' interrupted: true (barge-in). */
  interruptPlays(): void;
  /** Relays audio both ways with another session (transcoding when codecs differ); plays stop. */
  bridge(other: MediaSession): Promise<void>;
  /** Mixes both directions of this (bridged) session into an A-law 8 kHz mono WAV from now. */
  record(path: string, hintTone?: Pcm): Promise<MediaRecording>;
  /** Frees the port; nothing is emitted after. Idempotent. */
  close(): void;
}

export interface MediaRecording {
  /** droppedMs: audio a direction sent beyond the time recorded (+300 ms), cut from the file. */
  stop(): Promise<{ startAt: number; endAt: number; path: string; droppedMs?: number }>;
}

export interface MediaEngineOptions {
  /** The local address RTP binds to. */
  address: string;
  /** Inclusive port range; RTP uses even ports (RFC 3550 §11). */
  ports: { min: number; max: number };
  /** Answered legs with no RTP for this long emit media_timeout (0: never). */
  silenceTimeoutMs: number;
}

export interface MediaOpenOptions {
  /** A session this one will be bridged with: both then live in the same RTP worker. */
  near?: MediaSession;
}

export interface MediaEngine {
  /** Binds a port from the range; rejects when none is free. */
  open(onEvent: (event: MediaEvent) => void, opts?: MediaOpenOptions): Promise<MediaSession>;
  /** Sessions open now. */
  readonly openSessions: number;
  /** Closes every session and stops the workers. */
  close(): Promise<void>;
}
