// The repository interface. Every method is async so a PostgreSQL implementation (shared by
// several nodes) can stand behind it; the SQLite one answers synchronously inside. Operations that
// must be atomic are single methods (one transaction each) rather than an exposed transaction.

import type { App, DisplayNumber, TtsTemplate, VoiceFile } from '../domain/app.js';
import type { Call, CallEvent, CallRecord, RecordingInfo } from '../domain/call.js';
import type { NewPush, Push, PushAttempt, PushNext, PushState } from '../domain/push.js';

export interface AppRepo {
  get(appKey: string): Promise<App | undefined>;
  put(app: App): Promise<void>;
  numbers(appKey: string): Promise<DisplayNumber[]>;
  putNumber(n: DisplayNumber): Promise<void>;
  voiceFiles(): Promise<VoiceFile[]>;
  putVoiceFile(f: VoiceFile): Promise<void>;
  templates(): Promise<TtsTemplate[]>;
  putTemplate(t: TtsTemplate): Promise<void>;
}

export interface NonceRepo {
  /**
   * Records that a nonce was used. Resolves false when it was already recorded and not yet
   * expired (a replay). Expired nonces may be pruned at any time after expiresAt.
   */
  useOnce(appKey: string, nonce: string, expiresAt: number, now: number): Promise<boolean>;
  prune(now: number): Promise<number>;
}

export type CallState = 'active' | 'ended';

export interface StoredCall {
  call: Call;
  state: CallState;
  record?: CallRecord;
  events: CallEvent[];
}

export interface StoredRecording extends RecordingInfo {
  sessionId: string;
  appKey: string;
}

export interface CallRepo {
  create(call: Call): Promise<void>;
  get(sessionId: string): Promise<StoredCall | undefined>;
  /** Calls that were still active (on a restart: the ones a crash interrupted). */
  unfinished(): Promise<Call[]>;
  /** The event and the pushes it causes, in one transaction. */
  appendEvent(event: CallEvent, pushes: NewPush[]): Promise<void>;
  /**
   * The final event (if any), the record, its recording (if any) and all their pushes, in one
   * transaction; the call becomes ended.
   */
  finish(record: CallRecord, finalEvent: CallEvent | undefined, pushes: NewPush[]): Promise<void>;
  recording(appKey: string, objectName: string): Promise<StoredRecording | undefined>;
  /** Highest per-node sequence number used in a session id so far (to continue after a restart). */
  maxSessionSeq(): Promise<number>;
}

export interface PushFilter {
  appKey?: string;
  sessionId?: string;
  state?: PushState;
  kind?: Push['kind'];
  limit?: number;
}

export interface OutboxRepo {
  enqueue(pushes: NewPush[]): Promise<void>;
  /**
   * Leases up to `limit` due pushes (queued, nextAt <= now, not behind an earlier queued push of
   * the same order key) until now + leaseMs, and returns them. A record being claimed for its
   * first attempt absorbs other never-attempted queued records of the same batch key, up to
   * maxBatch items in all; the absorbed ones become `merged`.
   */
  claim(now: number, limit: number, leaseMs: number, maxBatch: (dialect: string) => number): Promise<Push[]>;
  /** Records the attempt and moves the push to its next state, in one transaction. */
  complete(attempt: PushAttempt, next: PushNext): Promise<void>;
  /** The earliest nextAt of any queued push, or undefined when none is queued. */
  nextDueAt(): Promise<number | undefined>;
  get(id: string): Promise<Push | undefined>;
  list(filter: PushFilter): Promise<Push[]>;
  attempts(pushId: string): Promise<PushAttempt[]>;
  counts(): Promise<Record<PushState, number>>;
}

export interface Store {
  apps: AppRepo;
  nonces: NonceRepo;
  calls: CallRepo;
  outbox: OutboxRepo;
  close(): Promise<void>;
}
