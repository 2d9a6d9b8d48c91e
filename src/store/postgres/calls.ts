// Calls, their events, records and recordings on PostgreSQL (as sqlite/calls.ts). appendEvent and
// finish write the state change, its feed rows and the pushes it causes in one transaction (the
// outbox rule of docs/delivery.md); create takes the call's counters in the same transaction.
//
// Concurrency: a call is driven by the node that created it, but nothing here relies on that.
// Two creates of one session id: the primary key refuses the second (its counters roll back with
// it). Two creates for one app, asked to check its ports, on any nodes: each takes the app's
// advisory lock (holdPort) before counting the app's active calls, holding it to its commit, so
// the second counts after the first's insert is committed (READ COMMITTED: each statement sees
// what was committed before it began) and the two cannot both take the last port. Two finishes
// of one call: the guarded UPDATE (state = 'active') locks the row, so the second waits, then
// sees 'ended', changes nothing and throws, rolling back its event, feed rows and pushes. Pushes are inserted under their order keys' advisory locks (enqueue.ts); the feed is
// numbered only after these transactions end (feed.ts).

import type pg from 'pg';
import type { Call, CallEvent, CallRecord } from '../../domain/call.js';
import type { NewPush } from '../../domain/push.js';
import { toRecording, type RecordingRow } from '../sql/recording-rows.js';
import { callListSql, callNumbers, sessionSeq, toListedCall, type CallListRow } from '../sql/call-query.js';
import type { CallCreated, CallRepo, CallState, StoredCall, StoredRecording } from '../types.js';
import { CounterRefused, takeIn } from './counters.js';
import { CallNotActiveError } from '../call-ended.js';
import { enqueueIn } from './enqueue.js';
import { feedEventIn, feedRecordIn } from './feed.js';
import { named } from './params.js';
import { tx } from './pool.js';

// The call and the numbers it is found by, in one statement.
const INSERT_CALL = `WITH call AS (
    INSERT INTO calls (session_id, app_key, state, session_seq, call_json, created_at, kind, node_id)
    VALUES ($1, $2, 'active', $3, $4, $5, $6, $7))
  INSERT INTO call_numbers (number, session_id, created_at) SELECT n, $1, $5 FROM unnest($8::text[]) AS n`;

async function insertCall(c: pg.PoolClient, call: Call, nodeId: string | undefined): Promise<void> {
  await c.query({
    name: 'calls_insert', text: INSERT_CALL,
    values: [call.sessionId, call.appKey, sessionSeq(call.sessionId), JSON.stringify(call), call.createdAt, call.plan.kind, nodeId ?? null, callNumbers(call)],
  });
}

/** Thrown inside create's transaction when the app's ports are all held: rolls back the lot. */
class PortsFull extends Error {
  constructor() {
    super('ports full');
  }
}

/**
 * One of the app's ports for the call about to be inserted in this transaction: the ports in use
 * are the app's active calls (src/policy/ports.ts). Returns the ports still free once it holds
 * one, or throws PortsFull.
 */
async function holdPort(c: pg.PoolClient, appKey: string, max: number): Promise<number> {
  // PostgreSQL has no single writer: without this lock two transactions would both count the
  // same calls, then both commit. The lock is the transaction's, so it is held until the call
  // commits; the count is a statement of its own, so its snapshot is taken once the lock is held,
  // and it sees every create of the app that committed before, and this transaction's own call.
  await c.query({ name: 'calls_port_lock', text: "SELECT pg_advisory_xact_lock(hashtextextended('ports:' || $1, 0))", values: [appKey] });
  const r = await c.query<{ n: number }>({ name: 'calls_active', text: "SELECT COUNT(*) AS n FROM calls WHERE app_key = $1 AND state = 'active'", values: [appKey] });
  const active = r.rows[0]!.n; // this call included
  if (active > max) throw new PortsFull();
  return max - active;
}

// The event goes in only while its call is active, and the call's row is share-locked until
// COMMIT: another node's finish (which locks the row for update first) either committed before,
// and the event is refused, or waits for this event to commit. Such a finish was built from the
// events it read before, so its final event may then collide with this one's number: it fails on
// the key, rolls back, and recovery reads again and retries (src/platform/recovery.ts).
const ADD_EVENT = `INSERT INTO call_events (session_id, seq, type, at, event_json)
  SELECT $1, $2, $3, $4, $5
  WHERE EXISTS (SELECT 1 FROM calls WHERE session_id = $1 AND state = 'active' FOR SHARE)`;

async function addEvent(c: pg.PoolClient, e: CallEvent): Promise<void> {
  const json = JSON.stringify(e);
  const added = await c.query({ name: 'calls_add_event', text: ADD_EVENT, values: [e.sessionId, e.seq, e.type, e.at, json] });
  if (added.rowCount !== 1) throw new CallNotActiveError(e.sessionId);
  await feedEventIn(c, e, json);
}

// The call's row locked for the update to come before anything else: taking it shared first (the
// final event's ADD_EVENT) and upgrading it later would deadlock two finishes of one call (an
// adopter's and the resumed owner's), each holding the shared lock the other's update waits for.
const LOCK_ACTIVE = "SELECT 1 FROM calls WHERE session_id = $1 AND state = 'active' FOR NO KEY UPDATE";

async function finishIn(c: pg.PoolClient, record: CallRecord, finalEvent: CallEvent | undefined, pushes: NewPush[]): Promise<void> {
  const active = await c.query({ name: 'calls_lock_active', text: LOCK_ACTIVE, values: [record.sessionId] });
  if (active.rowCount !== 1) throw new CallNotActiveError(record.sessionId);
  if (finalEvent) await addEvent(c, finalEvent);
  // A record for an unknown or already ended call: throwing rolls back the lot.
  const recordJson = JSON.stringify(record);
  const ended = await c.query(
    "UPDATE calls SET state = 'ended', record_json = $1, ended_at = $2, outcome = $3 WHERE session_id = $4 AND state = 'active'",
    [recordJson, record.callEndAt, record.outcome, record.sessionId],
  );
  if (ended.rowCount !== 1) throw new CallNotActiveError(record.sessionId);
  await feedRecordIn(c, record, recordJson);
  const r = record.recording;
  if (r) {
    await c.query(
      `INSERT INTO recordings (app_key, object_name, session_id, bucket_name, domain, start_at, end_at, path)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [record.appKey, r.objectName, record.sessionId, r.bucketName, r.domain, r.startAt, r.endAt, r.path],
    );
  }
  await enqueueIn(c, pushes);
}

/** `nodeId`: the node whose calls these are (calls.node_id, docs/cluster.md); undefined stores unowned calls. */
export function pgCalls(pool: pg.Pool, nodeId?: string): CallRepo {
  return {
    async create(call, takes = [], ports): Promise<CallCreated> {
      try {
        // The call first (its own new rows: no one waits for them), then the counters, then the
        // port: the app's counter rows and its port lock, which every create of the app waits for,
        // are held for the last three round trips and the COMMIT only. A refusal throws, and all
        // roll back, the call too. The counters are still asked before the port, so a full counter
        // names the refusal even when the ports are full too. Lock order: counter rows (sorted),
        // then the app's port lock, for every create.
        return await tx(pool, async (c): Promise<CallCreated> => {
          await insertCall(c, call, nodeId);
          await takeIn(c, takes);
          const idlePorts = ports ? await holdPort(c, call.appKey, ports.max) : undefined;
          return idlePorts === undefined ? {} : { idlePorts };
        });
      } catch (err) {
        if (err instanceof CounterRefused) return { refused: err.index };
        if (err instanceof PortsFull) return { refused: 'ports' };
        throw err;
      }
    },
    async get(sessionId): Promise<StoredCall | undefined> {
      // One statement, one snapshot: the state and the events agree.
      const r = await pool.query<{ call_json: string; state: CallState; record_json: string | null; events: string[] }>(
        `SELECT c.call_json, c.state, c.record_json,
                ARRAY(SELECT e.event_json FROM call_events e WHERE e.session_id = c.session_id ORDER BY e.seq) AS events
         FROM calls c WHERE c.session_id = $1`,
        [sessionId],
      );
      const row = r.rows[0];
      if (!row) return undefined;
      const out: StoredCall = {
        call: JSON.parse(row.call_json) as Call,
        state: row.state,
        events: row.events.map((e) => JSON.parse(e) as CallEvent),
      };
      if (row.record_json !== null) out.record = JSON.parse(row.record_json) as CallRecord;
      return out;
    },
    async unfinished(of) {
      // A node's own and the unowned ones: another node's live calls are not its to end.
      const r = of === undefined
        ? await pool.query<{ call_json: string }>("SELECT call_json FROM calls WHERE state = 'active' ORDER BY created_at")
        : await pool.query<{ call_json: string }>(
          "SELECT call_json FROM calls WHERE state = 'active' AND (node_id = $1 OR node_id IS NULL) ORDER BY created_at", [of]);
      return r.rows.map((x) => JSON.parse(x.call_json) as Call);
    },
    async appendEvent(event, pushes) {
      await tx(pool, async (c) => {
        await addEvent(c, event);
        await enqueueIn(c, pushes);
      });
    },
    async finish(record, finalEvent, pushes) {
      await tx(pool, (c) => finishIn(c, record, finalEvent, pushes));
    },
    async recording(appKey, objectName): Promise<StoredRecording | undefined> {
      const q = await pool.query<RecordingRow>('SELECT * FROM recordings WHERE app_key = $1 AND object_name = $2', [appKey, objectName]);
      const r = q.rows[0];
      if (!r) return undefined;
      return toRecording(r);
    },
    async maxSessionSeq() {
      const r = await pool.query<{ m: number | null }>('SELECT MAX(session_seq) AS m FROM calls');
      return r.rows[0]?.m ?? 0;
    },
    async list(q, after, limit) {
      const { sql, params } = callListSql(q, after, limit);
      const { text, values } = named(sql, params);
      return (await pool.query<CallListRow>(text, values)).rows.map(toListedCall);
    },
  };
}
