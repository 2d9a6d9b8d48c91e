// The lists and limit settings in memory. They are read on every call and changed rarely, so the
// checks read Sets and Maps here (no store round trip, no list scan); every change goes through
// this class, which writes the store first and then reloads what it holds.
//
// With several nodes, a change made on one node reaches the others at their next reload(); the
// platform reloads every `reloadMs` (see platform.ts) so that delay is bounded.

import { effectiveSettings, LIST_NAMES, PLATFORM_SCOPE, type ListEntry, type ListName, type PolicySettings } from '../domain/policy.js';
import type { PolicyRepo } from '../store/types.js';

const keyOf = (scope: string, list: ListName) => `${scope}\u0000${list}`;

export class PolicyBook {
  readonly #repo: PolicyRepo;
  #lists = new Map<string, Set<string>>();
  #settings = new Map<string, PolicySettings>();
  /** Joined app + platform settings, computed once per app until the next change. */
  #effective = new Map<string, PolicySettings>();

  constructor(repo: PolicyRepo) {
    this.#repo = repo;
  }

  async reload(): Promise<void> {
    const [entries, settings] = await Promise.all([this.#repo.listEntries(), this.#repo.settings()]);
    const lists = new Map<string, Set<string>>();
    for (const e of entries) {
      const k = keyOf(e.scope, e.list);
      let set = lists.get(k);
      if (!set) lists.set(k, (set = new Set()));
      set.add(e.number);
    }
    this.#lists = lists;
    this.#settings = settings;
    this.#effective = new Map();
  }

  /** True when the number is on the list of the app or on the platform-wide one. */
  listed(appKey: string, list: ListName, number: string): boolean {
    return this.#lists.get(keyOf(appKey, list))?.has(number) === true || this.#lists.get(keyOf(PLATFORM_SCOPE, list))?.has(number) === true;
  }

  /** The settings a call of this app is judged by (docs/policy.md: app overrides platform). */
  effective(appKey: string): PolicySettings {
    let s = this.#effective.get(appKey);
    if (!s) {
      s = effectiveSettings(this.#settings.get(appKey) ?? {}, this.#settings.get(PLATFORM_SCOPE) ?? {});
      this.#effective.set(appKey, s);
    }
    return s;
  }

  /** The settings stored at one level (PLATFORM_SCOPE or an app key), without inheritance. */
  settingsOf(scope: string): PolicySettings {
    return this.#settings.get(scope) ?? {};
  }

  /** The entries of one level, optionally of one list, sorted by list then number. */
  entries(scope: string, list?: ListName): Array<{ list: ListName; number: string }> {
    const lists = list ? [list] : LIST_NAMES;
    return lists.flatMap((l) => [...(this.#lists.get(keyOf(scope, l)) ?? [])].sort().map((number) => ({ list: l, number })));
  }

  async add(entry: ListEntry): Promise<boolean> {
    const added = await this.#repo.addListEntry(entry);
    await this.reload();
    return added;
  }

  async remove(scope: string, list: ListName, number: string): Promise<boolean> {
    const removed = await this.#repo.removeListEntry(scope, list, number);
    await this.reload();
    return removed;
  }

  async setSettings(scope: string, settings: PolicySettings, now: number): Promise<void> {
    await this.#repo.putSettings(scope, settings, now);
    await this.reload();
  }
}
