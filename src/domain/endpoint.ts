// An endpoint: one URL pushes are sent to. Pausing, the circuit breaker and the in-flight limit
// work per endpoint, so one slow or dead receiver cannot hold up the others.

import { createHash } from 'node:crypto';

export interface Endpoint {
  /** `ep_` + the first 16 hex digits of SHA-256(url): every node derives the same id. */
  id: string;
  url: string;
  /** A paused endpoint keeps its pushes queued until it is resumed. */
  paused: boolean;
  /** Who or what paused it: an operator's note, or the receiver's 410 Gone. */
  pausedReason?: string;
  pausedAt?: number;
  createdAt: number;
  updatedAt: number;
}

export const endpointId = (url: string): string =>
  `ep_${createHash('sha256').update(url).digest('hex').slice(0, 16)}`;
