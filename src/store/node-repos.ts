// What the nodes sharing one store keep there about each other: the IP guard's failures and
// blocks (LockoutRepo) and the nodes themselves (NodeRepo, docs/cluster.md). Part of the
// repository interface (types.ts re-exports it).

import type { Call } from '../domain/call.js';

/** One IP the IP guard tracks, as operators see it (1020176). */
export interface Lockout {
  ip: string;
  /** Failures that caused the block (blocked), else the failures still inside the window. */
  failures: number;
  /** Set while the IP is blocked. */
  blockedUntil?: number;
  lastFailureAt?: number;
}

/** What one authentication failure did. */
export interface FailureOutcome {
  /** Failures inside the window with this one; while blocked, those that caused the block. */
  failures: number;
  /** Set while the IP is blocked, by this failure or an earlier one (then this one is not counted). */
  blockedUntil?: number;
  /** This failure started the block (exactly one failure does, whichever node records it). */
  started: boolean;
}

/** The IP guard's failures and blocks, shared by every node (src/api/auth/ip-guard.ts). IPs come normalized. */
export interface LockoutRepo {
  /**
   * Counts a failure at `now` in the sliding window of windowMs, in one transaction; the one that
   * brings the IP to maxFailures blocks it until now + blockMs and clears its failures. A failure
   * while blocked changes nothing.
   */
  recordFailure(ip: string, now: number, windowMs: number, maxFailures: number, blockMs: number): Promise<FailureOutcome>;
  /** The IPs blocked at `now`. */
  blocked(now: number): Promise<Array<{ ip: string; blockedUntil: number }>>;
  /** Blocked IPs (latest block first), then IPs with failures in the window (most first), at most `limit`. */
  list(now: number, windowMs: number, limit: number): Promise<{ lockouts: Lockout[]; total: number }>;
  /** Forgets the IP (block and failures); undefined when it was not tracked, else whether a block was lifted. */
  release(ip: string, now: number): Promise<{ lifted: boolean } | undefined>;
  /** Forgets every IP; the IPs whose block that lifted. */
  releaseAll(now: number): Promise<{ forgotten: number; lifted: string[] }>;
  /** Deletes failures out of the window and IPs with neither a block nor such a failure. */
  prune(now: number, windowMs: number): Promise<number>;
}

/** A process sharing the store (docs/cluster.md). Times are wall-clock ms. */
export interface NodeInfo {
  id: string;
  role: string;
  hostName: string;
  startedAt: number;
  heartbeatAt: number;
}

export interface NodeRepo {
  /** Creates or refreshes the node's row (every field taken from `node`). */
  heartbeat(node: NodeInfo): Promise<void>;
  /** Every node with a row, by id. */
  list(): Promise<NodeInfo[]>;
  /**
   * When the node `deadNodeId` has a row whose heartbeat is older than staleBefore: deletes it
   * and makes `byNodeId` the owner of its active calls, in one transaction, and resolves them
   * (oldest first) for the adopter to end. Otherwise (alive, or already adopted by another node)
   * changes nothing and resolves []. Of two nodes adopting the same dead node at once, one gets
   * its calls and the other none.
   */
  adopt(deadNodeId: string, byNodeId: string, staleBefore: number): Promise<Call[]>;
}
