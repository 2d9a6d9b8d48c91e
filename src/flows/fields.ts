// The fields each node type takes, as data: one rule per field (type, range, syntax), so every
// field error of every node is reported, and docs/flows.md's tables read like this file. Rules
// that span fields (say's text or template, gather's branches against maxDigits) are in node-rules.ts.

import { FLOW_LIMITS, MAX_VISITS, type FlowErrorCode, type NodeType } from '../domain/flow.js';
import { pointer } from './pointer.js';
import { E164, scanSingle, scanText, VARIABLE_NAME } from './variables.js';

export type Report = (code: FlowErrorCode, path: string, message: string) => void;
export type Check = (value: unknown, path: string, report: Report) => void;
export interface Field {
  required?: boolean;
  check: Check;
}

const chars = (s: string) => [...s].length;
/** A value quoted in a message, cut to 40 characters; a value too deep to write is named by its type. */
const shown = (v: unknown) => {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = Array.isArray(v) ? 'a deeply nested array' : 'a deeply nested object';
  }
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function str(opts: { min?: number; max: number; pattern?: RegExp; rule?: string }): Check {
  return (v, path, report) => {
    if (typeof v !== 'string') return report('bad_shape', path, `must be a string, got ${shown(v)}`);
    if (chars(v) > opts.max) return report('too_long', path, `is ${chars(v)} characters, at most ${opts.max}`);
    if (chars(v) < (opts.min ?? 1)) return report('bad_value', path, `must be at least ${opts.min ?? 1} character(s)`);
    if (opts.pattern && !opts.pattern.test(v)) report('bad_value', path, `must be ${opts.rule ?? `like ${String(opts.pattern)}`}, got ${shown(v)}`);
  };
}

export function int(min: number, max: number, unit = ''): Check {
  return (v, path, report) => {
    if (typeof v !== 'number') return report('bad_shape', path, `must be a number, got ${shown(v)}`);
    if (!Number.isInteger(v) || v < min || v > max) report('bad_value', path, `must be a whole number ${min} to ${max}${unit}, got ${shown(v)}`);
  };
}

export const bool: Check = (v, path, report) => {
  if (typeof v !== 'boolean') report('bad_shape', path, `must be true or false, got ${shown(v)}`);
};

export function oneOf(values: readonly string[]): Check {
  return (v, path, report) => {
    if (typeof v !== 'string') return report('bad_shape', path, `must be a string, got ${shown(v)}`);
    if (!values.includes(v)) report('bad_value', path, `must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}, got ${shown(v)}`);
  };
}

/** A reference to a node: a string here; whether the node exists is the graph's check. */
export const ref: Check = (v, path, report) => {
  if (typeof v !== 'string' || v === '') report('bad_shape', path, `must be a node id (a string), got ${shown(v)}`);
};

/** TTS text with `${name}` variables. */
export function text(max: number): Check {
  const base = str({ max });
  return (v, path, report) => {
    let failed = false;
    base(v, path, (...a) => {
      failed = true;
      report(...a);
    });
    const scan = failed ? undefined : scanText(v as string);
    if (scan?.problem) report('bad_variable', path, scan.problem);
  };
}

/** A template param: a literal (at most 32 characters) or exactly one `${name}`. */
export const param: Check = (v, path, report) => {
  if (typeof v !== 'string') return report('bad_shape', path, `must be a string, got ${shown(v)}`);
  const s = scanSingle(v);
  if ('problem' in s) return report('bad_variable', path, s.problem);
  if ('literal' in s && chars(v) > FLOW_LIMITS.paramChars) report('too_long', path, `is ${chars(v)} characters, a template value is at most ${FLOW_LIMITS.paramChars}`);
  if ('literal' in s && v === '') report('bad_value', path, 'a template value is never empty');
};

export const params: Check = (v, path, report) => {
  if (!Array.isArray(v)) return report('bad_shape', path, `must be an array of strings, got ${shown(v)}`);
  if (v.length > FLOW_LIMITS.params) report('too_large', path, `has ${v.length} values, at most ${FLOW_LIMITS.params} (templateParas)`);
  v.forEach((p, i) => param(p, pointer(path, i), report));
};

/** A number to call: +{country code}{number}, or exactly one `${name}`. */
export const phone: Check = (v, path, report) => {
  if (typeof v !== 'string') return report('bad_shape', path, `must be a string, got ${shown(v)}`);
  const s = scanSingle(v);
  if ('problem' in s) return report('bad_variable', path, s.problem);
  if ('literal' in s && !E164.test(v)) report('bad_value', path, `must be +{country code}{number} (3 to 30 digits) or one \${name}, got ${shown(v)}`);
};

const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\.[Ww][Aa][Vv]$/;
export const voiceFile = str({ min: 5, max: 128, pattern: FILE_NAME, rule: 'a voice file name: letters, digits, "_", "-", "." ending in .wav' });
export const templateId = str({ max: 32, pattern: /^[A-Za-z0-9_-]+$/, rule: 'a template id: letters, digits, "_" or "-"' });

/** One item of a gather's prompt: {"play": file}, {"say": text} or {"template": id, "params": [...]}. */
export const promptItem: Check = (v, path, report) => {
  if (!isObject(v)) return report('bad_shape', path, `must be an object {"play"}, {"say"} or {"template","params"}, got ${shown(v)}`);
  const kinds = ['play', 'say', 'template'].filter((k) => k in v);
  if (kinds.length !== 1) return report('bad_value', path, `must have exactly one of "play", "say" and "template", has ${kinds.length === 0 ? 'none' : kinds.join(', ')}`);
  for (const k of Object.keys(v)) {
    if (!['play', 'say', 'template', 'params'].includes(k) || (k === 'params' && kinds[0] !== 'template')) {
      report('unknown_field', pointer(path, k), `a ${kinds[0]} prompt item takes no "${k}"`);
    }
  }
  if (kinds[0] === 'play') voiceFile(v.play, pointer(path, 'play'), report);
  else if (kinds[0] === 'say') text(FLOW_LIMITS.textChars)(v.say, pointer(path, 'say'), report);
  else {
    templateId(v.template, pointer(path, 'template'), report);
    if (v.params !== undefined) params(v.params, pointer(path, 'params'), report);
  }
};

export const prompt: Check = (v, path, report) => {
  if (!Array.isArray(v)) return report('bad_shape', path, `must be an array of prompt items, got ${shown(v)}`);
  if (v.length > FLOW_LIMITS.promptItems) report('too_large', path, `has ${v.length} items, at most ${FLOW_LIMITS.promptItems}`);
  v.forEach((item, i) => promptItem(item, pointer(path, i), report));
};

export const DIGITS = /^[0-9*#]{1,32}$/;

export const branches: Check = (v, path, report) => {
  if (!isObject(v)) return report('bad_shape', path, `must be an object {"digits": "node id"}, got ${shown(v)}`);
  const keys = Object.keys(v);
  if (keys.length > FLOW_LIMITS.branches) report('too_large', path, `has ${keys.length} branches, at most ${FLOW_LIMITS.branches}`);
  for (const k of keys) {
    if (!DIGITS.test(k)) report('bad_value', pointer(path, k), `branch "${k}" is not 1 to 32 of the keys 0-9, * and #`);
    ref(v[k], pointer(path, k), report);
  }
};

export const setVariables: Check = (v, path, report) => {
  if (!isObject(v)) return report('bad_shape', path, `must be an object {"name": "value"}, got ${shown(v)}`);
  const keys = Object.keys(v);
  if (keys.length === 0) report('bad_value', path, 'sets no variable (leave it out)');
  if (keys.length > FLOW_LIMITS.setVariables) report('too_large', path, `sets ${keys.length} variables, at most ${FLOW_LIMITS.setVariables}`);
  for (const k of keys) {
    const at = pointer(path, k);
    if (!VARIABLE_NAME.test(k)) report('bad_value', at, `"${k}" is not a variable name: a letter or "_" then letters, digits or "_" (at most ${FLOW_LIMITS.variableNameChars})`);
    const value = v[k];
    if (typeof value !== 'string') report('bad_shape', at, `must be a string, got ${shown(value)}`);
    else if (chars(value) > FLOW_LIMITS.setValueChars) report('too_long', at, `is ${chars(value)} characters, at most ${FLOW_LIMITS.setValueChars}`);
    else if (/[${}]/.test(value)) report('bad_variable', at, 'a set value is literal: no "$", "{" or "}" (it is never filled from the row)');
  }
};

/** Fields every node takes (id and type are checked before these). */
const COMMON: Record<string, Field> = {
  maxVisits: { check: int(1, MAX_VISITS) },
  onMaxVisits: { check: ref },
};

export const NODE_FIELDS: Record<NodeType, Record<string, Field>> = {
  play: { ...COMMON, file: { required: true, check: voiceFile }, next: { check: ref } },
  say: { ...COMMON, text: { check: text(FLOW_LIMITS.textChars) }, template: { check: templateId }, params: { check: params }, next: { check: ref } },
  gather: {
    ...COMMON,
    prompt: { check: prompt },
    maxDigits: { check: int(1, 32) },
    timeout: { check: int(1, 60, ' seconds') },
    interDigitTimeout: { check: int(1, 30, ' seconds') },
    terminator: { check: oneOf(['#', '*', '']) },
    branches: { check: branches },
    noInput: { check: ref },
    default: { check: ref },
  },
  set: { ...COMMON, tag: { check: str({ max: FLOW_LIMITS.tagChars }) }, variables: { check: setVariables }, next: { check: ref } },
  transfer: {
    ...COMMON,
    to: { required: true, check: phone },
    callerId: { check: str({ max: 31, pattern: E164, rule: '+{country code}{number}, a display number of the app' }) },
    timeout: { check: int(5, 120, ' seconds') },
    record: { check: bool },
    maxDuration: { check: int(1, 86_400, ' seconds') },
    onFailure: { check: ref },
  },
  hangup: { ...COMMON },
};

/** Checks a node's fields against its type's table: missing, unknown and each field's rule. */
export function checkFields(node: Record<string, unknown>, type: NodeType, at: string, report: Report): void {
  const fields = NODE_FIELDS[type];
  for (const [name, field] of Object.entries(fields)) {
    if (node[name] === undefined) {
      if (field.required) report('missing_field', pointer(at, name), `a ${type} node needs "${name}"`);
    } else {
      field.check(node[name], pointer(at, name), report);
    }
  }
  for (const name of Object.keys(node)) {
    if (name === 'id' || name === 'type' || name in fields) continue;
    const hint = name === 'next' && type === 'gather' ? ' (a gather goes on by "branches", "noInput" and "default")'
      : name === 'next' && type === 'transfer' ? ' (after an answered transfer the call ends; "onFailure" is where an unanswered one goes)'
      : name === 'next' ? ' (a hangup ends the call)' : '';
    report('unknown_field', pointer(at, name), `a ${type} node takes no "${name}"${hint}`);
  }
}
