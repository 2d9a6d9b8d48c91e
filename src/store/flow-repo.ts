// Dialogue flows in the store (migration 013, docs/flows.md): per app, in numbered versions that
// never change once stored, and the uses that keep a flow from being deleted. Part of the
// repository interface (types.ts re-exports it).

import type { Flow, FlowDefinition, FlowUse } from '../domain/flow.js';
import type { PushKey } from './push-admin-repo.js';

/** A flow as the listing shows it: no definition. */
export interface FlowSummary {
  id: string;
  appKey: string;
  name: string;
  /** The newest version's number. */
  version: number;
  createdAt: number;
  /** When the newest version was stored. */
  updatedAt: number;
  /** How many uses hold it (it can be deleted at 0). */
  uses: number;
}

export interface NewFlow {
  id: string;
  appKey: string;
  name: string;
  definition: FlowDefinition;
  note?: string;
  createdAt: number;
}

/** One version as the versions listing shows it. */
export interface FlowVersionInfo {
  version: number;
  note?: string;
  createdAt: number;
}

export type FlowVersionAdded =
  | { flow: Flow }
  | { reason: 'not_found' }
  /** `expectedVersion` was given and the newest version is another (someone stored one meanwhile). */
  | { reason: 'conflict'; latest: number };

export type FlowDeleted = { deleted: true } | { deleted: false; reason: 'not_found' } | { deleted: false; reason: 'in_use'; uses: FlowUse[] };

export type FlowUseAdded = 'added' | 'exists' | 'not_found';

/**
 * The flows of each app. A use is what the tasks engineer records when a task takes a flow: add
 * it in the transaction that stores the task (`use`, or the INSERT_FLOW_USE statement of
 * sql/flow-rows.ts inside their own transaction) and release it when the task is deleted. Its
 * foreign key to the version keeps a used flow from being deleted on every backend and node.
 */
export interface FlowRepo {
  /** Stores version 1. Resolves false (and changes nothing) when the app has a flow of that id. */
  create(flow: NewFlow): Promise<boolean>;
  /**
   * Stores the next version (newest + 1) in one transaction: two concurrent calls get two
   * numbers. With `expectedVersion`, refused unless the newest is that one.
   */
  addVersion(appKey: string, id: string, v: { definition: FlowDefinition; note?: string; at: number; expectedVersion?: number }): Promise<FlowVersionAdded>;
  /** The newest version, or the one asked for. */
  get(appKey: string, id: string, version?: number): Promise<Flow | undefined>;
  /** The app's flows, oldest first (created_at, id); `after` is the last of the previous page. */
  list(appKey: string, after: PushKey | undefined, limit: number): Promise<FlowSummary[]>;
  /** Every version of the flow, newest first; [] when there is no such flow. */
  versions(appKey: string, id: string): Promise<FlowVersionInfo[]>;
  /** Deletes the flow and all its versions, unless a use holds it (then it lists them). One transaction. */
  delete(appKey: string, id: string): Promise<FlowDeleted>;
  /** Records that `use` holds the flow's version `use.version`; not_found when there is no such version. */
  use(appKey: string, id: string, use: FlowUse): Promise<FlowUseAdded>;
  /** Forgets a use; false when there was none. */
  release(appKey: string, id: string, kind: string, userId: string): Promise<boolean>;
  /** What holds the flow, oldest first. */
  uses(appKey: string, id: string): Promise<FlowUse[]>;
}
