// The media engine the SIP network drives: sessions spread over a few RTP worker threads, ports
// from the configured range. Each MediaSession here is a handle; its socket, pacing and audio
// live in a worker. Both legs of a bridge must share a worker (relaying is then a memory copy
// between two sessions of one thread): the second leg is opened with { near: firstLeg }.

import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { PacingHistogram, type PacingStats } from './pacing-histogram.js';
import { PortRange } from './ports.js';
import type { FromWorker, RtpStats, ToWorker } from './protocol.js';
import { spawnWorker } from './spawn-worker.js';
import { PCM_RATE, type MediaEngine, type MediaEngineOptions, type MediaEvent, type MediaOpenOptions, type MediaParams, type MediaRecording, type MediaSession, type Pcm } from './types.js';

type Request = ToWorker extends infer M ? (M extends { req: number } ? Omit<M, 'req'> : never) : never;
/** Bind errors that mean "this port, not the engine": try the next one. */
const PORT_TAKEN = new Set(['EADDRINUSE', 'EACCES']);

class WorkerHandle {
  sessions = 0;
  private nextReq = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly listeners = new Map<number, (event: MediaEvent) => void>();
  dead: Error | undefined;

  constructor(readonly worker: Worker) {
    worker.on('message', (msg: FromWorker) => {
      if (msg.t === 'event') return this.listeners.get(msg.id)?.(msg.event);
      const p = this.pending.get(msg.req);
      if (!p) return;
      this.pending.delete(msg.req);
      if (msg.ok) p.resolve(msg.value);
      else p.reject(Object.assign(new Error(msg.error), msg.code ? { code: msg.code } : {}));
    });
    const die = (err: Error) => {
      if (this.dead) return; // 'error' is followed by 'exit'
      this.dead = err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      // The sessions' sockets and timers died with the thread: nothing else would ever tell their
      // calls (no 'played', no media_timeout), so each is told once that its media is gone.
      const listeners = [...this.listeners.values()];
      this.listeners.clear();
      for (const onEvent of listeners) onEvent({ type: 'media_failed', reason: err.message });
    };
    worker.on('error', die);
    worker.on('exit', (code) => die(new Error(`RTP worker exited (code ${code})`)));
  }

  post(msg: ToWorker): void {
    if (!this.dead) this.worker.postMessage(msg);
  }

  request<T>(msg: Request): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    const req = this.nextReq++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(req, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...msg, req } as ToWorker);
    });
  }
}

let nextSessionId = 1;

class SessionHandle implements MediaSession {
  private nextPlayId = 1;
  private closed = false;
  closing: Promise<void> | undefined;

  constructor(
    readonly id: number,
    readonly port: number,
    readonly host: WorkerHandle,
    readonly engine: object,
    private readonly onClosed: (s: SessionHandle) => Promise<void>,
  ) {}

  connect(params: MediaParams): void {
    if (!this.closed) this.host.post({ t: 'connect', id: this.id, params });
  }

  play(audio: Pcm, opts: { loop?: boolean } = {}): { playId: number; durationMs: number } {
    const playId = this.nextPlayId++;
    // Cloning a view copies its whole underlying buffer: a slice of a larger one is sent alone.
    const pcm = audio.buffer instanceof SharedArrayBuffer || audio.byteLength === audio.buffer.byteLength ? audio : audio.slice();
    if (!this.closed) this.host.post({ t: 'play', id: this.id, playId, pcm, loop: opts.loop === true });
    return { playId, durationMs: (audio.length * 1000) / PCM_RATE };
  }

  stopPlay(playId: number): void {
    if (!this.closed) this.host.post({ t: 'stopPlay', id: this.id, playId });
  }

  interruptPlays(): void {
    if (!this.closed) this.host.post({ t: 'interrupt', id: this.id });
  }

  async bridge(other: MediaSession): Promise<void> {
    if (!(other instanceof SessionHandle) || other.engine !== this.engine) throw new Error('bridge: the other session belongs to another media engine');
    if (other === this) throw new Error('bridge: a session cannot be bridged with itself');
    if (other.host !== this.host) throw new Error('bridge: the sessions live in different RTP workers; open the second leg with { near: firstLeg }');
    await this.host.request({ t: 'bridge', id: this.id, other: other.id });
  }

  async record(path: string, hintTone?: Pcm): Promise<MediaRecording> {
    await this.host.request({ t: 'record', id: this.id, path, ...(hintTone ? { hintTone } : {}) });
    return { stop: () => this.host.request<{ startAt: number; endAt: number; path: string; droppedMs: number }>({ t: 'recordStop', id: this.id }) };
  }

  stats(): Promise<RtpStats> {
    return this.host.request<RtpStats>({ t: 'stats', id: this.id });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.host.listeners.delete(this.id);
    this.closing = this.onClosed(this);
  }
}

export interface RtpMediaEngine extends MediaEngine {
  /** How late frames left against their schedule, over every worker (since the last reset). */
  pacing(opts?: { reset?: boolean }): Promise<PacingStats>;
  open(onEvent: (event: MediaEvent) => void, opts?: MediaOpenOptions): Promise<MediaSession & { stats(): Promise<RtpStats> }>;
}

export function createMediaEngine(opts: MediaEngineOptions & { workers?: number }): RtpMediaEngine {
  const count = Math.max(1, opts.workers ?? Math.min(2, availableParallelism()));
  const range = new PortRange(opts.ports.min, opts.ports.max);
  const spawn = () => new WorkerHandle(spawnWorker(new URL('./rtp-worker.ts', import.meta.url)));
  const hosts = Array.from({ length: count }, spawn);
  const open = new Set<SessionHandle>();
  const closing = new Set<Promise<void>>();
  const engine = {};
  let stopped = false;

  async function release(s: SessionHandle): Promise<void> {
    open.delete(s);
    s.host.sessions--;
    const done = s.host.request({ t: 'close', id: s.id }).then(
      () => range.release(s.port),
      () => range.release(s.port), // a dead worker's sockets are gone with it
    );
    closing.add(done);
    await done;
    closing.delete(done);
  }

  /** The workers, a dead one replaced by a fresh one (lazily: a worker that cannot start is
   * retried once per open, never in a loop). Sessions of the dead one were told and stay on it. */
  function liveHosts(): WorkerHandle[] {
    for (let i = 0; i < hosts.length; i++) if (hosts[i]!.dead) hosts[i] = spawn();
    return hosts;
  }

  async function bindSome(host: WorkerHandle, id: number): Promise<number | undefined> {
    for (const port of range.candidates()) {
      range.take(port);
      try {
        await host.request({ t: 'open', id, address: opts.address, port, silenceTimeoutMs: opts.silenceTimeoutMs });
        return port;
      } catch (err) {
        range.release(port);
        if (!PORT_TAKEN.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
      }
    }
    return undefined;
  }

  return {
    get openSessions() {
      return open.size;
    },
    async open(onEvent, openOpts = {}) {
      if (stopped) throw new Error('media engine closed');
      const near = openOpts.near;
      const host = near instanceof SessionHandle && near.engine === engine ? near.host : liveHosts().reduce((a, b) => (b.sessions < a.sessions ? b : a));
      const id = nextSessionId++;
      host.sessions++;
      host.listeners.set(id, onEvent);
      try {
        let port = await bindSome(host, id);
        // Ports of sessions being closed come back in a moment: wait for them before giving up.
        while (port === undefined && closing.size > 0) {
          await Promise.all(closing);
          port = await bindSome(host, id);
        }
        if (port === undefined) throw new Error(`no free RTP port in ${opts.address}:${range.min}-${range.max} (${range.size} even ports, all taken)`);
        const s = new SessionHandle(id, port, host, engine, release);
        open.add(s);
        return s;
      } catch (err) {
        host.sessions--;
        host.listeners.delete(id);
        throw err;
      }
    },
    async pacing({ reset = false } = {}) {
      const parts = await Promise.all(liveHosts().map((h) => h.request<{ counts: Uint32Array; max: number }>({ t: 'pacing', reset })));
      return PacingHistogram.summarise(parts);
    },
    async close() {
      stopped = true;
      for (const s of [...open]) s.close();
      await Promise.all(closing);
      await Promise.all(hosts.map((h) => h.worker.terminate()));
    },
  };
}
