// Messages between the engine (main thread) and its RTP workers: small structured objects. PCM
// crosses once per play (structured clone copies it once; a SharedArrayBuffer-backed Int16Array
// is shared, not copied), never per frame.

import type { MediaEvent, MediaParams } from './types.js';

export type ToWorker =
  | { t: 'open'; req: number; id: number; address: string; port: number; silenceTimeoutMs: number }
  | { t: 'connect'; id: number; params: MediaParams }
  | { t: 'play'; id: number; playId: number; pcm: Int16Array; loop: boolean }
  | { t: 'stopPlay'; id: number; playId: number }
  | { t: 'interrupt'; id: number }
  | { t: 'bridge'; req: number; id: number; other: number }
  | { t: 'record'; req: number; id: number; path: string; hintTone?: Int16Array }
  | { t: 'recordStop'; req: number; id: number }
  | { t: 'stats'; req: number; id: number }
  | { t: 'pacing'; req: number; reset: boolean }
  | { t: 'close'; req: number; id: number };

export type FromWorker =
  | { t: 'reply'; req: number; ok: true; value?: unknown }
  | { t: 'reply'; req: number; ok: false; error: string; code?: string }
  | { t: 'event'; id: number; event: MediaEvent };

/** Counters of one session, for logs, metrics and tests. */
export interface RtpStats {
  sent: number;
  received: number;
  dtmf: number;
  dropped: { source: number; malformed: number; payloadType: number };
  /** Times the worker fell more than a few frames behind and moved the schedule (see docs/media.md). */
  slips: number;
  /** Where RTP goes now (the SDP address, or the latched source). */
  remote?: { address: string; port: number };
}
