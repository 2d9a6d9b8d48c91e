// The Huawei CDR item (FeeInfo, reference 4.5 / 5.4 / 6.4). Field order follows the reference's
// example bodies; optional fields appear only when the call has them.

import type { Call, CallRecord } from '../../domain/call.js';
import type { EncodeContext } from './types.js';

/** `yyyy-MM-dd HH:mm:ss` in UTC, the reference's timestamp format for pushes. */
export function utcStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** serviceType: "002" voice callback; "001" both voice notification and verification code. */
const SERVICE_TYPE: Record<CallRecord['kind'], string> = { callback: '002', notify: '001', verify: '001' };

export type FeeInfo = Record<string, string | number>;

/** dynIVRPath is String(1-56) (table 5-21). */
export const DYN_IVR_PATH_MAX = 56;

/**
 * The key path: each collection's digits joined by "-" ("0-2-3", table 5-21), cut after the last
 * whole collection that fits in 56 characters (a receiver never gets half a key press).
 */
export function dynIvrPath(digits: string[]): string | undefined {
  let path = '';
  for (const d of digits) {
    const next = path === '' ? d : `${path}-${d}`;
    if (next.length > DYN_IVR_PATH_MAX) break;
    path = next;
  }
  return path === '' ? undefined : path;
}

export function encodeFee(call: Call, r: CallRecord, ctx?: EncodeContext): FeeInfo {
  const f: FeeInfo = {
    direction: r.direction,
    spId: r.spId,
    appKey: r.appKey,
    icid: r.icid,
    bindNum: r.bindNum,
    sessionId: r.sessionId,
    callerNum: r.callerNum,
    calleeNum: r.calleeNum,
  };
  const put = (name: string, v: string | number | undefined): void => {
    if (v !== undefined) f[name] = v;
  };
  const time = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : utcStamp(ms));

  if (r.kind === 'callback' || (r.direction === 1 && r.legB !== undefined)) {
    // The forwarded (B) leg: a callback's, and an inbound call's forward (a privacy call's callee; docs/inbound.md).
    put('fwdDisplayNum', r.fwdDisplayNum);
    put('fwdDstNum', r.fwdDstNum);
    put('fwdStartTime', time(r.legB?.startAt));
    put('fwdAlertingTime', time(r.legB?.alertingAt));
    put('fwdAnswerTime', time(r.legB?.answerAt));
  }
  f.callEndTime = utcStamp(r.callEndAt);
  // Present in all three scenarios' examples, 0 when there was no B leg or it did not fail.
  f.fwdUnaswRsn = r.legB?.q850 ?? 0;
  put('failTime', time(r.failAt));
  f.ulFailReason = r.ulFailReason;
  f.sipStatusCode = r.sipStatusCode;
  f.callOutStartTime = utcStamp(r.legA.startAt);
  put('callOutAlertingTime', time(r.legA.alertingAt));
  put('callOutAnswerTime', time(r.legA.answerAt));
  f.callOutUnaswRsn = r.legA.q850;
  // A call that collected digits: its IVR (the played items and their collections) started when
  // the callee answered; the path is the keys collected, in order.
  const path = dynIvrPath(r.digits);
  if (path !== undefined) {
    put('dynIVRStartTime', time(r.legA.answerAt));
    f.dynIVRPath = path;
  }
  f.recordFlag = r.recording ? 1 : 0;
  if (r.recording) {
    f.recordStartTime = utcStamp(r.recording.startAt);
    f.recordObjectName = r.recording.objectName;
    f.recordBucketName = r.recording.bucketName;
    f.recordDomain = r.recording.domain;
    put('recordFileDownloadUrl', ctx?.recordingUrl);
  }
  f.ttsPlayTimes = r.ttsPlayTimes;
  f.ttsTransDuration = r.ttsTransDuration;
  f.serviceType = SERVICE_TYPE[r.kind];
  f.hostName = r.hostName;
  put('userData', r.userData ?? call.userData);
  return f;
}
