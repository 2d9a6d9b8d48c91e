// A database outage fails every tick of the dispatcher (one a second) and every completion in
// flight: it is logged once when it starts, in one line, and once when a tick succeeds again,
// rather than a stack trace a second. Other store errors (bugs) are logged whole, each time.

import type { Logger } from 'pino';
import { isStoreUnreachable } from '../../store/unreachable.js';

export class OutageLog {
  /** The last store error was the database being unreachable. */
  #down = false;

  constructor(private readonly logger: Pick<Logger, 'error' | 'warn' | 'info'> | undefined) {}

  failed(err: unknown, pushId?: string): void {
    if (!isStoreUnreachable(err)) {
      this.logger?.error({ err, ...(pushId ? { pushId } : {}) }, pushId ? 'push dispatcher: could not record an attempt' : 'push dispatcher: store error, retrying after the idle cap');
      return;
    }
    if (this.#down) return;
    this.#down = true;
    this.logger?.warn({ error: err instanceof Error ? err.message : String(err) }, 'push dispatcher: the database is unreachable; retrying every idle cap, unrecorded attempts come back when their lease ends');
  }

  up(): void {
    if (!this.#down) return;
    this.#down = false;
    this.logger?.info('push dispatcher: the database is reachable again');
  }
}
