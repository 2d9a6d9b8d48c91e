// Validation of a flow definition as it comes in (any JSON value): its shape, every node's fields,
// then the graph (start, exits to missing nodes, unreachable nodes) and the size limits. Every
// error is collected, each naming its node and JSON Pointer; nothing stops at the first.
// Pure: what the app has (voice files, templates, numbers) is app-check.ts's.

import {
  FLOW_LIMITS, NODE_TYPES, type FlowDefinition, type FlowError, type FlowErrorCode, type NodeType,
} from '../domain/flow.js';
import { checkFields, str } from './fields.js';
import { exitsOf, reachable, type Exit } from './graph.js';
import { checkNodeRules } from './node-rules.js';
import { pointer } from './pointer.js';
import { flowVariables } from './variables.js';

export type FlowValidation = { ok: true; flow: FlowDefinition; errors: [] } | { ok: false; errors: FlowError[] };

/** A node id: a letter, then letters, digits, "_" or "-"; at most 64. */
export const NODE_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const TOP_FIELDS = ['start', 'nodes', 'description'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateFlow(input: unknown): FlowValidation {
  const errors: FlowError[] = [];
  const reported = new Set<string>();
  const reporter = (node?: string) => (code: FlowErrorCode, path: string, message: string) => {
    reported.add(path);
    errors.push(node === undefined ? { code, path, message } : { code, node, path, message });
  };
  const top = reporter();
  if (!isObject(input)) {
    top('bad_shape', '', 'a flow is a JSON object {"start": "<node id>", "nodes": [...]}');
    return { ok: false, errors };
  }
  const bytes = jsonBytes(input);
  if (bytes === undefined) top('too_large', '', 'the flow is nested too deeply to be measured (a flow is a few levels deep)');
  else if (bytes > FLOW_LIMITS.jsonBytes) top('too_large', '', `the flow is ${bytes} bytes as compact JSON, at most ${FLOW_LIMITS.jsonBytes}`);
  for (const k of Object.keys(input)) if (!TOP_FIELDS.includes(k)) top('unknown_field', pointer('', k), `a flow takes no "${k}" (only ${TOP_FIELDS.join(', ')})`);
  if (input.description !== undefined) str({ min: 0, max: FLOW_LIMITS.descriptionChars })(input.description, '/description', top);

  const nodes = input.nodes;
  // By id (the first node of an id) for reachability; every node's, for exits to missing nodes.
  const exits = new Map<string, Exit[]>();
  const allExits: Array<[string | undefined, Exit[]]> = [];
  const ids = new Map<string, number>();
  if (nodes === undefined) top('missing_field', '/nodes', 'a flow needs "nodes", an array of nodes');
  else if (!Array.isArray(nodes)) top('bad_shape', '/nodes', 'must be an array of nodes');
  else {
    if (nodes.length === 0) top('bad_value', '/nodes', 'a flow has at least one node');
    if (nodes.length > FLOW_LIMITS.nodes) top('too_large', '/nodes', `${nodes.length} nodes, at most ${FLOW_LIMITS.nodes}`);
    nodes.forEach((node, i) => allExits.push(checkNode(node, pointer('', 'nodes', i), ids, exits, reporter, reported)));
  }

  const start = input.start;
  if (start === undefined) top('missing_start', '/start', 'a flow needs "start", the id of the node a call begins at');
  else if (typeof start !== 'string') top('bad_shape', '/start', 'must be a node id (a string)');
  else if (Array.isArray(nodes) && !ids.has(start)) top('missing_start', '/start', `names node "${start}", which the flow does not have`);

  for (const [id, list] of allExits) {
    for (const e of list) {
      if (!ids.has(e.target)) reporter(id)('missing_node', e.path, `${e.label} goes to node "${e.target}", which the flow does not have`);
    }
  }
  if (typeof start === 'string' && ids.has(start)) {
    const seen = reachable(start, exits);
    for (const [id, i] of ids) {
      if (!seen.has(id)) reporter(id)('unreachable', pointer('', 'nodes', i), `no path from start "${start}" reaches node "${id}"`);
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const flow = input as unknown as FlowDefinition;
  const variables = flowVariables(flow);
  if (variables.length > FLOW_LIMITS.variables) {
    top('too_large', '/nodes', `the flow reads ${variables.length} distinct \${variables}, at most ${FLOW_LIMITS.variables}`);
    return { ok: false, errors };
  }
  return { ok: true, flow, errors: [] };
}

/** The UTF-8 size of the value as compact JSON; undefined when it is nested too deeply for JSON.stringify's recursion. */
function jsonBytes(value: unknown): number | undefined {
  try {
    return Buffer.byteLength(JSON.stringify(value), 'utf8');
  } catch {
    return undefined;
  }
}

function checkNode(
  node: unknown, at: string, ids: Map<string, number>, exits: Map<string, Exit[]>,
  reporter: (node?: string) => (code: FlowErrorCode, path: string, message: string) => void, reported: Set<string>,
): [string | undefined, Exit[]] {
  if (!isObject(node)) {
    reporter()('bad_shape', at, 'a node is a JSON object {"id", "type", ...}');
    return [undefined, []];
  }
  const id = typeof node.id === 'string' ? node.id : undefined;
  const report = reporter(id);
  const index = Number(at.slice(at.lastIndexOf('/') + 1));
  if (node.id === undefined) report('missing_field', pointer(at, 'id'), 'a node needs an "id"');
  else if (id === undefined) report('bad_shape', pointer(at, 'id'), 'must be a string');
  else if (!NODE_ID.test(id)) report('bad_id', pointer(at, 'id'), `"${id.slice(0, 70)}" is not a node id: a letter, then letters, digits, "_" or "-" (at most ${FLOW_LIMITS.idChars})`);
  else if (ids.has(id)) report('duplicate_id', pointer(at, 'id'), `"${id}" is also the id of /nodes/${ids.get(id)}`);

  const own = exitsOf(node, at);
  // A bad id still names its node (one error, not one more per reference to it).
  if (id !== undefined && !ids.has(id)) {
    ids.set(id, index);
    exits.set(id, own);
  }

  const type = node.type;
  if (type === undefined) report('missing_field', pointer(at, 'type'), `a node needs a "type": ${NODE_TYPES.join(', ')}`);
  else if (typeof type !== 'string' || !(NODE_TYPES as readonly string[]).includes(type)) {
    report('unknown_type', pointer(at, 'type'), `${JSON.stringify(type)} is not a node type: ${NODE_TYPES.join(', ')}`);
  } else {
    checkFields(node, type as NodeType, at, report);
    checkNodeRules(node, type as NodeType, at, report, reported);
  }
  return [id, own];
}
