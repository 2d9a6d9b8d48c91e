// Which part of voxcall this process runs and how it names itself among the nodes sharing one
// store (docs/cluster.md): VOXCALL_ROLE, VOXCALL_NODE_ID, VOXCALL_NODE_TIMEOUT_S.

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { ConfigError } from './config-error.js';

/** all = today's single process; api = HTTP APIs, policy, calls (no push delivery); dispatcher = push delivery only. */
export type NodeRole = 'all' | 'api' | 'dispatcher';

export interface NodeConfig {
  role: NodeRole;
  /** Names this process in the store's nodes table and stamps the calls it accepts. */
  id: string;
  /** VOXCALL_NODE_ID was set: a restart under the same id recovers the calls the previous run left. */
  stable: boolean;
  /** A node whose heartbeat is older than this is dead; it heartbeats every third of it. */
  timeoutMs: number;
}

type Env = Record<string, string | undefined>;

const NODE_ID = /^[A-Za-z0-9._-]{1,64}$/;

function roleOf(raw: string | undefined): NodeRole {
  if (raw === undefined || raw === '') return 'all';
  if (raw === 'all' || raw === 'api' || raw === 'dispatcher') return raw;
  throw new ConfigError(`VOXCALL_ROLE must be all, api or dispatcher, got "${raw}"`);
}

/** `<host>-<random>`: unique per start, so a restart never mistakes itself for the previous run. */
function generatedId(): string {
  const host = (hostname() || 'voxcall').replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 48);
  return `${host}-${randomBytes(6).toString('hex')}`;
}

export function nodeConfigOf(env: Env): NodeConfig {
  const role = roleOf(env.VOXCALL_ROLE);
  const raw = env.VOXCALL_NODE_ID;
  if (raw !== undefined && raw !== '' && !NODE_ID.test(raw)) {
    throw new ConfigError(`VOXCALL_NODE_ID must be 1 to 64 characters of letters, digits, '.', '_' or '-', got "${raw}"`);
  }
  const t = env.VOXCALL_NODE_TIMEOUT_S;
  let timeoutS = 15;
  if (t !== undefined && t !== '') {
    timeoutS = Number(t);
    // Below 3 s the heartbeat (a third of it) would be too close to a store write's own latency.
    if (!Number.isInteger(timeoutS) || timeoutS < 3 || timeoutS > 3600) {
      throw new ConfigError(`VOXCALL_NODE_TIMEOUT_S must be a whole number of seconds from 3 to 3600, got "${t}"`);
    }
  }
  const stable = raw !== undefined && raw !== '';
  return { role, id: stable ? raw : generatedId(), stable, timeoutMs: timeoutS * 1000 };
}
