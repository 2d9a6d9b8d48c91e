// The SIP network: the Network interface (src/network/types.ts) on a SIP trunk, with media from a
// MediaEngine. start() binds and pings the trunk with OPTIONS; dial() places an OutboundLeg;
// requests from the trunk go to their leg's dialog, to the inbound handler, or are answered here.

import { PCM_RATE, type MediaEngine, type Pcm } from '../media/types.js';
import type { DialRequest, InboundHandler, LegSignal, Network, NetworkHealth, NetworkLeg, Recorder, RecordOptions } from '../types.js';
import { NetworkError } from '../types.js';
import type { AudioSource, LegContext, SipLog } from './context.js';
import { SipCore, token } from './core.js';
import type { Credentials } from './digest.js';
import { SipParseError } from './errors.js';
import { offerInbound } from './inbound.js';
import { TrustedSources } from './sources.js';
import { ALLOW, SipLeg } from './leg.js';
import { Headers, type SipRequest, type SipResponse } from './message.js';
import type { NumberFormat } from './numbers.js';
import { OutboundLeg } from './outbound.js';
import { DEFAULT_TIMERS, type ServerTransaction, type SipTimers } from './transaction.js';
import type { Remote, TransportName } from './transport.js';
import { formatUri, parseSipUri, type SipUri } from './uri.js';
import { uasDialog, uriRemote } from './dialog.js';

export interface SipNetworkOptions {
  listen: { address: string; port: number };
  /** The address written into Via, Contact and SDP when it differs from the listen address. */
  publicAddress?: string;
  /** The trunk or outbound proxy, e.g. 'sip:127.0.0.1:5070;transport=udp'. */
  trunk: string;
  username?: string;
  password?: string;
  /** The digest realm answered; unset, the first realm the trunk challenges with is pinned. */
  realm?: string;
  numberFormat: NumberFormat;
  media: MediaEngine;
  audio: AudioSource;
  timers?: Partial<SipTimers>;
  /** Listen on TCP too (default true). */
  tcp?: boolean;
  /** How long start() waits for the trunk's answer to OPTIONS before reporting degraded (5 s). */
  pingTimeoutMs?: number;
  /** How often the trunk is pinged with OPTIONS after start (30 s): health follows its answers. */
  pingIntervalMs?: number;
  now?: () => number;
  log?: SipLog;
  /** close() also closes the media engine (the platform's network owns its engine; tests may share one). */
  ownsMedia?: boolean;
  /** Internal (tests): the trunk URI for a number, so numbers can go to different far ends. */
  route?: (number: string) => string;
}

/** The record hint tone: 1 kHz, as the simulated network writes it (simulated/wav.ts). */
export function hintTone(ms: number): Pcm {
  const pcm = new Int16Array(Math.round((ms * PCM_RATE) / 1000));
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(Math.sin((2 * Math.PI * 1000 * i) / PCM_RATE) * 8000);
  return pcm;
}

type State = 'new' | 'starting' | 'up' | 'degraded' | 'closed';

export interface SipNetworkStats {
  malformed: number;
  options: number;
  unknownDialog: number;
  /** INVITEs from an address that is not the trunk's (nor a routed host's): dropped unanswered. */
  foreign: number;
}

export class SipNetwork implements Network {
  readonly #core: SipCore;
  readonly #ctx: LegContext;
  readonly #opts: SipNetworkOptions;
  readonly #trunk: SipUri;
  /** Legs by Call-ID; ended ones linger 64*T1 so late retransmissions still find them. */
  readonly #calls = new Map<string, SipLeg>();
  readonly #open = new Set<string>();
  readonly #pending = new Set<Promise<void>>();
  readonly #stats = { options: 0, unknownDialog: 0, foreign: 0 };
  readonly #sources: TrustedSources;
  #state: State = 'new';
  #detail: string | undefined;
  #inbound: InboundHandler | undefined;
  #pinger: ReturnType<typeof setInterval> | undefined;
  #pinging = false;

  constructor(opts: SipNetworkOptions) {
    this.#opts = opts;
    this.#trunk = parseSipUri(opts.trunk);
    if (opts.publicAddress === undefined && /^(0\.0\.0\.0|::)$/.test(opts.listen.address)) {
      // Via, Contact and SDP need an address the far end can reach; a wildcard is none.
      throw new Error(`SIP publicAddress is required when listening on ${opts.listen.address}`);
    }
    const timers = { ...DEFAULT_TIMERS, ...opts.timers };
    const log: SipLog = opts.log ?? (() => undefined);
    this.#sources = new TrustedSources((host, error) => log('trunk_unresolved', { host, error }));
    this.#core = new SipCore({
      listen: opts.listen,
      ...(opts.publicAddress !== undefined ? { publicAddress: opts.publicAddress } : {}),
      tcp: opts.tcp ?? true,
      timers,
      log,
      onRequest: (req, tx, from) => this.#request(req, tx, from),
      onStrayResponse: (res) => this.#stray(res),
    });
    const credentials: Credentials | undefined = opts.username !== undefined ? { username: opts.username, password: opts.password ?? '', ...(opts.realm !== undefined ? { realm: opts.realm } : {}) } : undefined;
    const mediaAddress = opts.publicAddress ?? opts.listen.address;
    this.#ctx = {
      core: this.#core,
      media: opts.media,
      audio: opts.audio,
      now: opts.now ?? Date.now,
      log,
      mediaAddress,
      credentials,
      numberFormat: opts.numberFormat,
      contact: (t: TransportName) => `<sip:voxcall@${this.#core.hostport}${t === 'tcp' ? ';transport=tcp' : ''}>`,
      route: (n) => {
        const uri = opts.route ? parseSipUri(opts.route(n)) : this.#trunk;
        // A host calls are routed to may call in too.
        void this.#sources.add(uri.host);
        return uri;
      },
      pending: (p) => {
        this.#pending.add(p);
        void p.finally(() => this.#pending.delete(p));
      },
      mediaNear: (sessionId) => {
        for (const id of this.#open) {
          const other = this.#calls.get(id);
          if (other?.sessionId === sessionId && other.mediaSession) return { near: other.mediaSession };
        }
        return undefined;
      },
      ended: (callId) => {
        this.#open.delete(callId);
        setTimeout(() => this.#calls.delete(callId), 64 * timers.t1).unref();
      },
    };
  }

  /** The bound SIP port (after start). */
  get port(): number {
    return this.#core.transport.port;
  }

  get stats(): SipNetworkStats {
    return { malformed: this.#core.transport.stats.malformed, ...this.#stats };
  }

  async start(): Promise<void> {
    if (this.#state === 'closed') throw new NetworkError('closed', 'the network was closed');
    if (this.#state !== 'new') return;
    this.#state = 'starting';
    try {
      await this.#core.start();
    } catch (err) {
      this.#state = 'new';
      throw err;
    }
    await this.#sources.add(this.#trunk.host);
    const answered = await this.#ping(this.#opts.pingTimeoutMs ?? 5000);
    if (this.#state !== 'starting') return;
    this.#health(answered);
    this.#pinger = setInterval(() => void this.#reping(), this.#opts.pingIntervalMs ?? 30_000);
    // Health is no reason to keep the process alive.
    this.#pinger.unref();
  }

  #health(answered: boolean): void {
    this.#state = answered ? 'up' : 'degraded';
    this.#detail = answered ? undefined : `trunk ${this.#opts.trunk} did not answer OPTIONS`;
  }

  // One ping at a time: a trunk that stopped answering must not pile them up.
  async #reping(): Promise<void> {
    if (this.#pinging) return;
    this.#pinging = true;
    void this.#sources.refresh();
    const answered = await this.#ping(this.#opts.pingTimeoutMs ?? 5000);
    this.#pinging = false;
    if (this.#state !== 'up' && this.#state !== 'degraded') return;
    if (answered !== (this.#state === 'up')) this.#ctx.log(answered ? 'trunk_up' : 'trunk_degraded', { trunk: this.#opts.trunk });
    this.#health(answered);
  }

  // Any response, even an error, proves the trunk is there; a late one still brings health up.
  #ping(waitMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), waitMs);
      const uri = formatUri({ ...this.#trunk, params: {} });
      const h = new Headers()
        .add('max-forwards', '70')
        .add('from', `<sip:voxcall@${this.#ctx.mediaAddress}>;tag=${token(6)}`)
        .add('to', `<${uri}>`)
        .add('call-id', `${token(12)}@voxcall`)
        .add('cseq', '1 OPTIONS')
        .add('accept', 'application/sdp');
      const req: SipRequest = { kind: 'request', method: 'OPTIONS', uri, headers: h, body: Buffer.alloc(0) };
      this.#core.request(req, uriRemote(this.#trunk), {
        onResponse: (r) => {
          if (r.status < 200) return;
          clearTimeout(timer);
          if (this.#state === 'degraded') {
            this.#state = 'up';
            this.#detail = undefined;
          }
          resolve(true);
        },
        onTimeout: () => {
          clearTimeout(timer);
          resolve(false);
        },
      });
    });
  }

  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    const wasRunning = this.#state !== 'new';
    this.#state = 'closed';
    clearInterval(this.#pinger);
    for (const id of [...this.#open]) this.#calls.get(id)?.shutDown();
    this.#open.clear();
    if (!wasRunning) return this.#closeMedia();
    // Let the CANCELs and BYEs just sent finish (their 487s ACKed), but not for long.
    const t1 = this.#core.timers.t1;
    let grace: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([Promise.all([...this.#pending]), new Promise((r) => (grace = setTimeout(r, Math.min(64 * t1, 4000))))]);
    // Left running, the grace timer would keep the process alive that long after close.
    clearTimeout(grace);
    await this.#core.stop();
    await this.#closeMedia();
  }

  async #closeMedia(): Promise<void> {
    if (this.#opts.ownsMedia) await this.#opts.media.close();
  }

  health(): NetworkHealth {
    const openLegs = this.#open.size;
    switch (this.#state) {
      case 'new':
        return { state: 'starting', openLegs, detail: 'not started' };
      case 'starting':
        return { state: 'starting', openLegs, detail: 'pinging the trunk' };
      case 'closed':
        return { state: 'closed', openLegs };
      case 'degraded':
        return { state: 'degraded', openLegs, detail: this.#detail ?? 'trunk not answering' };
      default:
        return { state: 'up', openLegs };
    }
  }

  onInbound(handler: InboundHandler): void {
    this.#inbound = handler;
  }

  dial(req: DialRequest, onSignal: (s: LegSignal) => void): NetworkLeg {
    const leg = new OutboundLeg(this.#ctx, req, onSignal);
    if (this.#state !== 'up' && this.#state !== 'degraded') {
      leg.failSoon();
      return leg;
    }
    this.#register(leg);
    leg.begin();
    return leg;
  }

  #register(leg: SipLeg): void {
    this.#calls.set(leg.callId, leg);
    this.#open.add(leg.callId);
  }

  bridge(a: NetworkLeg, b: NetworkLeg): Promise<void> {
    const [sa, sb] = [a, b].map((l) => (l instanceof SipLeg && l.answered ? l.mediaSession : undefined));
    if (!sa || !sb) {
      const bad = sa ? b : a;
      return Promise.reject(new NetworkError('bridge', `leg ${bad.leg} of ${bad.sessionId} is not an answered leg of this network`));
    }
    return sa.bridge(sb).catch((err: unknown) => {
      throw new NetworkError('bridge', (err as Error).message);
    });
  }

  async record(a: NetworkLeg, b: NetworkLeg, opts: RecordOptions): Promise<Recorder> {
    const session = a instanceof SipLeg && a.answered ? a.mediaSession : undefined;
    if (!session || !(b instanceof SipLeg) || !b.answered) throw new NetworkError('record', 'both legs must be answered legs of this network');
    try {
      const rec = await session.record(opts.path, opts.hintToneMs > 0 ? hintTone(opts.hintToneMs) : undefined);
      return {
        stop: () =>
          rec.stop().catch((err: unknown) => {
            throw new NetworkError('record', `cannot write ${opts.path}: ${(err as Error).message}`);
          }),
      };
    } catch (err) {
      throw new NetworkError('record', (err as Error).message);
    }
  }

  // A header our parser let through but a handler cannot read (a From that is no name-addr): 400.
  #request(req: SipRequest, tx: ServerTransaction | undefined, from: Remote): void {
    try {
      this.#dispatch(req, tx, from);
    } catch (err) {
      if (!(err instanceof SipParseError)) throw err;
      this.#ctx.log('bad_request', { method: req.method, from: `${from.address}:${from.port}`, reason: err.message });
      if (tx && !tx.final) tx.respond(this.#core.response(req, 400, { reason: 'Bad Request' }));
    }
  }

  #dispatch(req: SipRequest, tx: ServerTransaction | undefined, from: Remote): void {
    const leg = this.#calls.get(req.headers.get('call-id')!);
    if (!tx) return; // the ACK of a 2xx: the core has stopped repeating it
    const toTag = /;\s*tag=/i.test(req.headers.get('to')!);
    if (toTag) {
      if (leg) return leg.inDialog(req, tx);
      this.#stats.unknownDialog++;
      this.#ctx.log('unknown_dialog', { method: req.method, callId: req.headers.get('call-id') });
      return tx.respond(this.#core.response(req, 481));
    }
    if (req.method === 'INVITE') {
      // The INVITE again after its transaction ended with our 2xx: that 2xx is being repeated already.
      if (leg) return tx.terminate();
      if (!this.#sources.has(from.address)) {
        // Only the trunk offers calls; an answer to anyone else would help them flood a third party.
        this.#stats.foreign++;
        this.#ctx.log('foreign_invite', { from: `${from.address}:${from.port}`, callId: req.headers.get('call-id') });
        return tx.terminate();
      }
      if (this.#state !== 'up' && this.#state !== 'degraded') return tx.respond(this.#core.response(req, 503));
      // A From, Contact or Record-Route the dialog could not be addressed by: 400 (SipParseError) now,
      // not a BYE that cannot be sent later.
      uasDialog(req, '', tx.remote.transport, '');
      return offerInbound(this.#ctx, req, tx, this.#inbound, (l) => this.#register(l));
    }
    if (req.method === 'OPTIONS') {
      this.#stats.options++;
      const res = this.#core.response(req, 200, { toTag: token(6) });
      res.headers.add('allow', ALLOW).add('accept', 'application/sdp');
      tx.respond(res);
      // Answered statelessly: a flood of OPTIONS must not fill the transaction table for 64*T1.
      tx.terminate();
      return;
    }
    const res = this.#core.response(req, req.method === 'BYE' ? 481 : 405);
    if (res.status === 405) res.headers.add('allow', ALLOW);
    tx.respond(res);
  }

  #stray(res: SipResponse): void {
    if (res.status < 200 || res.status >= 300 || !/INVITE$/i.test(res.headers.get('cseq')!)) return;
    const leg = this.#calls.get(res.headers.get('call-id')!);
    if (leg instanceof OutboundLeg) leg.retransmitted2xx(res);
  }
}
