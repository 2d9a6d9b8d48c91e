// Voice callback (reference 4.2) on the verbs: dial A; on answer play the record hint and
// pre-voice; dial B while A hears the wait voice; bridge on B's answer, recorded, with the
// maxDuration limit and its last-minute warning. One disconnect per call, for the leg that ended
// first (docs/calls.md).

import { join } from 'node:path';
import type { CallbackPlan, LegName } from '../domain/call.js';
import { failureCodes } from '../network/outcomes.js';
import type { Media } from '../network/types.js';
import { NETWORK_DROP } from './network-drop.js';
import { SYSTEM_PROMPTS, voiceMedia, type Resolved } from './prompts.js';
import type { Release } from './record.js';
import type { CallRun } from './run.js';
import { POINT, STATE } from './state-codes.js';
import { bridge, dial, hangup, play, VerbRuntime, type CallEnded, type OpFailed } from './verbs/index.js';

/** objectName of a call's recording: the session id before '@', as a .wav (reference 4.5). */
export function recordingObjectName(sessionId: string): string {
  return `${sessionId.split('@')[0]}.wav`;
}

/** Where the call was when it ended under a verb: the codes depend on it. */
type Stage = 'dialA' | 'prompts' | 'dialB' | 'talk';

const LAST_MIN_BEFORE_END_MS = 60_000;

export async function runCallback(run: CallRun, plan: CallbackPlan): Promise<void> {
  const rt = new VerbRuntime(run);
  const platformFailure = (f: OpFailed, leg: LegName): Release => ({ leg, at: f.at, outcome: 'failed', ...f.failure, partyType: 'platform' });
  const a = await dial(rt, 'A');
  if (a.type === 'ended') return hangup(rt, ended(rt, a, 'dialA'));
  if (a.type === 'opFailed') return hangup(rt, platformFailure(a, 'A'));
  if (a.type === 'failed') {
    const c = failureCodes(a.failure, 'caller');
    return hangup(rt, { leg: 'A', at: a.at, outcome: a.failure, ...c, sipStatusCode: c.sipStatus });
  }

  const p = prompts(run, plan);
  if (!p.ok) return hangup(rt, { leg: 'A', at: a.at, outcome: 'failed', stateCode: p.stateCode, ulFailReason: p.ulFailReason, partyType: 'platform' });
  for (const media of p.before) {
    const r = await play(rt, 'A', media);
    if (r.type === 'ended') return hangup(rt, ended(rt, r, 'prompts'));
    if (r.type === 'opFailed') return hangup(rt, platformFailure(r, 'A'));
  }

  const b = await dial(rt, 'B', { music: { to: 'A', media: p.wait, ringbackOnAlerting: plan.calleeMedia === 'all' } });
  if (b.type === 'ended') return hangup(rt, ended(rt, b, 'dialB'));
  if (b.type === 'opFailed') return hangup(rt, platformFailure(b, 'A'));
  if (b.type === 'failed') {
    const c = failureCodes(b.failure, 'callee');
    const bFailed: Release = { leg: 'B', at: b.at, outcome: b.failure, ...c, sipStatusCode: c.sipStatus, failAt: b.at };
    if (plan.calleeMedia === 'none') return hangup(rt, bFailed);
    // A hears B's failure announcement; however it ends (played, A hangs up, callStop, it could
    // not play), B's failure is the news, unless the network dropped A meanwhile.
    const tone: Media = { kind: 'announcement', name: `failure:${b.failure}`, durationMs: run.deps.timings.failureToneMs };
    const t = await play(rt, 'A', tone);
    if (t.type === 'ended' && t.cause === 'hangup' && t.by === 'network') return hangup(rt, ended(rt, t, 'dialB'));
    return hangup(rt, bFailed);
  }

  const objectName = recordingObjectName(run.call.sessionId);
  const talk = await bridge(rt, 'A', 'B', {
    ...(plan.recordFlag ? { record: { path: join(run.deps.recordingsDir, objectName), objectName, hintToneMs: p.hintMs } } : {}),
    ...(p.lastMin ? { maxDurationMs: plan.maxDuration * 60_000, warning: { beforeEndMs: LAST_MIN_BEFORE_END_MS, media: p.lastMin, legs: warned(plan) } } : {}),
  });
  if (talk.type === 'opFailed') return hangup(rt, platformFailure(talk, 'B'));
  return hangup(rt, ended(rt, talk, 'talk'));
}

interface Prompts {
  ok: true;
  /** Played to A in turn before B is called. */
  before: Media[];
  wait: Media;
  lastMin: Media | undefined;
  hintMs: number;
}

// Every prompt is looked up before B is called, so a missing file never cuts a talk short.
function prompts(run: CallRun, plan: CallbackPlan): Prompts | Extract<Resolved, { ok: false }> {
  const { media } = run.deps;
  const appKey = run.call.appKey;
  const hint = plan.recordFlag ? voiceMedia(media, appKey, plan.recordHintTone, SYSTEM_PROMPTS.recordHintTone) : undefined;
  const pre = plan.playPreVoice ? voiceMedia(media, appKey, plan.preVoice, SYSTEM_PROMPTS.preVoice) : undefined;
  const wait = voiceMedia(media, appKey, plan.waitVoice, SYSTEM_PROMPTS.waitVoice);
  // lastMinVoice counts only with a maxDuration (reference 4.2).
  const lastMin = plan.maxDuration > 0 ? voiceMedia(media, appKey, plan.lastMinVoice, SYSTEM_PROMPTS.lastMinVoice) : undefined;
  for (const r of [hint, pre, wait, lastMin]) if (r && !r.ok) return r;
  const m = (r: Resolved | undefined) => (r?.ok ? [r.media] : []);
  return {
    ok: true,
    before: [...m(hint), ...m(pre)],
    wait: m(wait)[0]!,
    lastMin: m(lastMin)[0],
    hintMs: hint?.ok ? hint.media.durationMs : 0,
  };
}

function warned(plan: CallbackPlan): LegName[] {
  const to = plan.lastMinToUE;
  return to === 'toa' ? ['A'] : to === 'tob' ? ['B'] : ['A', 'B'];
}

/** The codes of a call that ended under a verb, by where it was. */
function ended(rt: VerbRuntime, e: CallEnded, stage: Stage): Release {
  const talking = stage === 'talk';
  if (e.cause === 'stop') {
    return { leg: 'A', at: e.at, outcome: talking ? 'answered' : 'cancelled', stateCode: STATE.releasedByCustomer, ulFailReason: POINT.releasedByCustomer, partyType: 'platform' };
  }
  if (e.cause === 'timeLimit') {
    return { leg: 'A', at: e.at, outcome: 'answered', stateCode: STATE.maxDuration, ulFailReason: POINT.maxDuration, partyType: 'platform' };
  }
  // A leg the network ended: a connected call stays answered; one still being set up failed.
  if (e.by === 'network') return { leg: e.leg, at: e.at, outcome: talking ? 'answered' : 'failed', ...NETWORK_DROP };
  if (talking) {
    return { leg: e.leg, at: e.at, outcome: 'answered', stateCode: STATE.normal, ulFailReason: POINT.normal, partyType: e.leg === 'A' ? 'caller' : 'callee' };
  }
  const point =
    stage === 'prompts'
      ? POINT.callerHungUpBeforeForward
      : rt.state('B')?.times.alertingAt !== undefined
        ? POINT.callerHungUpWhileRemoteRinging
        : POINT.callerHungUpBeforeRemoteRinging;
  return { leg: 'A', at: e.at, outcome: 'cancelled', stateCode: STATE.callerHungUpBeforeAnswer, ulFailReason: point, partyType: 'caller' };
}
