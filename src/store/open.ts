// Opens the store the config names: the embedded SQLite file, or the shared PostgreSQL database.

import { join } from 'node:path';
import { ConfigError } from '../config-error.js';
import type { StoreConfig } from '../config-store.js';
import type { Clock } from '../lib/clock.js';
import { createPostgresStore } from './postgres/index.js';
import { createSqliteStore } from './sqlite/index.js';
import type { Store } from './types.js';

/** The store of this node: the calls it creates are stamped with config.node.id. */
export async function openStore(config: { store: StoreConfig; dataDir: string; node: { id: string } }, clock: Clock): Promise<Store> {
  const s = config.store;
  if (s.kind === 'sqlite') return createSqliteStore(join(config.dataDir, 'voxcall.db'), { clock, nodeId: config.node.id });
  try {
    return await createPostgresStore(s.url, { schema: s.schema, poolMax: s.poolMax, clock, nodeId: config.node.id });
  } catch (err) {
    const line = unreachable(err);
    if (line === undefined) throw err;
    throw new ConfigError(`cannot use PostgreSQL at ${s.redacted}: ${line}; check VOXCALL_DATABASE_URL`);
  }
}

/** Why a connection failed, when it is the server's address, its credentials or its database. */
function unreachable(err: unknown): string | undefined {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : String(err);
  // Network errors (ECONNREFUSED...), invalid authorization (28xxx), no such database (3D000),
  // too many connections (53300), the server starting or shutting down (57P03).
  if (/^E[A-Z]+$/.test(code) || /^28/.test(code) || code === '3D000' || code === '53300' || code === '57P03') return `${message} (${code})`;
  if (/timeout|terminated/i.test(message)) return message;
  return undefined;
}

/** What the banner and the start log say about the store (no password). */
export function describeStore(config: { store: StoreConfig; dataDir: string }): string {
  const s = config.store;
  return s.kind === 'sqlite'
    ? `SQLite ${join(config.dataDir, 'voxcall.db')}`
    : `PostgreSQL ${s.redacted}${s.schema ? ` (schema ${s.schema})` : ''}`;
}
