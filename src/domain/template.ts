// TTS template variables (reference 5.2): `${NUM_2}` is a number of at most 2 digits, `${TXT_32}`
// a text of at most 32 characters. templateParas fill them in order. Pure functions.

export type TemplateVarType = 'NUM' | 'TXT' | (string & {});

export interface TemplateVariable {
  /** As written inside ${...}, e.g. "NUM_2". */
  name: string;
  type: TemplateVarType;
  maxLength: number;
}

export type ParasCheck = { ok: true } | { ok: false; index: number; reason: string };

const VARIABLE = /\$\{([A-Z]+)_(\d+)\}/g;
const FORBIDDEN = /[${}]/;

export function templateVariables(content: string): TemplateVariable[] {
  return [...content.matchAll(VARIABLE)].map((m) => ({ name: `${m[1]}_${m[2]}`, type: m[1]!, maxLength: Number(m[2]) }));
}

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
    if (v.type === 'NUM' && !/^[0-9]+$/.test(value)) return { ok: false, index: i, reason: `value for ${v.name} must be digits` };
  }
  return { ok: true };
}

/** The text to speak: each variable replaced by its value, in order (a missing value speaks as nothing). */
export function fillTemplate(content: string, paras: readonly string[]): string {
  let i = 0;
  return content.replace(VARIABLE, () => paras[i++] ?? '');
}
