// What one node learns of the others' writes through a shared store. Without it a dispatcher
// would find pushes queued by another process only at its idle poll (1 s), and caches of apps,
// subscriptions, media and policy would serve another node's change until their TTL (30 s).
// The PostgreSQL store provides it (LISTEN/NOTIFY, postgres/signals.ts); SQLite serves one node.

/** What changed: the caches and catalogs each topic invalidates (docs/postgres.md). */
export type ChangeTopic = 'apps' | 'media' | 'subscriptions' | 'policy';

export const CHANGE_TOPICS: readonly ChangeTopic[] = ['apps', 'media', 'subscriptions', 'policy'];

export interface StoreWatch {
  /** Tells the other nodes that this one queued pushes (coalesced: a burst costs a few notices). */
  pushesQueued(): void;
  /** Pushes queued by another node (or a reconnect after which some may have been missed). */
  onPushesQueued(cb: () => void): () => void;
  /**
   * A change made by another node; `key` narrows it (an app key, a subscription's app key), absent
   * = anything of the topic (also after a reconnect, when notices may have been missed).
   */
  onChanged(cb: (topic: ChangeTopic, key?: string) => void): () => void;
}
