// A client of baresip's ctrl_tcp module: netstrings ("LEN:PAYLOAD,") carrying JSON, commands
// out as {command, params, token}, responses back as {response, ok, data, token}, and events
// ({event: true, type, param, id, ...}) streaming in between.

import { connect, type Socket } from 'node:net';

export interface CtrlEvent {
  type: string;
  /** Wall-clock time the event was read (ms since the epoch). */
  at: number;
  /** The digit of CALL_DTMF_START, the peer of CALL_INCOMING, the reason of CALL_CLOSED... */
  param?: string;
  /** The call's id (baresip's), the same on both phones of a call between two baresips. */
  callId?: string;
  direction?: 'incoming' | 'outgoing';
  peeruri?: string;
  raw: Record<string, unknown>;
}

interface Pending {
  resolve: (data: string) => void;
  reject: (e: Error) => void;
  command: string;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export class CtrlClient {
  private buf = Buffer.alloc(0);
  private nextToken = 1;
  private readonly pending = new Map<string, Pending>();
  private closedError: Error | undefined;

  private constructor(
    private readonly sock: Socket,
    private readonly onEvent: (e: CtrlEvent) => void,
  ) {
    sock.on('data', (b) => this.read(b));
    sock.on('error', () => undefined);
    sock.on('close', () => this.fail(new Error('ctrl_tcp connection closed')));
  }

  /** One connection attempt; the caller polls until baresip listens. */
  static connect(port: number, onEvent: (e: CtrlEvent) => void): Promise<CtrlClient> {
    return new Promise((resolve, reject) => {
      const sock = connect(port, '127.0.0.1');
      sock.once('error', reject);
      sock.once('connect', () => {
        sock.off('error', reject);
        resolve(new CtrlClient(sock, onEvent));
      });
    });
  }

  /** Sends a command; resolves with its data when baresip answers ok, rejects otherwise. */
  command(command: string, params = ''): Promise<string> {
    if (this.closedError) return Promise.reject(this.closedError);
    const token = String(this.nextToken++);
    const json = JSON.stringify({ command, params, token });
    return new Promise((resolve, reject) => {
      this.pending.set(token, { resolve, reject, command: `${command} ${params}`.trim() });
      this.sock.write(`${Buffer.byteLength(json)}:${json},`);
    });
  }

  close(): void {
    this.sock.destroy();
  }

  private fail(e: Error): void {
    this.closedError = e;
    for (const p of this.pending.values()) p.reject(new Error(`${p.command}: ${e.message}`));
    this.pending.clear();
  }

  private read(chunk: Buffer): void {
    this.buf = Buffer.concat([this.buf, chunk]);
    for (;;) {
      const colon = this.buf.indexOf(0x3a);
      if (colon < 0) return;
      const len = Number(this.buf.toString('latin1', 0, colon));
      const end = colon + 1 + len;
      if (!Number.isInteger(len) || this.buf.length < end + 1) return;
      const payload = this.buf.toString('utf8', colon + 1, end);
      this.buf = this.buf.subarray(end + 1);
      this.dispatch(JSON.parse(payload) as Record<string, unknown>);
    }
  }

  private dispatch(m: Record<string, unknown>): void {
    if (m.response === true) {
      const token = str(m.token) ?? '';
      const p = this.pending.get(token);
      if (p === undefined) return;
      this.pending.delete(token);
      if (m.ok === true) p.resolve(str(m.data) ?? '');
      else p.reject(new Error(`baresip refused "${p.command}": ${str(m.data) ?? 'no reason given'}`));
      return;
    }
    if (m.event !== true) return;
    const dir = str(m.direction);
    this.onEvent({
      type: str(m.type) ?? 'UNKNOWN',
      at: Date.now(),
      param: str(m.param),
      callId: str(m.id),
      direction: dir === 'incoming' || dir === 'outgoing' ? dir : undefined,
      peeruri: str(m.peeruri),
      raw: m,
    });
  }
}
