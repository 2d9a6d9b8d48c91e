// Page cursors of the push listings: the (createdAt, id) of the last row of the page, opaque to
// clients (base64url) so the key can change without breaking their code.

import type { PushKey } from '../../store/types.js';
import { manageError } from './errors.js';

export function encodeCursor(key: PushKey): string {
  return Buffer.from(`${key.createdAt}.${key.id}`, 'utf8').toString('base64url');
}

/** The key of a cursor this API gave; anything else is a VX.INVALID naming the parameter. */
export function decodeCursor(cursor: string | undefined, field = 'cursor'): PushKey | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const m = /^(\d{1,16})\.(\S{1,128})$/.exec(text);
  if (!m) throw manageError('invalid', `query parameter ${field} is not a cursor this API gave (use the nextCursor of the previous page)`);
  return { createdAt: Number(m[1]), id: m[2]! };
}

/** The cursor of the page after `rows`, when the page was full (there may be more). */
export function nextCursor<T extends PushKey>(rows: T[], limit: number): string | undefined {
  const last = rows.at(-1);
  return rows.length === limit && last ? encodeCursor(last) : undefined;
}
