// The transaction layer around the transport: requests we send get a Via and a client
// transaction, requests we receive are matched to server transactions (17.2.3: branch, sent-by,
// method; ACK to its INVITE, CANCEL answered here), responses to client transactions (17.1.3:
// branch and CSeq method). What belongs to no transaction goes to the transaction user (TU).

import { randomBytes } from 'node:crypto';
import { Headers, parseCSeq, parseVia, formatVia, type SipMessage, type SipRequest, type SipResponse } from './message.js';
import { ClientTransaction, ServerTransaction, type ClientHandlers, type SipTimers, type TxContext } from './transaction.js';
import { Transport, type Remote } from './transport.js';

export interface CoreOptions {
  listen: { address: string; port: number };
  /** The address written into Via and Contact (default: the listen address). */
  publicAddress?: string;
  tcp?: boolean;
  timers: SipTimers;
  log: (event: string, detail: Record<string, unknown>) => void;
  /** A new request (tx) or the ACK of a 2xx (no transaction: tx undefined). */
  onRequest(req: SipRequest, tx: ServerTransaction | undefined, from: Remote): void;
  /** A response no transaction waits for (a retransmitted 2xx to an INVITE). */
  onStrayResponse(res: SipResponse, from: Remote): void;
}

export const REASONS: Record<number, string> = {
  100: 'Trying', 180: 'Ringing', 183: 'Session Progress', 200: 'OK', 400: 'Bad Request', 401: 'Unauthorized',
  403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 407: 'Proxy Authentication Required',
  408: 'Request Timeout', 410: 'Gone', 415: 'Unsupported Media Type', 480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist', 484: 'Address Incomplete', 486: 'Busy Here', 487: 'Request Terminated',
  488: 'Not Acceptable Here', 500: 'Server Internal Error', 501: 'Not Implemented', 502: 'Bad Gateway',
  503: 'Service Unavailable', 504: 'Server Time-out', 600: 'Busy Everywhere', 603: 'Decline', 604: 'Does Not Exist Anywhere',
};

const MAGIC = 'z9hG4bK';
export const token = (bytes = 8): string => randomBytes(bytes).toString('hex');

interface Pending2xx {
  timer: ReturnType<typeof setTimeout> | undefined;
  giveUp: ReturnType<typeof setTimeout>;
}

const validPort = (p: number): boolean => Number.isInteger(p) && p >= 1 && p <= 65535;

export class SipCore {
  readonly transport: Transport;
  #clients = new Map<string, ClientTransaction>();
  #servers = new Map<string, ServerTransaction>();
  #pending2xx = new Map<string, Pending2xx>();
  #ctx: (m: Map<string, ClientTransaction> | Map<string, ServerTransaction>) => TxContext;

  constructor(private readonly opts: CoreOptions) {
    this.transport = new Transport({ ...opts.listen, tcp: opts.tcp ?? false, log: opts.log, onMessage: (m, f) => this.#receive(m, f) });
    this.#ctx = (m) => ({ timers: opts.timers, send: (msg, to, onError) => this.transport.send(msg, to, onError), done: (k) => m.delete(k) });
  }

  get timers(): SipTimers {
    return this.opts.timers;
  }

  /** host:port others reach us at. */
  get hostport(): string {
    return `${this.opts.publicAddress ?? this.opts.listen.address}:${this.transport.port}`;
  }

  start(): Promise<void> {
    return this.transport.start();
  }

  async stop(): Promise<void> {
    for (const tx of [...this.#clients.values()]) tx.terminate();
    for (const tx of [...this.#servers.values()]) tx.terminate();
    for (const k of [...this.#pending2xx.keys()]) this.#stop2xx(k);
    await this.transport.stop();
  }

  /** Sends a request in a new client transaction (a CANCEL keeps the Via, and so the branch, it was given). */
  request(req: SipRequest, to: Remote, handlers: ClientHandlers): ClientTransaction {
    if (req.method !== 'CANCEL' || req.headers.get('via') === undefined) {
      req.headers.remove('via').prepend('via', this.via(to));
    }
    const branch = parseVia(req.headers.get('via')!).params.branch ?? '';
    const key = `${branch}|${req.method}`;
    const tx = new ClientTransaction(key, req, to, this.#ctx(this.#clients), handlers);
    this.#clients.set(key, tx);
    tx.start();
    // The INVITE a CANCEL ends must not outlive a peer that never sends the 487 (9.1).
    if (req.method === 'CANCEL') this.#clients.get(`${branch}|INVITE`)?.cancelled();
    return tx;
  }

  /** Sends outside any transaction (the ACK of a 2xx, 13.2.2.4). */
  sendStateless(msg: SipMessage, to: Remote): void {
    if (msg.kind === 'request' && msg.headers.get('via') === undefined) msg.headers.prepend('via', this.via(to));
    this.transport.send(msg, to);
  }

  via(to: Remote): string {
    return `SIP/2.0/${to.transport.toUpperCase()} ${this.hostport};branch=${MAGIC}${token()};rport`;
  }

  /** A response to req (8.2.6): Via, From, To (with our tag when given), Call-ID, CSeq copied. */
  response(req: SipRequest, status: number, opts: { toTag?: string; reason?: string; recordRoute?: boolean } = {}): SipResponse {
    const h = new Headers();
    for (const v of req.headers.all('via')) h.add('via', v);
    if (opts.recordRoute) for (const r of req.headers.all('record-route')) h.add('record-route', r);
    h.add('from', req.headers.get('from')!);
    const to = req.headers.get('to')!;
    h.add('to', opts.toTag !== undefined && !/;\s*tag=/i.test(to) ? `${to};tag=${opts.toTag}` : to);
    h.add('call-id', req.headers.get('call-id')!);
    h.add('cseq', req.headers.get('cseq')!);
    return { kind: 'response', status, reason: opts.reason ?? REASONS[status] ?? 'Unknown', headers: h, body: Buffer.alloc(0) };
  }

  /** Sends a 2xx to an INVITE and repeats it (T1 doubling to T2) until its ACK, or 64*T1 (then onNoAck). */
  respond2xx(tx: ServerTransaction, res: SipResponse, onNoAck: () => void): void {
    tx.respond(res);
    const k = `${res.headers.get('call-id')}|${parseCSeq(res.headers.get('cseq')!).seq}`;
    this.#stop2xx(k);
    const { t1, t2 } = this.opts.timers;
    const entry: Pending2xx = {
      timer: undefined,
      giveUp: setTimeout(() => {
        this.#stop2xx(k);
        onNoAck();
      }, 64 * t1),
    };
    const again = (interval: number): void => {
      entry.timer = setTimeout(() => {
        this.transport.send(res, tx.remote);
        again(Math.min(interval * 2, t2));
      }, interval);
    };
    if (tx.remote.transport === 'udp') again(t1);
    this.#pending2xx.set(k, entry);
  }

  #stop2xx(k: string): void {
    const e = this.#pending2xx.get(k);
    if (!e) return;
    clearTimeout(e.timer);
    clearTimeout(e.giveUp);
    this.#pending2xx.delete(k);
  }

  #receive(msg: SipMessage, from: Remote): void {
    const via = parseVia(msg.headers.get('via')!);
    const cseq = parseCSeq(msg.headers.get('cseq')!);
    if (msg.kind === 'response') {
      const tx = this.#clients.get(`${via.params.branch ?? ''}|${cseq.method}`);
      if (tx) tx.receive(msg);
      else this.opts.onStrayResponse(msg, from);
      return;
    }
    this.#markReceived(msg, from);
    const id = via.params.branch?.startsWith(MAGIC)
      ? `${via.params.branch}|${via.host}:${via.port ?? ''}`
      : `${msg.headers.get('call-id')}|${cseq.seq}|${via.params.branch ?? ''}`;
    const method = msg.method === 'ACK' || msg.method === 'CANCEL' ? 'INVITE' : msg.method;
    const inviteTx = this.#servers.get(`${id}|${method}`);
    if (msg.method === 'ACK') {
      if (inviteTx && inviteTx.final && inviteTx.state !== 'terminated') return inviteTx.ack();
      this.#stop2xx(`${msg.headers.get('call-id')}|${cseq.seq}`);
      this.opts.onRequest(msg, undefined, from);
      return;
    }
    const existing = this.#servers.get(`${id}|${msg.method}`);
    if (existing) return existing.retransmitted();
    const reply = this.#replyTo(msg, from);
    // A Via port no socket can send to (0, above 65535) would leave the transaction unanswerable.
    if (!validPort(reply.port)) return this.transport.dropMalformed(`reply port ${reply.port} out of range`, from);
    const tx = new ServerTransaction(`${id}|${msg.method}`, msg, reply, this.#ctx(this.#servers));
    this.#servers.set(tx.key, tx);
    if (msg.method === 'CANCEL') {
      const live = inviteTx && !inviteTx.final;
      tx.respond(this.response(msg, live ? 200 : 481));
      if (live) inviteTx.onCancel?.();
      return;
    }
    if (msg.method === 'INVITE') tx.respond(this.response(msg, 100));
    this.opts.onRequest(msg, tx, from);
  }

  // 18.2.1: note where the request really came from, so the responses find their way back.
  #markReceived(req: SipRequest, from: Remote): void {
    const top = req.headers.get('via')!;
    const via = parseVia(top);
    if (via.host !== from.address) via.params.received = from.address;
    if ('rport' in via.params) via.params.rport = String(from.port);
    req.headers.replaceFirst('via', formatVia(via));
  }

  // 18.2.2: TCP answers on the connection; UDP to the source address, its port when rport asked.
  #replyTo(req: SipRequest, from: Remote): Remote {
    if (from.transport === 'tcp') return from;
    const via = parseVia(req.headers.get('via')!);
    const port = via.params.rport ? from.port : (via.port ?? 5060);
    return { transport: 'udp', address: from.address, port };
  }
}
