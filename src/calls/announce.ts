// The one-leg services (notification, verification code) on the verbs: dial the callee, play the
// steps in order (each optionally followed by a gather that may replay it), then hang up.

import { failureCodes } from '../network/outcomes.js';
import { NETWORK_DROP } from './network-drop.js';
import type { Resolved } from './prompts.js';
import type { Release } from './record.js';
import type { CallRun } from './run.js';
import { POINT, STATE } from './state-codes.js';
import { dial, gather, hangup, play, say, VerbRuntime, type CallEnded } from './verbs/index.js';

export interface Step {
  media: Resolved;
  /** 0: no collection; n: collect up to n digits after the step played. */
  collect: number;
  /** Collected digits equal to this replay the step. */
  replayOn?: string;
}

export async function runAnnouncement(run: CallRun, steps: Step[]): Promise<void> {
  const rt = new VerbRuntime(run);
  const d = await dial(rt, 'A');
  if (d.type === 'ended') return hangup(rt, ended(rt, d));
  if (d.type === 'failed') {
    const c = failureCodes(d.failure, 'callee');
    return hangup(rt, { leg: 'A', at: d.at, outcome: d.failure, ...c, sipStatusCode: c.sipStatus });
  }
  if (d.type === 'opFailed') return hangup(rt, { leg: 'A', at: d.at, outcome: 'failed', ...d.failure, partyType: 'platform' });
  let at = d.at;
  const { collectTimeoutMs, maxReplays } = run.deps.timings;
  for (const step of steps) {
    for (let replays = 0; ; replays++) {
      const r = step.media;
      if (!r.ok) return hangup(rt, { leg: 'A', at, outcome: 'failed', stateCode: r.stateCode, ulFailReason: r.ulFailReason, partyType: 'platform' });
      const p = r.media.kind === 'tts' ? await say(rt, 'A', r.media) : await play(rt, 'A', r.media);
      if (p.type === 'ended') return hangup(rt, ended(rt, p));
      if (p.type === 'opFailed') return hangup(rt, { leg: 'A', at: p.at, outcome: 'failed', ...p.failure, partyType: 'platform' });
      at = p.at;
      if (step.collect === 0) break;
      const g = await gather(rt, 'A', { maxDigits: step.collect, timeoutMs: collectTimeoutMs });
      if (g.type === 'ended') return hangup(rt, ended(rt, g));
      if (g.type === 'opFailed') return hangup(rt, { leg: 'A', at: g.at, outcome: 'failed', ...g.failure, partyType: 'platform' });
      if (g.type === 'noInput') {
        return hangup(rt, { leg: 'A', at: g.at, outcome: 'answered', stateCode: STATE.collectFailed, ulFailReason: POINT.noDigits, partyType: 'platform' });
      }
      at = g.at;
      if (step.replayOn === undefined || g.digits !== step.replayOn || replays >= maxReplays) break;
    }
  }
  return hangup(rt, { leg: 'A', at, outcome: 'answered', stateCode: STATE.normal, ulFailReason: POINT.normal, partyType: 'platform' });
}

/** How a one-leg call that ended under a verb is reported: the callee or the network hung up, or callStop. */
function ended(rt: VerbRuntime, e: CallEnded): Release {
  if (e.cause === 'hangup') {
    if (e.by === 'network') return { leg: 'A', at: e.at, outcome: 'answered', ...NETWORK_DROP };
    return { leg: 'A', at: e.at, outcome: 'answered', stateCode: STATE.normal, ulFailReason: POINT.normal, partyType: 'callee' };
  }
  const answered = rt.leg('A').times.answerAt !== undefined;
  const code = e.cause === 'stop' ? { stateCode: STATE.releasedByCustomer, ulFailReason: POINT.releasedByCustomer } : { stateCode: STATE.maxDuration, ulFailReason: POINT.maxDuration };
  return { leg: 'A', at: e.at, outcome: answered ? 'answered' : 'cancelled', ...code, partyType: 'platform' };
}
