// This node among the nodes sharing the store (docs/cluster.md). It heartbeats every third of
// VOXCALL_NODE_TIMEOUT_S; a node with the call engine also sweeps at that pace for nodes whose
// heartbeat is older than the timeout, adopts their active calls (NodeRepo.adopt: one adopter
// per dead node, however many sweep at once) and ends them as a restart would (recovery.ts), so
// every accepted call still gets its disconnect and CDR when the node that held it dies; then
// (onNodeGone) the task rows it left dialling are settled.

import type { Logger } from 'pino';
import type { NodeConfig } from '../config-node.js';
import type { CallEngine } from '../calls/types.js';
import type { Clock } from '../lib/clock.js';
import { every } from '../lib/every.js';
import type { NodeInfo, Store } from '../store/types.js';
import { recoverCalls } from './recovery.js';

export interface Membership {
  /** One heartbeat and, with an engine, one sweep, now (tests; the timer does the same). */
  beat(): Promise<void>;
  /** Resolves when no heartbeat or sweep runs, and every adopted call is ended. */
  idle(): Promise<void>;
  stop(): void;
}

export interface MembershipDeps {
  store: Pick<Store, 'nodes' | 'calls'>;
  node: NodeConfig;
  hostName: string;
  /** The wall clock: heartbeats are compared across processes. */
  wall: Clock;
  /** Nodes that run calls adopt the calls of dead ones; a dispatcher only heartbeats. */
  engine?: Pick<CallEngine, 'recover'>;
  /** The nodes table as read after each heartbeat (the live dispatchers are computed from it). */
  onNodes?: (nodes: NodeInfo[], now: number) => void;
  /** After a dead node's calls are adopted and ended: what else it left (its task rows dialling). */
  onNodeGone?: (deadNodeId: string, staleBefore: number) => Promise<void>;
  logger: Logger;
}

/** Registers the node (one heartbeat, awaited) and starts the heartbeat and sweep timer. */
export async function joinCluster(d: MembershipDeps): Promise<Membership> {
  const startedAt = d.wall.now();
  /** Writes this node's heartbeat and reads the nodes table once, for the live dispatchers and the sweep. */
  const heartbeat = async (): Promise<NodeInfo[]> => {
    await d.store.nodes.heartbeat({ id: d.node.id, role: d.node.role, hostName: d.hostName, startedAt, heartbeatAt: d.wall.now() });
    if (!d.onNodes && !d.engine) return [];
    const nodes = await d.store.nodes.list();
    d.onNodes?.(nodes, d.wall.now());
    return nodes;
  };
  const sweep = async (nodes: NodeInfo[]): Promise<void> => {
    if (!d.engine) return;
    const staleBefore = d.wall.now() - d.node.timeoutMs;
    for (const n of nodes) {
      if (n.id === d.node.id || n.heartbeatAt >= staleBefore) continue;
      const calls = await d.store.nodes.adopt(n.id, d.node.id, staleBefore);
      const fields = { event: 'node.gone', node: n.id, role: n.role, host: n.hostName, heartbeatAt: n.heartbeatAt, adopted: calls.length };
      // A node that stopped cleanly ended its calls: its row is only tidied away.
      if (calls.length === 0) d.logger.info(fields, `node ${n.id} stopped heartbeating; it had no call in progress`);
      else d.logger.warn(fields, `node ${n.id} stopped heartbeating: ending the ${calls.length} call(s) it had in progress`);
      await recoverCalls(d.store, d.engine, calls);
      await d.onNodeGone?.(n.id, staleBefore);
    }
  };
  let running: Promise<void> = Promise.resolve();
  // Rounds never overlap: the timer's and beat()'s run one after the other.
  const round = (): Promise<void> => {
    running = running.then(async () => {
      await sweep(await heartbeat());
    });
    return running;
  };
  await heartbeat();
  const timer = every(d.wall, Math.max(1, Math.floor(d.node.timeoutMs / 3)), round, (err) => d.logger.error({ err }, 'node heartbeat or sweep failed'));
  return {
    beat: round,
    async idle() {
      await running.catch(() => {});
    },
    stop() {
      timer.stop();
    },
  };
}
