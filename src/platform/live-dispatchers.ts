// The live dispatchers as this node sees them, for the receiver partition (push/delivery/
// partition.ts): the nodes that deliver (roles all and dispatcher) whose heartbeat is fresh,
// refreshed from the nodes table after each of this node's heartbeats (cluster.ts). A node always
// counts itself: it is alive, whatever its own row says after a stall.

import type { NodeConfig } from '../config-node.js';
import type { Membership } from '../push/delivery/partition.js';
import type { NodeInfo } from '../store/types.js';

const DELIVERS = new Set(['all', 'dispatcher']);

export interface LiveDispatchers {
  membership: Membership;
  /** Takes the nodes table as read at `now` (wall clock). */
  update(nodes: readonly NodeInfo[], now: number): void;
}

export function liveDispatchers(node: Pick<NodeConfig, 'id' | 'role' | 'timeoutMs'>): LiveDispatchers {
  let members: readonly string[] = [];
  return {
    membership: { self: node.id, members: () => members },
    update(nodes, now) {
      const fresh = nodes.filter((n) => DELIVERS.has(n.role) && n.heartbeatAt >= now - node.timeoutMs).map((n) => n.id);
      if (DELIVERS.has(node.role) && !fresh.includes(node.id)) fresh.push(node.id);
      fresh.sort();
      // The partition caches owners per list content: keep the same array while nothing changed.
      if (fresh.length !== members.length || fresh.some((id, i) => id !== members[i])) members = fresh;
    },
  };
}
