// One line per flow error, for messages and the CLI: `node "menu" at /nodes/1/maxDigits: ...`.

import type { FlowError } from '../domain/flow.js';

export function describeFlowError(e: FlowError): string {
  const where = e.node === undefined ? (e.path === '' ? 'the flow' : e.path) : `node "${e.node}" at ${e.path}`;
  return `${where}: ${e.message} [${e.code}]`;
}
