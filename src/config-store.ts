// Where voxcall keeps its state (README, "PostgreSQL and several nodes"): the embedded SQLite file
// in the data directory by default, or a PostgreSQL database shared by any number of nodes when
// VOXCALL_DATABASE_URL names one.

import { ConfigError } from './config-error.js';

export type StoreConfig =
  | { kind: 'sqlite' }
  | {
      kind: 'postgres';
      /** Holds the password, if any: never logged (see `redacted`). */
      url: string;
      /** The URL as logs and banners show it: the password replaced by ***. */
      redacted: string;
      /** The schema of voxcall's tables (created if missing); unset = the server's search_path. */
      schema?: string;
      /** Pooled connections per process. */
      poolMax: number;
    };

type Env = Record<string, string | undefined>;

export function storeConfigOf(env: Env): StoreConfig {
  const raw = env.VOXCALL_DATABASE_URL;
  if (raw === undefined || raw === '') {
    if (env.VOXCALL_DATABASE_SCHEMA) throw new ConfigError('VOXCALL_DATABASE_SCHEMA applies to PostgreSQL only: set VOXCALL_DATABASE_URL too');
    return { kind: 'sqlite' };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('VOXCALL_DATABASE_URL must be a PostgreSQL URL such as postgres://voxcall:secret@db.example.com:5432/voxcall');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(`VOXCALL_DATABASE_URL must start with postgres:// (got ${url.protocol}//...)`);
  }
  const schema = env.VOXCALL_DATABASE_SCHEMA || undefined;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new ConfigError(`VOXCALL_DATABASE_SCHEMA must be a lower-case identifier (letters, digits, _), got "${schema}"`);
  }
  const poolRaw = env.VOXCALL_DATABASE_POOL ?? '10';
  const poolMax = Number(poolRaw);
  if (!Number.isInteger(poolMax) || poolMax < 2 || poolMax > 200) {
    throw new ConfigError(`VOXCALL_DATABASE_POOL must be a whole number of connections from 2 to 200, got "${poolRaw}"`);
  }
  return { kind: 'postgres', url: raw, redacted: redactedUrl(url), schema, poolMax };
}

function redactedUrl(url: URL): string {
  const u = new URL(url.href);
  if (u.password !== '') u.password = '***';
  u.search = '';
  return u.href;
}
