// JSON Pointers (RFC 6901) naming where in a flow definition an error is: "/nodes/2/branches/1".

/** `base` followed by each segment, escaped ("~" → "~0", "/" → "~1"). */
export function pointer(base: string, ...segments: Array<string | number>): string {
  return base + segments.map((s) => `/${String(s).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}
