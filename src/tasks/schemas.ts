// The JSON bodies and queries of the task routes, shared by the application API and the
// management API (and so by the OpenAPI document). Ranges are checked in validate.ts, which names
// the field; here only the JSON types and sizes.

import { Type, type Static } from '@sinclair/typebox';
import { TASK_LIMITS as L } from './limits.js';

const Window = Type.Object({
  day: Type.Integer({ description: '1 = Monday ... 7 = Sunday' }),
  from: Type.String({ maxLength: 5, description: 'HH:MM local, inclusive' }),
  to: Type.String({ maxLength: 5, description: 'HH:MM local, exclusive ("24:00" allowed); earlier than from = past midnight' }),
}, { additionalProperties: false });

export const TaskBody = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 128 })),
  flowId: Type.String({ minLength: 1, maxLength: 64 }),
  flowVersion: Type.Optional(Type.Integer()),
  displayNumbers: Type.Array(Type.String({ maxLength: 31 }), { maxItems: L.maxDisplayNumbers, description: 'numbers of the app, used in rotation' }),
  timeZone: Type.Optional(Type.String({ maxLength: 64, description: 'IANA time zone (default Asia/Shanghai)' })),
  windows: Type.Optional(Type.Array(Window, { maxItems: L.maxWindows })),
  forbiddenDates: Type.Optional(Type.Array(Type.String({ maxLength: 10 }), { maxItems: L.maxForbiddenDates })),
  concurrency: Type.Optional(Type.Integer()),
  cps: Type.Optional(Type.Integer()),
  retry: Type.Optional(Type.Object({
    maxTries: Type.Optional(Type.Integer()),
    intervalSeconds: Type.Optional(Type.Integer()),
    retryOn: Type.Optional(Type.Array(Type.String({ maxLength: 4 }), { maxItems: 32 })),
  }, { additionalProperties: false })),
  startAt: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601 with an offset' })),
  endAt: Type.Optional(Type.String({ maxLength: 40 })),
}, { additionalProperties: false });
export type TaskBody = Static<typeof TaskBody>;

export const RowsBody = Type.Object({
  header: Type.Array(Type.String({ maxLength: L.maxColumnNameChars }), { minItems: 1, maxItems: L.maxColumns }),
  rows: Type.Array(Type.Array(Type.String()), { maxItems: 10_000, description: 'at most 10,000 rows per request: larger tables go as CSV' }),
}, { additionalProperties: false });
export type RowsBody = Static<typeof RowsBody>;

// Query strings are not coerced: numbers arrive as digits.
export const RowsQuery = Type.Object({
  after: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$', description: 'the last rowIndex of the previous page (default 0)' })),
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$', description: `1-${L.maxPageRows}, default 100` })),
}, { additionalProperties: false });
export type RowsQuery = Static<typeof RowsQuery>;

export const ListQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 100, description: 'nextCursor of the previous page' })),
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$', description: '1-200, default 50' })),
}, { additionalProperties: false });
export type ListQuery = Static<typeof ListQuery>;

export const ExportQuery = Type.Object({
  format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('jsonl')], { description: 'default csv' })),
}, { additionalProperties: false });
export type ExportQuery = Static<typeof ExportQuery>;

export const TaskIdParam = { taskId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) };

export const CSV_TYPES = ['text/csv', 'application/csv'];

/** The page of a list: a cursor "createdAt.taskId" of the last task, or undefined for the first page. */
export function listCursor(raw: string | undefined): { createdAt: number; taskId: string } | undefined | 'bad' {
  if (raw === undefined || raw === '') return undefined;
  const m = /^(\d{1,15})\.([A-Za-z0-9_-]{1,64})$/.exec(raw);
  return m ? { createdAt: Number(m[1]), taskId: m[2]! } : 'bad';
}

export const pageOf = (raw: string | undefined, dflt: number, max: number): number | 'bad' => {
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  return n >= 1 && n <= max ? n : 'bad';
};
