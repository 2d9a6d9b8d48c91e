// gather: collects digits on a leg (max digits, timeout, terminator: the Network's CollectOptions)
// and reports them with a collectInfo event, kept for the record. No digits is its own result,
// so a flow branches on digits / no input without looking at strings.

import type { LegName } from '../../domain/call.js';
import type { CollectEnd, CollectOptions } from '../../network/types.js';
import { opFailure } from '../op-failure.js';
import type { CallEnded, OpFailed } from './results.js';
import type { VerbRuntime } from './runtime.js';

export type GatherResult =
  | { type: 'digits'; at: number; digits: string; reason: CollectEnd }
  /** Nothing pressed before the timeout (or only the terminator). */
  | { type: 'noInput'; at: number; reason: CollectEnd }
  | OpFailed
  | CallEnded;

export async function gather(rt: VerbRuntime, leg: LegName, opts: CollectOptions): Promise<GatherResult> {
  if (rt.ended) return rt.ended;
  const at = rt.at;
  try {
    await rt.leg(leg).net.collect(opts);
  } catch {
    return { type: 'opFailed', at, failure: opFailure() };
  }
  for (;;) {
    const n = await rt.next();
    if (n.type === 'ended') return n;
    const s = n.signal;
    if (n.leg !== leg || s.type !== 'digits') continue;
    if (s.digits === '') return { type: 'noInput', at: s.at, reason: s.reason };
    rt.digits.push(s.digits);
    await rt.emit('collectInfo', leg, s.at, { digitInfo: s.digits });
    return { type: 'digits', at: s.at, digits: s.digits, reason: s.reason };
  }
}
