// Texts the platform itself speaks: a verification code read digit by digit, and the failure
// announcements a callback's caller hears (Media kind 'announcement', named `failure:<LegFailure>`
// by src/calls/callback.ts), worded as Chinese carriers word them.

import type { LegFailure } from '../types.js';
import type { TtsLang } from './tts.js';

/**
 * The digits spaced so each is read alone ("1234" is otherwise "one thousand two hundred…" in
 * both voices). Arabic digits, not 一二三: espeak-ng's Mandarin voices read a lone Arabic digit in
 * Mandarin, and the same text serves any engine. Chinese commas give the Mandarin reading its pauses.
 */
export function digitsText(digits: string, lang: TtsLang): string {
  if (!/^[0-9]+$/.test(digits)) throw new Error(`digits to read out must be 0-9 only, got "${digits}"`);
  return [...digits].join(lang === 'cmn' ? '，' : ', ');
}

export const FAILURE_ANNOUNCEMENTS: Record<`failure:${LegFailure}`, string> = {
  'failure:busy': '您拨打的电话正在通话中，请稍后再拨。',
  'failure:no_answer': '您拨打的电话暂时无人接听，请稍后再拨。',
  'failure:powered_off': '您拨打的电话已关机。',
  'failure:vacant': '您拨打的电话是空号，请查证后再拨。',
  'failure:rejected': '您拨打的电话暂时无法接通，请稍后再拨。',
  'failure:unreachable': '您拨打的电话暂时无法接通，请稍后再拨。',
};
