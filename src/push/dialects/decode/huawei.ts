// Decoding Huawei VoiceCall pushes (reference 4.4/4.5): a status push `{eventType, statusInfo}`
// or a fee push `{eventType: "fee", feeLst: [...]}` of up to 50 CDRs.

import type { CallEventType, CallOutcome, PartyType } from '../../../domain/call.js';
import { checkFields, opt, parseObject, PushDecodeError, type FieldSpec, type WireType } from './fields.js';
import type { DecodedPush, DecodedRecord, DecodedStatus } from './model.js';

const F = 'huawei';
const f = (name: string, type: WireType, required = false): FieldSpec => ({ name, type, required });
const STATUS_EVENTS: CallEventType[] = ['callout', 'alerting', 'answer', 'collectInfo', 'disconnect'];
const PARTY_TYPES: PartyType[] = ['caller', 'callee', 'platform'];

export const HUAWEI_STATUS_FIELDS: FieldSpec[] = [
  f('sessionId', 'string', true), f('timestamp', 'string', true), f('caller', 'string'), f('called', 'string'),
  f('stateCode', 'int'), f('stateDesc', 'string'), f('partyType', 'string'), f('digitInfo', 'string'), f('userData', 'string'),
];

/** Tables 4-23 and 5-21 (dynIVR*), required as the table says (spId, written "spld" there, appKey, bindNum, sessionId, callerNum, calleeNum, direction). */
export const HUAWEI_FEE_FIELDS: FieldSpec[] = [
  f('direction', 'int', true), f('spId', 'string', true), f('appKey', 'string', true), f('icid', 'string'),
  f('bindNum', 'string', true), f('sessionId', 'string', true), f('callerNum', 'string', true), f('calleeNum', 'string', true),
  f('fwdDisplayNum', 'string'), f('fwdDstNum', 'string'), f('fwdStartTime', 'string'), f('fwdAlertingTime', 'string'),
  f('fwdAnswerTime', 'string'), f('callEndTime', 'string'), f('fwdUnaswRsn', 'int'), f('failTime', 'string'),
  f('ulFailReason', 'int'), f('sipStatusCode', 'int'), f('callOutStartTime', 'string'), f('callOutAlertingTime', 'string'),
  f('callOutAnswerTime', 'string'), f('callOutUnaswRsn', 'int'), f('dynIVRStartTime', 'string'), f('dynIVRPath', 'string'), f('recordFlag', 'int'), f('recordStartTime', 'string'),
  f('recordObjectName', 'string'), f('recordBucketName', 'string'), f('recordDomain', 'string'),
  f('recordFileDownloadUrl', 'string'), f('ttsPlayTimes', 'int'), f('ttsTransDuration', 'int'), f('serviceType', 'string'),
  f('hostName', 'string'), f('userData', 'string'),
];

/** Q.850 causes of reference 7.2 that name an outcome (the network's failure table). */
const OUTCOME_OF_Q850: Record<number, CallOutcome> = { 1: 'vacant', 17: 'busy', 19: 'no_answer', 20: 'powered_off', 21: 'rejected', 41: 'unreachable' };

/** `yyyy-MM-dd HH:mm:ss` (UTC) -> ms; throws on anything else. */
function stamp(field: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const m = typeof v === 'string' ? /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(v) : null;
  if (!m) throw new PushDecodeError(F, [`${field} must be "yyyy-MM-dd HH:mm:ss"`]);
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

function status(eventType: string, info: Record<string, unknown>): DecodedStatus {
  checkFields(F, info, HUAWEI_STATUS_FIELDS, 'statusInfo.');
  const d: DecodedStatus = {
    kind: 'status', format: F, callId: info.sessionId as string,
    event: (STATUS_EVENTS as string[]).includes(eventType) ? (eventType as CallEventType) : 'other',
    at: stamp('statusInfo.timestamp', info.timestamp)!, fields: info,
  };
  const set = <K extends keyof DecodedStatus>(k: K, v: DecodedStatus[K] | undefined): void => {
    if (v !== undefined) d[k] = v;
  };
  set('caller', opt<string>(info, 'caller'));
  set('called', opt<string>(info, 'called'));
  set('digits', opt<string>(info, 'digitInfo'));
  set('stateCode', opt<number>(info, 'stateCode'));
  const party = opt<string>(info, 'partyType');
  set('partyType', party !== undefined && (PARTY_TYPES as string[]).includes(party) ? (party as PartyType) : undefined);
  set('userData', opt<string>(info, 'userData'));
  return d;
}

function fee(item: unknown, n: number): DecodedRecord {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) throw new PushDecodeError(F, [`feeLst[${n}] is not an object`]);
  const o = item as Record<string, unknown>;
  checkFields(F, o, HUAWEI_FEE_FIELDS, `feeLst[${n}].`);
  const callback = o.serviceType === '002';
  const dialAt = stamp('callOutStartTime', o.callOutStartTime);
  const endAt = stamp('callEndTime', o.callEndTime) ?? stamp('failTime', o.failTime) ?? dialAt;
  if (endAt === undefined) throw new PushDecodeError(F, [`feeLst[${n}] has no callEndTime, failTime or callOutStartTime`]);
  const answerAt = callback ? stamp('fwdAnswerTime', o.fwdAnswerTime) : stamp('callOutAnswerTime', o.callOutAnswerTime);
  const r: DecodedRecord = {
    kind: 'record', format: F, callId: o.sessionId as string, caller: o.callerNum as string,
    callee: (callback ? opt<string>(o, 'fwdDstNum') : undefined) ?? (o.calleeNum as string),
    direction: o.direction === 1 ? 'inbound' : 'outbound', endAt, fields: o,
  };
  if (dialAt !== undefined) r.dialAt = dialAt;
  const ringAt = stamp('callOutAlertingTime', o.callOutAlertingTime);
  if (ringAt !== undefined) r.ringAt = ringAt;
  if (answerAt !== undefined && o.failTime === undefined) {
    r.answerAt = answerAt;
    r.talkSeconds = Math.ceil((endAt - answerAt) / 1000);
    r.outcome = 'answered';
  } else {
    const q850 = (o.fwdUnaswRsn as number | undefined) || (o.callOutUnaswRsn as number | undefined) || 0;
    const outcome = OUTCOME_OF_Q850[q850];
    if (outcome) r.outcome = outcome;
    r.talkSeconds = 0;
  }
  if (o.recordFlag !== undefined) r.recorded = o.recordFlag === 1;
  if (typeof o.userData === 'string') r.userData = o.userData;
  return r;
}

export function decodeHuawei(body: unknown): DecodedPush {
  const o = parseObject(F, body);
  if (typeof o.eventType !== 'string') throw new PushDecodeError(F, ['eventType must be a string']);
  if (o.eventType === 'fee') {
    if (!Array.isArray(o.feeLst) || o.feeLst.length === 0) throw new PushDecodeError(F, ['feeLst must be a non-empty array']);
    return { format: F, kind: 'record', items: o.feeLst.map(fee) };
  }
  const info = o.statusInfo;
  if (info === null || typeof info !== 'object' || Array.isArray(info)) throw new PushDecodeError(F, ['statusInfo must be an object']);
  return { format: F, kind: 'status', items: [status(o.eventType, info as Record<string, unknown>)] };
}
