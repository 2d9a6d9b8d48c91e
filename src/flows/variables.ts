// `${name}` in a flow: the task row's value of column `name`. Where a flow reads variables (say
// text, prompt text, template params, a transfer's number), what each use may hold, and the
// list the task engineer checks a task's CSV header against. Pure functions.

import { VARIABLE_TYPES, templateVariables } from '../domain/template.js';
import { FLOW_LIMITS, MAX_TEXT_VALUE_CHARS, type FlowDefinition } from '../domain/flow.js';
import { pointer } from './pointer.js';

/** A column name: a letter (any script) or "_", then letters, digits or "_"; at most 64. */
export const VARIABLE_NAME = /^[\p{L}_][\p{L}\p{N}_]{0,63}$/u;
const PLACEHOLDER = /\$\{([^${}]*)\}/gu;
const STRAY = /[${}]/;
const ONE_PLACEHOLDER = /^\$\{([^${}]*)\}$/u;
/** +{country code}{number}, as display numbers are written. */
export const E164 = /^\+[1-9][0-9]{2,29}$/;

export type TextScan = { names: string[]; problem?: undefined } | { names?: undefined; problem: string };

/** The variables of a text, in order of appearance (repeats kept), or why its `${...}` syntax is wrong. */
export function scanText(text: string): TextScan {
  const names: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) {
    const name = m[1]!;
    if (!VARIABLE_NAME.test(name)) return { problem: `"\${${name}}" is not a variable: write \${name}, name a letter or "_" then letters, digits or "_" (at most ${FLOW_LIMITS.variableNameChars})` };
    names.push(name);
  }
  if (STRAY.test(text.replace(PLACEHOLDER, ''))) return { problem: 'a "$", "{" or "}" outside a ${name} variable' };
  return { names };
}

/**
 * A value that is either a literal (no "$", "{", "}") or exactly one `${name}`: template params and
 * a transfer's number. Resolves the variable's name, a literal, or the problem.
 */
export function scanSingle(value: string): { variable: string } | { literal: string } | { problem: string } {
  const m = ONE_PLACEHOLDER.exec(value);
  if (m) {
    return VARIABLE_NAME.test(m[1]!) ? { variable: m[1]! } : { problem: `"\${${m[1]!}}" is not a variable: write \${name}, name a letter or "_" then letters, digits or "_"` };
  }
  if (STRAY.test(value)) return { problem: 'either a literal value (no "$", "{" or "}") or exactly one ${name}, nothing around it' };
  return { literal: value };
}

/** Where a flow reads a variable. */
export interface VariableUse {
  name: string;
  node: string;
  /** JSON Pointer of the field that reads it. */
  path: string;
  /** text: spoken inside a TTS text; param: one template variable's value; number: a transfer's number. */
  as: 'text' | 'param' | 'number';
  /** For `param`: the template and the 0-based index of the template variable the value fills. */
  template?: string;
  paramIndex?: number;
}

/** Every read of a variable, in node order. The flow is assumed valid (validateFlow). */
export function flowVariableUses(flow: FlowDefinition): VariableUse[] {
  const uses: VariableUse[] = [];
  const text = (node: string, path: string, s: string) => {
    for (const name of scanText(s).names ?? []) uses.push({ name, node, path, as: 'text' });
  };
  const params = (node: string, path: string, template: string, list: readonly string[] | undefined) => {
    (list ?? []).forEach((p, i) => {
      const s = scanSingle(p);
      if ('variable' in s) uses.push({ name: s.variable, node, path: pointer(path, 'params', i), as: 'param', template, paramIndex: i });
    });
  };
  flow.nodes.forEach((n, i) => {
    const at = pointer('', 'nodes', i);
    if (n.type === 'say') {
      if (n.text !== undefined) text(n.id, pointer(at, 'text'), n.text);
      if (n.template !== undefined) params(n.id, at, n.template, n.params);
    } else if (n.type === 'gather') {
      (n.prompt ?? []).forEach((item, j) => {
        const itemAt = pointer(at, 'prompt', j);
        if ('say' in item) text(n.id, pointer(itemAt, 'say'), item.say);
        else if ('template' in item) params(n.id, itemAt, item.template, item.params);
      });
    } else if (n.type === 'transfer') {
      const s = scanSingle(n.to);
      if ('variable' in s) uses.push({ name: s.variable, node: n.id, path: pointer(at, 'to'), as: 'number' });
    }
  });
  return uses;
}

/**
 * The variables the flow needs from a task row, each once, in order of first use. A task whose
 * header lacks one of them is refused (the tasks' check). Values set by `set` nodes are outputs and
 * never count: every `${name}` reads the row.
 */
export function flowVariables(flow: FlowDefinition): string[] {
  return [...new Set(flowVariableUses(flow).map((u) => u.name))];
}

/** Why a value cannot fill a use: too long for it, or not the characters it takes. */
export interface ValueProblem {
  kind: 'too_long' | 'bad_value';
  message: string;
}

/**
 * Why a row value cannot fill this use, classified, or undefined when it can. `templateContent` is
 * the content of the use's template (for `param` uses; without it only the generic rules are checked).
 */
export function variableValueProblem(use: VariableUse, value: string, templateContent?: string): ValueProblem | undefined {
  const chars = [...value].length;
  const bad = (message: string): ValueProblem => ({ kind: 'bad_value', message });
  const long = (message: string): ValueProblem => ({ kind: 'too_long', message });
  if (chars === 0) return bad(`\${${use.name}} is empty`);
  if (STRAY.test(value)) return bad(`\${${use.name}} contains "$", "{" or "}"`);
  if (use.as === 'number') return E164.test(value) ? undefined : bad(`\${${use.name}} must be a number +{country code}{number} to transfer to`);
  if (use.as === 'text') return chars > MAX_TEXT_VALUE_CHARS ? long(`\${${use.name}} is longer than ${MAX_TEXT_VALUE_CHARS} characters (spoken in a text)`) : undefined;
  const v = templateContent === undefined ? undefined : templateVariables(templateContent)[use.paramIndex ?? 0];
  if (!v) return chars > FLOW_LIMITS.paramChars ? long(`\${${use.name}} is longer than ${FLOW_LIMITS.paramChars} characters (a template value)`) : undefined;
  if (chars > v.maxLength) return long(`\${${use.name}} is longer than ${v.maxLength} characters, the most \${${v.name}} of template ${use.template ?? ''} takes`);
  const type = VARIABLE_TYPES[v.type];
  if (type && (!type.pattern.test(value) || (type.valid && !type.valid(value)))) return bad(`\${${use.name}} fills \${${v.name}} of template ${use.template ?? ''}, which must be ${type.rule}`);
  return undefined;
}

/** Why a row value cannot fill this use (variableValueProblem's message), or undefined when it can. */
export function checkVariableValue(use: VariableUse, value: string, templateContent?: string): string | undefined {
  return variableValueProblem(use, value, templateContent)?.message;
}
