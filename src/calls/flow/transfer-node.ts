// A transfer node: the transferee is dialled as leg B (the callback's B leg) while the callee hears
// the wait voice (then the ringback once B rings), bridged on B's answer, recorded if asked. After
// an answered transfer the call ends when either side hangs up (or maxDuration); a B that does not
// answer sends the walk to onFailure.

import { join } from 'node:path';
import type { TransferNode } from '../../domain/flow.js';
import type { LegFailure } from '../../network/types.js';
import { FLOW_DEFAULTS } from '../../domain/flow.js';
import { recordingObjectName } from '../callback.js';
import { SYSTEM_PROMPTS, voiceMedia } from '../prompts.js';
import type { CallRun } from '../run.js';
import { bridge, dial, type CallEnded, type OpFailed, type VerbRuntime } from '../verbs/index.js';
import { fillSingle } from './fill.js';

export type TransferResult =
  /** B did not answer: the walk goes on at onFailure. */
  | { type: 'notAnswered'; at: number; outcome: LegFailure }
  /** The number could not be filled (a variable the call lacks). */
  | { type: 'badNumber'; at: number }
  /** B answered and was bridged; the call then ended this way. */
  | { type: 'talked'; ended: CallEnded }
  | OpFailed
  | CallEnded;

export async function transfer(rt: VerbRuntime, run: CallRun, node: TransferNode, variables: Readonly<Record<string, string>>, display: string): Promise<TransferResult> {
  const to = fillSingle(node.to, variables);
  if (to === undefined) return { type: 'badNumber', at: rt.at };
  const wait = voiceMedia(run.deps.media, run.call.appKey, undefined, SYSTEM_PROMPTS.waitVoice);
  const b = await dial(rt, 'B', {
    parties: { caller: node.callerId ?? display, called: to },
    ringTimeoutMs: (node.timeout ?? FLOW_DEFAULTS.transfer.timeout) * 1000,
    ...(wait.ok ? { music: { to: 'A', media: wait.media, ringbackOnAlerting: true } } : {}),
  });
  if (b.type === 'failed') {
    // The wait music goes on until the next play replaces it; the walk goes on without it.
    rt.stopPlay('A');
    return { type: 'notAnswered', at: b.at, outcome: b.failure };
  }
  if (b.type !== 'answered') return b;
  const objectName = recordingObjectName(run.call.sessionId);
  const talk = await bridge(rt, 'A', 'B', {
    ...(node.record ? { record: { path: join(run.deps.recordingsDir, objectName), objectName, hintToneMs: 0 } } : {}),
    ...(node.maxDuration !== undefined ? { maxDurationMs: node.maxDuration * 1000 } : {}),
  });
  return talk.type === 'ended' ? { type: 'talked', ended: talk } : talk;
}
