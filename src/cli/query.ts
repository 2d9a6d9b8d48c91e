// Query strings of the listing commands: the options a user gave, as the management API reads them.

import { InvalidArgumentError } from 'commander';

/** `?k=v&...` of the parameters that are set ('' when none is). */
export function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** `--limit` of the calls and pushes listings: checked here so a typo is an option error, not a 400. */
export function pageLimit(v: string): string {
  if (!/^\d{1,3}$/.test(v) || Number(v) < 1 || Number(v) > 500) throw new InvalidArgumentError('1 to 500');
  return v;
}
