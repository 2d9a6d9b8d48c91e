// A small, data-driven validator for push bodies: each format lists its fields once (name,
// wire type, required) and the decoders check a parsed body against that list, collecting every
// problem rather than stopping at the first.

export type WireType =
  | 'string'
  | 'int' // a JSON integer
  | 'intArray'
  | 'stringArray'
  | 'secondsString' // a string of decimal digits (vsp eventTime)
  | 'intString'; // a string holding an integer, sign allowed (robot task_result)

export interface FieldSpec {
  name: string;
  type: WireType;
  required: boolean;
  /** Longest string allowed, in characters (code points). */
  max?: number;
}

export class PushDecodeError extends Error {
  readonly problems: string[];
  constructor(format: string, problems: string[]) {
    super(`not a valid ${format} push: ${problems.join('; ')}`);
    this.name = 'PushDecodeError';
    this.problems = problems;
  }
}

function typeProblem(type: WireType, v: unknown): string | undefined {
  switch (type) {
    case 'string': return typeof v === 'string' ? undefined : 'must be a string';
    case 'int': return Number.isSafeInteger(v) ? undefined : 'must be an integer';
    case 'intArray': return Array.isArray(v) && v.every((x) => Number.isSafeInteger(x)) ? undefined : 'must be an array of integers';
    case 'stringArray': return Array.isArray(v) && v.every((x) => typeof x === 'string') ? undefined : 'must be an array of strings';
    case 'secondsString': return typeof v === 'string' && /^\d+$/.test(v) ? undefined : 'must be a string of decimal seconds';
    case 'intString': return typeof v === 'string' && /^-?\d+$/.test(v) ? undefined : 'must be a string holding an integer';
  }
}

/** Parses a body (string or already-parsed JSON) into a JSON object, or throws PushDecodeError. */
export function parseObject(format: string, body: unknown): Record<string, unknown> {
  let v = body;
  if (typeof body === 'string') {
    try {
      v = JSON.parse(body);
    } catch {
      throw new PushDecodeError(format, ['the body is not JSON']);
    }
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new PushDecodeError(format, ['the body is not a JSON object']);
  return v as Record<string, unknown>;
}

/** Checks `obj` against `specs`; unknown fields are tolerated (a newer sender may add some). */
export function checkFields(format: string, obj: Record<string, unknown>, specs: FieldSpec[], where = ''): void {
  const problems: string[] = [];
  for (const s of specs) {
    const v = obj[s.name];
    if (v === undefined || v === null) {
      if (s.required) problems.push(`${where}${s.name} is missing`);
      continue;
    }
    const p = typeProblem(s.type, v);
    if (p) problems.push(`${where}${s.name} ${p}`);
    else if (s.max !== undefined && typeof v === 'string' && [...v].length > s.max) problems.push(`${where}${s.name} is longer than ${s.max}`);
  }
  if (problems.length > 0) throw new PushDecodeError(format, problems);
}

/** Reads an optional field already checked by checkFields. */
export function opt<T>(obj: Record<string, unknown>, name: string): T | undefined {
  const v = obj[name];
  return v === undefined || v === null ? undefined : (v as T);
}

/** A millisecond timestamp where 0 means "did not happen". */
export function msOrUndefined(v: number | undefined): number | undefined {
  return v === undefined || v === 0 ? undefined : v;
}

/** Talk seconds from the answer and end times (0 when unanswered), as the Huawei decoder counts them. */
export function talkSeconds(answerAt: number | undefined, endAt: number): number {
  return answerAt === undefined ? 0 : Math.max(0, Math.ceil((endAt - answerAt) / 1000));
}
