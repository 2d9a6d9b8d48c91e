// A flow's media for a call: `${name}` filled from the call's variables (the task row), say text and
// templates turned into TTS, voice files looked up, as the notification resolves its items
// (prompts.ts). A variable the call lacks fails like a TTS that cannot be made (8005): the test
// call and the tasks check the variables before a call, so this is the last guard only.

import type { MediaCatalog } from '../../domain/media.js';
import type { PromptItem } from '../../domain/flow.js';
import { scanSingle } from '../../flows/variables.js';
import { ttsMedia, voiceMedia, type Resolved } from '../prompts.js';
import { POINT, STATE } from '../state-codes.js';

const PLACEHOLDER = /\$\{([^${}]*)\}/gu;
const ttsFailed: Resolved = { ok: false, stateCode: STATE.ttsFailed, ulFailReason: POINT.ttsFailed };

export interface FillContext {
  media: MediaCatalog;
  appKey: string;
  variables: Readonly<Record<string, string>>;
  msPerChar: number;
}

/** A text with every `${name}` replaced, or undefined when a variable has no value. */
export function fillText(text: string, variables: Readonly<Record<string, string>>): string | undefined {
  let missing = false;
  const out = text.replace(PLACEHOLDER, (_m, name: string) => {
    const v = variables[name];
    if (v === undefined) missing = true;
    return v ?? '';
  });
  return missing ? undefined : out;
}

/** A literal, or the value of its one `${name}`. */
export function fillSingle(value: string, variables: Readonly<Record<string, string>>): string | undefined {
  const s = scanSingle(value);
  if ('variable' in s) return variables[s.variable];
  return 'literal' in s ? s.literal : undefined;
}

export function sayText(ctx: FillContext, text: string): Resolved {
  const filled = fillText(text, ctx.variables);
  if (filled === undefined || filled === '') return ttsFailed;
  return { ok: true, media: { kind: 'tts', name: filled, durationMs: [...filled].length * ctx.msPerChar } };
}

export function sayTemplate(ctx: FillContext, template: string, params: readonly string[] = []): Resolved {
  const values: string[] = [];
  for (const p of params) {
    const v = fillSingle(p, ctx.variables);
    if (v === undefined) return ttsFailed;
    values.push(v);
  }
  return ttsMedia(ctx.media, ctx.appKey, template, values, ctx.msPerChar);
}

export function promptMedia(ctx: FillContext, item: PromptItem): Resolved {
  if ('play' in item) return voiceMedia(ctx.media, ctx.appKey, item.play);
  if ('say' in item) return sayText(ctx, item.say);
  return sayTemplate(ctx, item.template, item.params);
}
