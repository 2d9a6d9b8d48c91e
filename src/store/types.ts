// The repository interface. Every method is async so a PostgreSQL implementation (shared by
// several nodes) can stand behind it; the SQLite one answers synchronously inside. Operations that
// must be atomic are single methods (one transaction each) rather than an exposed transaction.

import type { App, DisplayNumber, ReviewState, TtsTemplate, VoiceFile } from '../domain/app.js';
import type { Call, CallEvent, CallOutcome, CallPlan, CallRecord, RecordingInfo } from '../domain/call.js';
import type { ListEntry, ListName, PolicySettings } from '../domain/policy.js';
import type { Endpoint } from '../domain/endpoint.js';
import type { NewPush, Push, PushAttempt, PushKind, PushNext, PushState } from '../domain/push.js';
import type { Subscription } from '../domain/subscription.js';
import type { StoreWatch } from './watch.js';
import type { LockoutRepo, NodeRepo } from './node-repos.js';
import type { PushAdminRepo, PushKey } from './push-admin-repo.js';
import type { FlowRepo } from './flow-repo.js';
import type { TaskRepo } from './task-repo.js';

export type * from './push-admin-repo.js';
export type * from './node-repos.js';
export type * from './flow-repo.js';

export interface AppRepo {
  get(appKey: string): Promise<App | undefined>;
  put(app: App): Promise<void>;
  /** Every app, oldest first. */
  list(): Promise<App[]>;
  numbers(appKey: string): Promise<DisplayNumber[]>;
  /** The number, whichever app owns it. */
  number(number: string): Promise<DisplayNumber | undefined>;
  putNumber(n: DisplayNumber): Promise<void>;
  /** Resolves false (and changes nothing) when the number already belongs to an app. */
  addNumber(n: DisplayNumber): Promise<boolean>;
  /** Resolves false when the app has no such number. */
  removeNumber(appKey: string, number: string): Promise<boolean>;
  voiceFiles(): Promise<VoiceFile[]>;
  putVoiceFile(f: VoiceFile): Promise<void>;
  /** Resolves false (and changes nothing) when the app (or the platform) already has a file of that name. */
  addVoiceFile(f: VoiceFile): Promise<boolean>;
  /** Resolves false when there is no such file. appKey undefined = platform-wide. */
  reviewVoiceFile(appKey: string | undefined, name: string, review: ReviewState, note?: string): Promise<boolean>;
  templates(): Promise<TtsTemplate[]>;
  putTemplate(t: TtsTemplate): Promise<void>;
  /** Resolves false (and changes nothing) when the id is taken in that scope. */
  addTemplate(t: TtsTemplate): Promise<boolean>;
  reviewTemplate(appKey: string | undefined, id: string, review: ReviewState, note?: string): Promise<boolean>;
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

/** A call as a listing shows it: no events. */
export type ListedCall = Omit<StoredCall, 'events'>;

/** What the operator lists calls by (all optional, combined with AND). */
export interface CallQuery {
  appKey?: string;
  /** The plan's kind (the stored `kind` column): a flow call is `flow`. */
  kind?: CallPlan['kind'];
  state?: CallState;
  /** Ended calls with this outcome. */
  outcome?: CallOutcome;
  /** Any number of the call: display, caller, callee or the number shown to the callee. */
  number?: string;
  /** created_at >= createdFrom (ms). */
  createdFrom?: number;
  /** created_at < createdTo (ms). */
  createdTo?: number;
}

export interface StoredRecording extends RecordingInfo {
  sessionId: string;
  appKey: string;
}

/**
 * What CallRepo.create did. Refused, having stored and counted nothing: `refused` is the index of
 * the first take that would pass its max, or 'ports' when the app's ports are all in use. Stored:
 * with `ports`, `idlePorts` is how many of the app's ports are still free once this call holds one
 * (as its transaction counted them).
 */
export type CallCreated = { refused: number | 'ports' } | { refused?: undefined; idlePorts?: number };

export interface CallRepo {
  /**
   * Stores the call, owned by the store's node (the nodeId its store was opened with; none =
   * unowned, as calls stored before nodes existed), and adds one to every counter (its policy
   * limits), in one transaction. With `ports`, that transaction also counts the app's calls in
   * progress (state 'active', on every node) and refuses when `ports.max` of them already are:
   * a call holds one of its app's ports exactly while its row is active (src/policy/ports.ts).
   * The counters are checked first: a full one names the refusal even when the ports are full too.
   */
  create(call: Call, takes?: CounterTake[], ports?: { max: number }): Promise<CallCreated>;
  get(sessionId: string): Promise<StoredCall | undefined>;
  /**
   * Calls still active, oldest first. With a node id: that node's and the unowned ones (what its
   * restart must end: the ones a crash interrupted); without: every node's.
   */
  unfinished(nodeId?: string): Promise<Call[]>;
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
  /** Newest first (created_at, session id descending); `after` is the last call of the previous page (id = session id). */
  list(q: CallQuery, after: PushKey | undefined, limit: number): Promise<ListedCall[]>;
}

export interface PushFilter {
  appKey?: string;
  sessionId?: string;
  state?: PushState;
  kind?: Push['kind'];
  limit?: number;
}

/**
 * What the dispatcher lets the claim take, asked as the claim walks (domain/receiver.ts): `app`,
 * how many more pushes the app may start (its fair share); `room`, how many more its receiver
 * may take, given an origin or a URL of it; `took`, called for each push claimed before the next
 * question, so the answers count it.
 */
export interface ClaimGate {
  app?(appKey: string): number;
  room?(appKey: string, originOrUrl: string): number;
  took?(push: Push): void;
}

/** For nextDueAt: whether the app (`originOrUrl` undefined) or its receiver can take nothing now. */
export type ClaimSkip = (appKey: string, originOrUrl?: string) => boolean;

export interface OutboxRepo {
  enqueue(pushes: NewPush[]): Promise<void>;
  /**
   * Leases up to `limit` due pushes (queued, nextAt <= now, not behind an earlier queued push of
   * the same order key, URL not paused) until now + leaseMs, and returns them. Apps are visited in
   * turn, then each app's origins in turn, then each origin's URLs, each as far as `gate` allows
   * (default: no limit), so neither one app's backlog nor one receiver's hides another's due
   * pushes. A record being claimed for its first attempt absorbs other never-attempted queued
   * records of the same batch key, up to maxBatch items in all; the absorbed ones become `merged`.
   */
  claim(
    now: number, limit: number, leaseMs: number, maxBatch: (dialect: string) => number, gate?: ClaimGate,
  ): Promise<Push[]>;
  /**
   * Records the attempts (one, or the primary's and the failover's) and moves the push to its
   * next state, in one transaction. Changes nothing when the push moved on since it was claimed.
   */
  complete(attempts: PushAttempt[], next: PushNext): Promise<void>;
  /**
   * The earliest nextAt of any runnable queued push, or undefined when none is queued. With
   * `skip`, only pushes whose URL is not paused and whose app and receiver are not skipped count
   * (one index probe per app, origin and URL visited; an app or origin skipped costs one).
   */
  nextDueAt(skip?: ClaimSkip): Promise<number | undefined>;
  get(id: string): Promise<Push | undefined>;
  list(filter: PushFilter): Promise<Push[]>;
  attempts(pushId: string): Promise<PushAttempt[]>;
  counts(): Promise<Record<PushState, number>>;
  /** The queue as metrics see it: queued pushes, how many are due now, and the oldest due one's nextAt. */
  depth(now: number): Promise<{ queued: number; due: number; oldestDueAt?: number }>;
}

/** One fixed-window counter: (scope, key, windowStart) names it; it may be pruned after expiresAt. */
export interface CounterTake {
  scope: string;
  key: string;
  windowStart: number;
  expiresAt: number;
  /** The most the counter may reach. */
  max: number;
}

/** Number lists, limit settings (read-mostly, cached by the policy) and the fixed-window counters. */
export interface PolicyRepo {
  /**
   * Adds one to every counter, in one transaction (one guarded UPSERT each). When one would pass
   * its max, none is changed and the index of the first such take is returned; else undefined.
   */
  take(takes: CounterTake[]): Promise<number | undefined>;
  /** Takes back one of each (a call admitted by the counters but refused by a later check). */
  give(takes: CounterTake[]): Promise<void>;
  count(scope: string, key: string, windowStart: number): Promise<number>;
  pruneCounters(now: number): Promise<number>;
  listEntries(): Promise<ListEntry[]>;
  /** Resolves false when the entry was already there. */
  addListEntry(entry: ListEntry): Promise<boolean>;
  /** Resolves false when there was no such entry. */
  removeListEntry(scope: string, list: ListName, number: string): Promise<boolean>;
  /** Every scope's settings (PLATFORM_SCOPE = platform-wide). */
  settings(): Promise<Map<string, PolicySettings>>;
  putSettings(scope: string, settings: PolicySettings, now: number): Promise<void>;
}

export interface SubscriptionRepo {
  create(s: Subscription): Promise<void>;
  get(id: string): Promise<Subscription | undefined>;
  /** Every subscription of the app (enabled or paused), oldest first. */
  forApp(appKey: string): Promise<Subscription[]>;
  /** Replaces the stored subscription with this id; false when there is none. */
  update(s: Subscription): Promise<boolean>;
  delete(id: string): Promise<boolean>;
}

/** An endpoint's queue and recent attempts (`endpoints show`). */
export interface EndpointStats {
  /** Queued pushes for the URL (waiting for their time, leased, or behind an earlier event) and how many are due. */
  queue: { queued: number; due: number };
  /** The newest attempts at the URL since `since` (capped by the caller's max). */
  recent: {
    since: number;
    attempts: number;
    delivered: number;
    /** delivered / attempts; absent without attempts. */
    successRate?: number;
    latencyMs?: { p50: number; p95: number; p99: number; max: number };
    lastAttemptAt?: number;
  };
  /** The newest failed attempt among them. */
  lastError?: { at: number; error: string; errorClass?: string; httpStatus?: number };
}

export interface EndpointRepo {
  /**
   * One page of the endpoints pushes were ever queued for, oldest first on (createdAt, id);
   * `after` is the last endpoint of the previous page.
   */
  list(after: PushKey | undefined, limit: number): Promise<Endpoint[]>;
  /** The endpoints whose URL has one of these origins (scheme://host:port), at most `limit`. */
  atOrigins(origins: string[], limit: number): Promise<Endpoint[]>;
  /** By id or by URL. */
  get(idOrUrl: string): Promise<Endpoint | undefined>;
  /**
   * Pauses (with a reason) or resumes the endpoint of this URL, creating its row if needed.
   * Resolves the endpoint as it is now.
   */
  setPaused(url: string, paused: boolean, reason: string | undefined, now: number): Promise<Endpoint>;
  /** The URL's queue at `now` and its newest `max` attempts since `since` (attempt times, push clock). */
  stats(url: string, now: number, since: number, max: number): Promise<EndpointStats>;
}

/** One entry of an app's feed (the pull API): a status event or a CDR, in commit order. */
export interface FeedEntry {
  /** Increasing over the whole feed; the pull API's cursor. */
  id: number;
  appKey: string;
  sessionId: string;
  kind: 'status' | 'record';
  at: number;
  body: CallEvent | CallRecord;
}

export interface FeedRepo {
  /** The app's entries with id > afterId, in id order. */
  since(appKey: string, afterId: number, limit: number): Promise<FeedEntry[]>;
  /** Deletes up to batchSize entries older than olderThan (by `at`); resolves how many. */
  prune(olderThan: number, batchSize: number): Promise<number>;
}

export interface Store {
  nodes: NodeRepo;
  apps: AppRepo;
  nonces: NonceRepo;
  calls: CallRepo;
  outbox: OutboxRepo;
  subscriptions: SubscriptionRepo;
  policy: PolicyRepo;
  endpoints: EndpointRepo;
  pushAdmin: PushAdminRepo;
  feed: FeedRepo;
  lockouts: LockoutRepo;
  /** Read-only figures for the console's overview (overview-repo.ts). */
  overview: import('./overview-repo.js').OverviewRepo;
  /** Dialogue flows (flow-repo.ts). */
  flows: FlowRepo;
  tasks: TaskRepo;
  /** Privacy numbers: pools and bindings (privacy-repo.ts). */
  privacy: import('./privacy-repo.js').PrivacyRepo;
  /** Inbound routes of app numbers (inbound-repo.ts, migration 016). */
  inboundRoutes: import('./inbound-repo.js').InboundRouteRepo;
  /** Other nodes' writes, where the store is shared (PostgreSQL); absent on SQLite (one node). */
  watch?: StoreWatch;
  /** Resolves when the database answers a trivial query (/health); absent on SQLite (a file in the process). */
  ping?(): Promise<void>;
  close(): Promise<void>;
}

// Outbound call tasks (migration 014).
export type * from './task-repo.js';
// Privacy numbers (migration 017).
export type * from './privacy-repo.js';
