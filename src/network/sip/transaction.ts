// The four transaction state machines of RFC 3261 17: INVITE client (timers A, B, D), non-INVITE
// client (E, F, K), INVITE server (G, H, I) and non-INVITE server (J). Retransmission timers run
// on UDP only; on TCP the waiting timers are 0 (17.1.1.2). T1/T2/T4 are injected so tests can run
// timer B (64*T1) in seconds.

import { randomBytes } from 'node:crypto';
import { Headers, type SipRequest, type SipResponse } from './message.js';
import type { Remote } from './transport.js';

export interface SipTimers {
  /** RTT estimate (500 ms). */
  t1: number;
  /** Longest retransmit interval for non-INVITE requests and INVITE responses (4 s). */
  t2: number;
  /** Longest time a message stays in the network (5 s). */
  t4: number;
}

export const DEFAULT_TIMERS: SipTimers = { t1: 500, t2: 4000, t4: 5000 };

export interface TxContext {
  timers: SipTimers;
  /** onError: the transport could not send it (refused connection, bad address). */
  send(msg: SipRequest | SipResponse, to: Remote, onError?: (err: Error) => void): void;
  /** The transaction is over: forget it. */
  done(key: string): void;
}

class Timers {
  #set = new Set<ReturnType<typeof setTimeout>>();
  after(ms: number, fn: () => void): void {
    const h = setTimeout(() => {
      this.#set.delete(h);
      fn();
    }, ms);
    this.#set.add(h);
  }
  clear(): void {
    for (const h of this.#set) clearTimeout(h);
    this.#set.clear();
  }
}

export interface ClientHandlers {
  onResponse(res: SipResponse): void;
  /** Timer B or F: no final response came. */
  onTimeout(): void;
}

type ClientState = 'calling' | 'proceeding' | 'completed' | 'terminated';

export class ClientTransaction {
  #state: ClientState = 'calling';
  #timers = new Timers();
  #ack: SipRequest | undefined;
  readonly invite: boolean;

  constructor(
    readonly key: string,
    readonly request: SipRequest,
    readonly remote: Remote,
    private readonly ctx: TxContext,
    private readonly handlers: ClientHandlers,
  ) {
    this.invite = request.method === 'INVITE';
  }

  get state(): ClientState {
    return this.#state;
  }

  start(): void {
    const { t1, t2 } = this.ctx.timers;
    this.#send();
    if (this.remote.transport === 'udp') this.#retransmit(t1, this.invite ? Infinity : t2);
    // Timer B (INVITE) or F: 64*T1 without a final response.
    this.#timers.after(64 * t1, () => {
      if (this.#state === 'calling' || (!this.invite && this.#state === 'proceeding')) {
        this.terminate();
        this.handlers.onTimeout();
      }
    });
  }

  // Timer A doubles without a cap; timer E doubles up to T2, and stays at T2 once proceeding.
  #retransmit(interval: number, cap: number): void {
    this.#timers.after(interval, () => {
      const again = this.#state === 'calling' || (!this.invite && this.#state === 'proceeding');
      if (!again) return;
      this.#send();
      const next = this.#state === 'proceeding' ? this.ctx.timers.t2 : Math.min(interval * 2, cap);
      this.#retransmit(next, cap);
    });
  }

  #send(): void {
    this.ctx.send(this.request, this.remote, (err) => this.#transportError(err));
  }

  // 17.1.4 / 8.1.3.1: a transport error is a 503 from the transaction's point of view, at once.
  #transportError(err: Error): void {
    if (this.#state !== 'calling' && this.#state !== 'proceeding') return;
    this.terminate();
    const res = localResponse(this.request, 503, 'Service Unavailable');
    res.headers.add('warning', `399 voxcall "transport error: ${err.message.replace(/["\\]/g, '')}"`);
    this.handlers.onResponse(res);
  }

  /**
   * A CANCEL was sent for this INVITE. If no final answers it, the transaction ends 64*T1 later
   * (9.1) with onTimeout, whichever state it is in; timer B alone covers only 'calling'.
   */
  cancelled(): void {
    if (!this.invite || (this.#state !== 'calling' && this.#state !== 'proceeding')) return;
    this.#timers.after(64 * this.ctx.timers.t1, () => {
      if (this.#state !== 'calling' && this.#state !== 'proceeding') return;
      this.terminate();
      this.handlers.onTimeout();
    });
  }

  receive(res: SipResponse): void {
    if (this.#state === 'terminated') return;
    if (res.status < 200) {
      if (this.#state === 'completed') return;
      this.#state = 'proceeding';
      this.handlers.onResponse(res);
      return;
    }
    if (this.invite && res.status < 300) {
      // A 2xx ends the INVITE transaction: the dialog ACKs it, and its retransmissions too.
      this.terminate();
      this.handlers.onResponse(res);
      return;
    }
    if (this.#state === 'completed') {
      if (this.#ack) this.ctx.send(this.#ack, this.remote);
      return;
    }
    this.#state = 'completed';
    if (this.invite) {
      this.#ack = ackForFailure(this.request, res);
      this.ctx.send(this.#ack, this.remote);
    }
    this.handlers.onResponse(res);
    // Timer D (32 s) absorbs retransmitted finals; timer K (T4) the same for non-INVITE.
    const wait = this.remote.transport === 'udp' ? (this.invite ? Math.max(32_000, 64 * this.ctx.timers.t1) : this.ctx.timers.t4) : 0;
    this.#timers.clear();
    this.#timers.after(wait, () => this.terminate());
  }

  /** Ends the transaction: its timers stop and the core forgets it (also when the core shuts down). */
  terminate(): void {
    if (this.#state === 'terminated') return;
    this.#state = 'terminated';
    this.#timers.clear();
    this.ctx.done(this.key);
  }
}

/** The ACK of a non-2xx final (17.1.1.3): same branch, Request-URI, Call-ID, From, Route; To with the tag. */
function ackForFailure(req: SipRequest, res: SipResponse): SipRequest {
  const h = new Headers();
  h.add('via', req.headers.get('via')!);
  for (const r of req.headers.all('route')) h.add('route', r);
  h.add('max-forwards', '70');
  h.add('from', req.headers.get('from')!);
  h.add('to', res.headers.get('to')!);
  h.add('call-id', req.headers.get('call-id')!);
  h.add('cseq', `${req.headers.get('cseq')!.split(/\s+/)[0]} ACK`);
  return { kind: 'request', method: 'ACK', uri: req.uri, headers: h, body: Buffer.alloc(0) };
}

/** A response made here, not received (a transport error): the request's dialog headers copied. */
function localResponse(req: SipRequest, status: number, reason: string): SipResponse {
  const h = new Headers();
  for (const name of ['via', 'from', 'to', 'call-id', 'cseq']) h.add(name, req.headers.get(name)!);
  return { kind: 'response', status, reason, headers: h, body: Buffer.alloc(0) };
}

/** Timer C in T1 units: 180 s with the default T1 of 500 ms. */
export const TIMER_C_T1 = 360;

type ServerState = 'trying' | 'proceeding' | 'completed' | 'confirmed' | 'terminated';

export class ServerTransaction {
  #state: ServerState = 'trying';
  #timers = new Timers();
  #last: SipResponse | undefined;
  /** Set by the TU: a CANCEL for this INVITE arrived (the core has answered the CANCEL). */
  onCancel: (() => void) | undefined;
  /** Set by the TU: timer C fired, the INVITE was refused with a 500 here (the TU never gave a final). */
  onExpired: (() => void) | undefined;
  readonly invite: boolean;

  constructor(
    readonly key: string,
    readonly request: SipRequest,
    readonly remote: Remote,
    private readonly ctx: TxContext,
  ) {
    this.invite = request.method === 'INVITE';
    // Like a proxy's timer C (16.6, > 3 min): a TU that never answers must not hold this forever.
    if (this.invite) this.#timers.after(TIMER_C_T1 * ctx.timers.t1, () => this.#expire());
  }

  #expire(): void {
    if (this.final || this.#state === 'terminated') return;
    const res = localResponse(this.request, 500, 'Server Internal Error');
    const to = res.headers.get('to')!;
    if (!/;\s*tag=/i.test(to)) res.headers.set('to', `${to};tag=${randomBytes(6).toString('hex')}`);
    this.respond(res);
    this.onExpired?.();
  }

  get state(): ServerState {
    return this.#state;
  }

  /** Whether a final response has been sent. */
  get final(): boolean {
    return this.#last !== undefined && this.#last.status >= 200;
  }

  respond(res: SipResponse): void {
    if (this.final || this.#state === 'terminated') return;
    this.#last = res;
    this.ctx.send(res, this.remote);
    if (res.status < 200) {
      this.#state = 'proceeding';
      return;
    }
    const { t1, t2 } = this.ctx.timers;
    const udp = this.remote.transport === 'udp';
    this.#timers.clear(); // timer C
    if (this.invite && res.status < 300) {
      // The 2xx is the TU's to retransmit until the ACK (13.3.1.4): this transaction ends.
      this.terminate();
      return;
    }
    this.#state = 'completed';
    if (!this.invite) {
      this.#timers.after(udp ? 64 * t1 : 0, () => this.terminate()); // timer J
      return;
    }
    const g = (interval: number): void =>
      this.#timers.after(interval, () => {
        if (this.#state !== 'completed') return;
        this.ctx.send(res, this.remote);
        g(Math.min(interval * 2, t2));
      });
    if (udp) g(t1); // timer G
    this.#timers.after(64 * t1, () => this.terminate()); // timer H: the ACK never came
  }

  /** The same request again (a retransmission): repeat the last response. */
  retransmitted(): void {
    if (this.#last) this.ctx.send(this.#last, this.remote);
  }

  /** The ACK of our non-2xx final. */
  ack(): void {
    if (this.#state !== 'completed') return;
    this.#state = 'confirmed';
    this.#timers.clear();
    this.#timers.after(this.remote.transport === 'udp' ? this.ctx.timers.t4 : 0, () => this.terminate()); // timer I
  }

  /** Ends the transaction: its timers stop and the core forgets it (also when the core shuts down). */
  terminate(): void {
    if (this.#state === 'terminated') return;
    this.#state = 'terminated';
    this.#timers.clear();
    this.ctx.done(this.key);
  }
}
