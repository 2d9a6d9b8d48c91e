// An RTP worker thread: owns many sessions and paces them all from one timer that wakes at the
// earliest frame due (absolute monotonic schedule: frame n of a session at t0 + 20n ms), so the
// main thread's API work never delays a packet and late wake-ups do not accumulate into drift.

import { createSocket } from 'node:dgram';
import { parentPort } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './protocol.js';
import { PacingHistogram } from './pacing-histogram.js';
import { CallRecorder } from './recorder.js';
import { RtpSession } from './rtp-session.js';

const port = parentPort!;
const pacing = new PacingHistogram();
const sessions = new Map<number, RtpSession>();
let timer: NodeJS.Timeout | undefined;
let timerAt = Infinity;
/** Recordings ended by their session's close, kept for the stop() that may still come. */
const closedRecordings = new Map<number, Promise<unknown>>();

function post(msg: FromWorker): void {
  port.postMessage(msg);
}

function reply(req: number, value?: unknown): void {
  post({ t: 'reply', req, ok: true, value });
}

function fail(req: number, err: unknown): void {
  const e = err as NodeJS.ErrnoException;
  post({ t: 'reply', req, ok: false, error: e?.message ?? String(err), ...(e?.code ? { code: e.code } : {}) });
}

function tick(): void {
  timer = undefined;
  timerAt = Infinity;
  const now = performance.now();
  for (const s of sessions.values()) s.tick(now);
  schedule();
}

function schedule(): void {
  let next = Infinity;
  for (const s of sessions.values()) if (s.nextDue !== undefined && s.nextDue < next) next = s.nextDue;
  if (next === Infinity || next >= timerAt) return;
  if (timer) clearTimeout(timer);
  timerAt = next;
  // Rounded down: the tick sends what is due within 1 ms, so waking early by < 1 ms is on time.
  timer = setTimeout(tick, Math.max(0, Math.floor(next - performance.now())));
}

function session(id: number): RtpSession {
  const s = sessions.get(id);
  if (!s) throw new Error(`no RTP session ${id}`);
  return s;
}

async function open(msg: Extract<ToWorker, { t: 'open' }>): Promise<void> {
  const socket = createSocket({ type: msg.address.includes(':') ? 'udp6' : 'udp4' });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ port: msg.port, address: msg.address, exclusive: true }, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  // After bind, a send error (ICMP unreachable from a far end gone) must not end the worker.
  socket.on('error', () => undefined);
  sessions.set(msg.id, new RtpSession(msg.id, socket, msg.silenceTimeoutMs, (event) => post({ t: 'event', id: msg.id, event }), pacing));
}

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.t) {
    case 'open':
      return open(msg).then(() => reply(msg.req), (err: unknown) => fail(msg.req, err));
    case 'connect':
      sessions.get(msg.id)?.connect(msg.params, performance.now());
      return schedule();
    case 'play':
      return sessions.get(msg.id)?.plays.add(msg.playId, msg.pcm, msg.loop);
    case 'stopPlay':
      return sessions.get(msg.id)?.plays.stop(msg.playId);
    case 'interrupt':
      return sessions.get(msg.id)?.plays.interrupt();
    case 'bridge':
      try {
        session(msg.id).bridgeWith(session(msg.other));
        return reply(msg.req);
      } catch (err) {
        return fail(msg.req, err);
      }
    case 'record':
      try {
        const s = session(msg.id);
        if (s.recorder) throw new Error(`RTP session ${msg.id} is already recording`);
        const rec = await CallRecorder.create(msg.path, msg.hintTone);
        s.recorder = rec;
        return reply(msg.req, { startAt: rec.startAt });
      } catch (err) {
        return fail(msg.req, err);
      }
    case 'recordStop':
      try {
        const closed = closedRecordings.get(msg.id);
        if (closed) {
          closedRecordings.delete(msg.id);
          return reply(msg.req, await closed);
        }
        const s = session(msg.id);
        const rec = s.recorder;
        if (!rec) throw new Error(`RTP session ${msg.id} is not recording`);
        s.recorder = undefined;
        return reply(msg.req, await rec.stop());
      } catch (err) {
        return fail(msg.req, err);
      }
    case 'stats':
      try {
        return reply(msg.req, session(msg.id).getStats());
      } catch (err) {
        return fail(msg.req, err);
      }
    case 'pacing':
      reply(msg.req, { counts: pacing.counts.slice(), max: pacing.max });
      if (msg.reset) pacing.reset();
      return;
    case 'close': {
      const s = sessions.get(msg.id);
      sessions.delete(msg.id);
      const rec = s?.recorder;
      if (rec) {
        s.recorder = undefined;
        const done = rec.stop();
        done.catch(() => undefined); // reported to the recording's own stop()
        closedRecordings.set(msg.id, done);
        await done.catch(() => undefined);
      }
      await s?.close();
      return reply(msg.req);
    }
  }
}

port.on('message', (msg: ToWorker) => {
  handle(msg).catch((err: unknown) => {
    if ('req' in msg) fail(msg.req, err);
  });
});
