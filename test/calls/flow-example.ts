// The complete example of docs/flows.md, read from the document itself, so the tests run exactly
// what the page shows.

import { readFileSync } from 'node:fs';
import type { Call, FlowPlan } from '../../src/domain/call.js';
import type { FlowDefinition } from '../../src/domain/flow.js';
import { DISPLAY, makeCall, type MemoryMedia } from './helpers.js';

export function docsExample(): FlowDefinition {
  const page = readFileSync(new URL('../../docs/flows.md', import.meta.url), 'utf8');
  const section = page.slice(page.indexOf('## A complete example'));
  const json = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  if (!json) throw new Error('docs/flows.md has no example flow');
  return JSON.parse(json) as FlowDefinition;
}

export const EXAMPLE_VARIABLES = { count: '3', place: '人民公园正门', name: 'Li' };

/** The seeded template the example names, with the content the page gives it. */
export function withTestTemplate(media: MemoryMedia): void {
  media.templates.push({ id: 'test_template', content: '您有${NUM_2}件快递请到${TXT_32}领取', review: 'approved' });
}

export function flowCall(definition: FlowDefinition, calleeNbr: string, p: Partial<FlowPlan> = {}): Call {
  return makeCall({ kind: 'flow', displayNbr: DISPLAY, calleeNbr, flowId: 'parcel', flowVersion: 1, definition, variables: EXAMPLE_VARIABLES, ...p });
}
