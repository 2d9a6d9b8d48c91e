// The `limit` query parameter of the management listings: one reading and one refusal for all of
// them (the schemas let only digits through; the range is checked here, with the listing's bound).

import { manageError } from './errors.js';

export const DEFAULT_PAGE = 100;

/** The page size asked for: `DEFAULT_PAGE` when absent, else 1 to `max` or a VX.INVALID naming the range. */
export function pageLimit(limit: string | undefined, max: number): number {
  const n = limit === undefined ? DEFAULT_PAGE : Number(limit);
  if (!(n >= 1 && n <= max)) throw manageError('invalid', `query parameter limit must be 1 to ${max}`);
  return n;
}
