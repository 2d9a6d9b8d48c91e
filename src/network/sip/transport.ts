// SIP over UDP and TCP on one address:port (RFC 3261 18). UDP carries one message per datagram;
// TCP frames messages by Content-Length, and a reply to a TCP request goes back on its
// connection. Malformed input is counted and dropped, never thrown.

import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { SipParseError } from './errors.js';
import { frameLength, parseMessage, serialize, type SipMessage } from './message.js';

export type TransportName = 'udp' | 'tcp';

export interface Remote {
  transport: TransportName;
  address: string;
  port: number;
}

export interface TransportOptions {
  address: string;
  port: number;
  /** Listen on TCP too (same port); outgoing TCP connections are made either way. */
  tcp?: boolean;
  onMessage(msg: SipMessage, from: Remote): void;
  log?: (event: string, detail: Record<string, unknown>) => void;
  /** Limits on TCP connections others open to us (docs/sip.md, "TCP connections"). */
  tcpLimits?: Partial<TcpLimits>;
}

export interface TcpLimits {
  /** An accepted connection that delivers no complete message for this long is closed. */
  idleMs: number;
  /** Accepted connections at once; more are closed on arrival. */
  total: number;
  /** Accepted connections from one IP address at once. */
  perIp: number;
}

export const DEFAULT_TCP_LIMITS: TcpLimits = { idleMs: 32_000, total: 256, perIp: 32 };

export interface TransportStats {
  received: number;
  malformed: number;
  sent: number;
  /** TCP connections closed on arrival because a limit was reached. */
  tcpRefused: number;
  /** Accepted TCP connections closed for idleness. */
  tcpIdleClosed: number;
}

const UDP_BUFFER_BYTES = 1 << 20;
const key = (address: string, port: number): string => `${address}:${port}`;

export class Transport {
  readonly stats: TransportStats = { received: 0, malformed: 0, sent: 0, tcpRefused: 0, tcpIdleClosed: 0 };
  #udp: UdpSocket | undefined;
  #tcp: Server | undefined;
  #conns = new Map<string, Socket>();
  /** Accepted (not dialled) connections per remote IP. */
  #accepted = new Map<string, number>();
  #acceptedTotal = 0;
  #port = 0;
  readonly #limits: TcpLimits;

  constructor(private readonly opts: TransportOptions) {
    this.#limits = { ...DEFAULT_TCP_LIMITS, ...opts.tcpLimits };
  }

  /** Connections open now (accepted and dialled). */
  get tcpConnections(): number {
    return this.#conns.size;
  }

  get port(): number {
    return this.#port;
  }

  get address(): string {
    return this.opts.address;
  }

  /** Binds (port 0: any free port, read it from .port); rejects when the port is taken. */
  async start(): Promise<void> {
    // With port 0 the UDP port is chosen first; TCP may hold that number already: choose again.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#bind();
      } catch (err) {
        if (this.opts.port !== 0 || attempt >= 5 || !/EADDRINUSE/.test((err as Error).message)) throw err;
      }
    }
  }

  async #bind(): Promise<void> {
    const udp = createSocket(this.opts.address.includes(':') ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      udp.once('error', (err) => reject(new Error(`cannot bind SIP UDP ${key(this.opts.address, this.opts.port)}: ${err.message}`)));
      udp.bind(this.opts.port, this.opts.address, () => resolve());
    });
    udp.removeAllListeners('error');
    // A burst (a flood of OPTIONS, many calls set up at once) must not overflow the default buffer.
    try {
      udp.setRecvBufferSize(UDP_BUFFER_BYTES);
      udp.setSendBufferSize(UDP_BUFFER_BYTES);
    } catch (err) {
      this.#log('udp_buffer', { error: (err as Error).message });
    }
    udp.on('error', (err) => this.#log('udp_error', { error: err.message }));
    udp.on('message', (buf, rinfo) => this.#receive(buf, { transport: 'udp', address: rinfo.address, port: rinfo.port }));
    this.#udp = udp;
    this.#port = udp.address().port;
    if (!this.opts.tcp) return;
    const server = createServer((sock) => this.#accept(sock));
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', (err) => reject(new Error(`cannot listen SIP TCP ${key(this.opts.address, this.#port)}: ${err.message}`)));
        server.listen(this.#port, this.opts.address, () => resolve());
      });
    } catch (err) {
      udp.close();
      this.#udp = undefined;
      throw err;
    }
    server.removeAllListeners('error');
    server.on('error', (err) => this.#log('tcp_error', { error: err.message }));
    this.#tcp = server;
  }

  /** onError: the message could not be sent (a refused or broken connection, a bad port); logged either way. */
  send(msg: SipMessage, to: Remote, onError?: (err: Error) => void): void {
    const bytes = serialize(msg);
    this.stats.sent++;
    const failed = (err: Error | null | undefined): void => {
      if (!err) return;
      this.#log('send_error', { to: key(to.address, to.port), transport: to.transport, error: err.message });
      onError?.(err);
    };
    // dgram and net throw synchronously for a bad port or address: a peer's Via must not make that escape.
    try {
      if (to.transport === 'udp') {
        this.#udp?.send(bytes, to.port, to.address, failed);
        return;
      }
      let sock = this.#conns.get(key(to.address, to.port));
      if (!sock) {
        if (!this.#udp) return;
        sock = createConnection({ host: to.address, port: to.port, localAddress: this.opts.address });
        this.#adopt(sock, to);
      }
      sock.write(bytes, failed);
    } catch (err) {
      // Reported after send returns, like the asynchronous failures: callers need not be reentrant.
      queueMicrotask(() => failed(err as Error));
    }
  }

  async stop(): Promise<void> {
    for (const s of this.#conns.values()) s.destroy();
    this.#conns.clear();
    const udp = this.#udp;
    this.#udp = undefined;
    if (udp) await new Promise<void>((r) => udp.close(() => r()));
    const tcp = this.#tcp;
    this.#tcp = undefined;
    if (tcp) await new Promise<void>((r) => tcp.close(() => r()));
  }

  // Anyone can open connections: each costs a socket and a buffer, so they are capped and timed out.
  #accept(sock: Socket): void {
    const ip = sock.remoteAddress ?? '';
    const fromIp = this.#accepted.get(ip) ?? 0;
    if (this.#acceptedTotal >= this.#limits.total || fromIp >= this.#limits.perIp) {
      this.stats.tcpRefused++;
      this.#log('tcp_refused', { remote: key(ip, sock.remotePort ?? 0), open: this.#acceptedTotal, fromIp });
      sock.destroy();
      return;
    }
    this.#acceptedTotal++;
    this.#accepted.set(ip, fromIp + 1);
    sock.once('close', () => {
      this.#acceptedTotal--;
      const left = (this.#accepted.get(ip) ?? 1) - 1;
      if (left > 0) this.#accepted.set(ip, left);
      else this.#accepted.delete(ip);
    });
    this.#adopt(sock);
  }

  #idle(sock: Socket, k: string): void {
    this.stats.tcpIdleClosed++;
    this.#log('tcp_idle', { remote: k });
    sock.destroy();
  }

  // A connection we dialled (to the trunk, to a dialog's peer) has no idle limit: a call may ring
  // on it for minutes without a message, and only the peers we call can make us open one.
  #adopt(sock: Socket, to?: Remote): void {
    const remote: Remote = to ?? { transport: 'tcp', address: sock.remoteAddress ?? '', port: sock.remotePort ?? 0 };
    const k = key(remote.address, remote.port);
    this.#conns.set(k, sock);
    let pending = Buffer.alloc(0);
    let idle: ReturnType<typeof setTimeout> | undefined;
    const accepted = to === undefined;
    // Restarted on each complete message only: a peer trickling one endless message is idle too.
    const restartIdle = (): void => {
      if (!accepted) return;
      clearTimeout(idle);
      idle = setTimeout(() => this.#idle(sock, k), this.#limits.idleMs);
    };
    restartIdle();
    sock.on('close', () => clearTimeout(idle));
    sock.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        // Keep-alive CRLFs between messages (RFC 5626 3.5.1) are not messages.
        while (pending.length > 0 && (pending[0] === 0x0d || pending[0] === 0x0a)) pending = pending.subarray(1);
        let len: number | undefined;
        try {
          len = frameLength(pending);
        } catch (err) {
          this.#malformed(err, remote);
          sock.destroy();
          return;
        }
        if (len === undefined) return;
        const one = pending.subarray(0, len);
        pending = pending.subarray(len);
        restartIdle();
        this.#receive(one, remote);
      }
    });
    sock.on('error', (err) => this.#log('tcp_error', { remote: k, error: err.message }));
    sock.on('close', () => {
      if (this.#conns.get(k) === sock) this.#conns.delete(k);
    });
  }

  #receive(buf: Buffer, from: Remote): void {
    // A lone CRLF keep-alive over UDP is not a message either.
    if (buf.length <= 4 && buf.toString('latin1').trim() === '') return;
    let msg: SipMessage;
    try {
      msg = parseMessage(buf);
    } catch (err) {
      this.#malformed(err, from);
      return;
    }
    this.stats.received++;
    try {
      this.opts.onMessage(msg, from);
    } catch (err) {
      this.#log('handler_error', { error: (err as Error).stack ?? String(err) });
    }
  }

  /** A message that parsed but cannot be served (e.g. its Via names no usable port): counted as malformed. */
  dropMalformed(reason: string, from: Remote): void {
    this.#malformed(reason, from);
  }

  #malformed(err: unknown, from: Remote): void {
    this.stats.malformed++;
    const reason = err instanceof SipParseError ? err.message : String(err);
    this.#log('malformed', { from: key(from.address, from.port), transport: from.transport, reason });
  }

  #log(event: string, detail: Record<string, unknown>): void {
    this.opts.log?.(event, detail);
  }
}
