// The Huawei VoiceCall push format (reference 4.4/4.5, 5.3/5.4, 6.3/6.4): status events one per
// push, CDRs merged per app and callEndTime second (at most 50), signed with the app's secret.

import type { Call, CallEvent, CallRecord } from '../../domain/call.js';
import type { PushKind } from '../../domain/push.js';
import { AUTHORIZATION_VALUE, createdBeijing, pushDigest, xAkskValue } from '../../lib/aksk.js';
import { encodeFee, utcStamp } from './huawei-fee.js';
import type { Dialect, EncodeContext, SignInput, Verdict } from './types.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export interface HuaweiStatusItem {
  eventType: CallEvent['type'];
  statusInfo: Record<string, string | number>;
}

function encodeStatus(call: Call, e: CallEvent): HuaweiStatusItem {
  // collectInfo carries only these three fields (reference table 5-15).
  if (e.type === 'collectInfo') {
    const info: Record<string, string> = { sessionId: e.sessionId, timestamp: utcStamp(e.at) };
    if (e.digitInfo !== undefined) info.digitInfo = e.digitInfo;
    return { eventType: e.type, statusInfo: info };
  }
  // Key order as in the reference's examples: sessionId, timestamp, caller, called, stateCode, stateDesc.
  const info: Record<string, string | number> = { sessionId: e.sessionId, timestamp: utcStamp(e.at) };
  if (call.userData !== undefined) info.userData = call.userData;
  info.caller = e.caller;
  info.called = e.called;
  if (e.type === 'disconnect') {
    // partyType only when the callback request asked for it (partyTypeRequiredInDisconnect).
    if (call.plan.kind === 'callback' && call.plan.partyTypeRequiredInDisconnect && e.partyType !== undefined) {
      info.partyType = e.partyType;
    }
    if (e.stateCode !== undefined) info.stateCode = e.stateCode;
    if (e.stateDesc !== undefined) info.stateDesc = e.stateDesc;
  }
  return { eventType: e.type, statusInfo: info };
}

function body(kind: PushKind, items: unknown[]): string {
  if (kind === 'record') return JSON.stringify({ eventType: 'fee', feeLst: items });
  // A status push carries exactly one event; its item is already the whole body.
  if (items.length !== 1) throw new RangeError(`a huawei status push carries one event, got ${items.length}`);
  return JSON.stringify(items[0]);
}

function headers(input: SignInput): Record<string, string> {
  // The dispatcher never sends a Huawei push unsigned (signatureOptional is not set).
  if (input.secret === undefined) throw new RangeError('a huawei push is always signed');
  const created = createdBeijing(input.now);
  const digest = pushDigest(input.secret, input.url, input.nonce, created);
  return {
    'Content-Type': 'application/json;charset=UTF-8',
    Authorization: AUTHORIZATION_VALUE,
    'X-AKSK': xAkskValue(input.appKey, digest, input.nonce, created),
    'X-Voxcall-Message-Id': input.messageId,
  };
}

/**
 * Status: HTTP 200 and nothing else. Fee: HTTP 200, and when the body is a JSON object with a
 * resultcode, that resultcode must be "0". Without a kind (an older caller), the fee rule applies:
 * it is the stricter one and a status receiver does not answer with a resultcode.
 */
function judge(status: number, text: string, kind: PushKind = 'record'): Verdict {
  if (status !== 200) return { ok: false, reason: `HTTP ${status}` };
  if (kind === 'status') return { ok: true };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: true }; // not JSON: the 200 alone decides
  }
  if (parsed !== null && typeof parsed === 'object' && 'resultcode' in parsed) {
    const code = (parsed as { resultcode: unknown }).resultcode;
    if (String(code) !== '0') return { ok: false, reason: `resultcode ${String(code)}` };
  }
  return { ok: true };
}

export const huawei: Dialect = {
  name: 'huawei',
  signsWithAppSecret: true,
  schedules: {
    // Not specified by the reference; see docs/delivery.md.
    status: [10 * SECOND, MINUTE, 5 * MINUTE, 30 * MINUTE, HOUR],
    // "at most 6 re-pushes, 1 hour apart" (4.5, 5.4, 6.4).
    record: [HOUR, HOUR, HOUR, HOUR, HOUR, HOUR],
  },
  attemptTimeoutMs: 5000,
  maxBatch: 50,
  encodeStatus,
  encodeRecord: (call: Call, record: CallRecord, ctx?: EncodeContext) => encodeFee(call, record, ctx),
  recordBatchKey: (_call: Call, record: CallRecord) => `${record.appKey} ${utcStamp(record.callEndAt)}`,
  body,
  headers,
  judge,
};
