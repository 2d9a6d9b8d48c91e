// bridge: joins two answered legs' speech paths, optionally records them and sets the call's time
// limit, then holds the call until it ends: its result is how the call ended (or that the
// network could not bridge or record; a recorded call was asked for, so talking unrecorded
// would break that promise).

import type { LegName } from '../../domain/call.js';
import type { Media } from '../../network/types.js';
import { opFailure } from '../op-failure.js';
import { record, type RecordSpec } from './record.js';
import type { CallEnded, OpFailed } from './results.js';
import type { VerbRuntime } from './runtime.js';

export interface BridgeOptions {
  record?: RecordSpec;
  /** Counted from the bridge: the call ends (timeLimit) this long after. */
  maxDurationMs?: number;
  /** Played over the talk this long before the limit, to these legs. */
  warning?: { beforeEndMs: number; media: Media; legs: LegName[] };
}

export type BridgeResult = OpFailed | CallEnded;

export async function bridge(rt: VerbRuntime, a: LegName, b: LegName, opts: BridgeOptions = {}): Promise<BridgeResult> {
  if (rt.ended) return rt.ended;
  const at = rt.at;
  try {
    await rt.run.deps.network.bridge(rt.leg(a).net, rt.leg(b).net);
  } catch {
    return { type: 'opFailed', at, failure: opFailure() };
  }
  if (opts.record) {
    const r = await record(rt, a, b, opts.record);
    if (r.type !== 'recording') return r;
  }
  if (opts.maxDurationMs !== undefined && opts.maxDurationMs > 0) {
    const endAt = at + opts.maxDurationMs;
    const w = opts.warning;
    rt.limit({ endAt, ...(w ? { warning: { at: endAt - w.beforeEndMs, media: w.media, legs: w.legs } } : {}) });
  }
  for (;;) {
    const n = await rt.next();
    if (n.type === 'ended') return n;
  }
}
