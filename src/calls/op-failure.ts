// What a call ends with when the network refuses an operation (a play, a collection, a bridge,
// a recording): the reference's code for the media that could not play, else an internal error.
// The platform, not a party, releases such a call (docs/network.md, "Errors").

import type { Media } from '../network/types.js';
import { POINT, STATE } from './state-codes.js';

export interface OpFailure {
  stateCode: number;
  ulFailReason: number;
}

export function opFailure(media?: Media): OpFailure {
  if (media?.kind === 'tts') return { stateCode: STATE.ttsFailed, ulFailReason: POINT.ttsFailed };
  if (media?.kind === 'file') return { stateCode: STATE.voiceFileMissing, ulFailReason: POINT.voiceFileMissing };
  return { stateCode: STATE.internalError, ulFailReason: POINT.internalError };
}
