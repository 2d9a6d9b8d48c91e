// Decoding voice-service-push bodies: a CDR (it has beginCallTime) or a call-status push.

import { EVENT_TYPE_OF, OUTCOME_OF_CALL_RESULT, RELEASE_TYPE_OF, valueOf } from '../vsp-enums.js';
import { VSP_USER_DATA_MAX } from '../vsp.js';
import { checkFields, msOrUndefined, opt, parseObject, talkSeconds, type FieldSpec } from './fields.js';
import { e164Number } from '../call-facts.js';

const e164 = (n: string | undefined): string | undefined => (n === undefined ? undefined : e164Number(n));
import type { DecodedPush, DecodedRecord, DecodedStatus } from './model.js';

const F = 'vsp';
const s = (name: string, required = false, max?: number): FieldSpec => (max === undefined ? { name, type: 'string', required } : { name, type: 'string', required, max });
const i = (name: string, required = false): FieldSpec => ({ name, type: 'int', required });

/** The CDR's fields (document 3.1), required as table 3.2 says. */
export const VSP_CDR_FIELDS: FieldSpec[] = [
  s('accountId', true), s('callId', true), i('serviceType', true), i('subServiceType'), s('numberPoolNo'),
  s('caller'), s('callerCountryIsoCode'), s('callerProvinceCode'), s('callerCityCode'),
  s('callee'), s('calleeCountryIsoCode'), s('calleeProvinceCode'), s('calleeCityCode'),
  i('beginCallTime', true), i('ringTime'), i('startTime'), i('endTime', true), i('releaseType'),
  i('callDuration', true), i('callResult'), i('audioRecordFlag'), i('cdrCreateTime'), s('subscriptionId'),
  s('phoneNoX'), s('phoneNoA'), s('phoneNoB'), i('secretCallType'), i('messageType'), i('callDisplayType'),
  i('cdrType'), s('userData', false, VSP_USER_DATA_MAX),
];

/** The call-status push's fields (document 4.1), required as table 4.2 says. */
export const VSP_STATUS_FIELDS: FieldSpec[] = [
  s('accountId', true), s('callId', true), i('serviceType'), s('caller'), s('callee'),
  { name: 'eventTime', type: 'secondsString', required: true }, { name: 'allEventType', type: 'intArray', required: false },
  i('eventType', true), i('messageType'), s('phoneNoX'), s('phoneNoA'), s('phoneNoB'), i('party'),
  s('subscriptionId'), s('userData', false, VSP_USER_DATA_MAX),
];

const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v);

function record(o: Record<string, unknown>): DecodedRecord {
  checkFields(F, o, VSP_CDR_FIELDS);
  const r: DecodedRecord = {
    kind: 'record', format: F, callId: o.callId as string, direction: o.cdrType === 2 ? 'inbound' : 'outbound',
    dialAt: o.beginCallTime as number, endAt: o.endTime as number, durationSeconds: o.callDuration as number, fields: o,
  };
  const set = <K extends keyof DecodedRecord>(k: K, v: DecodedRecord[K] | undefined): void => {
    if (v !== undefined) r[k] = v;
  };
  set('caller', e164(nonEmpty(opt<string>(o, 'caller'))));
  set('callee', e164(nonEmpty(opt<string>(o, 'callee'))));
  set('ringAt', msOrUndefined(opt<number>(o, 'ringTime')));
  set('answerAt', msOrUndefined(opt<number>(o, 'startTime')));
  r.talkSeconds = talkSeconds(r.answerAt, r.endAt);
  const result = opt<number>(o, 'callResult');
  set('outcome', result === undefined ? undefined : OUTCOME_OF_CALL_RESULT[result]);
  const release = opt<number>(o, 'releaseType');
  set('releasedBy', release === undefined ? undefined : valueOf(RELEASE_TYPE_OF, release));
  const flag = opt<number>(o, 'audioRecordFlag');
  set('recorded', flag === undefined ? undefined : flag === 1);
  set('userData', nonEmpty(opt<string>(o, 'userData')));
  return r;
}

function status(o: Record<string, unknown>): DecodedStatus {
  checkFields(F, o, VSP_STATUS_FIELDS);
  const d: DecodedStatus = {
    kind: 'status', format: F, callId: o.callId as string,
    event: valueOf(EVENT_TYPE_OF, o.eventType as number) ?? 'other',
    at: Number(o.eventTime) * 1000, fields: o,
  };
  const caller = nonEmpty(opt<string>(o, 'caller'));
  const callee = nonEmpty(opt<string>(o, 'callee'));
  if (caller !== undefined) d.caller = e164Number(caller);
  if (callee !== undefined) d.called = e164Number(callee);
  // party 1 is always the first (A) leg; party 2 is A or B depending on the service, which a
  // status push does not carry.
  if (o.party === 1) d.leg = 'A';
  const ud = nonEmpty(opt<string>(o, 'userData'));
  if (ud !== undefined) d.userData = ud;
  return d;
}

export function decodeVsp(body: unknown): DecodedPush {
  const o = parseObject(F, body);
  if ('beginCallTime' in o || !('eventType' in o)) return { format: F, kind: 'record', items: [record(o)] };
  return { format: F, kind: 'status', items: [status(o)] };
}
