// An INVITE from the trunk (no To tag): offered to the network's inbound handler. accept answers
// with our SDP (a 2xx repeated until its ACK), reject refuses with the RFC 3398 status of the
// cause and a Reason header; no handler, or an offer we cannot answer, is refused here.

import type { MediaParams } from '../media/types.js';
import type { InboundHandler, InboundOffer, LegSignal } from '../types.js';
import { reasonHeader, statusForCause } from './causes.js';
import type { LegContext } from './context.js';
import { token } from './core.js';
import { uasDialog } from './dialog.js';
import { ALLOW, SipLeg, TEMPORARY_FAILURE } from './leg.js';
import type { SipRequest } from './message.js';
import { readNumber } from './numbers.js';
import { buildAnswer, negotiate, parseSdp } from './sdp.js';
import type { ServerTransaction } from './transaction.js';
import { parseNameAddr, parseSipUri } from './uri.js';

/** Q.850 21 (call rejected) with 480: what a call gets when nothing takes inbound calls. */
export const NO_HANDLER = { status: 480, q850: 21 };
/** Q.850 88 (incompatible destination) with 488: an offer without G.711 or without SDP. */
export const NO_COMMON_CODEC = { status: 488, q850: 88 };
/** Q.850 19 (no answer from user) with 480: the inbound handler decided nothing within 64*T1. */
export const UNDECIDED = { status: 480, q850: 19 };

function refuse(ctx: LegContext, req: SipRequest, tx: ServerTransaction, status: number, q850: number, toTag: string): void {
  const res = ctx.core.response(req, status, { toTag });
  res.headers.add('reason', reasonHeader(q850));
  tx.respond(res);
}

export function offerInbound(ctx: LegContext, req: SipRequest, tx: ServerTransaction, handler: InboundHandler | undefined, register: (leg: InboundLeg) => void): void {
  const toTag = token(6);
  const params = negotiate(parseSdp(req.body));
  const callId = req.headers.get('call-id')!;
  if (!params) {
    ctx.log('inbound_refused', { callId, reason: 'no usable SDP offer' });
    return refuse(ctx, req, tx, NO_COMMON_CODEC.status, NO_COMMON_CODEC.q850, toTag);
  }
  if (!handler) {
    ctx.log('inbound_refused', { callId, reason: 'no inbound handler' });
    return refuse(ctx, req, tx, NO_HANDLER.status, NO_HANDLER.q850, toTag);
  }
  let decided = false;
  /** The caller is gone or was answered otherwise (CANCEL, a refusal, timer C): no 200 may follow. */
  let settled = false;
  let leg: InboundLeg | undefined;
  // A handler that neither accepts nor rejects: the caller hears 480 at 64*T1 (32 s), not silence.
  const deadline = setTimeout(() => {
    if (decided) return;
    ctx.log('inbound_undecided', { callId });
    offer.reject(UNDECIDED.q850);
  }, 64 * ctx.core.timers.t1);
  deadline.unref();
  const decide = (): void => {
    decided = true;
    clearTimeout(deadline);
  };
  // Until our final is sent a CANCEL gets its 487 (9.2), even after accept(): the 200 is not out yet.
  tx.onCancel = () => {
    decide();
    settled = true;
    if (!tx.final) tx.respond(ctx.core.response(req, 487, { toTag }));
    leg?.farCancel();
  };
  tx.onExpired = () => {
    decide();
    settled = true;
    ctx.log('inbound_expired', { callId });
    leg?.expired();
  };
  const user = (v: string): string => parseNameAddr(v).uri.user ?? '';
  const offer: InboundOffer = {
    sessionId: `sip-${callId}`,
    from: readNumber(user(req.headers.get('from')!), ctx.numberFormat),
    to: readNumber(parseSipUri(req.uri).user ?? user(req.headers.get('to')!), ctx.numberFormat),
    at: ctx.now(),
    // callId: the platform's call; the leg joins it under that id, so its media opens next to the
    // call's other leg (a forward's bridge and recording need both in one RTP worker).
    accept: (onSignal, callId) => {
      if (leg) return leg;
      decide();
      leg = new InboundLeg(ctx, req, tx, params, toTag, { sessionId: callId ?? offer.sessionId, number: offer.from }, onSignal);
      register(leg);
      // Accepted after the caller left (a CANCEL while the route was decided) or after the offer was
      // refused here (undecided at 64*T1, timer C): the leg ends at once, no 200 goes out.
      if (settled) leg.gone();
      else leg.begin();
      return leg;
    },
    reject: (q850) => {
      if (decided) return;
      decide();
      settled = true;
      refuse(ctx, req, tx, statusForCause(q850), q850, toTag);
    },
  };
  try {
    handler(offer);
  } catch (err) {
    ctx.log('inbound_handler_error', { callId, error: (err as Error).message });
    offer.reject(TEMPORARY_FAILURE);
  }
}

export class InboundLeg extends SipLeg {
  #cancelled = false;

  constructor(
    ctx: LegContext,
    private readonly invite: SipRequest,
    private readonly tx: ServerTransaction,
    private readonly params: MediaParams,
    private readonly toTag: string,
    who: { sessionId: string; number: string },
    onSignal: (s: LegSignal) => void,
  ) {
    super(ctx, { ...who, leg: 'A' }, onSignal);
  }

  get callId(): string {
    return this.invite.headers.get('call-id')!;
  }

  begin(): void {
    this.#answer().catch((err: unknown) => {
      this.ctx.log('inbound_error', { callId: this.callId, error: (err as Error).message });
      refuse(this.ctx, this.invite, this.tx, 500, TEMPORARY_FAILURE, this.toTag);
      this.fail('unreachable');
    });
  }

  async #answer(): Promise<void> {
    const port = await this.openMedia(() => this.#cancelled);
    if (port === undefined) return;
    const ctx = this.ctx;
    const transport = this.tx.remote.transport;
    this.dialog = uasDialog(this.invite, this.toTag, transport, ctx.contact(transport));
    this.localSdp = buildAnswer({ address: ctx.mediaAddress, port, sessionId: String(Date.now()), params: this.params });
    const res = ctx.core.response(this.invite, 200, { toTag: this.toTag, recordRoute: true });
    res.headers.add('contact', this.dialog.contact).add('allow', ALLOW).add('content-type', 'application/sdp');
    res.body = this.localSdp;
    ctx.core.respond2xx(this.tx, res, () => {
      ctx.log('no_ack', { callId: this.callId });
      this.bye(TEMPORARY_FAILURE);
      this.hangup(TEMPORARY_FAILURE, 'network');
    });
    this.connectMedia({ ...this.params, signalling: this.tx.remote.address });
    this.phase = 'answered';
    this.signal({ type: 'answer', at: ctx.now() });
  }

  /**
   * Accepted once the offer was over: the leg fails as unanswered (no_answer, what a 487 means,
   * docs/sip.md), never synchronously. A hangup would read as a call answered and then cleared.
   */
  gone(): void {
    this.#cancelled = true;
    queueMicrotask(() => this.fail('no_answer'));
  }

  /** The caller gave up before our 2xx went out: unanswered, as gone(). */
  farCancel(): void {
    this.#cancelled = true;
    if (this.phase === 'dialing') this.fail('no_answer');
  }

  /** Our final never went out before timer C (the transaction answered 500): the call failed. */
  expired(): void {
    this.#cancelled = true;
    if (this.phase === 'dialing') this.fail('unreachable');
  }

  protected abandon(q850: number): void {
    if (this.phase === 'answered') return this.bye(q850);
    this.#cancelled = true;
    if (!this.tx.final) refuse(this.ctx, this.invite, this.tx, statusForCause(q850), q850, this.toTag);
  }
}
