// The outbox's unit of work. The delivery stage moves these without knowing any push format:
// the dialect that produced `items` also builds the body, signs it and judges the response.

export type PushKind = 'status' | 'record';

/**
 * queued: waiting for its time (or leased by a dispatcher while an attempt runs);
 * delivered: the receiver accepted it; failed: the schedule is exhausted (kept, never deleted);
 * merged: a record that was sent inside another push's batch (see mergedInto).
 */
export type PushState = 'queued' | 'delivered' | 'failed' | 'merged';

export interface NewPush {
  /** Stable message id, sent as a header on every attempt so receivers can de-duplicate. */
  id: string;
  appKey: string;
  sessionId: string;
  dialect: string;
  kind: PushKind;
  url: string;
  /** Pushes sharing an order key are delivered one at a time, in seq order. */
  orderKey?: string;
  seq: number;
  /** Queued, never-attempted records with the same batch key may travel as one push. */
  batchKey?: string;
  /** The dialect-encoded item (JSON-serialisable). */
  item: unknown;
  availableAt: number;
  /** Delay in ms before each retry; its length is the number of retries after the first attempt. */
  schedule: number[];
  timeoutMs: number;
  createdAt: number;
  /** The subscription that caused it (absent: the request's statusUrl/feeUrl); picks the signing secret. */
  subscriptionId?: string;
}

export interface Push {
  id: string;
  appKey: string;
  sessionId: string;
  dialect: string;
  kind: PushKind;
  url: string;
  orderKey?: string;
  seq: number;
  batchKey?: string;
  /** The items this push carries: one, or several after records were merged into it. */
  items: unknown[];
  schedule: number[];
  timeoutMs: number;
  state: PushState;
  /** Attempts made so far (the history's attempt numbers continue across replays). */
  attempts: number;
  /** Schedule steps used since the push was last queued (a replay sets it back to 0). */
  step: number;
  /** How many times an operator replayed it. */
  replays: number;
  /** When a failed record push was exported (see docs/delivery.md, retention). */
  exportedAt?: number;
  /** When the push is next due (or, while leased, when the lease expires). */
  nextAt: number;
  createdAt: number;
  deliveredAt?: number;
  lastError?: string;
  mergedInto?: string;
  subscriptionId?: string;
}

export type AttemptErrorClass =
  | 'timeout'
  | 'refused'
  | 'dns'
  | 'tls'
  | 'network'
  | 'non_2xx'
  | 'rejected_body'
  /** The URL resolved to an address the configuration does not allow (loopback, private, ...). */
  | 'blocked_target';

export interface PushAttempt {
  pushId: string;
  /** 1-based attempt number. */
  n: number;
  at: number;
  latencyMs: number;
  ok: boolean;
  httpStatus?: number;
  /** The first KiB of the response body. */
  responseHead?: string;
  errorClass?: AttemptErrorClass;
  error?: string;
  /** The URL this attempt went to, when not the push's own (a subscription's failover URL). */
  url?: string;
}

/** What an attempt leads to. */
export type PushNext =
  | { state: 'delivered' }
  /** keepStep: the attempt does not use a schedule step (the endpoint was paused by a 410). */
  | { state: 'queued'; nextAt: number; keepStep?: boolean }
  | { state: 'failed' };
