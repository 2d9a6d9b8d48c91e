// The flow as a graph: each node's exits (every field that names another node), and which nodes
// a call can reach from `start`. Works on nodes whose fields may still be wrong: an exit is any
// string in an exit field.

import { pointer } from './pointer.js';

export interface Exit {
  /** JSON Pointer of the field naming the target. */
  path: string;
  /** What the field is, for messages: "next", "branch \"1\"", "onMaxVisits"... */
  label: string;
  target: string;
}

const SINGLE_EXITS = ['next', 'noInput', 'default', 'onFailure', 'onMaxVisits'] as const;

/** The exits of the node at `at` (its JSON Pointer), in field order. */
export function exitsOf(node: Record<string, unknown>, at: string): Exit[] {
  const out: Exit[] = [];
  for (const f of SINGLE_EXITS) {
    const t = node[f];
    if (typeof t === 'string' && t !== '') out.push({ path: pointer(at, f), label: f, target: t });
  }
  const branches = node.branches;
  if (typeof branches === 'object' && branches !== null && !Array.isArray(branches)) {
    for (const [digits, t] of Object.entries(branches as Record<string, unknown>)) {
      if (typeof t === 'string' && t !== '') out.push({ path: pointer(at, 'branches', digits), label: `branch "${digits}"`, target: t });
    }
  }
  return out;
}

/** The ids reachable from `start` (start included) following exits to nodes of `byId`. */
export function reachable(start: string, byId: ReadonlyMap<string, Exit[]>): Set<string> {
  const seen = new Set<string>();
  if (!byId.has(start)) return seen;
  const todo = [start];
  seen.add(start);
  while (todo.length > 0) {
    for (const e of byId.get(todo.pop()!) ?? []) {
      if (byId.has(e.target) && !seen.has(e.target)) {
        seen.add(e.target);
        todo.push(e.target);
      }
    }
  }
  return seen;
}
