// What both APIs answer about tasks and rows (JSON, ISO 8601 times), and the export lines
// (CSV, JSON Lines), one row at a time so an export of 100,000 rows streams.

import type { Task, TaskCounters, TaskRow } from '../domain/task.js';
import { csvLine } from '../api/manage/csv.js';
import { resultDesc } from './results.js';

const iso = (ms: number) => new Date(ms).toISOString();

export function taskView(t: Task, counters?: TaskCounters): Record<string, unknown> {
  return {
    taskId: t.taskId, name: t.name, state: t.state, ...(t.pausedBy ? { pausedBy: t.pausedBy } : {}),
    flowId: t.flowId, ...(t.flowVersion !== undefined ? { flowVersion: t.flowVersion } : {}),
    displayNumbers: t.displayNumbers, timeZone: t.timeZone, windows: t.windows, forbiddenDates: t.forbiddenDates,
    concurrency: t.concurrency, cps: t.cps, retry: t.retry,
    ...(t.startAt !== undefined ? { startAt: iso(t.startAt) } : {}),
    ...(t.endAt !== undefined ? { endAt: iso(t.endAt) } : {}),
    ...(t.header ? { header: t.header } : {}),
    rowCount: t.rowCount, createdAt: iso(t.createdAt), updatedAt: iso(t.updatedAt),
    ...(counters ? { counters } : {}),
  };
}

export function rowView(r: TaskRow): Record<string, unknown> {
  return {
    rowIndex: r.rowIndex, callee: r.callee, values: r.values, ...(r.timeZone ? { timeZone: r.timeZone } : {}),
    state: r.state, tries: r.tries, maxTries: r.maxTries,
    ...(r.state === 'pending' ? { nextAt: iso(r.nextAt) } : {}),
    ...(r.lastResult !== undefined ? { lastResult: r.lastResult, lastResultDesc: resultDesc(r.lastResult) ?? '' } : {}),
    ...(r.lastSessionId !== undefined ? { lastSessionId: r.lastSessionId } : {}),
    ...(r.lastTag !== undefined ? { lastTag: r.lastTag } : {}),
  };
}

export type ExportFormat = 'csv' | 'jsonl';
export const EXPORT_TYPES: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson; charset=utf-8' };
/** Columns an export adds after the task's own. */
export const RESULT_COLUMNS = ['row_index', 'state', 'tries', 'last_result', 'last_result_desc', 'last_session_id', 'tag'];

/** The export of the rows, line by line: CSV (header line first; cells neutralised against formulas) or JSON Lines. */
export async function* exportLines(task: Task, rows: AsyncIterable<TaskRow>, format: ExportFormat): AsyncGenerator<string> {
  const header = task.header ?? ['callee'];
  if (format === 'csv') yield '\uFEFF' + csvLine([...header, ...RESULT_COLUMNS]);
  for await (const r of rows) {
    if (format === 'csv') {
      yield csvLine([...r.values, String(r.rowIndex), r.state, String(r.tries), r.lastResult ?? '', r.lastResult ? resultDesc(r.lastResult) ?? '' : '', r.lastSessionId ?? '', r.lastTag ?? '']);
    } else {
      yield JSON.stringify({
        taskId: task.taskId, rowIndex: r.rowIndex, values: Object.fromEntries(header.map((h, i) => [h, r.values[i] ?? ''])), state: r.state, tries: r.tries,
        lastResult: r.lastResult ?? null, lastResultDesc: r.lastResult ? resultDesc(r.lastResult) ?? '' : null, lastSessionId: r.lastSessionId ?? null, tag: r.lastTag ?? null,
      }) + '\n';
    }
  }
}
