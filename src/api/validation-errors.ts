// Turns Fastify's schema-validation errors into one readable sentence for resultdesc: the field as
// a client would write it, and the rule it broke.

import { PATTERN_HINTS } from './schemas.js';

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

function fieldName(path: string, missing?: unknown): string {
  const parts = path.split('/').filter(Boolean);
  if (typeof missing === 'string') parts.push(missing);
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out || 'body';
}

export function describeValidation(errors: AjvError[] | undefined): string {
  const e = errors?.[0];
  if (!e) return 'the request does not match the API';
  const field = fieldName(e.instancePath, e.params.missingProperty);
  const p = e.params;
  switch (e.keyword) {
    case 'required':
      return `${field} is required`;
    case 'type':
      return `${field} must be of type ${String(p.type)}`;
    case 'enum':
      return `${field} must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'pattern':
      return `${field} ${PATTERN_HINTS[String(p.pattern)] ?? `must match ${String(p.pattern)}`}`;
    case 'minLength':
      return `${field} must be at least ${String(p.limit)} characters`;
    case 'maxLength':
      return `${field} must be at most ${String(p.limit)} characters`;
    case 'minimum':
    case 'maximum':
      return `${field} must be ${e.keyword === 'minimum' ? '>=' : '<='} ${String(p.limit)}`;
    case 'minItems':
      return `${field} must have at least ${String(p.limit)} items`;
    case 'maxItems':
      return `${field} must have at most ${String(p.limit)} items`;
    default:
      return `${field} ${e.message ?? 'is invalid'}`;
  }
}
