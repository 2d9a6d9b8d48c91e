// One voxcall node per PostgreSQL database, for now. A node's start ends every call the store
// still has in progress (the crash recovery of src/platform/recovery.ts), which is right for the
// only node and wrong for a second one: it would end the first node's live calls. Until calls are
// owned per node, a node holds a session-level advisory lock for its lifetime and a second node
// on the same schema is refused with a line that says why.

import pg from 'pg';
import { ConfigError } from '../../config-error.js';

export interface SoleNode {
  release(): Promise<void>;
}

export async function holdSoleNode(url: string, schema: string | undefined): Promise<SoleNode> {
  const client = new pg.Client({ connectionString: url, application_name: 'voxcall-node' });
  // A dropped connection frees the lock; the node goes on (the store's pool has its own connections).
  client.on('error', () => {});
  await client.connect();
  const key = `voxcall-node:${schema ?? ''}`;
  const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [key]);
  if (r.rows[0]?.ok !== true) {
    await client.end();
    throw new ConfigError(
      `another voxcall node already uses this PostgreSQL database${schema ? ` (schema ${schema})` : ''}; ` +
        'one node per database for now: stop the other node, or set VOXCALL_DATABASE_SCHEMA to a schema of its own',
    );
  }
  return {
    async release() {
      await client.end().catch(() => {});
    },
  };
}
