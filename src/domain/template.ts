// TTS template variables (reference 5.2): `${NUM_2}` is a number of at most 2 digits, `${TXT_32}`
// a text of at most 32 characters; voxcall adds the other types common on Chinese voice and SMS
// platforms (docs/templates.md tables each). templateParas fill them in order. Pure functions.

export type TemplateVarType = 'NUM' | 'TXT' | 'MONEY' | 'DATE' | 'TIME' | 'PHONE' | 'CODE' | 'CHN' | (string & {});

export interface TemplateVariable {
  /** As written inside ${...}, e.g. "NUM_2" or "DATE". */
  name: string;
  type: TemplateVarType;
  maxLength: number;
}

export interface VariableType {
  /** Fixed length of the types written without `_n` (DATE, TIME); undefined = `_n` gives it. */
  fixedLength?: number;
  /** What a value must look like; every value is also free of "$", "{" and "}". */
  pattern: RegExp;
  /** The rule in words, for refusals and the docs. */
  rule: string;
  /** An extra check the pattern cannot make (a real calendar date). */
  valid?: (value: string) => boolean;
}

/** Largest `_n`: a templateParas value is at most 32 characters (table 5-5). */
export const MAX_VARIABLE_LENGTH = 32;

function realDate(v: string): boolean {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
}

export const VARIABLE_TYPES: Record<string, VariableType> = {
  NUM: { pattern: /^[0-9]+$/, rule: 'digits 0-9' },
  TXT: { pattern: /^[^]+$/, rule: 'any characters' },
  MONEY: { pattern: /^[0-9]+(\.[0-9]{1,2})?$/, rule: 'an amount: digits, optionally "." and 1-2 decimals' },
  DATE: { fixedLength: 10, pattern: /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, rule: 'a date yyyy-MM-dd', valid: realDate },
  TIME: { fixedLength: 8, pattern: /^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$/, rule: 'a time HH:mm or HH:mm:ss' },
  PHONE: { pattern: /^\+?[0-9](-?[0-9])*$/, rule: 'a phone number: digits, an optional leading "+", single "-" between digits' },
  CODE: { pattern: /^[A-Za-z0-9]+$/, rule: 'a code: letters A-Z, a-z and digits' },
  CHN: { pattern: /^\p{Script=Han}+$/u, rule: 'Chinese characters only' },
};

const VARIABLE = /\$\{([A-Z]+)(?:_(\d+))?\}/g;
const FORBIDDEN = /[${}]/;

export function templateVariables(content: string): TemplateVariable[] {
  return [...content.matchAll(VARIABLE)].map((m) => {
    const type = m[1]!;
    const fixed = VARIABLE_TYPES[type]?.fixedLength;
    const maxLength = m[2] !== undefined ? Number(m[2]) : (fixed ?? 0);
    return { name: m[2] !== undefined ? `${type}_${m[2]}` : type, type, maxLength };
  });
}

/**
 * Why a template's content cannot be stored (unknown type, bad length, stray "${"), or undefined
 * when it is fine. Templates stored before the types existed keep working: unknown types are
 * checked as TXT at call time.
 */
export function checkTemplateContent(content: string, maxVariables = 10): string | undefined {
  const vars = templateVariables(content);
  if (vars.length > maxVariables) return `at most ${maxVariables} variables (templateParas holds 10 values), found ${vars.length}`;
  for (const v of vars) {
    const type = VARIABLE_TYPES[v.type];
    if (!type) return `\${${v.name}}: unknown variable type ${v.type} (known: ${Object.keys(VARIABLE_TYPES).join(', ')})`;
    if (type.fixedLength !== undefined && v.name !== v.type) return `\${${v.name}}: ${v.type} takes no length, write \${${v.type}}`;
    if (type.fixedLength === undefined && v.name === v.type) return `\${${v.name}}: ${v.type} needs a maximum length, e.g. \${${v.type}_6}`;
    if (v.maxLength < 1 || v.maxLength > MAX_VARIABLE_LENGTH) return `\${${v.name}}: the length must be 1 to ${MAX_VARIABLE_LENGTH}`;
  }
  if (FORBIDDEN.test(content.replace(VARIABLE, ''))) return 'a "$", "{" or "}" outside a ${TYPE_n} variable';
  return undefined;
}

export type ParasCheck = { ok: true } | { ok: false; index: number; reason: string };

/**
 * Checks paras against the template. On a count mismatch, index is the first position that has
 * no partner (the first missing or the first extra value).
 */
export function checkTemplateParas(content: string, paras: readonly string[]): ParasCheck {
  const vars = templateVariables(content);
  if (vars.length !== paras.length) {
    return {
      ok: false,
      index: Math.min(vars.length, paras.length),
      reason: `template has ${vars.length} variable(s), ${paras.length} value(s) given`,
    };
  }
  for (let i = 0; i < vars.length; i++) {
    const v = vars[i]!;
    const value = paras[i]!;
    const len = [...value].length;
    if (len === 0) return { ok: false, index: i, reason: `value for ${v.name} is empty` };
    if (len > v.maxLength) return { ok: false, index: i, reason: `value for ${v.name} is longer than ${v.maxLength}` };
    if (FORBIDDEN.test(value)) return { ok: false, index: i, reason: 'value contains "$", "{" or "}"' };
    const type = VARIABLE_TYPES[v.type];
    if (type && (!type.pattern.test(value) || (type.valid && !type.valid(value)))) {
      return { ok: false, index: i, reason: `value for ${v.name} must be ${type.rule}` };
    }
  }
  return { ok: true };
}

/** The text to speak: each variable replaced by its value, in order (a missing value speaks as nothing). */
export function fillTemplate(content: string, paras: readonly string[]): string {
  let i = 0;
  return content.replace(VARIABLE, () => paras[i++] ?? '');
}
