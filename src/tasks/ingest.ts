// Rows into a task (docs/tasks.md, "Rows"): a header and records, from a JSON body or a CSV
// stream, checked one by one and written in batches of TASK_LIMITS.batchRows. The upload is
// all-or-nothing: batches are staged (invisible) under the task's upload lease and made the
// task's in one statement at the end; a malformed CSV, an upload over a limit or a lost
// connection drops every staged row. Memory holds one batch and the listed refusals, never the
// upload: a 100,000-row upload costs what a 1,000-row one does.

import { randomBytes } from 'node:crypto';
import type { Task } from '../domain/task.js';
import { NUMBER_PATTERN } from '../api/schemas.js';
import type { NewTaskRow, TaskRepo } from '../store/types.js';
import type { FlowCatalog, RowValueCheck } from './flow-catalog.js';
import { CALLEE_COLUMN, TASK_LIMITS as L, TZ_COLUMN } from './limits.js';
import { refuseTask, type RowRefusal, type RowRefusalReason } from './refusals.js';
import { isTimeZone } from './zone.js';

export interface IngestDeps {
  repo: TaskRepo;
  flows: FlowCatalog;
  /** Whether the callee is on the app's or the platform's callee blacklist (src/policy/lists.ts). */
  blacklisted(appKey: string, callee: string): boolean;
  now(): number;
}

export interface IngestResult {
  taskId: string;
  /** Rows added by this upload. */
  added: number;
  /** The task's rows now. */
  rowCount: number;
  /** Rows refused in all. */
  refusedCount: number;
  /** The first TASK_LIMITS.maxRefusalsListed of them, by position. */
  refused: RowRefusal[];
}

const number = new RegExp(NUMBER_PATTERN);

type ValueCheck = (name: string, value: string) => string | undefined;

/** The flow's variables, once the header is refused for none of its problems nor for lacking one of them. */
async function checkHeader(task: Task, header: string[], flows: FlowCatalog): Promise<string[]> {
  if (header.length === 0) throw refuseTask('badHeader', 'the header is empty');
  if (header.length > L.maxColumns) throw refuseTask('badHeader', `the header has ${header.length} columns, at most ${L.maxColumns}`);
  const seen = new Set<string>();
  for (const [i, c] of header.entries()) {
    if (c.length === 0 || c.length > L.maxColumnNameChars) throw refuseTask('badHeader', `column ${i + 1} of the header must be 1 to ${L.maxColumnNameChars} characters`);
    if (seen.has(c)) throw refuseTask('badHeader', `column "${c}" appears twice in the header`);
    seen.add(c);
  }
  if (!seen.has(CALLEE_COLUMN)) throw refuseTask('badHeader', `the header has no "${CALLEE_COLUMN}" column (the callee's number)`);
  if (task.header && task.header.join('\u0000') !== header.join('\u0000')) {
    throw refuseTask('badHeader', `the header must be the task's: ${task.header.join(',')}`);
  }
  const variables = await flows.variables(task.appKey, task.flowId, task.flowVersion);
  if (variables === undefined) throw refuseTask('flowNotFound', `flow ${task.flowId}${task.flowVersion ? ` version ${task.flowVersion}` : ''} does not exist`);
  const missing = variables.filter((v) => !seen.has(v));
  if (missing.length > 0) throw refuseTask('missingVariable', `the header lacks the flow's variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  return variables;
}

/** Why a record is refused (before duplicates, which need the batch and the store), or its row. */
function checkRecord(task: Task, header: string[], needed: Set<number>, record: string[], blacklisted: IngestDeps['blacklisted'], valueCheck?: RowValueCheck):
  { reason: RowRefusalReason; detail: string } | NewTaskRow {
  if (record.length < header.length) return { reason: 'missing_column', detail: `${record.length} values for ${header.length} columns` };
  if (record.length > header.length) return { reason: 'extra_column', detail: `${record.length} values for ${header.length} columns` };
  for (const [i, v] of record.entries()) {
    if (v.length > L.maxValueChars) return { reason: 'too_long', detail: `${header[i]} is ${v.length} characters, at most ${L.maxValueChars}` };
    if (needed.has(i) && v.trim() === '') return { reason: 'missing_variable', detail: `${header[i]} is empty and the flow needs it` };
    // The value as it will be read: what the flow's template variable, text or transfer takes.
    const problem = needed.has(i) ? valueCheck?.(header[i]!, v) : undefined;
    if (problem) return { reason: problem.kind, detail: problem.message };
  }
  const callee = record[header.indexOf(CALLEE_COLUMN)]!.trim();
  if (!number.test(callee)) return { reason: 'bad_number', detail: `callee "${callee.slice(0, 40)}" is not +{country code}{number}` };
  const tzAt = header.indexOf(TZ_COLUMN);
  const tz = tzAt >= 0 ? record[tzAt]!.trim() : '';
  if (tz !== '' && !isTimeZone(tz)) return { reason: 'bad_time_zone', detail: `tz "${tz.slice(0, 64)}" is not an IANA time zone` };
  if (blacklisted(task.appKey, callee)) return { reason: 'blacklisted', detail: `${callee} is on a callee blacklist` };
  return { callee, values: record, ...(tz !== '' ? { timeZone: tz } : {}) };
}

/**
 * Adds the records (after `header`) to the task, all or nothing. Throws a TaskRefusal for a refused
 * upload (and for whatever `records` throws: malformed CSV, too large), having kept nothing.
 */
export async function ingestRows(deps: IngestDeps, task: Task, header: string[], records: AsyncIterable<string[]> | Iterable<string[]>): Promise<IngestResult> {
  const variables = await checkHeader(task, header, deps.flows);
  const needed = new Set(variables.map((v) => header.indexOf(v)).filter((i) => i >= 0));
  const valueCheck = await deps.flows.valueCheck?.(task.appKey, task.flowId, task.flowVersion);
  const uploadId = randomBytes(8).toString('hex');
  const begun = await deps.repo.beginUpload(task.taskId, uploadId, header, deps.now(), L.uploadLeaseMs);
  if (!begun.ok) {
    if (begun.why === 'busy') throw refuseTask('uploadBusy', 'another upload to this task is in progress; send this one when it has finished');
    if (begun.why === 'closed') throw refuseTask('rowsClosed', 'the task is completed or cancelled and takes no more rows');
    if (begun.why === 'header') throw refuseTask('badHeader', `the header must be the task's: ${begun.header?.join(',')}`);
    throw refuseTask('notFound', `task ${task.taskId} does not exist`);
  }
  const refused: RowRefusal[] = [];
  let refusedCount = 0;
  const refuse = (index: number, reason: RowRefusalReason, detail: string) => {
    refusedCount++;
    if (refused.length < L.maxRefusalsListed) refused.push({ index, reason, detail });
  };
  let batch: NewTaskRow[] = [];
  let positions: number[] = [];
  let inBatch = new Set<string>();
  let staged = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const done = await deps.repo.stageRows(task.taskId, uploadId, batch, task.retry.maxTries, deps.now(), L.uploadLeaseMs);
    if (!done) throw refuseTask('uploadBusy', 'the upload took longer than its lease and another one took the task over');
    for (const i of done.duplicates) refuse(positions[i]!, 'duplicate', `${batch[i]!.callee} is already a row of the task`);
    staged = done.staged;
    if (begun.nextIndex - 1 + staged > L.maxRowsPerTask) {
      throw refuseTask('tooManyRows', `the task would have more than ${L.maxRowsPerTask} rows; nothing of this upload was kept`);
    }
    batch = [];
    positions = [];
    inBatch = new Set();
  };
  try {
    let index = 0;
    for await (const record of records) {
      index++;
      const row = checkRecord(task, header, needed, record, deps.blacklisted, valueCheck);
      if ('reason' in row) refuse(index, row.reason, row.detail);
      else if (inBatch.has(row.callee)) refuse(index, 'duplicate', `${row.callee} is already a row of the task`);
      else {
        inBatch.add(row.callee);
        batch.push(row);
        positions.push(index);
        if (batch.length >= L.batchRows) await flush();
      }
    }
    await flush();
    const finished = await deps.repo.finishUpload(task.taskId, uploadId, header, deps.now());
    if (!finished) {
      const now = await deps.repo.get(task.taskId);
      if (now && (now.state === 'completed' || now.state === 'cancelled')) throw refuseTask('rowsClosed', 'the task ended while the rows were uploaded; none was kept');
      throw refuseTask('uploadBusy', 'the upload took longer than its lease and another one took the task over');
    }
    return { taskId: task.taskId, added: finished.added, rowCount: finished.rowCount, refusedCount, refused };
  } catch (err) {
    await deps.repo.abortUpload(task.taskId, uploadId);
    throw err;
  }
}
