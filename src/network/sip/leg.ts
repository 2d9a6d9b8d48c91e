// What every SIP leg does once it exists: media through its MediaSession (play, stopPlay,
// collect), the requests of its dialog (BYE either way, re-INVITE answered with the same SDP,
// OPTIONS, INFO DTMF), and its one ending signal. outbound.ts and inbound.ts start legs.

import type { LegName } from '../../domain/call.js';
import type { MediaEvent, MediaParams, MediaSession } from '../media/types.js';
import { FAILURE_TABLE } from '../outcomes.js';
import type { CollectOptions, HangupBy, LegFailure, LegSignal, Media, NetworkLeg, PlayOptions, PlayStarted } from '../types.js';
import { NetworkError } from '../types.js';
import { reasonCause, reasonHeader } from './causes.js';
import { Collection } from './collect.js';
import type { LegContext } from './context.js';
import { dialogRemote, dialogRequest, type Dialog } from './dialog.js';
import type { SipRequest } from './message.js';
import type { ServerTransaction } from './transaction.js';

export type Phase = 'dialing' | 'answered' | 'ended';

export const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO';
/** Q.850 causes of the hang-ups this side makes: normal, a network shutdown or dead media. */
export const NORMAL_CLEARING = 16;
export const TEMPORARY_FAILURE = 41;
const DTMF_INFO = /^\s*Signal\s*=\s*([0-9*#A-Da-d])\s*$/im;

export abstract class SipLeg implements NetworkLeg {
  readonly sessionId: string;
  readonly leg: LegName;
  readonly number: string;
  phase: Phase = 'dialing';
  dialog: Dialog | undefined;
  protected session: MediaSession | undefined;
  /** Our SDP, repeated in answers to a re-INVITE. */
  protected localSdp: Buffer = Buffer.alloc(0);
  /** The platform released the leg: it signals nothing more. */
  protected released = false;
  #collection: Collection | undefined;
  #stopped = new Set<number>();
  #alerted = false;
  /** The params last connected, as JSON. */
  #connected: string | undefined;
  #endedPlays = -1;

  constructor(
    protected readonly ctx: LegContext,
    who: { sessionId: string; leg: LegName; number: string },
    private readonly onSignal: (s: LegSignal) => void,
  ) {
    this.sessionId = who.sessionId;
    this.leg = who.leg;
    this.number = who.number;
  }

  abstract get callId(): string;

  get answered(): boolean {
    return this.phase === 'answered';
  }

  get mediaSession(): MediaSession | undefined {
    return this.session;
  }

  protected signal(s: LegSignal): void {
    if (!this.released) this.onSignal(s);
  }

  protected alerting(): void {
    if (this.#alerted) return;
    this.#alerted = true;
    this.signal({ type: 'alerting', at: this.ctx.now() });
  }

  /** Connects the session, and again when the params change (a 2xx's SDP differing from the 183's):
   * the media engine keeps the stream (SSRC, sequence, timestamps) across connects. */
  /**
   * Opens the leg's RTP session next to its call's other leg (a bridge relays in one worker); the
   * local port, or undefined (the session closed again) when the leg ended or `gone()` meanwhile.
   */
  protected async openMedia(gone: () => boolean): Promise<number | undefined> {
    const session = await this.ctx.media.open((e) => this.onMediaEvent(e), this.ctx.mediaNear(this.sessionId));
    if (this.phase === 'ended' || gone()) {
      session.close();
      return undefined;
    }
    this.session = session;
    return session.port;
  }

  protected connectMedia(params: MediaParams): void {
    if (!this.session) return;
    const key = JSON.stringify(params);
    if (key === this.#connected) return;
    this.#connected = key;
    this.session.connect(params);
  }

  onMediaEvent(e: MediaEvent): void {
    if (this.phase === 'ended') return;
    if (e.type === 'played') {
      if (this.#stopped.delete(e.playId)) return;
      this.signal({ type: 'played', at: this.ctx.now(), playId: e.playId, durationMs: e.durationMs, interrupted: e.interrupted });
    } else if (e.type === 'dtmf') this.#collection?.press(e.digit);
    else if (e.type === 'media_failed') {
      // The leg's RTP worker died: end the leg as a closing network would (BYE or CANCEL, then its signal).
      this.ctx.log('media_failed', { callId: this.callId, reason: e.reason });
      this.shutDown();
    } else if (this.phase === 'answered') {
      this.ctx.log('media_timeout', { callId: this.callId, silentMs: e.silentMs });
      this.bye(TEMPORARY_FAILURE);
      this.hangup(TEMPORARY_FAILURE, 'network');
    }
  }

  async play(media: Media, opts: PlayOptions = {}): Promise<PlayStarted> {
    const idle = { playId: this.#endedPlays--, durationMs: media.durationMs };
    if (this.phase === 'ended' || this.released) return idle;
    if (!this.session || this.phase !== 'answered') throw new NetworkError('media', `leg ${this.leg} of ${this.sessionId} is not answered`);
    let audio;
    try {
      audio = await this.ctx.audio(media);
    } catch (err) {
      throw new NetworkError('media', `cannot play ${media.kind} '${media.name}': ${(err as Error).message}`);
    }
    if (this.phase !== 'answered' || this.released) return idle;
    return this.session.play(audio.pcm, { loop: opts.loop === true });
  }

  stopPlay(playId: number): void {
    if (!this.session || this.phase !== 'answered') return;
    this.#stopped.add(playId);
    this.session.stopPlay(playId);
  }

  async collect(opts: CollectOptions): Promise<void> {
    if (this.phase === 'ended' || this.released) return;
    if (!this.session || this.phase !== 'answered') throw new NetworkError('collect', `leg ${this.leg} of ${this.sessionId} is not answered`);
    this.#collection?.finish('timeout');
    const session = this.session;
    this.#collection = new Collection(opts, this.ctx.now, (s) => this.signal(s), () => session.interruptPlays());
  }

  release(): void {
    if (this.released || this.phase === 'ended') return;
    this.released = true;
    this.abandon(NORMAL_CLEARING);
    this.end();
  }

  /** The network closes: a ringing leg fails unreachable, an answered one is hung up by the network. */
  shutDown(): void {
    if (this.phase === 'ended') return;
    this.abandon(TEMPORARY_FAILURE);
    if (this.answered) this.hangup(TEMPORARY_FAILURE, 'network');
    else this.fail('unreachable');
  }

  /** Ends the call on the wire (CANCEL or BYE, with the cause), without a signal. */
  protected abstract abandon(q850: number): void;

  protected bye(q850: number, d = this.dialog): void {
    if (!d) return;
    this.ctx.pending(
      new Promise<void>((resolve) => {
        // A BYE that cannot be built or sent is logged, never a rejection nobody handles.
        try {
          const req = dialogRequest(d, 'BYE', { extra: [['reason', reasonHeader(q850)]] });
          this.ctx.core.request(req, dialogRemote(d), { onResponse: (r) => r.status >= 200 && resolve(), onTimeout: resolve });
        } catch (err) {
          this.ctx.log('bye_error', { callId: this.callId, error: (err as Error).message });
          resolve();
        }
      }),
    );
  }

  /** A request of this leg's dialog (To tag ours). */
  inDialog(req: SipRequest, tx: ServerTransaction): void {
    const core = this.ctx.core;
    switch (req.method) {
      case 'BYE':
        tx.respond(core.response(req, 200));
        if (this.phase === 'answered') this.hangup(reasonCause(req.headers) ?? NORMAL_CLEARING, 'far');
        return;
      case 'INVITE': {
        if (this.phase !== 'answered') return tx.respond(core.response(req, 491));
        const res = core.response(req, 200);
        res.headers.add('contact', this.dialog!.contact).add('allow', ALLOW).add('content-type', 'application/sdp');
        res.body = this.localSdp;
        core.respond2xx(tx, res, () => this.ctx.log('no_ack', { callId: this.callId }));
        return;
      }
      case 'OPTIONS':
        return tx.respond(this.optionsOk(req));
      case 'INFO': {
        const m = DTMF_INFO.exec(req.body.toString());
        tx.respond(core.response(req, 200));
        if (m) this.onMediaEvent({ type: 'dtmf', digit: m[1]!.toUpperCase() });
        return;
      }
      default: {
        const res = core.response(req, 405);
        res.headers.add('allow', ALLOW);
        tx.respond(res);
      }
    }
  }

  protected optionsOk(req: SipRequest): ReturnType<LegContext['core']['response']> {
    const res = this.ctx.core.response(req, 200);
    res.headers.add('allow', ALLOW).add('accept', 'application/sdp');
    return res;
  }

  protected end(): void {
    if (this.phase === 'ended') return;
    this.phase = 'ended';
    this.#collection?.cancel();
    this.#collection = undefined;
    this.session?.close();
    this.ctx.ended(this.callId);
  }

  protected fail(failure: LegFailure, at = this.ctx.now()): void {
    if (this.phase === 'ended') return;
    this.end();
    const row = FAILURE_TABLE[failure];
    this.signal({ type: 'failed', at, failure, q850: row.q850, sipStatus: row.sip });
  }

  protected hangup(q850: number, by: HangupBy): void {
    if (this.phase === 'ended') return;
    this.end();
    this.signal({ type: 'hangup', at: this.ctx.now(), q850, by });
  }
}
