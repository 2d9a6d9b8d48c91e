// Decoding the UCloud voice-message receipt.

import type { DecodedPush, DecodedRecord } from './model.js';
import { outcomeOfReceiptCode } from '../ucloud-receipts.js';
import { checkFields, msOrUndefined, parseObject, type FieldSpec } from './fields.js';
import { e164Number } from '../call-facts.js';

const F = 'ucloud';
const s = (name: string, required = true): FieldSpec => ({ name, type: 'string', required });
const i = (name: string): FieldSpec => ({ name, type: 'int', required: true });

/**
 * Every field of the document's table; all required but UserId. UserId's 32-character limit is
 * the encoder's to keep: the document's own example breaks it, and a reader should not refuse it.
 */
export const UCLOUD_FIELDS: FieldSpec[] = [
  s('TaskNo'), s('Phone'), s('ShowNumber'), i('CostCount'), i('ReceiptResult'), s('ReceiptCode'), s('ReceiptDesc'),
  i('CallStartTime'), i('AnswerTime'), i('CallEndTime'), i('Duration'), { name: 'UserId', type: 'string', required: false },
];

export function decodeUcloud(body: unknown): DecodedPush {
  const o = parseObject(F, body);
  checkFields(F, o, UCLOUD_FIELDS);
  const r: DecodedRecord = {
    kind: 'record', format: F, callId: o.TaskNo as string, caller: e164Number(o.ShowNumber as string), callee: e164Number(o.Phone as string),
    direction: 'outbound', dialAt: o.CallStartTime as number, endAt: o.CallEndTime as number,
    talkSeconds: o.Duration as number, fields: o,
  };
  const answerAt = msOrUndefined(o.AnswerTime as number);
  if (answerAt !== undefined) r.answerAt = answerAt;
  // The code names the outcome; a code voxcall does not send reads from ReceiptResult alone.
  const outcome = outcomeOfReceiptCode(o.ReceiptCode as string) ?? (o.ReceiptResult === 1 ? 'answered' : undefined);
  if (outcome !== undefined) r.outcome = outcome;
  if (typeof o.UserId === 'string' && o.UserId !== '') r.userData = o.UserId;
  return { format: F, kind: 'record', items: [r] };
}
