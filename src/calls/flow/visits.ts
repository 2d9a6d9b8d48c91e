// maxVisits / onMaxVisits (docs/flows.md, "Every node"): a call may enter a node at most its
// maxVisits times; sent there once more it goes to the node's onMaxVisits instead, unless that one
// is used up too (one redirect, never a chain), and then the call hangs up. Every walk is finite.

import { DEFAULT_MAX_VISITS, type FlowDefinition, type FlowNode } from '../../domain/flow.js';

export type Entry = { node: FlowNode; redirectedFrom?: string } | { node?: undefined; exhausted: string };

export class Visits {
  readonly #byId = new Map<string, FlowNode>();
  readonly #count = new Map<string, number>();

  constructor(flow: FlowDefinition) {
    for (const n of flow.nodes) this.#byId.set(n.id, n);
  }

  #take(id: string): FlowNode | undefined {
    const node = this.#byId.get(id);
    // A stored flow was validated: every exit names a node. A missing one ends the walk all the same.
    if (!node) return undefined;
    const used = this.#count.get(id) ?? 0;
    if (used >= (node.maxVisits ?? DEFAULT_MAX_VISITS)) return undefined;
    this.#count.set(id, used + 1);
    return node;
  }

  /** Enters the node `id` (counting the visit), its onMaxVisits, or says which node was used up. */
  enter(id: string): Entry {
    const node = this.#take(id);
    if (node) return { node };
    const alt = this.#byId.get(id)?.onMaxVisits;
    const other = alt === undefined ? undefined : this.#take(alt);
    return other ? { node: other, redirectedFrom: id } : { exhausted: id };
  }
}
