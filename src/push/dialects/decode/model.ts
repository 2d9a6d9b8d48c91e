// The format-neutral reading of a push, whatever format carried it: what the decoders return
// (tests compare formats through it; a later ingest feature turns it into calls). `fields` keeps
// the validated wire object, so nothing a format sent is lost.

import type { CallEventType, CallOutcome, CallTask, LegName, PartyType } from '../../../domain/call.js';

export interface DecodedStatus {
  kind: 'status';
  format: string;
  callId: string;
  event: CallEventType | 'other';
  /** When it happened, ms since the epoch (vsp carries seconds: a whole second). */
  at: number;
  caller?: string;
  called?: string;
  /** Which leg, when the format says (Huawei: not at all; vsp: party). */
  leg?: LegName;
  digits?: string;
  stateCode?: number;
  partyType?: PartyType;
  userData?: string;
  fields: Record<string, unknown>;
}

export interface DecodedRecord {
  kind: 'record';
  format: string;
  callId: string;
  caller?: string;
  callee?: string;
  direction: 'outbound' | 'inbound';
  /** The reported leg was dialed (absent when the format does not say). */
  dialAt?: number;
  ringAt?: number;
  /** Absent when the call was not answered. */
  answerAt?: number;
  endAt: number;
  /** Answer to end, a started second counting as one (vsp, robot: from the times; ucloud: Duration). */
  talkSeconds?: number;
  /** The format's own duration field as sent (vsp callDuration, robot duration_call: dial to end). */
  durationSeconds?: number;
  outcome?: CallOutcome;
  /** Who released the call, when the format says (vsp releaseType). */
  releasedBy?: PartyType;
  recorded?: boolean;
  userData?: string;
  /** robot: the task of a task record or of a basic record of a task call. */
  task?: Partial<CallTask>;
  /** robot: true for the task record (it has task_row_index), false for the basic one. */
  taskRecord?: boolean;
  fields: Record<string, unknown>;
}

/** voxcall's task-status event (its own format, docs/push-formats.md): the task's state change. */
export interface DecodedTaskStatus {
  kind: 'task';
  format: string;
  eventId: string;
  taskId: string;
  appKey: string;
  seq: number;
  state: string;
  previousState: string;
  action: string;
  reason: string;
  counters: Record<string, unknown>;
  /** When the change was stored (ms since the epoch). */
  at: number;
  fields: Record<string, unknown>;
}

export type DecodedItem = DecodedStatus | DecodedRecord | DecodedTaskStatus;

export interface DecodedPush {
  format: string;
  kind: 'status' | 'record' | 'task';
  /** One item, except a Huawei fee push (up to 50 CDRs). */
  items: DecodedItem[];
}
