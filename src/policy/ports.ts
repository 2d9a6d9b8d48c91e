// Call ports: each call in progress holds one of its app's ports (reference 1020165). Reserved
// synchronously when a call is admitted, so two requests racing for the last port cannot both win,
// and released when the call's record is stored.

export class PortLedger {
  readonly #used = new Map<string, number>();

  /** Takes a port; returns the ports still free afterwards, or undefined when none was free. */
  acquire(appKey: string, quota: number): number | undefined {
    const used = this.#used.get(appKey) ?? 0;
    if (used >= quota) return undefined;
    this.#used.set(appKey, used + 1);
    return quota - used - 1;
  }

  release(appKey: string): void {
    const used = this.#used.get(appKey) ?? 0;
    if (used <= 1) this.#used.delete(appKey);
    else this.#used.set(appKey, used - 1);
  }

  inUse(appKey: string): number {
    return this.#used.get(appKey) ?? 0;
  }
}
