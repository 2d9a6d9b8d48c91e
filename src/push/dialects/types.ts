// A dialect is one push format: data plus pure functions. The delivery stage applies it without
// knowing which format it is; adding a format touches only this folder.

import type { Call, CallEvent, CallRecord } from '../../domain/call.js';
import type { PushKind } from '../../domain/push.js';
import type { TaskStatusEvent } from '../../domain/task-status.js';

export interface SignInput {
  url: string;
  body: string;
  appKey: string;
  /** Absent only for a dialect whose signature is optional (`signatureOptional`): send unsigned. */
  secret?: string;
  messageId: string;
  now: number;
  /** A fresh random nonce for this attempt. */
  nonce: string;
}

export interface Verdict {
  ok: boolean;
  /** Why a 2xx/200 answer still counts as a failure (e.g. a CDR resultcode other than "0"). */
  reason?: string;
}

/** Who the push is for, when a subscription (not the request's statusUrl/feeUrl) caused it. */
export interface EncodeContext {
  subscriptionId?: string;
  /**
   * A recorded call's signed download link (reference 4.6), made by the outbox writer with the
   * composition root's link maker: the encoder stays pure and the link holds a key it never sees.
   */
  recordingUrl?: string;
}

export interface Dialect {
  readonly name: string;
  /** Retry delays (ms) after each failed attempt, per kind of push. */
  readonly schedules: Record<PushKind, number[]>;
  /** Per-attempt timeout (ms). */
  readonly attemptTimeoutMs: number;
  /** Most items one push may carry (records merged by batch key). */
  readonly maxBatch: number;
  /** The item for a status event, or undefined when this format does not push that event. */
  encodeStatus(call: Call, event: CallEvent, ctx?: EncodeContext): unknown | undefined;
  encodeRecord(call: Call, record: CallRecord, ctx?: EncodeContext): unknown;
  /**
   * When a format pushes one call's record as several separate pushes (robot: a basic and a task
   * record), the items, one push each. Without it, one push carries encodeRecord's item.
   */
  encodeRecords?(call: Call, record: CallRecord, ctx?: EncodeContext): unknown[];
  /**
   * The item for a task's state change (a status push), for a format that pushes them (voxcall's
   * own). Absent: the format pushes no task events (the four documents define none).
   */
  encodeTaskStatus?(event: TaskStatusEvent, ctx?: EncodeContext): unknown;
  /**
   * True when the format may be sent unsigned (its document has no signature; voxcall signs only
   * when the subscription has a secret). False/absent: a push without a secret is not sent.
   */
  readonly signatureOptional?: boolean;
  /** True when the app's own secret signs this format (Huawei's AK/SK); else a subscription's secret. */
  readonly signsWithAppSecret?: boolean;
  /** Records with the same key (and URL) may be merged into one push. */
  recordBatchKey(call: Call, record: CallRecord): string | undefined;
  /** The HTTP body carrying these items. */
  body(kind: PushKind, items: unknown[]): string;
  /** Headers to add to the request (content type, signature). */
  headers(input: SignInput): Record<string, string>;
  /**
   * Whether the receiver accepted the push. `kind` tells status pushes from records where a format
   * judges them differently (Huawei: a CDR's resultcode counts, a status push's body does not).
   */
  judge(status: number, body: string, kind?: PushKind): Verdict;
}
