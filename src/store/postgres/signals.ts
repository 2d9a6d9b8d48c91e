// LISTEN/NOTIFY between the nodes sharing one database (StoreWatch). One channel per schema, so
// two voxcall installations (or two tests) in one database never hear each other. A notice is
// `<sender>\t<topic>\t<key>`; a node ignores its own (its caches already dropped what it wrote).
//
// Notices are hints, never the truth: a notice lost while the listening connection was down is
// covered by telling every subscriber "anything may have changed" when it comes back, and the
// dispatcher's idle poll and the caches' TTL remain underneath.

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { CHANGE_TOPICS, type ChangeTopic, type StoreWatch } from '../watch.js';

/** A burst of enqueues costs one notice per this many ms at most (a dispatcher wakes at once for the first). */
const PUSH_NOTICE_MS = 5;
const RECONNECT_MS = [250, 1000, 2000, 5000];

export interface PgSignals extends StoreWatch {
  /** This node's sender id (its listening connection's application_name is voxcall-signals-<id>). */
  readonly id: string;
  /** Tells the other nodes that this one changed `topic` (after the write committed). */
  changed(topic: ChangeTopic, key?: string): void;
  close(): Promise<void>;
}

export async function startSignals(url: string, schema: string | undefined): Promise<PgSignals> {
  const channel = `voxcall_${schema ?? 'public'}`.slice(0, 63);
  const me = randomBytes(6).toString('hex');
  const pushSubs = new Set<() => void>();
  const changeSubs = new Set<(topic: ChangeTopic, key?: string) => void>();
  let client: pg.Client | undefined;
  let closed = false;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;

  const fire = <A extends unknown[]>(subs: Set<(...a: A) => void>, ...args: A) => {
    for (const cb of subs) {
      try {
        cb(...args);
      } catch {
        // A subscriber's fault must not stop the others from hearing the notice.
      }
    }
  };

  const onNotice = (msg: pg.Notification) => {
    const [from, topic, key] = (msg.payload ?? '').split('\t');
    if (from === me) return;
    if (topic === 'pushes') fire(pushSubs);
    else if ((CHANGE_TOPICS as readonly string[]).includes(topic ?? '')) fire(changeSubs, topic as ChangeTopic, key || undefined);
  };

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, application_name: `voxcall-signals-${me}` });
    c.on('notification', onNotice);
    const lost = () => {
      if (client !== c) return;
      client = undefined;
      c.removeAllListeners('notification');
      c.end().catch(() => {});
      schedule();
    };
    c.on('error', lost);
    c.on('end', lost);
    await c.connect();
    await c.query(`LISTEN "${channel}"`);
    if (closed) {
      await c.end();
      return;
    }
    const reconnected = failures > 0 || client !== undefined;
    client = c;
    failures = 0;
    // Notices sent while no one listened are gone: tell everyone that anything may have changed.
    if (reconnected) {
      fire(pushSubs);
      for (const t of CHANGE_TOPICS) fire(changeSubs, t, undefined);
    }
  };
  const schedule = () => {
    if (closed || retry) return;
    const wait = RECONNECT_MS[Math.min(failures, RECONNECT_MS.length - 1)]!;
    failures++;
    retry = setTimeout(() => {
      retry = undefined;
      connect().catch(schedule);
    }, wait);
    retry.unref();
  };

  // Notices go out one at a time on the listening connection: a pg client runs one query at a
  // time, and issuing a second while one runs relies on a queue pg deprecates (gone in pg@9).
  let sending: Promise<unknown> = Promise.resolve();
  const send = (topic: string, key = '') => {
    const c = client;
    // No connection: the others find out by their idle poll and TTLs, as without notices at all.
    if (!c) return;
    sending = sending.then(() => c.query('SELECT pg_notify($1, $2)', [channel, `${me}\t${topic}\t${key}`])).catch(() => {});
  };

  let pushTimer: NodeJS.Timeout | undefined;
  let pushAgain = false;
  const pushesQueued = () => {
    if (pushTimer) {
      pushAgain = true;
      return;
    }
    send('pushes');
    const tick = () => {
      if (pushAgain) {
        pushAgain = false;
        send('pushes');
        pushTimer = setTimeout(tick, PUSH_NOTICE_MS);
      } else {
        pushTimer = undefined;
      }
    };
    pushTimer = setTimeout(tick, PUSH_NOTICE_MS);
  };

  await connect();
  const subscribe = <T>(set: Set<T>, cb: T) => {
    set.add(cb);
    return () => void set.delete(cb);
  };
  return {
    id: me,
    pushesQueued,
    changed: (topic, key) => send(topic, key),
    onPushesQueued: (cb) => subscribe(pushSubs, cb),
    onChanged: (cb) => subscribe(changeSubs, cb),
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      if (pushTimer) clearTimeout(pushTimer);
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
    },
  };
}
