// The voice-service-push enumerations, completed where the document stops at "...". The values
// the document gives are kept (serviceType 100/200, callResult 1/2/3); every other value is
// voxcall's decision, published in docs/push-formats.md (a test checks the two agree).

import type { CallEventType, CallOutcome, PartyType, ServiceKind } from '../../domain/call.js';

export interface EnumRow {
  value: number;
  zh: string;
  en: string;
}

export const SERVICE_TYPE: EnumRow[] = [
  { value: 100, zh: '语音SIP服务', en: 'voice SIP service (every call voxcall places but privacy calls)' },
  { value: 200, zh: '隐私号服务', en: 'privacy-number service: a call through the X of a binding (docs/privacy-numbers.md)' },
];

export const SUB_SERVICE_TYPE: EnumRow[] = [
  { value: 101, zh: '语音回呼', en: 'voice callback (click2Call)' },
  { value: 102, zh: '语音通知', en: 'voice notification (callnotify)' },
  { value: 103, zh: '语音验证码', en: 'voice verification code (callVerify)' },
  { value: 201, zh: '隐私号AXB', en: 'privacy number, AXB binding' },
  { value: 202, zh: '隐私号AX', en: 'privacy number, AX binding' },
  { value: 203, zh: '隐私号AXYB', en: 'privacy number, AXYB binding (not produced by voxcall; decoded)' },
];

export const CALL_RESULT: EnumRow[] = [
  { value: 1, zh: '正常接通', en: 'connected' },
  { value: 2, zh: '关机', en: 'powered off' },
  { value: 3, zh: '停机', en: 'suspended (out of service)' },
  { value: 4, zh: '空号', en: 'vacant number' },
  { value: 5, zh: '用户忙', en: 'busy' },
  { value: 6, zh: '无人接听', en: 'no answer' },
  { value: 7, zh: '用户拒接', en: 'rejected' },
  { value: 8, zh: '无法接通', en: 'unreachable' },
  { value: 9, zh: '呼叫取消', en: 'cancelled before answer (callStop or caller hung up)' },
  { value: 10, zh: '平台失败', en: 'platform failure' },
];

export const EVENT_TYPE: EnumRow[] = [
  { value: 1, zh: '呼出', en: 'callout: a leg is dialed' },
  { value: 2, zh: '振铃', en: 'alerting: the leg rings' },
  { value: 3, zh: '应答', en: 'answer: the leg answered' },
  { value: 4, zh: '挂机', en: 'disconnect: the call ended' },
  { value: 5, zh: '收号', en: 'collectInfo: digits were collected' },
  { value: 6, zh: '呼入', en: "callin: an inbound call arrived and was answered (the caller's leg of an inbound call, in place of its answer)" },
];

export const RELEASE_TYPE: EnumRow[] = [
  { value: 1, zh: '主叫挂机', en: 'the calling party hung up' },
  { value: 2, zh: '被叫挂机', en: 'the called party hung up' },
  { value: 3, zh: '平台释放', en: 'the platform released (ring timeout, maxDuration, callStop, failure)' },
];

export const PARTY: EnumRow[] = [
  { value: 1, zh: '主叫方', en: "the calling party's leg (a callback's A leg, an inbound call's caller)" },
  { value: 2, zh: '被叫方', en: "the called party's leg (a callback's B leg; the only leg of a notification or verification call)" },
  { value: 3, zh: '平台', en: 'the platform (an event of no single leg)' },
];

export const MESSAGE_TYPE: EnumRow[] = [
  { value: 1, zh: '语音呼叫', en: 'voice call' },
  { value: 2, zh: '短信', en: 'SMS through a privacy number (not produced by voxcall)' },
];

export const CDR_TYPE: EnumRow[] = [
  { value: 1, zh: '呼出话单', en: 'outbound call placed by the platform (every voxcall CDR but inbound and privacy calls)' },
  { value: 2, zh: '呼入话单', en: 'inbound call (with serviceType 200: a third number refused at X, nobody dialled)' },
  { value: 3, zh: '转接话单', en: 'forwarded call: an inbound call forwarded (a B leg was placed), or a privacy call (the call to X forwarded to the callee)' },
];

export const SECRET_CALL_TYPE: EnumRow[] = [
  { value: 0, zh: '非隐私号呼叫', en: 'not a privacy-number call (serviceType 100); with serviceType 200, a third number refused at X: no binding is its (docs/privacy-numbers.md)' },
  { value: 10, zh: 'A通过X呼叫B', en: 'AXB: A calls B through X' },
  { value: 11, zh: 'B通过X呼叫A', en: 'AXB: B calls A through X' },
  { value: 20, zh: '其他号码通过X呼叫A', en: 'AX: another number calls A through X' },
  { value: 21, zh: 'A通过X呼出', en: 'AX: A calls out through X' },
  { value: 30, zh: 'AXYB呼叫', en: 'AXYB call (not produced by voxcall; decoded)' },
];

export const CALL_DISPLAY_TYPE: EnumRow[] = [
  { value: 1, zh: '显示平台号码', en: "the callee sees the platform's number (the display number; X for a privacy call)" },
  { value: 2, zh: '显示真实主叫号码', en: "the callee sees the caller's real number (a binding's callDisplayType 2)" },
  { value: 3, zh: '不显示号码', en: 'the number is withheld (not produced by voxcall; decoded)' },
];

/** Every vsp enumeration, by field name (docs and the docs test read this). */
export const VSP_ENUMS: Record<string, EnumRow[]> = {
  serviceType: SERVICE_TYPE,
  subServiceType: SUB_SERVICE_TYPE,
  callResult: CALL_RESULT,
  eventType: EVENT_TYPE,
  releaseType: RELEASE_TYPE,
  party: PARTY,
  messageType: MESSAGE_TYPE,
  cdrType: CDR_TYPE,
  secretCallType: SECRET_CALL_TYPE,
  callDisplayType: CALL_DISPLAY_TYPE,
};

// ---- voxcall's values -> vsp, and back ----

export const SUB_SERVICE_OF: Record<ServiceKind, number> = { callback: 101, notify: 102, verify: 103 };

export const CALL_RESULT_OF: Record<CallOutcome, number> = {
  answered: 1, powered_off: 2, vacant: 4, busy: 5, no_answer: 6, rejected: 7, unreachable: 8, cancelled: 9, failed: 10,
};

/** callResult -> outcome; 3 (suspended) has no voxcall outcome of its own and reads as unreachable. */
export const OUTCOME_OF_CALL_RESULT: Record<number, CallOutcome> = {
  1: 'answered', 2: 'powered_off', 3: 'unreachable', 4: 'vacant', 5: 'busy', 6: 'no_answer', 7: 'rejected',
  8: 'unreachable', 9: 'cancelled', 10: 'failed',
};

export const EVENT_TYPE_OF: Record<CallEventType, number> = { callout: 1, alerting: 2, answer: 3, disconnect: 4, collectInfo: 5 };

export const RELEASE_TYPE_OF: Record<PartyType, number> = { caller: 1, callee: 2, platform: 3 };

export function valueOf<T extends string>(table: Record<T, number>, value: number): T | undefined {
  for (const [k, v] of Object.entries(table) as Array<[T, number]>) if (v === value) return k;
  return undefined;
}

export function isEnumValue(rows: EnumRow[], value: number): boolean {
  return rows.some((r) => r.value === value);
}
