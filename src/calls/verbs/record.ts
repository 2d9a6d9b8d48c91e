// record: records two bridged legs from now until the call ends (hangup stops the recorder and
// puts the file in the record). objectName is the name the record gives the file.

import type { LegName } from '../../domain/call.js';
import { opFailure } from '../op-failure.js';
import type { CallEnded, OpFailed } from './results.js';
import type { VerbRuntime } from './runtime.js';

export interface RecordSpec {
  /** Where the network writes the file. */
  path: string;
  objectName: string;
  /** Length of the record hint tone put at the start of the file, 0 for none. */
  hintToneMs: number;
}

export type RecordResult = { type: 'recording'; at: number } | OpFailed | CallEnded;

export async function record(rt: VerbRuntime, a: LegName, b: LegName, spec: RecordSpec): Promise<RecordResult> {
  if (rt.ended) return rt.ended;
  const at = rt.at;
  try {
    const recorder = await rt.run.deps.network.record(rt.leg(a).net, rt.leg(b).net, { path: spec.path, hintToneMs: spec.hintToneMs });
    rt.startedRecording({ recorder, objectName: spec.objectName });
    return { type: 'recording', at };
  } catch {
    return { type: 'opFailed', at, failure: opFailure() };
  }
}
