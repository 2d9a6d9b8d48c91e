// Rules of a node that span its fields, checked once each field alone is known to be fine
// (a field already reported is skipped here, so one mistake is one error).

import { FLOW_DEFAULTS, type NodeType } from '../domain/flow.js';
import type { Report } from './fields.js';
import { pointer } from './pointer.js';

export function checkNodeRules(node: Record<string, unknown>, type: NodeType, at: string, report: Report, badPaths: ReadonlySet<string>): void {
  const ok = (field: string) => node[field] !== undefined && !badPaths.has(pointer(at, field));
  if (type === 'say') {
    const has = ['text', 'template'].filter((f) => node[f] !== undefined);
    if (has.length !== 1) report(has.length === 0 ? 'missing_field' : 'bad_value', pointer(at, has.length === 0 ? 'text' : 'template'), `a say node has exactly one of "text" and "template", it has ${has.length === 0 ? 'neither' : 'both'}`);
    if (node.params !== undefined && node.template === undefined) report('unknown_field', pointer(at, 'params'), '"params" go with a "template" only (a text reads ${name} itself)');
  } else if (type === 'set') {
    if (node.tag === undefined && node.variables === undefined) report('missing_field', pointer(at, 'tag'), 'a set node sets a "tag", "variables" or both');
  } else if (type === 'gather') {
    if (!ok('branches') || badPaths.has(pointer(at, 'maxDigits')) || badPaths.has(pointer(at, 'terminator'))) return;
    const maxDigits = (node.maxDigits as number | undefined) ?? FLOW_DEFAULTS.gather.maxDigits;
    const terminator = (node.terminator as string | undefined) ?? FLOW_DEFAULTS.gather.terminator;
    for (const digits of Object.keys(node.branches as object)) {
      const where = pointer(at, 'branches', digits);
      if (badPaths.has(where)) continue;
      if (digits.length > maxDigits) report('bad_value', where, `branch "${digits}" has ${digits.length} digits, but maxDigits is ${maxDigits}: it can never match`);
      else if (terminator !== '' && digits.includes(terminator)) report('bad_value', where, `branch "${digits}" holds the terminator "${terminator}", which ends the collection and is not collected: it can never match`);
    }
  }
  if (ok('onMaxVisits') && node.onMaxVisits === node.id) report('bad_value', pointer(at, 'onMaxVisits'), 'names the node itself: where should a call go once it may not enter it again?');
}
