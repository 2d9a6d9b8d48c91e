// The `from`/`to` filter of the listings (calls, pushes, replay by filter): ISO 8601 times on
// created_at, `from` inclusive, `to` exclusive, read and refused the same way everywhere.

import { Type } from '@sinclair/typebox';
import { manageError } from './errors.js';

export const IsoTime = Type.String({ format: 'date-time', description: 'ISO 8601, e.g. 2026-11-23T02:00:00Z' });

function time(field: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw manageError('invalid', `${field} is not an ISO 8601 time`);
  return ms;
}

/**
 * The range in ms, with only the ends given; a VX.INVALID for a time that does not parse or an
 * empty range. `where` prefixes the field in the message ('query parameter ' for a query string).
 */
export function createdRange(f: { from?: string; to?: string }, where = ''): { createdFrom?: number; createdTo?: number } {
  const from = time(`${where}from`, f.from);
  const to = time(`${where}to`, f.to);
  if (from !== undefined && to !== undefined && to <= from) throw manageError('invalid', 'to must be later than from');
  return { ...(from !== undefined && { createdFrom: from }), ...(to !== undefined && { createdTo: to }) };
}
