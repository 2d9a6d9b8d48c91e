// What verbs run on: one CallRun (its mailbox, legs, timers and events) plus what the verbs keep
// about the call for its record: each leg's times, the digits collected, the TTS played, the
// recording. Verbs run one after another on it (a scenario or a dialogue flow awaits each), so at
// most one verb reads the mailbox at a time and a call's state changes never interleave.
//
// The call ending is handled here, once, for every verb: next() turns callStop, the time limit
// and the hangup of an answered leg into a CallEnded result that the waiting verb returns as is.

import type { CallDialog, CallEvent, CallEventType, LegName, LegTimes } from '../../domain/call.js';
import type { LegSignal, Media, NetworkLeg, PlayStarted, Recorder } from '../../network/types.js';
import { opFailure } from '../op-failure.js';
import type { Parties } from '../record.js';
import type { CallRun } from '../run.js';
import type { CallEnded, OpFailed } from './results.js';

export type Next = { type: 'signal'; leg: LegName; signal: LegSignal } | CallEnded;

export interface LegState {
  net: NetworkLeg;
  times: LegTimes;
  /** The play the leg hears now (0: none): a new play on the leg replaces it. */
  playId: number;
}

/** A call-wide time limit: at endAt the call ends (cause timeLimit); the warning plays before. */
export interface TimeLimit {
  endAt: number;
  warning?: { at: number; media: Media; legs: LegName[] };
}

export interface ActiveRecording {
  recorder: Recorder;
  objectName: string;
}

export class VerbRuntime {
  readonly #legs: Partial<Record<LegName, LegState>> = {};
  readonly digits: string[] = [];
  ttsPlayTimes = 0;
  ttsTransDuration = 0;
  /** A dialogue flow's walk so far: hangup puts it in the record. */
  dialog: CallDialog | undefined;
  #at: number;
  #warning: TimeLimit['warning'];
  #recording: ActiveRecording | undefined;
  #ended: CallEnded | undefined;

  constructor(readonly run: CallRun) {
    this.#at = run.now();
  }

  /**
   * The flow's time: when the last signal was read or the last leg placed. A verb that fails
   * before any signal of its own fails at this time (the time of what led to it).
   */
  get at(): number {
    return this.#at;
  }

  /** How the call ended, once a verb saw it end; later verbs return it without acting. */
  get ended(): CallEnded | undefined {
    return this.#ended;
  }

  /** A placed leg's state; undefined when it was never placed. */
  state(leg: LegName): LegState | undefined {
    return this.#legs[leg];
  }

  /** A placed leg's state; asking for a leg no verb placed is a bug in the flow. */
  leg(leg: LegName): LegState {
    const s = this.#legs[leg];
    if (!s) throw new Error(`leg ${leg} was never placed`);
    return s;
  }

  /** Dials the leg on the network (to the plan's parties unless given); its signals reach the mailbox from now on. */
  place(leg: LegName, parties?: Parties, ringTimeoutMs?: number): LegState {
    const net = this.run.dial(leg, parties, ringTimeoutMs);
    this.#at = this.run.now();
    const s: LegState = { net, times: { startAt: this.#at, q850: 0, sipStatus: 0 }, playId: 0 };
    this.#legs[leg] = s;
    return s;
  }

  /** Answers the inbound call's offer as leg A; its signals reach the mailbox from now on. */
  accept(): LegState {
    const net = this.run.accept();
    this.#at = this.run.now();
    const s: LegState = { net, times: { startAt: this.#at, q850: 0, sipStatus: 0 }, playId: 0 };
    this.#legs.A = s;
    return s;
  }

  emit(type: Exclude<CallEventType, 'disconnect'>, leg: LegName, at: number, extra: Partial<CallEvent> = {}): Promise<void> {
    return this.run.emit(type, leg, at, extra);
  }

  /**
   * The next signal for the running verb, or how the call ended. Once ended, every later verb
   * gets the same end at once: the signal that ended the call was read only once.
   */
  next(): Promise<Next> {
    if (this.#ended) return Promise.resolve(this.#ended);
    return this.#read().then((n) => {
      if (n.type === 'ended') this.#ended = n;
      return n;
    });
  }

  async #read(): Promise<Next> {
    for (;;) {
      const s = await this.run.next();
      this.#at = s.src === 'stop' || s.src === 'timer' ? s.at : s.signal.at;
      if (s.src === 'stop') return { type: 'ended', cause: 'stop', at: s.at };
      if (s.src === 'timer') {
        if (s.name === 'maxDuration') return { type: 'ended', cause: 'timeLimit', at: s.at };
        await this.#warn();
        continue;
      }
      const st = this.leg(s.src);
      const sig = s.signal;
      if (sig.type === 'hangup') {
        st.times.endAt = sig.at;
        // A drop keeps the network's cause on the leg; a party's hangup is a normal clearing.
        if (sig.by === 'network') st.times.q850 = sig.q850;
        return { type: 'ended', cause: 'hangup', leg: s.src, by: sig.by, at: sig.at };
      }
      if (sig.type === 'played' && sig.playId === st.playId) st.playId = 0;
      return { type: 'signal', leg: s.src, signal: sig };
    }
  }

  /** Plays on the leg in place of what it hears now; the network's refusal comes back as OpFailed. */
  async startPlay(leg: LegName, media: Media, loop = false): Promise<PlayStarted | OpFailed> {
    const st = this.leg(leg);
    const at = this.#at;
    this.stopPlay(leg);
    try {
      const started = await st.net.play(media, { loop });
      st.playId = started.playId;
      return started;
    } catch {
      return { type: 'opFailed', at, failure: opFailure(media) };
    }
  }

  /** Stops what the leg hears (no signal follows). */
  stopPlay(leg: LegName): void {
    const st = this.leg(leg);
    if (st.playId) st.net.stopPlay(st.playId);
    st.playId = 0;
  }

  /** Sets the call's time limit (a bridge's maxDuration). */
  limit(l: TimeLimit): void {
    this.#warning = l.warning;
    if (l.warning) this.run.timerAt('lastMin', l.warning.at);
    this.run.timerAt('maxDuration', l.endAt);
  }

  // A warning that cannot play does not cut the call short: its failure is dropped. It plays over
  // the talk without replacing anything, so it is not the leg's current play.
  async #warn(): Promise<void> {
    const w = this.#warning;
    if (!w) return;
    for (const leg of w.legs) {
      const st = this.#legs[leg];
      if (!st) continue;
      try {
        await st.net.play(w.media);
      } catch {
        // dropped: see above
      }
    }
  }

  /** The recording the call's end stops (record verb). */
  startedRecording(r: ActiveRecording): void {
    this.#recording = r;
  }

  /** Hands the recording over to whoever ends the call, once. */
  takeRecording(): ActiveRecording | undefined {
    const r = this.#recording;
    this.#recording = undefined;
    return r;
  }
}
