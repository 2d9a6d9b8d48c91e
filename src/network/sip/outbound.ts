// A leg we dial: INVITE with our SDP offer to the trunk, provisional responses as alerting and
// progress, the 2xx ACKed (again for each retransmission) and its SDP answer connected, one
// digest retry per challenge, CANCEL at the ring timeout or on release before the answer, and
// each failure final mapped to a LegFailure (causes.ts).

import type { DialRequest, LegSignal } from '../types.js';
import type { MediaParams } from '../media/types.js';
import { failureFor, reasonHeader } from './causes.js';
import type { LegContext } from './context.js';
import { token } from './core.js';
import { dialogRemote, dialogRequest, uacDialog, uriRemote } from './dialog.js';
import { authorization, parseChallenge, realmAllowed, supported } from './digest.js';
import { SipLeg, ALLOW, NORMAL_CLEARING } from './leg.js';
import { Headers, parseCSeq, type SipRequest, type SipResponse } from './message.js';
import { formatNumber } from './numbers.js';
import { buildOffer, negotiate, parseSdp } from './sdp.js';
import type { ClientTransaction } from './transaction.js';
import type { Remote } from './transport.js';
import { formatUri } from './uri.js';

/** Q.850 88 (incompatible destination): the BYE of a 2xx without a usable SDP answer. */
const INCOMPATIBLE = 88;
/** Q.850 19 (no answer): the cause our CANCEL carries at the ring timeout. */
const FAILURE_NO_ANSWER = 19;
/** Q.850 111 (protocol error): the BYE of a 2xx we cannot make a dialog of. */
const PROTOCOL_ERROR = 111;

export class OutboundLeg extends SipLeg {
  readonly #callId = `${token(12)}@voxcall`;
  #invite: SipRequest | undefined;
  #tx: ClientTransaction | undefined;
  #remote: Remote | undefined;
  #provisional = false;
  #cancelPending = false;
  #cancelled = false;
  #authTried = false;
  #ack: SipRequest | undefined;
  #ackRemote: Remote | undefined;
  /** The To of a 2xx we could not make a dialog of (#unusable2xx). */
  #ackTo: string | undefined;
  #early: MediaParams | undefined;
  #ringTimer: ReturnType<typeof setTimeout> | undefined;
  #settle: (() => void) | undefined;
  #cancelReason = NORMAL_CLEARING;

  constructor(ctx: LegContext, private readonly req: DialRequest, onSignal: (s: LegSignal) => void) {
    super(ctx, { sessionId: req.sessionId, leg: req.leg, number: req.to }, onSignal);
  }

  get callId(): string {
    return this.#callId;
  }

  /** A leg the network cannot place: it fails on a later turn, never inside dial. */
  failSoon(): void {
    setImmediate(() => this.fail('unreachable'));
  }

  begin(): void {
    // The ring timeout ends the ringing at its deadline: a timer that fires late on a busy event
    // loop does not make the ringing (and the CDR built from it) longer than the platform allowed.
    const deadline = this.ctx.now() + this.req.ringTimeoutMs;
    this.#ringTimer = setTimeout(() => {
      if (this.phase !== 'dialing') return;
      this.fail('no_answer', Math.min(this.ctx.now(), deadline));
      this.abandon(FAILURE_NO_ANSWER);
    }, this.req.ringTimeoutMs);
    this.#place().catch((err: unknown) => {
      this.ctx.log('dial_error', { callId: this.#callId, error: (err as Error).message });
      this.fail('unreachable');
    });
  }

  async #place(): Promise<void> {
    const port = await this.openMedia(() => this.#cancelled);
    if (port === undefined) return;
    const ctx = this.ctx;
    const trunk = ctx.route(this.req.to);
    this.#remote = uriRemote(trunk);
    const transportParam: Record<string, string | null> = trunk.params.transport !== undefined ? { transport: trunk.params.transport } : {};
    const target = formatUri({ scheme: 'sip', user: formatNumber(this.req.to, ctx.numberFormat), host: trunk.host, ...(trunk.port ? { port: trunk.port } : {}), params: transportParam });
    this.localSdp = buildOffer({ address: ctx.mediaAddress, port, sessionId: String(Date.now()) });
    const h = new Headers()
      .add('max-forwards', '70')
      .add('from', `<sip:${formatNumber(this.req.from, ctx.numberFormat)}@${ctx.mediaAddress}>;tag=${token(6)}`)
      .add('to', `<${target}>`)
      .add('call-id', this.#callId)
      .add('cseq', '1 INVITE')
      .add('contact', ctx.contact(this.#remote.transport))
      .add('allow', ALLOW)
      .add('user-agent', 'voxcall')
      .add('content-type', 'application/sdp');
    this.#send({ kind: 'request', method: 'INVITE', uri: target, headers: h, body: this.localSdp });
  }

  #send(invite: SipRequest): void {
    this.#invite = invite;
    this.#provisional = false;
    if (!this.#settle) this.ctx.pending(new Promise<void>((r) => (this.#settle = r)));
    this.#tx = this.ctx.core.request(invite, this.#remote!, { onResponse: (r) => this.#response(r), onTimeout: () => this.#timeout() });
  }

  #settled(): void {
    this.#settle?.();
  }

  #response(res: SipResponse): void {
    if (res.status === 100) return;
    if (res.status < 200) {
      this.#provisional = true;
      if (this.#cancelPending) return this.#sendCancel();
      if (this.phase !== 'dialing' || this.#cancelled) return;
      if (res.status === 183) {
        const params = negotiate(parseSdp(res.body));
        this.signal({ type: 'progress', at: this.ctx.now(), earlyMedia: params !== undefined });
        if (params) {
          this.#early = params;
          this.connectMedia({ ...params, signalling: this.#remote!.address });
        }
      }
      this.alerting();
      return;
    }
    if (res.status < 300) return this.#ok(res);
    this.#settled();
    if ((res.status === 401 || res.status === 407) && this.#retryWithCredentials(res)) return;
    this.#clearRing();
    if (this.phase === 'dialing' && !this.#cancelled) this.fail(failureFor(res.status, res.headers));
  }

  #ok(res: SipResponse): void {
    const invite = this.#invite!;
    if (this.dialog || this.#ack) return this.#otherFork(res);
    let dialog;
    try {
      dialog = uacDialog(invite, res, this.#remote!.transport, this.ctx.contact(this.#remote!.transport));
    } catch (err) {
      return this.#unusable2xx(res, err as Error);
    }
    this.dialog = dialog;
    this.#ack = dialogRequest(dialog, 'ACK', { seq: parseCSeq(invite.headers.get('cseq')!).seq });
    this.#ackRemote = dialogRemote(dialog);
    this.ctx.core.sendStateless(this.#ack, this.#ackRemote);
    this.#settled();
    this.#clearRing();
    if (this.phase !== 'dialing' || this.#cancelled) {
      // Answered after we gave up on it (released, ring timeout, close): end it at once.
      this.bye(NORMAL_CLEARING);
      return;
    }
    const params = negotiate(parseSdp(res.body)) ?? this.#early;
    if (!params) {
      this.ctx.log('no_sdp_answer', { callId: this.#callId });
      this.bye(INCOMPATIBLE);
      this.fail('unreachable');
      return;
    }
    this.connectMedia({ ...params, signalling: this.#remote!.address });
    this.phase = 'answered';
    this.alerting();
    this.signal({ type: 'answer', at: this.ctx.now() });
  }

  /** A 2xx that no transaction waits for: our dialog's again (our ACK was lost), or another fork's. */
  retransmitted2xx(res: SipResponse): void {
    if (!this.#invite || !this.#ack || !this.#ackRemote) return;
    const tag = this.dialog ? this.dialog.remoteTag : this.#tagOf(this.#ackTo ?? '');
    if (this.#tagOf(res.headers.get('to')!) !== tag) return this.#otherFork(res);
    this.ctx.core.sendStateless(this.#ack, this.#ackRemote);
  }

  #tagOf(to: string): string {
    return /;\s*tag=([^;\s]+)/i.exec(to)?.[1] ?? '';
  }

  // A 2xx from a second fork of the INVITE: ACK it and end that dialog at once (13.2.2.4).
  #otherFork(res: SipResponse): void {
    const invite = this.#invite!;
    let fork;
    try {
      fork = uacDialog(invite, res, this.#remote!.transport, this.ctx.contact(this.#remote!.transport));
    } catch (err) {
      return this.#unusable2xx(res, err as Error);
    }
    this.ctx.log('forked_2xx', { callId: this.#callId, tag: fork.remoteTag });
    this.ctx.core.sendStateless(dialogRequest(fork, 'ACK', { seq: parseCSeq(invite.headers.get('cseq')!).seq }), dialogRemote(fork));
    this.bye(NORMAL_CLEARING, fork);
  }

  // A 2xx whose To, Contact or Record-Route cannot be read makes no dialog we could address. The
  // callee has picked up, so it is ACKed and hung up through the trunk the INVITE went to (its
  // headers echoed as they came), and the leg fails at once rather than at the ring timeout.
  #unusable2xx(res: SipResponse, err: Error): void {
    const invite = this.#invite!;
    const remote = this.#remote!;
    const to = res.headers.get('to')!;
    const seq = parseCSeq(invite.headers.get('cseq')!).seq;
    this.ctx.log('unusable_2xx', { callId: this.#callId, error: err.message });
    const request = (method: string, cseq: number, extra: [string, string][]): SipRequest => {
      const h = new Headers().add('max-forwards', '70').add('from', invite.headers.get('from')!).add('to', to);
      h.add('call-id', this.#callId).add('cseq', `${cseq} ${method}`);
      for (const [k, v] of extra) h.add(k, v);
      return { kind: 'request', method, uri: invite.uri, headers: h, body: Buffer.alloc(0) };
    };
    const ack = request('ACK', seq, []);
    this.ctx.core.sendStateless(ack, remote);
    const bye = request('BYE', seq + 1, [['reason', reasonHeader(PROTOCOL_ERROR)]]);
    this.ctx.pending(new Promise<void>((resolve) => this.ctx.core.request(bye, remote, { onResponse: (r) => r.status >= 200 && resolve(), onTimeout: resolve })));
    if (this.#ack) return;
    // Its retransmissions are ACKed again (retransmitted2xx) until our BYE ends them.
    this.#ack = ack;
    this.#ackRemote = remote;
    this.#ackTo = to;
    this.#settled();
    this.#clearRing();
    if (this.phase === 'dialing' && !this.#cancelled) this.fail('unreachable');
  }

  #retryWithCredentials(res: SipResponse): boolean {
    const creds = this.ctx.credentials;
    const proxy = res.status === 407;
    const value = res.headers.get(proxy ? 'proxy-authenticate' : 'www-authenticate');
    if (!creds || this.#authTried || value === undefined || this.#cancelled || this.phase !== 'dialing') return false;
    let challenge;
    try {
      challenge = parseChallenge(value);
    } catch {
      return false;
    }
    if (!supported(challenge)) return false;
    if (!realmAllowed(creds, challenge.realm, (realm) => this.ctx.log('realm_pinned', { realm }))) {
      this.ctx.log('realm_refused', { callId: this.#callId, realm: challenge.realm, answered: creds.realm });
      return false;
    }
    this.#authTried = true;
    const old = this.#invite!;
    const h = old.headers.clone().remove('via').remove('authorization').remove('proxy-authorization');
    h.set('cseq', `${parseCSeq(old.headers.get('cseq')!).seq + 1} INVITE`);
    h.add(proxy ? 'proxy-authorization' : 'authorization', authorization(challenge, creds, 'INVITE', old.uri));
    this.#settle = undefined;
    this.#send({ ...old, headers: h });
    return true;
  }

  #timeout(): void {
    this.#settled();
    this.#clearRing();
    this.ctx.log('timeout', { callId: this.#callId, method: 'INVITE' });
    if (this.phase === 'dialing' && !this.#cancelled) this.fail('unreachable');
  }

  #clearRing(): void {
    clearTimeout(this.#ringTimer);
  }

  protected override end(): void {
    this.#clearRing();
    super.end();
  }

  protected abandon(q850: number): void {
    this.#clearRing();
    if (this.phase === 'answered') return this.bye(q850);
    if (this.#cancelled) return;
    this.#cancelled = true;
    this.#cancelReason = q850;
    const tx = this.#tx;
    if (!tx || tx.state === 'completed' || tx.state === 'terminated') return;
    // A CANCEL may only follow a provisional response (9.1); until one comes it waits.
    if (this.#provisional) this.#sendCancel();
    else {
      this.#cancelPending = true;
      // Nothing can be sent for this INVITE until it rings: close() has nothing to wait for.
      this.#settled();
    }
  }

  #sendCancel(): void {
    this.#cancelPending = false;
    const inv = this.#invite!;
    const h = new Headers().add('via', inv.headers.get('via')!);
    for (const r of inv.headers.all('route')) h.add('route', r);
    h.add('max-forwards', '70').add('from', inv.headers.get('from')!).add('to', inv.headers.get('to')!);
    h.add('call-id', this.#callId).add('cseq', `${parseCSeq(inv.headers.get('cseq')!).seq} CANCEL`);
    h.add('reason', reasonHeader(this.#cancelReason));
    const cancel: SipRequest = { kind: 'request', method: 'CANCEL', uri: inv.uri, headers: h, body: Buffer.alloc(0) };
    this.ctx.core.request(cancel, this.#remote!, { onResponse: () => undefined, onTimeout: () => this.#settled() });
  }
}
