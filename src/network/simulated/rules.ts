// How simulated numbers behave. A rules file lists rules; a number takes the rule whose `number`
// equals it, else the one with the longest matching `prefix`, else the catch-all default.

import { readFileSync } from 'node:fs';

export type RuleOutcome = 'answer' | 'busy' | 'no_answer' | 'powered_off' | 'vacant' | 'rejects' | 'unreachable';

export interface Rule {
  number?: string;
  prefix?: string;
  outcome: RuleOutcome;
  /** Seconds from the dial to the answer (answer). At or past the ring timeout it is a no answer. */
  answerAfter?: number;
  /** Seconds of talk after the answer before the party hangs up; null = until released. */
  talk?: number | null;
  /** Digit strings the party presses, one per collection, in order. */
  digits?: string[];
  /** Seconds from the dial to the ringing (default 1). */
  alertAfter?: number;
  /** Seconds from the dial to the refusal of busy/powered_off/vacant/unreachable (default 1). */
  failAfter?: number;
  /** Seconds from the dial to the rejection of a rejecting party (default 5). */
  rejectAfter?: number;
  /** Seconds from the start of a collection to the key presses (default 1). */
  pressAfter?: number;
}

export const TEST_PREFIX = '+86139000000';

/** The built-in test numbers (docs/network.md), then the catch-all. */
export const DEFAULT_RULES: Rule[] = [
  { number: `${TEST_PREFIX}01`, outcome: 'answer', answerAfter: 2, talk: 20 },
  { number: `${TEST_PREFIX}02`, outcome: 'busy' },
  { number: `${TEST_PREFIX}03`, outcome: 'no_answer' },
  { number: `${TEST_PREFIX}04`, outcome: 'powered_off' },
  { number: `${TEST_PREFIX}05`, outcome: 'vacant' },
  { number: `${TEST_PREFIX}06`, outcome: 'rejects' },
  { number: `${TEST_PREFIX}07`, outcome: 'unreachable' },
  { number: `${TEST_PREFIX}08`, outcome: 'answer', answerAfter: 2, talk: 120, digits: ['1', '2'] },
  { number: `${TEST_PREFIX}09`, outcome: 'answer', answerAfter: 2, talk: null },
  { prefix: '', outcome: 'answer', answerAfter: 3, talk: 30 },
];

const OUTCOMES: readonly RuleOutcome[] = ['answer', 'busy', 'no_answer', 'powered_off', 'vacant', 'rejects', 'unreachable'];
const SECONDS = ['answerAfter', 'alertAfter', 'failAfter', 'rejectAfter', 'pressAfter'] as const;

/** Validates a parsed rules document: `{ "rules": [...] }` or a bare array. */
export function parseRules(doc: unknown): Rule[] {
  const list = Array.isArray(doc) ? doc : (doc as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(list)) throw new Error('rules: expected { "rules": [...] } or an array');
  return list.map((raw, i) => parseRule(raw, i));
}

function parseRule(raw: unknown, i: number): Rule {
  const bad = (why: string): never => {
    throw new Error(`rules[${i}]: ${why}`);
  };
  if (typeof raw !== 'object' || raw === null) bad('expected an object');
  const r = raw as Record<string, unknown>;
  const outcome = r.outcome ?? 'answer';
  if (!OUTCOMES.includes(outcome as RuleOutcome)) bad(`outcome must be one of ${OUTCOMES.join(', ')}`);
  if ((r.number === undefined) === (r.prefix === undefined)) bad('give exactly one of number, prefix');
  if (r.number !== undefined && typeof r.number !== 'string') bad('number must be a string');
  if (r.prefix !== undefined && typeof r.prefix !== 'string') bad('prefix must be a string');
  for (const k of SECONDS) {
    const v = r[k];
    if (v !== undefined && !(typeof v === 'number' && v >= 0 && Number.isFinite(v))) bad(`${k} must be seconds >= 0`);
  }
  if (r.talk !== undefined && r.talk !== null && !(typeof r.talk === 'number' && r.talk >= 0)) {
    bad('talk must be seconds >= 0 or null (until released)');
  }
  if (r.digits !== undefined && !(Array.isArray(r.digits) && r.digits.every((d) => typeof d === 'string' && /^[0-9*#]+$/.test(d)))) {
    bad('digits must be a list of strings of 0-9, * and #');
  }
  return { ...(r as Partial<Rule>), outcome: outcome as RuleOutcome } as Rule;
}

export function loadRules(path: string): Rule[] {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read rules file ${path}: ${(err as Error).message}`);
  }
  return parseRules(doc);
}

/** The rule for a number; the built-in catch-all answers when no rule matches. */
export function ruleFor(rules: readonly Rule[], number: string): Rule {
  const exact = rules.find((r) => r.number === number);
  if (exact) return exact;
  let best: Rule | undefined;
  for (const r of rules) {
    if (r.prefix !== undefined && number.startsWith(r.prefix) && (!best || r.prefix.length > (best.prefix ?? '').length)) best = r;
  }
  return best ?? DEFAULT_RULES[DEFAULT_RULES.length - 1]!;
}
