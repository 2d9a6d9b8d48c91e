// Push states for the store contract tests, set up with raw SQL on either backend: the outbox
// (enqueue, claim, complete) is tested on its own; these tests need only rows in a given state.

import type { NewPush } from '../../src/domain/push.js';
import { newPushParams } from '../../src/store/sql/push-rows.js';
import { T0 } from '../store/fixtures.js';
import type { TempStore } from '../store/backends.js';

const COLUMNS = ['id', 'app_key', 'session_id', 'dialect', 'kind', 'url', 'origin', 'order_key', 'seq', 'batch_key',
  'items', 'schedule', 'timeout_ms', 'blocked', 'next_at', 'created_at', 'subscription_id'];
const KEYS = ['id', 'appKey', 'sessionId', 'dialect', 'kind', 'url', 'origin', 'orderKey', 'seq', 'batchKey',
  'items', 'schedule', 'timeoutMs', 'blocked', 'nextAt', 'createdAt', 'subscriptionId'];

/** Inserts queued, unblocked pushes with no attempts (as enqueue leaves them with nothing ahead). */
export async function insertPushes(t: TempStore, pushes: NewPush[]): Promise<void> {
  for (const p of pushes) {
    const params = newPushParams(p, false);
    await t.sql(
      `INSERT INTO pushes (${COLUMNS.join(', ')}, item_count, state, attempts)
       VALUES (${COLUMNS.map(() => '?').join(', ')}, 1, 'queued', 0)`,
      ...KEYS.map((k) => params[k]),
    );
  }
}

/** Sets a push to a finished state the way the dispatcher would leave it, with its attempts. */
export async function finish(
  t: TempStore, id: string, state: 'delivered' | 'failed' | 'merged', attempts = 1,
  extra: { mergedInto?: string; exportedAt?: number } = {},
): Promise<void> {
  await t.sql(
    'UPDATE pushes SET state = ?, attempts = ?, step = ?, last_error = ?, merged_into = ?, exported_at = ? WHERE id = ?',
    state, attempts, attempts, state === 'failed' ? 'non_2xx' : null, extra.mergedInto ?? null, extra.exportedAt ?? null, id,
  );
  const first = (await t.sql<{ n: number | null }>('SELECT MAX(n) AS n FROM push_attempts WHERE push_id = ?', id))[0]?.n ?? 0;
  for (let n = first + 1; n <= attempts; n++) {
    const ok = state === 'delivered' && n === attempts;
    await t.sql(
      'INSERT INTO push_attempts (push_id, n, at, latency_ms, ok, http_status, error_class) VALUES (?, ?, ?, 3, ?, ?, ?)',
      id, n, T0 + n, ok ? 1 : 0, ok ? 200 : 503, ok ? null : 'non_2xx',
    );
  }
}

/** [id, state, blocked] of the pushes, by id. */
export async function queueOf(t: TempStore, ids: string[]): Promise<Array<[string, string, number]>> {
  const rows = await t.sql<{ id: string; state: string; blocked: number }>(
    `SELECT id, state, blocked FROM pushes WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY id`, ...ids,
  );
  return rows.map((r) => [r.id, r.state, r.blocked]);
}
