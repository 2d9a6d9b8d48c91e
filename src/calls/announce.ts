// The one-leg services (notification, verification code): call the callee, play steps in order
// (each optionally followed by a digit collection that may replay it), then the platform hangs up.

import type { LegTimes } from '../domain/call.js';
import { failureCodes } from '../network/outcomes.js';
import type { LegSignal, NetworkLeg } from '../network/types.js';
import { droppedByNetwork, NETWORK_DROP } from './network-drop.js';
import { opFailure, tryOp } from './op-failure.js';
import type { Resolved } from './prompts.js';
import { buildRecord, type Release } from './record.js';
import type { CallRun } from './run.js';
import { POINT, STATE } from './state-codes.js';

export interface Step {
  media: Resolved;
  /** 0: no collection; n: collect up to n digits after the step played. */
  collect: number;
  /** Collected digits equal to this replay the step. */
  replayOn?: string;
}

export function runAnnouncement(run: CallRun, steps: Step[]): Promise<void> {
  return new Announcement(run, steps).run();
}

class Announcement {
  #leg!: NetworkLeg;
  #legA!: LegTimes;
  #answered = false;
  #done = false;
  #index = 0;
  #replays = 0;
  #playId = 0;
  #digits: string[] = [];
  #ttsPlayTimes = 0;
  #ttsTransDuration = 0;

  constructor(
    private readonly ctx: CallRun,
    private readonly steps: Step[],
  ) {}

  async run(): Promise<void> {
    this.#leg = this.ctx.dial('A');
    this.#legA = { startAt: this.ctx.now(), q850: 0, sipStatus: 0 };
    await this.ctx.emit('callout', 'A', this.#legA.startAt);
    while (!this.#done) {
      const s = await this.ctx.next();
      if (s.src === 'stop') {
        await this.#end({
          at: s.at,
          outcome: this.#answered ? 'answered' : 'cancelled',
          stateCode: STATE.releasedByCustomer,
          ulFailReason: POINT.releasedByCustomer,
          partyType: 'platform',
        });
      } else if (s.src === 'A') {
        await this.#on(s.signal);
      }
    }
  }

  async #on(s: LegSignal): Promise<void> {
    switch (s.type) {
      case 'alerting':
        this.#legA.alertingAt = s.at;
        return this.ctx.emit('alerting', 'A', s.at);
      case 'answer':
        this.#legA.answerAt = s.at;
        this.#answered = true;
        await this.ctx.emit('answer', 'A', s.at);
        return this.#play(s.at);
      case 'failed': {
        Object.assign(this.#legA, { endAt: s.at, q850: s.q850, sipStatus: s.sipStatus });
        const c = failureCodes(s.failure, 'callee');
        return this.#end({ at: s.at, outcome: s.failure, ...c, sipStatusCode: c.sipStatus });
      }
      case 'hangup':
        this.#legA.endAt = s.at;
        if (droppedByNetwork(s, this.#legA)) return this.#end({ at: s.at, outcome: 'answered', ...NETWORK_DROP });
        return this.#end({ at: s.at, outcome: 'answered', stateCode: STATE.normal, ulFailReason: POINT.normal, partyType: 'callee' });
      case 'played': {
        if (s.playId !== this.#playId) return;
        const step = this.steps[this.#index]!;
        if (step.collect > 0) return this.#collect(step.collect, s.at);
        return this.#advance(s.at);
      }
      case 'digits':
        return this.#collected(s.digits, s.at);
      // Keys are read whole from 'digits'; progress changes nothing for a one-leg call.
      case 'dtmf':
      case 'progress':
        return;
    }
  }

  async #collect(maxDigits: number, at: number): Promise<void> {
    const failed = await tryOp(this.#leg.collect({ maxDigits, timeoutMs: this.ctx.deps.timings.collectTimeoutMs }));
    if (failed) await this.#end({ at, outcome: 'failed', ...failed, partyType: 'platform' });
  }

  async #collected(digits: string, at: number): Promise<void> {
    if (digits === '') {
      return this.#end({ at, outcome: 'answered', stateCode: STATE.collectFailed, ulFailReason: POINT.noDigits, partyType: 'platform' });
    }
    this.#digits.push(digits);
    await this.ctx.emit('collectInfo', 'A', at, { digitInfo: digits });
    const step = this.steps[this.#index]!;
    if (step.replayOn !== undefined && digits === step.replayOn && this.#replays < this.ctx.deps.timings.maxReplays) {
      this.#replays++;
      return this.#play(at);
    }
    return this.#advance(at);
  }

  #advance(at: number): Promise<void> {
    this.#index++;
    this.#replays = 0;
    if (this.#index >= this.steps.length) {
      return this.#end({ at, outcome: 'answered', stateCode: STATE.normal, ulFailReason: POINT.normal, partyType: 'platform' });
    }
    return this.#play(at);
  }

  async #play(at: number): Promise<void> {
    const r = this.steps[this.#index]!.media;
    if (!r.ok) {
      return this.#end({ at, outcome: 'failed', stateCode: r.stateCode, ulFailReason: r.ulFailReason, partyType: 'platform' });
    }
    let started;
    try {
      started = await this.#leg.play(r.media);
    } catch {
      return this.#end({ at, outcome: 'failed', ...opFailure(r.media), partyType: 'platform' });
    }
    // Billed from the length the network reports for the play (the simulated network reports the
    // estimate, so the CDR is what it was), counted when the play starts, as a conversion is.
    if (r.media.kind === 'tts') {
      this.#ttsPlayTimes++;
      this.#ttsTransDuration += Math.ceil(started.durationMs / 1000);
    }
    this.#playId = started.playId;
  }

  async #end(e: Omit<Release, 'leg'>): Promise<void> {
    this.#done = true;
    const now = this.ctx.now();
    this.#legA.endAt ??= now;
    const record = buildRecord(this.ctx.call, this.ctx.deps.hostName, {
      legA: this.#legA,
      ending: { ...e, callEndAt: now },
      digits: this.#digits,
      ttsPlayTimes: this.#ttsPlayTimes,
      ttsTransDuration: this.#ttsTransDuration,
    });
    await this.ctx.finish(record, 'A', e.at);
  }
}
