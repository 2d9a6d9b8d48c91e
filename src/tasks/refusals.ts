// Why a task operation is refused: one catalogue for both APIs. The application API answers
// `{resultcode, resultdesc}` with `code` and `http`; the management API answers its VX code with
// `reason` = the name. docs/result-codes.md ("Task codes") tables the same; a test compares them.

import { CodedRefusal, type RefusalEntry } from '../lib/coded-refusal.js';

/** `code`: voxcall's own 1090xxx (shared ones are the call APIs' codes). */
export interface TaskRefusalEntry extends RefusalEntry {
  readonly vx: 'VX.INVALID' | 'VX.NOT_FOUND' | 'VX.CONFLICT' | 'VX.TOO_LARGE';
}

export const TASK_REFUSALS = {
  invalid: { code: '1010002', http: 403, vx: 'VX.INVALID', desc: 'Invalid request.' },
  displayNumber: { code: '1010023', http: 403, vx: 'VX.INVALID', desc: 'Invalid display number.' },
  notFound: { code: '1090001', http: 404, vx: 'VX.NOT_FOUND', desc: 'No such task.' },
  flowNotFound: { code: '1090002', http: 400, vx: 'VX.INVALID', desc: 'No such flow.' },
  illegalTransition: { code: '1090003', http: 409, vx: 'VX.CONFLICT', desc: 'The task cannot do that in its state.' },
  nothingToRerun: { code: '1090004', http: 409, vx: 'VX.CONFLICT', desc: 'No row to re-run.' },
  noRows: { code: '1090005', http: 409, vx: 'VX.CONFLICT', desc: 'The task has no rows.' },
  rowsClosed: { code: '1090006', http: 409, vx: 'VX.CONFLICT', desc: 'The task takes no more rows.' },
  badHeader: { code: '1090007', http: 400, vx: 'VX.INVALID', desc: 'Invalid header.' },
  missingVariable: { code: '1090008', http: 400, vx: 'VX.INVALID', desc: 'The header lacks a variable of the flow.' },
  malformedCsv: { code: '1090009', http: 400, vx: 'VX.INVALID', desc: 'Malformed CSV.' },
  tooManyRows: { code: '1090010', http: 413, vx: 'VX.TOO_LARGE', desc: 'Too many rows.' },
  uploadTooLarge: { code: '1090011', http: 413, vx: 'VX.TOO_LARGE', desc: 'Upload too large.' },
  uploadBusy: { code: '1090012', http: 409, vx: 'VX.CONFLICT', desc: 'Another upload to the task is in progress.' },
} as const satisfies Record<string, TaskRefusalEntry>;

export type TaskRefusalName = keyof typeof TASK_REFUSALS;

/** A refused task operation; the routes turn it into their API's answer. */
export class TaskRefusal extends CodedRefusal<TaskRefusalName, TaskRefusalEntry> {
  constructor(name: TaskRefusalName, message: string) {
    super(name, TASK_REFUSALS[name], message);
    this.name = 'TaskRefusal';
  }
}

export const refuseTask = (name: TaskRefusalName, message: string): TaskRefusal => new TaskRefusal(name, message);

/** Why one row was not accepted (it comes back with its index in the upload). */
export type RowRefusalReason =
  | 'bad_number' | 'duplicate' | 'blacklisted' | 'missing_variable' | 'missing_column' | 'extra_column' | 'too_long' | 'bad_value' | 'bad_time_zone';

export interface RowRefusal {
  /** 1-based position of the row in this upload (the header not counted). */
  index: number;
  reason: RowRefusalReason;
  detail: string;
}
