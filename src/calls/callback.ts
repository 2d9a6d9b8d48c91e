// Voice callback (reference 4.2): call A; on answer play the record hint and pre-voice, then the
// wait voice while B is called; bridge on B's answer, record, and enforce maxDuration. One
// disconnect per call, for the leg that ended first (docs/calls.md).

import { join } from 'node:path';
import type { CallbackPlan, CallOutcome, LegTimes, RecordingInfo } from '../domain/call.js';
import { failureCodes, type FailureCodes } from '../network/outcomes.js';
import type { LegSignal, Media, NetworkLeg, Recorder } from '../network/types.js';
import { droppedByNetwork, NETWORK_DROP } from './network-drop.js';
import { opFailure as opFailureOf, tryOp } from './op-failure.js';
import { SYSTEM_PROMPTS, voiceMedia, type Resolved } from './prompts.js';
import { buildRecord, type Release } from './record.js';
import type { CallRun, Signal } from './run.js';
import { POINT, STATE } from './state-codes.js';

type Phase = 'dialA' | 'prompts' | 'dialB' | 'failTone' | 'talk';

export function runCallback(run: CallRun, plan: CallbackPlan): Promise<void> {
  return new Callback(run, plan).run();
}

/** objectName of a call's recording: the session id before '@', as a .wav (reference 4.5). */
export function recordingObjectName(sessionId: string): string {
  return `${sessionId.split('@')[0]}.wav`;
}

class Callback {
  #phase: Phase = 'dialA';
  #done = false;
  #a!: NetworkLeg;
  #b: NetworkLeg | undefined;
  #legA!: LegTimes;
  #legB: LegTimes | undefined;
  #queue: Media[] = [];
  #wait!: Media;
  #lastMin: Media | undefined;
  #hintMs = 0;
  #playId = 0;
  #recorder: Recorder | undefined;
  #bFailure: (FailureCodes & { at: number; outcome: CallOutcome }) | undefined;

  constructor(
    private readonly ctx: CallRun,
    private readonly plan: CallbackPlan,
  ) {}

  async run(): Promise<void> {
    this.#a = this.ctx.dial('A');
    this.#legA = { startAt: this.ctx.now(), q850: 0, sipStatus: 0 };
    await this.ctx.emit('callout', 'A', this.#legA.startAt);
    while (!this.#done) await this.#on(await this.ctx.next());
  }

  async #on(s: Signal): Promise<void> {
    if (s.src === 'stop') return this.#stopped(s.at);
    if (s.src === 'timer') {
      if (s.name === 'maxDuration') {
        return this.#end({ leg: 'A', at: s.at, outcome: 'answered', stateCode: STATE.maxDuration, ulFailReason: POINT.maxDuration, partyType: 'platform' });
      }
      const to = this.plan.lastMinToUE;
      const media = this.#lastMin!;
      // A warning that cannot play does not cut the talk short: its failure is dropped.
      if (to !== 'tob') await tryOp(this.#a.play(media));
      if (to !== 'toa' && this.#b) await tryOp(this.#b.play(media));
      return;
    }
    return s.src === 'A' ? this.#onA(s.signal) : this.#onB(s.signal);
  }

  async #onA(s: LegSignal): Promise<void> {
    const p = this.#phase;
    if (s.type === 'alerting' && p === 'dialA') {
      this.#legA.alertingAt = s.at;
      await this.ctx.emit('alerting', 'A', s.at);
    } else if (s.type === 'answer' && p === 'dialA') {
      this.#legA.answerAt = s.at;
      await this.ctx.emit('answer', 'A', s.at);
      await this.#startPrompts(s.at);
    } else if (s.type === 'failed' && p === 'dialA') {
      Object.assign(this.#legA, { endAt: s.at, q850: s.q850, sipStatus: s.sipStatus });
      const c = failureCodes(s.failure, 'caller');
      await this.#end({ leg: 'A', at: s.at, outcome: s.failure, ...c, sipStatusCode: c.sipStatus });
    } else if (s.type === 'played' && s.playId === this.#playId && (p === 'prompts' || p === 'failTone')) {
      if (p === 'failTone') await this.#endWithBFailure();
      else await this.#nextPrompt(s.at);
    } else if (s.type === 'hangup') {
      this.#legA.endAt = s.at;
      if (droppedByNetwork(s, this.#legA)) return this.#networkDrop('A', s.at);
      await this.#aHungUp(s.at);
    }
  }

  async #onB(s: LegSignal): Promise<void> {
    const legB = this.#legB;
    if (!legB || this.#phase !== (s.type === 'hangup' ? 'talk' : 'dialB')) return;
    if (s.type === 'alerting') {
      legB.alertingAt = s.at;
      await this.ctx.emit('alerting', 'B', s.at);
      if (this.plan.calleeMedia === 'all') await this.#playToA({ kind: 'ringback', name: 'ringback', durationMs: 0 }, s.at, true);
    } else if (s.type === 'answer') {
      legB.answerAt = s.at;
      await this.ctx.emit('answer', 'B', s.at);
      await this.#startTalk(s.at);
    } else if (s.type === 'failed') {
      Object.assign(legB, { endAt: s.at, q850: s.q850, sipStatus: s.sipStatus });
      this.#bFailure = { ...failureCodes(s.failure, 'callee'), at: s.at, outcome: s.failure };
      if (this.plan.calleeMedia === 'none') return this.#endWithBFailure();
      this.#phase = 'failTone';
      await this.#playToA({ kind: 'announcement', name: `failure:${s.failure}`, durationMs: this.ctx.deps.timings.failureToneMs }, s.at);
    } else if (s.type === 'hangup') {
      legB.endAt = s.at;
      if (droppedByNetwork(s, legB)) return this.#networkDrop('B', s.at);
      await this.#end({ leg: 'B', at: s.at, outcome: 'answered', stateCode: STATE.normal, ulFailReason: POINT.normal, partyType: 'callee' });
    }
  }

  async #startPrompts(at: number): Promise<void> {
    const { media, appKey } = { media: this.ctx.deps.media, appKey: this.ctx.call.appKey };
    const plan = this.plan;
    const hint = plan.recordFlag ? voiceMedia(media, appKey, plan.recordHintTone, SYSTEM_PROMPTS.recordHintTone) : undefined;
    const pre = plan.playPreVoice ? voiceMedia(media, appKey, plan.preVoice, SYSTEM_PROMPTS.preVoice) : undefined;
    const wait = voiceMedia(media, appKey, plan.waitVoice, SYSTEM_PROMPTS.waitVoice);
    // lastMinVoice counts only with a maxDuration (reference 4.2).
    const lastMin = plan.maxDuration > 0 ? voiceMedia(media, appKey, plan.lastMinVoice, SYSTEM_PROMPTS.lastMinVoice) : undefined;
    // Every prompt is looked up before B is called, so a missing file never cuts a talk short.
    const all = [hint, pre, wait, lastMin].filter((r): r is Resolved => r !== undefined);
    const missing = all.find((r) => !r.ok);
    if (missing && !missing.ok) {
      return this.#end({ leg: 'A', at, outcome: 'failed', stateCode: missing.stateCode, ulFailReason: missing.ulFailReason, partyType: 'platform' });
    }
    const m = (r: Resolved | undefined) => (r?.ok ? [r.media] : []);
    this.#queue = [...m(hint), ...m(pre)];
    this.#hintMs = hint?.ok ? hint.media.durationMs : 0;
    this.#wait = m(wait)[0]!;
    this.#lastMin = m(lastMin)[0];
    this.#phase = 'prompts';
    await this.#nextPrompt(at);
  }

  async #nextPrompt(at: number): Promise<void> {
    const next = this.#queue.shift();
    if (next) return this.#playToA(next, at);
    this.#phase = 'dialB';
    this.#b = this.ctx.dial('B');
    this.#legB = { startAt: this.ctx.now(), q850: 0, sipStatus: 0 };
    await this.ctx.emit('callout', 'B', this.#legB.startAt);
    await this.#playToA(this.#wait, this.#legB.startAt, true);
  }

  /** Plays to A in place of what played; a play the network refuses ends the call (op-failure.ts). */
  async #playToA(media: Media, at: number, loop = false): Promise<void> {
    if (this.#playId) this.#a.stopPlay(this.#playId);
    this.#playId = 0;
    try {
      this.#playId = (await this.#a.play(media, { loop })).playId;
    } catch {
      // The failure tone's own failure still ends the call with B's failure, which is the news.
      if (this.#phase === 'failTone') return this.#endWithBFailure();
      const f = opFailureOf(media);
      await this.#end({ leg: 'A', at, outcome: 'failed', ...f, partyType: 'platform' });
    }
  }

  async #startTalk(at: number): Promise<void> {
    this.#phase = 'talk';
    this.#a.stopPlay(this.#playId);
    this.#playId = 0;
    const b = this.#b!;
    const deps = this.ctx.deps;
    const bridged = await tryOp(deps.network.bridge(this.#a, b));
    if (bridged) return this.#end({ leg: 'B', at, outcome: 'failed', ...bridged, partyType: 'platform' });
    if (this.plan.recordFlag) {
      const path = join(deps.recordingsDir, recordingObjectName(this.ctx.call.sessionId));
      try {
        this.#recorder = await deps.network.record(this.#a, b, { path, hintToneMs: this.#hintMs });
      } catch {
        // A recorded call was asked for: talking unrecorded would break that promise.
        return this.#end({ leg: 'B', at, outcome: 'failed', ...opFailureOf(), partyType: 'platform' });
      }
    }
    if (this.plan.maxDuration > 0) {
      const endAt = at + this.plan.maxDuration * 60_000;
      this.ctx.timerAt('lastMin', endAt - 60_000);
      this.ctx.timerAt('maxDuration', endAt);
    }
  }

  async #aHungUp(at: number): Promise<void> {
    const p = this.#phase;
    if (p === 'talk') {
      return this.#end({ leg: 'A', at, outcome: 'answered', stateCode: STATE.normal, ulFailReason: POINT.normal, partyType: 'caller' });
    }
    if (p === 'failTone') return this.#endWithBFailure();
    const point =
      p === 'prompts'
        ? POINT.callerHungUpBeforeForward
        : this.#legB?.alertingAt !== undefined
          ? POINT.callerHungUpWhileRemoteRinging
          : POINT.callerHungUpBeforeRemoteRinging;
    await this.#end({ leg: 'A', at, outcome: 'cancelled', stateCode: STATE.callerHungUpBeforeAnswer, ulFailReason: point, partyType: 'caller' });
  }

  /** A leg the network ended: a connected call stays answered; one still being set up failed. */
  #networkDrop(leg: 'A' | 'B', at: number): Promise<void> {
    return this.#end({ leg, at, outcome: this.#phase === 'talk' ? 'answered' : 'failed', ...NETWORK_DROP });
  }

  async #stopped(at: number): Promise<void> {
    if (this.#phase === 'failTone') return this.#endWithBFailure();
    const outcome = this.#phase === 'talk' ? 'answered' : 'cancelled';
    await this.#end({ leg: 'A', at, outcome, stateCode: STATE.releasedByCustomer, ulFailReason: POINT.releasedByCustomer, partyType: 'platform' });
  }

  #endWithBFailure(): Promise<void> {
    const f = this.#bFailure!;
    return this.#end({ leg: 'B', at: f.at, outcome: f.outcome, stateCode: f.stateCode, ulFailReason: f.ulFailReason, partyType: f.partyType, sipStatusCode: f.sipStatus, failAt: f.at });
  }

  async #end(e: Release): Promise<void> {
    this.#done = true;
    const now = this.ctx.now();
    this.ctx.releaseAll();
    this.#legA.endAt ??= now;
    if (this.#legB) this.#legB.endAt ??= now;
    const recording = await this.#stopRecording();
    const record = buildRecord(this.ctx.call, this.ctx.deps.hostName, {
      legA: this.#legA,
      ...(this.#legB ? { legB: this.#legB } : {}),
      ...(recording ? { recording } : {}),
      ending: { ...e, callEndAt: now },
    });
    await this.ctx.finish(record, e.leg, e.at);
  }

  async #stopRecording(): Promise<RecordingInfo | undefined> {
    if (!this.#recorder) return undefined;
    const deps = this.ctx.deps;
    let r;
    try {
      r = await this.#recorder.stop();
    } catch {
      // The call ends either way; a recording the network could not write is simply not offered.
      return undefined;
    }
    return {
      objectName: recordingObjectName(this.ctx.call.sessionId),
      bucketName: deps.recordBucket,
      domain: deps.recordDomain,
      startAt: r.startAt,
      endAt: r.endAt,
      path: r.path,
    };
  }
}
