// What a SIP leg needs from its network: the SIP core, media, audio, clock, routing and the
// registry of open legs. The network (network.ts) is the one implementation.

import type { MediaEngine, MediaOpenOptions, Pcm } from '../media/types.js';
import type { Media } from '../types.js';
import type { SipCore } from './core.js';
import type { Credentials } from './digest.js';
import type { NumberFormat } from './numbers.js';
import type { TransportName } from './transport.js';
import type { SipUri } from './uri.js';

export type AudioSource = (media: Media) => Promise<{ pcm: Pcm; durationMs: number }>;
export type SipLog = (event: string, detail: Record<string, unknown>) => void;

export interface LegContext {
  readonly core: SipCore;
  readonly media: MediaEngine;
  readonly audio: AudioSource;
  readonly now: () => number;
  readonly log: SipLog;
  /** The address written into SDP. */
  readonly mediaAddress: string;
  readonly credentials: Credentials | undefined;
  readonly numberFormat: NumberFormat;
  /** Our Contact header value for a transport. */
  contact(transport: TransportName): string;
  /** The trunk URI a number is sent to. */
  route(number: string): SipUri;
  /** Keeps SIP work (a BYE, a CANCEL and its 487) that close() should wait for. */
  pending(work: Promise<void>): void;
  /** Media options for a new leg of a call: its other open leg's session, so a bridge can relay in one worker. */
  mediaNear(sessionId: string): MediaOpenOptions | undefined;
  /** The leg ended (no longer open). */
  ended(callId: string): void;
}
