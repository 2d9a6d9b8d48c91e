// Calls, their events, records and recordings. appendEvent and finish write the state change and
// the pushes it causes in one transaction (the outbox rule of docs/delivery.md).

import type Database from 'better-sqlite3';
import type { Call, CallEvent, CallRecord } from '../../domain/call.js';
import type { NewPush } from '../../domain/push.js';
import type { CallCreated, CallRepo, CallState, CounterTake, StoredCall, StoredRecording } from '../types.js';
import { CallNotActiveError } from '../call-ended.js';
import { callNumbers, sessionSeq } from '../sql/call-query.js';
import { toRecording, type RecordingRow } from '../sql/recording-rows.js';
import { callLister } from './call-query.js';
import { counterWriter } from './counters.js';
import { feedWriter } from './feed.js';
import type { GroupCommit } from './group-commit.js';

/** Thrown inside create's transaction when the app's ports are all held: rolls back the lot. */
class PortsFull extends Error {
  constructor() {
    super('ports full');
  }
}

interface CallRow {
  call_json: string;
  state: CallState;
  record_json: string | null;
}

/** `nodeId`: the node whose calls these are (calls.node_id); undefined stores unowned calls. */
export function sqliteCalls(db: Database.Database, enqueue: (pushes: NewPush[]) => void, group: GroupCommit, nodeId?: string): CallRepo {
  const insertCall = db.prepare(
    `INSERT INTO calls (session_id, app_key, state, session_seq, call_json, created_at, kind, node_id)
     VALUES (?, ?, 'active', ?, ?, ?, ?, ?)`,
  );
  const insertNumber = db.prepare('INSERT INTO call_numbers (number, session_id, created_at) VALUES (?, ?, ?)');
  // The app's ports in use (src/policy/ports.ts), on the calls_active_app index (migration 012).
  const activeOfApp = db.prepare<[string], { n: number }>(
    "SELECT COUNT(*) AS n FROM calls WHERE app_key = ? AND state = 'active'",
  );
  const getCall = db.prepare<[string], CallRow>(
    'SELECT call_json, state, record_json FROM calls WHERE session_id = ?',
  );
  const events = db.prepare<[string], { event_json: string }>(
    'SELECT event_json FROM call_events WHERE session_id = ? ORDER BY seq',
  );
  const unfinished = db.prepare<[], { call_json: string }>(
    "SELECT call_json FROM calls WHERE state = 'active' ORDER BY created_at",
  );
  // A node's own and the unowned (stored before nodes existed): another node's live calls are not its to end.
  const unfinishedOf = db.prepare<[string], { call_json: string }>(
    "SELECT call_json FROM calls WHERE state = 'active' AND (node_id = ? OR node_id IS NULL) ORDER BY created_at",
  );
  // Only while the call is active, as on PostgreSQL (postgres/calls.ts ADD_EVENT).
  const insertEvent = db.prepare(
    `INSERT INTO call_events (session_id, seq, type, at, event_json)
     SELECT @sid, @seq, @type, @at, @json WHERE EXISTS (SELECT 1 FROM calls WHERE session_id = @sid AND state = 'active')`,
  );
  const endCall = db.prepare(
    "UPDATE calls SET state = 'ended', record_json = ?, ended_at = ?, outcome = ? WHERE session_id = ? AND state = 'active'",
  );
  const insertRecording = db.prepare(
    `INSERT INTO recordings (app_key, object_name, session_id, bucket_name, domain, start_at, end_at, path)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const getRecording = db.prepare<[string, string], RecordingRow>(
    'SELECT * FROM recordings WHERE app_key = ? AND object_name = ?',
  );
  const list = callLister(db);
  const maxSeq = db.prepare<[], { m: number | null }>('SELECT MAX(session_seq) AS m FROM calls');

  // The pull API's feed is written in the same transactions as the events and the record.
  const feed = feedWriter(db);
  const addEvent = (e: CallEvent): void => {
    const json = JSON.stringify(e);
    if (insertEvent.run({ sid: e.sessionId, seq: e.seq, type: e.type, at: e.at, json }).changes !== 1) throw new CallNotActiveError(e.sessionId);
    feed.event(e, json);
  };

  const appendTx = db.transaction((event: CallEvent, pushes: NewPush[]) => {
    addEvent(event);
    enqueue(pushes);
  });

  const finishTx = db.transaction((record: CallRecord, finalEvent: CallEvent | undefined, pushes: NewPush[]) => {
    if (finalEvent) addEvent(finalEvent);
    // A record for an unknown or already ended call: throwing rolls back the lot.
    const recordJson = JSON.stringify(record);
    const changed = endCall.run(recordJson, record.callEndAt, record.outcome, record.sessionId).changes;
    if (changed !== 1) throw new CallNotActiveError(record.sessionId);
    feed.record(record, recordJson);
    const r = record.recording;
    if (r) {
      insertRecording.run(record.appKey, r.objectName, record.sessionId, r.bucketName, r.domain, r.startAt, r.endAt, r.path);
    }
    enqueue(pushes);
  });

  // Counting and inserting are one IMMEDIATE transaction (the group's batch, or takeWith's): SQLite
  // has one writer at a time, also across processes, so no other call of the app can be stored
  // between this count and this insert. Returns the ports still free once this call holds one.
  const insertTx = db.transaction((call: Call, ports: { max: number } | undefined): number | undefined => {
    let idle: number | undefined;
    if (ports) {
      const active = activeOfApp.get(call.appKey)!.n;
      if (active >= ports.max) throw new PortsFull();
      idle = ports.max - active - 1;
    }
    insertCall.run(call.sessionId, call.appKey, sessionSeq(call.sessionId), JSON.stringify(call), call.createdAt, call.plan.kind, nodeId ?? null);
    for (const n of callNumbers(call)) insertNumber.run(n, call.sessionId, call.createdAt);
    return idle;
  });

  return {
    create(call: Call, takes: CounterTake[] = [], ports?: { max: number }) {
      return group.run((): CallCreated => {
        let idlePorts: number | undefined;
        const write = (): undefined => {
          idlePorts = insertTx(call, ports);
        };
        try {
          // The counters first (takeWith runs the write after them), so a full one names the refusal.
          const refused = takes.length > 0 ? counterWriter(db).takeWith(takes, write) : write();
          if (refused !== undefined) return { refused };
        } catch (err) {
          // insertTx (and takeWith's transaction around it) rolled back on the way out.
          if (err instanceof PortsFull) return { refused: 'ports' };
          throw err;
        }
        return idlePorts === undefined ? {} : { idlePorts };
      });
    },
    async get(sessionId): Promise<StoredCall | undefined> {
      const row = getCall.get(sessionId);
      if (!row) return undefined;
      const out: StoredCall = {
        call: JSON.parse(row.call_json) as Call,
        state: row.state,
        events: events.all(sessionId).map((e) => JSON.parse(e.event_json) as CallEvent),
      };
      if (row.record_json !== null) out.record = JSON.parse(row.record_json) as CallRecord;
      return out;
    },
    async unfinished(of) {
      return (of === undefined ? unfinished.all() : unfinishedOf.all(of)).map((r) => JSON.parse(r.call_json) as Call);
    },
    appendEvent(event, pushes) {
      return group.run(() => appendTx(event, pushes));
    },
    finish(record, finalEvent, pushes) {
      return group.run(() => finishTx(record, finalEvent, pushes));
    },
    async recording(appKey, objectName): Promise<StoredRecording | undefined> {
      const r = getRecording.get(appKey, objectName);
      if (!r) return undefined;
      return toRecording(r);
    },
    async maxSessionSeq() {
      return maxSeq.get()?.m ?? 0;
    },
    async list(q, after, limit) {
      return list(q, after, limit);
    },
  };
}
